"""Reminders on their way out: the bound group hears who is late, the LINE quota warning, two workers on one store."""

from __future__ import annotations

import asyncio

from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from sqlalchemy import update

from bot.reminders.service import ReminderService
from storage.models import Committee, CommitteeMember
from tests.directory import link, seed_directory
from tests.fakes.line_api import FakeLineApi
from tests.reminders.conftest import World, local


async def test_the_committees_bound_group_gets_who_is_late(world: World, clock) -> None:
    async with world.app.sessions() as session, session.begin():
        await session.execute(
            update(Committee)
            .where(Committee.id == world.people.committee)
            .values(group_chat_platform="telegram", group_chat_id="-100777")
        )
    clock.now = local(2027, 5, 5, 9, 0)  # 1 and 3 May (overdue) fell on a weekend and holidays
    sent = await world.tick()
    [group] = [s for s in sent if s.chat_id == "-100777"]
    assert group.kind == "escalation" and group.person_id is None
    assert "ดร.ผู้ทรง คุณวุฒิ" in group.text and "นางผอ. โรงเรียนสอง" in group.text
    assert "นายคนนอก ต่างเขต" not in group.text  # another committee's member
    assert "0810000003" not in group.text  # names only
    assert await world.tick() == []


async def test_line_quota_warns_the_committee_admins_once_a_month(world: World, clock) -> None:
    async with FakeLineApi() as line:
        line.quota_limit, line.used_before = 1000, 790
        client = AsyncApiClient(Configuration(access_token="t", host=line.root))
        try:
            service = ReminderService(
                world.app.sessions, world.app.services.reminder_rules, clock, AsyncMessagingApi(client), None, 80
            )
            clock.now = local(2027, 4, 23, 9, 0)
            assert await service.check_quota(clock.now) == 0  # 79%
            line.used_before = 800
            assert await service.check_quota(clock.now) == 1
            [warning] = await world.new()
            assert warning.chat_id == world.chat("chair") and "800 จาก 1000" in warning.text and "80%" in warning.text
            assert await service.check_quota(clock.now) == 0  # once a month
            clock.now = local(2027, 5, 5, 9, 0)
            assert await service.check_quota(clock.now) == 1
            service.line_quota_limit = 5000  # the setting wins over LINE's own figure
            clock.now = local(2027, 6, 1, 9, 0)
            assert await service.check_quota(clock.now) == 0
        finally:
            await client.close()


async def test_two_workers_remind_each_person_exactly_once(make_app, clock) -> None:
    from tests.fakes.telegram_api import FakeTelegramApi

    async with FakeTelegramApi("123456:T", enforce_limits=True) as telegram, FakeLineApi("t") as line:
        settings = {
            "telegram_token": "123456:T", "telegram_api_url": telegram.root, "line_channel_secret": "s",
            "line_access_token": "t", "line_api_url": line.root,
        }  # fmt: skip
        first = await make_app(**settings)
        second = await make_app(**settings)
        async with first.sessions() as session, session.begin():
            people = await seed_directory(session)
            await session.execute(update(CommitteeMember).values(is_admin=False))
            for n, person in enumerate((people.chair, people.secretary, people.expert, people.director)):
                await link(session, person, "telegram", str(5000 + n))
            for n, person in enumerate((people.other_director, people.outsider)):
                await link(session, person, "line", f"U{n:032x}")
        clock.now = local(2027, 4, 23, 9, 0)
        workers = [first.outbox_worker(), second.outbox_worker()]
        for _ in range(3):  # ticks racing each other, then both workers draining the same queue
            await asyncio.gather(*(w.run_ticks() for w in workers))
            await asyncio.gather(*(w.drain() for w in workers))
        chats = sorted(str(c.params["chat_id"]) for c in telegram.delivered())
        assert chats == ["5000", "5001", "5002", "5003"]
        assert sorted(line.recipients()) == [f"U{n:032x}" for n in range(2)]


async def test_after_downtime_each_person_gets_one_catch_up_with_the_latest_step(world: World, clock) -> None:
    service = ReminderService(world.app.sessions, world.app.services.reminder_rules, clock)
    clock.now = local(2027, 4, 29, 9, 0)  # down since before the first step (16 April); due tomorrow
    assert await service.tick() == 6
    sent = await world.new()
    assert len({s.chat_id for s in sent}) == 6
    assert all("30 เมษายน 2570 พรุ่งนี้" in s.text and "อีก 14 วัน" not in s.text for s in sent)
    clock.now = local(2027, 4, 29, 9, 0, 5)
    assert await service.tick() == 0  # a few seconds later: nothing new can have fallen due
    clock.now = local(2027, 4, 29, 19, 59)
    assert await service.tick() == 0
    clock.now = local(2027, 4, 30, 8, 0, 3)  # the next working morning: the day's step, found within seconds
    assert await service.tick() == 6


async def test_nobody_is_reminded_without_consent(world: World, clock) -> None:
    from storage.models import Person

    async with world.app.sessions() as session, session.begin():
        await session.execute(update(Person).where(Person.id == world.people.expert).values(consented_at=None))
    clock.now = local(2027, 4, 23, 9, 0)
    chats = [s.chat_id for s in await world.tick()]
    assert len(chats) == 5 and world.chat("expert") not in chats
