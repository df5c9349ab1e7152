"""Who has not done what a series asks.

Report round: a committee member who has not checked in on every duty of that round (any status counts as checked
in); a director whose school has sent no progress update since the round's period started. Custom deadline: the
people it names who have not marked it done. Nobody who has done it appears.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.series import Series
from storage.models import (
    AreaOffice,
    CheckIn,
    Committee,
    CommitteeMember,
    PilotSchool,
    ProgressUpdate,
    ReminderMark,
)


@dataclass(frozen=True, slots=True)
class Missing:
    """One person's gap in one series; `committee_ids` are the committees whose chair hears about it."""

    person_id: int
    series: str
    committee_ids: tuple[int, ...] = ()
    duties: dict[int, tuple[int, ...]] | None = None  # committee id -> duty numbers without a check-in
    schools: tuple[int, ...] = ()  # pilot schools without a progress update
    custom: bool = False


async def missing(session: AsyncSession, series: Series, duty_numbers: tuple[int, ...], tz: ZoneInfo) -> list[Missing]:
    if series.round is not None:
        return await _round_missing(session, series, duty_numbers, tz)
    return await _custom_missing(session, series)


async def _seats(session: AsyncSession) -> list[tuple[int, int, str]]:
    """Held seats only: a vacated seat (its holder erased) has nobody to remind."""
    rows = await session.execute(
        select(CommitteeMember.committee_id, CommitteeMember.person_id, CommitteeMember.role)
        .where(CommitteeMember.person_id.is_not(None))
        .order_by(CommitteeMember.id)
    )
    return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def _area_committees(session: AsyncSession) -> dict[int, tuple[int, ...]]:
    """Area office id -> the committees that oversee it."""
    rows = await session.execute(
        select(Committee.area_office_id, Committee.id).where(Committee.area_office_id.is_not(None))
    )
    result: dict[int, list[int]] = defaultdict(list)
    for office, committee in rows.all():
        result[office].append(committee)
    return {office: tuple(ids) for office, ids in result.items()}


async def _round_missing(
    session: AsyncSession, series: Series, duty_numbers: tuple[int, ...], tz: ZoneInfo
) -> list[Missing]:
    assert series.round is not None and series.period_start is not None
    due = series.round
    done: dict[tuple[int, int], set[int]] = defaultdict(set)
    rows = await session.execute(
        select(CheckIn.committee_id, CheckIn.person_id, CheckIn.duty_number).where(
            CheckIn.academic_year == due.academic_year, CheckIn.round == due.round
        )
    )
    for committee_id, person_id, duty in rows.all():
        done[(committee_id, person_id)].add(duty)
    by_person: dict[int, dict[int, tuple[int, ...]]] = defaultdict(dict)
    for committee_id, person_id, _ in await _seats(session):
        gaps = tuple(n for n in duty_numbers if n not in done[(committee_id, person_id)])
        if gaps:
            by_person[person_id][committee_id] = gaps
    result = {pid: Missing(pid, series.key, tuple(gaps), duties=gaps) for pid, gaps in by_person.items()}

    start = datetime.combine(series.period_start, time(0), tz)
    end = datetime.combine(series.due + timedelta(days=1), time(0), tz)
    updated = set(
        (
            await session.execute(
                select(ProgressUpdate.school_id).where(
                    ProgressUpdate.created_at >= start, ProgressUpdate.created_at < end
                )
            )
        ).scalars()
    )
    area = await _area_committees(session)
    schools = await session.execute(
        select(PilotSchool.id, PilotSchool.director_id, PilotSchool.area_office_id)
        .where(PilotSchool.director_id.is_not(None))
        .order_by(PilotSchool.code)
    )
    for school_id, director_id, office_id in schools.all():
        if school_id in updated:
            continue
        before = result.get(director_id) or Missing(director_id, series.key)
        committees = tuple(dict.fromkeys((*before.committee_ids, *area.get(office_id, ()))))
        result[director_id] = Missing(director_id, series.key, committees, before.duties, (*before.schools, school_id))
    return list(result.values())


async def _custom_missing(session: AsyncSession, series: Series) -> list[Missing]:
    deadline = series.deadline
    assert deadline is not None
    done = set(
        (
            await session.execute(
                select(ReminderMark.person_id).where(
                    ReminderMark.series == series.key, ReminderMark.done_at.is_not(None)
                )
            )
        ).scalars()
    )
    committees = await _concerned_committees(session, deadline.scope, deadline.committee_id, deadline.province_id)
    people: dict[int, list[int]] = defaultdict(list)
    if deadline.audience == "directors":
        area = await _area_committees(session)
        query = select(PilotSchool.director_id, PilotSchool.area_office_id).where(PilotSchool.director_id.is_not(None))
        if deadline.scope == "province":
            query = query.where(PilotSchool.province_id == deadline.province_id)
        for director_id, office_id in (await session.execute(query)).all():
            concerned = area.get(office_id, ())
            if deadline.scope == "committee" and deadline.committee_id not in concerned:
                continue
            people[director_id].extend(c for c in concerned if committees is None or c in committees)
    else:
        for committee_id, person_id, role in await _seats(session):
            if committees is not None and committee_id not in committees:
                continue
            if deadline.audience != "members" and role != deadline.audience:
                continue
            people[person_id].append(committee_id)
    return [
        Missing(pid, series.key, tuple(dict.fromkeys(cids)), custom=True)
        for pid, cids in people.items()
        if pid not in done
    ]


async def _concerned_committees(
    session: AsyncSession, scope: str, committee_id: int | None, province_id: int | None
) -> set[int] | None:
    """The committees a deadline concerns; None: all of them."""
    if scope == "committee" and committee_id is not None:
        return {committee_id}
    if scope == "province":
        rows = await session.execute(
            select(Committee.id)
            .join(AreaOffice, AreaOffice.id == Committee.area_office_id)
            .where(AreaOffice.province_id == province_id)
        )
        return set(rows.scalars())
    return None
