"""The outbox worker against fake Telegram and LINE servers, on SQLite and PostgreSQL: every queued message is
delivered exactly once through 429s, 500s, timeouts, a worker killed mid-batch, restarts and two workers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.core.messages import Card, Choice, OutFile, Reply
from bot.outbox import enqueue, payload_to_replies, replies_to_payload
from bot.outbox.worker import RetryPolicy
from storage.models import OutboxMessage

LINE_USERS = [f"U{n:032x}" for n in range(1, 8)]
LINE_GROUPS = [f"C{n:032x}" for n in range(1, 200)]


async def queue(app: App, platform: str, chats: list[str], text: str = "เตือนค่ะ", **kw: object) -> list[int | None]:
    ids = []
    async with app.sessions() as session, session.begin():
        for n, chat in enumerate(chats):
            body = text if "{n}" not in text else text.format(n=n)
            now = app.services.clock()
            ids.append(await enqueue(session, platform, chat, [Reply(text=body)], available_at=now, **kw))
    return ids


async def rows(app: App) -> list[OutboxMessage]:
    async with app.sessions() as session:
        return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


def test_replies_round_trip_through_json() -> None:
    replies = [
        Reply(text="ส่งแล้วหรือยังคะ", choices=(Choice("ส่งแล้ว", "rm:d:r2569-2"),)),
        Reply(card=Card("รอบที่ 2", (("กำหนด", "30 เมษายน 2570"),), "ท้าย")),
        Reply(text="สรุป", file=OutFile("สรุป.csv", b"a,b\n", "text/csv"), image_url="https://x.test/a.png"),
    ]
    assert payload_to_replies(replies_to_payload(replies, series=["r2569-2"])) == replies


async def test_a_dedupe_key_queues_a_message_once(connected) -> None:
    app, worker = await connected()
    first = await queue(app, "telegram", ["1001"], dedupe_key="k1")
    again = await queue(app, "telegram", ["1001"], dedupe_key="k1")
    assert first[0] is not None and again == [None]
    await worker.drain()
    assert len(await rows(app)) == 1


async def test_telegram_messages_go_out_once_with_buttons(connected, platforms) -> None:
    app, worker = await connected()
    async with app.sessions() as session, session.begin():
        reply = Reply(text="ยังไม่ได้เช็คอินค่ะ", choices=(Choice("ส่งแล้ว", "rm:d:r2569-2"),))
        await enqueue(session, "telegram", "1001", [reply], available_at=app.services.clock())
    await queue(app, "telegram", ["1002", "1003"])
    assert await worker.drain() == 3
    calls = platforms.telegram.delivered()
    assert sorted(str(c.params["chat_id"]) for c in calls) == ["1001", "1002", "1003"]
    first = platforms.telegram.delivered("1001")[0].params
    assert first["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "rm:d:r2569-2"
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_a_message_for_later_waits(connected, platforms, clock) -> None:
    app, worker = await connected()
    async with app.sessions() as session, session.begin():
        later = clock.now + timedelta(hours=1)
        await enqueue(session, "telegram", "1001", [Reply(text="ทีหลัง")], available_at=later)
    assert await worker.drain() == 0
    clock.advance(hours=1)
    assert await worker.drain() == 1
    assert len(platforms.telegram.delivered()) == 1


async def test_telegram_429_waits_retry_after_then_delivers_once(connected, platforms) -> None:
    app, worker = await connected()
    platforms.telegram.fail_next("sendMessage", 429, retry_after=1)
    await queue(app, "telegram", ["1001"])
    loop = asyncio.get_running_loop()
    started = loop.time()
    await worker.drain()
    assert loop.time() - started >= 1.0
    assert len(platforms.telegram.delivered("1001")) == 1
    assert [r.status for r in await rows(app)] == ["sent"]


async def test_500s_are_retried_with_backoff(connected, platforms) -> None:
    app, worker = await connected()
    platforms.telegram.fail_next("sendMessage", 500, times=2)
    platforms.line.fail_next("/v2/bot/message/push", 500, times=2)
    await queue(app, "telegram", ["1001"])
    await queue(app, "line", [LINE_GROUPS[0]])
    await worker.drain()
    assert len(platforms.telegram.delivered("1001")) == 1
    assert len(platforms.line.pushes()) == 1
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_a_telegram_timeout_before_delivery_is_retried(connected, platforms) -> None:
    app, worker = await connected()
    platforms.telegram.delay_next("sendMessage", 1.0, deliver=False)
    await queue(app, "telegram", ["1001"])
    await worker.drain()
    assert len(platforms.telegram.delivered("1001")) == 1
    assert [r.status for r in await rows(app)] == ["sent"]


async def test_a_line_timeout_after_delivery_is_retried_with_the_same_key_and_delivered_once(
    connected, platforms
) -> None:
    app, worker = await connected()
    platforms.line.delay_next("/v2/bot/message/push", 1.0)
    await queue(app, "line", [LINE_GROUPS[0]])
    await worker.drain()
    calls = platforms.line.calls_to("/v2/bot/message/push")
    assert [c.status for c in calls] == [200, 409]
    assert calls[0].headers["x-line-retry-key"] == calls[1].headers["x-line-retry-key"]
    assert calls[0].headers["x-line-retry-key"] == (await rows(app))[0].retry_key
    assert len(platforms.line.pushes()) == 1
    assert [r.status for r in await rows(app)] == ["sent"]


async def test_other_4xx_fail_at_once_and_are_recorded(connected, platforms) -> None:
    app, worker = await connected()
    platforms.telegram.fail_next("sendMessage", 403)
    platforms.line.fail_next("/v2/bot/message/push", 400)
    await queue(app, "telegram", ["1001"])
    await queue(app, "line", [LINE_GROUPS[0]])
    await worker.drain()
    assert len(platforms.telegram.calls_to("sendMessage")) == 1
    assert len(platforms.line.calls_to("/v2/bot/message/push")) == 1
    stored = await rows(app)
    assert [r.status for r in stored] == ["failed", "failed"]
    assert "Forbidden" in (stored[0].last_error or "") and "400" in (stored[1].last_error or "")


async def test_retries_that_keep_failing_are_queued_again_then_given_up(connected, platforms, clock) -> None:
    # few tries and claims: each try to the one chat waits out Telegram's one-message-a-second window
    app, worker = await connected(RetryPolicy(attempts=2, max_claims=3, base_wait=0.05, max_wait=2.0))
    platforms.telegram.fail_next("sendMessage", 502, times=100)
    await queue(app, "telegram", ["1001"])
    for _ in range(worker.policy.max_claims):
        await worker.drain()
        clock.advance(worker.policy.requeue_after)
    [row] = await rows(app)
    assert row.status == "failed" and row.attempts == worker.policy.max_claims
    assert len(platforms.telegram.calls_to("sendMessage")) == worker.policy.max_claims * worker.policy.attempts


async def test_identical_line_messages_go_as_one_multicast(connected, platforms) -> None:
    app, worker = await connected()
    await queue(app, "line", LINE_USERS[:5])
    await queue(app, "line", [LINE_USERS[5]], text="อีกเรื่องหนึ่งค่ะ")
    await worker.drain()
    [multicast] = platforms.line.multicasts()
    assert sorted(multicast["to"]) == sorted(LINE_USERS[:5])
    assert [p["to"] for p in platforms.line.pushes()] == [LINE_USERS[5]]
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_a_worker_killed_mid_batch_leaves_nothing_lost_or_doubled(connected, platforms, clock) -> None:
    app, worker = await connected()
    await queue(app, "telegram", ["1001"] * 4, text="ข้อความที่ {n}")  # one chat: 1 message a second
    platforms.line.delay_next("/v2/bot/message/push", 30.0, times=3)  # delivered, answer never seen
    await queue(app, "line", LINE_GROUPS[:3])
    task = asyncio.create_task(worker.drain())
    await platforms.telegram.wait_for("sendMessage", 2, timeout=10)
    await platforms.line.wait_for("/v2/bot/message/push", 3, timeout=10)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert any(r.status == "sending" for r in await rows(app))

    restarted, worker2 = await connected()
    assert await worker2.drain() == 0  # the dead worker's lease still holds
    clock.advance(worker2.policy.lease + timedelta(seconds=1))
    await worker2.drain()
    texts = platforms.telegram.sent_texts("1001")
    assert sorted(texts) == [f"ข้อความที่ {n}" for n in range(4)]
    assert sorted(platforms.line.recipients()) == sorted(LINE_GROUPS[:3])
    assert {r.status for r in await rows(restarted)} == {"sent"}


async def test_two_workers_share_the_queue_without_sending_twice(connected, platforms) -> None:
    app, first = await connected()
    _, second = await connected()
    await queue(app, "line", LINE_GROUPS[:150], text="ข้อความที่ {n}")
    await queue(app, "telegram", [str(2000 + n) for n in range(40)])
    for worker in (first, second):
        for sender in worker.senders:
            sender.claim_limit = 10  # small claims, so the two workers interleave
    await asyncio.gather(first.drain(), second.drain())
    assert sorted(platforms.line.recipients()) == sorted(LINE_GROUPS[:150])
    assert len(platforms.telegram.delivered()) == 40
    assert len({c.params["chat_id"] for c in platforms.telegram.delivered()}) == 40
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_a_multicast_cut_short_by_a_crash_is_retried_whole_with_its_key(connected, platforms, clock) -> None:
    app, worker = await connected()
    await queue(app, "line", LINE_USERS[:5])
    platforms.line.delay_next("/v2/bot/message/multicast", 30.0)  # delivered; the answer never arrives
    task = asyncio.create_task(worker.drain())
    await platforms.line.wait_for("/v2/bot/message/multicast", 1, timeout=10)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)

    _, restarted = await connected()
    for sender in restarted.senders:
        sender.claim_limit = 2  # smaller than the batch: the rest of the batch comes along anyway
    clock.advance(restarted.policy.lease + timedelta(seconds=1))
    await restarted.drain()
    calls = platforms.line.calls_to("/v2/bot/message/multicast")
    assert [c.status for c in calls] == [200, 409]
    assert calls[0].headers["x-line-retry-key"] == calls[1].headers["x-line-retry-key"]
    assert sorted(platforms.line.recipients()) == sorted(LINE_USERS[:5])
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_one_chat_gets_at_most_one_message_a_second_and_no_429(connected, platforms) -> None:
    app, worker = await connected()
    await queue(app, "telegram", ["1001"] * 3 + [str(3000 + n) for n in range(35)], text="ข้อความที่ {n}")
    await worker.drain()
    assert platforms.telegram.rate_limited == []
    own = [c.at for c in platforms.telegram.delivered("1001")]
    assert len(own) == 3 and own[1] - own[0] >= 1.0 and own[2] - own[1] >= 1.0
    assert len(platforms.telegram.delivered()) == 38


async def test_on_postgresql_one_worker_at_a_time_sends_telegram(connected, platforms, database_url) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("one worker on SQLite")
    app, first = await connected()
    _, second = await connected()
    await queue(app, "telegram", ["1001", "1002"])
    assert await first.run_once() == 2  # running, it now holds Telegram: two workers would double the rate
    await queue(app, "telegram", ["1003"])
    await queue(app, "line", [LINE_GROUPS[0]])
    assert await second.drain() == 1  # LINE only
    await first.close()  # stopped (or died): the lock is free
    second.leases._next_try.clear()
    assert await second.drain() == 1
    assert sorted(str(c.params["chat_id"]) for c in platforms.telegram.delivered()) == ["1001", "1002", "1003"]
    await second.close()


async def test_a_file_goes_to_telegram_as_a_document_with_its_caption(connected, platforms) -> None:
    app, worker = await connected()
    async with app.sessions() as session, session.begin():
        reply = Reply(text="รายงานค่ะ", file=OutFile("report.csv", b"a,b\n1,2\n", "text/csv"))
        await enqueue(session, "telegram", "1001", [reply], available_at=app.services.clock())
    await worker.drain()
    [call] = [c for c in platforms.telegram.calls_to("sendDocument") if c.status == 200]
    assert call.params["caption"] == "รายงานค่ะ"
    assert [r.status for r in await rows(app)] == ["sent"]
