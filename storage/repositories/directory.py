"""The directory in the store: committees, area offices, people, seats and pilot schools.

Writes are "put" operations keyed the way a re-import finds a row again (codes, a person's id, the seat triple), and
say whether they created, changed or left the row as it was. A None value means "not given": it never erases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AreaOffice, Base, Committee, CommitteeMember, Identity, Person, PilotSchool, Province
from storage.repositories import seats

M = TypeVar("M", bound=Base)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class StoredPerson:
    id: int
    full_name: str
    phone: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What an import is checked against before anything is written."""

    committee_codes: frozenset[str]
    office_codes: frozenset[str]
    people: tuple[StoredPerson, ...]


async def load_snapshot(session: AsyncSession) -> Snapshot:
    committees = (await session.execute(select(Committee.code))).scalars()
    offices = (await session.execute(select(AreaOffice.code))).scalars()
    people = await session.execute(select(Person.id, Person.full_name, Person.phone, Person.email).order_by(Person.id))
    return Snapshot(frozenset(committees), frozenset(offices), tuple(StoredPerson(*row) for row in people))


async def province_ids(session: AsyncSession) -> dict[str, int]:
    """Province.name_th -> id (the reference data seeds them at start-up)."""
    return dict((await session.execute(select(Province.name_th, Province.id))).all())


async def ids_by_code(session: AsyncSession, model: type[AreaOffice] | type[Committee]) -> dict[str, int]:
    return dict((await session.execute(select(model.code, model.id))).all())


async def _put(session: AsyncSession, model: type[M], key: dict[str, Any], values: dict[str, Any]) -> tuple[M, Outcome]:
    row = (await session.execute(select(model).filter_by(**key))).scalar_one_or_none()
    given = {name: value for name, value in values.items() if value is not None}
    if row is None:
        row = model(**key, **given)
        session.add(row)
        await session.flush()
        return row, Outcome.CREATED
    changed = {name: value for name, value in given.items() if getattr(row, name) != value}
    for name, value in changed.items():
        setattr(row, name, value)
    await session.flush()
    return row, Outcome.UPDATED if changed else Outcome.UNCHANGED


async def put_area_office(
    session: AsyncSession, code: str, *, name: str, kind: str, province_id: int | None
) -> tuple[AreaOffice, Outcome]:
    return await _put(session, AreaOffice, {"code": code}, {"name": name, "kind": kind, "province_id": province_id})


async def put_committee(
    session: AsyncSession, code: str, *, name: str, kind: str, area_office_id: int
) -> tuple[Committee, Outcome]:
    return await _put(
        session, Committee, {"code": code}, {"name": name, "kind": kind, "area_office_id": area_office_id}
    )


async def put_person(
    session: AsyncSession, person_id: int | None, *, full_name: str, phone: str | None, email: str | None
) -> tuple[Person, Outcome]:
    """Update the person `person_id`, or add a new person when it is None."""
    values = {"full_name": full_name, "phone": phone, "email": email}
    if person_id is None:
        person = Person(**{k: v for k, v in values.items() if v is not None})
        session.add(person)
        await session.flush()
        return person, Outcome.CREATED
    return await _put(session, Person, {"id": person_id}, values)


async def put_seat(session: AsyncSession, committee_id: int, person_id: int, role: str, is_admin: bool) -> Outcome:
    """The person's seat in that role, or a new one: a vacated seat of the role is filled first (seats.py)."""
    key = {"committee_id": committee_id, "person_id": person_id, "role": role}
    held = (await session.execute(select(CommitteeMember.id).filter_by(**key))).scalar_one_or_none()
    if held is None and await seats.fill_vacant(session, committee_id, person_id, role, is_admin) is not None:
        return Outcome.UPDATED
    return (await _put(session, CommitteeMember, key, {"is_admin": is_admin}))[1]


async def put_school(
    session: AsyncSession,
    code: str,
    *,
    name: str,
    area_office_id: int,
    province_id: int | None,
    director_id: int | None,
) -> tuple[PilotSchool, Outcome]:
    values = {"name": name, "area_office_id": area_office_id, "province_id": province_id, "director_id": director_id}
    return await _put(session, PilotSchool, {"code": code}, values)


# --- reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seat:
    role: str
    committee_code: str
    committee_name: str
    is_admin: bool


@dataclass(frozen=True, slots=True)
class DirectedSchool:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """One line of `sandboxbot people`."""

    id: int
    full_name: str
    seats: tuple[Seat, ...]
    schools: tuple[DirectedSchool, ...]
    platforms: tuple[str, ...]
    consented_at: datetime | None

    @property
    def registered(self) -> bool:
        return bool(self.platforms)


async def committee_by_code(session: AsyncSession, code: str) -> Committee | None:
    return (await session.execute(select(Committee).where(Committee.code == code))).scalar_one_or_none()


async def list_people(
    session: AsyncSession, committee: Committee | None = None, include_unregistered: bool = False
) -> list[PersonEntry]:
    """People in the directory, in the order they were added; registered = at least one linked account.

    With `committee`: its seat holders and the directors of pilot schools in its area office."""
    seats: dict[int, list[Seat]] = defaultdict(list)
    seat_rows = await session.execute(
        select(
            CommitteeMember.person_id, CommitteeMember.role, Committee.code, Committee.name, CommitteeMember.is_admin
        )
        .join(Committee, Committee.id == CommitteeMember.committee_id)
        .where(CommitteeMember.person_id.is_not(None))
        .order_by(Committee.code, CommitteeMember.id)
    )
    for person_id, *seat in seat_rows.all():
        seats[person_id].append(Seat(*seat))
    schools: dict[int, list[DirectedSchool]] = defaultdict(list)
    school_rows = await session.execute(
        select(PilotSchool.director_id, PilotSchool.code, PilotSchool.name, PilotSchool.area_office_id)
        .where(PilotSchool.director_id.is_not(None))
        .order_by(PilotSchool.code)
    )
    in_area: set[int] = set()
    for director_id, code, name, office_id in school_rows.all():
        schools[director_id].append(DirectedSchool(code, name))
        if committee is not None and office_id is not None and office_id == committee.area_office_id:
            in_area.add(director_id)
    platforms: dict[int, list[str]] = defaultdict(list)
    identity_rows = await session.execute(
        select(Identity.person_id, Identity.platform)
        .where(Identity.person_id.is_not(None))
        .group_by(Identity.person_id, Identity.platform)
        .order_by(Identity.person_id, func.min(Identity.linked_at))
    )
    for person_id, platform in identity_rows.all():
        platforms[person_id].append(platform)
    entries = []
    for person in (await session.execute(select(Person).order_by(Person.id))).scalars():
        if committee is not None:
            on_committee = any(s.committee_code == committee.code for s in seats[person.id])
            if not (on_committee or person.id in in_area):
                continue
        entry = PersonEntry(
            person.id,
            person.full_name,
            tuple(seats[person.id]),
            tuple(schools[person.id]),
            tuple(platforms[person.id]),
            person.consented_at,
        )
        if include_unregistered or entry.registered:
            entries.append(entry)
    return entries
