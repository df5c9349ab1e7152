"""A whole semester on a movable clock: from 21 November 2026 to 12 May 2027, the planner runs four times a day
(07:00, 09:00, 13:00, 21:00 Bangkok). Round 2 of 2569 is due Friday 30 April 2570; the committee also has its own
deadline, due Tuesday 27 April, whose 14-days-before step falls on Songkran (13 April)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import holidays

from bot.core.messages import ChatType, Incoming, Kind, Platform
from storage.repositories.custom_deadlines import add_custom_deadline
from tests.reminders.conftest import BANGKOK, CHATS, Sent, World, local
from tests.status.conftest import add_checkins, add_update

ALL_DUTIES = dict.fromkeys(range(1, 7), "done")
TICKS = (7, 9, 13, 21)


async def tap(world: World, who: str, action: str, event: str) -> list[str]:
    platform, chat = CHATS[who]
    msg = Incoming(Platform(platform), event, chat, chat, Kind.ACTION, ChatType.PRIVATE, action=action)
    outcome = await world.app.processor.process(msg)
    return [r.text for r in outcome.replies]


async def test_a_semester_of_reminders(world: World, clock) -> None:
    app, people = world.app, world.people
    async with app.sessions() as session, session.begin():
        plan = await add_custom_deadline(
            session, title="ส่งแผนพัฒนาคุณภาพ", due_on=date(2027, 4, 27), now=clock.now, committee_id=people.committee
        )
    custom = f"d{plan.id}"
    sent: list[Sent] = []
    day = date(2026, 11, 21)
    while day <= date(2027, 5, 12):
        for hour in TICKS:
            clock.now = local(day.year, day.month, day.day, hour, 0)
            sent += await world.tick()
            if (day, hour) == (date(2027, 4, 20), 9):  # the secretary finishes everything that morning
                await add_checkins(app, people.committee, people.secretary, ALL_DUTIES)
                assert any("แผนพัฒนา" in t for t in await tap(world, "secretary", f"rm:d:{custom}", "sec-done"))
            if (day, hour) == (date(2027, 4, 21), 9):  # the director checks in, but the school sends nothing
                await add_checkins(app, people.committee, people.director, ALL_DUTIES)
            if (day, hour) == (date(2027, 4, 28), 9):  # the other school sends its update
                await add_update(app, people.other_school, people.other_director, clock.now)
        day += timedelta(days=1)

    th_holidays = holidays.Thailand()
    by_person: dict[int, list[Sent]] = defaultdict(list)
    for s in sent:
        moment = s.at.astimezone(BANGKOK)
        assert moment.weekday() < 5 and moment.date() not in th_holidays, s  # weekends and holidays are quiet
        assert 8 <= moment.hour < 20, s  # so are the evening and the night
        if s.person_id is not None:
            by_person[s.person_id].append(s)
    for person, messages in by_person.items():  # one digest per person per run
        assert len({m.at for m in messages}) == len(messages), person

    def days(who: int) -> list[tuple[int, int]]:
        return [(m.at.astimezone(BANGKOK).month, m.at.astimezone(BANGKOK).day) for m in by_person[who]]

    # The expert did nothing: every step of both deadlines, one message a day, nothing on Songkran (13-15 April)
    # and the overdue steps of 1 and 3 May wait for Wednesday 5 May (Labour Day in lieu, then Coronation Day).
    assert days(people.expert) == [(4, 16), (4, 20), (4, 23), (4, 26), (4, 27), (4, 28), (4, 29), (4, 30), (5, 5)]
    expert = by_person[people.expert]
    assert all(m.platform == "telegram" and m.chat_id == "9003" for m in expert)  # Telegram over LINE
    assert "ส่งแผนพัฒนาคุณภาพ" in expert[0].text and "ครั้งที่ 2 ปีการศึกษา 2569" in expert[0].text
    assert "ภายในวันศุกร์ที่ 30 เมษายน 2570 อีก 14 วัน" in expert[0].text
    assert "ภายในวันศุกร์ที่ 30 เมษายน 2570 อีก 7 วัน" in expert[2].text
    assert "ยังไม่ได้เช็คอินหน้าที่ข้อ 1, 2, 3, 4, 5, 6" in expert[2].text
    assert set(expert[0].series) == {"r2569-2", custom}
    assert "เลยกำหนดมาแล้ว 5 วัน" in expert[-1].text

    # The secretary finished on 20 April: after that she only hears, as secretary, who is late.
    secretary = by_person[people.secretary]
    assert days(people.secretary)[:2] == [(4, 16), (4, 20)]
    for message in secretary[2:]:
        assert "ยังไม่ได้เช็คอิน" not in message.text and "📣" in message.text
    assert [d for d in days(people.secretary) if d > (4, 20)] == [(4, 28), (4, 30), (5, 5)]

    # The director checked in on 21 April; reminders after that name only the school.
    director_after = [m for m in by_person[people.director] if m.at.astimezone(BANGKOK).date() > date(2027, 4, 21)]
    assert director_after and all("ยังไม่ได้เช็คอิน" not in m.text for m in director_after)
    assert all("โรงเรียนบ้านหนึ่ง" in m.text for m in director_after if "r2569-2" in m.series)

    # The other director is no committee member (no custom deadline) and updated on 28 April.
    assert days(people.other_director) == [(4, 16), (4, 23), (4, 27)]
    assert "โรงเรียนบ้านสอง" in by_person[people.other_director][0].text

    # Escalation: on 5 May the chair hears who is late on round 2 (names only); the finished are not named.
    chair_last = by_person[people.chair][-1]
    assert chair_last.at.astimezone(BANGKOK).date() == date(2027, 5, 5)
    late = chair_last.text.split("📣", 1)[1]
    for name in ("ดร.ผู้ทรง คุณวุฒิ", "นายผอ. โรงเรียนหนึ่ง", "นายประธาน ใจดี"):
        assert name in late
    assert "นางเลขา ขยัน" not in late and "นางผอ. โรงเรียนสอง" not in late

    # The other committee's member gets round 2 only; nothing was ever queued twice.
    assert all(m.series == ("r2569-2",) for m in by_person[people.outsider])
    assert len(by_person[people.outsider]) == 6
    assert await world.tick() == []
