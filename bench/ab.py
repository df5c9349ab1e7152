"""Two builds of sandboxbot side by side, alternating, on the same load: `python -m bench.ab TREE_A TREE_B`.

bench.webhook compares sandboxbot with its peers; this compares a change with what it changes. Both trees' servers
(each started from its own checkout, `serve` on CPU 1, the driver and fake API on CPU 0, as bench.webhook) get a
store of their own, the same traffic and warm-up, and then short runs in turn, A B B A A B ..., so that the
machine's drift, which on this 2-core VM moves a figure by 10-25% within minutes, falls on both alike. Per build:
the median of the runs' updates/s (closed loop) or p50/p99 (open loop, `--rate`), and CPU per update of the server
and, on PostgreSQL, of all PostgreSQL processes (the postmaster and its children, from /proc), whose work a change
in round trips moves as much as the server's.

    python -m bench.ab ../base . --platform line                        # closed loop, PostgreSQL
    python -m bench.ab . . --tcp-a                                      # the same build: TCP against the socket
    python -m bench.ab ../base . --rate 100 --store sqlite
    python -m bench.ab . . --env-b PYTHONMALLOC=malloc                 # the same build, another environment

A tree is a checkout (e.g. `git worktree add ../base HEAD~1`); its own `bot/` is what its server runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from bench import webhook as wb
from bench.load import closed_loop, open_loop


@dataclass
class Side:
    """One build under test and what its runs measured."""

    tree: Path
    system: wb.System
    throughput: list[float] = field(default_factory=list)
    p50_ms: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    postgres_ms: list[float] = field(default_factory=list)


def _postmaster() -> int | None:
    """The local PostgreSQL's postmaster (Debian keeps its pid beside the socket), whose children are its backends."""
    pid_file = next(iter(sorted(Path(wb.PG_SOCKET_DIR).glob("*.pid"))), None)
    return int(pid_file.read_text().split()[0]) if pid_file else None


async def _migrate(tree: Path, url: str) -> None:
    """The tree's own migrations (`sandboxbot db upgrade` run from it): each build on the schema it was written for.
    SQLite needs none: `serve` migrates the embedded default itself."""
    command = [*wb.CLI, "db", "upgrade"]
    env = {**os.environ, "SANDBOXBOT_DATABASE_URL": url}
    proc = await asyncio.create_subprocess_exec(*command, cwd=tree, env=env, stdout=asyncio.subprocess.DEVNULL)
    if await proc.wait() != 0:
        raise RuntimeError(f"`sandboxbot db upgrade` failed in {tree}")


async def _start(
    label: str, tree: Path, store: str, tcp: bool, env: dict[str, str], api: str, workdir: Path
) -> wb.System:
    system = wb.System(store, ("telegram", "line"), "PostgreSQL" if store == "postgresql" else "SQLite")
    if store == "postgresql":
        url = await wb.create_pg_database(migrate=False)
        await _migrate(tree, url)
        if tcp:
            url = make_url(url).set(host="127.0.0.1", port=5432, query={}).render_as_string(hide_password=False)
    else:
        url = f"sqlite+aiosqlite:///{workdir / label}.db"
    system.url = url
    wb.ROOT = tree  # start_system runs the server from here: that tree's `bot/`
    (workdir / label).mkdir()  # its log
    await wb.start_system(system, api, url, {"SANDBOXBOT_TELEGRAM_WEBHOOK_REPLY": "true", **env}, workdir / label)
    return system


async def _run(side: Side, target: wb.Target, args: argparse.Namespace, postmaster: int | None) -> None:
    assert side.system.proc is not None
    pid = wb._server_pid(side.system.proc)
    await wb.settle(pid)
    server, postgres = wb.cpu_seconds(pid), wb.cpu_seconds(postmaster) if postmaster else 0.0
    if args.rate:
        result = await open_loop(target.send, args.rate, args.seconds)
        latencies = sorted(result.latencies)
        side.p50_ms.append(latencies[len(latencies) // 2] * 1000)
        side.p99_ms.append(latencies[int(len(latencies) * 0.99)] * 1000)
    else:
        result = await closed_loop(target.send, args.seconds, args.concurrency)
        side.throughput.append(result.throughput)
    updates = max(1, result.ok)
    side.server_ms.append((wb.cpu_seconds(pid) - server) / updates * 1000)
    if postmaster:
        side.postgres_ms.append((wb.cpu_seconds(postmaster) - postgres) / updates * 1000)


async def bench(args: argparse.Namespace) -> list[Side]:
    postmaster = _postmaster() if args.store == "postgresql" else None
    sides: list[Side] = []
    root = wb.ROOT
    async with wb.harness("sbab-") as h:
        try:
            builds = (("a", args.tree_a, args.tcp_a, args.env_a), ("b", args.tree_b, False, args.env_b))
            for label, tree, tcp, pairs in builds:
                env = wb.environment(pairs)
                sides.append(Side(tree, await _start(label, tree.resolve(), args.store, tcp, env, h.api, h.workdir)))
            for side in sides:
                await wb.wait_ready(h.http, side.system)
                await closed_loop(wb.Target(h.http, side.system, args.platform, h.traffic).send, args.warmup, 16)
            for n in range(args.rounds):
                for side in sides if n % 2 == 0 else sides[::-1]:
                    print(f"round {n + 1}/{args.rounds}: {side.tree}", file=sys.stderr, flush=True)
                    await _run(side, wb.Target(h.http, side.system, args.platform, h.traffic), args, postmaster)
        finally:
            wb.ROOT = root
            for side in sides:
                await wb.stop_system(side.system)
            for side in sides:
                if side.system.url and side.system.url.startswith("postgresql"):
                    await wb.drop_pg_database(side.system.url)
    return sides


def report(sides: list[Side], args: argparse.Namespace) -> str:
    load = f"closed loop, {args.concurrency} clients" if not args.rate else f"open loop at {args.rate:g}/s"
    header = ["build", "updates/s" if not args.rate else "p50 / p99 ms", "server CPU ms/update"]
    header += ["PostgreSQL CPU ms/update", "together"] if args.store == "postgresql" else []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for side, label in zip(sides, ("A", "B"), strict=True):
        how = " (TCP)" if label == "A" and args.tcp_a else ""
        how += "".join(f" {kv}" for kv in (args.env_a if label == "A" else args.env_b))
        first = (
            f"{statistics.median(side.throughput):,.0f}"
            if not args.rate
            else f"{statistics.median(side.p50_ms):.2f} / {statistics.median(side.p99_ms):.2f}"
        )
        row = [f"{label}: {side.tree}{how}", first, f"{statistics.median(side.server_ms):.3f}"]
        if side.postgres_ms:
            together = [s + p for s, p in zip(side.server_ms, side.postgres_ms, strict=True)]
            row += [f"{statistics.median(side.postgres_ms):.3f}", f"{statistics.median(together):.3f}"]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append(
        f"{args.platform}, {args.store}, {load}; {args.rounds} runs of {args.seconds:g} s per build, alternating; "
        "medians."
    )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree_a", type=Path)
    parser.add_argument("tree_b", type=Path)
    parser.add_argument("--platform", choices=("telegram", "line"), default="line")
    parser.add_argument("--store", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--rate", type=float, default=0.0, help="open loop at this rate (0: closed loop)")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=4.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--tcp-a", action="store_true", help="A reaches PostgreSQL over TCP to 127.0.0.1:5432")
    for side in ("a", "b"):
        parser.add_argument(
            f"--env-{side}",
            type=wb.env_pair,
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"environment for {side.upper()}'s server (repeatable)",
        )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(report(asyncio.run(bench(args)), args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
