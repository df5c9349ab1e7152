"""/remind: who would be reminded, a confirmation, then private reminders to the missing only (through the outbox
and its worker); the group sees one line. Both platforms."""

from __future__ import annotations

from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, DIRECTOR_TG, EXPERT_TG, SECRETARY_LINE, SECRETARY_TG, TG_GROUP
from tests.admin.test_group_commands import bind, some_work


async def test_telegram_remind_reaches_only_the_missing_privately(world):
    await bind(world, "telegram")
    await some_work(world)  # the secretary is done; the expert partly; the chair and the director not at all
    asked = await world.tg.say(CHAIR_TG, "เตือนทุกคน")
    assert "3 คน" in asked and "ดร.ผู้ทรง คุณวุฒิ" in asked and "นางเลขา" not in asked.split("คน:")[1]
    assert "นางผอ. โรงเรียนสอง" in asked  # the silent school's director, not registered: named, not reachable
    worker = world.running.app.outbox_worker()
    assert await worker.drain() == 0  # nothing queued before the confirmation
    done = await world.tg.tap(CHAIR_TG, "ยืนยัน")
    assert done == "ส่งคำเตือนทางแชทส่วนตัวแล้ว 3 คนค่ะ ✅"
    await worker.drain()
    telegram = world.running.telegram
    assert "ข้อ 3, 4, 5, 6" in telegram.sent_texts(EXPERT_TG)[-1]
    assert telegram.sent_texts(CHAIR_TG) and telegram.sent_texts(DIRECTOR_TG)
    assert telegram.sent_texts(SECRETARY_TG) == []  # done: not reminded
    assert all("🔔" not in text for text in telegram.sent_texts(TG_GROUP))  # the group saw only the count

    # asked again the same day: nobody gets a second reminder
    await world.tg.say(CHAIR_TG, "/remind")
    assert "อีก 3 คนได้รับคำเตือนไปแล้ววันนี้" in await world.tg.tap(CHAIR_TG, "ยืนยัน")
    await worker.drain()
    assert len(telegram.sent_texts(EXPERT_TG)) == 1


async def test_line_remind_refused_for_a_member_and_cancel_sends_nothing(world):
    await bind(world, "line")
    await some_work(world)
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.line.say(SECRETARY_LINE, "เตือนทุกคน")
    assert "ส่งเลยไหมคะ" in await world.line.say(CHAIR_LINE, "เตือนทุกคน")
    assert "ยกเลิกแล้ว" in await world.line.tap(CHAIR_LINE, "ยกเลิก")
    assert await world.running.app.outbox_worker().drain() == 0
    await world.line.say(CHAIR_LINE, "/remind")
    assert "3 คน" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    await world.running.app.outbox_worker().drain()
    # everyone linked Telegram, which is preferred: no LINE push (no quota spent) and nothing pushed to the group
    assert world.running.line.pushes() == []
    assert len(world.running.telegram.sent_texts(EXPERT_TG)) == 1
