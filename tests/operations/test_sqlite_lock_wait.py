"""Two transactions of one process on the SQLite file store: the second waits for the first without stopping the
event loop (SQLite runs on the loop's thread, and a wait there would keep the first from ever ending)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from bot.core.event_store import EventTransactions
from storage import lean
from storage.engine import SQLITE_BUSY_TIMEOUT_S, create_engine, session_factory
from storage.migrate import upgrade_if_behind


async def test_a_transaction_waiting_for_the_write_lock_leaves_the_loop_free(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (n INTEGER)"))
        first_holds = asyncio.Event()
        release = asyncio.Event()

        async def first() -> None:
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (1)"))
                first_holds.set()
                await release.wait()  # a transaction that awaits something (a platform call, a new connection)

        async def second() -> None:
            await first_holds.wait()
            async with engine.begin() as conn:  # BEGIN IMMEDIATE: the lock is the first's
                await conn.execute(text("INSERT INTO t VALUES (2)"))

        holder, waiter = asyncio.create_task(first()), asyncio.create_task(second())
        await first_holds.wait()
        await asyncio.sleep(0.2)  # the waiter has asked for the lock by now; the loop still turns
        release.set()
        await asyncio.wait_for(asyncio.gather(holder, waiter), 5)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT n FROM t ORDER BY n"))).scalars().all() == [1, 2]
    finally:
        await engine.dispose()


async def test_an_event_waits_for_another_connections_write_lock_without_stopping_the_loop(tmp_path: Path) -> None:
    """The events' writer connection never waits on the loop's thread (its busy timeout is 0): while a session of
    the same process holds the write lock, an event waits for it on a worker thread, then runs; given back to the
    pool, the connection waits as every pooled one does."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'events.db'}")
    await upgrade_if_behind(engine)
    sessions = session_factory(engine)
    transactions = EventTransactions(sessions)
    try:
        async with transactions.open() as store:  # the writer is opened by a first event
            assert await lean.record_event(await lean.driver(store), "telegram", "1", "message")
        release = asyncio.Event()

        async def holder() -> None:
            async with sessions() as session, session.begin():
                await session.execute(
                    text(
                        "INSERT INTO processed_events (platform, event_id, kind, received_at)"
                        " VALUES ('line', 'held', 'message', '2026-11-28 00:00:00')"
                    )
                )
                await release.wait()

        async def event() -> bool:
            async with transactions.open() as store:
                return await lean.record_event(await lean.driver(store), "telegram", "2", "message")

        held = asyncio.create_task(holder())
        await asyncio.sleep(0.1)
        waiting = asyncio.create_task(event())
        turning = asyncio.get_running_loop().time()
        for _ in range(20):  # the loop turns while the event waits (blocked, it would sit in SQLite's 30 s wait)
            await asyncio.sleep(0.01)
        assert asyncio.get_running_loop().time() - turning < 5
        assert not waiting.done()
        release.set()
        assert await asyncio.wait_for(waiting, 5)
        await held
        async with transactions.open() as store:  # the writer is back at no waiting, and works on
            raw = store.db._conn  # type: ignore[union-attr]
            assert raw.execute("PRAGMA busy_timeout").fetchone() == (0,)
        await transactions.close()
        async with engine.connect() as conn:
            timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
        assert timeout == SQLITE_BUSY_TIMEOUT_S * 1000
    finally:
        await transactions.close()
        await engine.dispose()
