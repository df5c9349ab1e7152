"""aiosqlite's API with every call run at once on the event loop's thread.

aiosqlite sends each call (cursor, execute, fetch, close: about 18 per event) to a worker thread and back. SQLite
answers our indexed statements in microseconds, while each hop costs a queue put, a thread wake-up and a
call_soon_threadsafe: on a busy 2-core machine that was most of an event's time. Running inline blocks the loop
only for as long as SQLite works. It must never block the loop waiting for a lock: a transaction of this
process holding it could not end meanwhile (it needs the loop), so `BEGIN IMMEDIATE` is tried without waiting and,
when the write lock is taken, waited for on a worker thread (`begin_immediate`). No library offers this;
SQLAlchemy's `async_creator` hook lets us plug it in.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
from sqlalchemy.exc import DBAPIError


class InlineConnection(aiosqlite.Connection):
    """A connection whose calls run on the caller's thread; aiosqlite's thread still serves SQLAlchemy's few
    direct queue uses (setting the isolation level), hence `check_same_thread=False`."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def inline_creator(path: str, timeout: float) -> Callable[[], Any]:
    """An `async_creator` for create_async_engine opening `path` with InlineConnection."""

    async def create() -> InlineConnection:
        def connect() -> sqlite3.Connection:
            return sqlite3.connect(path, timeout=timeout, check_same_thread=False)

        connection = InlineConnection(connect, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy does for its own aiosqlite connections
        return await connection

    return create


def inline_sqlite3(driver_connection: Any) -> sqlite3.Connection | None:
    """The sqlite3 connection under an InlineConnection; None for any other driver connection, or a closed one."""
    return driver_connection._connection if isinstance(driver_connection, InlineConnection) else None


def execute(raw: sqlite3.Connection, sql: str) -> None:
    """A statement on the sqlite3 connection, its error raised as SQLAlchemy's (an OperationalError is a store that
    cannot be reached: the adapter answers 503)."""
    try:
        raw.execute(sql)
    except sqlite3.Error as exc:
        raise _as_sqlalchemys(sql, exc) from exc


def begin_immediate(raw: sqlite3.Connection, busy_timeout_ms: int) -> Awaitable[None] | None:
    """`BEGIN IMMEDIATE` on the loop's thread if the write lock is free (None: begun); otherwise an awaitable that
    waits for the lock on a worker thread, up to the busy timeout, leaving the loop free for whoever holds it.
    Errors are raised as SQLAlchemy's, as `execute` raises them."""
    try:
        raw.execute("PRAGMA busy_timeout=0")
        try:
            begun = _try_begin(raw)
        finally:
            raw.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    except sqlite3.Error as exc:
        raise _as_sqlalchemys("BEGIN IMMEDIATE", exc) from exc
    return None if begun else _begin_waiting(raw, None)


def begin_unwaiting(raw: sqlite3.Connection, busy_timeout_ms: int) -> Awaitable[None] | None:
    """`begin_immediate` for a connection kept at `busy_timeout=0` (the events' writer: two statements fewer per
    event); only the wait on the worker thread uses `busy_timeout_ms`. Inside its write transaction such a connection
    never waits: in WAL mode its reads use the transaction's snapshot, and a commit's checkpoint is passive."""
    try:
        begun = _try_begin(raw)
    except sqlite3.Error as exc:
        raise _as_sqlalchemys("BEGIN IMMEDIATE", exc) from exc
    return None if begun else _begin_waiting(raw, busy_timeout_ms)


def _try_begin(raw: sqlite3.Connection) -> bool:
    """`BEGIN IMMEDIATE` at once; False when another connection holds the write lock (the caller's busy timeout is
    0)."""
    try:
        raw.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
            raise
    return False


async def _begin_waiting(raw: sqlite3.Connection, busy_timeout_ms: int | None) -> None:
    """Wait for the write lock on a worker thread; with `busy_timeout_ms`, the connection's timeout is that while it
    waits and 0 again after."""

    def begin() -> None:
        if busy_timeout_ms is None:
            raw.execute("BEGIN IMMEDIATE")
            return
        raw.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        try:
            raw.execute("BEGIN IMMEDIATE")
        finally:
            raw.execute("PRAGMA busy_timeout=0")

    waiting = asyncio.ensure_future(asyncio.to_thread(begin))
    try:
        await asyncio.shield(waiting)
    except asyncio.CancelledError:  # the thread may still take the lock: give it back when it does
        waiting.add_done_callback(lambda done: raw.rollback() if done.exception() is None else None)
        raise
    except sqlite3.Error as exc:
        raise _as_sqlalchemys("BEGIN IMMEDIATE", exc) from exc


def _as_sqlalchemys(sql: str, exc: sqlite3.Error) -> DBAPIError:
    return DBAPIError.instance(sql, (), exc, sqlite3.Error)  # type: ignore[return-value]
