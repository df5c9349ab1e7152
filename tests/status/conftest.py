"""Status tests: an app on the fixed clock (Saturday 21 November 2026, round 2 of 2569 due 30 April 2570), and rows
written straight into the store (check-ins, and progress updates, whose own flow is another feature's)."""

from __future__ import annotations

from datetime import datetime

from bot.app import App
from storage.models import CheckIn, ProgressUpdate


async def add_checkins(
    app: App, committee: int, person: int, statuses: dict[int, str], year: int = 2569, round_: int = 2
) -> None:
    async with app.sessions() as session, session.begin():
        session.add_all(
            CheckIn(
                committee_id=committee,
                person_id=person,
                duty_number=duty,
                academic_year=year,
                round=round_,
                status=status,
                platform="telegram",
            )
            for duty, status in statuses.items()
        )


async def add_update(
    app: App, school: int, person: int, at: datetime, project: str = "ห้องเรียนนวัตกรรม", **extra: object
) -> None:
    async with app.sessions() as session, session.begin():
        session.add(
            ProgressUpdate(
                school_id=school,
                person_id=person,
                project=project,
                status=extra.pop("status", "on_track"),
                platform="line",
                created_at=at,
                updated_at=at,
                **extra,
            )
        )
