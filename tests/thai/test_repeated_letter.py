"""`text._REPEATED_LETTER` opens with one group (a letter three times, then more of it or no letter after), so the
regex engine skips to the letters that can repeat: it must cut every run as the former pattern, with its two
alternatives and groups, kept here as the oracle, did, on every text of tests/data, on every pair and triple of runs
and other characters, and on random texts of runs, Thai marks, Latin letters, digits, spaces and newlines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import text
from tests.data_texts import data_texts, joined

OLD = re.compile(r"([ก-ฮa-z])\1{2,}(?![ก-๛a-z])|([ก-ฮa-z])\2{3,}")
_RUNS = [letter * n for letter in "กบฮaz" for n in (1, 2, 3, 4, 5)]
_PIECES = sorted({*_RUNS, "ะ", "่", "ๆ", "๛", "เ", "A", "1", "_", " ", "\n", "ครับ"})
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.text(alphabet="กขบะ่ๆazZ1 \n", max_size=3), max_size=8).map("".join)


def _old(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def _old_clean(message: str) -> str:
    """`text._clean` with the former pattern."""
    new = text._REPEATED_LETTER
    try:
        text._REPEATED_LETTER = _Old()
        return text._clean(message)
    finally:
        text._REPEATED_LETTER = new


class _Old:
    """The former pattern and its replacement, in place of the new pattern and `_first`."""

    def sub(self, _repl: object, message: str) -> str:
        return OLD.sub(_old, message)


def _assert_same(message: str) -> None:
    assert text._REPEATED_LETTER.sub(text._first, message) == OLD.sub(_old, message), message


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_cut_as_before(message):
    _assert_same(message)
    assert text._clean(message) == _old_clean(message)


def test_every_pair_and_triple_of_pieces_is_cut_as_before():
    for message in joined(["", *_PIECES], _PIECES, ["", *_PIECES]):
        _assert_same(message)


def test_every_text_of_the_data_is_cut_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for message in texts:
        _assert_same(message)
        _assert_same(message.lower())
        _assert_same(message + "ครับบบ")
        assert text._clean(message) == _old_clean(message), message


def test_runs_are_cut():
    assert text._REPEATED_LETTER.sub(text._first, "ครับบบ ระบบบันทึก hiii goooood") == "ครับ ระบบบันทึก hi god"
