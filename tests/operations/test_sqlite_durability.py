"""The embedded store's durability is the operator's choice: NORMAL (a commit survives a crash of the bot) by
default, FULL (also a power loss) with SANDBOXBOT_SQLITE_SYNCHRONOUS; every connection the bot opens uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from bot.app import App
from bot.settings import Settings

_LEVEL = {1: "NORMAL", 2: "FULL"}


async def _levels(app: App) -> set[str]:
    """PRAGMA synchronous on a pooled connection and on the events' writer connection."""
    async with app.engine.connect() as conn:
        pooled = (await conn.execute(text("PRAGMA synchronous"))).scalar_one()
    async with app.processor._transactions.open() as store:  # the connection every event is written on
        assert store.db is not None
        row = await store.db.fetchone("PRAGMA synchronous", ())
    assert row is not None
    return {_LEVEL[pooled], _LEVEL[row[0]]}


@pytest.mark.parametrize("setting", [None, "full", "FULL"])
async def test_the_setting_reaches_every_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    if setting is not None:
        monkeypatch.setenv("SANDBOXBOT_SQLITE_SYNCHRONOUS", setting)
    app = App(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"))
    await app.start(connect_platforms=False)
    try:
        assert await _levels(app) == {"NORMAL" if setting is None else "FULL"}
    finally:
        await app.close()


def test_an_unknown_level_is_refused_with_the_variables_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOXBOT_SQLITE_SYNCHRONOUS", "OFF")
    with pytest.raises(ValidationError, match="sqlite_synchronous"):
        Settings(_env_file=None)
