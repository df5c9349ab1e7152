"""A small directory written straight into the store, for feature tests that do not exercise the importer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AreaOffice, Committee, CommitteeMember, Identity, Person, PilotSchool, Province


@dataclass(frozen=True)
class Directory:
    """Ids of what seed_directory wrote. Committee 1 is Yala's area office; committee 2 is another area's."""

    area_office: int
    committee: int
    other_committee: int
    chair: int  # admin of committee 1
    secretary: int
    expert: int
    director: int  # directs `school`, sits on committee 1 as a school representative
    other_director: int  # directs `other_school` in the same area, no committee seat
    outsider: int  # a member of the other committee only
    school: int
    other_school: int


async def seed_directory(session: AsyncSession) -> Directory:
    yala = (await session.execute(select(Province).where(Province.name_th == "ยะลา"))).scalar_one()
    office = AreaOffice(
        code="SPT-YALA-1", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษายะลา เขต 1", kind="area", province_id=yala.id
    )
    other_office = AreaOffice(code="SPT-SATUN", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสตูล", kind="area")
    session.add_all([office, other_office])
    await session.flush()
    committee = Committee(
        code="C-YALA-1", name="คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1", kind="area", area_office_id=office.id
    )
    other = Committee(code="C-SATUN", name="คณะกรรมการขับเคลื่อนฯ สพป.สตูล", kind="area", area_office_id=other_office.id)
    people = {
        key: Person(full_name=name, phone=phone, email=email)
        for key, name, phone, email in (
            ("chair", "นายประธาน ใจดี", "0810000001", "chair@example.go.th"),
            ("secretary", "นางเลขา ขยัน", "0810000002", "secretary@example.go.th"),
            ("expert", "ดร.ผู้ทรง คุณวุฒิ", "0810000003", None),
            ("director", "นายผอ. โรงเรียนหนึ่ง", "0810000004", "director1@example.go.th"),
            ("other_director", "นางผอ. โรงเรียนสอง", "0810000005", None),
            ("outsider", "นายคนนอก ต่างเขต", "0810000006", None),
        )
    }
    session.add_all([committee, other, *people.values()])
    await session.flush()
    session.add_all(
        [
            CommitteeMember(committee_id=committee.id, person_id=people["chair"].id, role="chair", is_admin=True),
            CommitteeMember(committee_id=committee.id, person_id=people["secretary"].id, role="secretary"),
            CommitteeMember(committee_id=committee.id, person_id=people["expert"].id, role="expert"),
            CommitteeMember(committee_id=committee.id, person_id=people["director"].id, role="school_rep"),
            CommitteeMember(committee_id=other.id, person_id=people["outsider"].id, role="expert"),
        ]
    )
    school = PilotSchool(
        code="1095010001",
        name="โรงเรียนบ้านหนึ่ง",
        area_office_id=office.id,
        province_id=yala.id,
        director_id=people["director"].id,
    )
    other_school = PilotSchool(
        code="1095010002",
        name="โรงเรียนบ้านสอง",
        area_office_id=office.id,
        province_id=yala.id,
        director_id=people["other_director"].id,
    )
    session.add_all([school, other_school])
    await session.flush()
    return Directory(
        area_office=office.id,
        committee=committee.id,
        other_committee=other.id,
        chair=people["chair"].id,
        secretary=people["secretary"].id,
        expert=people["expert"].id,
        director=people["director"].id,
        other_director=people["other_director"].id,
        outsider=people["outsider"].id,
        school=school.id,
        other_school=other_school.id,
    )


async def link(session: AsyncSession, person_id: int, platform: str, user_id: str) -> None:
    """Link a platform account to a person, as a redeemed invite would (consent given)."""
    from storage.models import utcnow

    identity = (
        await session.execute(select(Identity).where(Identity.platform == platform, Identity.user_id == user_id))
    ).scalar_one_or_none()
    if identity is None:
        identity = Identity(platform=platform, user_id=user_id)
        session.add(identity)
    identity.person_id = person_id
    person = await session.get(Person, person_id)
    assert person is not None
    person.consented_at = utcnow()
    await session.flush()
