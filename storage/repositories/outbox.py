"""The outbox table's operations: add a row, claim due rows, settle them, count them.

Claiming is one short transaction: due rows (pending and available, or "sending" whose lease ran out because a
worker died) are selected `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent workers take disjoint rows, and
stamped "sending" with the claim time. On SQLite the transaction is BEGIN IMMEDIATE (storage.engine), so one claimant
at a time holds the write lock. Settling checks the claim stamp, so a worker whose lease was taken over cannot
overwrite the newer claimant's outcome.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage
from storage.upsert import insert_ignore, insert_ignore_many

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


async def add_message(
    session: AsyncSession,
    *,
    platform: str,
    chat_id: str,
    payload: dict[str, Any],
    available_at: datetime,
    dedupe_key: str | None = None,
    kind: str = "message",
    person_id: int | None = None,
) -> int | None:
    """Insert one row in the caller's transaction; None when a row with this dedupe key exists already."""
    values = message_values(
        platform=platform, chat_id=chat_id, payload=payload, available_at=available_at, dedupe_key=dedupe_key,
        kind=kind, person_id=person_id,
    )  # fmt: skip
    if dedupe_key is None:
        row = OutboxMessage(**values)
        session.add(row)
        await session.flush()
        return row.id
    if not await insert_ignore(session, OutboxMessage, **values):
        return None
    found = await session.execute(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
    return found.scalar_one()


def message_values(
    *,
    platform: str,
    chat_id: str,
    payload: dict[str, Any],
    available_at: datetime,
    dedupe_key: str | None = None,
    kind: str = "message",
    person_id: int | None = None,
) -> dict[str, Any]:
    """One row's values for `add_messages`."""
    return {
        "platform": platform,
        "chat_id": chat_id,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "status": PENDING,
        "attempts": 0,
        "available_at": available_at,
        "created_at": available_at,
        "retry_key": str(uuid.uuid4()),
        "kind": kind,
        "person_id": person_id,
    }


async def add_messages(session: AsyncSession, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows at once (a reminder run); those whose dedupe key exists are skipped. Returns new ids."""
    return [row[0] for row in await insert_ignore_many(session, OutboxMessage, rows, ("id",))]


async def claim(
    session: AsyncSession, platform: str, now: datetime, limit: int, lease: timedelta
) -> list[OutboxMessage]:
    """Take up to `limit` due rows of one platform for this worker (call inside its own short transaction)."""
    due = or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.available_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - lease),
    )
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.platform == platform, due)
        .order_by(OutboxMessage.available_at, OutboxMessage.id)
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.execute(query)).scalars())
    batches = {row.batch_key for row in rows if row.batch_key is not None and row.status == SENDING}
    if batches:  # a multicast retried after a crash goes again whole, with its retry key, or LINE's 409 would hide
        taken = {row.id for row in rows}  # the part left out
        rest = (
            select(OutboxMessage)
            .where(
                OutboxMessage.batch_key.in_(batches),
                OutboxMessage.status == SENDING,
                OutboxMessage.claimed_at < now - lease,
                OutboxMessage.id.not_in(taken),
            )
            .execution_options(populate_existing=True)
        )
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            rest = rest.with_for_update(skip_locked=True)
        rows += list((await session.execute(rest)).scalars())
    for row in rows:
        row.status = SENDING
        row.claimed_at = now
        row.attempts += 1
    await session.flush()
    return rows


async def set_batch(session: AsyncSession, ids: list[int], batch_key: str) -> None:
    """Remember the multicast a row went into, so a retry after a crash reuses its X-Line-Retry-Key."""
    await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(batch_key=batch_key))


async def settle(
    session: AsyncSession,
    ids: list[int],
    claimed_at: datetime,
    status: str,
    now: datetime,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> int:
    """Mark claimed rows sent, failed, or pending again (with `retry_at`); only while the claim is still ours."""
    values: dict[str, Any] = {"status": status, "last_error": error}
    if status == SENT:
        values["sent_at"] = now
    if status == PENDING:
        values["available_at"] = retry_at or now
        values["claimed_at"] = None
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == SENDING, OutboxMessage.claimed_at == claimed_at)
        .values(**values)
    )
    return result.rowcount or 0


@dataclass(frozen=True, slots=True)
class QueueCounts:
    pending: int
    sending: int
    sent_since: int
    failed: int


async def counts(session: AsyncSession, since: datetime) -> QueueCounts:
    """Pending, sending, sent since `since` (e.g. the start of today) and failed rows."""
    rows = dict(
        (await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all()
    )
    sent = await session.execute(
        select(func.count()).where(OutboxMessage.status == SENT, OutboxMessage.sent_at >= since)
    )
    return QueueCounts(rows.get(PENDING, 0), rows.get(SENDING, 0), sent.scalar_one(), rows.get(FAILED, 0))


async def pushed_to_line_since(session: AsyncSession, since: datetime) -> int:
    """LINE messages this bot pushed since `since`, counted per recipient (our own tally, beside LINE's)."""
    rows = await session.execute(
        select(OutboxMessage.payload).where(
            OutboxMessage.platform == "line", OutboxMessage.status == SENT, OutboxMessage.sent_at >= since
        )
    )
    return sum(max(1, len(payload.get("replies", ()))) for payload in rows.scalars())


async def failed_messages(session: AsyncSession, limit: int = 20) -> list[OutboxMessage]:
    rows = await session.execute(
        select(OutboxMessage).where(OutboxMessage.status == FAILED).order_by(OutboxMessage.id.desc()).limit(limit)
    )
    return list(rows.scalars())
