"""Invite codes as the CLI makes them: shape, expiry, audit, and what people type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import AuditLog, InviteCode
from storage.repositories.invites import (
    CODE_ALPHABET,
    InviteProblem,
    create_invite,
    find_invite,
    invite_problem,
    normalize_code,
)
from tests.conftest import FIXED_NOW
from tests.registration.conftest import seed


async def test_a_code_is_eight_unambiguous_characters_valid_for_two_weeks_and_audited(app):
    directory = await seed(app)
    async with app.sessions() as session, session.begin():
        codes = [await create_invite(session, directory.director, FIXED_NOW) for _ in range(20)]
    assert all(len(c.code) == 8 and set(c.code) <= set(CODE_ALPHABET) for c in codes)
    assert not set("".join(c.code for c in codes)) & set("0O1IL")
    assert len({c.code for c in codes}) == 20
    async with app.sessions() as session:
        stored = (await session.execute(select(InviteCode))).scalars().all()
        audit = (await session.execute(select(AuditLog).where(AuditLog.action == "invite.created"))).scalars().all()
    assert {c.person_id for c in stored} == {directory.director}
    assert all(c.used_at is None for c in stored)
    assert all(invite_problem(c, FIXED_NOW + timedelta(days=13, hours=23)) is None for c in stored)
    assert all(invite_problem(c, FIXED_NOW + timedelta(days=14)) is InviteProblem.EXPIRED for c in stored)
    assert len(audit) == 20
    assert {a.platform for a in audit} == {"cli"}
    assert {a.details["for_person_id"] for a in audit} == {directory.director}


async def test_codes_are_found_however_people_type_them(app):
    directory = await seed(app)
    async with app.sessions() as session, session.begin():
        code = (await create_invite(session, directory.chair, FIXED_NOW, days=3, platform="telegram")).code
        typed = f" {code[:4].lower()}-{code[4:]} "
        found = await find_invite(session, typed)
    assert normalize_code("abcd efgh") == normalize_code("ABCD-EFGH") == "ABCDEFGH"
    assert found is not None and found.code == code
    assert found.expires_at.replace(tzinfo=None) == (FIXED_NOW + timedelta(days=3)).replace(tzinfo=None)


async def test_no_code_for_someone_who_is_not_in_the_directory(app):
    async with app.sessions() as session, session.begin():
        with pytest.raises(LookupError):
            await create_invite(session, 999_999, FIXED_NOW)
