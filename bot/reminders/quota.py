"""The LINE Official Account's monthly message quota: the limit (a setting, or LINE's quota endpoint), this month's
use (LINE's consumption endpoint), and a warning to each committee's admins when use passes the warning level."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import Reply
from bot.i18n import translator
from bot.outbox import enqueue
from storage.models import CommitteeMember, Identity, Person

if TYPE_CHECKING:
    from linebot.v3.messaging import AsyncMessagingApi

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quota:
    limit: int | None  # None: unlimited (or unknown)
    used: int

    @property
    def percent(self) -> int | None:
        return None if not self.limit else int(100 * self.used / self.limit)


async def line_quota(api: AsyncMessagingApi, configured_limit: int | None) -> Quota | None:
    """Ask LINE; None when LINE cannot be reached (the caller tries again later)."""
    from linebot.v3.messaging import ApiException  # only a process with LINE credentials asks, and loads the SDK

    try:
        consumption = await api.get_message_quota_consumption()
        limit = configured_limit
        if limit is None:
            quota = await api.get_message_quota()
            limit = quota.value if quota.type == "limited" else None
    except (ApiException, OSError, TimeoutError) as exc:
        log.warning("LINE quota not available: %s", type(exc).__name__)
        return None
    return Quota(limit, int(consumption.total_usage or 0))


async def warn_admins(
    session: AsyncSession, quota: Quota, warn_percent: int, now: datetime, platforms: tuple[str, ...]
) -> int:
    """Once a month per admin: "LINE quota at N%". Admins are committee seats with is_admin."""
    percent = quota.percent
    if percent is None or percent < warn_percent:
        return 0
    admins = await session.execute(
        select(Person.id, Person.language).join(CommitteeMember).where(CommitteeMember.is_admin.is_(True))
    )
    queued = 0
    for person_id, language in dict(admins.all()).items():  # an admin of two committees is told once
        linked = select(Identity.platform, Identity.user_id).where(Identity.person_id == person_id)
        accounts = dict((await session.execute(linked)).all())
        platform = next((p for p in platforms if p in accounts), None)
        if platform is None:
            continue
        t = translator(language)
        reply = Reply(text=t("reminders.quota.warning", used=quota.used, limit=quota.limit, percent=percent))
        row = await enqueue(
            session,
            platform,
            accounts[platform],
            [reply],
            available_at=now,
            dedupe_key=f"quota{warn_percent}:{now:%Y%m}:p{person_id}",
            kind="notice",
            person_id=person_id,
        )
        queued += row is not None
    return queued
