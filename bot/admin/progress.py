"""Where a committee stands in a report round: each member's check-ins on the six duties and each pilot school's
updates. Read by /status, /remind, /export and /chart alike, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Committee, PilotSchool, ProgressUpdate
from storage.reference.data import ReferenceData
from storage.repositories.seats import VACANT
from storage.repositories.status import Period, area_schools, committee_checkins, committee_members, current_period


@dataclass(frozen=True, slots=True)
class MemberProgress:
    person_id: int
    name: str
    statuses: dict[int, str]  # duty number -> status, for the duties checked in this round
    missing: tuple[int, ...]  # duty numbers not checked in
    vacated: bool = False  # a seat whose holder erased their data: counted, shown without a name, never reminded


@dataclass(frozen=True, slots=True)
class SchoolProgress:
    school: PilotSchool
    updates: int  # updates sent within the round

    @property
    def sent(self) -> bool:
        return self.updates > 0


@dataclass(frozen=True, slots=True)
class RoundProgress:
    committee: Committee
    period: Period
    duties: tuple[int, ...]
    members: tuple[MemberProgress, ...]
    schools: tuple[SchoolProgress, ...]

    @property
    def complete(self) -> list[MemberProgress]:
        return [m for m in self.members if not m.missing]

    @property
    def partial(self) -> list[MemberProgress]:
        return [m for m in self.members if m.missing and m.statuses]

    @property
    def none_yet(self) -> list[MemberProgress]:
        return [m for m in self.members if not m.statuses]

    @property
    def behind(self) -> list[MemberProgress]:
        """Everyone who has not checked in on every duty: who a reminder goes to (a vacated seat has nobody)."""
        return [m for m in self.members if m.missing and not m.vacated]


def start_of(day: date, tz: ZoneInfo) -> datetime:
    """Midnight in Bangkok, in UTC: what stored times are compared with."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


async def round_progress(
    session: AsyncSession, committee: Committee, reference: ReferenceData, today: date, tz: ZoneInfo
) -> RoundProgress:
    period = await current_period(session, reference.report_rule, today)
    duties = tuple(d.number for d in reference.duties)
    checkins = await committee_checkins(session, committee.id, period.due)
    members = []
    for member in await committee_members(session, committee.id):
        mine = {n: s for n, s in checkins.get(member.person_id, {}).items() if n in duties}
        missing = tuple(n for n in duties if n not in mine)
        name = VACANT if member.vacated else member.full_name
        members.append(MemberProgress(member.person_id, name, mine, missing, vacated=member.vacated))
    schools: list[PilotSchool] = []
    if committee.area_office_id is not None:
        schools = await area_schools(session, committee.area_office_id)
    counts = await _update_counts(session, [s.id for s in schools], start_of(period.starts, tz))
    return RoundProgress(
        committee=committee,
        period=period,
        duties=duties,
        members=tuple(members),
        schools=tuple(SchoolProgress(s, counts.get(s.id, 0)) for s in schools),
    )


async def _update_counts(session: AsyncSession, school_ids: list[int], since: datetime) -> dict[int, int]:
    if not school_ids:
        return {}
    rows = await session.execute(
        select(ProgressUpdate.school_id, func.count())
        .where(ProgressUpdate.school_id.in_(school_ids), ProgressUpdate.created_at >= since)
        .group_by(ProgressUpdate.school_id)
    )
    return {school_id: count for school_id, count in rows.all()}
