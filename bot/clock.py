"""The application's clock: real UTC time, or (SANDBOXBOT_CLOCK_START) a start instant that runs on in real time."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    return datetime.now(UTC)


def clock_from(start: datetime, monotonic: Callable[[], float] = time.monotonic) -> Callable[[], datetime]:
    """A clock that reads `start` now and moves forward with real time (for demos and acceptance checks)."""
    origin = monotonic()
    start_utc = start.astimezone(UTC)

    def now() -> datetime:
        return start_utc + timedelta(seconds=monotonic() - origin)

    return now
