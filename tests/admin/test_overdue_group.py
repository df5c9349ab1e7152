"""Once a group is bound, the reminders' overdue summary (names only) goes into it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reminders.planner import run
from tests.admin.conftest import CHAIR_TG, TG_GROUP
from tests.admin.test_group_commands import some_work


async def test_the_overdue_summary_reaches_the_bound_group(world, clock):
    await world.tg.say(CHAIR_TG, "/bind C-YALA-1")
    await world.tg.tap(CHAIR_TG, "ยืนยัน")
    await some_work(world)
    clock.now = datetime(2027, 5, 5, 2, 0, tzinfo=UTC)  # Wed 5 May 2570 09:00 (1, 3, 4 May are holidays): overdue
    app = world.running.app
    async with app.sessions() as session, session.begin():
        await run(session, app.services.reminder_rules, clock.now)
    await app.outbox_worker().drain()
    summary = "\n".join(world.running.telegram.sent_texts(TG_GROUP)[2:])  # after the bind question and answer
    assert "ดร.ผู้ทรง คุณวุฒิ" in summary and "นายประธาน ใจดี" in summary
    assert "นางเลขา ขยัน" not in summary  # done: not listed as late
    assert "081" not in summary and "@" not in summary
