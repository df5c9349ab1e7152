"""One event's transaction: the hot path's statements on the raw connection, the ORM session only when used.

Most events (a question answered from the documents) run a few fixed statements (storage/lean.py) and never touch
the ORM. SQLAlchemy's session still cost more than everything SQLite did for them: a session and its transaction
object, a pooled connection checked out and in, begin and commit events, three greenlet hops, the identity map
emptied at close. Here the event's transaction is ours, on its connection, and the session is made only when a
handler asks for it (`EventStore.session`), bound to that connection: its first statement joins the transaction.

- SQLite (the file store, sqlite3 on the loop's thread): one writer connection per process, kept open. Events take
  it in turn under the processor's writer gate; `BEGIN IMMEDIATE` and `COMMIT` go straight to sqlite3.
- PostgreSQL: a connection kept between events (bot/core/pg_connections.py); BEGIN with the event's first
  statement, and the state write with COMMIT, sent by the event's driver (storage/pg_event.py).
- Anything else (an in-memory SQLite database): a pooled connection per event, begun and ended in one greenlet hop
  each.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.util import greenlet_spawn

from bot.core.pg_connections import HeldConnections
from storage import lean
from storage.engine import SQLITE_BUSY_TIMEOUT_S
from storage.pg_event import EVENT_BEGIN, ConnectionLost, EventAsyncpg, send_pending_begin
from storage.sqlite_inline import begin_unwaiting, execute, inline_sqlite3


class EventStore:
    """One event's store: `db` runs the hot path's statements in the event's transaction; `session`, made on first
    use, is an ORM session in the same transaction, holding the objects loaded for the event (`attach`)."""

    __slots__ = ("_attached", "_bind", "_session", "_sessions", "db")

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], bind: AsyncConnection | None, db: lean.Driver | None
    ) -> None:
        self._sessions = sessions
        self._bind = bind
        self._session: AsyncSession | None = None
        self._attached: list[Any] = []
        self.db = db

    @classmethod
    def of(cls, session: AsyncSession) -> EventStore:
        """A store around a session that is already open (benchmarks and tools that build a Context themselves)."""
        store = cls(async_sessionmaker(), None, None)
        store._session = session
        return store

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            session = self._sessions(bind=self._bind)
            session.info[lean.EVENT_DRIVER] = self.db
            for obj in self._attached:
                lean.attach(session, obj)
            self._session = session
        return self._session

    @property
    def opened(self) -> AsyncSession | None:
        """The session if a handler made one."""
        return self._session

    def pending(self) -> AsyncSession | None:
        """The session when it holds changes to write: its own, or changes made to the loaded objects before it was
        made (a handler may change `ctx.identity` without ever using the session)."""
        if self._session is None and not any(instance_state(o).modified for o in self._attached):
            return None
        session = self.session
        return session if session.new or session.dirty or session.deleted else None

    def attach(self, *objects: Any) -> None:
        """Objects loaded for this event, to be the session's when it is made."""
        for obj in objects:
            if obj is not None:
                self._attached.append(obj)
                if self._session is not None:
                    lean.attach(self._session, obj)


class EventTransactions:
    """Opens each event's transaction and hands out its session (see the module's docstring)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        bind = sessions.kw["bind"]
        self._engine: AsyncEngine = bind
        self._writer: AsyncConnection | None = None
        self._inline = bind.dialect.name == "sqlite"  # until the first connection shows otherwise
        self._held = HeldConnections(bind) if bind.dialect.name == "postgresql" else None
        self._kept_deadlines = lean.KeptReads() if self._held is not None else None  # while their token stands
        if self._held is not None and not event.contains(bind.sync_engine, "before_cursor_execute", send_pending_begin):
            event.listen(bind.sync_engine, "before_cursor_execute", send_pending_begin)

    def open(self) -> AbstractAsyncContextManager[EventStore]:
        """The event's store: committed when the block ends, rolled back if it raises; its session closed after."""
        return _EventTransaction(self)

    async def close(self) -> None:
        """Give the connections back (before the engine is disposed); SQLite's writer with the pool's busy timeout."""
        if self._held is not None:
            self._held.close()
        writer, self._writer = self._writer, None
        if writer is not None:
            raw = inline_sqlite3(writer.sync_connection.connection.driver_connection)
            if raw is not None:
                with contextlib.suppress(sqlite3.Error):
                    raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
            await writer.close()

    async def _writer_connection(self) -> sqlite3.Connection | None:
        """The process's SQLite writer connection, opened on first use; None when the store is not inline SQLite."""
        if self._writer is None:
            writer = await self._engine.connect()
            raw = inline_sqlite3(writer.sync_connection.connection.driver_connection)
            if raw is None:  # e.g. an in-memory database: aiosqlite on its own thread
                await writer.close()
                self._inline = False
                return None
            raw.execute("PRAGMA busy_timeout=0")  # it never waits on the loop's thread (`begin_unwaiting`)
            self._writer = writer
        return inline_sqlite3(self._writer.sync_connection.connection.driver_connection)

    async def _begin_inline(self, raw: sqlite3.Connection) -> EventStore:
        writer = self._writer
        assert writer is not None
        waiting = begin_unwaiting(raw, SQLITE_BUSY_TIMEOUT_S * 1000)  # a session made later joins it (engine.py)
        if waiting is not None:  # another of our connections writes (a worker): wait for it off the loop
            await waiting
        return EventStore(self._sessions, writer, lean.Sqlite(writer.dialect, raw))

    async def _end_inline(self, store: EventStore, raw: sqlite3.Connection, commit: bool) -> None:
        try:
            if not commit:
                await self._roll_back(store.opened, raw)
                return
            try:
                session = store.opened
                if session is not None and session.in_transaction():
                    await greenlet_spawn(session.sync_session.commit)  # commits the connection: ours with it
                if raw.in_transaction:
                    execute(raw, "COMMIT")
            except BaseException:
                await self._roll_back(store.opened, raw)
                raise
        finally:
            if store.opened is not None:
                store.opened.sync_session.close()  # no I/O: the connection is not the session's to close

    async def _roll_back(self, session: AsyncSession | None, raw: sqlite3.Connection) -> None:
        try:
            if session is not None and session.in_transaction():
                await greenlet_spawn(session.sync_session.rollback)
            if raw.in_transaction:
                raw.rollback()
        except Exception:  # the connection is in no state to trust: the next event opens a new one
            writer, self._writer = self._writer, None
            if writer is not None:
                with contextlib.suppress(Exception):
                    await writer.invalidate()
            raise

    @contextlib.asynccontextmanager
    async def _own_transaction(self, held: HeldConnections) -> AsyncIterator[EventStore]:
        """PostgreSQL: a held connection in autocommit; BEGIN with the first statement, and the state write with
        COMMIT, sent by the event's driver (storage/pg_event.py)."""
        connection = await held.take()
        connection.begin()  # SQLAlchemy's own transaction object, for a session to join: no I/O in autocommit
        db = EventAsyncpg(connection.dialect, connection.connection.dbapi_connection)
        db.kept_deadlines = self._kept_deadlines
        db.begin()
        connection.info[EVENT_BEGIN] = db  # a session's statement before the driver's sends BEGIN first
        store = EventStore(self._sessions, AsyncConnection(self._engine, connection), db)
        try:
            yield store
        except Exception as exc:
            await _end_own(store, db, connection, held, commit=False)
            _raise_if_lost(db, exc)
            raise
        except BaseException:
            await _end_own(store, db, connection, held, commit=False)
            raise
        await _end_own(store, db, connection, held, commit=True)

    @contextlib.asynccontextmanager
    async def _pooled_transaction(self) -> AsyncIterator[EventStore]:
        sync_engine = self._engine.sync_engine

        def begin() -> Connection:
            connection = sync_engine.connect()
            connection.begin()
            return connection

        connection = await greenlet_spawn(begin)
        store = EventStore(self._sessions, AsyncConnection(self._engine, connection), lean.driver_of(connection))

        def end(commit: bool) -> None:
            session = store.opened
            try:
                if session is not None and session.in_transaction():  # joined the connection's transaction
                    session.sync_session.commit() if commit else session.sync_session.rollback()
                transaction = connection.get_transaction()
                if transaction is not None:
                    transaction.commit() if commit else transaction.rollback()
            finally:
                if session is not None:
                    session.sync_session.close()
                connection.close()

        try:
            yield store
        except BaseException:
            await greenlet_spawn(end, False)
            raise
        await greenlet_spawn(end, True)


async def _end_own(
    store: EventStore, db: EventAsyncpg, connection: Connection, held: HeldConnections, commit: bool
) -> None:
    """Commit or roll back an event's own transaction on PostgreSQL, then keep the connection for the next event (no
    I/O: its adapter holds no transaction). One whose ROLLBACK failed too is discarded."""
    session = store.opened
    try:
        if session is not None and session.in_transaction():  # flushes; no BEGIN or COMMIT of the adapter's own
            await greenlet_spawn(session.sync_session.commit if commit else session.sync_session.rollback)
        await (db.commit() if commit else db.rollback())
    except Exception as exc:
        try:
            await db.rollback()
        except Exception:
            if session is not None:
                session.sync_session.close()
            await greenlet_spawn(_discard, connection)
            _raise_if_lost(db, exc)
            raise
        _raise_if_lost(db, exc)
        raise
    finally:
        if not connection.closed:
            if session is not None:
                session.sync_session.close()
            if connection.invalidated:  # a session's statement met a dead connection: SQLAlchemy let it go
                await greenlet_spawn(connection.close)
            elif db.closed:  # the event's first statement met a dead connection (or closed it: pg_event.py)
                await greenlet_spawn(_discard, connection)
            else:
                connection.info.pop(EVENT_BEGIN, None)  # (a discarded one's driver owes nothing: rolled back above)
                transaction = connection.get_transaction()
                if transaction is not None:  # SQLAlchemy's object only: the database's transaction ended above
                    transaction.commit() if commit else transaction.rollback()
                held.give_back(connection)


def _raise_if_lost(db: EventAsyncpg, exc: Exception) -> None:
    """Raise `ConnectionLost` from `exc` when the event's connection is closed: the processor then answers 503 and
    the platform delivers the event again (a new connection may well work; the event was not recorded)."""
    if db.closed and not isinstance(exc, ConnectionLost):
        raise ConnectionLost() from exc


def _discard(connection: Connection) -> None:
    """Invalidate the connection (closed, not given back to the pool for reuse) and release it."""
    connection.invalidate()
    connection.close()


class _EventTransaction:
    """`EventTransactions.open()`: on the SQLite writer connection, begun and ended here directly (one context
    manager object per event, no generators: every event pays for it); on a pooled connection otherwise."""

    __slots__ = ("_owner", "_pooled", "_raw", "_store")

    def __init__(self, owner: EventTransactions) -> None:
        self._owner = owner
        self._pooled: AbstractAsyncContextManager[EventStore] | None = None
        self._raw: sqlite3.Connection | None = None
        self._store: EventStore | None = None

    async def __aenter__(self) -> EventStore:
        owner = self._owner
        if owner._inline:
            raw = await owner._writer_connection()
            if raw is not None:
                self._raw = raw
                self._store = await owner._begin_inline(raw)
                return self._store
        held = owner._held
        self._pooled = owner._own_transaction(held) if held is not None else owner._pooled_transaction()
        return await self._pooled.__aenter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        if self._pooled is not None:
            return await self._pooled.__aexit__(kind, error, trace)
        assert self._store is not None and self._raw is not None
        await self._owner._end_inline(self._store, self._raw, commit=kind is None)
        return None
