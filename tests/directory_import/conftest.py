"""Counting what the store holds after a `sandboxbot` command (the `cli` fixture is in tests/conftest.py)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from storage.models import AreaOffice, AuditLog, Committee, CommitteeMember, InviteCode, Person, PilotSchool

COUNTED = {
    "offices": AreaOffice,
    "committees": Committee,
    "people": Person,
    "seats": CommitteeMember,
    "schools": PilotSchool,
    "audit": AuditLog,
    "invites": InviteCode,
}


async def count_rows(app: App) -> dict[str, int]:
    async with app.sessions() as session:
        return {
            name: (await session.execute(select(func.count()).select_from(m))).scalar_one()
            for name, m in COUNTED.items()
        }
