"""Who someone is in the directory, and what they may see and do: every permission is decided here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import ChatType
from storage.models import Committee, CommitteeMember, Identity, Person, PilotSchool


@dataclass(frozen=True, slots=True)
class Membership:
    committee_id: int
    committee_name: str
    area_office_id: int | None
    role: str  # chair, vice_chair, expert, school_rep, secretary
    is_admin: bool


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind a platform account, with their seats and the schools they direct."""

    person: Person | None
    memberships: tuple[Membership, ...] = ()
    school_ids: tuple[int, ...] = ()

    @property
    def registered(self) -> bool:
        return self.person is not None

    @property
    def committee_ids(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(m.committee_id for m in self.memberships))

    @property
    def is_director(self) -> bool:
        return bool(self.school_ids)


ANONYMOUS = Actor(person=None)


async def load_actor(session: AsyncSession, identity: Identity | None) -> Actor:
    if identity is None or identity.person_id is None:
        return ANONYMOUS
    person = await session.get(Person, identity.person_id)
    if person is None:
        return ANONYMOUS
    rows = await session.execute(
        select(CommitteeMember, Committee)
        .join(Committee, Committee.id == CommitteeMember.committee_id)
        .where(CommitteeMember.person_id == person.id)
        .order_by(Committee.id)
    )
    memberships = tuple(Membership(c.id, c.name, c.area_office_id, m.role, m.is_admin) for m, c in rows.tuples())
    schools = tuple(
        (await session.execute(select(PilotSchool.id).where(PilotSchool.director_id == person.id))).scalars()
    )
    return Actor(person=person, memberships=memberships, school_ids=schools)


def may_update_school(actor: Actor, school_id: int) -> bool:
    """Directors write progress updates for their own school only."""
    return school_id in actor.school_ids


def may_view_committee(actor: Actor, committee_id: int) -> bool:
    """Members see their own committee; nobody sees another committee's people."""
    return committee_id in actor.committee_ids


def may_check_in(actor: Actor, committee_id: int) -> bool:
    return committee_id in actor.committee_ids


def may_admin(actor: Actor, committee_id: int) -> bool:
    return any(m.committee_id == committee_id and m.is_admin for m in actor.memberships)


def may_view_school(actor: Actor, school: PilotSchool) -> bool:
    """A director sees their school; committee members see the pilot schools of their area office."""
    if school.id in actor.school_ids:
        return True
    return school.area_office_id is not None and any(
        m.area_office_id == school.area_office_id for m in actor.memberships
    )


def may_show_contacts(chat_type: ChatType) -> bool:
    """Phone numbers and e-mail addresses are never shown in a group chat."""
    return chat_type is ChatType.PRIVATE
