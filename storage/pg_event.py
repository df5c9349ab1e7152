"""An event's own transaction on a pooled PostgreSQL connection: BEGIN sent with the first statement, the last
write with the COMMIT.

Through SQLAlchemy's asyncpg adapter an event paid four round trips: BEGIN (asyncpg's transaction object), the
event's start (migration 0008's function), the state write, COMMIT. Here it pays two. The event's connection is
switched to the adapter's autocommit for the event (it then starts and ends nothing itself, and SQLAlchemy resets
the level when the connection goes back to the pool). An ORM session opened by a handler joins the same transaction
(the adapter issues no BEGIN or COMMIT of its own in autocommit).

BEGIN with the first statement: asyncpg sends one statement per round trip and has no API for more (asyncpg#588),
so when the first statement is a fetch, BEGIN's Parse/Bind/Execute messages are written to the connection just
before asyncpg writes the statement's Bind/Execute/Sync (same event-loop step, nothing in between): the server runs
both before the one Sync, and asyncpg's reader skips the extra ParseComplete/BindComplete/CommandComplete, as it does
when it re-parses a statement itself. Any other first statement (the driver's own, or one of an ORM session: see
`send_pending_begin`) sends BEGIN on its own first. A fetch that fails without the server's answer closes the
connection, so nothing can run in a transaction it did not see begin.

The state write with COMMIT: one simple query, the write's values inlined as SQL literals. That is safe for the
values it accepts: text without NUL or lone surrogates, quoted by doubling its single quotes under
`standard_conforming_strings` (PostgreSQL's default since 9.1; with it off, or for any other value, nothing is
deferred), NULL, and timezone-aware datetimes in ISO form.
"""

from __future__ import annotations

import re
import struct
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from asyncpg import Connection as AsyncpgConnection
from asyncpg import PostgresError
from asyncpg.prepared_stmt import PreparedStatement
from sqlalchemy.util import await_only

from storage.lean import Asyncpg, Row, numbered

_SURROGATE = re.compile("[\ud800-\udfff]")
EVENT_BEGIN = "sandboxbot_event_begin"  # the DBAPI connection's info key: its event driver, while BEGIN is owed


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


# Parse "BEGIN" as the unnamed statement, Bind it to the unnamed portal, Execute it: no Sync (the fetch's comes next)
_BEGIN_MESSAGES = (
    _message(b"P", b"\0BEGIN\0" + struct.pack("!h", 0))
    + _message(b"B", b"\0\0" + struct.pack("!hhh", 0, 0, 0))
    + _message(b"E", b"\0" + struct.pack("!i", 0))
)
_PREPARED: weakref.WeakKeyDictionary[AsyncpgConnection, dict[str, PreparedStatement]] = weakref.WeakKeyDictionary()


class ConnectionLost(ConnectionError):
    """The event's connection closed under it (the server restarted it, the network dropped it): nothing of the event
    was recorded, and a new connection may well work, so the platform should deliver the event again."""


class EventAsyncpg(Asyncpg):
    """The driver of one event's transaction (bot/core/event_store.py): `begin`, then statements, then `commit` or
    `rollback`. Deferred writes also run before any later statement of this driver, so their order holds."""

    def __init__(self, dialect: Any, adapted: Any) -> None:
        super().__init__(dialect, adapted)
        self._deferred: list[str] = []
        self.begin_pending = False

    @property
    def closed(self) -> bool:
        return self._conn.is_closed()

    def begin(self) -> None:
        """Owe BEGIN: it goes out with the event's first statement."""
        self.begin_pending = True

    async def send_begin(self) -> None:
        if self.begin_pending:
            self.begin_pending = False
            await self._conn.execute("BEGIN")

    async def fetchone(self, sql: str, params: Sequence[Any]) -> Row | None:
        transport = getattr(self._conn, "_transport", None)
        if not self.begin_pending or transport is None:
            return await super().fetchone(sql, params)
        statement = await self._prepared(sql)
        self.begin_pending = False
        transport.write(_BEGIN_MESSAGES)  # then the fetch's Bind/Execute/Sync, in this same step of the loop
        try:
            row = await statement.fetchrow(*params)
        except PostgresError:  # the server answered: its transaction state is known (a failed one is rolled back)
            _PREPARED.pop(self._conn, None)
            raise
        except BaseException:  # no answer read: the server may hold a begun transaction we cannot account for
            self._conn.terminate()
            raise
        return None if row is None else tuple(row)

    async def _prepared(self, sql: str) -> PreparedStatement:
        """The connection's prepared statement for `sql` (prepared on its first use: one round trip)."""
        statements = _PREPARED.setdefault(self._conn, {})
        statement = statements.get(sql)
        if statement is None:
            statement = statements[sql] = await self._conn.prepare(numbered(sql))
        return statement

    async def _begun(self) -> None:
        await self.send_begin()
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
        if self.begin_pending:  # nothing ran: the deferred writes, if any, are the whole transaction
            self.begin_pending = False
            if self._deferred:
                await self._conn.execute(self._take())
            return
        await self._conn.execute(self._take("COMMIT"))

    async def rollback(self) -> None:
        self.begin_pending = False
        self._deferred.clear()
        if not self.closed and self._conn.is_in_transaction():
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


def send_pending_begin(conn: Any, *_args: Any) -> None:
    """SQLAlchemy's `before_cursor_execute` on PostgreSQL: a statement of an event's ORM session that comes before
    any of the event driver's sends the owed BEGIN first (runs in SQLAlchemy's greenlet, where `await_only` works)."""
    db = conn.info.get(EVENT_BEGIN)
    if db is not None and db.begin_pending:
        await_only(db.send_begin())
