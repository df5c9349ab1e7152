"""Admin commands on a large committee: `python -m bench.admin`.

One committee of 60 members (each checked in on some duties) in an area of 120 pilot schools (half with updates this
round), on SQLite. Times the whole event through the core for /status and /remind (up to the confirmation), and the
/export workbook and /chart PNG (the slow parts), median of several runs; prints the file sizes.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bench import cli
from bot.admin.chart import build_chart
from bot.admin.export import build_export
from bot.admin.progress import round_progress
from bot.app import App
from bot.core.messages import ChatType, Incoming, Kind, Platform
from bot.i18n import translator
from bot.settings import Settings
from storage.models import (
    AreaOffice,
    CheckIn,
    Committee,
    CommitteeMember,
    Identity,
    Person,
    PilotSchool,
    ProgressUpdate,
)

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
MEMBERS, SCHOOLS, RUNS = 60, 120, 7
GROUP = "-1001"


async def seed(app: App) -> Committee:
    async with app.sessions() as session, session.begin():
        office = AreaOffice(code="BENCH", name="สพป.ทดสอบ", kind="area")
        session.add(office)
        await session.flush()
        committee = Committee(code="C-BENCH", name="คณะกรรมการทดสอบ", kind="area", area_office_id=office.id,
                              group_chat_platform="console", group_chat_id=GROUP)  # fmt: skip
        people = [Person(full_name=f"กรรมการ คนที่ {n}", phone=f"08100{n:05d}") for n in range(MEMBERS + SCHOOLS)]
        session.add_all([committee, *people])
        await session.flush()
        for n, person in enumerate(people[:MEMBERS]):
            session.add(CommitteeMember(committee_id=committee.id, person_id=person.id, role="expert", is_admin=n == 0))
            session.add(Identity(person_id=person.id, platform="console", user_id=f"u{n}"))
            for duty in range(1, 1 + n % 7):
                session.add(CheckIn(committee_id=committee.id, person_id=person.id, duty_number=duty,
                                    academic_year=2569, round=2, status="done", platform="console"))  # fmt: skip
        for n, director in enumerate(people[MEMBERS:]):
            school = PilotSchool(code=f"99{n:08d}", name=f"โรงเรียนทดสอบที่ {n}", area_office_id=office.id,
                                 director_id=director.id)  # fmt: skip
            session.add(school)
            await session.flush()
            if n % 2:
                update = ProgressUpdate(school_id=school.id, person_id=director.id, project="โครงการ",
                                        status="on_track", percent=50, platform="console", created_at=NOW)  # fmt: skip
                session.add(update)
        return committee


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        app = App(Settings(_env_file=None, database_url=url), clock=lambda: NOW)  # type: ignore[call-arg]
        await app.start(connect_platforms=False)
        committee = await seed(app)
        for command in ("status", "remind"):
            samples = []
            for run in range(RUNS):
                msg = Incoming(Platform.CONSOLE, f"{command}{run}", GROUP, "u0", Kind.COMMAND,
                               chat_type=ChatType.GROUP, text=f"/{command}", command=command)  # fmt: skip
                started = time.perf_counter()
                await app.processor.process(msg)
                samples.append(time.perf_counter() - started)
            print(f"/{command:<7} whole event ({MEMBERS} members, {SCHOOLS} schools): {median_ms(samples)}")
        async with app.sessions() as session:
            tz, t = app.services.tz, translator("th")
            samples, size = [], 0
            for _ in range(RUNS):
                started = time.perf_counter()
                _, data = await build_export(session, committee, app.reference, NOW, tz, t)
                samples.append(time.perf_counter() - started)
                size = len(data)
            print(f"/export  workbook: {median_ms(samples)}, {size / 1024:.0f} KiB")
            progress = await round_progress(session, committee, app.reference, NOW.date(), tz)
            samples = []
            for _ in range(RUNS):
                started = time.perf_counter()
                data = build_chart(progress, t, "คณะกรรมการทดสอบ · รายงานครั้งที่ 2/2569")
                samples.append(time.perf_counter() - started)
            print(f"/chart   PNG ({min(SCHOOLS, 25)} schools drawn): {median_ms(samples)}, {len(data) / 1024:.0f} KiB")
        await app.close()


if __name__ == "__main__":
    cli.parse(__doc__)
    asyncio.run(main())
