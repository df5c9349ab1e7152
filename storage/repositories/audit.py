"""The audit log: every write says who, when, from which platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog, utcnow


def add_audit(
    session: AsyncSession,
    action: str,
    platform: str,
    user_id: str | None = None,
    person_id: int | None = None,
    at: datetime | None = None,
    **details: Any,
) -> None:
    """Add an audit row to the current transaction (it commits or rolls back with the write it describes).

    `at` is the event's time (the processor's clock); the wall clock when not given."""
    session.add(
        AuditLog(
            action=action, platform=platform, user_id=user_id, person_id=person_id, at=at or utcnow(), details=details
        )
    )
