"""A synthetic national dataset: `generate(database_url, scale=1.0)`, or `python -m bench.national URL`.

At scale 1.0: 245 committees (one per area office, 15 seats each), 30,000 pilot schools with their directors, every
person with a Telegram identity, 1,000,000 progress updates over three years, 200,000 attachments, 80,000
check-ins and 1,000,000 processed events. Scale 0.1 is a tenth of every count but the committees. Rows go in with
COPY on PostgreSQL and executemany in one transaction on SQLite (about a minute at full size on this machine).
The database must be migrated and seeded first (`sandboxbot db upgrade`, or the app's start on SQLite); the rows
are added after what is there, and the sequences are moved past them. Deterministic for a given seed.

Other benchmarks (status answers, the admin and the cockpit queries) reuse this: call `generate`, then pick actors
with `sample_people`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import make_url

COMMITTEES = 245
SEATS = 15
SCHOOLS = 30_000
UPDATES = 1_000_000
ATTACHMENTS = 200_000
CHECKINS = 80_000
EVENTS = 1_000_000
YEARS = 3
DUTIES = 6
ROLES = ("chair", "vice_chair", "secretary", *("expert",) * 6, *("school_rep",) * 6)
STATUSES = ("on_track", "at_risk", "delayed")
CHECKIN_STATUSES = ("done", "in_progress", "not_started", "blocked")


@dataclass(frozen=True)
class Generated:
    """What was added: id ranges for picking actors, and the counts."""

    committee_ids: range
    area_office_ids: range
    school_ids: range
    director_ids: range  # director_ids[i] directs school_ids[i]
    member_ids: range  # committee seats' people, SEATS per committee in committee order
    counts: dict[str, int]
    seconds: float


class _Sink:
    async def max_id(self, table: str) -> int: ...
    async def copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None: ...
    async def province_ids(self) -> list[int]: ...
    async def finish(self, tables: Sequence[str]) -> None: ...
    async def close(self) -> None: ...


class _PostgresSink(_Sink):
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def max_id(self, table: str) -> int:
        return int(await self.conn.fetchval(f"SELECT coalesce(max(id), 0) FROM {table}"))

    async def province_ids(self) -> list[int]:
        return [r[0] for r in await self.conn.fetch("SELECT id FROM provinces ORDER BY id")]

    async def copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table(table, records=rows, columns=list(columns))

    async def finish(self, tables: Sequence[str]) -> None:
        for table in tables:
            await self.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        await self.conn.execute("ANALYZE")

    async def close(self) -> None:
        await self.conn.close()


class _SqliteSink(_Sink):
    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("BEGIN")

    async def max_id(self, table: str) -> int:
        return int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])

    async def province_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM provinces ORDER BY id")]

    async def copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * len(columns))
        self.db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", (_sqlite(r) for r in rows))

    async def finish(self, tables: Sequence[str]) -> None:
        self.db.execute("COMMIT")
        self.db.execute("ANALYZE")
        # On disk before anything is timed: else the app's first checkpoint (a few hundred events later) pays the
        # fsync of the whole unsynced load, one call of ~350 ms in bench/status_scale.
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        self.db.close()


def _sqlite(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Datetimes as SQLAlchemy stores them on SQLite: naive UTC text with microseconds."""
    return tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in row)


async def _sink(database_url: str) -> _Sink:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database, "an SQLite file is needed"
        return _SqliteSink(url.database)
    import asyncpg

    return _PostgresSink(await asyncpg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)))


async def generate(database_url: str, scale: float = 1.0, seed: int = 12, now: datetime | None = None) -> Generated:
    """Add a national dataset of `scale` × the national counts to a migrated, seeded database."""
    began = time.perf_counter()
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    sink = await _sink(database_url)
    n_schools, n_updates = max(1, int(SCHOOLS * scale)), max(1, int(UPDATES * scale))
    n_attachments, n_checkins, n_events = int(ATTACHMENTS * scale), int(CHECKINS * scale), int(EVENTS * scale)
    try:
        provinces = await sink.province_ids()
        office0, committee0 = await sink.max_id("area_offices"), await sink.max_id("committees")
        person0, school0 = await sink.max_id("people"), await sink.max_id("pilot_schools")
        seat0, identity0 = await sink.max_id("committee_members"), await sink.max_id("identities")
        update0, attachment0 = await sink.max_id("progress_updates"), await sink.max_id("update_attachments")
        checkin0 = await sink.max_id("check_ins")
        offices = range(office0 + 1, office0 + COMMITTEES + 1)
        await sink.copy(
            "area_offices",
            ("id", "code", "name", "kind", "province_id"),
            ((o, f"NAT{o:05d}", f"สำนักงานเขตพื้นที่การศึกษาสังเคราะห์ {o}", "area", rng.choice(provinces)) for o in offices),
        )
        committees = range(committee0 + 1, committee0 + COMMITTEES + 1)
        await sink.copy(
            "committees",
            ("id", "code", "name", "kind", "area_office_id"),
            ((c, f"NATC{c:05d}", f"คณะกรรมการสังเคราะห์ {c}", "area", offices[i]) for i, c in enumerate(committees)),
        )
        members = range(person0 + 1, person0 + COMMITTEES * SEATS + 1)
        directors = range(members.stop, members.stop + n_schools)
        people = range(members.start, directors.stop)
        joined = now - timedelta(days=365 * YEARS)
        await sink.copy(
            "people",
            ("id", "full_name", "phone", "email", "language", "consented_at", "created_at"),
            ((p, f"บุคคลสังเคราะห์ {p}", f"08{p % 100_000_000:08d}", None, "th", joined, joined) for p in people),
        )
        await sink.copy(
            "identities",
            ("id", "person_id", "platform", "user_id", "display_name", "language", "linked_at"),
            (
                (identity0 + i + 1, p, "telegram", str(9_000_000_000 + p), None, "th", joined)
                for i, p in enumerate(people)
            ),
        )
        await sink.copy(
            "committee_members",
            ("id", "committee_id", "person_id", "role", "is_admin"),
            (
                (seat0 + i + 1, committees[i // SEATS], p, ROLES[i % SEATS], i % SEATS == 0)
                for i, p in enumerate(members)
            ),
        )
        schools = range(school0 + 1, school0 + n_schools + 1)
        await sink.copy(
            "pilot_schools",
            ("id", "code", "name", "area_office_id", "province_id", "director_id"),
            (
                (s, f"9{s:09d}", f"โรงเรียนสังเคราะห์ {s}", offices[i % COMMITTEES], rng.choice(provinces), directors[i])
                for i, s in enumerate(schools)
            ),
        )
        span = YEARS * 365 * 86400
        updates = range(update0 + 1, update0 + n_updates + 1)

        def update_rows() -> Iterator[tuple[Any, ...]]:
            for u in updates:
                i = rng.randrange(n_schools)
                at = now - timedelta(seconds=rng.randrange(span))
                yield (
                    u, schools[i], directors[i], f"โครงการ {u % 7}", STATUSES[u % 3], rng.randrange(0, 101),
                    "ทำกิจกรรมตามแผน", None, None, "telegram", at, at,
                )  # fmt: skip

        await sink.copy(
            "progress_updates",
            ("id", "school_id", "person_id", "project", "status", "percent", "done", "obstacles", "help_needed",
             "platform", "created_at", "updated_at"),
            update_rows(),
        )  # fmt: skip
        await sink.copy(
            "update_attachments",
            ("id", "update_id", "platform", "file_id", "media_type", "size"),
            (
                (attachment0 + a + 1, updates[rng.randrange(n_updates)], "telegram", f"AgAD{a:012d}", "photo", 120_000)
                for a in range(n_attachments)
            ),
        )
        this_year = (now + timedelta(hours=7)).year + 543

        def checkin_rows() -> Iterator[tuple[Any, ...]]:
            seen: set[tuple[int, int, int, int]] = set()
            c = checkin0
            while len(seen) < n_checkins:
                i = rng.randrange(len(members))
                key = (i, rng.randrange(1, DUTIES + 1), this_year - rng.randrange(YEARS), rng.randrange(1, 3))
                if key in seen:
                    continue
                seen.add(key)
                c += 1
                at = now - timedelta(seconds=rng.randrange(span))
                yield (
                    c, committees[i // SEATS], members[i], key[1], key[2], key[3], CHECKIN_STATUSES[c % 4], None,
                    "telegram", at,
                )  # fmt: skip

        await sink.copy(
            "check_ins",
            ("id", "committee_id", "person_id", "duty_number", "academic_year", "round", "status", "note", "platform",
             "updated_at"),
            checkin_rows(),
        )  # fmt: skip
        await sink.copy(
            "processed_events",
            ("platform", "event_id", "kind", "received_at"),
            (("telegram", f"nat{e}", "message", now - timedelta(seconds=rng.randrange(span))) for e in range(n_events)),
        )
        tables = (
            "area_offices", "committees", "people", "identities", "committee_members", "pilot_schools",
            "progress_updates", "update_attachments", "check_ins",
        )  # fmt: skip
        await sink.finish(tables)
    finally:
        await sink.close()
    counts = {
        "committees": COMMITTEES, "people": len(people), "pilot_schools": n_schools, "progress_updates": n_updates,
        "update_attachments": n_attachments, "check_ins": n_checkins, "processed_events": n_events,
    }  # fmt: skip
    return Generated(committees, offices, schools, directors, members, counts, time.perf_counter() - began)


def sample_people(data: Generated, n: int, seed: int = 7) -> dict[str, list[int]]:
    """n random directors and n random committee members (person ids), for driving questions as them."""
    rng = random.Random(seed)
    return {
        "directors": [rng.choice(data.director_ids) for _ in range(n)],
        "members": [rng.choice(data.member_ids) for _ in range(n)],
    }


def telegram_user_id(person_id: int) -> str:
    """The Telegram user id `generate` gave this person's identity."""
    return str(9_000_000_000 + person_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "database_url", help="a migrated, seeded database (sqlite+aiosqlite:///… or postgresql+asyncpg://…)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national counts (default 1.0)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    data = asyncio.run(generate(args.database_url, args.scale, args.seed))
    print(f"added {data.counts} in {data.seconds:.1f} s")


if __name__ == "__main__":
    main()
