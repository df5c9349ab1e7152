"""Conversation state in the store, per (platform, chat, user), loaded under a row lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState, utcnow
from storage.upsert import upsert

Key = tuple[str, str, str]


@dataclass(slots=True)
class State:
    """The mutable view a handler sees: which flow it is in and that flow's data."""

    flow: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def start(self, flow: str, **data: Any) -> None:
        self.flow, self.data = flow, dict(data)

    def clear(self) -> None:
        self.flow, self.data = None, {}

    @property
    def empty(self) -> bool:
        return self.flow is None and not self.data


def _where(key: Key) -> tuple[Any, ...]:
    platform, chat_id, user_id = key
    return (
        _TABLE.c.platform == platform,
        _TABLE.c.chat_id == chat_id,
        _TABLE.c.user_id == user_id,
    )


_TABLE = ConversationState.__table__
_LOAD = (  # Core, built once: no ORM object is needed for two columns
    select(_TABLE.c.flow, _TABLE.c.data)
    .where(
        _TABLE.c.platform == bindparam("platform"),
        _TABLE.c.chat_id == bindparam("chat_id"),
        _TABLE.c.user_id == bindparam("user_id"),
    )
    .with_for_update()
)


async def load_state(session: AsyncSession, key: Key) -> State:
    """The saved state, its row locked FOR UPDATE on PostgreSQL so a second worker waits its turn."""
    row = (await session.execute(_LOAD, dict(zip(("platform", "chat_id", "user_id"), key, strict=True)))).first()
    return State() if row is None else State(flow=row.flow, data=dict(row.data or {}))


async def save_state(session: AsyncSession, key: Key, before: State, after: State) -> None:
    """Write the state back if a handler changed it; an empty state leaves no row behind."""
    if (after.flow, after.data) == (before.flow, before.data):
        return
    if after.empty:
        await session.execute(delete(_TABLE).where(*_where(key)))
        return
    platform, chat_id, user_id = key
    await upsert(
        session,
        ConversationState,
        ("platform", "chat_id", "user_id"),
        platform=platform,
        chat_id=chat_id,
        user_id=user_id,
        flow=after.flow,
        data=dict(after.data),
        updated_at=utcnow(),
    )
