"""Webhook throughput and latency, sandboxbot against its peers, in one run: `python -m bench.webhook`.

Starts a lean fake Bot API + LINE API (bench/fake_api.py) and, side by side, sandboxbot on SQLite, on PostgreSQL,
on PostgreSQL with `serve --workers 2`, and the echo peers (aiogram 3, python-telegram-bot, bare aiohttp; see
bench/peers.py). Every system is started once; the loads are then interleaved (rep 1: every system, rep 2: every
system, ...) so the noise of a shared machine falls on all of them alike. Per system: a closed-loop saturation run
and open-loop runs at fixed offered rates, latency from the scheduled send time. In each rep the closed loops of
every system run back to back (in reverse order every other rep), and the ratio to aiogram is taken within the rep,
then the median over reps: a machine that speeds up or slows down between reps moves both sides of a ratio alike.
The driver and the fake API are pinned to CPU 0 and the servers to CPU 1 (taskset), as in issue 12. RSS is read
after start and after the runs. Sandboxbot systems also get a duplicate check: updates sent twice at once must be
answered as often as updates sent once.

    python -m bench.webhook                       # everything, 3 reps, 5 s per run
    python -m bench.webhook --systems sqlite,aiogram --seconds 2 --reps 1 --rates 50,200
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.fake_api import WATCHED_CHATS
from bench.load import Result, closed_loop, open_loop

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-token"
TG_SECRET = "bench-secret_1"
LINE_SECRET = "bench-line-secret"
LINE_TOKEN = "bench-line-token"
PG_SOCKET_DIR = "/var/run/postgresql"


def _default_pg_url() -> str:
    """This machine's PostgreSQL as a same-host deployment reaches it: over its Unix socket where it has one
    (docs/DEPLOYMENT.md), else over TCP on 127.0.0.1. SANDBOXBOT_BENCH_DATABASE_URL chooses otherwise."""
    if os.path.exists(f"{PG_SOCKET_DIR}/.s.PGSQL.5432"):
        return f"postgresql+asyncpg://postgres@/test?host={PG_SOCKET_DIR}"
    return "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


PG_URL = os.environ.get("SANDBOXBOT_BENCH_DATABASE_URL") or _default_pg_url()
TEXTS = ["สวัสดีค่ะ", "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ", "ใครดูแลจังหวัดยะลาคะ", "คณะกรรมการมีหน้าที่อะไรบ้าง"]
USERS = 400
ALL_SYSTEMS = ("sqlite", "postgresql", "postgresql-2w", "aiogram", "ptb", "aiohttp")
PEER_LABELS = {"aiogram": "aiogram 3 echo", "ptb": "python-telegram-bot echo", "aiohttp": "bare aiohttp echo"}


@dataclass
class System:
    """One server under test and the webhooks it serves."""

    name: str
    platforms: tuple[str, ...]
    store: str = "-"
    url: str | None = None  # the store's database URL (sandboxbot systems)
    workers: int = 1
    port: int = 0
    proc: asyncio.subprocess.Process | None = None
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0
    results: dict[tuple[str, str], list[Result]] = field(default_factory=dict)
    duplicates: str = ""
    log: Path = Path("/dev/null")

    @property
    def sandboxbot(self) -> bool:
        return self.name in ("sqlite", "postgresql", "postgresql-2w")


# --- processes -----------------------------------------------------------------------------------


def _pin(cpu: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(cpu)]
    return []


#: sandboxbot's command line, run from the current directory's checkout (its `bot/`, which may not be the installed one)
CLI = (sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def family(pid: int) -> list[int]:
    """A process and its descendants still running, from /proc."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            stack += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    for p in family(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (children still running), in seconds."""
    ticks = 0
    for p in family(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_pid(proc: asyncio.subprocess.Process) -> int:
    """taskset execs the command, so the child's pid is the server's."""
    return proc.pid


async def start_fake() -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(
        *_pin(0), sys.executable, "-m", "bench.fake_api", cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    port = int((await proc.stdout.readline()).decode().strip())
    return proc, f"http://127.0.0.1:{port}"


@dataclass
class Harness:
    """What a benchmark's driver has: the fake API's address, a working directory, an HTTP client and the traffic."""

    api: str
    workdir: Path
    http: aiohttp.ClientSession
    traffic: Traffic


@asynccontextmanager
async def harness(prefix: str) -> AsyncIterator[Harness]:
    """The driver on CPU 0 with the fake API beside it, as every closed-loop benchmark here runs; the fake API, the
    client and the working directory are gone afterwards (the servers are the caller's to stop first)."""
    if _pin(0):
        os.sched_setaffinity(0, {0})
    fake, api = await start_fake()
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=4000), timeout=aiohttp.ClientTimeout(total=60))
    try:
        yield Harness(api, workdir, http, Traffic())
    finally:
        await http.close()
        fake.terminate()
        await fake.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def pg_transport() -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    socket = url.query.get("host")
    return f"its Unix socket in {socket}" if socket else f"TCP to {url.host}:{url.port or 5432}"


async def create_pg_database(migrate: bool = True) -> str:
    import asyncpg
    from sqlalchemy.engine import make_url

    name = f"sbbench_{uuid.uuid4().hex[:10]}"
    admin_url = make_url(PG_URL).set(drivername="postgresql")
    conn = await asyncpg.connect(admin_url.render_as_string(hide_password=False))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    if not migrate:
        return url
    from storage.engine import create_engine
    from storage.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return url


async def drop_pg_database(url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin_url = make_url(PG_URL).set(drivername="postgresql")
    conn = await asyncpg.connect(admin_url.render_as_string(hide_password=False))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def env_pair(text: str) -> str:
    """An argparse type: KEY=VALUE for a server's environment (see `environment`)."""
    key, equals, _ = text.partition("=")
    if not (key and equals):
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return text


def environment(pairs: list[str]) -> dict[str, str]:
    """KEY=VALUE arguments (`--env` and the like) as a server's extra environment."""
    return dict(pair.split("=", 1) for pair in pairs)


async def start_system(
    system: System,
    api: str,
    database_url: str | None,
    extra_env: dict[str, str],
    workdir: Path,
    profile: str | None = None,
    wrap: tuple[str, ...] = (),
) -> None:
    """Start the system's server on a free port (pinned to CPU 1); `wrap` goes before its command (a tool that runs
    it, as valgrind in bench/instructions.py)."""
    system.port = _free_port()
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", **extra_env}
    if system.sandboxbot:
        env.update(
            SANDBOXBOT_DATABASE_URL=database_url or "",
            SANDBOXBOT_HOST="127.0.0.1",
            SANDBOXBOT_PORT=str(system.port),
            SANDBOXBOT_TELEGRAM_TOKEN=TOKEN,
            SANDBOXBOT_TELEGRAM_API_URL=api,
            SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET=TG_SECRET,
            SANDBOXBOT_LINE_CHANNEL_SECRET=LINE_SECRET,
            SANDBOXBOT_LINE_ACCESS_TOKEN=LINE_TOKEN,
            SANDBOXBOT_LINE_API_URL=api,
        )
        cmd = [*CLI, "serve"]
        if system.workers > 1:
            cmd += ["--workers", str(system.workers)]
        if profile:
            out = Path(profile) / f"{system.name}.txt"
            cmd = ["py-spy", "record", "--subprocesses", "--format", "raw", "-o", str(out), "--", *cmd]
    else:
        cmd = [sys.executable, "-m", "bench.peers", system.name, "--port", str(system.port), "--api", api]
        cmd += ["--token", TOKEN]
    system.log = Path(workdir) / f"{system.name}.log"
    with system.log.open("wb") as log:  # a file, not a pipe: a full pipe would stall the server
        system.proc = await asyncio.create_subprocess_exec(
            *_pin(1), *wrap, *cmd, cwd=ROOT, env=env, stdout=log, stderr=log
        )


async def wait_ready(http: aiohttp.ClientSession, system: System, timeout: float = 120) -> None:  # noqa: ASYNC109
    """Until the server answers at all, then (sandboxbot) until /healthz says ready: `serve` opens its port before
    the bot is built and answers 503 meanwhile. With several workers, every one of 20 fresh connections (spread
    over the processes by SO_REUSEPORT) must find a ready worker."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{system.port}/webhook/telegram"
    while time.monotonic() < deadline:
        assert system.proc is not None
        if system.proc.returncode is not None:
            raise RuntimeError(f"{system.name} exited: {system.log.read_text(errors='replace')[-2000:]}")
        try:
            async with http.get(url) as response:  # any HTTP answer means it listens (GET is 405)
                await response.read()
            if not system.sandboxbot or await _all_ready(system, 20 if system.workers > 1 else 1):
                return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"{system.name} did not start in {timeout}s")


async def _all_ready(system: System, probes: int) -> bool:
    connector = aiohttp.TCPConnector(force_close=True)  # a new connection per probe: it may reach another worker
    async with aiohttp.ClientSession(connector=connector) as fresh:
        for _ in range(probes):
            async with fresh.get(f"http://127.0.0.1:{system.port}/healthz") as response:
                await response.read()
                if response.status != 200:
                    return False
    return True


async def stop_system(system: System) -> None:
    if system.proc is not None and system.proc.returncode is None:
        system.proc.send_signal(signal.SIGINT)  # py-spy writes its profile on SIGINT
        try:
            await asyncio.wait_for(system.proc.wait(), 20)
        except TimeoutError:
            system.proc.kill()
            await system.proc.wait()


# --- requests ------------------------------------------------------------------------------------


class Traffic:
    """Fresh update ids and LINE event ids for the whole run; users cycle so per-user state is exercised."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._users = itertools.cycle(range(1, USERS + 1))
        self._texts = itertools.cycle(TEXTS)

    def telegram(self, text: str | None = None, user: int | None = None) -> bytes:
        update_id, text = next(self._ids), text or next(self._texts)
        user = user if user is not None else 100_000 + next(self._users)
        return json.dumps(
            {
                "update_id": update_id,
                "message": {
                    "message_id": update_id,
                    "date": int(time.time()),
                    "chat": {"id": user, "type": "private", "first_name": "ครู"},
                    "from": {"id": user, "is_bot": False, "first_name": "ครู", "language_code": "th"},
                    "text": text,
                },
            },
            ensure_ascii=False,
        ).encode()

    def line(self) -> bytes:
        n, user, text = next(self._ids), next(self._users), next(self._texts)
        event = {
            "type": "message",
            "mode": "active",
            "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": f"U{user:032x}"},
            "webhookEventId": f"01BENCH{n:019d}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": uuid.uuid4().hex,
            "message": {"id": str(n), "type": "text", "quoteToken": "q", "text": text},
        }
        return json.dumps({"destination": "Ubench", "events": [event]}, ensure_ascii=False).encode()


def line_signature(body: bytes) -> str:
    return base64.b64encode(hmac.new(LINE_SECRET.encode(), body, hashlib.sha256).digest()).decode()


class Target:
    """Sends one request to a system's webhook; counts answers that came back in the response body."""

    def __init__(self, http: aiohttp.ClientSession, system: System, platform: str, traffic: Traffic) -> None:
        self.http, self.platform, self.traffic = http, platform, traffic
        self.url = f"http://127.0.0.1:{system.port}/webhook/{platform}"
        self.in_body = 0

    def body(self, text: str | None = None, user: int | None = None) -> tuple[bytes, dict[str, str]]:
        if self.platform == "line":
            body = self.traffic.line()
            return body, {"X-Line-Signature": line_signature(body), "Content-Type": "application/json"}
        return self.traffic.telegram(text, user), {
            "X-Telegram-Bot-Api-Secret-Token": TG_SECRET,
            "Content-Type": "application/json",
        }

    async def send(self) -> bool:
        body, headers = self.body()
        return await self.post(body, headers)

    async def post(self, body: bytes, headers: dict[str, str]) -> bool:
        async with self.http.post(self.url, data=body, headers=headers) as response:
            answer = await response.read()
            if response.status == 200 and answer.startswith(b'{"method"'):
                self.in_body += 1
            return response.status == 200


# --- the run -------------------------------------------------------------------------------------


async def fake_calls(http: aiohttp.ClientSession, api: str) -> int:
    async with http.get(f"{api}/stats") as response:
        stats = await response.json()
    return sum(count for method, count in stats.items() if method in ("sendMessage", "line.reply"))


async def duplicate_check(http: aiohttp.ClientSession, api: str, system: System, traffic: Traffic, n: int) -> str:
    """n updates sent once, then n updates each sent twice at the same moment: both must get as many answers.
    Each update comes from a chat of its own in the fake API's watched range, and only answers to those chats are
    counted (sent through the API, or in the webhook response), so answers still owed from a load run cannot
    spoil the count."""
    target = Target(http, system, "telegram", traffic)
    chats = itertools.count(WATCHED_CHATS + system.port * 1000)  # fresh chats for each system

    async def answers(copies: int) -> int:
        mine = [next(chats) for _ in range(n)]
        target.in_body = 0
        bodies = [target.body(TEXTS[0], user=chat) for chat in mine]
        await asyncio.gather(*(target.post(b, h) for b, h in bodies for _ in range(copies)))
        await asyncio.sleep(0.5)
        async with http.get(f"{api}/chats") as response:
            per_chat = await response.json()
        return sum(per_chat.get(str(chat), 0) for chat in mine) + target.in_body

    once, twice = await answers(1), await answers(2)
    verdict = "ok" if once == twice else "DUPLICATE ANSWERS"
    if once < n:  # every update must be answered (a harness that cannot see the answers would pass 0 == 0)
        verdict = "ANSWERS MISSING"
    return f"{n} updates once → {once} answers; {n} updates twice at once → {twice} answers: {verdict}"


async def settle(pid: int, limit_s: float = 60.0) -> None:
    """Wait until the server has worked off what an overload left queued (under 10% of a core for 0.5 s), so that
    one run's backlog is not charged to the next."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        await asyncio.sleep(0.5)
        if cpu_seconds(pid) - before < 0.05:
            return


async def closed_run(target: Target, pid: int, args: argparse.Namespace, rep: int) -> Result:
    """One closed-loop saturation run, with the server's CPU time over it."""
    await settle(pid)
    cpu = cpu_seconds(pid)
    result = await closed_loop(target.send, args.seconds, args.concurrency)
    result.cpu_seconds = cpu_seconds(pid) - cpu
    result.rep = rep
    return result


async def open_runs(target: Target, pid: int, args: argparse.Namespace) -> list[Result]:
    results = []
    for rate in args.rates:
        await settle(pid)
        results.append(await open_loop(target.send, rate, args.seconds))
    return results


async def bench(args: argparse.Namespace) -> list[System]:
    systems = [_system(name) for name in args.systems]
    pg_urls: list[str] = []
    extra_env = environment(args.env)
    async with harness("sbbench-") as h:
        http, traffic = h.http, h.traffic
        try:
            for system in systems:
                url = None
                if system.store == "SQLite":
                    url = f"sqlite+aiosqlite:///{h.workdir / (system.name + '.db')}"
                elif system.store == "PostgreSQL":
                    url = await create_pg_database()
                    pg_urls.append(url)
                system.url = url
                await start_system(system, h.api, url, extra_env, h.workdir, args.profile)
            for system in systems:
                await wait_ready(http, system)
                assert system.proc is not None
                system.rss_start_mb = rss_mb(_server_pid(system.proc))
                for platform in system.platforms:  # warm-up: first users registered, caches and pools filled
                    await closed_loop(Target(http, system, platform, traffic).send, args.warmup, 16)
                if args.registered and system.url:
                    print(f"{system.name}: {await register_senders(system.url)} senders registered", file=sys.stderr)
            for rep in range(args.reps):
                order = systems if rep % 2 == 0 else systems[::-1]  # a drift over the run falls on both sides alike
                runs = [(system, platform) for system in order for platform in system.platforms]
                for system, platform in runs:  # the closed loops back to back: the ratios compare the same minutes
                    print(f"rep {rep + 1}/{args.reps}: {system.name} {platform} closed", file=sys.stderr, flush=True)
                    target = Target(http, system, platform, traffic)
                    result = await closed_run(target, _server_pid(system.proc), args, rep)
                    system.results.setdefault((platform, system.store), []).append(result)
                for system, platform in runs:
                    print(f"rep {rep + 1}/{args.reps}: {system.name} {platform} open", file=sys.stderr, flush=True)
                    target = Target(http, system, platform, traffic)
                    results = await open_runs(target, _server_pid(system.proc), args)
                    system.results[(platform, system.store)].extend(results)
            for system in systems:
                if system.sandboxbot and args.duplicates:
                    await settle(_server_pid(system.proc))  # answers still owed from an overload would be counted
                    system.duplicates = await duplicate_check(http, h.api, system, traffic, args.duplicates)
                assert system.proc is not None
                system.rss_end_mb = rss_mb(_server_pid(system.proc))
        finally:
            for system in systems:
                await stop_system(system)
                errors = [line for line in system.log.read_text(errors="replace").splitlines() if "ERROR" in line]
                if errors:
                    print(
                        f"{system.name}: {len(errors)} error lines in its log, e.g. {errors[0][:300]}", file=sys.stderr
                    )
            for url in pg_urls:
                await drop_pg_database(url)
    return systems


def _system(name: str) -> System:
    if name == "sqlite":
        return System(name, ("telegram", "line"), "SQLite")
    if name == "postgresql":
        return System(name, ("telegram", "line"), "PostgreSQL")
    if name == "postgresql-2w":
        return System(name, ("telegram",), "PostgreSQL", workers=2)
    return System(name, ("telegram",))


async def register_senders(url: str) -> int:
    """Every sender of the warm-up a registered committee member and director, written straight into the server's
    store (the server reads the identity and its person with every event, so it sees them at once)."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bench.registered import register_everyone
    from storage.engine import create_engine

    engine = create_engine(url)
    try:
        return await register_everyone(async_sessionmaker(engine, expire_on_commit=False))
    finally:
        await engine.dispose()


# --- the report ----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{seconds * 1000:,.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def _rows(systems: list[System], args: argparse.Namespace) -> Iterator[list[str]]:
    reference = next((s for s in systems if s.name == "aiogram"), None)
    ref = _closed(reference, "telegram") if reference else {}
    for system in systems:
        for (platform, store), results in system.results.items():
            closed = [r for r in results if r.mode == "closed"]
            tput = statistics.median(r.throughput for r in closed)
            label = PEER_LABELS.get(system.name) or f"sandboxbot {platform}, {store}" + (
                f", {system.workers} workers" if system.workers > 1 else ""
            )
            cpu_ms = statistics.median(_cpu_ms(r) for r in closed)
            row = [label, f"{tput:,.0f}", _ms(statistics.median(r.percentile(0.99) for r in closed)), f"{cpu_ms:.2f}"]
            for rate in args.rates:
                runs = [r for r in results if r.offered == rate]
                done = statistics.median(r.throughput for r in runs)
                p50 = statistics.median(r.percentile(0.5) for r in runs)
                p99 = statistics.median(r.percentile(0.99) for r in runs)
                failed = sum(r.failed for r in runs)
                row.append(f"{done:,.0f}/s {_ms(p50)}/{_ms(p99)}" + (f" ({failed} failed)" if failed else ""))
            pairs = [(r, ref[r.rep]) for r in closed if r.rep in ref]
            row.append(_paired([r.throughput / a.throughput for r, a in pairs if a.throughput]))
            row.append(_paired([_cpu_ms(a) / _cpu_ms(r) for r, a in pairs if r.ok and a.ok]))
            row.append(f"{system.rss_start_mb:.0f} → {system.rss_end_mb:.0f}")
            yield row


def _cpu_ms(result: Result) -> float:
    return result.cpu_seconds / result.ok * 1000 if result.ok else float("nan")


def _closed(system: System, platform: str) -> dict[int, Result]:
    """The system's closed-loop runs on this platform, by repetition."""
    for (p, _store), results in system.results.items():
        if p == platform:
            return {r.rep: r for r in results if r.mode == "closed"}
    return {}


def _paired(ratios: list[float]) -> str:
    """The median of the per-repetition ratios, with their range when there are several."""
    if not ratios:
        return "-"
    median = f"{statistics.median(ratios):.2f}×"
    return median if len(ratios) == 1 else f"{median} ({min(ratios):.2f}-{max(ratios):.2f})"


def report(systems: list[System], args: argparse.Namespace) -> str:
    header = ["system", "updates/s (closed)", "p99 ms (closed)", "server CPU ms/update"]
    header += [f"{rate:g}/s offered: done, p50/p99 ms" for rate in args.rates]
    header += ["× aiogram (updates/s)", "× aiogram (CPU per update)", "RSS MB start → end"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(systems, args)]
    notes = [f"- {s.name}: {s.duplicates}" for s in systems if s.duplicates]
    load = os.getloadavg()
    who = "; every sender a registered member and director" if args.registered else ""
    if any(system.store == "PostgreSQL" for system in systems):
        who += f"; PostgreSQL over {pg_transport()}"
    lines.append("")
    lines.append(
        f"{args.reps} interleaved rep(s), {args.seconds:g} s per run, closed loop with {args.concurrency} clients; "
        f"medians over reps{who}. × aiogram: the median over reps of the ratio to aiogram's closed loop in the same "
        "rep (every closed loop of a rep back to back, the order reversed every other rep), with the range. "
        f"Load average before the report: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}."
    )
    return "\n".join(lines + notes)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help=f"comma list of {', '.join(ALL_SYSTEMS)}")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions")
    parser.add_argument("--rates", default="50,200,1000", help="open-loop offered rates, requests/s")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop clients")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per system and platform")
    parser.add_argument("--duplicates", type=int, default=50, help="updates in the duplicate check (0: skip)")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the servers (repeatable)")
    parser.add_argument(
        "--registered", action="store_true", help="after warm-up, every sender is a registered member and director"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the raw results here")
    parser.add_argument("--profile", metavar="DIR", help="run sandboxbot servers under py-spy, flame graphs here")
    args = parser.parse_args(argv)
    args.systems = [s for s in args.systems.split(",") if s]
    unknown = set(args.systems) - set(ALL_SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    args.rates = [float(r) for r in args.rates.split(",") if r]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    systems = asyncio.run(bench(args))
    print(report(systems, args))
    if args.json:
        raw = {
            s.name: {
                "rss_mb": [s.rss_start_mb, s.rss_end_mb],
                "duplicates": s.duplicates,
                "runs": {
                    f"{p}/{st}": [
                        {
                            "mode": r.mode,
                            "offered": r.offered,
                            "throughput": r.throughput,
                            "failed": r.failed,
                            "p50": r.percentile(0.5),
                            "p99": r.percentile(0.99),
                        }
                        for r in rs
                    ]
                    for (p, st), rs in s.results.items()
                },
            }
            for s in systems
        }
        Path(args.json).write_text(json.dumps(raw, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
