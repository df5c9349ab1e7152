"""Send fuzzed webhook bodies to a real `sandboxbot serve` and count the answers (issue 10: 298/4000 were 5xx).

    python -m bench.fuzz_serve [--count 4000] [--seed 10] [--database-url URL]

Starts the fake Telegram and LINE APIs on 127.0.0.1, runs `sandboxbot serve` as a child process against them (a
fresh SQLite file unless --database-url is given; a PostgreSQL URL must already be migrated), sends the bodies
four at a time, then checks /healthz and the server's resident memory. Exit status 1 when any answer was a 5xx.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.webhook import CLI
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fuzz.bodies import delivery

TELEGRAM_TOKEN = "424242:fuzz-token-for-the-bench-run-only"
TELEGRAM_SECRET = "fuzz-secret"
LINE_SECRET = "fuzz-line-channel-secret"
LINE_TOKEN = "fuzz-line-access-token"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _wait_for(session: aiohttp.ClientSession, url: str, started: float, seconds: float) -> float:
    """Seconds from `started` until `url` answers 200."""
    while time.monotonic() - started < seconds:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{url} did not answer 200 within {seconds}s")


async def run(count: int, seed: int, database_url: str | None) -> int:
    async with FakeTelegramApi(TELEGRAM_TOKEN) as telegram, FakeLineApi(LINE_TOKEN) as line:
        port = _free_port()
        workdir = tempfile.mkdtemp(prefix="sandboxbot-fuzz-")
        env = {
            **os.environ,
            "PYTHAINLP_OFFLINE": "1",
            "PYTHAINLP_READ_ONLY": "1",
            "SANDBOXBOT_PORT": str(port),
            "SANDBOXBOT_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{workdir}/fuzz.db",
            "SANDBOXBOT_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "SANDBOXBOT_TELEGRAM_API_URL": telegram.root,
            "SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "SANDBOXBOT_LINE_CHANNEL_SECRET": LINE_SECRET,
            "SANDBOXBOT_LINE_ACCESS_TOKEN": LINE_TOKEN,
            "SANDBOXBOT_LINE_API_URL": line.root,
            "PYTHONPATH": str(ROOT),
        }
        log = Path(workdir) / "serve.log"
        started = time.monotonic()
        with log.open("wb") as log_file:
            server = subprocess.Popen(  # noqa: ASYNC220 - started once, before any traffic
                [*CLI, "serve"],
                env=env,
                cwd=workdir,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
                alive = await _wait_for(session, f"{url}/livez", started, 60)
                ready = await _wait_for(session, f"{url}/healthz", started, 60)
                print(f"serve answering {alive:.1f}s after start, ready (healthz 200) {ready:.1f}s after start")
                return await _send(session, url, server.pid, count, seed, log)
        finally:
            server.terminate()
            server.wait(timeout=20)


async def _send(session: aiohttp.ClientSession, url: str, pid: int, count: int, seed: int, log: Path) -> int:
    rng = random.Random(seed)
    deliveries = [delivery(rng, TELEGRAM_SECRET, LINE_SECRET) for _ in range(count)]
    statuses: collections.Counter[int] = collections.Counter()
    tried: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)
    rss_before = _rss_kib(pid)

    async def worker() -> None:
        while not queue.empty():
            item = deliveries[queue.get_nowait()]
            try:
                async with session.post(url + item.path, data=item.body, headers=item.headers) as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError:
                status = 599  # connection dropped: as bad as a 5xx
            statuses[status] += 1
            tried[_category(item.what)] += 1
            if status >= 500:
                failures[_category(item.what)] += 1

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(4)))
    elapsed = time.monotonic() - started
    async with session.get(f"{url}/healthz") as response:
        health = response.status, await response.json()
    rss_after = _rss_kib(pid)
    five_xx = sum(n for status, n in statuses.items() if status >= 500)
    print(f"{count} bodies in {elapsed:.1f}s: " + ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items())))
    print(f"5xx: {five_xx}/{count}; healthz after: {health[0]} {health[1].get('status')}")
    print(f"server RSS: {rss_before // 1024} MiB before, {rss_after // 1024} MiB after")
    print(f"  {'probe':60s} {'tried':>6s} {'5xx':>6s}")
    for what, n in sorted(tried.items()):
        print(f"  {what:60s} {n:6d} {failures[what]:6d}")
    if five_xx:
        print(f"server log: {log}")
    return 1 if five_xx or health[0] != 200 else 0


def _category(what: str) -> str:
    """Probes and junk by name; mutated and valid bodies by platform only (their mutations vary)."""
    kind, _, detail = what.partition(":")
    return f"{kind}: {detail.strip()}" if ("probe" in kind or "junk" in kind) else kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--database-url", help="defaults to a fresh SQLite file")
    args = parser.parse_args()
    return asyncio.run(run(args.count, args.seed, args.database_url))


if __name__ == "__main__":
    sys.exit(main())
