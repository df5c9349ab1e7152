"""PostgreSQL events' connections, kept between events instead of going back to SQLAlchemy's pool after each.

A checkout and checkin per event cost a greenlet hop, the pool's bookkeeping and events, and the isolation level set
to autocommit and reset (the event's driver, storage/pg_event.py, sends BEGIN and COMMIT itself): ~6% of an event's
CPU. Up to HELD connections stay checked out, in autocommit, between the events that use them. One left unused for
the pool's idle-ping time goes back to the pool, whose next checkout pings it first, as for any connection that lay
idle (storage/engine.py); one that failed its event is discarded by the caller, not given back here.
"""

from __future__ import annotations

import time

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from storage import engine as engine_settings

HELD = 8  # at most, and at most half the pool (POOL_SIZE, 20 by default): the rest stay for sessions and workers


class HeldConnections:
    """`take` a connection for an event, `give_back` after it ended well; `close` before the engine is disposed."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._held: list[tuple[Connection, float]] = []  # (connection, when given back), the latest last
        pool_size = getattr(engine.sync_engine.pool, "size", None)
        self._limit = min(HELD, pool_size() // 2) if callable(pool_size) else HELD

    async def take(self) -> Connection:
        """The latest one given back, if it was used within the idle-ping time; else one from the pool."""
        now = time.monotonic()
        while self._held:
            connection, since = self._held.pop()
            if now - since < engine_settings.PING_IDLE_S:
                return connection
            connection.close()  # back to the pool (no I/O: it holds no transaction), pinged at its next checkout
        return await greenlet_spawn(self._checkout)

    def give_back(self, connection: Connection) -> None:
        if len(self._held) < self._limit:
            self._held.append((connection, time.monotonic()))
        else:
            connection.close()

    def close(self) -> None:
        held, self._held = self._held, []
        for connection, _ in held:
            connection.close()

    def _checkout(self) -> Connection:
        connection = self._engine.sync_engine.connect()
        connection.execution_options(isolation_level="AUTOCOMMIT")  # reset by the pool when it goes back
        return connection
