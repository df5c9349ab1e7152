"""Password-free sign-in: one-time links that open a session, and expiring report links.

A token is 32 random bytes (URL-safe); the store keeps only its SHA-256, so a copy of the database opens nothing.
A sign-in link is spent by the first request that uses it (an UPDATE ... WHERE used_at IS NULL, so two tabs racing
for it cannot both win); a report link may be opened again until it expires (LINE's in-app browser often loads a
link twice).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CockpitLink, CockpitSession

LOGIN = "login"
REPORT = "report"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def issue_link(
    session: AsyncSession, person_id: int, purpose: str, now: datetime, lifetime: timedelta, **details: Any
) -> str:
    """Record a link for a person and return its token (shown once, never stored)."""
    token = new_token()
    session.add(
        CockpitLink(
            token_hash=digest(token),
            purpose=purpose,
            person_id=person_id,
            details=details,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    await session.flush()
    return token


async def redeem_login(session: AsyncSession, token: str, now: datetime) -> int | None:
    """Spend a sign-in link: the person id the first time, None for a used, expired or unknown link."""
    result = await session.execute(
        update(CockpitLink)
        .where(
            CockpitLink.token_hash == digest(token),
            CockpitLink.purpose == LOGIN,
            CockpitLink.used_at.is_(None),
            CockpitLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(CockpitLink.person_id)
    )
    return result.scalar_one_or_none()


async def open_report_link(session: AsyncSession, token: str, now: datetime) -> CockpitLink | None:
    """A report link that has not expired yet, or None."""
    link = (
        await session.execute(
            select(CockpitLink).where(CockpitLink.token_hash == digest(token), CockpitLink.purpose == REPORT)
        )
    ).scalar_one_or_none()
    if link is None or _utc(link.expires_at) <= now:
        return None
    if link.used_at is None:
        link.used_at = now
    return link


@dataclass(frozen=True, slots=True)
class SignedIn:
    session_id: int
    person_id: int
    csrf: str
    expires_at: datetime


async def start_session(session: AsyncSession, person_id: int, now: datetime, lifetime: timedelta) -> tuple[str, str]:
    """A new browser session: (cookie token, CSRF token)."""
    token, csrf = new_token(), new_token()
    session.add(
        CockpitSession(
            token_hash=digest(token), person_id=person_id, csrf=csrf, created_at=now, expires_at=now + lifetime
        )
    )
    await session.flush()
    return token, csrf


async def find_session(session: AsyncSession, token: str, now: datetime) -> SignedIn | None:
    row = (
        await session.execute(select(CockpitSession).where(CockpitSession.token_hash == digest(token)))
    ).scalar_one_or_none()
    if row is None or row.ended_at is not None or _utc(row.expires_at) <= now:
        return None
    return SignedIn(row.id, row.person_id, row.csrf, _utc(row.expires_at))


async def end_session(session: AsyncSession, session_id: int, now: datetime) -> None:
    await session.execute(update(CockpitSession).where(CockpitSession.id == session_id).values(ended_at=now))
