"""Status answers and the event path at national size: `python -m bench.status_scale`.

For each store (SQLite file, a fresh PostgreSQL database) and each scale (0.1 and 1.0 of the national counts,
bench/national.py), the database is migrated, seeded and filled, then each question is asked `--calls` times
through the whole core (record, identity, state, understand, query, answer, commit) as a random registered person:

  my status            /status, as a committee member (their check-ins this round)
  committee            "กรรมการเช็คอินครบหรือยัง" — the committee's completeness this round
  area not sent        "โรงเรียนไหนในเขตยังไม่ส่งรายงาน" — which schools of my area have not sent
  my school's latest   "โรงเรียนส่งรายงานล่าสุดเมื่อไหร่" — a director's school's newest update
  event path           "สวัสดีค่ะ" — a plain message from a registered person

p50/p99 in ms, one call at a time. `--no-indexes` measures the schema without migration 0005's indexes.

    python -m bench.status_scale --stores sqlite,postgresql --scales 0.1,1
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bench.national import generate, sample_people, telegram_user_id
from bench.webhook import create_pg_database, drop_pg_database
from bot.app import App
from bot.core.messages import Incoming, Kind, Platform
from bot.settings import Settings

QUESTIONS = {
    "my status": ("members", "/status"),
    "committee": ("members", "กรรมการเช็คอินครบหรือยัง"),
    "area not sent": ("members", "โรงเรียนไหนในเขตยังไม่ส่งรายงาน"),
    "my school's latest": ("directors", "โรงเรียนส่งรายงานล่าสุดเมื่อไหร่"),
    "event path": ("directors", "สวัสดีค่ะ"),
}
_ids = itertools.count(1)


def _incoming(person_id: int, text: str) -> Incoming:
    user = telegram_user_id(person_id)
    command, _, args = text[1:].partition(" ") if text.startswith("/") else (None, "", "")
    return Incoming(
        platform=Platform.TELEGRAM,
        event_id=f"bench{next(_ids)}-{time.time_ns()}",
        chat_id=user,
        user_id=user,
        kind=Kind.COMMAND if command else Kind.TEXT,
        text=text,
        command=command,
        args=args,
    )


async def measure(database_url: str, scale: float, calls: int, indexes: bool, show: bool) -> dict[str, list[float]]:
    if not database_url.startswith("sqlite"):
        from storage.engine import create_engine
        from storage.migrate import upgrade

        engine = create_engine(database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()
    app = App(Settings(_env_file=None, database_url=database_url))
    await app.start(connect_platforms=False)
    if not indexes:
        await drop_national_indexes(app)
    try:
        data = await generate(database_url, scale)
        print(f"  generated {data.counts['progress_updates']:,} updates etc. in {data.seconds:.0f} s", flush=True)
        people = sample_people(data, calls)
        gc.collect()
        gc.freeze()  # as `serve` does after start-up: no timed call pays for a full collection of the start-up objects
        timings: dict[str, list[float]] = {}
        for name, (who, text) in QUESTIONS.items():
            spent = []
            for person in people[who]:
                began = time.perf_counter()
                outcome = await app.processor.process(_incoming(person, text))
                spent.append(time.perf_counter() - began)
            if show:
                print(f"  {name}: {(outcome.replies[0].as_text() if outcome.replies else '')[:120]!r}")
            timings[name] = spent
        return timings
    finally:
        await app.close()


async def drop_national_indexes(app: App) -> None:
    """The schema as it was before migration 0005, for the before/after comparison."""
    import importlib

    from sqlalchemy import text

    migration = importlib.import_module("storage.migrations.versions.0005_national_scale_indexes")
    async with app.engine.begin() as conn:
        for name, _table, _columns in migration.INDEXES:
            await conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def run(args: argparse.Namespace) -> list[tuple[str, str, float, dict[str, list[float]]]]:
    results = []
    schema = "before 0005" if args.no_indexes else "0005"
    for store in args.stores:
        for scale in args.scales:
            print(f"{store}, scale {scale:g}:", flush=True)
            if store == "sqlite":
                workdir = Path(tempfile.mkdtemp(prefix="sbnational-"))
                url = f"sqlite+aiosqlite:///{workdir / 'national.db'}"
                try:
                    results.append(
                        (
                            store,
                            schema,
                            scale,
                            await measure(url, scale, args.calls, not args.no_indexes, args.show),
                        )
                    )
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)
            else:
                url = await create_pg_database(migrate=False)
                try:
                    results.append(
                        (
                            store,
                            schema,
                            scale,
                            await measure(url, scale, args.calls, not args.no_indexes, args.show),
                        )
                    )
                finally:
                    await drop_pg_database(url)
    return results


def report(results: list[tuple[str, str, float, dict[str, list[float]]]]) -> str:
    lines = ["| answer | store | schema | scale | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]
    for name in QUESTIONS:
        for store, schema, scale, timings in results:
            spent = timings[name]
            lines.append(
                f"| {name} | {store} | {schema} | {scale:g} | {_pct(spent, 0.5):.1f} | {_pct(spent, 0.99):.1f} |"
            )
    load = os.getloadavg()
    lines.append(f"\nOne call at a time; load average at the end {load[0]:.2f} (2 cores shared).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--scales", default="0.1,1")
    parser.add_argument("--calls", type=int, default=200, help="calls per question")
    parser.add_argument("--no-indexes", action="store_true", help="drop migration 0005's indexes (the 'before')")
    parser.add_argument("--show", action="store_true", help="print the first answer of each question")
    args = parser.parse_args(argv)
    args.stores = [s for s in args.stores.split(",") if s]
    args.scales = [float(s) for s in args.scales.split(",") if s]
    print(report(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
