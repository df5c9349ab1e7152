"""The audit log: every write says who, when, from which platform."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog


def add_audit(
    session: AsyncSession,
    action: str,
    platform: str,
    user_id: str | None = None,
    person_id: int | None = None,
    **details: Any,
) -> None:
    """Add an audit row to the current transaction (it commits or rolls back with the write it describes)."""
    session.add(AuditLog(action=action, platform=platform, user_id=user_id, person_id=person_id, details=details))
