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

The state write with COMMIT, the same way: the write's Bind/Execute (its statement prepared once per connection, its
values sent as text, which PostgreSQL reads with each column type's own input function: no SQL literal is ever
built) are written just before asyncpg's Bind/Execute/Sync of a prepared COMMIT. A write the server refuses skips
the COMMIT (PostgreSQL ignores everything after an error until the Sync) and the event rolls back. Values this
cannot send as text (text holding NUL or lone surrogates; anything but text, NULL and timezone-aware datetimes) are
written at once with asyncpg's parameters instead, and fail or succeed as they always did.
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
        self._deferred: list[tuple[str, Sequence[Any], list[bytes | None]]] = []  # (sql, params, params as text)
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
        return await self._after(transport, _BEGIN_MESSAGES, statement, params)

    async def _after(
        self, transport: Any, messages: bytes, statement: PreparedStatement, params: Sequence[Any]
    ) -> Row | None:
        """`statement` fetched with `messages` written just before its own (same step of the loop: one round trip)."""
        transport.write(messages)
        try:
            row = await statement.fetchrow(*params)
        except PostgresError:  # the server answered: its transaction state is known (a failed one is rolled back)
            _PREPARED.pop(self._conn, None)
            raise
        except BaseException:  # no answer read: the server may hold a transaction we cannot account for
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
        deferred, self._deferred = self._deferred, []
        for sql, params, _ in deferred:  # a later statement comes: the writes go first, in order
            await self._conn.execute(numbered(sql), *params)

    def defer(self, sql: str, params: Sequence[Any]) -> bool:
        """Keep this write to go with the COMMIT; False (nothing kept) when a value cannot be sent as text."""
        try:
            texts = [_text(value) for value in params]
        except ValueError:
            return False
        self._deferred.append((sql, params, texts))
        return True

    async def commit(self) -> None:
        """BEGIN if still owed, the deferred writes and COMMIT, in one round trip."""
        if self.begin_pending and not self._deferred:  # nothing ran and nothing is to be written
            self.begin_pending = False
            return
        transport = getattr(self._conn, "_transport", None)
        if transport is None or not self._deferred:
            await self._begun()
            await self._conn.execute("COMMIT")
            return
        writes = [(await self._prepared(sql)).get_name() for sql, _, _ in self._deferred]  # (outside the transaction)
        commit = await self._prepared("COMMIT")
        messages = _BEGIN_MESSAGES if self.begin_pending else b""
        for name, (_, _, texts) in zip(writes, self._deferred, strict=True):
            messages += _bind_execute(name, texts)
        self.begin_pending, self._deferred = False, []
        await self._after(transport, messages, commit, ())

    async def rollback(self) -> None:
        self.begin_pending = False
        self._deferred.clear()
        if not self.closed and self._conn.is_in_transaction():
            await self._conn.execute("ROLLBACK")


def _text(value: Any) -> bytes | None:
    """`value` in PostgreSQL's text format for a parameter (the column's input function reads it), None for NULL;
    ValueError for a value this module does not send as text."""
    if value is None:
        return None
    if isinstance(value, str):
        if "\x00" in value or _SURROGATE.search(value):  # not text PostgreSQL stores, nor UTF-8 we can send
            raise ValueError("not sendable as text")
        return value.encode()
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat().encode()
    raise ValueError("not sendable as text")


def _bind_execute(statement: str, texts: list[bytes | None]) -> bytes:
    """Bind the prepared `statement` to the unnamed portal with these text-format values, and Execute it."""
    body = [b"\0", statement.encode(), b"\0", struct.pack("!hhh", 1, 0, len(texts))]
    for value in texts:
        body.append(struct.pack("!i", -1) if value is None else struct.pack("!i", len(value)) + value)
    body.append(struct.pack("!h", 0))  # results in the default format (a write returns none)
    return _message(b"B", b"".join(body)) + _message(b"E", b"\0" + struct.pack("!i", 0))


def send_pending_begin(conn: Any, *_args: Any) -> None:
    """SQLAlchemy's `before_cursor_execute` on PostgreSQL: a statement of an event's ORM session that comes before
    any of the event driver's sends the owed BEGIN first (runs in SQLAlchemy's greenlet, where `await_only` works)."""
    db = conn.info.get(EVENT_BEGIN)
    if db is not None and db.begin_pending:
        await_only(db.send_begin())
