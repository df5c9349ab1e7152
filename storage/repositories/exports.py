"""Rows for a committee's export: its check-ins in one round, and its area's school updates within the round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import RoundDue
from storage.models import CheckIn, Person, PilotSchool, ProgressUpdate


@dataclass(frozen=True, slots=True)
class CheckInRow:
    name: str
    duty: int
    status: str
    note: str | None
    platform: str
    at: datetime


@dataclass(frozen=True, slots=True)
class UpdateRow:
    school_code: str
    school_name: str
    sender: str
    project: str
    status: str
    percent: int | None
    done: str | None
    obstacles: str | None
    help_needed: str | None
    platform: str
    at: datetime


async def checkin_rows(session: AsyncSession, committee_id: int, due: RoundDue) -> list[CheckInRow]:
    rows = await session.execute(
        select(
            Person.full_name, CheckIn.duty_number, CheckIn.status, CheckIn.note, CheckIn.platform, CheckIn.updated_at
        )
        .join(Person, Person.id == CheckIn.person_id)
        .where(
            CheckIn.committee_id == committee_id,
            CheckIn.academic_year == due.academic_year,
            CheckIn.round == due.round,
        )
        .order_by(CheckIn.person_id, CheckIn.duty_number)
    )
    return [CheckInRow(*row) for row in rows.all()]


async def update_rows(session: AsyncSession, area_office_id: int | None, since: datetime) -> list[UpdateRow]:
    if area_office_id is None:
        return []
    rows = await session.execute(
        select(
            PilotSchool.code,
            PilotSchool.name,
            Person.full_name,
            ProgressUpdate.project,
            ProgressUpdate.status,
            ProgressUpdate.percent,
            ProgressUpdate.done,
            ProgressUpdate.obstacles,
            ProgressUpdate.help_needed,
            ProgressUpdate.platform,
            ProgressUpdate.created_at,
        )
        .join(PilotSchool, PilotSchool.id == ProgressUpdate.school_id)
        .join(Person, Person.id == ProgressUpdate.person_id)
        .where(PilotSchool.area_office_id == area_office_id, ProgressUpdate.created_at >= since)
        .order_by(PilotSchool.code, ProgressUpdate.created_at)
    )
    return [UpdateRow(*row) for row in rows.all()]
