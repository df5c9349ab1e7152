"""Read-only queries behind "where do I stand": a committee's check-ins in a round, and schools' latest updates.

Who may see which rows is decided in `bot.authz`; these functions only fetch what they are asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import RoundDue
from storage.models import AreaOffice, CheckIn, CommitteeMember, Person, PilotSchool, ProgressUpdate
from storage.reference.data import ReportRule
from storage.repositories.deadlines import rounds_around


@dataclass(frozen=True, slots=True)
class Member:
    """A seat holder, or a vacated seat (`vacated`, no name or phone): `person_id` is then the anonymised former
    holder's id, which its check-ins of the round are kept under."""

    person_id: int
    full_name: str
    phone: str | None
    vacated: bool = False


@dataclass(frozen=True, slots=True)
class SchoolLatest:
    """A pilot school and its most recent progress update (None: it never sent one)."""

    school: PilotSchool
    latest: ProgressUpdate | None


@dataclass(frozen=True, slots=True)
class SchoolSent:
    """A pilot school and when it last sent a progress update (None: never)."""

    id: int
    code: str
    name: str
    area_office_id: int | None
    last_sent: datetime | None


@dataclass(frozen=True, slots=True)
class Period:
    """The round due next and the first day whose work it reports on."""

    due: RoundDue
    starts: date


async def current_period(session: AsyncSession, rule: ReportRule, today: date) -> Period:
    """The round due next, reporting on the work since the previous round's due date.

    A round "opens" on the first day of its due month (RoundDue.opens), but the work it reports on, and the check-ins
    that land in it, start the day after the previous round closed; counting updates only from `opens` would list
    every school as missing for the five months before April or October.
    """
    rounds = await rounds_around(session, rule, today)
    due = next(r for r in rounds if r.due >= today)
    earlier = [r.due for r in rounds if r.due < due.due]
    starts = min(due.opens, max(earlier) + timedelta(days=1)) if earlier else due.opens
    return Period(due=due, starts=starts)


async def committee_members(session: AsyncSession, committee_id: int) -> list[Member]:
    """Everyone with a seat, once each (a person may hold two roles), in the order they were seated; then each
    vacated seat's former holder, once, without name or phone. One statement: the committee's seats in order."""
    rows = await session.execute(
        select(CommitteeMember.person_id, CommitteeMember.former_person_id, Person.full_name, Person.phone)
        .outerjoin(Person, Person.id == CommitteeMember.person_id)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(CommitteeMember.id)
    )
    seated: dict[int, Member] = {}
    vacated: dict[int | None, Member] = {}
    for person_id, former, name, phone in rows.all():
        if person_id is not None:
            seated.setdefault(person_id, Member(person_id, name, phone))
        else:
            vacated.setdefault(former, Member(former or 0, "", None, vacated=True))
    return [*seated.values(), *vacated.values()]


async def committee_checkins(session: AsyncSession, committee_id: int, due: RoundDue) -> dict[int, dict[int, str]]:
    """Status of every check-in of a committee in one round: person id -> duty number -> status."""
    rows = await session.execute(
        select(CheckIn.person_id, CheckIn.duty_number, CheckIn.status).where(
            CheckIn.committee_id == committee_id,
            CheckIn.academic_year == due.academic_year,
            CheckIn.round == due.round,
        )
    )
    result: dict[int, dict[int, str]] = {}
    for person_id, duty, status in rows.all():
        result.setdefault(person_id, {})[duty] = status
    return result


async def schools_latest(session: AsyncSession, school_ids: Sequence[int]) -> list[SchoolLatest]:
    """These schools by code, each with its newest progress update."""
    return await _with_newest(session, PilotSchool.id.in_(school_ids)) if school_ids else []


async def area_latest(session: AsyncSession, area_office_id: int) -> list[SchoolLatest]:
    """The pilot schools of an area office by code, each with its newest progress update."""
    return await _with_newest(session, PilotSchool.area_office_id == area_office_id)


async def _with_newest(session: AsyncSession, which: ColumnElement[bool]) -> list[SchoolLatest]:
    """One statement: per school one index probe (newest first, LIMIT 1, on ix_progress_updates_school_newest) and
    that one update's row, so the cost follows the number of schools, not the years of history behind them."""
    newest = _newest_of_school(ProgressUpdate.id)
    rows = await session.execute(
        select(PilotSchool, ProgressUpdate)
        .outerjoin(ProgressUpdate, ProgressUpdate.id == newest)
        .where(which)
        .order_by(PilotSchool.code)
    )
    return [SchoolLatest(school, update) for school, update in rows.tuples()]


def _newest_of_school(column: ColumnElement[Any]) -> ScalarSelect[Any]:
    """`column` of the school's newest update (newest first, LIMIT 1: one probe of ix_progress_updates_school_newest),
    correlated to the PilotSchool of the enclosing statement."""
    return (
        select(column)
        .where(ProgressUpdate.school_id == PilotSchool.id)
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
        .limit(1)
        .correlate(PilotSchool)
        .scalar_subquery()
    )


async def area_schools(session: AsyncSession, area_office_id: int) -> list[PilotSchool]:
    rows = await session.execute(
        select(PilotSchool).where(PilotSchool.area_office_id == area_office_id).order_by(PilotSchool.code)
    )
    return list(rows.scalars())


async def area_last_sent(session: AsyncSession, area_office_id: int) -> list[SchoolSent]:
    """The pilot schools of an area office by code, each with the time of its newest progress update.

    One statement: per school one probe of ix_progress_updates_school_newest that reads the index alone (no update
    row is fetched, no ORM object is built), so the cost follows the area's schools, not the history behind them."""
    newest = _newest_of_school(ProgressUpdate.created_at)
    rows = await session.execute(
        select(PilotSchool.id, PilotSchool.code, PilotSchool.name, PilotSchool.area_office_id, newest)
        .where(PilotSchool.area_office_id == area_office_id)
        .order_by(PilotSchool.code)
    )
    return [SchoolSent(*row) for row in rows.all()]


async def area_office_name(session: AsyncSession, area_office_id: int) -> str:
    office = await session.get(AreaOffice, area_office_id)
    return office.name if office is not None else ""


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
