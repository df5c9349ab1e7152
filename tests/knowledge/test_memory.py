"""Dialogue memory rides in the conversation state under a reserved key, outlives flows, and expires."""

from __future__ import annotations

from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.core.state import MEMORY_KEY, State
from storage.models import ConversationState


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
    follow_up = "\n".join(r.as_text() for r in await console.ask("แล้วระยองล่ะ"))  # "is Rayong in group 2, then?"
    assert follow_up.startswith("ใช่ค่ะ จังหวัดระยองอยู่ในกลุ่มที่ 2")


async def test_a_follow_up_after_five_minutes_starts_afresh(app, clock):
    console = ConsoleAdapter(app.processor, user_id="m2")
    await console.ask("หน้าที่ข้อ 3 คืออะไร")
    clock.advance(minutes=6)
    later = "\n".join(r.as_text() for r in await console.ask("ข้อถัดไปล่ะ"))
    assert "ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน" not in later


async def test_a_flow_answer_does_not_see_the_memory(app):
    """The bot asks which province; the answer is read as that, with the memory kept apart from the flow's data."""
    console = ConsoleAdapter(app.processor, user_id="m3")
    await console.ask("กลไกที่ 9 คืออะไร")
    await console.ask("ใครดูแลจังหวัดไหนบ้าง")
    async with app.sessions() as session:
        row = (await session.execute(select(ConversationState))).scalar_one()
    assert row.flow == "await_slot" and {"intent", "slot", MEMORY_KEY} <= set(row.data)  # also the shown buttons
    answer = "\n".join(r.as_text() for r in await console.ask("ยะลา"))
    assert "กลุ่มที่ 2" in answer


async def test_a_report_round_named_alone_is_its_deadline_whatever_came_before(app):
    """ "แล้วรอบแรกล่ะ" after the duties (or as a first message) asks for round 1's deadline, not "not sure"."""
    console = ConsoleAdapter(app.processor, user_id="m4")
    await console.ask("คณะกรรมการมีหน้าที่อะไรบ้าง")
    first = "\n".join(r.as_text() for r in await console.ask("แล้วรอบแรกล่ะ"))
    assert first.startswith("กำหนดส่งรายงานผลการดำเนินงานครั้งที่ 1") and "ตุลาคม" in first
    second = "\n".join(r.as_text() for r in await ConsoleAdapter(app.processor, user_id="m5").ask("แล้วครั้งที่ 2 ล่ะ"))
    assert second.startswith("กำหนดส่งรายงานผลการดำเนินงานครั้งที่ 2") and "เมษายน" in second
    meeting = "\n".join(r.as_text() for r in await ConsoleAdapter(app.processor, user_id="m6").ask("ประชุมครั้งที่ 2"))
    assert not meeting.startswith("กำหนดส่งรายงาน")  # a meeting's number is not a report round


async def test_an_english_ordinal_round_is_its_deadline(app):
    console = ConsoleAdapter(app.processor, user_id="m7")
    await console.ask("English")
    second = "\n".join(r.as_text() for r in await console.ask("When is the second report due?"))
    assert second.startswith("Report round 2 is due") and "April" in second
    await console.ask("who oversees Yala?")
    first = "\n".join(r.as_text() for r in await console.ask("what about the first round?"))
    assert first.startswith("Report round 1 is due") and "October" in first


async def test_english_ordinals_pick_an_item_and_the_last_follows_the_series(app):
    console = ConsoleAdapter(app.processor, user_id="m8")
    await console.ask("English")
    first = "\n".join(r.as_text() for r in await console.ask("what is the first duty?"))
    assert first.startswith("Duty 1:")
    last = "\n".join(r.as_text() for r in await console.ask("and the last one?"))
    assert last.startswith("Duty 6:")  # the duties have six
    third = "\n".join(r.as_text() for r in await console.ask("what is the third mechanism"))
    assert third.startswith("Mechanism 3:")
    last = "\n".join(r.as_text() for r in await console.ask("and the last one?"))
    assert last.startswith("Mechanism 11:")  # now the series is the mechanisms


async def test_a_duty_named_after_a_mechanism_is_the_duty(app):
    """ "หน้าที่ข้อ 2" right after mechanism 10 is duty 2: the series the message names wins over the remembered one."""
    console = ConsoleAdapter(app.processor, user_id="m9")
    await console.ask("กลไกที่ 10")
    duty = "\n".join(r.as_text() for r in await console.ask("หน้าที่ข้อ 2"))
    assert duty.startswith("หน้าที่ข้อ 2")
    follow = "\n".join(r.as_text() for r in await console.ask("ข้อ 3 ล่ะ"))
    assert follow.startswith("หน้าที่ข้อ 3")
    await console.ask("English")
    tenth = "\n".join(r.as_text() for r in await console.ask("what is the 10th mechanism?"))
    assert tenth.startswith("Mechanism 10:")
    second = "\n".join(r.as_text() for r in await console.ask("the 2nd duty"))
    assert second.startswith("Duty 2:")
