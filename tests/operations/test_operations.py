"""What operators and orchestrators see: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import json

from prometheus_client import REGISTRY

from storage.engine import create_engine
from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import builders

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


def _count(platform: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value("sandboxbot_updates_total", {"platform": platform, "outcome": outcome})
    return value or 0.0


async def test_live_and_ready_while_the_store_answers(serve_with):
    running = await serve_with()
    assert (await running.client.get("/livez")).status == 200
    ready = await running.client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["database"] is True


async def test_not_ready_but_alive_when_the_store_is_gone(serve_with):
    running = await serve_with()
    real = running.app.engine
    running.app.engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none", pool_pre_ping=False)
    try:
        assert (await running.client.get("/readyz")).status == 503
        assert (await running.client.get("/livez")).status == 200
    finally:
        await running.app.engine.dispose()
        running.app.engine = real


async def test_metrics_count_updates_by_platform_and_outcome(serve_with):
    running = await serve_with()
    ok, rejected = _count("telegram", "ok"), _count("telegram", "rejected")
    update = builders.telegram_text_update(1, "สวัสดีค่ะ")
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)).status == 200
    wrong = {**HEADERS, "X-Telegram-Bot-Api-Secret-Token": "wrong"}
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=wrong)).status == 403
    assert _count("telegram", "ok") == ok + 1
    assert _count("telegram", "rejected") == rejected + 1

    response = await running.client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = await response.text()
    assert 'sandboxbot_update_seconds_bucket{le="0.1",platform="telegram"}' in text
    assert 'sandboxbot_outbox_depth{status="pending"} 0.0' in text
    assert "sandboxbot_send_failures_total" in text


async def test_a_refused_answer_counts_as_a_send_failure(serve_with):
    running = await serve_with()
    before = REGISTRY.get_sample_value("sandboxbot_send_failures_total", {"platform": "telegram"}) or 0.0
    running.telegram.fail_next("sendMessage", status=403)
    update = builders.telegram_text_update(3, "สวัสดีค่ะ")
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)).status == 200
    after = REGISTRY.get_sample_value("sandboxbot_send_failures_total", {"platform": "telegram"})
    assert after == before + 1
