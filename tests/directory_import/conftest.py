"""Running `sandboxbot` commands in-process on the test's database, and counting what the store holds."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.cli import main
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


async def count_rows(app: App) -> dict[str, int]:
    async with app.sessions() as session:
        return {
            name: (await session.execute(select(func.count()).select_from(m))).scalar_one()
            for name, m in COUNTED.items()
        }
