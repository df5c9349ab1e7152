"""Messages an admin asked for in a group that belong in their private chat (invite codes, download links): queued
in the outbox in this event's transaction, sent by the outbox worker, never shown in the group."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Incoming, Reply


async def send_privately(ctx: Context, msg: Incoming, replies: list[Reply], dedupe_key: str | None = None) -> None:
    """To the sender's one-on-one chat on the platform they wrote from (their user id is that chat's id)."""
    person_id = ctx.identity.person_id if ctx.identity is not None else None
    await ctx.enqueue(msg.platform.value, msg.user_id, replies, dedupe_key, kind="admin", person_id=person_id)
