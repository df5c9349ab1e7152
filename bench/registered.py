"""Every sender a registered person: what a greeting, a menu or a status question of a real committee member reads
of roles is then timed too (`--registered` of bench/event_cpu.py and bench/webhook.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import AreaOffice, Committee, CommitteeMember, Identity, Person, PilotSchool


async def register_everyone(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Make every sender known so far and not yet registered a registered committee member who directs a pilot
    school (one committee and one area office for all); returns how many were registered now."""
    async with sessions() as session, session.begin():
        committee = (await session.execute(select(Committee).where(Committee.code == "BENCH"))).scalar_one_or_none()
        if committee is None:
            office = AreaOffice(code="BENCH", name="สพป.ทดสอบ", kind="area")
            session.add(office)
            await session.flush()
            committee = Committee(code="BENCH", name="คณะกรรมการทดสอบ", kind="area", area_office_id=office.id)
            session.add(committee)
            await session.flush()
        unregistered = list((await session.execute(select(Identity).where(Identity.person_id.is_(None)))).scalars())
        for identity in unregistered:
            n = identity.id
            person = Person(full_name=f"ผู้ทดสอบ {n}")
            session.add(person)
            await session.flush()
            identity.person_id = person.id
            session.add(CommitteeMember(committee_id=committee.id, person_id=person.id, role="expert"))
            session.add(
                PilotSchool(
                    code=f"B{n:09d}",
                    name=f"โรงเรียนทดสอบ {n}",
                    area_office_id=committee.area_office_id,
                    director_id=person.id,
                )
            )
    return len(unregistered)
