"""`sandboxbot serve --workers 2`: two processes on one port, one store; a duplicate is still answered once."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.fakes import builders
from tests.fakes.telegram_api import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
SANDBOXBOT = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _until_listening(http: aiohttp.ClientSession, base: str, proc: asyncio.subprocess.Process) -> None:
    for _ in range(600):
        assert proc.returncode is None, "serve --workers exited during start-up"
        try:
            async with http.get(f"{base}/livez") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("serve --workers did not start")


async def test_two_workers_share_a_port_and_answer_a_duplicate_once(tmp_path: Path, database_url: str):
    token = "4242:WORKERS"
    async with FakeTelegramApi(token=token) as telegram:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOXBOT_")}
        env.update(
            SANDBOXBOT_DATABASE_URL=database_url,
            SANDBOXBOT_PORT=str(port),
            SANDBOXBOT_TELEGRAM_TOKEN=token,
            SANDBOXBOT_TELEGRAM_API_URL=telegram.root,
            PYTHONPATH=str(ROOT),  # this checkout's code, whatever is installed
        )
        proc = await asyncio.create_subprocess_exec(
            *SANDBOXBOT, "serve", "--workers", "2", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            assert proc.stdout is not None
            banner = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode()
            assert "2 workers" in banner
            # new connections each time, so the kernel spreads them over both processes
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
                await _until_listening(http, base, proc)
                await asyncio.sleep(2)  # the second worker may still be loading

                async def post(update: dict) -> int:
                    async with http.post(f"{base}/webhook/telegram", json=update) as response:
                        return response.status

                twice = builders.telegram_text_update(77, "ขอบคุณค่ะ")
                others = [builders.telegram_text_update(80 + i, "ขอบคุณค่ะ", 2000 + i, 2000 + i) for i in range(6)]
                statuses = await asyncio.gather(*(post(u) for u in [twice, twice, twice, *others]))
                assert statuses == [200] * 9
            assert len(telegram.sent_texts(1001)) == 1
            assert all(len(telegram.sent_texts(2000 + i)) == 1 for i in range(6))
        finally:
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(proc.wait(), 30)
        assert code == 0
