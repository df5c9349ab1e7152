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


def test_token_shaped_text_is_redacted_even_when_unregistered(caplog: pytest.LogCaptureFixture) -> None:
    from bot.logs import protect_logs

    protect_logs([])
    stranger = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
    logging.getLogger("httpx.elsewhere").warning("POST https://api.telegram.org/bot%s/sendMessage", stranger)
    assert stranger not in caplog.text
    assert "[REDACTED]" in caplog.text
