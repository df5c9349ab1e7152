"""An event's transaction (bot/core/event_store.py): the hot path's plain statements and a handler's ORM writes are
one transaction, committed together when the event succeeds and dropped together when it fails, on every store;
the session is made only when asked for, and a change to the loaded identity is written either way."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.event_store import EventTransactions
from storage import lean
from storage.engine import create_engine, session_factory
from storage.migrate import upgrade_if_behind
from storage.models import Identity, Person, ProcessedEvent


async def _stored(sessions: Any) -> tuple[list[str], int, list[str | None]]:
    async with sessions() as check:
        names = (await check.execute(select(Person.full_name).order_by(Person.id))).scalars().all()
        events = (await check.execute(select(func.count()).select_from(ProcessedEvent))).scalar_one()
        languages = (await check.execute(select(Identity.language).order_by(Identity.id))).scalars().all()
    return list(names), events, list(languages)


async def _record(store: Any, event_id: str) -> bool:
    return await lean.record_event(await lean.driver(store), "telegram", event_id, "message")


async def test_statements_and_orm_writes_commit_and_roll_back_together(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade_if_behind(engine)  # SQLite is left for the app to migrate
    sessions = session_factory(engine)
    transactions = EventTransactions(sessions)
    try:
        async with transactions.open() as store:  # an event that uses the session
            await _record(store, "kept-1")
            kept = Person(full_name="kept")
            store.session.add(kept)
        assert kept.id is not None and kept not in store.session  # committed, closed: objects still usable

        async with transactions.open() as store:  # an event that never touches the ORM
            await _record(store, "kept-2")
        assert store.opened is None

        with pytest.raises(RuntimeError):
            async with transactions.open() as store:
                await _record(store, "dropped")
                store.session.add(Person(full_name="dropped"))
                await store.session.flush()
                raise RuntimeError("handler failed")

        with pytest.raises(RuntimeError):  # a failure before the ORM was used drops the statements too
            async with transactions.open() as store:
                await _record(store, "dropped-2")
                raise RuntimeError("handler failed")

        assert await _stored(sessions) == (["kept"], 2, [])
        async with transactions.open() as store:  # the connection is still good after the failures
            assert not await _record(store, "kept-2")
    finally:
        await transactions.close()
        await engine.dispose()


async def test_a_change_to_the_loaded_identity_is_written_without_the_session_being_used(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade_if_behind(engine)
    sessions = session_factory(engine)
    transactions = EventTransactions(sessions)
    try:
        async with transactions.open() as store:
            db = await lean.driver(store)
            await lean.add_identity(db, "telegram", "42", None)
        async with transactions.open() as store:
            identity = await lean.load_identity(await lean.driver(store), "telegram", "42")
            assert identity is not None
            store.attach(identity)
            identity.language = "en"  # as ctx.set_language does, before anything made the session
            session = store.pending()
            assert session is not None
            await session.flush()
        assert (await _stored(sessions))[2] == ["en"]
    finally:
        await transactions.close()
        await engine.dispose()
