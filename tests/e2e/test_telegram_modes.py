"""Telegram without a public webhook: long polling; and `telegram setup` registering the webhook and menu."""

from __future__ import annotations

import asyncio

from bot.cli import main
from handlers.routes import COMMANDS
from tests.e2e.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes import builders


async def test_long_polling_answers_queued_updates_once(serve):
    running = await serve()
    adapter = running.app.telegram
    running.telegram.queue_update(builders.telegram_text_update(40, "กลไกที่ 10 คืออะไรคะ"))
    running.telegram.queue_update(builders.telegram_text_update(41, "ขอบคุณค่ะ"))
    stop = asyncio.Event()
    poller = asyncio.create_task(adapter.poll(stop))
    try:
        await running.telegram.wait_for("sendMessage", count=2)
    finally:
        stop.set()
        await asyncio.wait_for(poller, timeout=10)
    mechanism, thanks = running.telegram.sent_texts(1001)
    assert "Management Cockpit" in mechanism
    assert "ยินดีค่ะ" in thanks
    assert running.telegram.calls_to("deleteWebhook")  # polling and a webhook cannot coexist


async def test_telegram_setup_registers_the_webhook_with_its_secret_and_the_thai_menu(fakes, database_url, monkeypatch):
    telegram, _ = fakes
    for name, value in {
        "DATABASE_URL": database_url,
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_URL": telegram.root,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
    }.items():
        monkeypatch.setenv(f"SANDBOXBOT_{name}", value)
    url = "https://bot.example.go.th/webhook/telegram"
    code = await asyncio.to_thread(main, ["telegram", "setup", "--webhook-url", url])
    assert code == 0
    [webhook] = telegram.calls_to("setWebhook")
    assert webhook.params["url"] == url
    assert webhook.params["secret_token"] == TELEGRAM_SECRET
    [menu, admin_menu] = telegram.calls_to("setMyCommands")
    assert admin_menu.params["scope"] == {"type": "all_chat_administrators"}  # group admins: the admin commands
    assert {c["command"] for c in admin_menu.params["commands"]} >= {"bind", "status", "remind", "export"}
    described = {c["command"]: c["description"] for c in menu.params["commands"]}
    assert described == {name: description for name, description, _ in COMMANDS}
    assert described["deadline"] == "กำหนดส่งรายงานครั้งถัดไป"
