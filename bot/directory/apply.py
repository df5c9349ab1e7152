"""Writing a validated plan into the store, in the caller's transaction, counting what changed per table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.plan import Plan
from bot.directory.withdrawn import erased_fingerprints, fingerprints
from storage.models import AreaOffice, Committee
from storage.repositories import directory as repo
from storage.repositories.directory import Outcome

TABLE_ORDER = ("offices", "committees", "people", "seats", "schools")


@dataclass(slots=True)
class Counts:
    """Outcomes per table: created, updated (something changed), unchanged."""

    tables: dict[str, Counter[Outcome]] = field(default_factory=lambda: {t: Counter() for t in TABLE_ORDER})
    withdrawn: list[tuple[int, str]] = field(default_factory=list)  # (row, name): erased people left out

    def add(self, table: str, outcome: Outcome) -> None:
        self.tables[table][outcome] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {t: {o.value: self.tables[t][o] for o in Outcome} for t in TABLE_ORDER}


async def apply_plan(session: AsyncSession, plan: Plan, fingerprint_key: bytes | None = None) -> Counts:
    """Offices, committees, people, seats, schools: each step finds the ids the next one needs. With
    `fingerprint_key`, a person not in the store whom an erasure fingerprinted is left out, with their seats and
    directorships (bot/directory/withdrawn.py), and named in `Counts.withdrawn`."""
    counts = Counts()
    erased = await erased_fingerprints(session) if fingerprint_key is not None else set()
    provinces = await repo.province_ids(session)
    for office in plan.offices.values():
        _, outcome = await repo.put_area_office(
            session,
            office.code,
            name=office.name,
            kind=office.kind,
            province_id=provinces[office.province] if office.province else None,
        )
        counts.add("offices", outcome)
    offices = await repo.ids_by_code(session, AreaOffice)
    for committee in plan.committees:
        _, outcome = await repo.put_committee(
            session,
            committee.code,
            name=committee.name,
            kind=committee.kind,
            area_office_id=offices[committee.office_code],
        )
        counts.add("committees", outcome)
    committees = await repo.ids_by_code(session, Committee)
    person_ids: list[int | None] = []
    for person in plan.people:
        if (
            erased
            and person.stored_id is None
            and fingerprint_key is not None
            and erased.intersection(fingerprints(fingerprint_key, person.full_name, person.phone, person.email))
        ):
            person_ids.append(None)
            counts.withdrawn.append((person.first_row, person.full_name))
            continue
        row, outcome = await repo.put_person(
            session, person.stored_id, full_name=person.full_name, phone=person.phone, email=person.email
        )
        person_ids.append(row.id)
        counts.add("people", outcome)
    for seat in plan.seats:
        seated = person_ids[seat.person]
        if seated is None:
            continue
        outcome = await repo.put_seat(session, committees[seat.committee_code], seated, seat.role, seat.is_admin)
        counts.add("seats", outcome)
    for school in plan.schools:
        director = person_ids[school.director_person] if school.director_person is not None else school.director_id
        _, outcome = await repo.put_school(
            session,
            school.code,
            name=school.name,
            area_office_id=offices[school.office_code],
            province_id=provinces[school.province] if school.province else None,
            director_id=director,
        )
        counts.add("schools", outcome)
    return counts
