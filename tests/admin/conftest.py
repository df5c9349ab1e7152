"""Admin commands end to end: the e2e app and fakes, a seeded committee and its people linked on both platforms."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.admin.groups import LineGroup, TelegramGroup
from tests.directory import Directory, link, seed_directory
from tests.e2e.conftest import Running, fakes, serve  # noqa: F401  (fixtures)

TG_GROUP = -1001234567890
CHAIR_TG, SECRETARY_TG, EXPERT_TG, DIRECTOR_TG, STRANGER_TG = 7001, 7002, 7003, 7004, 7009
CHAIR_LINE = "U" + "a1" * 16
SECRETARY_LINE = "U" + "b2" * 16
STRANGER_LINE = "U" + "c3" * 16


@dataclass
class World:
    running: Running
    directory: Directory
    tg: TelegramGroup
    line: LineGroup


@pytest.fixture
async def world(serve) -> World:  # noqa: F811
    running = await serve()
    async with running.app.sessions() as session, session.begin():
        directory = await seed_directory(session)
        for person, tg, line in (
            (directory.chair, CHAIR_TG, CHAIR_LINE),
            (directory.secretary, SECRETARY_TG, SECRETARY_LINE),
            (directory.expert, EXPERT_TG, None),
            (directory.director, DIRECTOR_TG, None),
        ):
            await link(session, person, "telegram", str(tg))
            if line is not None:
                await link(session, person, "line", line)
    running.telegram.chat_admins[TG_GROUP] = {CHAIR_TG}
    return World(running, directory, TelegramGroup(running, TG_GROUP), LineGroup(running))
