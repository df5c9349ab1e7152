"""Answering a reminder, by button and by typing: done, remind me tomorrow, ask to postpone, stop reminding."""

from __future__ import annotations

from datetime import date

from bot.core.messages import ChatType, Incoming, Kind, Platform
from storage.repositories.custom_deadlines import add_custom_deadline
from tests.reminders.conftest import CHATS, World, local
from tests.status.conftest import add_checkins

ALL_DUTIES = dict.fromkeys(range(1, 7), "done")
_events = iter(range(1, 10_000))


async def say(world: World, who: str, text: str = "", action: str | None = None) -> list[str]:
    platform, chat = CHATS[who]
    kind = Kind.ACTION if action else Kind.TEXT
    event = f"e{next(_events)}"
    msg = Incoming(Platform(platform), event, chat, chat, kind, ChatType.PRIVATE, text=text, action=action)
    outcome = await world.app.processor.process(msg)
    return [r.text for r in outcome.replies]


async def first_reminders(world: World, clock) -> None:
    clock.now = local(2027, 4, 23, 9, 0)  # Friday: 7 days before round 2 is due
    assert len(await world.tick()) == 6


async def test_remind_me_tomorrow_waits_for_the_next_working_morning(world: World, clock) -> None:
    await first_reminders(world, clock)
    clock.now = local(2027, 4, 23, 10, 0)
    [answer] = await say(world, "expert", action="rm:z:r2569-2")
    assert "วันจันทร์ที่ 26 เมษายน 2570 เวลา 08:00 น." in answer  # Friday's "tomorrow" is Monday
    clock.now = local(2027, 4, 23, 15, 0)
    assert await world.tick() == []
    clock.now = local(2027, 4, 26, 7, 30)
    assert await world.tick() == []  # quiet until 08:00
    clock.now = local(2027, 4, 26, 8, 5)
    [again] = await world.tick()
    assert again.chat_id == world.chat("expert") and "อีก 4 วัน" in again.text
    clock.now = local(2027, 4, 27, 9, 0)  # the policy's next step (3 days before) still comes
    assert world.chat("expert") in [s.chat_id for s in await world.tick()]


async def test_typed_stop_ends_that_deadline_for_that_person_but_the_chair_still_sees_it(world: World, clock) -> None:
    await first_reminders(world, clock)
    [answer] = await say(world, "expert", "หยุดเตือนค่ะ")
    assert "หยุดเตือน" in answer and "ยังเห็นว่ายังไม่ส่ง" in answer
    for day in (27, 29, 30):
        clock.now = local(2027, 4, day, 9, 0)
        assert world.chat("expert") not in [s.chat_id for s in await world.tick()]
    clock.now = local(2027, 5, 5, 9, 0)
    sent = await world.tick()
    chair = next(s for s in sent if s.chat_id == world.chat("chair"))
    assert "ดร.ผู้ทรง คุณวุฒิ" in chair.text.split("📣", 1)[1]


async def test_asking_to_postpone_tells_the_chair_once(world: World, clock) -> None:
    await first_reminders(world, clock)
    [answer] = await say(world, "secretary", "ขอเลื่อน")
    assert "ถึงประธานแล้ว" in answer
    [notice] = await world.new()
    assert notice.chat_id == world.chat("chair") and notice.kind == "notice"
    assert "นางเลขา ขยัน ขอเลื่อนกำหนด รายงานผลการดำเนินงาน ครั้งที่ 2" in notice.text
    [again] = await say(world, "secretary", action="rm:p:r2569-2")
    assert "ไปแล้ว" in again
    assert await world.new() == []


async def test_done_starts_the_check_in_and_then_the_update(world: World, clock) -> None:
    await first_reminders(world, clock)
    replies = await say(world, "expert", "ส่งแล้วค่ะ")
    assert any("หน้าที่" in r for r in replies)
    async with world.app.sessions() as session:
        from bot.core.state import load_state

        state = await load_state(session, ("telegram", "9003", "9003"))
    assert state.flow == "checkin"

    await add_checkins(world.app, world.people.committee, world.people.director, ALL_DUTIES)
    replies = await say(world, "director", action="rm:d:r2569-2")
    async with world.app.sessions() as session:
        state = await load_state(session, ("telegram", "9004", "9004"))
    assert state.flow == "progress", replies


async def test_done_marks_a_custom_deadline_and_its_reminders_stop(world: World, clock) -> None:
    async with world.app.sessions() as session, session.begin():
        row = await add_custom_deadline(
            session, title="ส่งแผนพัฒนาคุณภาพ", due_on=date(2027, 6, 15), now=clock.now, audience="secretary"
        )
    clock.now = local(2027, 6, 8, 9, 0)
    [sent] = await world.tick()
    assert sent.chat_id == world.chat("secretary") and sent.series == (f"d{row.id}",)
    [answer] = await say(world, "secretary", "เสร็จแล้ว")
    assert "ส่งแผนพัฒนาคุณภาพ" in answer and "เสร็จแล้ว" in answer
    for day in (11, 14, 15, 16, 18):
        clock.now = local(2027, 6, day, 9, 0)
        assert await world.tick() == []


async def test_several_deadlines_in_one_digest_ask_which_one_is_done(world: World, clock) -> None:
    async with world.app.sessions() as session, session.begin():
        await add_custom_deadline(session, title="ส่งแผน", due_on=date(2027, 4, 30), now=clock.now)
    await first_reminders(world, clock)
    [answer] = await say(world, "expert", "ส่งแล้ว")
    assert "เรื่องไหน" in answer


async def test_the_answer_words_without_a_reminder(world: World, clock) -> None:
    clock.now = local(2027, 3, 1, 9, 0)
    [answer] = await say(world, "expert", "หยุดเตือน")
    assert "ไม่มีการแจ้งเตือน" in answer
    assert await say(world, "expert", "เสร็จแล้ว")  # understood as usual, never an error


async def test_buttons_from_strangers_are_refused_politely(world: World, clock) -> None:
    msg = Incoming(Platform.TELEGRAM, "x1", "5555", "5555", Kind.ACTION, ChatType.PRIVATE, action="rm:x:r2569-2")
    outcome = await world.app.processor.process(msg)
    assert "ลงทะเบียน" in outcome.replies[0].text
