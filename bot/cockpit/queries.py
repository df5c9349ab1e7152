"""Read-only queries behind the cockpit pages, shaped for national scale (245 committees, 30,000 schools, 1M updates).

Counts are computed in the database per committee for one round and summed upwards (committee → province → group),
so every page costs a handful of grouped queries whatever the size. Who may see which committee is decided in
`bot.authz`; callers pass only committees in scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from bot.authz import CockpitScope, may_view_in_cockpit
from bot.cockpit.rounds import Window
from storage.models import (
    AreaOffice,
    CheckIn,
    Committee,
    CommitteeMember,
    OversightGroup,
    Person,
    PilotSchool,
    ProgressUpdate,
    Province,
    ReminderMark,
    ReminderSent,
)
from storage.repositories.seats import VACANT

DUTIES = (1, 2, 3, 4, 5, 6)
SCHOOL_STATUSES = ("on_track", "at_risk", "delayed", "none")


@dataclass(frozen=True, slots=True)
class CommitteeRow:
    """A committee and where it sits: its area office, province and oversight group (None for สศศ.)."""

    id: int
    code: str
    name: str
    area_office_id: int | None
    province_id: int | None
    province_name: str | None
    group_id: int | None
    group_number: int | None
    group_name: str | None


@dataclass(slots=True)
class Tally:
    """Round figures for a committee, or summed for a province, a group or the country."""

    committees: int = 0
    members: int = 0
    complete_members: int = 0
    schools: int = 0
    schools_sent: int = 0
    duty_done: dict[int, int] = field(default_factory=lambda: dict.fromkeys(DUTIES, 0))

    def add(self, other: Tally) -> None:
        self.committees += other.committees
        self.members += other.members
        self.complete_members += other.complete_members
        self.schools += other.schools
        self.schools_sent += other.schools_sent
        for duty, count in other.duty_done.items():
            self.duty_done[duty] += count

    @property
    def checkin_percent(self) -> int:
        """Share of (member, duty) pairs checked in as done."""
        return _percent(sum(self.duty_done.values()), self.members * len(DUTIES))

    @property
    def schools_percent(self) -> int:
        return _percent(self.schools_sent, self.schools)

    @property
    def schools_missing(self) -> int:
        return self.schools - self.schools_sent

    def duty_percent(self, duty: int) -> int:
        return _percent(self.duty_done[duty], self.members)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


async def committees_in_scope(session: AsyncSession, scope: CockpitScope) -> list[CommitteeRow]:
    """Every committee the viewer may see, ordered by group, province and name."""
    rows = await session.execute(
        select(
            Committee.id,
            Committee.code,
            Committee.name,
            Committee.area_office_id,
            Province.id,
            Province.name_th,
            OversightGroup.id,
            OversightGroup.number,
            OversightGroup.name_th,
        )
        .outerjoin(AreaOffice, AreaOffice.id == Committee.area_office_id)
        .outerjoin(Province, Province.id == AreaOffice.province_id)
        .outerjoin(OversightGroup, OversightGroup.id == Province.group_id)
        .order_by(OversightGroup.number.nulls_last(), Province.name_th.nulls_last(), Committee.name)
    )
    found = [CommitteeRow(*row) for row in rows.all()]
    return [c for c in found if may_view_in_cockpit(scope, c.id, c.group_id)]


async def round_tallies(session: AsyncSession, committees: list[CommitteeRow], window: Window) -> dict[int, Tally]:
    """Each committee's figures for one round: members, check-ins done by duty, schools and schools that sent."""
    ids = [c.id for c in committees]
    tallies = {c.id: Tally(committees=1) for c in committees}
    if not ids:
        return tallies
    year, number = window.key
    holder = func.coalesce(CommitteeMember.person_id, CommitteeMember.former_person_id)  # a vacated seat counts
    members = await session.execute(
        select(CommitteeMember.committee_id, func.count(func.distinct(holder)))
        .where(CommitteeMember.committee_id.in_(ids))
        .group_by(CommitteeMember.committee_id)
    )
    for committee_id, count in members.all():
        tallies[committee_id].members = count
    done = and_(
        CheckIn.committee_id.in_(ids),
        CheckIn.academic_year == year,
        CheckIn.round == number,
        CheckIn.status == "done",
    )
    duties = await session.execute(
        select(CheckIn.committee_id, CheckIn.duty_number, func.count(func.distinct(CheckIn.person_id)))
        .where(done)
        .group_by(CheckIn.committee_id, CheckIn.duty_number)
    )
    for committee_id, duty, count in duties.all():
        if duty in DUTIES:
            tallies[committee_id].duty_done[duty] = count
    complete = (
        select(CheckIn.committee_id)
        .where(done)
        .group_by(CheckIn.committee_id, CheckIn.person_id)
        .having(func.count(func.distinct(CheckIn.duty_number)) >= len(DUTIES))
        .subquery()
    )
    for committee_id, count in (
        await session.execute(select(complete.c.committee_id, func.count()).group_by(complete.c.committee_id))
    ).all():
        tallies[committee_id].complete_members = count
    by_office: dict[int, list[int]] = {}
    for c in committees:
        if c.area_office_id is not None:
            by_office.setdefault(c.area_office_id, []).append(c.id)
    if by_office:
        for office, schools, sent in await _school_counts(session, list(by_office), window):
            for committee_id in by_office.get(office, []):
                tallies[committee_id].schools = schools
                tallies[committee_id].schools_sent = sent
    return tallies


async def _school_counts(session: AsyncSession, office_ids: list[int], window: Window) -> list[tuple[int, int, int]]:
    """(area office, pilot schools, schools with an update in the round), one probe of the school-date index each."""
    sent = exists().where(
        ProgressUpdate.school_id == PilotSchool.id,
        ProgressUpdate.created_at >= window.start_utc,
        ProgressUpdate.created_at < window.end_utc,
    )
    rows = await session.execute(
        select(
            PilotSchool.area_office_id,
            func.count(),
            func.count().filter(sent),
        )
        .where(PilotSchool.area_office_id.in_(office_ids))
        .group_by(PilotSchool.area_office_id)
    )
    return [(office, schools, count) for office, schools, count in rows.all()]


def total(tallies: Iterable[Tally]) -> Tally:
    result = Tally(committees=0)
    for tally in tallies:
        result.add(tally)
    return result


# --- one committee ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRound:
    person_id: int  # a vacated seat: its anonymised former holder, whose check-ins of the round still count
    full_name: str
    roles: tuple[str, ...]
    phone: str | None
    checkins: dict[int, tuple[str, str | None, datetime]]  # duty -> (status, note, updated_at)
    vacated: bool = False

    @property
    def done(self) -> int:
        return sum(1 for status, _, _ in self.checkins.values() if status == "done")

    @property
    def complete(self) -> bool:
        return self.done >= len(DUTIES)


@dataclass(frozen=True, slots=True)
class SchoolRound:
    """A pilot school, its director and its newest update within the round (None: nothing sent in the round)."""

    id: int
    code: str
    name: str
    director: str | None
    latest: ProgressUpdate | None
    updates_in_round: int
    director_id: int | None = None

    @property
    def status(self) -> str:
        return self.latest.status if self.latest is not None else "none"


async def committee_members_round(session: AsyncSession, committee_id: int, window: Window) -> list[MemberRound]:
    """Every member (once, with all their seats) and their check-ins of the round; a vacated seat as VACANT."""
    seats = await session.execute(
        select(
            CommitteeMember.person_id,
            CommitteeMember.former_person_id,
            Person.full_name,
            Person.phone,
            CommitteeMember.role,
        )
        .outerjoin(Person, CommitteeMember.person_id == Person.id)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(CommitteeMember.id)
    )
    people: dict[int, tuple[str, str | None, list[str]]] = {}
    vacated: set[int] = set()
    for person_id, former, name, phone, role in seats.all():
        if person_id is None:
            person_id, name, phone = former or 0, VACANT, None
            vacated.add(person_id)
        people.setdefault(person_id, (name, phone, []))[2].append(role)
    year, number = window.key
    checkins: dict[int, dict[int, tuple[str, str | None, datetime]]] = {}
    rows = await session.execute(
        select(CheckIn.person_id, CheckIn.duty_number, CheckIn.status, CheckIn.note, CheckIn.updated_at).where(
            CheckIn.committee_id == committee_id, CheckIn.academic_year == year, CheckIn.round == number
        )
    )
    for person_id, duty, status, note, at in rows.all():
        checkins.setdefault(person_id, {})[duty] = (status, note, at)
    return [
        MemberRound(pid, name, tuple(roles), phone, checkins.get(pid, {}), vacated=pid in vacated)
        for pid, (name, phone, roles) in people.items()
    ]


async def committee_schools_round(
    session: AsyncSession, area_office_id: int | None, window: Window
) -> list[SchoolRound]:
    """The committee's pilot schools with their newest update of the round, by school code."""
    if area_office_id is None:
        return []
    director = aliased(Person)
    schools = (
        await session.execute(
            select(PilotSchool.id, PilotSchool.code, PilotSchool.name, director.full_name, PilotSchool.director_id)
            .outerjoin(director, director.id == PilotSchool.director_id)
            .where(PilotSchool.area_office_id == area_office_id)
            .order_by(PilotSchool.code)
        )
    ).all()
    in_round = and_(
        ProgressUpdate.school_id.in_(select(PilotSchool.id).where(PilotSchool.area_office_id == area_office_id)),
        ProgressUpdate.created_at >= window.start_utc,
        ProgressUpdate.created_at < window.end_utc,
    )
    ranked = (
        select(
            ProgressUpdate,
            func.row_number()
            .over(
                partition_by=ProgressUpdate.school_id,
                order_by=(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()),
            )
            .label("rank"),
            func.count().over(partition_by=ProgressUpdate.school_id).label("n"),
        )
        .where(in_round)
        .subquery()
    )
    newest = aliased(ProgressUpdate, ranked)
    latest = {
        u.school_id: (u, n)
        for u, n in (await session.execute(select(newest, ranked.c.n).where(ranked.c.rank == 1))).all()
    }
    result = []
    for school_id, code, name, director_name, director_id in schools:
        update, count = latest.get(school_id, (None, 0))
        result.append(SchoolRound(school_id, code, name, director_name, update, count, director_id))
    return result


async def committee_history(
    session: AsyncSession, committee: CommitteeRow, windows: list[Window]
) -> list[tuple[Window, Tally]]:
    """The committee's figures round by round, oldest first: what the progress chart draws."""
    history = []
    for window in sorted(windows, key=lambda w: w.due.due):
        history.append((window, (await round_tallies(session, [committee], window))[committee.id]))
    return history


# --- one school ------------------------------------------------------------------------------------------------


async def school_row(session: AsyncSession, school_id: int) -> PilotSchool | None:
    return await session.get(PilotSchool, school_id)


async def committees_of_office(session: AsyncSession, area_office_id: int | None) -> list[int]:
    if area_office_id is None:
        return []
    rows = await session.execute(select(Committee.id).where(Committee.area_office_id == area_office_id))
    return list(rows.scalars())


async def school_updates(session: AsyncSession, school_id: int, limit: int = 50) -> list[tuple[ProgressUpdate, str]]:
    """The school's updates, newest first, with their attachments and who wrote each."""
    rows = await session.execute(
        select(ProgressUpdate, Person.full_name)
        .join(Person, Person.id == ProgressUpdate.person_id)
        .where(ProgressUpdate.school_id == school_id)
        .options(selectinload(ProgressUpdate.attachments))
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
        .limit(limit)
    )
    return [(update, name) for update, name in rows.all()]


# --- reminders (issue 7's tables) ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReminderLine:
    """One person's reminders for a round: how many were decided and sent, and how they answered."""

    person_id: int
    name: str
    sent: int
    last_sent: datetime | None
    answer: str | None  # done, postponed, stopped, snoozed; None: no answer
    answered_at: datetime | None


def _answer(mark: ReminderMark | None) -> tuple[str | None, datetime | None]:
    if mark is None:
        return None, None
    for name, at in (
        ("done", mark.done_at),
        ("postponed", mark.postpone_requested_at),
        ("stopped", mark.stopped_at),
        ("snoozed", mark.updated_at if mark.snoozed_until else None),
    ):
        if at is not None:
            return name, at
    return None, None


async def round_reminders(session: AsyncSession, people: dict[int, str], window: Window) -> list[ReminderLine]:
    """Reminders of the round's series to these people (members and directors), with their answers."""
    if not people:
        return []
    series = f"r{window.due.academic_year}-{window.due.round}"
    recipients = {f"p{pid}": pid for pid in people}
    sent = await session.execute(
        select(ReminderSent.recipient, func.count(), func.max(ReminderSent.decided_at))
        .where(ReminderSent.series == series, ReminderSent.recipient.in_(list(recipients)))
        .group_by(ReminderSent.recipient)
    )
    counts = {recipients[r]: (n, at) for r, n, at in sent.all()}
    marks = {
        m.person_id: m
        for m in (
            await session.execute(
                select(ReminderMark).where(ReminderMark.series == series, ReminderMark.person_id.in_(list(people)))
            )
        ).scalars()
    }
    lines = []
    for pid, name in people.items():
        n, last = counts.get(pid, (0, None))
        answer, at = _answer(marks.get(pid))
        if n or answer:
            lines.append(ReminderLine(pid, name, n, last, answer, at))
    return lines
