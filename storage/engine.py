"""Engine and session factories. Nothing is created at import time."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.sqlite_inline import InlineConnection, inline_creator

SQLITE_BUSY_TIMEOUT_S = 30


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build an async engine; SQLite gets WAL, a busy timeout, foreign keys and write-ahead locking.
    Statement parameters (names, message text) never appear in error messages: `hide_parameters`."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            kwargs.setdefault("async_creator", inline_creator(path, SQLITE_BUSY_TIMEOUT_S))
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, **kwargs)
        _tune_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _tune_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so that we can open them IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that later writes can fail at once with SQLITE_BUSY;
        # IMMEDIATE takes the write lock up front and waits for it under busy_timeout.
        aio = conn.connection.driver_connection
        if not isinstance(aio, InlineConnection) or aio._connection is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        try:  # on the sqlite3 connection itself: SQLAlchemy's statement machinery cost more than SQLite's work
            aio._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:  # as SQLAlchemy would raise it (OperationalError: the store is unavailable)
            raise DBAPIError.instance("BEGIN IMMEDIATE", (), exc, sqlite3.Error) from exc


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def database_reachable(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
