"""Dialogue memory rides in the conversation state under a reserved key, outlives flows, and expires."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.core.state import MEMORY_KEY, State
from storage.models import ConversationState


async def said(console: ConsoleAdapter, text: str) -> str:
    """Everything the bot answered to `text`, as one string."""
    return "\n".join(r.as_text() for r in await console.ask(text))


def test_clear_ends_the_flow_not_the_memory():
    state = State.loaded("await_slot", {"intent": "x", MEMORY_KEY: {"topic": "province", "province": "ตราด"}})
    assert state.data == {"intent": "x"} and state.memory["province"] == "ตราด"
    state.clear()
    assert state.flow is None and state.data == {} and state.memory["province"] == "ตราด"
    assert state.saved() == (None, {MEMORY_KEY: {"topic": "province", "province": "ตราด"}})
    assert not state.empty


async def test_the_last_topic_is_saved_with_the_conversation(app):
    console = ConsoleAdapter(app.processor, user_id="m1")
    await console.ask("ตราดอยู่กลุ่ม 2 ใช่ไหม")
    async with app.sessions() as session:
        row = (await session.execute(select(ConversationState))).scalar_one()
    assert row.flow is None and row.data[MEMORY_KEY]["topic"] == "check" and row.data[MEMORY_KEY]["group"] == 2
    follow_up = await said(console, "แล้วระยองล่ะ")  # "is Rayong in group 2, then?"
    assert follow_up.startswith("ใช่ค่ะ จังหวัดระยองอยู่ในกลุ่มที่ 2")


async def test_a_follow_up_after_five_minutes_starts_afresh(app, clock):
    console = ConsoleAdapter(app.processor, user_id="m2")
    await console.ask("หน้าที่ข้อ 3 คืออะไร")
    clock.advance(minutes=6)
    later = await said(console, "ข้อถัดไปล่ะ")
    assert "ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน" not in later


async def test_a_flow_answer_does_not_see_the_memory(app):
    """The bot asks which province; the answer is read as that, with the memory kept apart from the flow's data."""
    console = ConsoleAdapter(app.processor, user_id="m3")
    await console.ask("กลไกที่ 9 คืออะไร")
    await console.ask("ใครดูแลจังหวัดไหนบ้าง")
    async with app.sessions() as session:
        row = (await session.execute(select(ConversationState))).scalar_one()
    assert row.flow == "await_slot" and {"intent", "slot", MEMORY_KEY} <= set(row.data)  # also the shown buttons
    answer = await said(console, "ยะลา")
    assert "กลุ่มที่ 2" in answer


async def test_a_report_round_named_alone_is_its_deadline_whatever_came_before(app):
    """ "แล้วรอบแรกล่ะ" after the duties (or as a first message) asks for round 1's deadline, not "not sure"."""
    console = ConsoleAdapter(app.processor, user_id="m4")
    await console.ask("คณะกรรมการมีหน้าที่อะไรบ้าง")
    first = await said(console, "แล้วรอบแรกล่ะ")
    assert first.startswith("กำหนดส่งรายงานผลการดำเนินงานครั้งที่ 1") and "ตุลาคม" in first
    second = await said(ConsoleAdapter(app.processor, user_id="m5"), "แล้วครั้งที่ 2 ล่ะ")
    assert second.startswith("กำหนดส่งรายงานผลการดำเนินงานครั้งที่ 2") and "เมษายน" in second
    meeting = await said(ConsoleAdapter(app.processor, user_id="m6"), "ประชุมครั้งที่ 2")
    assert not meeting.startswith("กำหนดส่งรายงาน")  # a meeting's number is not a report round


async def test_an_english_ordinal_round_is_its_deadline(app):
    console = ConsoleAdapter(app.processor, user_id="m7")
    await console.ask("English")
    second = await said(console, "When is the second report due?")
    assert second.startswith("Report round 2 is due") and "April" in second
    await console.ask("who oversees Yala?")
    first = await said(console, "what about the first round?")
    assert first.startswith("Report round 1 is due") and "October" in first


CONVERSATIONS = {
    "English ordinals pick an item; the last one follows the series": [
        ("English", ""),
        ("what is the first duty?", "Duty 1:"),
        ("and the last one?", "Duty 6:"),  # the duties have six
        ("what is the third mechanism", "Mechanism 3:"),
        ("and the last one?", "Mechanism 11:"),  # now the series is the mechanisms
        ("what is the 10th mechanism?", "Mechanism 10:"),
        ("the 2nd duty", "Duty 2:"),
    ],
    "a duty named right after a mechanism is the duty, and its series goes on": [
        ("กลไกที่ 10", "กลไกที่ 10"),
        ("หน้าที่ข้อ 2", "หน้าที่ข้อ 2"),  # not mechanism 2: the series the message names wins
        ("ข้อ 3 ล่ะ", "หน้าที่ข้อ 3"),
    ],
}


@pytest.mark.parametrize("name", list(CONVERSATIONS))
async def test_follow_ups_read_the_series_the_message_names(app, name):
    console = ConsoleAdapter(app.processor, user_id=name)
    for text, expected in CONVERSATIONS[name]:
        answer = await said(console, text)
        assert answer.startswith(expected), (text, answer[:80])
