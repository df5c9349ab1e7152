"""Instructions per webhook update, sandboxbot against the echo peers, under valgrind: `python -m bench.instructions`.

`bench.webhook`'s ratios are times, and on a shared 2-core machine the peers' times drift between runs (aiogram's echo
took 0.56 ms of CPU per update in one run and 0.75 in another an hour later, alone). Instructions do not drift: each
server runs under callgrind with instrumentation off through start-up and warm-up, then on for `--updates` requests
(the same traffic and fake API as bench.webhook, `--concurrency` at once), then off. The figure is the server
process's instructions per update, all its threads, in user space: no system calls, no cache misses, and nothing of
what PostgreSQL's own processes do. Needs valgrind (with callgrind_control) on PATH.

`--cache-sim` also has callgrind simulate the first-level caches and prints their misses per update (valgrind's model
of this machine's caches: no TLB, no branch prediction, no kernel).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from bench import webhook as wb

SYSTEMS = ("sqlite", "postgresql", "aiogram", "aiohttp")
_EVENTS = re.compile(r"^events: (.+)$", re.MULTILINE)
_TOTALS = re.compile(r"^totals: (.+)$", re.MULTILINE)
_MISSES = (("I1mr", "instruction-cache misses"), ("D1mr", "data read misses"), ("D1mw", "data write misses"))


async def send_many(send: Callable[[], Awaitable[bool]], updates: int, concurrency: int) -> int:
    """`updates` requests, `concurrency` at once; how many were answered 200."""
    left, ok = updates, 0

    async def client() -> None:
        nonlocal left, ok
        while left > 0:
            left -= 1
            answered = await send()  # awaited first: `ok += await …` would read `ok` before the wait
            ok += answered

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return ok


async def _control(*args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "callgrind_control", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await proc.communicate()
    return out.decode(errors="replace")


def _valgrind_pid(system: wb.System) -> int:
    """valgrind execs python in the same process (taskset execs valgrind), so the child's pid is the server's."""
    assert system.proc is not None
    return system.proc.pid


async def count(
    system: wb.System, args: argparse.Namespace, workdir: Path, api: str, url: str | None
) -> dict[str, dict[str, float]]:
    """Instructions (Ir) and, with --cache-sim, cache misses per update for each of the system's platforms."""
    out = workdir / f"{system.name}.callgrind"
    wrap: tuple[str, ...] = ("valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}.%p")
    if args.cache_sim:
        wrap = (*wrap[:2], "--cache-sim=yes", *wrap[2:])
    await wb.start_system(system, api, url, wb.environment(args.env), workdir, wrap=wrap)
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600))
    traffic = wb.Traffic()
    figures = {}
    try:
        await wb.wait_ready(http, system, timeout=900)
        pid = str(_valgrind_pid(system))
        for platform in system.platforms:
            target = wb.Target(http, system, platform, traffic)
            await send_many(target.send, args.warmup, args.concurrency)
            await _control("--zero", pid)
            await _control("--instr=on", pid)
            ok = await send_many(target.send, args.updates, args.concurrency)
            await _control("--instr=off", pid)
            status = await _control("--dump", pid)
            if ok != args.updates:
                raise RuntimeError(f"{system.name} {platform}: {ok} of {args.updates} answered; {status[-300:]}")
            totals = await asyncio.to_thread(_last_totals, workdir, f"{out.name}.{pid}")
            figures[platform] = {event: total / args.updates for event, total in totals.items()}
    finally:
        await http.close()
        await wb.stop_system(system)
    return figures


def _last_totals(workdir: Path, prefix: str) -> dict[str, int]:
    """The event totals (Ir, and the misses with --cache-sim) of the process's latest dump (PREFIX.1, PREFIX.2, …)."""
    newest = max(workdir.glob(f"{prefix}.*"), key=lambda p: int(p.suffix[1:]))
    text = newest.read_text(errors="replace")
    events, totals = _EVENTS.search(text), _TOTALS.search(text)
    assert events is not None and totals is not None, f"{newest} has no totals"
    return dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=False))


async def run(args: argparse.Namespace) -> list[tuple[str, dict[str, float]]]:
    fake, api = await wb.start_fake()
    workdir = Path(tempfile.mkdtemp(prefix="sbinstr-"))
    rows: list[tuple[str, dict[str, float]]] = []
    pg_urls = []
    try:
        for name in args.systems:
            system = wb._system(name)
            url = None
            if system.store == "SQLite":
                url = f"sqlite+aiosqlite:///{workdir / (name + '.db')}"
            elif system.store == "PostgreSQL":
                url = await wb.create_pg_database()
                pg_urls.append(url)
            print(f"{name}: starting under valgrind", file=sys.stderr, flush=True)
            for platform, per_update in (await count(system, args, workdir, api, url)).items():
                label = wb.PEER_LABELS.get(name) or f"sandboxbot {platform}, {system.store}"
                rows.append((label, per_update))
    finally:
        for url in pg_urls:
            await wb.drop_pg_database(url)
        fake.terminate()
        await fake.wait()
    return rows


def report(rows: list[tuple[str, dict[str, float]]], args: argparse.Namespace) -> str:
    peer = next((events["Ir"] for label, events in rows if label == wb.PEER_LABELS["aiogram"]), None)
    misses = _MISSES if args.cache_sim else ()
    header = ["system", "instructions per update (millions)", "× aiogram (fewer is more)"]
    header += [f"{name} per update (thousands)" for _, name in misses]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, events in rows:
        ratio = f"{peer / events['Ir']:.2f}×" if peer else "-"
        cells = [label, f"{events['Ir'] / 1e6:.2f}", ratio, *(f"{events[e] / 1e3:.1f}" for e, _ in misses)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        f"\n{args.updates} updates per row after {args.warmup} of warm-up, {args.concurrency} at once; the server "
        "process only (PostgreSQL's own processes are not counted)."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma list of {', '.join(SYSTEMS)}, ptb")
    parser.add_argument("--updates", type=int, default=400, help="counted updates per system and platform")
    parser.add_argument("--warmup", type=int, default=400, help="updates before counting")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the servers (repeatable)")
    parser.add_argument("--cache-sim", action="store_true", help="also simulate the caches and print their misses")
    args = parser.parse_args(argv)
    args.systems = [s for s in args.systems.split(",") if s]
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("needs valgrind and callgrind_control on PATH", file=sys.stderr)
        return 2
    print(report(asyncio.run(run(args)), args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
