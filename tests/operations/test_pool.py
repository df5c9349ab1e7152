"""PostgreSQL connections per process are a fixed pool: a burst of concurrent work waits for a connection instead of
opening (and, on return, closing) one per task."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from storage.engine import create_engine


async def test_a_burst_uses_the_pools_connections_and_no_more(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite events share one writer connection (bot/core/event_store.py)")
    engine = create_engine(database_url, pool_size=3)
    try:

        async def one() -> int:
            async with engine.connect() as conn:
                pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                await asyncio.sleep(0.01)  # held for a moment, as an event holds it
                return int(pid)

        backends = await asyncio.gather(*(one() for _ in range(30)))
        assert len(set(backends)) <= 3
        assert engine.pool.checkedin() == len(set(backends))  # all back in the pool, none closed
    finally:
        await engine.dispose()
