"""The fast dictionary must cut Thai exactly as PyThaiNLP's own Trie does: the same words in, the same tokens out."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from pythainlp import word_tokenize
from pythainlp.util import Trie

from bot.thai import text
from bot.thai.wordset import WordSet

EXAMPLES = Path(text.__file__).with_name("intent_examples.yaml")


def _sentences() -> list[str]:
    raw = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    said = [str(u) for utterances in raw["examples"].values() for u in utterances]
    return [*said, "กำหนดส่งรายงานครั้งที่2เมื่อไหร่คะ", "ใครดูแลจังหวัดยะลาบ้างครับผม", "ขอบคุณค่าาา 555"]


def _words() -> list[str]:
    return list(text.dictionary())


def test_every_example_is_cut_into_the_same_words_as_with_pythainlps_trie():
    words = _words()
    trie, wordset = Trie(words), WordSet(words)
    for sentence in _sentences():
        cleaned = text.clean(sentence)
        expected = word_tokenize(cleaned, custom_dict=trie, engine="newmm", keep_whitespace=False)
        assert word_tokenize(cleaned, custom_dict=wordset, engine="newmm", keep_whitespace=False) == expected


def test_prefixes_match_the_trie_at_every_position_of_a_long_text():
    words = _words()
    trie, wordset = Trie(words), WordSet(words)
    rng = random.Random(7)
    long_text = "".join(rng.choice(_sentences()) for _ in range(300))
    for start in range(0, len(long_text), 3):
        assert wordset.prefixes(long_text, start) == trie.prefixes(long_text, start)


def test_added_and_removed_words_change_what_is_found():
    wordset = WordSet(["กลไก", " กลไกการ "])
    assert "กลไกการ" in wordset and len(wordset) == 2
    assert wordset.prefixes("กลไกการบริหาร") == ["กลไก", "กลไกการ"]
    wordset.add("กลไกการบริหาร")
    assert wordset.prefixes("กลไกการบริหาร") == ["กลไก", "กลไกการ", "กลไกการบริหาร"]
    wordset.remove("กลไกการ")
    assert wordset.prefixes("กลไกการบริหาร") == ["กลไก", "กลไกการบริหาร"]
    assert sorted(wordset) == ["กลไก", "กลไกการบริหาร"]
