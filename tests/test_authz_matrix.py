"""The authorization matrix (issue 10, item 7): every role × own committee / another committee × every action, as one
table checked by one test against bot/authz.py — the one place permissions are decided — with each person's seats
loaded from the store the way the handlers load them.

A new admin command adds a column here (most map to `may_admin`); a new role adds a row.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import authz
from bot.authz import Actor
from bot.core.messages import ChatType
from storage import lean
from storage.models import AreaOffice, Committee, CommitteeMember, Identity, Person, PilotSchool

ROLES = ("chair", "vice_chair", "expert", "school_rep", "secretary", "admin", "director", "unregistered")
SCOPES = ("own", "other")

# What each role may do, on its own committee (or its own school); nobody may act on another committee.
_MEMBER = {"read status", "read people", "check-in"}
_ADMIN = {*_MEMBER, "contacts", "import", "invite", "admin commands"}
ALLOWED: dict[str, set[str]] = {
    "chair": _MEMBER,
    "vice_chair": _MEMBER,
    "expert": _MEMBER,
    "school_rep": _MEMBER,
    "secretary": _MEMBER,
    "admin": _ADMIN,
    "director": {"updates"},
    "unregistered": set(),
}


def _actions(committee: int, school: PilotSchool) -> dict[str, Callable[[Actor], bool]]:
    return {
        "read status": lambda a: authz.may_view_committee(a, committee),
        "read people": lambda a: authz.may_view_committee(a, committee),
        "contacts": lambda a: authz.may_see_member_contacts(a, committee, ChatType.PRIVATE),
        "updates": lambda a: authz.may_report_progress(a) and authz.may_update_school(a, school.id),
        "check-in": lambda a: authz.may_check_in(a, committee),
        "import": lambda a: authz.may_admin(a, committee),
        "invite": lambda a: authz.may_admin(a, committee),
        "admin commands": lambda a: authz.may_admin(a, committee),
    }


async def test_every_role_on_every_committee_may_do_exactly_what_the_table_says(app):
    async with app.sessions() as session, session.begin():
        offices = [AreaOffice(code=f"AO-{n}", name=f"สพป.ทดสอบ เขต {n}", kind="area") for n in (1, 2)]
        session.add_all(offices)
        await session.flush()
        committees = [
            Committee(code=f"C-{n}", name=f"คณะกรรมการ เขต {n}", kind="area", area_office_id=office.id)
            for n, office in zip((1, 2), offices, strict=True)
        ]
        people = {role: Person(full_name=f"บุคคล {role}") for role in ROLES}
        stranger = Person(full_name="ผอ. อีกเขต")
        session.add_all([*committees, *people.values(), stranger])
        await session.flush()
        for role in ("chair", "vice_chair", "expert", "school_rep", "secretary"):
            session.add(CommitteeMember(committee_id=committees[0].id, person_id=people[role].id, role=role))
        session.add(
            CommitteeMember(committee_id=committees[0].id, person_id=people["admin"].id, role="expert", is_admin=True)
        )
        schools = [
            PilotSchool(code="1000000001", name="โรงเรียนในเขต", area_office_id=offices[0].id),
            PilotSchool(code="1000000002", name="โรงเรียนอีกเขต", area_office_id=offices[1].id),
        ]
        schools[0].director_id, schools[1].director_id = people["director"].id, stranger.id
        session.add_all(schools)
        identities = {
            role: Identity(platform="line", user_id=f"U{n:032x}", person_id=None if role == "unregistered" else p.id)
            for n, (role, p) in enumerate(people.items())
        }
        session.add_all(identities.values())
        await session.flush()
        actors = {role: await authz.load_actor(session, identities[role]) for role in ROLES}

    scoped = {"own": _actions(committees[0].id, schools[0]), "other": _actions(committees[1].id, schools[1])}
    table = {
        (role, scope, action): check(actors[role])
        for role in ROLES
        for scope in SCOPES
        for action, check in scoped[scope].items()
    }
    expected = {
        (role, scope, action): scope == "own" and action in ALLOWED[role]
        for role in ROLES
        for scope in SCOPES
        for action in scoped[scope]
    }
    wrong = sorted(key for key in table if table[key] != expected[key])
    assert wrong == []
    assert len(table) == len(ROLES) * len(SCOPES) * 8
    assert not actors["unregistered"].registered


async def test_an_events_seats_are_read_in_one_statement_and_include_those_added_earlier_in_the_event(app):
    """Handlers load the actor from the event's store: the person came loaded with the identity, so no ORM session
    is made for it, and a seat or school added earlier in the same event (pending in the session) counts."""
    async with app.sessions() as session, session.begin():
        office = AreaOffice(code="AO-9", name="สพป.ทดสอบ เขต 9", kind="area")
        session.add(office)
        await session.flush()
        committee = Committee(code="C-9", name="คณะกรรมการ เขต 9", kind="area", area_office_id=office.id)
        person = Person(full_name="บุคคล ทดสอบ")
        session.add_all([committee, person])
        await session.flush()
        session.add(Identity(platform="line", user_id="U" + "9" * 32, person_id=person.id))
        ids = committee.id, person.id, office.id

    committee_id, person_id, office_id = ids
    async with app.processor._transactions.open() as store:
        identity = await lean.load_identity(await lean.driver(store), "line", "U" + "9" * 32)
        assert identity is not None
        store.attach(identity, identity.person)
        before = await authz.load_actor(store, identity)
        assert before.registered and before.memberships == () and before.school_ids == ()
        assert store.opened is None

        store.session.add(CommitteeMember(committee_id=committee_id, person_id=person_id, role="chair", is_admin=True))
        school = PilotSchool(code="1000000009", name="โรงเรียนทดสอบ", area_office_id=office_id, director_id=person_id)
        store.session.add(school)
        after = await authz.load_actor(store, identity)
    assert after.memberships == (authz.Membership(committee_id, "คณะกรรมการ เขต 9", office_id, "chair", True),)
    assert after.school_ids == (school.id,)
    assert authz.may_admin(after, committee_id) and authz.may_update_school(after, school.id)
