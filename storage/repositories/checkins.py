"""Committee check-ins: one row per (committee, member, duty, report round), updated in place until the round closes.

The round is whatever `deadlines.next_due` says is due next; once its due date has passed a new check-in lands in the
following round, so "closing" needs no job of its own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import RoundDue
from storage.models import CheckIn
from storage.upsert import upsert

STATUSES = ("done", "in_progress", "not_started", "blocked")
KEYS = ("committee_id", "person_id", "duty_number", "academic_year", "round")


async def member_checkins(
    session: AsyncSession, committee_id: int, person_id: int, due: RoundDue
) -> dict[int, CheckIn]:
    """One member's check-ins of one round, by duty number."""
    rows = await session.execute(
        select(CheckIn)
        .where(
            CheckIn.committee_id == committee_id,
            CheckIn.person_id == person_id,
            CheckIn.academic_year == due.academic_year,
            CheckIn.round == due.round,
        )
        .execution_options(populate_existing=True)  # an upsert in this session bypasses the identity map
    )
    return {c.duty_number: c for c in rows.scalars()}


async def save_checkin(
    session: AsyncSession,
    *,
    committee_id: int,
    person_id: int,
    duty_number: int,
    due: RoundDue,
    status: str,
    note: str | None,
    platform: str,
    now: datetime,
) -> str | None:
    """Insert or update the member's check-in on a duty for this round; returns the status it had before, if any.

    An upsert rather than read-then-write, so the same member checking in from Telegram and LINE at once keeps one row.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown check-in status {status!r}")
    before = (await member_checkins(session, committee_id, person_id, due)).get(duty_number)
    previous = before.status if before is not None else None
    await upsert(
        session,
        CheckIn,
        KEYS,
        committee_id=committee_id,
        person_id=person_id,
        duty_number=duty_number,
        academic_year=due.academic_year,
        round=due.round,
        status=status,
        note=note,
        platform=platform,
        updated_at=now,
    )
    return previous
