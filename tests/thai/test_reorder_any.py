"""`normalize._REORDER_ANY` tells whether any of PyThaiNLP's reordering rules matches with a pattern that starts with
one class (the characters the rules start with) and looks back at it, so the regex engine skips to those characters:
it must answer as the rules joined, kept here as the oracle, did, on every text of tests/data, on every pair and
triple of the rules' characters and on random texts of those characters, Thai letters, spaces and Latin letters."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import normalize
from tests.data_texts import data_texts, joined

_RULES = importlib.import_module("pythainlp.util.normalize")._REORDER_PAIRS
OLD = re.compile("|".join(f"(?:{pattern})" for pattern, _ in _RULES))
#: Every character the rules name, and a few they do not.
_CHARS = sorted(set("".join(re.findall(r"[\u0e00-\u0e7f]", OLD.pattern))) | set("กขฤฦเa1 \n"))
_TEXTS = st.lists(st.sampled_from(_CHARS) | st.text(alphabet="กคนเาะำๅ่้ัิุํฤ a", max_size=3), max_size=8).map("".join)


def _assert_same(text: str) -> None:
    assert (normalize._REORDER_ANY.search(text) is None) == (OLD.search(text) is None), text


def _old_normalize(text: str) -> str:
    """`normalize.normalize` with the former check."""
    new = normalize._REORDER_ANY
    try:
        normalize._REORDER_ANY = OLD
        return normalize.normalize(text)
    finally:
        normalize._REORDER_ANY = new


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_answered_as_before(text):
    _assert_same(text)
    assert normalize.normalize(text) == _old_normalize(text)


def test_every_pair_and_triple_of_characters_is_answered_as_before():
    for text in joined(["", *_CHARS], _CHARS, ["", *_CHARS]):
        _assert_same(text)


def test_every_text_of_the_data_is_answered_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for text in texts:
        _assert_same(text)
        assert normalize.normalize(text) == _old_normalize(text), text
