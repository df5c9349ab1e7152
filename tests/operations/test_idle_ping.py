"""PostgreSQL connections are pinged before use only after lying idle (storage/engine.py `_ping_when_idle`): a busy
pool is not pinged, and a connection that died while idle is replaced without failing the statement."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import engine as engine_module
from storage.engine import create_engine
from tests.spy import first_arguments


def _pings(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    return first_arguments(monkeypatch, engine.sync_engine.dialect, "do_ping")


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def test_a_busy_connection_is_not_pinged_and_an_idle_dead_one_is_replaced(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("pooled network connections: PostgreSQL only")
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    pings = _pings(engine, monkeypatch)
    try:
        first = await _backend_pid(engine)
        assert await _backend_pid(engine) == first and pings == []  # back in the pool a moment ago: no ping

        other = create_engine(database_url)
        async with other.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        await other.dispose()
        monkeypatch.setattr(engine_module, "PING_IDLE_S", 0.05)
        await asyncio.sleep(0.1)

        replaced = await _backend_pid(engine)  # pinged, found dead, replaced: the statement itself succeeds
        assert len(pings) == 1 and replaced != first
    finally:
        await engine.dispose()
