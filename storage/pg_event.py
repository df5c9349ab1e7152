"""An event's own transaction on a pooled PostgreSQL connection: BEGIN and COMMIT sent here, the last write with
the COMMIT.

Through SQLAlchemy's asyncpg adapter an event paid four round trips: BEGIN (asyncpg's transaction object), the
event's start (migration 0008's function), the state write, COMMIT. The event's connection is switched to the
adapter's autocommit for the event (it then starts and ends nothing itself, and SQLAlchemy resets the level when the
connection goes back to the pool); this driver sends BEGIN, and sends the state write and COMMIT as one simple query,
the write's values inlined as SQL literals. That is safe for the values it accepts: text without NUL or lone
surrogates, quoted by doubling its single quotes under `standard_conforming_strings` (PostgreSQL's default since 9.1;
with it off, or for any other value, nothing is deferred), NULL, and timezone-aware datetimes in ISO form. An ORM
session opened by a handler joins the same transaction (the adapter issues no BEGIN or COMMIT of its own in
autocommit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.lean import Asyncpg

_SURROGATE = re.compile("[\ud800-\udfff]")


class ConnectionLost(ConnectionError):
    """The event's connection closed under it (the server restarted it, the network dropped it): nothing of the event
    was recorded, and a new connection may well work, so the platform should deliver the event again."""


class EventAsyncpg(Asyncpg):
    """The driver of one event's transaction (bot/core/event_store.py): `begin`, then statements, then `commit` or
    `rollback`. Deferred writes also run before any later statement of this driver, so their order holds."""

    def __init__(self, dialect: Any, adapted: Any) -> None:
        super().__init__(dialect, adapted)
        self._deferred: list[str] = []

    @property
    def closed(self) -> bool:
        return self._conn.is_closed()

    async def begin(self) -> None:
        await self._conn.execute("BEGIN")

    async def _begun(self) -> None:
        if self._deferred:
            await self._conn.execute(self._take())

    def defer(self, sql: str, params: Sequence[Any]) -> bool:
        literals = [_literal(value) for value in params]
        if None in literals or self._conn.get_settings().standard_conforming_strings != "on":
            return False
        parts = sql.split("?")
        if len(parts) != len(literals) + 1:
            return False
        self._deferred.append(parts[0] + "".join(f"{lit}{part}" for lit, part in zip(literals, parts[1:], strict=True)))
        return True

    async def commit(self) -> None:
        """The deferred writes and COMMIT in one round trip (one simple query: a failing write stops the rest)."""
        await self._conn.execute(self._take("COMMIT"))

    async def rollback(self) -> None:
        self._deferred.clear()
        if self._conn.is_in_transaction():
            await self._conn.execute("ROLLBACK")

    def _take(self, *then: str) -> str:
        statements, self._deferred = [*self._deferred, *then], []
        return "; ".join(statements)


def _literal(value: Any) -> str | None:
    """`value` as a PostgreSQL literal (its type taken from the column it is written to), or None if it is not one
    this module inlines."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        if "\x00" in value or _SURROGATE.search(value):  # not text PostgreSQL stores, nor UTF-8 asyncpg can send
            return None
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, datetime) and value.tzinfo is not None:
        return f"'{value.isoformat()}'"
    return None
