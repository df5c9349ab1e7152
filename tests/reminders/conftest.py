"""Reminder tests: an app with both platforms configured (not connected: the outbox rows are the observable), the
small directory of tests/directory.py with linked accounts, and helpers to run the planner and read what it queued."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import App
from bot.outbox import payload_to_replies
from bot.reminders.planner import run
from storage.models import OutboxMessage
from tests.directory import Directory, link, seed_directory

BANGKOK = ZoneInfo("Asia/Bangkok")
CREDENTIALS = {
    "telegram_token": "123456:TEST-token",
    "line_channel_secret": "line-channel-secret",
    "line_access_token": "line-access-token",
}
# Who reads reminders where: the expert linked both (Telegram is preferred), the secretary and the other director LINE.
CHATS = {
    "chair": ("telegram", "9001"),
    "secretary": ("line", "U" + "5" * 32),
    "expert": ("telegram", "9003"),
    "director": ("telegram", "9004"),
    "other_director": ("line", "U" + "7" * 32),
    "outsider": ("telegram", "9006"),
}


def local(*parts: int) -> datetime:
    """A Bangkok wall-clock time, as the UTC instant the app's clock gives."""
    return datetime(*parts, tzinfo=BANGKOK).astimezone(UTC)


@dataclass
class Sent:
    """One queued message, as the recipient will see it."""

    platform: str
    chat_id: str
    kind: str
    person_id: int | None
    at: datetime
    text: str
    actions: tuple[str, ...]
    series: tuple[str, ...]


@dataclass
class World:
    app: App
    people: Directory
    seen: int = 0

    def chat(self, who: str) -> str:
        return CHATS[who][1]

    async def tick(self) -> list[Sent]:
        """One planner run at the clock's time; returns the messages it queued."""
        async with self.app.sessions() as session, session.begin():
            await run(session, self.app.services.reminder_rules, self.app.services.clock())
        return await self.new()

    async def new(self) -> list[Sent]:
        async with self.app.sessions() as session:
            query = select(OutboxMessage).where(OutboxMessage.id > self.seen).order_by(OutboxMessage.id)
            rows = (await session.execute(query)).scalars()
            result = []
            for row in rows:
                self.seen = max(self.seen, row.id)
                [reply] = payload_to_replies(row.payload)
                result.append(
                    Sent(
                        row.platform, row.chat_id, row.kind, row.person_id, row.available_at, reply.text,
                        tuple(c.action for c in reply.choices), tuple(row.payload.get("meta", {}).get("series", ())),
                    )
                )  # fmt: skip
            return result


@pytest.fixture
async def world(make_app: Callable[..., App]) -> World:
    app = await make_app(connect_platforms=False, **CREDENTIALS)
    async with app.sessions() as session, session.begin():
        people = await seed_directory(session)
        for who, (platform, chat) in CHATS.items():
            await link(session, getattr(people, who), platform, chat)
        await link(session, people.expert, "line", "U" + "3" * 32)
    return World(app, people)
