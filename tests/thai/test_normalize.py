"""Our compiled `normalize` must give exactly PyThaiNLP's output, for real messages and for random Thai."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize as pythainlp_normalize

from bot.thai import text
from bot.thai.normalize import normalize

EXAMPLES = Path(text.__file__).with_name("intent_examples.yaml")
#: Thai letters, every vowel, tone mark and sign, digits, spaces, newlines, zero-width characters, a little Latin.
ALPHABET = "กขคฤฦนมยรสอ" + "".join(chr(c) for c in range(0x0E30, 0x0E5C)) + "  \n\u200b\u200c\u200dab1"


def test_every_intent_example_and_typed_variant_normalises_as_with_pythainlp():
    raw = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    said = [str(u) for utterances in raw["examples"].values() for u in utterances]
    typed = ["ค่าาาา", "ดีีีี", "เเปลก", "นานาาา", "ก้ำ", "พ ุ่มดอกไม้", "๊ก", "คำ ่ที่สอง", "  ครับ\n\n\nผม  ", "ก่่่า"]
    for message in [*said, *typed]:
        assert normalize(message) == pythainlp_normalize(message), message


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_random_thai_normalises_as_with_pythainlp(message):
    assert normalize(message) == pythainlp_normalize(message)
