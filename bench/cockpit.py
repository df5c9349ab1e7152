"""Cockpit pages at national scale: overview, group, committee and school pages, p50/p99 over real HTTP.

    python -m bench.cockpit --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/sandboxbot_bench_cockpit

Builds the national dataset once (245 committees, 30,000 pilot schools, 1,000,000 progress updates over three
academic years, 200,000 attachments, check-ins for six rounds) with COPY, in a database of its own (created when
missing; `--rebuild` starts over), then signs in as a national admin, a group official and a committee admin and
times each page through the aiohttp server. The goal (issue 11): every page under 1 s at p99 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import asyncpg
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url

from bot.app import App
from bot.cockpit.auth import LOGIN, issue_link
from bot.settings import Settings
from storage.engine import create_engine
from storage.migrate import upgrade

COMMITTEES, SCHOOLS, UPDATES, ATTACHMENTS = 245, 30_000, 1_000_000, 200_000
SEATS = ("chair", "vice_chair", "expert", "expert", "expert", "school_rep", "school_rep", "school_rep", "secretary")
START, END = datetime(2024, 5, 16, tzinfo=UTC), datetime(2026, 11, 20, tzinfo=UTC)
ROUNDS = [(2567, 1), (2567, 2), (2568, 1), (2568, 2), (2569, 1), (2569, 2)]
PROJECTS = ("ห้องเรียนนวัตกรรมการอ่าน", "โครงการสอนภาษาไทยทวิภาษา", "หลักสูตรฐานสมรรถนะ", "โรงเรียนคุณภาพชุมชน")


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _ensure_database(url: str, rebuild: bool) -> bool:
    """Create the bench database when missing (or when rebuilding); True when it must be filled."""
    name = make_url(url).database
    admin = await asyncpg.connect(_dsn(url, "postgres"))
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and rebuild:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            await admin.execute(f'CREATE DATABASE "{name}"')
            return True
    finally:
        await admin.close()
    conn = await asyncpg.connect(_dsn(url))
    try:
        return not await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = "
            "'progress_updates') AND EXISTS (SELECT 1 FROM progress_updates LIMIT 1)"
        )
    finally:
        await conn.close()


async def _fill(url: str) -> None:
    rng = random.Random(11)
    conn = await asyncpg.connect(_dsn(url))
    try:
        provinces = [r["id"] for r in await conn.fetch("SELECT id FROM provinces ORDER BY id")]
        offices, committees, people, seats, schools = [], [], [], [], []
        person_id = 0

        def person(name: str) -> int:
            nonlocal person_id
            person_id += 1
            people.append((person_id, name, f"08{person_id:08d}", datetime(2024, 5, 1, tzinfo=UTC)))
            return person_id

        for c in range(1, COMMITTEES + 1):
            special = c == COMMITTEES
            offices.append(
                (
                    c,
                    f"B-{c:03d}",
                    f"สำนักงานเขตพื้นที่การศึกษาทดสอบ {c}",
                    "special" if special else "area",
                    None if special else provinces[c % len(provinces)],
                )
            )
            committees.append(
                (c, f"C-{c:03d}", f"คณะกรรมการขับเคลื่อนฯ เขตทดสอบ {c}", "special" if special else "area", c)
            )
            for i, role in enumerate(SEATS):
                seats.append((len(seats) + 1, c, person(f"กรรมการ {c}-{i}"), role, role == "chair"))
        area_offices = [o[0] for o in offices if o[3] == "area"]
        for s in range(1, SCHOOLS + 1):
            office = area_offices[s % len(area_offices)]
            schools.append(
                (s, f"{1000000000 + s}", f"โรงเรียนทดสอบ {s}", office, offices[office - 1][4], person(f"ผอ.โรงเรียน {s}"))
            )
        await conn.copy_records_to_table("people", records=people, columns=["id", "full_name", "phone", "created_at"])
        await conn.copy_records_to_table(
            "area_offices", records=offices, columns=["id", "code", "name", "kind", "province_id"]
        )
        await conn.copy_records_to_table(
            "committees", records=committees, columns=["id", "code", "name", "kind", "area_office_id"]
        )
        await conn.copy_records_to_table(
            "committee_members", records=seats, columns=["id", "committee_id", "person_id", "role", "is_admin"]
        )
        await conn.copy_records_to_table(
            "pilot_schools",
            records=schools,
            columns=["id", "code", "name", "area_office_id", "province_id", "director_id"],
        )
        checkins = []
        for year, number in ROUNDS:
            for _, committee, pid, _, _ in seats:
                for duty in range(1, 7):
                    if rng.random() < 0.7:
                        status = rng.choice(("done", "done", "done", "in_progress", "blocked"))
                        at = END - timedelta(days=rng.randint(0, 900))
                        checkins.append((committee, pid, duty, year, number, status, "บันทึกการดำเนินงาน", "telegram", at))
        checkins = list({(c[0], c[1], c[2], c[3], c[4]): c for c in checkins}.values())
        await conn.copy_records_to_table(
            "check_ins",
            records=checkins,
            columns=[
                "committee_id",
                "person_id",
                "duty_number",
                "academic_year",
                "round",
                "status",
                "note",
                "platform",
                "updated_at",
            ],
        )
        span = (END - START).total_seconds()
        updates = []
        for u in range(1, UPDATES + 1):
            school = rng.randint(1, SCHOOLS)
            at = START + timedelta(seconds=rng.random() * span)
            updates.append(
                (
                    u,
                    school,
                    schools[school - 1][5],
                    rng.choice(PROJECTS),
                    rng.choice(("on_track", "on_track", "at_risk", "delayed")),
                    rng.randint(0, 100),
                    "ดำเนินการตามแผน",
                    "ครูไม่พอ" if u % 3 == 0 else None,
                    None,
                    "line",
                    at,
                    at,
                )
            )
        await conn.copy_records_to_table(
            "progress_updates",
            records=updates,
            columns=[
                "id",
                "school_id",
                "person_id",
                "project",
                "status",
                "percent",
                "done",
                "obstacles",
                "help_needed",
                "platform",
                "created_at",
                "updated_at",
            ],
        )
        attachments = [
            (a, rng.randint(1, UPDATES), "line", f"msg-{a}", "photo", 100_000) for a in range(1, ATTACHMENTS + 1)
        ]
        await conn.copy_records_to_table(
            "update_attachments",
            records=attachments,
            columns=["id", "update_id", "platform", "file_id", "media_type", "size"],
        )
        for table in (
            "people",
            "area_offices",
            "committees",
            "committee_members",
            "pilot_schools",
            "progress_updates",
            "update_attachments",
            "check_ins",
        ):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        group = await conn.fetchval("SELECT id FROM oversight_groups WHERE number = 1")
        official, national = person_id + 1, person_id + 2
        await conn.execute(
            "INSERT INTO people (id, full_name, created_at) VALUES ($1, 'เจ้าหน้าที่กลุ่ม 1', now()), "
            "($2, 'ผู้ดูแลระดับประเทศ', now())",
            official,
            national,
        )
        await conn.execute(
            "INSERT INTO cockpit_viewers (person_id, scope, group_id, granted_at) VALUES "
            "($1, 'group', $2, now()), ($3, 'national', NULL, now())",
            official,
            group,
            national,
        )
        await conn.execute("VACUUM ANALYZE")  # what autovacuum does soon after a load: visibility map, statistics
    finally:
        await conn.close()


async def _signed_in(app: App, person_id: int) -> TestClient:
    client = TestClient(TestServer(app.web_app()))
    await client.start_server()
    async with app.sessions() as session, session.begin():
        token = await issue_link(session, person_id, LOGIN, app.services.clock(), timedelta(minutes=5))
    response = await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)
    assert response.status == 303
    return client


async def _time(client: TestClient, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        began = time.perf_counter()
        response = await client.get(path)
        await response.read()
        assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - began) * 1000)
    return times


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{name:<34} n={len(times):>3}  p50 {statistics.median(times):7.1f} ms  p99 {p99:7.1f} ms"


async def main(url: str, rebuild: bool, repeat: int) -> None:
    if await _ensure_database(url, rebuild):
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        seeding = App(Settings(_env_file=None, database_url=url))
        await seeding.start(connect_platforms=False)  # reference data: provinces, groups, duties
        await seeding.close()
        began = time.perf_counter()
        await _fill(url)
        print(f"national dataset written in {time.perf_counter() - began:.0f} s")
    app = App(Settings(_env_file=None, database_url=url))
    await app.start(connect_platforms=False)
    conn = await asyncpg.connect(_dsn(url))
    official, national = (
        await conn.fetchval("SELECT person_id FROM cockpit_viewers WHERE scope = 'group'"),
        await conn.fetchval("SELECT person_id FROM cockpit_viewers WHERE scope = 'national'"),
    )
    counts = await conn.fetchrow(
        "SELECT (SELECT count(*) FROM pilot_schools) s, (SELECT count(*) FROM "
        "progress_updates) u, (SELECT count(*) FROM committees) c"
    )
    await conn.close()
    print(f"schools {counts['s']:,}  updates {counts['u']:,}  committees {counts['c']:,}")
    rng = random.Random(7)
    committees = [rng.randint(1, COMMITTEES - 1) for _ in range(repeat)]
    try:
        nat, grp, adm = await _signed_in(app, national), await _signed_in(app, official), await _signed_in(app, 1)
        await _time(nat, ["/cockpit"] * 3)  # warm up
        results = [
            ("overview, national admin", await _time(nat, ["/cockpit"] * repeat)),
            ("overview, past round", await _time(nat, ["/cockpit?year=2568&round=2"] * repeat)),
            ("group page, group official", await _time(grp, ["/cockpit/group/1"] * repeat)),
            ("committee page, national admin", await _time(nat, [f"/cockpit/committee/{c}" for c in committees])),
            ("committee page, its admin", await _time(adm, ["/cockpit/committee/1"] * repeat)),
            (
                "school page (history)",
                await _time(nat, [f"/cockpit/school/{rng.randint(1, SCHOOLS)}" for _ in range(repeat)]),
            ),
            ("report.docx", await _time(adm, ["/cockpit/committee/1/report.docx"] * max(5, repeat // 5))),
        ]
        for client in (nat, grp, adm):
            await client.close()
    finally:
        await app.close()
    for name, times in results:
        print(_line(name, times))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/sandboxbot_bench_cockpit"
    )
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the national dataset")
    parser.add_argument("--repeat", type=int, default=50, help="requests per page (default 50)")
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.rebuild, args.repeat))
