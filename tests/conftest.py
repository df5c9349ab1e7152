"""Shared fixtures: a migrated store per test (SQLite always; PostgreSQL when SANDBOXBOT_TEST_DATABASE_URL is set),
a fixed clock, and apps wired to the fake platform servers."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.app import App
from bot.cli import main
from bot.settings import Settings
from storage.engine import create_engine
from storage.migrate import upgrade

PG_URL = os.environ.get("SANDBOXBOT_TEST_DATABASE_URL")
# Saturday 21 November 2026, 10:00 in Bangkok: round 2 of academic year 2569 is next, due 30 April 2570.
FIXED_NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="SANDBOXBOT_TEST_DATABASE_URL is not set")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs against the PostgreSQL in SANDBOXBOT_TEST_DATABASE_URL")


def _asyncpg_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


_migrated_template: str | None = None  # this run's PostgreSQL database migrated to head, copied for each test


async def _admin() -> asyncpg.Connection:
    assert PG_URL is not None
    return await asyncpg.connect(_asyncpg_dsn(PG_URL, make_url(PG_URL).database or "postgres"))


def _pg_url(name: str) -> str:
    assert PG_URL is not None
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


async def _template(admin: asyncpg.Connection) -> str:
    """Migrate one PostgreSQL database per run the way an operator does (`sandboxbot db upgrade`); each test gets
    a copy (CREATE DATABASE … TEMPLATE), which costs a fraction of running the migrations again."""
    global _migrated_template
    if _migrated_template is None:
        name = f"sbtest_tmpl_{uuid.uuid4().hex[:12]}"
        await admin.execute(f'CREATE DATABASE "{name}"')
        engine = create_engine(_pg_url(name))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()
        _migrated_template = name
    return _migrated_template


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _migrated_template is None or PG_URL is None:
        return

    async def drop() -> None:
        admin = await _admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{_migrated_template}" WITH (FORCE)')
        finally:
            await admin.close()

    asyncio.run(drop())


async def _database(backend: str, tmp_path: Path, migrated: bool) -> AsyncIterator[str]:
    """A database of the test's own: a SQLite file, or a PostgreSQL database (empty, or a copy of the template)."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'sandboxbot.db'}"
        return
    name = f"sbtest_{uuid.uuid4().hex[:12]}"
    admin = await _admin()
    try:
        template = f' TEMPLATE "{await _template(admin)}"' if migrated else ""
        await admin.execute(f'CREATE DATABASE "{name}"{template}')
        yield _pg_url(name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(params=BACKENDS)
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of its own for each test."""
    async for url in _database(request.param, tmp_path, migrated=False):
        yield url


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own for each test, migrated to head on PostgreSQL (a copy of this run's migrated
    template); the embedded SQLite default is left for the app to migrate by itself."""
    async for url in _database(request.param, tmp_path, migrated=True):
        yield url


@dataclass
class Clock:
    """The test's clock: FIXED_NOW until a test moves it; every app built in the test reads it."""

    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> None:
        self.now += (delta or timedelta()) + timedelta(**parts)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def app(make_app: Callable[..., App]) -> App:
    """An app on this test's database, without platforms (drive it through `app.processor`)."""
    return await make_app(connect_platforms=False)


@pytest.fixture
async def make_app(database_url: str, clock: Callable[[], datetime]) -> AsyncIterator[Callable[..., App]]:
    """Build apps on this test's database; every app built is started and closed for you."""
    apps: list[App] = []

    async def build(connect_platforms: bool = True, **overrides: object) -> App:
        settings = Settings(_env_file=None, database_url=database_url, **overrides)  # type: ignore[call-arg]
        app = App(settings, clock=clock)
        apps.append(app)
        await app.start(connect_platforms=connect_platforms)
        return app

    yield build  # type: ignore[misc]
    for app in apps:
        await app.close()


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


Cli = Callable[..., Awaitable[Ran]]


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`await cli("import", "file.xlsx")` runs `sandboxbot import file.xlsx` against this test's database, in
    tmp_path, with no platform configured unless given as SANDBOXBOT_* keyword arguments."""
    for name in [n for n in os.environ if n.startswith("SANDBOXBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SANDBOXBOT_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)

    async def run(*args: str, **env: str) -> Ran:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = await asyncio.to_thread(main, list(args))  # main runs its own event loop
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run
