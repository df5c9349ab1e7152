"""Telegram's sending limits, kept by the worker: 30 messages/s overall, 1/s per chat, 20/min per group.

Our own sliding windows rather than aiolimiter: its leaky bucket lets a full bucket's burst through on top of the
steady rate, so a 1-second window can see up to twice the limit, which Telegram answers with 429. Here a message holds
its place in each window from the moment it is sent until one period after Telegram *answered* it. Telegram received
it before answering, and receives the next one after we send it, so however much the network delays each request,
Telegram never sees more than the limit within one period — without a safety margin that would cost throughput.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class SlidingWindow:
    """At most `limit` messages in flight or answered within the last `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._ends: list[float] = []  # answer times; math.inf while in flight

    def delay(self, now: float) -> float:
        """Seconds until one more message fits (0: now; a short poll while every place is in flight)."""
        self._ends = [end for end in self._ends if end > now - self.period]
        if len(self._ends) < self.limit:
            return 0.0
        return max(min(self._ends) + self.period - now, 0.0) if min(self._ends) < math.inf else 0.01

    def take(self) -> int:
        self._ends.append(math.inf)
        return len(self._ends) - 1

    def release(self, now: float) -> None:
        """One in-flight message was answered at `now`."""
        for index, end in enumerate(self._ends):
            if end == math.inf:
                self._ends[index] = now
                return


class TelegramLimits:
    """`async with limits.slot(chat_id):` around each send; chats with a negative id are groups."""

    def __init__(
        self,
        per_second: int = 30,
        per_chat_second: int = 1,
        per_group_minute: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._overall = SlidingWindow(per_second, 1.0)
        self._per_chat = (per_chat_second, 1.0)
        self._per_group = (per_group_minute, 60.0)
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self._monotonic = monotonic

    def _windows(self, chat_id: str) -> list[SlidingWindow]:
        windows = [self._overall, self._chats.setdefault(chat_id, SlidingWindow(*self._per_chat))]
        if chat_id.startswith("-"):
            windows.append(self._groups.setdefault(chat_id, SlidingWindow(*self._per_group)))
        return windows

    @asynccontextmanager
    async def slot(self, chat_id: str) -> AsyncIterator[None]:
        windows = self._windows(chat_id)
        while True:
            wait = max(window.delay(self._monotonic()) for window in windows)
            if wait <= 0:  # no await between the check and the take: atomic within the event loop
                break
            await asyncio.sleep(wait)
        for window in windows:
            window.take()
        try:
            yield
        finally:
            now = self._monotonic()
            for window in windows:
                window.release(now)
            if len(self._chats) > 10_000:
                self._chats = {k: w for k, w in self._chats.items() if w.delay(now) > 0}
