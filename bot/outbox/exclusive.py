"""One sender per platform across worker processes, where the platform's limit is per bot (Telegram: 30 msg/s).

Each worker keeps its own rate windows, so two workers sending Telegram at once could reach 60 msg/s. On PostgreSQL a
worker sends a platform's rows only while it holds that platform's advisory lock, on a connection of its own: the
first worker takes it and keeps it; the others send LINE and try again every few seconds. When the holder stops or
dies, its connection closes, the lock is free, and another worker takes over (rows it had claimed come back when
their lease runs out). SQLite needs none of this: it has one worker.
"""

from __future__ import annotations

import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LOCK_KEYS = {"telegram": 7_007_101}
RETRY_EVERY_S = 5.0


class PlatformLeases:
    def __init__(self, engine: AsyncEngine | None) -> None:
        self.engine = engine if engine is not None and engine.dialect.name == "postgresql" else None
        self._held: dict[str, AsyncConnection] = {}
        self._next_try: dict[str, float] = {}

    async def may_send(self, platform: str) -> bool:
        if self.engine is None or platform not in LOCK_KEYS or platform in self._held:
            return True
        if time.monotonic() < self._next_try.get(platform, 0.0):
            return False
        conn = await self.engine.connect()
        got = (await conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEYS[platform]})).scalar()
        await conn.commit()  # a session lock outlives the transaction; the connection is not left idle in one
        if got:
            self._held[platform] = conn
            return True
        await conn.close()
        self._next_try[platform] = time.monotonic() + RETRY_EVERY_S
        return False

    async def release(self) -> None:
        """Give every lock back (the connections return to the pool, so unlock explicitly first)."""
        held, self._held = self._held, {}
        for conn in held.values():
            try:
                await conn.execute(text("SELECT pg_advisory_unlock_all()"))
                await conn.commit()
            finally:
                await conn.close()
