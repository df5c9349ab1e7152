"""The reminder job the outbox worker runs every few seconds: plan and queue what fell due; watch the LINE quota."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reminders.planner import Rules, run
from bot.reminders.quota import line_quota, warn_admins

if TYPE_CHECKING:
    from linebot.v3.messaging import AsyncMessagingApi

log = logging.getLogger(__name__)

QUOTA_EVERY_S = 600.0
FULL_RUN_EVERY = timedelta(minutes=5)  # picks up new deadlines, links and answers made elsewhere


class ReminderService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        rules: Rules,
        clock: Callable[[], datetime],
        line_api: AsyncMessagingApi | None = None,
        line_quota_limit: int | None = None,
        warn_percent: int = 80,
    ) -> None:
        self.sessions = sessions
        self.rules = rules
        self.clock = clock
        self.line_api = line_api
        self.line_quota_limit = line_quota_limit
        self.warn_percent = warn_percent
        self._quota_checked = -QUOTA_EVERY_S
        self._last_run: datetime | None = None

    def _due(self, now: datetime) -> bool:
        """Whether a planning run can find something new: the first run, a working morning's send time passed
        since the last run (every step and snooze falls due then), or five minutes without a run."""
        last = self._last_run
        if last is None or now - last >= FULL_RUN_EVERY or now < last:
            return True
        cal = self.rules.calendar
        boundary = cal.first_moment(last.astimezone(cal.tz).date())
        if boundary <= last:
            boundary = cal.next_morning(last)
        return now >= boundary

    async def tick(self) -> int:
        """Queue the reminders due now (none in quiet time); returns how many messages were queued. Cheap when
        nothing can have fallen due since the last run, so the worker may call it every few seconds."""
        now = self.clock()
        if not self.rules.calendar.may_send(now) or not self._due(now):
            return 0
        async with self.sessions() as session, session.begin():
            queued = await run(session, self.rules, now)
        self._last_run = now
        if queued:
            log.info("reminder run at %s queued %d message(s)", now.isoformat(timespec="seconds"), queued)
        if self.line_api is not None and time.monotonic() - self._quota_checked >= QUOTA_EVERY_S:
            self._quota_checked = time.monotonic()
            queued += await self.check_quota(now)
        return queued

    async def check_quota(self, now: datetime) -> int:
        assert self.line_api is not None
        quota = await line_quota(self.line_api, self.line_quota_limit)
        if quota is None:
            return 0
        async with self.sessions() as session, session.begin():
            return await warn_admins(session, quota, self.warn_percent, now, self.rules.platforms)
