"""A committee's seats with the people in them, and whether each person has linked a chat account.

A vacated seat (its holder erased their data) is listed too, with no name: `vacated`, `person_id` None."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CommitteeMember, Identity, Person


@dataclass(frozen=True, slots=True)
class Seat:
    person_id: int | None
    full_name: str  # "" for a vacated seat
    role: str  # chair, vice_chair, expert, school_rep, secretary
    phone: str | None
    registered: bool  # has at least one linked chat account
    vacated: bool = False


ROLE_ORDER = ("chair", "vice_chair", "expert", "school_rep", "secretary")


async def roster(session: AsyncSession, committee_id: int) -> list[Seat]:
    """Every seat of the committee, chair first, then in the order people were seated."""
    linked = exists().where(Identity.person_id == Person.id)
    rows = await session.execute(
        select(Person.id, Person.full_name, CommitteeMember.role, Person.phone, linked)
        .select_from(CommitteeMember)
        .outerjoin(Person, CommitteeMember.person_id == Person.id)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(CommitteeMember.id)
    )
    seats = [
        Seat(pid, name or "", role, phone, pid is not None and bool(registered), vacated=pid is None)
        for pid, name, role, phone, registered in rows.all()
    ]
    rank = {role: n for n, role in enumerate(ROLE_ORDER)}
    return sorted(seats, key=lambda s: rank.get(s.role, len(ROLE_ORDER)))
