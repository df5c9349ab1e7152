"""Report rounds the cockpit and the semester report can show: the current one and those before it.

A round's window runs from the day after the previous round's due date to its own due date (as in
`storage.repositories.status.current_period`), so an update sent in January counts for the April round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import BE_OFFSET, RoundDue, academic_year
from storage.reference.data import ReportRule
from storage.repositories.deadlines import rounds_around

HISTORY_ROUNDS = 6  # rounds offered in the filter and drawn in the progress chart


@dataclass(frozen=True, slots=True)
class Window:
    """One report round and the UTC instants its work falls between (start inclusive, end exclusive)."""

    due: RoundDue
    starts: date
    start_utc: datetime
    end_utc: datetime

    @property
    def key(self) -> tuple[int, int]:
        return (self.due.academic_year, self.due.round)


def _window(due: RoundDue, previous: RoundDue | None, tz: ZoneInfo) -> Window:
    starts = min(due.opens, previous.due + timedelta(days=1)) if previous is not None else due.opens
    start = datetime.combine(starts, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(due.due + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return Window(due, starts, start, end)


async def _rounds(session: AsyncSession, rule: ReportRule, year_be: int, today: date) -> list[RoundDue]:
    """Rounds of the academic years around `year_be` and around today, earliest first, without repeats."""
    anchors = {date(year_be - BE_OFFSET, 6, 1), date(year_be - BE_OFFSET - 1, 6, 1), today}
    found = {(r.academic_year, r.round): r for a in anchors for r in await rounds_around(session, rule, a)}
    return sorted(found.values(), key=lambda r: r.due)


async def window_of(
    session: AsyncSession, rule: ReportRule, tz: ZoneInfo, today: date, year: int | None, number: int | None
) -> Window | None:
    """The asked round (None when there is no such round), or the current one: the next due today or later."""
    rounds = await _rounds(session, rule, year or academic_year(today), today)
    for i, due in enumerate(rounds):
        wanted = (due.academic_year, due.round) == (year, number) if year and number else due.due >= today
        if wanted:
            return _window(due, rounds[i - 1] if i else None, tz)
    return None


async def recent_windows(session: AsyncSession, rule: ReportRule, tz: ZoneInfo, today: date) -> list[Window]:
    """The current round and the ones before it, newest first (HISTORY_ROUNDS in all)."""
    rounds = await _rounds(session, rule, academic_year(today) - 1, today)
    current = next(i for i, r in enumerate(rounds) if r.due >= today)
    first = max(0, current - HISTORY_ROUNDS + 1)
    windows = [_window(rounds[i], rounds[i - 1] if i else None, tz) for i in range(first, current + 1)]
    return list(reversed(windows))
