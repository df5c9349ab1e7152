"""The overall limit on wrong invite codes: past GLOBAL_MAX_FAILURES an hour from all accounts together (someone
guessing from many accounts slips under the per-account lock-out), no code is taken until the oldest failures age
out, and every committee admin is warned once per pause, through the outbox."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select

from bot.core.context import Context
from bot.core.messages import Reply
from bot.i18n import translator
from storage.models import CommitteeMember, Identity, Person
from storage.repositories import invites


async def paused(ctx: Context) -> list[Reply] | None:
    """The answer while codes are paused for everyone, or None when codes are taken."""
    until = await invites.paused_until(ctx.session, ctx.now)
    if until is None:
        return None
    ctx.state.clear()
    return [Reply(text=ctx.t("invite_guard.paused", time=_local(ctx, until), minutes=_minutes(ctx, until)))]


async def after_failure(ctx: Context) -> None:
    """Called after a wrong code is recorded: the failure that reaches the limit warns the admins (once)."""
    until = await invites.paused_until(ctx.session, ctx.now)
    if until is None:
        return
    admins = await ctx.session.execute(
        select(Identity, Person)
        .join(Person, Person.id == Identity.person_id)
        .where(Identity.person_id.in_(select(CommitteeMember.person_id).where(CommitteeMember.is_admin.is_(True))))
    )
    for identity, person in admins.all():
        t = translator(person.language or identity.language)
        text = t("invite_guard.admin_warning", count=invites.GLOBAL_MAX_FAILURES, time=_local(ctx, until))
        await ctx.enqueue(
            identity.platform,
            identity.user_id,
            [Reply(text=text)],
            dedupe_key=f"invite-guard:{until:%Y%m%d%H%M}:{identity.id}",
            kind="notice",
        )
    ctx.audit("register.paused", until=until.isoformat(), failures=invites.GLOBAL_MAX_FAILURES)


def _local(ctx: Context, until: datetime) -> str:
    return until.astimezone(ctx.services.tz).strftime("%H:%M")


def _minutes(ctx: Context, until: datetime) -> int:
    return max(1, math.ceil((until - ctx.now).total_seconds() / 60))
