"""Two transactions of one process on the SQLite file store: the second waits for the first without stopping the
event loop (SQLite runs on the loop's thread, and a wait there would keep the first from ever ending)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from storage.engine import create_engine


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
