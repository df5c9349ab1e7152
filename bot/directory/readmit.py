"""Re-admitting someone who withdrew consent and now consents again.

Erasure keeps keyed fingerprints of the person's e-mail, phone and name so an import leaves them out
(bot/directory/withdrawn.py). When they consent again, a system administrator runs `sandboxbot readmit --phone ...`
(or --email, --name): the fingerprints of every erasure that matches are dropped, an audit entry records it (ids
only, never the value given), and the next import adds the person again, under a new id; an invite code follows as
for anyone. The erased record itself stays anonymised: what was erased is not brought back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.withdrawn import ERASED_ACTION, fingerprints
from storage.models import AuditLog
from storage.repositories.audit import add_audit

READMITTED_ACTION = "privacy.readmitted"


@dataclass(frozen=True, slots=True)
class Readmitted:
    erasure_ids: tuple[int, ...]  # the audit entries of the erasures whose fingerprints were dropped
    person_ids: tuple[int, ...]  # the anonymised records those erasures left


async def readmit(
    session: AsyncSession,
    key: bytes,
    *,
    phone: str | None = None,
    email: str | None = None,
    name: str | None = None,
    now: datetime,
    by: str = "cli",
) -> Readmitted:
    """Drop the fingerprints of every erasure matching any value given; nothing matched: an empty result."""
    wanted = set(fingerprints(key, name, phone, email))
    if not wanted:
        return Readmitted((), ())
    entries = (await session.execute(select(AuditLog).where(AuditLog.action == ERASED_ACTION))).scalars()
    matched = [e for e in entries if wanted.intersection((e.details or {}).get("fingerprints", []))]
    for entry in matched:
        entry.details = {**entry.details, "fingerprints": [], "readmitted_at": now.isoformat()}  # a new dict: saved
        add_audit(session, READMITTED_ACTION, by, person_id=entry.person_id, at=now, erasure_id=entry.id)
    await session.flush()
    return Readmitted(tuple(e.id for e in matched), tuple(e.person_id for e in matched if e.person_id is not None))
