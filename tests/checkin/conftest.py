"""Check-in tests: a clock the test can move (rounds close on their due date), an app, the directory, and the
end-to-end fixtures of tests/e2e."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.core.messages import Reply
from storage.models import CheckIn
from tests.directory import Directory, link, seed_directory
from tests.e2e.conftest import fakes, serve  # noqa: F401  (fixtures)


async def seed(app: App, **accounts: tuple[str, str]) -> Directory:
    """The directory, with platform accounts linked: seed(app, chair=("console", "chair"))."""
    async with app.sessions() as session, session.begin():
        directory = await seed_directory(session)
        for who, (platform, user_id) in accounts.items():
            await link(session, getattr(directory, who), platform, user_id)
    return directory


def said(replies: list[Reply]) -> str:
    return "\n".join(r.as_text() for r in replies)


async def checkins(app: App) -> list[CheckIn]:
    async with app.sessions() as session:
        return list((await session.execute(select(CheckIn).order_by(CheckIn.id))).scalars())
