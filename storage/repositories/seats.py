"""Vacated seats: what PDPA erasure leaves of a person's seats, and how a seat is filled again.

Erasure removes the holder, not the seat: the committee still has a chair, an expert, a secretary to find, and the
seat still counts in the committee's totals. The anonymised holder's internal id stays on the seat
(`former_person_id`) so the check-ins it made this round still count for the seat, without any name. The next import
that seats someone in the same role on the same committee fills the oldest vacated seat instead of adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CommitteeMember

VACANT = "ว่าง (ถอนตัว)"  # a vacated seat's line in the Thai-only cockpit, reports and admin summaries


@dataclass(frozen=True, slots=True)
class VacantSeat:
    seat_id: int
    role: str
    vacated_at: datetime
    former_person_id: int | None


async def vacate(session: AsyncSession, person_id: int, now: datetime) -> int:
    """Unseat `person_id` everywhere (no admin rights either); returns how many seats were vacated."""
    result = await session.execute(
        update(CommitteeMember)
        .where(CommitteeMember.person_id == person_id)
        .values(person_id=None, former_person_id=person_id, vacated_at=now, is_admin=False)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def vacant_seats(session: AsyncSession, committee_id: int) -> list[VacantSeat]:
    rows = await session.execute(
        select(CommitteeMember.id, CommitteeMember.role, CommitteeMember.vacated_at, CommitteeMember.former_person_id)
        .where(CommitteeMember.committee_id == committee_id, CommitteeMember.person_id.is_(None))
        .order_by(CommitteeMember.id)
    )
    return [VacantSeat(*row) for row in rows.all()]


async def fill_vacant(
    session: AsyncSession, committee_id: int, person_id: int, role: str, is_admin: bool
) -> CommitteeMember | None:
    """Seat `person_id` in the committee's oldest vacated seat of `role`, if there is one."""
    seat = (
        await session.execute(
            select(CommitteeMember)
            .where(
                CommitteeMember.committee_id == committee_id,
                CommitteeMember.role == role,
                CommitteeMember.person_id.is_(None),
            )
            .order_by(CommitteeMember.id)
            .limit(1)
        )
    ).scalar_one_or_none()
    if seat is None:
        return None
    seat.person_id, seat.is_admin = person_id, is_admin
    seat.vacated_at = seat.former_person_id = None
    await session.flush()
    return seat
