"""People and their platform accounts: linking an account after consent, and what "whoami" shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Identity, Person, PilotSchool


def link_account(identity: Identity, person: Person, now: datetime) -> None:
    """Tie this platform account to the person and record their consent (the caller audits it)."""
    identity.person = person
    identity.person_id = person.id
    identity.linked_at = now
    person.consented_at = now


async def linked_accounts(session: AsyncSession, person_id: int) -> list[Identity]:
    """Every platform account of the person, oldest link first."""
    rows = await session.execute(
        select(Identity).where(Identity.person_id == person_id).order_by(Identity.linked_at, Identity.id)
    )
    return list(rows.scalars())


async def schools_directed(session: AsyncSession, person_id: int) -> list[PilotSchool]:
    rows = await session.execute(
        select(PilotSchool).where(PilotSchool.director_id == person_id).order_by(PilotSchool.code)
    )
    return list(rows.scalars())
