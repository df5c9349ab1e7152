"""`answers._TRAILING` reads its first character by a class (a space or a glued particle's first letter) and looks
back at it, and only its Latin particles are read without case, so the regex engine skips to those characters: it
must strip every text as the former pattern, kept here as the oracle, did, on every text of tests/data, on every pair
of its words and on random texts of those words, Thai and Latin letters, spaces and newlines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import answers
from tests.data_texts import data_texts, joined

_GLUED = "นะครับผม|ครับผม|นะคะ|นะค่ะ|นะครับ|ค่ะ|คะ|ค๊ะ|คร่ะ|ครับ|คร้าบ|ค้าบ|(?<!เ)(?:นะจ๊ะ|นะจ้ะ|นะจ้า|จ้า|จ้ะ|จ๊ะ|จ๊า)"
OLD = re.compile(rf"(?:\s*(?:{_GLUED})|\s+(?:นะ|น้า|ค่า|คับ|งับ|ฮะ|ฮับ|please|pls|plz))+$", re.I)
_OTHERS = {"เ", "ก", "ผม", "PLEASE", "pleaſe", "PlZ", "a", "1", " ", "\n", "\t", "\xa0"}
_WORDS = sorted({*re.findall(r"[ก-๛a-z]+", OLD.pattern), *_OTHERS})
_LETTERS = st.text(alphabet="กคจนะาบมเeszSſ1. \n", max_size=3)
_TEXTS = st.lists(st.sampled_from(_WORDS) | _LETTERS, max_size=7).map("".join)


def _old_strip_polite(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        if text[-1:] in answers._PARTICLE_ENDS or (text[-1:] == "\n" and text[-2:-1] in answers._PARTICLE_ENDS):
            text = OLD.sub("", text)
        text = text.strip(answers.EDGE_PUNCT)
        text = answers._LEADING.sub("", text).strip(answers.EDGE_PUNCT)
    return text


def _assert_same(text: str) -> None:
    assert answers._TRAILING.sub("", text) == OLD.sub("", text), text
    assert answers.strip_polite(text) == _old_strip_polite(text), text


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_stripped_as_before(text):
    _assert_same(text)


def test_every_pair_and_triple_of_words_is_stripped_as_before():
    for text in joined(["", *_WORDS], _WORDS, ("", " ", "\n", "ก", "ครับ", " นะ")):
        _assert_same(text)


def test_every_text_of_the_data_is_stripped_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for text in texts:
        _assert_same(text)
        _assert_same(answers.normalize(text))
        for particle in ("ครับ", " จ้า", "เจ้า", " Please\n"):
            _assert_same(text + particle)


def test_trailing_particles_go():
    assert answers._TRAILING.sub("", "เสร็จแล้ว นะ ครับผมจ้า") == "เสร็จแล้ว"
    assert answers._TRAILING.sub("", "เจ้า") == "เจ้า"
    assert answers._TRAILING.sub("", "done PLEASE\n") == "done\n"
