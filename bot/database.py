"""Bringing the store to a usable state at start-up: migrations (embedded default) and reference data."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import ConfigError
from storage.migrate import current_revision, head_revision, newest_revision, upgrade_if_behind
from storage.reference.data import ReferenceData
from storage.reference.seed import seed_reference


async def prepare_database(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    reference: ReferenceData,
    auto_upgrade: bool,
) -> None:
    """Upgrade SQLite by itself; refuse an old PostgreSQL schema, naming the command that fixes it."""
    if auto_upgrade:
        await upgrade_if_behind(engine)
    else:
        current, head = await current_revision(engine), newest_revision() or head_revision()
        if current != head:
            raise ConfigError(
                f"the database schema is at {current or 'nothing'}, the code needs {head}: "
                "run `sandboxbot db upgrade` first"
            )
    async with sessions() as session, session.begin():
        await seed_reference(session, reference)
