"""PDPA erasure in the store: unlink a person's accounts and anonymise them, keeping what the committee counts.

What goes: every platform account row (with its display name and language), their half-finished conversations,
messages still waiting in the outbox for them, the person's name, phone, e-mail, language and consent date, and the
platform user ids in the audit log, their hold on seats, school directorships and cockpit access (a seat stays,
vacated: storage/repositories/seats.py). What stays, under the person's internal id only: check-ins, progress
updates and the audit trail, so the committee's counts and history still add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditLog,
    CheckIn,
    CockpitLink,
    CockpitSession,
    CockpitViewer,
    ConversationState,
    Identity,
    InviteCode,
    OutboxMessage,
    Person,
    PilotSchool,
    ProgressUpdate,
)
from storage.repositories import seats

ERASED_NAME = "[ลบข้อมูลแล้ว #{id}]"


@dataclass(frozen=True, slots=True)
class Footprint:
    """How much the store holds about a person, counted (for "ข้อมูลของฉัน")."""

    progress_updates: int
    check_ins: int
    audit_entries: int


async def footprint(session: AsyncSession, person_id: int) -> Footprint:
    async def count(model: type, *where: object) -> int:
        return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()

    return Footprint(
        progress_updates=await count(ProgressUpdate, ProgressUpdate.person_id == person_id),
        check_ins=await count(CheckIn, CheckIn.person_id == person_id),
        audit_entries=await count(AuditLog, AuditLog.person_id == person_id),
    )


async def forget_account(session: AsyncSession, identity: Identity) -> None:
    """Remove one platform account and what hangs on its user id (conversations, queued messages, audit ids)."""
    platform, user_id = identity.platform, identity.user_id
    await session.execute(
        update(InviteCode).where(InviteCode.used_by_identity_id == identity.id).values(used_by_identity_id=None)
    )
    await session.execute(  # the flows' rows and the "ดูเพิ่มเติม" lists kept beside them (user id + "#more")
        delete(ConversationState).where(
            ConversationState.platform == platform,
            or_(ConversationState.user_id == user_id, ConversationState.user_id.startswith(f"{user_id}#")),
        )
    )
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.platform == platform, OutboxMessage.chat_id == user_id, OutboxMessage.status == "pending"
        )
    )
    await session.execute(
        update(AuditLog).where(AuditLog.platform == platform, AuditLog.user_id == user_id).values(user_id=None)
    )
    await session.delete(identity)


async def erase_person(session: AsyncSession, person: Person, now: datetime) -> int:
    """Unlink every account of `person` and anonymise them; returns how many accounts were unlinked."""
    identities = list((await session.execute(select(Identity).where(Identity.person_id == person.id))).scalars())
    for identity in identities:
        await forget_account(session, identity)
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.person_id == person.id, OutboxMessage.status == "pending")
    )
    await seats.vacate(session, person.id, now)
    await session.execute(update(PilotSchool).where(PilotSchool.director_id == person.id).values(director_id=None))
    await session.execute(delete(CockpitViewer).where(CockpitViewer.person_id == person.id))
    await session.execute(
        update(CockpitSession)
        .where(CockpitSession.person_id == person.id, CockpitSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    await session.execute(
        update(CockpitLink)
        .where(CockpitLink.person_id == person.id, CockpitLink.expires_at > now)
        .values(expires_at=now)
    )
    person.full_name = ERASED_NAME.format(id=person.id)
    person.phone = person.email = person.language = None
    person.consented_at = None
    person.erased_at = now
    await session.flush()
    return len(identities)
