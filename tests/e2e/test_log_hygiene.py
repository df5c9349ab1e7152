"""A whole conversation's log, at DEBUG, holds no secret and no personal datum (issue 10, item 1)."""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes import builders

TG_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
SECRETS = (TELEGRAM_TOKEN, TELEGRAM_SECRET, LINE_SECRET, LINE_TOKEN)
PERSONAL = ("ทดสอบลับเฉพาะ", "สมหญิงลับ")  # message text and display name sent below


async def test_no_secret_or_personal_datum_in_a_whole_runs_log(serve, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    running = await serve()
    # A failing send makes the adapter log a warning about the call, whose URL holds the token.
    running.telegram.fail_next("sendMessage", status=500, times=1)
    for update_id, text in enumerate(("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่", PERSONAL[0], "/start"), start=1):
        update = builders.telegram_text_update(update_id, text, first_name=PERSONAL[1])
        response = await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)
        assert response.status == 200
    body = builders.line_body([builders.line_text_event(PERSONAL[0], reply_token=running.line.issue_reply_token())])
    headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
    assert (await running.client.post("/webhook/line", data=body, headers=headers)).status == 200
    assert len(running.telegram.calls_to("sendMessage")) == 3

    logged = "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records])
    assert logged, "the run should have logged something at DEBUG"
    for secret in (*SECRETS, *PERSONAL):
        assert secret not in logged
    for answer in running.telegram.sent_texts(1001):  # what the bot said in a private chat is message text too
        assert answer.splitlines()[0] not in logged


def test_token_shaped_text_is_redacted_even_when_unregistered(caplog: pytest.LogCaptureFixture) -> None:
    from bot.logs import protect_logs

    protect_logs([])
    stranger = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
    logging.getLogger("httpx.elsewhere").warning("POST https://api.telegram.org/bot%s/sendMessage", stranger)
    assert stranger not in caplog.text
    assert "[REDACTED]" in caplog.text


async def test_failure_paths_log_ids_and_types_never_the_values_that_failed(serve, caplog):
    """Unparseable updates, values the store refuses, a handler that crashes quoting the message, a reply queued
    for retry: every log line and traceback names the event by id and the error by type, nothing more."""
    import copy

    caplog.set_level(logging.DEBUG)
    running = await serve()
    secret_text, secret_name = "ข้อความส่วนตัวมาก", "ชื่อจริงลับ"

    bad = builders.telegram_text_update(40, secret_text, first_name=secret_name)
    bad["message"]["entities"] = [[]]  # PTB's parser raises, quoting the update
    surrogate = copy.deepcopy(builders.telegram_text_update(41, secret_text))
    surrogate["message"]["from"]["first_name"] = secret_name + "\ud800"
    for update in (bad, surrogate):
        response = await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)
        assert response.status == 200

    async def crash(msg, ctx):
        raise ValueError(f"cannot handle {msg.text}")  # a handler bug whose message quotes the person

    router = running.app.processor.router
    router.text, original = crash, router.text
    crashing = builders.telegram_text_update(42, secret_text, first_name=secret_name)
    assert (await running.client.post("/webhook/telegram", data=json.dumps(crashing), headers=TG_HEADERS)).status == 200
    router.text = original

    running.telegram.fail_next("sendMessage", status=502)
    update = builders.telegram_text_update(43, secret_text, first_name=secret_name)
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)).status == 200

    event = builders.line_text_event("x")
    event["message"]["text"] = 12345
    event["source"]["userId"] = "U" + "9" * 32
    body = builders.line_body([event, builders.line_text_event(secret_text)])
    headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
    assert (await running.client.post("/webhook/line", data=body, headers=headers)).status == 200

    logged = "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records])
    assert "queued for retry" in logged and "handler failed" in logged
    for value in (secret_text, secret_name, *SECRETS):
        assert value not in logged
