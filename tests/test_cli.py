"""The command line as a user runs it: `sandboxbot chat` and `sandboxbot serve` in their own processes."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.fakes import builders
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi

SANDBOXBOT = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOXBOT_")}
    env.update(extra)
    return env


async def _run(args: list[str], stdin: str, cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *SANDBOXBOT,
        *args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_chat_json_answers_round_2_with_april_of_the_buddhist_year(tmp_path):
    code, out, err = await _run(
        ["chat", "--json", "--user", "director-7"],
        "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่\n\nขอบคุณค่ะ\n",
        tmp_path,
        _env(tmp_path),
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["in"] for line in lines] == ["กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่", "ขอบคุณค่ะ"]
    [reply] = lines[0]["replies"]
    assert "เมษายน 25" in reply["text"] and "ครั้งที่ 2" in reply["text"]
    assert "วิธีส่งรายงาน" in reply["choices"]
    assert (tmp_path / "sandboxbot.db").exists()  # the embedded default, in the working folder


async def test_half_configured_line_stops_start_up_naming_the_missing_variable(tmp_path):
    code, _, err = await _run(["chat"], "", tmp_path, _env(tmp_path, SANDBOXBOT_LINE_CHANNEL_SECRET="abc"))
    assert code == 2
    assert "SANDBOXBOT_LINE_ACCESS_TOKEN" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_serve_answers_line_and_telegram_through_local_fakes(tmp_path):
    token, secret = "4242:SERVE", "line-secret"
    async with FakeTelegramApi(token=token) as telegram, FakeLineApi() as line:
        port = _free_port()
        env = _env(
            tmp_path,
            SANDBOXBOT_PORT=str(port),
            SANDBOXBOT_TELEGRAM_TOKEN=token,
            SANDBOXBOT_TELEGRAM_API_URL=telegram.root,
            SANDBOXBOT_LINE_CHANNEL_SECRET=secret,
            SANDBOXBOT_LINE_ACCESS_TOKEN="line-token",
            SANDBOXBOT_LINE_API_URL=line.root,
        )
        proc = await asyncio.create_subprocess_exec(
            *SANDBOXBOT,
            "serve",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:
                health = await _wait_healthy(http, base, proc)
                assert health == {"status": "ok", "database": True, "platforms": ["telegram", "line"]}

                event = builders.line_text_event("ใครดูแลจังหวัดยะลาคะ", reply_token=line.issue_reply_token())
                body = builders.line_body([event])
                headers = {"X-Line-Signature": builders.line_signature(secret, body)}
                async with http.post(f"{base}/webhook/line", data=body, headers=headers) as response:
                    assert response.status == 200
                assert "กลุ่มที่ 2" in line.reply_texts()[0]

                update = builders.telegram_text_update(1, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่")
                async with http.post(f"{base}/webhook/telegram", json=update) as response:
                    assert response.status == 200
                assert "เมษายน 2570" in telegram.sent_texts(1001)[0]
        finally:
            proc.terminate()
            await asyncio.wait_for(proc.wait(), timeout=20)


async def _wait_healthy(http: aiohttp.ClientSession, base: str, proc: asyncio.subprocess.Process) -> dict:
    for _ in range(300):
        if proc.returncode is not None:
            _, err = await proc.communicate()
            pytest.fail(f"serve exited: {err.decode()}")
        try:
            async with http.get(f"{base}/healthz") as response:
                body = await response.json()
            if body["status"] != "starting":  # the port answers at once; ready once the bot is built
                return body
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    pytest.fail("serve did not come up")
