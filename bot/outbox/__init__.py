"""The outbox: every message the bot sends first (reminders, notices, retried replies) goes through here.

How to enqueue — in the same transaction as the fact that causes the message:

    from bot.outbox import enqueue
    await enqueue(session, "telegram", chat_id, [Reply(text=...)], available_at=now,
                  dedupe_key="remind:42:d7:-3", kind="reminder", person_id=42)

or from a handler, `await ctx.enqueue("line", user_id, [Reply(...)], dedupe_key=...)` (available now). Replies are
platform-neutral (`bot.core.messages.Reply`: text, choices, card) and stored as JSON; the worker renders them with
the platform's converter (bot/adapters/*_convert.py) once the transaction has committed. A dedupe key makes a second
enqueue of the same message a no-op (returns None), however many runs, restarts or workers try. Keep keys short
(≤ 200 characters) and built from ids, never from names or text.

The worker (`OutboxWorker`, bot/outbox/worker.py) runs inside `sandboxbot serve` (unless `--no-worker`) and as
`sandboxbot worker`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import Reply
from bot.outbox.payload import payload_to_replies, replies_to_payload
from storage.repositories.outbox import add_message

__all__ = ["enqueue", "payload_to_replies", "replies_to_payload"]


async def enqueue(
    session: AsyncSession,
    platform: str,
    chat_id: str,
    replies: list[Reply],
    *,
    available_at: datetime,
    dedupe_key: str | None = None,
    kind: str = "message",
    person_id: int | None = None,
    meta: dict[str, Any] | None = None,
) -> int | None:
    """Queue `replies` for one chat; returns the row id, or None when `dedupe_key` was queued before.

    On LINE, up to five replies fit in one push; more are folded into the fifth (as for reply tokens)."""
    return await add_message(
        session,
        platform=platform,
        chat_id=chat_id,
        payload=replies_to_payload(replies, **(meta or {})),
        available_at=available_at,
        dedupe_key=dedupe_key,
        kind=kind,
        person_id=person_id,
    )
