"""Issue 12's ratio with a confidence interval: `python -m bench.paired`.

bench.webhook takes the ratio to aiogram's echo within each repetition, from closed loops up to a dozen seconds
apart; on this VM the speed moves by tens of percent within that time, so one repetition's ratio can be off by a
third and the median of four carries that noise. Here every sandboxbot row is compared with the echo in blocks of
four short closed loops, echo - sandboxbot - sandboxbot - echo (ABBA: a drift that is linear over the block falls
on both sides alike), and each block gives one ratio of throughputs and one of server CPU per update. Over many
blocks the report gives the median ratio, a distribution-free 95% confidence interval for it (order statistics of
the binomial, no assumption about the noise's shape), and the share of blocks at or above 1.0. A row meets the
issue's throughput goal with 95% confidence when the interval's lower end is at 1.00 or more.

The servers, the fake API, the pinning and the traffic are bench.webhook's (the driver and fake API on CPU 0, the
servers on CPU 1, PostgreSQL unpinned over its socket, Telegram answers in the webhook body unless `--env`
says otherwise). The order of the rows is rotated from block to block. `--postgres-cpu 0` is another placement,
reported as such: this machine's PostgreSQL (the postmaster and every process it has, and so every backend it
starts) kept off the servers' core for the run, as a database on cores of its own would be; the processes' own
CPU sets are given back at the end.

    python -m bench.paired                                      # SQLite and PostgreSQL, Telegram and LINE, 12 blocks
    python -m bench.paired --systems postgresql --platforms telegram --blocks 24 --seconds 1
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
from dataclasses import dataclass, field

import aiohttp

from bench import webhook as wb
from bench.ab import _postmaster

STORES = ("sqlite", "postgresql")
PLATFORMS = ("telegram", "line")
WEBHOOK_REPLY = "SANDBOXBOT_TELEGRAM_WEBHOOK_REPLY=true"  # as in the runs; `--env` can turn it off


@dataclass
class Row:
    """One sandboxbot system on one platform, and its blocks against the echo."""

    system: wb.System
    platform: str
    ratios: list[float] = field(default_factory=list)  # throughput, sandboxbot ÷ echo, one per block
    cpu_ratios: list[float] = field(default_factory=list)  # server CPU per update, echo ÷ sandboxbot
    throughput: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"sandboxbot {self.platform}, {self.system.store}"


def median_interval(values: list[float], confidence: float = 0.95) -> tuple[float, float, float] | None:
    """The median and a distribution-free confidence interval for it: the k-th smallest and k-th largest values,
    k the largest for which the binomial(n, 1/2) leaves at most (1 - confidence) / 2 below k. None with too few
    values for any such interval (under six at 95%)."""
    ordered, n = sorted(values), len(values)
    tail, k, below = (1 - confidence) / 2, 0, 0.0
    while k < n // 2:
        below += math.comb(n, k) / 2**n  # P(X <= k)
        if below > tail:
            break
        k += 1
    return (statistics.median(ordered), ordered[k - 1], ordered[n - k]) if k else None


def verdict(ratios: list[float]) -> str:
    """Whether a row meets the throughput goal (≥ 1.0×) with 95% confidence."""
    interval = median_interval(ratios)
    if interval is None:
        return "too few blocks"
    return "met" if interval[1] >= 1.0 else "not met" if interval[2] < 1.0 else "not shown"


async def _block(
    row: Row, echo: wb.Target, echo_pid: int, http: aiohttp.ClientSession, traffic: wb.Traffic, args: argparse.Namespace
) -> None:
    """echo, row, row, echo: one ratio of throughputs and one of CPU per update."""
    assert row.system.proc is not None
    ours = wb.Target(http, row.system, row.platform, traffic)
    pid = wb._server_pid(row.system.proc)
    runs = [
        await wb.closed_run(target, target_pid, args, 0)
        for target, target_pid in ((echo, echo_pid), (ours, pid), (ours, pid), (echo, echo_pid))
    ]
    theirs, mine = runs[0::3], runs[1:3]
    mine_rate = sum(r.ok for r in mine) / sum(r.seconds for r in mine)
    theirs_rate = sum(r.ok for r in theirs) / sum(r.seconds for r in theirs)
    row.ratios.append(mine_rate / theirs_rate)
    row.throughput.append(mine_rate)
    mine_cpu = sum(r.cpu_seconds for r in mine) / max(1, sum(r.ok for r in mine))
    theirs_cpu = sum(r.cpu_seconds for r in theirs) / max(1, sum(r.ok for r in theirs))
    row.cpu_ratios.append(theirs_cpu / mine_cpu if mine_cpu else float("nan"))


def pin(root: int, cpu: int) -> dict[int, set[int]]:
    """Put a process and its descendants on one CPU (children started later inherit it); returns each process's
    CPU set before, for `unpin`."""
    before = {}
    for pid in wb.family(root):
        try:
            before[pid] = os.sched_getaffinity(pid)
            os.sched_setaffinity(pid, {cpu})
        except ProcessLookupError:
            continue
    return before


def unpin(root: int, before: dict[int, set[int]]) -> None:
    """Give every process of the family still there its CPU set back; one started meanwhile gets the root's."""
    for pid in wb.family(root):
        try:
            os.sched_setaffinity(pid, before.get(pid, before.get(root, set(range(os.cpu_count() or 1)))))
        except ProcessLookupError:
            continue


async def bench(args: argparse.Namespace) -> tuple[list[Row], list[float]]:
    """Start the echo and the sandboxbot systems, warm them up, run the blocks; the rows and the echo's updates/s."""
    echo = wb.System(args.echo, ("telegram",))
    systems = [wb.System(name, PLATFORMS, "PostgreSQL" if name == "postgresql" else "SQLite") for name in args.systems]
    rows = [Row(system, platform) for system in systems for platform in args.platforms]
    echo_rates: list[float] = []
    postmaster = _postmaster() if args.postgres_cpu is not None else None
    if args.postgres_cpu is not None and postmaster is None:
        raise SystemExit("--postgres-cpu: no local PostgreSQL postmaster found beside its socket")
    pinned = pin(postmaster, args.postgres_cpu) if postmaster is not None else None
    async with wb.harness("sbpaired-") as h:
        try:
            await wb.start_system(echo, h.api, None, {}, h.workdir)
            for system in systems:
                if system.store == "PostgreSQL":
                    system.url = await wb.create_pg_database()
                else:
                    system.url = f"sqlite+aiosqlite:///{h.workdir / (system.name + '.db')}"
                env = wb.environment([WEBHOOK_REPLY, *args.env])  # a later KEY=VALUE wins
                await wb.start_system(system, h.api, system.url, env, h.workdir)
            echo_target = wb.Target(h.http, echo, "telegram", h.traffic)
            for system in [echo, *systems]:
                await wb.wait_ready(h.http, system)
            await wb.closed_loop(echo_target.send, args.warmup, 16)
            for row in rows:
                await wb.closed_loop(wb.Target(h.http, row.system, row.platform, h.traffic).send, args.warmup, 16)
            assert echo.proc is not None
            echo_pid = wb._server_pid(echo.proc)
            for block in range(args.blocks):
                shift = block % len(rows)
                for row in rows[shift:] + rows[:shift]:
                    print(f"block {block + 1}/{args.blocks}: {row.label}", file=sys.stderr, flush=True)
                    await _block(row, echo_target, echo_pid, h.http, h.traffic, args)
                    echo_rates.append(row.throughput[-1] / row.ratios[-1])
        finally:
            for system in [echo, *systems]:
                await wb.stop_system(system)
            if postmaster is not None and pinned is not None:
                unpin(postmaster, pinned)
            for system in systems:
                if system.url and system.url.startswith("postgresql"):
                    await wb.drop_pg_database(system.url)
    return rows, echo_rates


def _interval(values: list[float]) -> str:
    interval = median_interval(values)
    if interval is None:
        return f"{statistics.median(values):.2f}× (-)"
    middle, low, high = interval
    return f"{middle:.2f}× ({low:.2f}-{high:.2f})"


def report(rows: list[Row], echo_rates: list[float], args: argparse.Namespace) -> str:
    header = [
        "row", "updates/s (median)", f"× {args.echo}, updates/s: median (95% CI)", "blocks ≥ 1.0",
        f"× {args.echo}, CPU per update: median (95% CI)", "throughput goal (≥ 1.0×)",
    ]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        at_or_above = sum(r >= 1.0 for r in row.ratios)
        lines.append(
            f"| {row.label} | {statistics.median(row.throughput):,.0f} | {_interval(row.ratios)} | "
            f"{at_or_above}/{len(row.ratios)} | {_interval(row.cpu_ratios)} | {verdict(row.ratios)} |"
        )
    lines.append(f"| {wb.PEER_LABELS[args.echo]} | {statistics.median(echo_rates):,.0f} | 1.00× | | 1.00× | |")
    load = os.getloadavg()
    placement = (
        "" if args.postgres_cpu is None else f", its processes on CPU {args.postgres_cpu} (not the issue's placement)"
    )
    lines += [
        "",
        f"{args.blocks} blocks per row, each echo-sandboxbot-sandboxbot-echo closed loops of {args.seconds:g} s with "
        f"{args.concurrency} clients; PostgreSQL over {wb.pg_transport()}{placement}. The interval is a "
        "distribution-free 95% confidence interval for the median ratio; the goal is met when its lower end is at "
        "1.00 or more, not met when its upper end is under 1.00, not shown between; six blocks at least. "
        f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default=",".join(STORES), help="comma list of sqlite, postgresql")
    parser.add_argument("--platforms", default=",".join(PLATFORMS), help="comma list of telegram, line")
    parser.add_argument("--echo", choices=("aiogram", "aiohttp"), default="aiogram", help="the peer to compare with")
    parser.add_argument(
        "--postgres-cpu", type=int, metavar="N", help="another placement: the local PostgreSQL on CPU N for the run"
    )
    parser.add_argument("--blocks", type=int, default=12, help="ABBA blocks per row")
    parser.add_argument("--seconds", type=float, default=1.5, help="length of each closed loop")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop clients")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per server and platform")
    parser.add_argument(
        "--env",
        type=wb.env_pair,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="environment for the sandboxbot servers (repeatable; default: Telegram answers in the webhook body)",
    )
    args = parser.parse_args(argv)
    for name, allowed in (("systems", STORES), ("platforms", PLATFORMS)):
        chosen = [s for s in getattr(args, name).split(",") if s]
        if not chosen or set(chosen) - set(allowed):
            parser.error(f"--{name}: a comma list of {', '.join(allowed)}")
        setattr(args, name, chosen)
    if args.blocks < 1:
        parser.error("--blocks: at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(report(*asyncio.run(bench(args)), args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
