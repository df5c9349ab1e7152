"""Intent recognition measured on the labelled corpus (tests/data/intent_corpus.yaml), plus slots and bad input.

The corpus `heldout` part was written before the recognizer and is never used for tuning; these tests are the
place where it is read.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.thai.intents import EXAMPLES_PATH, INTENTS, UNKNOWN, IntentMatch, IntentRecognizer
from bot.thai.text import content_tokens
from storage.reference.data import reference

CORPUS_PATH = Path(__file__).parents[1] / "data" / "intent_corpus.yaml"


@pytest.fixture(scope="module")
def recognizer() -> IntentRecognizer:
    return IntentRecognizer(reference())


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict]]:
    return yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))


def _results(recognizer: IntentRecognizer, items: list[dict]) -> list[tuple[dict, IntentMatch]]:
    return [(item, recognizer.recognize(item["text"])) for item in items]


def test_corpus_shape(corpus: dict[str, list[dict]]) -> None:
    items = corpus["tune"] + corpus["heldout"]
    assert len(items) >= 300
    assert len(corpus["heldout"]) * 3 >= len(items)
    counts = Counter(item["intent"] for item in items)
    assert set(counts) == {*INTENTS, UNKNOWN}
    assert min(counts[intent] for intent in INTENTS) >= 8
    assert counts[UNKNOWN] >= 40


def test_examples_do_not_copy_heldout(corpus: dict[str, list[dict]]) -> None:
    """No example says what a held-out utterance says, particles, spacing and digits aside. A lone word such as
    ลงทะเบียน or สวัสดี is the command itself, not a copy, so one-word utterances are not compared."""
    examples = yaml.safe_load(EXAMPLES_PATH.read_text(encoding="utf-8"))["examples"]
    written = {tuple(content_tokens(str(e))) for utterances in examples.values() for e in utterances}
    heldout = [(item["text"], tuple(content_tokens(item["text"]))) for item in corpus["heldout"]]
    assert [text for text, words in heldout if len(words) > 1 and words in written] == []


def test_heldout_in_scope_accuracy(recognizer: IntentRecognizer, corpus: dict[str, list[dict]]) -> None:
    results = _results(recognizer, [i for i in corpus["heldout"] if i["intent"] != UNKNOWN])
    misses = [(item["text"], item["intent"], match.intent) for item, match in results if match.intent != item["intent"]]
    assert 1 - len(misses) / len(results) >= 0.97, misses


def test_heldout_out_of_scope_rejected(recognizer: IntentRecognizer, corpus: dict[str, list[dict]]) -> None:
    results = _results(recognizer, [i for i in corpus["heldout"] if i["intent"] == UNKNOWN])
    accepted = [(item["text"], match.intent) for item, match in results if match.intent != UNKNOWN]
    assert 1 - len(accepted) / len(results) >= 0.90, accepted


def test_heldout_slots(recognizer: IntentRecognizer, corpus: dict[str, list[dict]]) -> None:
    labelled = [i for i in corpus["heldout"] if i.get("slots")]
    wrong = [
        (item["text"], item["slots"], match.slots)
        for item, match in _results(recognizer, labelled)
        if match.intent == item["intent"] and match.slots != item["slots"]
    ]
    assert wrong == []


def test_tune_split_stays_accurate(recognizer: IntentRecognizer, corpus: dict[str, list[dict]]) -> None:
    """A guard for edits to the examples and rules: the split they were tuned on must stay where it was."""
    results = _results(recognizer, corpus["tune"])
    wrong = [
        (item["text"], item["intent"], match.intent)
        for item, match in results
        if match.intent != item["intent"] or any(match.slots.get(k) != v for k, v in item.get("slots", {}).items())
    ]
    assert 1 - len(wrong) / len(results) >= 0.97, wrong


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("รายงานครั้งที่ 2 ส่งเมื่อไหร่", "deadline_round", {"round": 2}),
        ("รอบ2ส่งเดือนไหน", "deadline_round", {"round": 2}),
        ("รอบสองส่งเมื่อไร", "deadline_round", {"round": 2}),
        ("ครั้งที่สองต้องส่งเดือนอะไร", "deadline_round", {"round": 2}),
        ("round 2 deadline", "deadline_round", {"round": 2}),
        ("ครั้งที่ ๑ ส่งเมื่อไหร่", "deadline_round", {"round": 1}),
        ("รายงานภาคเรียนที่ 2 ส่งเมื่อไร", "deadline_round", {"round": 2}),
        ("หน้าที่ข้อ 3 คืออะไร", "duty_one", {"number": 3}),
        ("หน้าที่ที่ 3", "duty_one", {"number": 3}),
        ("ภารกิจข้อห้าคืออะไร", "duty_one", {"number": 5}),
        ("กลไกที่ 10 คืออะไร", "mechanism_one", {"number": 10}),
        ("กลไกข้อสิบเอ็ด", "mechanism_one", {"number": 11}),
        ("กลไก ๑๑ ข้อมีอะไรบ้าง", "mechanisms_all", {}),
        ("ภารกิจทั้ง 6 ข้อ", "duties_all", {}),
        ("กลุ่ม 1 มีจังหวัดอะไรบ้าง", "group_info", {"group": 1}),
        ("กลุ่มที่ 2 ใครดูแล", "group_info", {"group": 2}),
        ("กลุ่มหนึ่งมีจังหวัดไหนบ้าง", "group_info", {"group": 1}),
        ("ใครดูแลจังหวัดยะลา", "oversight_province", {"province": "ยะลา"}),
        ("ยะลาอยู่กลุ่มไหน", "oversight_province", {"province": "ยะลา"}),
        ("กทม.อยู่กลุ่มไหน", "oversight_province", {"province": "กรุงเทพมหานคร"}),
        ("bkk อยู่กลุ่มไหน", "oversight_province", {"province": "กรุงเทพมหานคร"}),
        ("นราใครดูแล", "oversight_province", {"province": "นราธิวาส"}),
        ("ภูเก็จอยู่กลุ่มไหน", "oversight_province", {"province": "ภูเก็ต"}),  # one letter wrong
        ("เชียงใหมอยู่กลุ่มไหน", "oversight_province", {"province": "เชียงใหม่"}),  # tone mark missing
        ("English please", "language", {"lang": "en"}),
        ("ภาษาอังกฤษ", "language", {"lang": "en"}),
        ("พูดไทย", "language", {"lang": "th"}),
    ],
)
def test_slots_by_rule(recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, object]) -> None:
    match = recognizer.recognize(text)
    assert (match.intent, match.slots) == (intent, slots)


@pytest.mark.parametrize(
    "text",
    ["ตลาดนัดวันไหน", "จองโรงแรมที่ยะลา", "อากาศเชียงใหม่วันนี้"],
)
def test_a_province_alone_is_not_an_oversight_question(recognizer: IntentRecognizer, text: str) -> None:
    assert recognizer.recognize(text).intent != "oversight_province"


def test_courtesy_around_a_question_is_the_question(recognizer: IntentRecognizer) -> None:
    assert recognizer.recognize("สวัสดีครับ ส่งรายงานเมื่อไหร่ครับ").intent == "deadline_next"
    assert recognizer.recognize("สวัสดีค่ะ มีเรื่องรบกวนค่ะ").intent == "greeting"
    assert recognizer.recognize("ขอบคุณครับ สวัสดีครับ").intent == "thanks"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u200b\u200b",
        "🙏🙏🙏",
        "😂👍🎉",
        "ก" * 10_000,
        "ส่งรายงานเมื่อไหร่ " * 700,
        "x" * 10_000,
        "'; DROP TABLE people; --",
        "SELECT * FROM users WHERE 1=1",
        "<script>alert(1)</script>",
        "สวัสดี hello 你好 привет مرحبا",
        "\x00\x01\x02",
        "ข้อ 999",
        "กลไกที่ 99",
        "รอบ 3 ส่งเมื่อไหร่",
        "กลุ่ม 7",
        "5555555",
        "????",
    ],
)
def test_bad_input_gives_a_valid_match(recognizer: IntentRecognizer, text: str) -> None:
    match = recognizer.recognize(text)
    assert isinstance(match, IntentMatch)
    assert match.intent in (*INTENTS, UNKNOWN)
    assert 0.0 <= match.score <= 1.0
    assert UNKNOWN not in match.alternatives
    assert len(match.alternatives) <= 3
    if match.intent != UNKNOWN:
        assert match.alternatives == ()


@pytest.mark.parametrize("text", ["", "🙏🙏🙏", "'; DROP TABLE people; --", "asdfgh qwerty"])
def test_nonsense_is_unknown(recognizer: IntentRecognizer, text: str) -> None:
    assert recognizer.recognize(text).intent == UNKNOWN


def test_doubt_gives_alternatives(recognizer: IntentRecognizer) -> None:
    match = recognizer.recognize("ส่งรายงาน")  # when? how? my status? - ask back
    assert match.intent == UNKNOWN
    assert 2 <= len(match.alternatives) <= 3
    assert len(set(match.alternatives)) == len(match.alternatives)
