"""Engine and session factories. Nothing is created at import time."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_only

from bot import fastjson
from storage.sqlite_inline import begin_immediate, inline_creator, inline_sqlite3

SQLITE_BUSY_TIMEOUT_S = 30
POOL_SIZE = 20  # PostgreSQL connections per process (SANDBOXBOT_DATABASE_POOL_SIZE)
SQLITE_SYNCHRONOUS = ("NORMAL", "FULL")  # SANDBOXBOT_SQLITE_SYNCHRONOUS


def create_engine(url: str, *, sqlite_synchronous: str = "NORMAL", **kwargs: Any) -> AsyncEngine:
    """Build an async engine; SQLite gets WAL, a busy timeout, foreign keys and write-ahead locking, and
    `sqlite_synchronous` (NORMAL: a commit survives a crash of the process; FULL: also a power loss, an fsync each).
    Statement parameters (names, message text) never appear in error messages: `hide_parameters`."""
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("json_serializer", fastjson.stored)  # JSON columns (a conversation's state, each event)
    kwargs.setdefault("json_deserializer", fastjson.loads)
    if url.startswith("sqlite"):
        if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"sqlite_synchronous must be one of {', '.join(SQLITE_SYNCHRONOUS)}")
        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            kwargs.setdefault("async_creator", inline_creator(path, SQLITE_BUSY_TIMEOUT_S))
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, **kwargs)
        _tune_sqlite(engine, sqlite_synchronous)
        return engine
    # A fixed pool, no overflow: an overflow connection is closed when it comes back, so a burst of events opened and
    # closed one per event (a TCP and TLS handshake, a new backend, asyncpg's statement cache lost with it).
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", 0)
    engine = create_async_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine)
    return engine


PING_IDLE_S = 1.0  # a connection back in the pool for less than this is taken without a ping


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a pooled connection before use only when it has lain idle, and replace it if the ping fails.

    `pool_pre_ping` pings at every checkout: on asyncpg three round trips (BEGIN, `;`, ROLLBACK), ~9% of an event's
    CPU. A connection returned less than PING_IDLE_S ago was working then; an idle one (the database restarted, a
    firewall dropped it) is pinged as before, and a dead one invalidates the pool and is replaced, as pre-ping does.
    A connection that dies in that second fails its event, which SQLAlchemy reports as a disconnect (the pool is
    invalidated) and the processor answers 503, so the platform delivers the event again."""
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _connected(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED] = time.monotonic()

    @event.listens_for(sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_RETURNED, 0.0) < PING_IDLE_S:
            return
        try:
            sync_engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise InvalidatePoolError() from exc  # the pool replaces the connection and retries, as pre-ping does


_RETURNED = "sandboxbot.returned_at"


def _tune_sqlite(engine: AsyncEngine, synchronous: str) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so that we can open them IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that later writes can fail at once with SQLITE_BUSY;
        # IMMEDIATE takes the write lock up front and waits for it under busy_timeout.
        raw = inline_sqlite3(conn.connection.driver_connection)
        if raw is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        if raw.in_transaction:  # an event's session joining the event's transaction (bot/core/event_store.py)
            return
        # on the sqlite3 connection itself: SQLAlchemy's statement machinery cost more than SQLite's work
        waiting = begin_immediate(raw, SQLITE_BUSY_TIMEOUT_S * 1000)
        if waiting is not None:  # the lock is taken: wait off the loop (we run in SQLAlchemy's greenlet)
            await_only(waiting)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def database_reachable(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
