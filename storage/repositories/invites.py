"""One-time invite codes: made by an admin (or the CLI), spent once to link a platform account to a person.

Codes are short enough to type from a printed letter, drawn with `secrets` from an alphabet without the look-alikes
0/O, 1/I/L. Wrong guesses are counted in the audit log (no table of their own), so a chat that keeps guessing is
slowed down across restarts and workers.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog, InviteCode, Person
from storage.repositories.audit import add_audit

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
CODE_SHAPE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
FAILED = "register.failed"  # audit action of a wrong code; counted for the lock-out
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_OUT = timedelta(minutes=15)


class InviteProblem(StrEnum):
    """Why a typed code cannot be spent; each gets its own answer."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What people type ("abcd-efgh", "ABCD EFGH") as the stored form: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-‐–—_]+", "", text).upper()


async def create_invite(
    session: AsyncSession, person_id: int, now: datetime, days: int = 14, *, platform: str = "cli"
) -> InviteCode:
    """A fresh code for `person_id`, valid for `days`; audited in the same transaction.

    Raises LookupError when there is no such person."""
    if await session.get(Person, person_id) is None:
        raise LookupError(f"no person with id {person_id}")
    code = new_code()
    while await find_invite(session, code) is not None:  # 31**8 codes: a clash is rare, but cheap to rule out
        code = new_code()
    invite = InviteCode(code=code, person_id=person_id, created_at=now, expires_at=now + timedelta(days=days))
    session.add(invite)
    await session.flush()
    add_audit(
        session,
        "invite.created",
        platform=platform,
        invite_id=invite.id,
        for_person_id=person_id,
        expires_at=invite.expires_at.isoformat(),
    )
    return invite


async def find_invite(session: AsyncSession, code: str) -> InviteCode | None:
    return (
        await session.execute(select(InviteCode).where(InviteCode.code == normalize_code(code)))
    ).scalar_one_or_none()


def invite_problem(invite: InviteCode | None, now: datetime) -> InviteProblem | None:
    """None when the code can still be spent."""
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.used_at is not None:
        return InviteProblem.USED
    if as_utc(invite.expires_at) <= now:
        return InviteProblem.EXPIRED
    return None


async def spend_invite(session: AsyncSession, invite_id: int, identity_id: int, now: datetime) -> bool:
    """Mark the code used by this account; False when another account spent it first (one UPDATE, so two
    consents racing on PostgreSQL cannot both win)."""
    result = await session.execute(
        update(InviteCode)
        .where(InviteCode.id == invite_id, InviteCode.used_at.is_(None))
        .values(used_at=now, used_by_identity_id=identity_id)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def record_failure(session: AsyncSession, platform: str, user_id: str, now: datetime, reason: str) -> None:
    """A wrong code, as an audit row stamped with the event's clock (the lock-out is measured on it)."""
    add_audit(session, FAILED, platform=platform, user_id=user_id, at=now, reason=reason)


async def locked_until(session: AsyncSession, platform: str, user_id: str, now: datetime) -> datetime | None:
    """When this account may try codes again, if it is locked out now.

    Five wrong codes within 15 minutes lock it for 15 minutes from the fifth; attempts refused while locked are
    not failures, so the lock lifts on time."""
    since = now - FAILURE_WINDOW - LOCK_OUT
    times = [
        as_utc(at)
        for at in (
            await session.execute(
                select(AuditLog.at)
                .where(
                    AuditLog.action == FAILED,
                    AuditLog.platform == platform,
                    AuditLog.user_id == user_id,
                    AuditLog.at > since,
                )
                .order_by(AuditLog.at)
            )
        ).scalars()
    ]
    ends = [
        times[i] + LOCK_OUT
        for i in range(MAX_FAILURES - 1, len(times))
        if times[i] - times[i - MAX_FAILURES + 1] < FAILURE_WINDOW
    ]
    until = max(ends, default=None)
    return until if until is not None and until > now else None


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- the overall limit, across all accounts (issue 10, item 8) ---------------------------------------------------

GLOBAL_MAX_FAILURES = 30  # wrong codes per hour from all accounts together; a real office makes a handful
GLOBAL_WINDOW = timedelta(hours=1)


async def recent_failures(session: AsyncSession, now: datetime) -> list[datetime]:
    """When each wrong code of the last hour was typed, from any account, oldest first."""
    rows = await session.execute(
        select(AuditLog.at).where(AuditLog.action == FAILED, AuditLog.at > now - GLOBAL_WINDOW).order_by(AuditLog.at)
    )
    return [as_utc(at) for at in rows.scalars()]


async def paused_until(session: AsyncSession, now: datetime) -> datetime | None:
    """When codes are taken again, if too many wrong ones came in the last hour from all accounts together.

    Attempts refused while paused are not failures, so the pause lifts when the oldest failures age out."""
    times = await recent_failures(session, now)
    if len(times) < GLOBAL_MAX_FAILURES:
        return None
    return times[len(times) - GLOBAL_MAX_FAILURES] + GLOBAL_WINDOW
