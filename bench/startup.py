"""Start-up time of `sandboxbot serve` on the embedded default (SQLite): `python -m bench.startup`.

Starts the server N times against the lean fake Bot API / LINE API (bench/fake_api.py) and measures, from the moment
the process is spawned: the port answering at all, `/healthz` answering 200 (ready), and the first real webhook (a
Telegram update with its secret, retried every 50 ms while the server says 503) answered 200. Also the server's CPU
time up to ready (less sensitive than wall time to what else the machine runs) and its RSS once ready.

The first run starts on an empty database file (it creates the schema); the others restart on that file, which is
what a platform sees during a deploy or a crash-restart. Medians are over the restarts.

    python -m bench.startup                       # 7 starts, Telegram and LINE configured
    python -m bench.startup --runs 3 --platforms telegram
    python -m bench.startup --compare ../main     # before/after: the two checkouts started in turn
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.webhook import (
    CLI,
    LINE_SECRET,
    LINE_TOKEN,
    ROOT,
    TG_SECRET,
    TOKEN,
    _free_port,
    cpu_seconds,
    rss_mb,
    start_fake,
)

POLL_S = 0.05  # each probe's interval: 20 requests/s per probe while starting, a small load on the server
START_TIMEOUT_S = 60.0


@dataclass
class Start:
    """One start, seconds from spawn (None: not reached)."""

    fresh: bool
    port_open: float | None = None
    ready: float | None = None
    first_webhook: float | None = None
    cpu_to_ready: float | None = None
    rss_mb: float = 0.0
    refused_503: int = 0  # webhooks answered 503 before the first 200


def _env(port: int, api: str, database: Path, platforms: set[str]) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
        "SANDBOXBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "SANDBOXBOT_HOST": "127.0.0.1",
        "SANDBOXBOT_PORT": str(port),
    }
    for key in [k for k in env if k.startswith(("SANDBOXBOT_TELEGRAM", "SANDBOXBOT_LINE"))]:
        del env[key]
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files: measure that
    if "telegram" in platforms:
        env.update(
            SANDBOXBOT_TELEGRAM_TOKEN=TOKEN,
            SANDBOXBOT_TELEGRAM_API_URL=api,
            SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET=TG_SECRET,
        )
    if "line" in platforms:
        env.update(
            SANDBOXBOT_LINE_CHANNEL_SECRET=LINE_SECRET,
            SANDBOXBOT_LINE_ACCESS_TOKEN=LINE_TOKEN,
            SANDBOXBOT_LINE_API_URL=api,
        )
    return env


def _update(update_id: int) -> bytes:
    message = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": 4242, "type": "private", "first_name": "ครู"},
        "from": {"id": 4242, "is_bot": False, "first_name": "ครู", "language_code": "th"},
        "text": "สวัสดีค่ะ",
    }
    return json.dumps({"update_id": update_id, "message": message}, ensure_ascii=False).encode()


async def _until(probe: asyncio.Task[float | None], deadline: float) -> float | None:
    try:
        return await asyncio.wait_for(probe, max(0.1, deadline - time.monotonic()))
    except TimeoutError:
        return None


async def one_start(
    api: str, database: Path, platforms: set[str], fresh: bool, update_ids: list[int], root: Path = ROOT
) -> Start:
    """Spawn `serve`, probe it until the first webhook is answered 200, then stop it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [*CLI, "serve"]
    start = Start(fresh)
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        began = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            *cmd, cwd=root, env=_env(port, api, database, platforms), stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        deadline = began + START_TIMEOUT_S

        async def port_open() -> float:
            while True:
                try:
                    async with http.get(f"{base}/livez") as response:
                        await response.read()
                        return time.monotonic() - began
                except aiohttp.ClientError:
                    await asyncio.sleep(POLL_S)

        async def ready() -> float:
            while True:
                try:
                    async with http.get(f"{base}/healthz") as response:
                        await response.read()
                        if response.status == 200:
                            at = time.monotonic() - began
                            start.cpu_to_ready = cpu_seconds(proc.pid)
                            return at
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(POLL_S)

        async def first_webhook() -> float:
            headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET, "Content-Type": "application/json"}
            while True:
                update_ids[0] += 1
                try:
                    async with http.post(f"{base}/webhook/telegram", data=_update(update_ids[0]), headers=headers) as r:
                        await r.read()
                        if r.status == 200:
                            return time.monotonic() - began
                        start.refused_503 += r.status == 503
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(POLL_S)

        probes = [asyncio.create_task(p()) for p in (port_open, ready)]
        if "telegram" in platforms:
            probes.append(asyncio.create_task(first_webhook()))
        try:
            results = [await _until(p, deadline) for p in probes]
            start.port_open, start.ready = results[0], results[1]
            start.first_webhook = results[2] if len(results) > 2 else None
            start.rss_mb = rss_mb(proc.pid)
        finally:
            for probe in probes:
                probe.cancel()
            if proc.returncode is None:
                proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()
    return start


async def bench(runs: int, platforms: set[str], compare: Path | None = None) -> list[Start]:
    """`runs` starts of this checkout; with `compare`, as many of that checkout too, interleaved (one of each in
    turn, so that both meet the same moments of a shared machine). Returns this checkout's starts;
    `bench.compared` holds the other's."""
    fake, api = await start_fake()
    workdir = Path(tempfile.mkdtemp(prefix="sbstartup-"))
    roots = [ROOT] if compare is None else [ROOT, compare]
    update_ids = [int(time.time())]
    starts: dict[Path, list[Start]] = {root: [] for root in roots}
    try:
        for i in range(runs):
            for n, root in enumerate(roots):
                database = workdir / f"sandboxbot-{n}.db"
                one = await one_start(api, database, platforms, fresh=i == 0, update_ids=update_ids, root=root)
                starts[root].append(one)
                print(f"start {i + 1}/{runs} {root}: {_line(one)}", file=sys.stderr, flush=True)
        compared.clear()
        compared.extend(starts[compare] if compare is not None else [])
        return starts[ROOT]
    finally:
        fake.terminate()
        await fake.wait()
        shutil.rmtree(workdir, ignore_errors=True)


compared: list[Start] = []


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _line(s: Start) -> str:
    return (
        f"port {_s(s.port_open)} s, ready {_s(s.ready)} s, first webhook 200 {_s(s.first_webhook)} s, "
        f"CPU to ready {_s(s.cpu_to_ready)} s, RSS {s.rss_mb:.0f} MB, 503s before {s.refused_503}"
    )


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if len(known) == len(values) and known else None


def report(starts: list[Start], platforms: set[str]) -> str:
    header = "| start | port open s | /healthz ready s | first webhook 200 s | server CPU to ready s | RSS MB ready |"
    lines = [header, "|---|---|---|---|---|---|"]

    def row(label: str, group: list[Start]) -> str:
        cells = [_median([getattr(s, name) for s in group]) for name in ("port_open", "ready", "first_webhook")]
        cpu = _median([s.cpu_to_ready for s in group])
        rss = statistics.median(s.rss_mb for s in group)
        return f"| {label} | " + " | ".join(_s(c) for c in [*cells, cpu]) + f" | {rss:.0f} |"

    fresh = [s for s in starts if s.fresh]
    restarts = [s for s in starts if not s.fresh]
    if fresh:
        lines.append(row("empty database (creates the schema)", fresh))
    if restarts:
        lines.append(row(f"restart, median of {len(restarts)}", restarts))
        worst = max(restarts, key=lambda s: s.first_webhook or s.ready or 0)
        lines.append(row("restart, slowest", [worst]))
    load = os.getloadavg()
    lines.append("")
    lines.append(
        f"platforms configured: {', '.join(sorted(platforms))}; {len(starts)} start(s); load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="starts (the first on an empty database)")
    parser.add_argument("--platforms", default="telegram,line", help="configured platforms: telegram, line or both")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT", help="another checkout, started in turn with this")
    args = parser.parse_args(argv)
    platforms = {p for p in args.platforms.split(",") if p}
    if not platforms <= {"telegram", "line"}:
        parser.error("--platforms takes telegram and/or line")
    starts = asyncio.run(bench(args.runs, platforms, args.compare))
    if args.compare is not None:
        print(f"{args.compare}:\n{report(compared, platforms)}\n\nthis checkout ({ROOT}):")
    print(report(starts, platforms))
    return 0 if all(s.ready is not None for s in starts) else 1


if __name__ == "__main__":
    sys.exit(main())
