"""A person's answers to reminders (done, snoozed, stopped, postponement asked) and the last digest they got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, ReminderMark


async def reminder_mark(session: AsyncSession, series: str, person_id: int, now: datetime) -> ReminderMark:
    """The person's mark on a series, created on first use."""
    row = (
        await session.execute(
            select(ReminderMark).where(ReminderMark.series == series, ReminderMark.person_id == person_id)
        )
    ).scalar_one_or_none()
    if row is None:
        row = ReminderMark(series=series, person_id=person_id, updated_at=now)
        session.add(row)
        await session.flush()
    row.updated_at = now
    return row


async def last_reminded_series(session: AsyncSession, person_id: int, since: datetime) -> list[str]:
    """The series named in the newest reminder digest queued for this person since `since` (none: [])."""
    payload = (
        await session.execute(
            select(OutboxMessage.payload)
            .where(
                OutboxMessage.person_id == person_id,
                OutboxMessage.kind == "reminder",
                OutboxMessage.created_at >= since,
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    if not payload:
        return []
    return [str(key) for key in payload.get("meta", {}).get("series", [])]
