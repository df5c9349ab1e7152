"""PyThaiNLP's `normalize`, with the same output in a fraction of the time.

Its `remove_repeat_vowels` runs ~27 `re.sub` calls with pattern strings on every call (each one a lookup in `re`'s
cache) and a Python callback for every tone mark: ~0.2 ms for a short message, the largest single cost of reading
one. Here are the same rules in the same order, from PyThaiNLP's own tables, compiled once, each skipped when the
text cannot match it (a character that must repeat appears less than twice, no reordering rule matches).
tests/thai/test_normalize.py checks that the output equals PyThaiNLP's. Also PyThaiNLP's Thai-to-Arabic digits,
skipped when there is no Thai digit.
"""

from __future__ import annotations

import importlib
import re

from pythainlp import thai_tonemarks
from pythainlp.util import thai_digit_to_arabic_digit

_pythainlp = importlib.import_module("pythainlp.util.normalize")  # the module (its package exports the function)

_ZERO_WIDTH: str = _pythainlp._ZERO_WIDTH_CHARS
_REORDER = tuple((re.compile(pattern), repl) for pattern, repl in _pythainlp._REORDER_PAIRS)
#: Whether any reordering rule matches: when none does, none changes the text, so none of the later ones can match.
#: PyThaiNLP's rules (เเ, [่้๊๋์]+[ัิีึืํ็ุู]+, ํ[่้๊๋]*า, [ะาำๅ]+[่้๊๋]+, [^ฤฦ]ๅ) match somewhere exactly when one of
#: these does: each repeat cut to its one character next to the other part, each class that starts a rule spelled out
#: as one alternative per character, and what may not come before ๅ looked back for after it. Every alternative then
#: starts with a character, so the regex engine skips to those characters (a rule opening with a class made it try a
#: match at every position). tests/thai/test_reorder_any.py keeps the joined rules as the oracle.
_REORDER_ANY = re.compile(
    "เเ|"
    + "|".join(f"{mark}[ัิีึืํ็ุู]" for mark in "่้๊๋์")
    + "|ํ[่้๊๋]*า|"
    + "|".join(f"{vowel}[่้๊๋]" for vowel in "ะาำ")
    + "|ๅ(?:[่้๊๋]|(?<=[^ฤฦ]ๅ))"
)
_THAI_DIGIT = re.compile("[๐-๙]")
_NOREPEAT = tuple((char, re.compile(pattern)) for pattern, char in _pythainlp._NOREPEAT_PAIRS)
_TONEMARK_RUN = re.compile(f"[{thai_tonemarks}]{{2,}}")  # PyThaiNLP matches runs of one too, and keeps them
_NEWLINES = _pythainlp._RE_REMOVE_NEWLINES
_SPACE_BEFORE_MARK = _pythainlp._RE_REMOVE_SPACES_BEFORE_NONBASE
_DANGLING_START = _pythainlp._RE_REMOVE_DANGLINGS
_DANGLING_AFTER_SPACE = _pythainlp._RE_REMOVE_DANGLINGS_AFTER_SPACE


def normalize(text: str) -> str:
    """`pythainlp.util.normalize`: zero-width characters, duplicate spaces, spaces before marks, vowel and tone
    mark order, repeated vowels and marks, dangling marks."""
    for char in _ZERO_WIDTH:
        if char in text:
            text = text.replace(char, "")
    while "  " in text:
        text = text.replace("  ", " ")
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    text = text.strip()
    if " " in text:
        text = _SPACE_BEFORE_MARK.sub(_without_space, text)
    if _REORDER_ANY.search(text) is not None:
        for pattern, repl in _REORDER:
            text = pattern.sub(repl, text)
    for char, pattern in _NOREPEAT:
        if text.count(char) > 1:
            text = pattern.sub(char, text)
    text = _TONEMARK_RUN.sub(_last_char, text)
    text = _DANGLING_START.sub("", text)
    if " " in text:
        text = _DANGLING_AFTER_SPACE.sub(" ", text)
    return text


def _without_space(match: re.Match[str]) -> str:
    """`\\1\\2` as a function: a string template calls back into Python on every `sub` (re._subx)."""
    return match[1] + match[2]


def _last_char(match: re.Match[str]) -> str:
    return match.group(0)[-1]


def arabic_digits(text: str) -> str:
    """`pythainlp.util.thai_digit_to_arabic_digit` (๑๒ -> 12), skipped when the text holds no Thai digit."""
    return thai_digit_to_arabic_digit(text) if _THAI_DIGIT.search(text) is not None else text
