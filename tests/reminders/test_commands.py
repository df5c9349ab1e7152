"""`sandboxbot deadline add|list|move|remove` and `sandboxbot reminders preview|status`, run in-process against this
test's database, with the app's clock started by SANDBOXBOT_CLOCK_START."""

from __future__ import annotations

from bot.reminders.planner import run
from tests.fakes.line_api import FakeLineApi
from tests.reminders.conftest import World

FRIDAY = "2027-04-23T09:00:00+07:00"


async def test_deadlines_are_added_listed_moved_and_removed(world: World, cli) -> None:
    added = await cli(
        "deadline", "add", "ส่งแผนพัฒนาคุณภาพ", "27 เม.ย. 2570", "--committee", "C-YALA-1", SANDBOXBOT_CLOCK_START=FRIDAY
    )
    assert added.code == 0, added.err
    assert "id 1" in added.out and "วันอังคารที่ 27 เมษายน 2570" in added.out
    listed = await cli("deadline", "list")
    assert "r2569-2" in listed.out and "30 เมษายน 2570" in listed.out and "ส่งแผนพัฒนาคุณภาพ" in listed.out
    moved = await cli("deadline", "move", "1", "2027-05-04")
    assert moved.code == 0 and "4 พฤษภาคม 2570" in moved.out
    removed = await cli("deadline", "remove", "1")
    assert removed.code == 0
    assert "ส่งแผนพัฒนาคุณภาพ" not in (await cli("deadline", "list")).out
    assert "[ลบแล้ว]" in (await cli("deadline", "list", "--all")).out


async def test_bad_deadline_input_is_refused_and_nothing_is_written(world: World, cli) -> None:
    bad_date = await cli("deadline", "add", "งาน", "วันที่ไม่มีจริง")
    assert bad_date.code == 1 and "cannot read the date" in bad_date.err
    bad_committee = await cli("deadline", "add", "งาน", "2027-05-04", "--committee", "NOPE")
    assert bad_committee.code == 1 and "NOPE" in bad_committee.err
    bad_audience = await cli("deadline", "add", "งาน", "2027-05-04", "--audience", "students")
    assert bad_audience.code == 1
    assert "ยังไม่มีกำหนดส่งที่เพิ่มเอง" in (await cli("deadline", "list")).out
    assert (await cli("deadline", "move", "99", "2027-05-04")).code == 1


async def test_preview_says_who_would_get_what_and_why_without_sending(world: World, cli) -> None:
    songkran = await cli("reminders", "preview", "--date", "2027-04-13", SANDBOXBOT_CLOCK_START=FRIDAY)
    assert songkran.code == 0, songkran.err
    assert "Songkran" in songkran.out or "สงกรานต์" in songkran.out
    assert "วันศุกร์ที่ 16 เมษายน 2570" in songkran.out  # the next working morning
    friday = await cli("reminders", "preview", "--date", "2027-04-23")
    assert "ดร.ผู้ทรง คุณวุฒิ → telegram" in friday.out
    assert "7 วันก่อนกำหนด" in friday.out and "อีก 7 วัน" in friday.out
    assert "นางเลขา ขยัน → line" in friday.out
    assert "รวม 6 คน" in friday.out
    assert await world.new() == []  # a dry run queues nothing


async def test_status_shows_the_queue_and_the_line_quota(world: World, cli, clock) -> None:
    from tests.reminders.conftest import local

    clock.now = local(2027, 4, 23, 9, 0)
    async with world.app.sessions() as session, session.begin():
        await run(session, world.app.services.reminder_rules, clock.now)
    async with FakeLineApi() as line:
        line.quota_limit = 500
        status = await cli(
            "reminders", "status", SANDBOXBOT_CLOCK_START=FRIDAY, SANDBOXBOT_LINE_API_URL=line.root,
            SANDBOXBOT_LINE_CHANNEL_SECRET="s", SANDBOXBOT_LINE_ACCESS_TOKEN="t",
        )  # fmt: skip
    assert status.code == 0, status.err
    assert "รอส่ง (pending): 6" in status.out
    assert "ใช้ไป 0 จาก 500 (0%)" in status.out
