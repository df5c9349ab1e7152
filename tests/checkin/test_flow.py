"""The check-in conversation through the core (console adapter): guided and one-message, updates, rounds, refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.core.messages import Incoming, Kind, Platform
from storage.models import AuditLog, CommitteeMember, ConversationState
from tests.checkin.conftest import checkins, said, seed

ROUND_2 = "รายงานครั้งที่ 2 ปีการศึกษา 2569 กำหนดส่ง 30 เมษายน 2570"


async def states(app) -> list[ConversationState]:
    """Open flows (the last shown buttons stay remembered, flow or not)."""
    async with app.sessions() as session:
        return list(
            (await session.execute(select(ConversationState).where(ConversationState.flow.is_not(None)))).scalars()
        )


async def audits(app) -> list[AuditLog]:
    async with app.sessions() as session:
        return list((await session.execute(select(AuditLog).where(AuditLog.action == "checkin.saved"))).scalars())


async def test_guided_check_in_asks_duty_status_and_note_then_saves(app):
    directory = await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")

    [duty_question] = await console.ask("เช็คอิน")
    assert "เช็คอินหน้าที่ข้อใดคะ" in duty_question.text
    assert ROUND_2 in duty_question.text
    assert "ข้อ 4 ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน: ยังไม่ได้เช็คอิน" in duty_question.text
    labels = [c.label for c in duty_question.choices]
    assert labels[:6] == [
        "ข้อ 1 เชื่อมโยงแผน",
        "ข้อ 2 นิเทศ ร.ร.",
        "ข้อ 3 พัฒนาระบบ",
        "ข้อ 4 ติดตามรายงาน",
        "ข้อ 5 ตั้งคณะทำงาน",
        "ข้อ 6 งาน สพฐ. มอบ",
    ]
    assert labels[-1] == "ยกเลิก"

    status_question = said(await console.ask("ข้อ 4 ติดตามรายงาน"))  # a tap on the button
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in status_question
    assert "ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน" in status_question
    note_question = said(await console.ask("เสร็จแล้ว"))  # typed, not tapped
    assert "หมายเหตุ" in note_question

    confirmation = said(await console.ask("ส่งรายงานผ่านสารบรรณแล้ว"))
    assert "บันทึกการเช็คอินเรียบร้อยแล้วค่ะ" in confirmation
    assert "ข้อ 4 ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน: ✅ เสร็จแล้ว" in confirmation
    assert "หมายเหตุ: ส่งรายงานผ่านสารบรรณแล้ว" in confirmation
    assert f"{ROUND_2} (อีก 160 วัน)" in confirmation

    [row] = await checkins(app)
    assert (row.committee_id, row.person_id, row.duty_number) == (directory.committee, directory.chair, 4)
    assert (row.academic_year, row.round, row.status) == (2569, 2, "done")
    assert (row.note, row.platform) == ("ส่งรายงานผ่านสารบรรณแล้ว", "console")
    [audit] = await audits(app)
    assert audit.person_id == directory.chair
    assert audit.details["duty"] == 4 and audit.details["status"] == "done" and audit.details["previous"] is None
    assert await states(app) == []  # the finished conversation leaves nothing behind


async def test_one_message_saves_at_once_and_a_second_one_updates_the_same_row(app):
    await seed(app, secretary=("console", "sec"))
    console = ConsoleAdapter(app.processor, user_id="sec")

    first = said(await console.ask("เช็คอินข้อ 2 กำลังทำ หมายเหตุ รอประชุม"))
    assert "บันทึกการเช็คอินเรียบร้อยแล้วค่ะ" in first
    assert "🔄 กำลังดำเนินการ" in first and "หมายเหตุ: รอประชุม" in first

    [duty_question] = await console.ask("เช็คอิน")
    assert "ข้อ 2 ส่งเสริม สนับสนุน ให้ความช่วยเหลือ นิเทศ ติดตาม และประเมินผลสถานศึกษานำร่อง: 🔄" in duty_question.text
    assert "🔄ข้อ 2 นิเทศ ร.ร." in [c.label for c in duty_question.choices]
    status_question = said(await console.ask("2"))
    assert "รอบนี้เช็คอินไว้แล้ว: 🔄 กำลังดำเนินการ" in status_question
    await console.ask("ยกเลิก")

    second = said(await console.ask("เช็คอิน ข้อ ๒ เสร็จแล้วค่ะ"))
    assert "อัปเดตการเช็คอินเรียบร้อยแล้วค่ะ (เดิม: 🔄 กำลังดำเนินการ)" in second
    assert "แก้ไขได้จนถึงวันกำหนดส่ง" in second
    [row] = await checkins(app)
    assert (row.duty_number, row.status, row.note) == (2, "done", None)
    assert [a.details["previous"] for a in await audits(app)] == [None, "in_progress"]


async def test_after_the_due_date_a_check_in_lands_in_the_next_round(app, clock):
    await seed(app, expert=("console", "expert"))
    console = ConsoleAdapter(app.processor, user_id="expert")
    await console.ask("เช็คอิน ข้อ 1 กำลังดำเนินการ")

    clock.now = datetime(2027, 4, 30, 16, 30, tzinfo=UTC)  # 23:30 on the due date in Bangkok: still round 2
    on_the_day = said(await console.ask("เช็คอิน ข้อ 1 เสร็จแล้ว"))
    assert "อัปเดตการเช็คอิน" in on_the_day and "(วันนี้)" in on_the_day

    clock.now = datetime(2027, 4, 30, 17, 30, tzinfo=UTC)  # 00:30 on 1 May in Bangkok: round 2 has closed
    next_round = said(await console.ask("เช็คอิน ข้อ 1 ยังไม่เริ่ม"))
    assert "บันทึกการเช็คอินเรียบร้อยแล้วค่ะ" in next_round
    assert "รายงานครั้งที่ 1 ปีการศึกษา 2570 กำหนดส่ง 31 ตุลาคม 2570" in next_round

    rows = await checkins(app)
    assert [(r.academic_year, r.round, r.status) for r in rows] == [(2569, 2, "done"), (2570, 1, "not_started")]


@pytest.mark.parametrize("steps", [[], ["4"], ["4", "ติดปัญหา"]], ids=["at duty", "at status", "at note"])
async def test_cancel_works_at_every_step_and_saves_nothing(app, steps):
    await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")
    await console.ask("เช็คอิน")
    for answer in steps:
        await console.ask(answer)
    cancelled = said(await console.ask("ยกเลิก"))
    assert "ยกเลิกการเช็คอินแล้วค่ะ" in cancelled
    assert await checkins(app) == []
    assert await states(app) == []
    assert await audits(app) == []


async def test_bad_answers_get_a_polite_re_ask_and_change_nothing(app):
    await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")
    await console.ask("เช็คอิน")
    wrong_duty = said(await console.ask("ข้อ 9"))
    assert "หน้าที่มีข้อ 1 ถึง 6" in wrong_duty and "เช็คอินหน้าที่ข้อใดคะ" in wrong_duty
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in said(await console.ask("๓"))
    wrong_status = said(await console.ask("กินข้าวหรือยัง"))
    assert "ไม่เข้าใจสถานะ" in wrong_status and "ตอนนี้เป็นอย่างไรบ้างคะ" in wrong_status
    await console.ask("ติดปัญหา")
    too_long = said(await console.ask("ก" * 501))
    assert "ไม่เกิน 500 ตัวอักษร" in too_long
    assert await checkins(app) == []
    saved = said(await console.ask("ข้าม"))
    assert "⛔ ติดปัญหา" in saved and "หมายเหตุ" not in saved
    [row] = await checkins(app)
    assert (row.duty_number, row.status, row.note) == (3, "blocked", None)


async def test_an_unclear_one_message_asks_for_what_is_missing(app):
    await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")
    asked = said(await console.ask("เช็คอิน ข้อ 9 เสร็จแล้ว"))
    assert "หน้าที่มีข้อ 1 ถึง 6" in asked
    assert "หมายเหตุ" not in said(await console.ask("5"))  # status and note were in the message: saved
    [row] = await checkins(app)
    assert (row.duty_number, row.status) == (5, "done")

    asked = said(await console.ask("เช็คอินข้อ 6 เรื่อยๆ"))
    assert "ไม่เข้าใจสถานะ" in asked


async def test_a_member_of_two_committees_chooses_one(app):
    directory = await seed(app, chair=("console", "chair"))
    async with app.sessions() as session, session.begin():
        session.add(CommitteeMember(committee_id=directory.other_committee, person_id=directory.chair, role="expert"))
    console = ConsoleAdapter(app.processor, user_id="chair")

    [question] = await console.ask("เช็คอิน ข้อ 3 เสร็จแล้ว")
    assert "คณะใดคะ" in question.text
    assert "1. คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in question.text
    assert [c.label for c in question.choices] == ["สพป.ยะลา เขต 1", "สพป.สตูล", "ยกเลิก"]
    assert "ไม่พบคณะที่เลือก" in said(await console.ask("๙"))  # no such item: asked again
    confirmation = said(await console.ask("สพป.สตูล"))
    assert "คณะ: คณะกรรมการขับเคลื่อนฯ สพป.สตูล" in confirmation
    [row] = await checkins(app)
    assert (row.committee_id, row.duty_number) == (directory.other_committee, 3)


async def test_unregistered_and_seatless_people_cannot_check_in(app):
    await seed(app, other_director=("console", "director2"))
    stranger = said(await ConsoleAdapter(app.processor, user_id="stranger").ask("เช็คอิน ข้อ 4 เสร็จแล้ว"))
    assert "ลงทะเบียน" in stranger
    seatless = said(await ConsoleAdapter(app.processor, user_id="director2").ask("/checkin"))
    assert "ยังไม่ได้อยู่ในคณะกรรมการใด" in seatless
    assert await checkins(app) == []
    assert await states(app) == []


async def test_slash_checkin_takes_the_one_message_form_and_a_stale_button_is_explained(app):
    await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")
    assert "บันทึกการเช็คอิน" in said(await console.ask("/checkin 6 done"))
    stale = Incoming(Platform.CONSOLE, "stale-1", "chair", "chair", Kind.ACTION, action="ci:s:blocked")
    outcome = await app.processor.process(stale)
    assert "การเช็คอินนี้จบไปแล้วค่ะ" in said(outcome.replies)
    [row] = await checkins(app)
    assert row.status == "done"


async def test_a_question_in_the_middle_is_answered_and_the_check_in_waits(app):
    await seed(app, chair=("console", "chair"))
    console = ConsoleAdapter(app.processor, user_id="chair")
    await console.ask("เช็คอิน")
    assert "30 เมษายน 2570" in said(await console.ask("/deadline"))
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in said(await console.ask("ข้อ 1"))
