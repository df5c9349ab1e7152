"""PostgreSQL's `sandboxbot_begin_event` (migration 0008): one call locks the conversation, records the event, adds
a new identity and reads the context, and a second event of the conversation waits and sees the first's state."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import configure_mappers

from bot.core.hotpath import _key_hash
from storage import lean
from storage.engine import create_engine
from storage.migrate import upgrade

pytestmark = pytest.mark.postgresql

KEY = ("telegram", "chat-1", "user-1")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    if database_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL function")
    configure_mappers()  # the loaded objects' attributes, as the app has them
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def _begin(conn: AsyncConnection, event_id: str, new_account: bool = False) -> object:
    db = lean.driver_of(conn.sync_connection)  # type: ignore[arg-type]
    user = ("user-1", "Somchai", new_account)
    return await lean.begin_event(db, ("telegram", event_id, "message"), _key_hash(KEY), user, KEY)


async def _handled(conn: AsyncConnection, event_id: str) -> object:
    begun = await _begin(conn, event_id)
    await conn.commit()  # the lock is held until the transaction ends, a duplicate's too
    return begun


async def test_a_second_event_waits_for_the_first_and_sees_its_state(engine: AsyncEngine):
    async with engine.connect() as first, engine.connect() as second, engine.connect() as again:
        for conn in (first, second, again):
            await conn.begin()  # as the event's transaction is (bot/core/event_store.py)
        begun = await _begin(first, "e1", new_account=True)
        assert begun is not None
        identity, state = begun
        assert identity is not None and identity.user_id == "user-1" and identity.display_name == "Somchai"
        assert state is None
        await lean.save_state(lean.driver_of(first.sync_connection), KEY, "asking", {"step": 1})

        waiting = asyncio.create_task(_handled(second, "e2"))
        duplicate = asyncio.create_task(_handled(again, "e1"))  # delivered again while the first is handled
        await asyncio.sleep(0.3)
        assert not waiting.done() and not duplicate.done()  # both wait for the conversation's lock
        await first.commit()

        later = await asyncio.wait_for(waiting, 10)
        assert later is not None
        assert later[0] is not None and later[0].id == identity.id
        assert later[1] == ("asking", {"step": 1})  # read after the lock was granted: the first's state
        assert await asyncio.wait_for(duplicate, 10) is None
        events = await first.scalar(text("SELECT count(*) FROM processed_events WHERE event_id IN ('e1', 'e2')"))
        assert events == 2


async def test_the_function_returns_the_columns_lean_reads(engine: AsyncEngine):
    async with engine.connect() as conn:
        names, modes = (
            await conn.execute(
                text("SELECT proargnames, proargmodes::text[] FROM pg_proc WHERE proname = 'sandboxbot_begin_event'")
            )
        ).one()
    read = [f"i_{c.name}" for c in lean._I_COLUMNS] + [f"p_{c.name}" for c in lean._P_COLUMNS]  # `_context`'s order
    assert [name for name, mode in zip(names, modes, strict=True) if mode == "t"] == [
        *read,
        "s_found",
        "s_flow",
        "s_data",
        "t_deadlines",  # migration 0009: `begin_event` takes the last column as the deadlines' change token
    ]


async def test_downgrade_drops_the_function_and_upgrade_makes_it_again(engine: AsyncEngine):
    async def defined() -> bool:
        async with engine.connect() as conn:
            return bool(
                await conn.scalar(text("SELECT count(*) FROM pg_proc WHERE proname = 'sandboxbot_begin_event'"))
            )

    from alembic import command

    from storage.migrate import alembic_config

    def downgrade(conn: object) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")

    assert await defined()
    async with engine.begin() as conn:
        await conn.run_sync(downgrade)
    assert not await defined()
    await upgrade(engine)
    assert await defined()
