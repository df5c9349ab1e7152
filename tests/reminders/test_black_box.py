"""As a deployer would: `sandboxbot serve` in its own process, its clock started with SANDBOXBOT_CLOCK_START, talking
to fake Telegram and LINE servers. 21:00 on Thursday 22 April 2027 sends nothing; 09:00 on Friday 23 April sends one
reminder to each person who has not finished round 2 (due 30 April 2570) within seconds; a restart sends nothing twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.app import App
from tests.directory import link, seed_directory
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi
from tests.status.conftest import add_checkins

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token"
LINE = {"SANDBOXBOT_LINE_CHANNEL_SECRET": "line-channel-secret", "SANDBOXBOT_LINE_ACCESS_TOKEN": "line-access-token"}
UNFINISHED_TELEGRAM = ["9001", "9003", "9004", "9006"]
UNFINISHED_LINE = "U" + "7" * 32
FINISHED_LINE = "U" + "5" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def seeded(make_app: Callable[..., App]) -> str:
    app = await make_app(connect_platforms=False)
    async with app.sessions() as session, session.begin():
        people = await seed_directory(session)
        for person, platform, chat in (
            (people.chair, "telegram", "9001"),
            (people.secretary, "line", FINISHED_LINE),
            (people.expert, "telegram", "9003"),
            (people.director, "telegram", "9004"),
            (people.other_director, "line", UNFINISHED_LINE),
            (people.outsider, "telegram", "9006"),
        ):
            await link(session, person, platform, chat)
    await add_checkins(app, people.committee, people.secretary, dict.fromkeys(range(1, 7), "done"))
    return str(app.settings.database_url)


@pytest.fixture
async def platforms() -> AsyncIterator[tuple[FakeTelegramApi, FakeLineApi]]:
    async with FakeTelegramApi(TOKEN, enforce_limits=True) as telegram, FakeLineApi("line-access-token") as line:
        yield telegram, line


class Served:
    """`sandboxbot serve` as a child process; `stop` sends SIGTERM and returns what it printed."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(self.process.communicate(), 30)
        return out.decode()


async def serve(database_url: str, telegram: FakeTelegramApi, line: FakeLineApi, clock_start: str) -> Served:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOXBOT_")},
        "SANDBOXBOT_DATABASE_URL": database_url,
        "SANDBOXBOT_PORT": str(port),
        "SANDBOXBOT_TELEGRAM_TOKEN": TOKEN,
        "SANDBOXBOT_TELEGRAM_API_URL": telegram.root,
        "SANDBOXBOT_LINE_API_URL": line.root,
        "SANDBOXBOT_CLOCK_START": clock_start,
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
        **LINE,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "serve",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return Served(process)
            except aiohttp.ClientError:
                pass
            if process.returncode is not None:
                raise AssertionError((await process.communicate())[0].decode())
            await asyncio.sleep(0.1)
    raise AssertionError("serve did not come up")


def deliveries(telegram: FakeTelegramApi, line: FakeLineApi) -> list[tuple[str, str]]:
    sent = [(str(c.params["chat_id"]), c.params["text"]) for c in telegram.delivered()]
    for body in line.pushes():
        sent.append((body["to"], body["messages"][0]["text"]))
    for body in line.multicasts():
        sent.extend((to, body["messages"][0]["text"]) for to in body["to"])
    return sent


async def test_serve_with_a_started_clock_reminds_once_and_only_in_working_hours(seeded, platforms) -> None:
    telegram, line = platforms
    evening = await serve(seeded, telegram, line, "2027-04-22T21:00:00+07:00")
    await asyncio.sleep(4)  # the worker runs its first pass at once
    log = await evening.stop()
    assert "SANDBOXBOT_CLOCK_START is set" in log
    assert deliveries(telegram, line) == []

    morning = await serve(seeded, telegram, line, "2027-04-23T09:00:00+07:00")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await telegram.wait_for("sendMessage", len(UNFINISHED_TELEGRAM), timeout=30)
    await line.wait_for("/v2/bot/message/push", 1, timeout=30)
    within = loop.time() - started
    await asyncio.sleep(2)
    await morning.stop()
    sent = deliveries(telegram, line)
    assert sorted(chat for chat, _ in sent) == sorted([*UNFINISHED_TELEGRAM, UNFINISHED_LINE])
    assert all("ภายในวันศุกร์ที่ 30 เมษายน 2570 อีก 7 วัน" in text for _, text in sent)
    assert FINISHED_LINE not in [chat for chat, _ in sent]
    assert within < 15
    assert telegram.rate_limited == []

    again = await serve(seeded, telegram, line, "2027-04-23T09:05:00+07:00")
    await asyncio.sleep(4)
    await again.stop()
    assert deliveries(telegram, line) == sent
