"""Telegram's sending limits, kept by the worker: 30 messages/s overall, 1/s per chat, 20/min per group.

Our own sliding windows rather than aiolimiter: its leaky bucket lets a full bucket's burst through on top of the
steady rate, so a 1-second window can see up to twice the limit, which Telegram answers with 429. A window that
counts the last `period` seconds cannot overshoot; `margin` absorbs network jitter between our clock and Telegram's.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """At most `limit` events in any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._stamps: deque[float] = deque()

    def delay(self, now: float) -> float:
        """Seconds until one more event fits (0: now)."""
        while self._stamps and self._stamps[0] <= now - self.period:
            self._stamps.popleft()
        if len(self._stamps) < self.limit:
            return 0.0
        return self._stamps[0] + self.period - now

    def take(self, now: float) -> None:
        self._stamps.append(now)


class TelegramLimits:
    """Waits until a message to `chat_id` fits every window; chats with a negative id are groups."""

    def __init__(
        self,
        per_second: int = 30,
        per_chat_second: int = 1,
        per_group_minute: int = 20,
        margin: float = 0.05,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._overall = SlidingWindow(per_second, 1.0 + margin)
        self._per_chat_limit = (per_chat_second, 1.0 + margin)
        self._per_group_limit = (per_group_minute, 60.0 + margin)
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self._monotonic = monotonic

    def _windows(self, chat_id: str) -> list[SlidingWindow]:
        windows = [self._overall]
        windows.append(self._chats.setdefault(chat_id, SlidingWindow(*self._per_chat_limit)))
        if chat_id.startswith("-"):
            windows.append(self._groups.setdefault(chat_id, SlidingWindow(*self._per_group_limit)))
        return windows

    async def acquire(self, chat_id: str) -> None:
        windows = self._windows(chat_id)
        while True:
            now = self._monotonic()
            wait = max(window.delay(now) for window in windows)
            if wait <= 0:  # no await between the check and the take: atomic within the event loop
                for window in windows:
                    window.take(now)
                self._forget_idle(now)
                return
            await asyncio.sleep(wait)

    def _forget_idle(self, now: float) -> None:
        if len(self._chats) > 10_000:
            self._chats = {k: w for k, w in self._chats.items() if w.delay(now) > 0}
