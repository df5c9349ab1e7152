"""The store: migrations from empty, the schema check on PostgreSQL, reference data loaded once, state kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.settings import ConfigError, Settings
from storage.engine import create_engine
from storage.migrate import current_revision, head_revision, newest_revision, upgrade
from storage.models import Base, ConversationState, Duty, Mechanism, Official, Province


async def test_migrations_build_every_table_from_empty(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        assert set(Base.metadata.tables) <= tables
        await upgrade(engine)  # running it again is harmless
    finally:
        await engine.dispose()


def test_the_quick_head_check_reads_the_same_head_as_alembic():
    assert newest_revision() == head_revision()


async def test_sqlite_default_upgrades_an_older_schema_at_start(empty_database_url, clock):
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL is migrated by the operator")
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine, "0005")
    finally:
        await engine.dispose()
    app = App(Settings(_env_file=None, database_url=empty_database_url), clock=clock)
    try:
        await app.start(connect_platforms=False)
        assert await current_revision(app.engine) == head_revision()
    finally:
        await app.close()


async def test_postgresql_refuses_an_old_schema_and_names_the_fix(empty_database_url, clock):
    if empty_database_url.startswith("sqlite"):
        pytest.skip("the embedded default migrates itself")
    app = App(Settings(_env_file=None, database_url=empty_database_url), clock=clock)
    try:
        with pytest.raises(ConfigError, match="sandboxbot db upgrade"):
            await app.start(connect_platforms=False)
    finally:
        await app.close()


async def test_sqlite_default_migrates_itself(empty_database_url, clock):
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL is migrated by the operator")
    app = App(Settings(_env_file=None, database_url=empty_database_url), clock=clock)
    try:
        await app.start(connect_platforms=False)
        assert await current_revision(app.engine) == head_revision()
    finally:
        await app.close()


async def test_reference_data_is_loaded_once_however_often_the_app_starts(make_app):
    for _ in range(2):
        app = await make_app(connect_platforms=False)
    async with app.sessions() as session:
        counts = [
            (await session.execute(select(func.count()).select_from(model))).scalar_one()
            for model in (Province, Official, Duty, Mechanism)
        ]
    assert counts == [20, 4, 6, 11]


async def test_a_question_the_bot_asked_survives_a_restart(make_app):
    """The bot asks "which province?"; the app restarts; the one-word answer is still understood."""
    first = ConsoleAdapter((await make_app(connect_platforms=False)).processor, user_id="director-1")
    [asked] = await first.ask("ใครดูแลจังหวัดไหนบ้าง")
    assert "จังหวัดใด" in asked.text

    restarted = await make_app(connect_platforms=False)
    async with restarted.sessions() as session:
        saved = (await session.execute(select(ConversationState))).scalar_one()
        assert saved.flow == "await_slot"
    second = ConsoleAdapter(restarted.processor, user_id="director-1")
    [answer] = await second.ask("ยะลา")
    assert "กลุ่มที่ 2" in answer.text
    assert "นายพิทักษ์ โสตถยาคม" in answer.text
    async with restarted.sessions() as session:  # the question is closed; the dialogue memory and the buttons stay
        row = (await session.execute(select(ConversationState))).scalar_one()
        assert row.flow is None and set(row.data) == {"_memory", "_shown"} and row.data["_memory"]["province"] == "ยะลา"
