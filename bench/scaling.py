"""`serve --workers 2` against one worker, on PostgreSQL, with both cores available: `python -m bench.scaling`.

`bench.webhook` pins every server to one core (issue 12's setting for comparing frameworks), where a second worker
process has nothing to gain. Here nothing is pinned: the servers, the driver, the fake API and PostgreSQL share the
machine's cores, as they would on a small server. Per system, the same loads as `bench.webhook` (closed-loop
saturation, open-loop offered rates, interleaved repetitions), then the duplicate check across processes: updates
sent twice at the same moment arrive on separate connections, which SO_REUSEPORT spreads over the workers, and must
still be answered once. Printed: the table, and the 2-worker/1-worker ratios of throughput and of server CPU per
update.

    python -m bench.scaling                                   # 3 reps, 5 s per run, 200 and 400/s offered
    python -m bench.scaling --seconds 2 --reps 1 --rates 200
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from unittest import mock

from bench import webhook
from bench.load import Result

SYSTEMS = ("postgresql", "postgresql-2w")  # bench.webhook's systems: one worker, and `serve --workers 2`


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions")
    parser.add_argument("--rates", default="200,400", help="open-loop offered rates, requests/s")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop clients")
    parser.add_argument("--duplicates", type=int, default=100, help="updates in the duplicate check")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the servers (repeatable)")
    args = parser.parse_args(argv)
    return webhook.parse_args(
        [
            "--systems", ",".join(SYSTEMS), "--seconds", str(args.seconds), "--reps", str(args.reps),
            "--rates", args.rates, "--concurrency", str(args.concurrency), "--duplicates", str(args.duplicates),
            *[f"--env={kv}" for kv in args.env],
        ]
    )  # fmt: skip


def _telegram_system(name: str) -> webhook.System:
    """Both systems on the same webhook (Telegram), so their rows compare one to one."""
    return webhook.System(name, ("telegram",), "PostgreSQL", workers=2 if name.endswith("-2w") else 1)


async def bench(args: argparse.Namespace) -> list[webhook.System]:
    """bench.webhook's run with nothing pinned to a core."""
    with mock.patch.object(webhook, "_pin", lambda _cpu: []), mock.patch.object(webhook, "_system", _telegram_system):
        return await webhook.bench(args)


def _closed(system: webhook.System) -> list[Result]:
    return [r for results in system.results.values() for r in results if r.mode == "closed"]


def summary(systems: list[webhook.System]) -> str:
    """Throughput and CPU per update of two workers against one."""
    by_name = {s.name: s for s in systems}
    one, two = by_name.get("postgresql"), by_name.get("postgresql-2w")
    if one is None or two is None or not _closed(one) or not _closed(two):
        return ""

    def throughput(system: webhook.System) -> float:
        return statistics.median(r.throughput for r in _closed(system))

    def cpu_ms(system: webhook.System) -> float:
        return statistics.median(r.cpu_seconds / r.ok * 1000 for r in _closed(system) if r.ok)

    return (
        f"2 workers / 1 worker, closed loop: {throughput(two) / throughput(one):.2f}× the updates/s "
        f"({throughput(one):,.0f} → {throughput(two):,.0f}); server CPU per update "
        f"{cpu_ms(one):.2f} → {cpu_ms(two):.2f} ms ({cpu_ms(two) / cpu_ms(one):.2f}×)."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    systems = asyncio.run(bench(args))
    print(webhook.report(systems, args))
    print(summary(systems))
    return 0 if all("answers: ok" in s.duplicates for s in systems) else 1


if __name__ == "__main__":
    sys.exit(main())
