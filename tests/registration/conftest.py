"""Registration tests: a clock the test can move (for code expiry and the lock-out), the directory, and the
end-to-end fixtures of tests/e2e."""

from __future__ import annotations

from datetime import datetime

from bot.app import App
from storage.repositories.invites import create_invite
from tests.conftest import FIXED_NOW
from tests.directory import Directory, seed_directory
from tests.e2e.conftest import fakes, serve  # noqa: F401  (fixtures)


async def seed(app: App) -> Directory:
    async with app.sessions() as session, session.begin():
        return await seed_directory(session)


async def invite(app: App, person_id: int, now: datetime = FIXED_NOW, days: int = 14) -> str:
    """A fresh code for the person, made the way the CLI makes it."""
    async with app.sessions() as session, session.begin():
        return (await create_invite(session, person_id, now, days)).code
