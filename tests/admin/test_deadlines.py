"""/deadline add/list/move/remove in a bound group, Thai dates in every common form, each change confirmed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.models import AuditLog, CustomDeadline
from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG, SECRETARY_LINE
from tests.admin.test_group_commands import bind


async def deadlines(world) -> list[CustomDeadline]:
    async with world.running.app.sessions() as session:
        return list((await session.execute(select(CustomDeadline).order_by(CustomDeadline.id))).scalars())


@pytest.mark.parametrize("typed", ["15/5/2570", "15 พ.ค. 70", "15 พฤษภาคม 2570", "2027-05-15"])
async def test_telegram_add_reads_every_common_date_form(world, typed):
    await bind(world, "telegram")
    asked = await world.tg.say(CHAIR_TG, f"/deadline add {typed} ส่งแผนพัฒนาโรงเรียน")
    assert "วันเสาร์ที่ 15 พฤษภาคม 2570" in asked and "ส่งแผนพัฒนาโรงเรียน" in asked
    assert await deadlines(world) == []  # not before the confirmation
    assert "เพิ่มกำหนดส่ง #1" in await world.tg.tap(CHAIR_TG, "ยืนยัน")
    [row] = await deadlines(world)
    assert (row.title, row.due_on) == ("ส่งแผนพัฒนาโรงเรียน", date(2027, 5, 15))
    assert row.committee_id == world.directory.committee


async def test_telegram_list_move_remove_and_refusals(world):
    await bind(world, "telegram")
    await world.tg.say(CHAIR_TG, "เพิ่มกำหนดส่ง 15 พ.ค. 70 ส่งแผนงาน")
    await world.tg.tap(CHAIR_TG, "ยืนยัน")
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.tg.say(EXPERT_TG, "/deadline add 1/6/2570 อื่น ๆ")
    assert "อ่านวันที่ไม่ออก" in await world.tg.say(CHAIR_TG, "/deadline add เร็ว ๆ นี้ ประชุม")
    assert "ผ่านมาแล้ว" in await world.tg.say(CHAIR_TG, "/deadline add 1/1/2569 ย้อนหลัง")
    listed = await world.tg.say(CHAIR_TG, "/deadline list")
    assert "#1 ส่งแผนงาน — วันเสาร์ที่ 15 พฤษภาคม 2570 (อีก 175 วัน)" in listed

    assert "เป็น วันอาทิตย์ที่ 30 พฤษภาคม 2570" in await world.tg.say(CHAIR_TG, "เลื่อนกำหนดส่ง 1 30 พฤษภาคม 2570")
    assert "เลื่อน #1" in await world.tg.tap(CHAIR_TG, "ยืนยัน")
    assert (await deadlines(world))[0].due_on == date(2027, 5, 30)
    assert "ไม่พบกำหนดส่งรหัส 9" in await world.tg.say(CHAIR_TG, "/deadline move 9 1/6/2570")

    assert "ใช่ไหมคะ" in await world.tg.say(CHAIR_TG, "/deadline remove 1")
    assert "ลบกำหนดส่ง #1" in await world.tg.tap(CHAIR_TG, "ยืนยัน")
    assert (await deadlines(world))[0].removed_at is not None
    assert "ยังไม่มีกำหนดส่ง" in await world.tg.say(CHAIR_TG, "รายการกำหนดส่ง")
    async with world.running.app.sessions() as session:
        actions = (await session.execute(select(AuditLog.action).where(AuditLog.action.like("admin.deadline%")))).all()
    assert [a for (a,) in actions] == ["admin.deadline.add", "admin.deadline.move", "admin.deadline.remove"]

    # the member form of /deadline still answers the next report round
    assert "30 เมษายน 2570" in await world.tg.say(EXPERT_TG, "/deadline")


async def test_line_deadline_add_list_move_remove(world):
    await bind(world, "line")
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.line.say(SECRETARY_LINE, "เพิ่มกำหนดส่ง 15/5/2570 แผน")
    await world.line.say(CHAIR_LINE, "เพิ่มกำหนดส่ง 15/5/2570 ส่งแผนงาน")
    assert "เพิ่มกำหนดส่ง #1" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    assert "ส่งแผนงาน" in await world.line.say(CHAIR_LINE, "รายการกำหนดส่ง")
    await world.line.say(CHAIR_LINE, "/deadline move 1 2027-06-01")
    assert "เลื่อน #1" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    await world.line.say(CHAIR_LINE, "ลบกำหนดส่ง 1")
    assert "ลบกำหนดส่ง #1" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    [row] = await deadlines(world)
    assert row.due_on == date(2027, 6, 1) and row.removed_at is not None
