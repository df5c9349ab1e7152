"""The webhook contract, probe by probe: each input that once broke a webhook, and what it must get now."""

from __future__ import annotations

import json
import logging
import random

import pytest
from sqlalchemy import select

from storage.models import ProcessedEvent
from tests.e2e.conftest import LINE_SECRET, TELEGRAM_SECRET
from tests.fakes import builders
from tests.fuzz.bodies import line_probes, telegram_probes

TG = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
_TELEGRAM = dict((what, body) for body, what in telegram_probes(random.Random(1)))
_LINE = dict((what, body) for body, what in line_probes(random.Random(1)))


def _bytes(body: dict | bytes) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


async def _events(running) -> list[ProcessedEvent]:
    async with running.app.sessions() as session:
        return list((await session.execute(select(ProcessedEvent))).scalars())


@pytest.mark.parametrize(
    ("probe", "status", "reason"),
    [
        ("entities [[]]", 200, "unparseable"),
        ("date overflow", 200, "unparseable"),
        ("message without chat", 200, "unusable"),
        ("text is a number", 200, "unusable"),
        ("lone surrogate in a name", 200, None),  # answered: the name is stored with U+FFFD in its place
        ("lone surrogate in the chat id", 200, None),  # stored as U+FFFD; the reply goes nowhere, without a 5xx
        ("update_id beyond 64 bits", 200, None),
        ("200 KB of nested [", 400, None),
        ("nested inside an update", 400, None),
    ],
)
async def test_telegram_probe(serve, probe, status, reason, caplog):
    running = await serve()
    response = await running.client.post("/webhook/telegram", data=_bytes(_TELEGRAM[probe]), headers=TG)
    assert response.status == status
    events = await _events(running)
    if status == 400:
        assert events == []
    else:
        [event] = events
        assert (event.kind == "ignored") == (reason is not None)
        assert (event.ignored_reason or "").startswith(reason or "")
        again = await running.client.post("/webhook/telegram", data=_bytes(_TELEGRAM[probe]), headers=TG)
        assert again.status == 200
        assert len(await _events(running)) == 1, "a redelivery is recognised"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no reply lost, nothing raised"


@pytest.mark.parametrize(
    ("probe", "status", "reason"),
    [
        ("webhookEventId longer than its column", 200, None),  # hashed to fit, then answered
        ("event type longer than its column", 200, "unparseable"),
        ("event without source", 200, None),  # parsed: answered with the reply token
        ("lone surrogate in text", 200, None),
        ("lone surrogate in the reply token", 200, None),  # answered; LINE refuses the token, nothing breaks
        ("text is a number", 200, "unparseable"),
        ("event is a list", 200, "unparseable"),
        ("events is an object", 400, None),
        ("200 KB of nested [", 400, None),
    ],
)
async def test_line_probe(serve, probe, status, reason, caplog):
    running = await serve()
    body = _bytes(_LINE[probe])
    headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
    response = await running.client.post("/webhook/line", data=body, headers=headers)
    assert response.status == status
    events = await _events(running)
    if status == 400:
        assert events == []
        return
    [event] = events
    assert len(event.event_id) <= 100
    assert (event.kind == "ignored") == (reason is not None)
    assert (event.ignored_reason or "").startswith(reason or "")
    assert (await running.client.post("/webhook/line", data=body, headers=headers)).status == 200
    assert len(await _events(running)) == 1, "a redelivery is recognised"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "nothing raised"


@pytest.mark.parametrize("path", ["/webhook/telegram", "/webhook/line"])
async def test_a_body_over_the_limit_is_413_and_nothing_is_stored(serve, path):
    running = await serve()
    body = b'{"update_id": 1, "events": [], "pad": "' + b"x" * (1024 * 1024) + b'"}'
    headers = {**TG, "X-Line-Signature": builders.line_signature(LINE_SECRET, body)}
    assert (await running.client.post(path, data=body, headers=headers)).status == 413
    assert await _events(running) == []


async def test_an_unsupported_update_is_acknowledged_and_recorded_as_ignored(serve):
    running = await serve()
    edited = builders.telegram_text_update(11, "แก้ข้อความ")
    edited["edited_message"] = edited.pop("message")
    assert (await running.client.post("/webhook/telegram", data=json.dumps(edited), headers=TG)).status == 200
    [event] = await _events(running)
    assert (event.kind, event.ignored_reason) == ("ignored", "unsupported update")
    assert running.telegram.calls_to("sendMessage") == []


async def test_one_unreadable_event_does_not_cost_the_rest_of_the_batch(serve):
    running = await serve()
    good = builders.line_text_event("หน้าที่ข้อ 4 คืออะไร", reply_token=running.line.issue_reply_token())
    bad = builders.line_text_event("x")
    bad["message"]["text"] = 42
    body = builders.line_body([bad, good])
    headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
    assert (await running.client.post("/webhook/line", data=body, headers=headers)).status == 200
    assert len(running.line.replies()) == 1
    assert sorted(e.kind for e in await _events(running)) == ["ignored", "message"]
