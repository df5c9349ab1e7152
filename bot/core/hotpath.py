"""The statements every event runs, kept cheap: plain SQL on the raw connection (storage/lean.py), one query for
the identity and its person, a cache of identities known to exist, the event's transaction on its own connection
(bot/core/event_store.py), and on SQLite one in-process writer at a time.

Why a writer gate on SQLite: every event's transaction is `BEGIN IMMEDIATE`. Without the gate, pooled connections
race for the file lock and the losers sleep in SQLite's busy handler (backing off up to 100 ms), which at a few
hundred events/s turned into multi-second p99s. An asyncio lock queues them in order instead, with no sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import OrderedDict
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.event_store import EventStore
from bot.core.messages import Incoming
from bot.core.state import State
from storage import lean
from storage.models import Identity


async def record_event(store: lean.Source, msg: Incoming) -> bool:
    """Insert (platform, event id) unless it is there; True when this call inserted it (the event is new).

    On PostgreSQL the same statement first takes a transaction-scoped lock on the conversation, so that its events
    are handled one at a time across processes and machines even before it has a state row to lock (SQLite has
    one writer anyway)."""
    db = await lean.driver(store)
    lock = _key_hash(msg.key) if db.dialect.name == "postgresql" else None
    return await lean.record_event(db, msg.platform.value, msg.event_id, msg.raw_type or msg.kind.value, lock)


async def begin_event(store: EventStore, msg: Incoming, known: IdentityCache) -> tuple[Identity | None, State] | None:
    """Record the event, then read the sender's identity with its person (created first if this account is new) and
    the conversation's state; None for a duplicate event. On PostgreSQL all in one round trip, the database's
    function (migration 0008), which first takes the conversation's lock; on SQLite in its statements."""
    db = await lean.driver(store)
    platform, user_id = msg.platform.value, msg.user_id
    event = (platform, msg.event_id, msg.raw_type or msg.kind.value)
    new_account = bool(user_id) and (platform, user_id) not in known
    if db.dialect.name == "postgresql":
        user = (user_id, msg.display_name, new_account)
        begun = await lean.begin_event(db, event, _key_hash(msg.key), user, msg.key)
        if begun is None:
            return None
    else:
        if not await lean.record_event(db, *event):
            return None
        if new_account:
            await lean.add_identity(db, platform, user_id, msg.display_name)
        begun = await lean.load_context(db, platform, user_id, msg.key)
    identity, state = begun
    if user_id:
        if identity is None:  # pragma: no cover - inserted in this transaction
            raise LookupError("identity row missing")
        known.add((platform, user_id))
        store.attach(identity, identity.person)
    else:
        identity = None
    return identity, State() if state is None else State.loaded(*state)


class IdentityCache:
    """(platform, user id) pairs known to have an identity row; rows are never deleted, so entries never go stale.
    Bounded, least recently used first out."""

    def __init__(self, size: int = 100_000) -> None:
        self._known: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._size = size

    def __contains__(self, key: tuple[str, str]) -> bool:
        if key in self._known:
            self._known.move_to_end(key)
            return True
        return False

    def add(self, key: tuple[str, str]) -> None:
        self._known[key] = None
        if len(self._known) > self._size:
            self._known.popitem(last=False)


async def load_identity(store: EventStore, msg: Incoming, known: IdentityCache) -> Identity | None:
    """The sender's identity with its person in one query, created first if this account is new."""
    if not msg.user_id:
        return None
    key = (msg.platform.value, msg.user_id)
    db = await lean.driver(store)
    if key not in known:
        await lean.add_identity(db, key[0], key[1], msg.display_name)
    identity = await lean.load_identity(db, key[0], key[1])
    if identity is None:  # pragma: no cover - inserted just above, in this transaction
        raise LookupError("identity row missing")
    known.add(key)
    store.attach(identity, identity.person)
    return identity


def _key_hash(key: tuple[str, str, str]) -> int:
    digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def writer_gate(sessions: async_sessionmaker[AsyncSession]) -> contextlib.AbstractAsyncContextManager[Any]:
    """An asyncio lock for SQLite (one writing transaction at a time in this process); nothing for PostgreSQL."""
    bind = sessions.kw.get("bind")
    if bind is not None and bind.dialect.name == "sqlite":
        return asyncio.Lock()
    return contextlib.nullcontext()
