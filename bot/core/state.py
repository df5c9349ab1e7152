"""Conversation state in the store, per (platform, chat, user), loaded under a row lock (statements: storage/lean)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage import lean

Key = tuple[str, str, str]
MEMORY_KEY = "_memory"  # reserved key in the saved JSON: dialogue memory, kept apart from the flow's data


@dataclass(slots=True)
class State:
    """The mutable view a handler sees: which flow it is in and that flow's data, plus the dialogue memory (the
    last topic and its slots, for follow-ups), which outlives flows: `clear()` ends the flow, not the memory."""

    flow: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    forgotten: bool = False  # everything dropped, parked flows too (the person erased their data)

    def start(self, flow: str, **data: Any) -> None:
        self.flow, self.data = flow, dict(data)

    def clear(self) -> None:
        self.flow, self.data = None, {}

    def forget(self) -> None:
        """End the flow, drop any parked one and the dialogue memory: nothing of the conversation is kept."""
        self.flow, self.data, self.memory, self.forgotten = None, {}, {}, True

    @property
    def empty(self) -> bool:
        return self.flow is None and not self.data and not self.memory

    def saved(self) -> tuple[str | None, dict[str, Any]]:
        """The row's (flow, data): the memory rides inside the same JSON under a reserved key."""
        data = dict(self.data)
        if self.memory:
            data[MEMORY_KEY] = dict(self.memory)
        return self.flow, data

    def copy(self) -> State:
        """A copy whose data and memory can be changed without touching this one's. They are JSON (dicts, lists,
        scalars), so a structural copy does: `copy.deepcopy`'s memo and reducers cost several times more."""
        return State(self.flow, _copied(self.data), _copied(self.memory), self.forgotten)

    @classmethod
    def loaded(cls, flow: str | None, data: dict[str, Any] | None) -> State:
        data = dict(data or {})
        memory = data.pop(MEMORY_KEY, None)
        return cls(flow=flow, data=data, memory=dict(memory) if isinstance(memory, dict) else {})


def _copied(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


async def load_state(store: AsyncSession | lean.Source, key: Key) -> State:
    """The saved state, its row locked FOR UPDATE on PostgreSQL so a second worker waits its turn."""
    row = await lean.load_state(await lean.driver(store), key)
    return State() if row is None else State.loaded(*row)


async def save_state(
    store: AsyncSession | lean.Source, key: Key, before: State, after: State, *, at_commit: bool = False
) -> None:
    """Write the state back if a handler changed it; an empty state leaves no row behind. `at_commit`: the event's
    last statement before its COMMIT (on PostgreSQL both go in one round trip)."""
    saved = after.saved()
    if saved == before.saved():
        return
    db = await lean.driver(store)
    if after.empty:
        await lean.delete_state(db, key)
    else:
        await lean.save_state(db, key, *saved, at_commit=at_commit)
