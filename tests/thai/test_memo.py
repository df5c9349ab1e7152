"""A message is cleaned and tokenized once per event, and sharing that work changes no reader's answer."""

from __future__ import annotations

import asyncio

import pytest

from bot.thai import memo, text
from bot.thai.intents import IntentRecognizer
from storage.reference.data import reference
from tests.spy import first_arguments

MESSAGE = "สวัสดีค่ะ กำหนดส่งรายงานครั้งที่ 2 ของจังหวัดยะลาเมื่อไหร่คะ"


@pytest.fixture(scope="module")
def recognizer() -> IntentRecognizer:
    return IntentRecognizer(reference())


def _count_cleanings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return first_arguments(monkeypatch, text, "_clean")


def test_one_event_cleans_a_message_once_however_many_readers_ask(monkeypatch, recognizer):
    seen = _count_cleanings(monkeypatch)
    with memo.per_event():
        first = recognizer.recognize(MESSAGE)
        slots = recognizer.slots(MESSAGE)
        tokens = text.content_tokens(MESSAGE)
    assert seen.count(MESSAGE) == 1
    assert first.intent == "deadline_round" and slots["province"] == "ยะลา" and "รายงาน" in tokens


def test_the_same_text_in_the_next_event_is_read_again(monkeypatch):
    seen = _count_cleanings(monkeypatch)
    for _ in range(2):
        with memo.per_event():
            text.clean(MESSAGE)
    text.clean(MESSAGE)  # outside any event: nothing is kept
    assert seen.count(MESSAGE) == 3


def test_answers_inside_an_event_equal_answers_outside(recognizer):
    messages = [MESSAGE, "ใครดูแลจังหวัดยะลาคะ", "คณะกรรมการมีหน้าที่อะไรบ้าง", "ขอบคุณค่าาา 555", "", "🙂"]
    outside = [(recognizer.recognize(m), recognizer.slots(m), text.tokenize(text.clean(m))) for m in messages]
    with memo.per_event():
        inside = [(recognizer.recognize(m), recognizer.slots(m), text.tokenize(text.clean(m))) for m in messages]
        again = [(recognizer.recognize(m), recognizer.slots(m), text.tokenize(text.clean(m))) for m in messages]
    assert inside == outside == again


def test_a_reader_that_changes_its_copy_does_not_change_the_next_readers(recognizer):
    with memo.per_event():
        tokens = text.tokenize(text.clean(MESSAGE))
        tokens.clear()
        slots = recognizer.slots(MESSAGE)
        slots.clear()
        assert text.tokenize(text.clean(MESSAGE)) and recognizer.slots(MESSAGE)["round"] == 2


def test_concurrent_events_keep_their_own_memo(monkeypatch):
    seen = _count_cleanings(monkeypatch)

    async def event() -> None:
        with memo.per_event():
            text.clean(MESSAGE)
            await asyncio.sleep(0)
            text.clean(MESSAGE)

    async def both() -> None:
        await asyncio.gather(event(), event())

    asyncio.run(both())
    assert seen.count(MESSAGE) == 2
