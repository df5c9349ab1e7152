"""A PostgreSQL connection that dies between two events (the server restarted it, a proxy dropped it) while it lay in
the pool for less than the idle-ping second: the event that meets it is answered 503, not acknowledged unanswered,
and the platform's redelivery is answered once."""

from __future__ import annotations

import json

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import builders

TG = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


async def test_an_event_on_a_connection_that_died_is_retried_not_lost(database_url, serve):
    if database_url.startswith("sqlite"):
        pytest.skip("pooled network connections: PostgreSQL only")
    running = await serve()
    first = builders.telegram_text_update(1, "สวัสดีค่ะ")
    assert (await running.client.post("/webhook/telegram", data=json.dumps(first), headers=TG)).status == 200
    url = make_url(database_url)
    admin = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database=url.database
    )
    try:  # every other connection to this test's database: the app's pooled ones
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            url.database,
        )
    finally:
        await admin.close()
    update = builders.telegram_text_update(2, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่")
    statuses = [(await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG)).status]
    while statuses[-1] != 200 and len(statuses) < 5:  # the platform redelivers what was not acknowledged
        statuses.append((await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG)).status)
    assert statuses[-1] == 200 and set(statuses[:-1]) <= {503}
    assert len(running.telegram.sent_texts(1001)) == 2  # the greeting and the deadline: nothing lost, nothing twice
