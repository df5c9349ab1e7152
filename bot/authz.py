"""Who someone is in the directory, and what they may see and do: every permission is decided here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import ChatType
from storage import lean
from storage.models import CockpitViewer, Identity, Person


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


class SchoolPlace(Protocol):
    """What `may_view_school` reads of a school: a PilotSchool, or a row of a query that carries the same two."""

    @property
    def id(self) -> int: ...

    @property
    def area_office_id(self) -> int | None: ...


async def load_actor(source: AsyncSession | lean.Source, identity: Identity | None) -> Actor:
    """What the identity's person may do: their seats and schools in one statement. From a session, or from an
    event's store, whose ORM session is not made for it (the person came loaded with the identity)."""
    if identity is None or identity.person_id is None:
        return ANONYMOUS
    if isinstance(source, AsyncSession) or identity.person is None:
        session = source if isinstance(source, AsyncSession) else source.session
        return await load_person_actor(session, identity.person_id)
    return await _actor(source, identity.person)


async def load_person_actor(session: AsyncSession, person_id: int) -> Actor:
    """The same as `load_actor`, for a person known by id (the web cockpit has no platform account)."""
    person = await session.get(Person, person_id)
    return ANONYMOUS if person is None else await _actor(session, person)


async def _actor(source: AsyncSession | lean.Source, person: Person) -> Actor:
    db = await lean.reading(source)  # first: the person or their seats may be new in this event
    seats, schools = await lean.roles(db, person.id)
    return Actor(person=person, memberships=tuple(Membership(*seat) for seat in seats), school_ids=tuple(schools))


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


def may_view_school(actor: Actor, school: SchoolPlace) -> bool:
    """A director sees their school; committee members see the pilot schools of their area office."""
    if school.id in actor.school_ids:
        return True
    return school.area_office_id is not None and any(
        m.area_office_id == school.area_office_id for m in actor.memberships
    )


def may_show_contacts(chat_type: ChatType) -> bool:
    """Phone numbers and e-mail addresses are never shown in a group chat."""
    return chat_type is ChatType.PRIVATE


def may_register(chat_type: ChatType) -> bool:
    """Invite codes and the consent step belong in a one-on-one chat: in a group others would see the code."""
    return chat_type is ChatType.PRIVATE


def checkin_committees(actor: Actor) -> tuple[Membership, ...]:
    """The seats a person may check in for, one per committee."""
    seats = {m.committee_id: m for m in reversed(actor.memberships)}
    return tuple(seats[c] for c in actor.committee_ids if may_check_in(actor, c))


def viewable_committees(actor: Actor) -> tuple[Membership, ...]:
    """The committees whose check-ins a person may see: their own, never another committee's people."""
    seats = {m.committee_id: m for m in reversed(actor.memberships)}
    return tuple(seats[c] for c in actor.committee_ids if may_view_committee(actor, c))


def viewable_area_offices(actor: Actor) -> tuple[int, ...]:
    """Area offices whose pilot schools a member follows: those of the committees they sit on."""
    return tuple(dict.fromkeys(m.area_office_id for m in actor.memberships if m.area_office_id is not None))


def may_see_member_contacts(actor: Actor, committee_id: int, chat_type: ChatType) -> bool:
    """Fellow members' phone numbers are for the committee's admins following up, and only in a private chat."""
    return may_admin(actor, committee_id) and may_show_contacts(chat_type)


def may_report_progress(actor: Actor) -> bool:
    """Progress updates come from pilot-school directors; each may then write for their own schools only."""
    return actor.is_director


def may_report_progress_in(chat_type: ChatType) -> bool:
    """A school's progress, obstacles and requests for help are written in a private chat, never in a group."""
    return chat_type is ChatType.PRIVATE


# --- the web cockpit (issue 11) ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CockpitScope:
    """What one person may see in the cockpit: everything (a national admin), whole oversight groups (an OBEC group
    official), and the committees they are an admin of. Anyone else sees nothing."""

    person_id: int
    national: bool = False
    group_ids: frozenset[int] = frozenset()
    committee_ids: frozenset[int] = frozenset()

    @property
    def allowed(self) -> bool:
        return self.national or bool(self.group_ids) or bool(self.committee_ids)


async def cockpit_scope(session: AsyncSession, actor: Actor) -> CockpitScope | None:
    """A person's cockpit scope, or None for someone who may not open it (not an admin, no grant)."""
    if actor.person is None:
        return None
    grants = (await session.execute(select(CockpitViewer).where(CockpitViewer.person_id == actor.person.id))).scalars()
    national, groups = False, set()
    for grant in grants:
        if grant.scope == "national":
            national = True
        elif grant.scope == "group" and grant.group_id is not None:
            groups.add(grant.group_id)
    admin_of = frozenset(m.committee_id for m in actor.memberships if m.is_admin)
    scope = CockpitScope(actor.person.id, national, frozenset(groups), admin_of)
    return scope if scope.allowed else None


def may_view_in_cockpit(scope: CockpitScope, committee_id: int, group_id: int | None) -> bool:
    """A committee (and its schools, members and report) is visible to a national admin, to the official of the
    committee's oversight group, and to the committee's own admins."""
    if scope.national or committee_id in scope.committee_ids:
        return True
    return group_id is not None and group_id in scope.group_ids


def may_view_group_in_cockpit(scope: CockpitScope, group_id: int) -> bool:
    return scope.national or group_id in scope.group_ids


def may_request_cockpit_link(chat_type: ChatType) -> bool:
    """A sign-in link opens a session for whoever taps it: it goes to a private chat only, never to a group."""
    return chat_type is ChatType.PRIVATE
