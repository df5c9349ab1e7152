"""`_TRAILING_PARTICLE` looks back for the Thai letter before a particle (and the เ / ห that may not come before
จ้า / น้า) after the particle, so the regex engine skips to the particles' first letters: it must space every text
as the former pattern, kept here as the oracle, did, on every text of tests/data, on every pair of its words and on
random texts of those words, Thai and Latin letters, spaces and newlines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import text
from tests.data_texts import data_texts, joined

OLD = re.compile(r"(?<=[ก-๛])(ครับผม|ครับ|คับ|ค้าบ|คร้าบ|ค่ะ|ค่า|คะ|(?<!เ)จ้า|จ้ะ|จ๊ะ|(?<!ห)น้า)(?=\s|$)")
_WORDS = sorted({*re.findall(r"[ก-๛]+", OLD.pattern), "เ", "ห", "ก", "๛", "ๆ", "a", "1", " ", "\n", "\t", "ผม"})
_TEXTS = st.lists(st.sampled_from(_WORDS) | st.text(alphabet="กขคจนบผมะาเหa1 \n", max_size=3), max_size=7).map("".join)


def _assert_same(message: str) -> None:
    assert text._TRAILING_PARTICLE.sub(text._spaced, message) == OLD.sub(text._spaced, message), message


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_spaced_as_before(message):
    _assert_same(message)


def test_every_pair_and_triple_of_words_is_spaced_as_before():
    for message in joined(["", *_WORDS], _WORDS, ("", " ", "\n", "ก", "ครับ")):
        _assert_same(message)


def test_every_text_of_the_data_is_spaced_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for message in texts:
        _assert_same(message)
        _assert_same(text.clean(message))


def test_particles_glued_to_a_word_are_cut_off():
    assert text._TRAILING_PARTICLE.sub(text._spaced, "ขอบคุณค่า ดีจ้า เจ้า หน้า") == "ขอบคุณ ค่า ดี จ้า เจ้า หน้า"
