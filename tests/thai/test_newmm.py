"""Our newmm must cut every text exactly as PyThaiNLP's `word_tokenize(engine="newmm")` does with the same dictionary:
every text of tests/data (intent corpus, examples, the development eval sets, the reference and fact texts, the seed
documents), raw and cleaned, and thousands of random Thai strings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp import word_tokenize as pythainlp_tokenize

from bot.thai import text
from bot.thai.newmm import word_tokenize
from bot.thai.wordset import WordSet
from tests.data_texts import seed_paragraphs, strings

ROOT = Path(__file__).resolve().parents[2]
#: Every Thai letter, vowel, tone mark, sign and digit, spaces, newlines, Latin, digits and number separators.
ALPHABET = "".join(chr(c) for c in range(0x0E01, 0x0E5C)) + "  \n\tabZ-12.,:/?"


def _texts() -> list[str]:
    """Every string of the data files; the independent eval set is never read (it is a test set for answers)."""
    files = [p for p in sorted((ROOT / "tests/data").rglob("*.yaml")) if p.name != "independent_eval.yaml"]
    files += [
        Path(text.__file__).with_name("intent_examples.yaml"),
        *sorted((ROOT / "storage/reference").glob("*.yaml")),
    ]
    found = [s for f in files for s in strings(yaml.safe_load(f.read_text(encoding="utf-8")))]
    return found + seed_paragraphs()


def _expected(message: str) -> list[str]:
    return pythainlp_tokenize(message, custom_dict=text.dictionary(), engine="newmm", keep_whitespace=False)


def test_every_text_of_the_data_is_cut_as_by_pythainlp():
    texts = _texts()
    assert len(texts) > 5000
    for message in texts:
        for variant in (message, text.clean(message)):
            assert word_tokenize(variant, text.dictionary()) == _expected(variant), variant


@pytest.mark.parametrize(
    "message",
    [
        "",
        " ",
        "ครับ",
        "1,234.5 บาท 19:32น 127.0.0.1",
        "ก" * 300,
        "เเเเ",
        "abc123ดี",
        "ขอบคุณค่า\n\nสวัสดี",
        "ๆๆ ฯลฯ",
        "๗2 ๘๒1",
        "ขเกฅียฉ",
        "ฤปธมเดูยฐงึฏ",
        "พ๊ภฒมบเจุ๋ยฏ",
    ],  # where nlpo3 would cut otherwise
)
def test_edge_cases_are_cut_as_by_pythainlp(message):
    assert word_tokenize(message, text.dictionary()) == _expected(message)


@settings(max_examples=4000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_random_thai_is_cut_as_by_pythainlp(message):
    assert word_tokenize(message, text.dictionary()) == _expected(message)


#: What chat mostly is and goes to nlpo3: Thai letters and marks (but the Thai digits), Arabic digits and spaces.
PLAIN = "".join(chr(c) for c in range(0x0E01, 0x0E50)) + "ฯๆ๚๛  0129"


@settings(max_examples=4000, deadline=None)
@given(st.text(alphabet=PLAIN, max_size=60))
def test_random_plain_thai_is_cut_as_by_pythainlp(message):
    assert word_tokenize(message, text.dictionary()) == _expected(message)


def test_plain_thai_is_cut_by_nlpo3_and_a_changed_dictionary_is_loaded_again():
    pytest.importorskip("nlpo3")  # not installed where it has no wheel (pyproject.toml)
    words = WordSet(["กลไก", "การ"])
    assert word_tokenize("กลไกการ 2", words) == ["กลไก", "การ", "2"]
    assert words.native_name is not None  # the fast path was taken
    words.add("กลไกการ")
    assert words.native_name is None
    assert word_tokenize("กลไกการ 2", words) == ["กลไกการ", "2"]
