"""`grounded._JOINERS` and `grounded._ENGLISH_ASKS` read their first character (a space, แ or ส; a comma or a space)
by a class and look back at it, so the regex engine skips to those characters: they must split every text as the
former patterns, kept here as the oracle, did, on every text of tests/data (cleaned as `split_asks` reads it), on
every pair and triple of their words and on random texts of those words, Thai and Latin letters, commas, spaces and
newlines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai.text import clean
from handlers import grounded
from tests.data_texts import data_texts, joined

OLD_JOINERS = re.compile(r"\s+|(?<=\S)(?:แล้วก็|แล้ว|และ|ส่วน)(?=\S)")
OLD_ENGLISH_ASKS = re.compile(r",?\s+and\s+(?=(?:how|who|what|when|which|where|whom)\b)")
_OTHERS = {"แ", "ส", "ล้ว", "่วน", "ก", "a", "1", "_", ",", " ", "  ", "\n", "\t", "\xa0", "ใคร"}
_WORDS = sorted({*re.findall(r"[ก-๛a-z]+", OLD_JOINERS.pattern + OLD_ENGLISH_ASKS.pattern), *_OTHERS})
_LETTERS = st.text(alphabet="กแสล้่วนะandhow, \n", max_size=3)
_TEXTS = st.lists(st.sampled_from(_WORDS) | _LETTERS, max_size=8).map("".join)


def _assert_same(text: str) -> None:
    assert grounded._JOINERS.split(text) == OLD_JOINERS.split(text), text
    assert grounded._ENGLISH_ASKS.split(text) == OLD_ENGLISH_ASKS.split(text), text


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_split_as_before(text):
    _assert_same(text)


def test_every_pair_and_triple_of_words_is_split_as_before():
    for text in joined(["", *_WORDS], _WORDS, ("", " ", "ก", "how", " who", "และ")):
        _assert_same(text)


def test_every_text_of_the_data_is_split_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for text in texts:
        _assert_same(text)
        _assert_same(clean(text))
        _assert_same(f"{text}, and who")
        _assert_same(f"{text},and which")


def test_asks_are_split():
    assert grounded._JOINERS.split("ตราดกลุ่มไหนและใครดูแล ส่วนกลาง") == ["ตราดกลุ่มไหน", "ใครดูแล", "ส่วนกลาง"]
    english = grounded._ENGLISH_ASKS.split("who chaired it, and how many attended")
    assert english == ["who chaired it", "how many attended"]
