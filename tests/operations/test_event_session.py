"""The event's session (bot/core/hotpath.py `EventSession`) keeps `async with sessions() as s, s.begin():`'s
contract with fewer greenlet hops: commit on success, roll back on an exception, and a closed session after."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.hotpath import EventSession
from storage.engine import create_engine, session_factory
from storage.models import Base, Person


async def test_commits_on_success_and_rolls_back_on_an_exception(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'events.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = session_factory(engine)
    try:
        async with EventSession(sessions) as session:
            kept = Person(full_name="kept")
            session.add(kept)
        assert not session.in_transaction() and kept not in session  # closed: objects expunged, still usable
        assert kept.id is not None and kept.full_name == "kept"

        with pytest.raises(RuntimeError):
            async with EventSession(sessions) as session:
                session.add(Person(full_name="dropped"))
                await session.flush()
                raise RuntimeError("handler failed")
        assert not session.in_transaction()

        async with sessions() as check:
            names = (await check.execute(select(Person.full_name))).scalars().all()
            assert names == ["kept"]
            assert (await check.execute(select(func.count()).select_from(Person))).scalar_one() == 1
    finally:
        await engine.dispose()
