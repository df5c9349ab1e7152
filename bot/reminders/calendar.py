"""When the bot may speak first: working days (no weekends, no Thai public holidays) outside quiet hours.

Thai public holidays come from the `holidays` package (`holidays.Thailand`, public category), which follows the
cabinet's announced substitution days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays


def parse_clock(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


@dataclass
class WorkingCalendar:
    """Quiet from `quiet_start` to `quiet_end` (local time, across midnight); reminders wait for `send_at`."""

    tz: ZoneInfo
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    send_at: time = time(8, 0)
    _holidays: holidays.HolidayBase | None = field(default=None, repr=False)

    @property
    def thai_holidays(self) -> holidays.HolidayBase:
        """Built on first use (~0.1 s): most processes start long before any reminder is planned."""
        if self._holidays is None:
            self._holidays = holidays.Thailand(language="th")
        return self._holidays

    @classmethod
    def from_settings(cls, tz: ZoneInfo, quiet_hours: str, send_at: str) -> WorkingCalendar:
        start, _, end = quiet_hours.partition("-")
        return cls(tz, parse_clock(start), parse_clock(end), parse_clock(send_at))

    def holiday_name(self, day: date) -> str | None:
        return self.thai_holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.thai_holidays

    def is_quiet(self, moment: time) -> bool:
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end

    def may_send(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        return self.is_working_day(local.date()) and not self.is_quiet(local.time())

    def first_moment(self, day: date) -> datetime:
        """The first moment a reminder meant for `day` may go out: `send_at` on that day or the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return datetime.combine(day, self.send_at, self.tz)

    def next_morning(self, now: datetime) -> datetime:
        """The next working morning after `now` (for "remind me tomorrow")."""
        return self.first_moment(now.astimezone(self.tz).date() + timedelta(days=1))
