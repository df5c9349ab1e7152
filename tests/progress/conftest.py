"""Fixtures for progress updates: a seeded directory with linked accounts, a chat driver, a clock that moves."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.core.messages import Attachment, ChatType, Incoming, Kind, Platform, Reply
from storage.models import AuditLog, ConversationState, ProgressUpdate, UpdateAttachment
from tests.directory import Directory, link, seed_directory
from tests.e2e.conftest import fakes, serve  # noqa: F401  (the end-to-end fixtures, shared here)

_events = itertools.count(1)


@dataclass
class Chat:
    """One person's private chat with the bot through the core (platform "console")."""

    app: App
    user_id: str
    chat_type: ChatType = ChatType.PRIVATE
    last: list[Reply] = field(default_factory=list)

    async def send(self, kind: Kind, **fields: object) -> list[Reply]:
        msg = Incoming(
            platform=Platform.CONSOLE,
            event_id=f"e{next(_events)}",
            chat_id=self.user_id if self.chat_type is ChatType.PRIVATE else "group-1",
            user_id=self.user_id,
            kind=kind,
            chat_type=self.chat_type,
            **fields,  # type: ignore[arg-type]
        )
        self.last = (await self.app.processor.process(msg)).replies
        return self.last

    async def say(self, text: str) -> str:
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            await self.send(Kind.COMMAND, text=text, command=name, args=args)
        else:
            await self.send(Kind.TEXT, text=text)
        return self.text

    async def tap(self, label: str) -> str:
        """Tap the shown choice with this label."""
        action = next(c.action for r in self.last for c in r.choices if c.label == label)
        await self.send(Kind.ACTION, action=action)
        return self.text

    async def send_action(self, action: str) -> str:
        await self.send(Kind.ACTION, action=action)
        return self.text

    async def photo(self, size: int | None = 85_000, file_id: str = "photo-1", media_type: str = "photo") -> str:
        await self.send(Kind.MEDIA, attachment=Attachment(file_id, media_type, size))
        return self.text

    async def sticker(self) -> str:
        await self.send(Kind.STICKER)
        return self.text

    @property
    def text(self) -> str:
        return "\n".join(r.as_text() for r in self.last)

    @property
    def labels(self) -> list[str]:
        return [c.label for r in self.last for c in r.choices]


@dataclass
class World:
    app: App
    directory: Directory

    def chat(self, user_id: str, chat_type: ChatType = ChatType.PRIVATE) -> Chat:
        return Chat(self.app, user_id, chat_type)

    async def updates(self) -> list[ProgressUpdate]:
        async with self.app.sessions() as session:
            return list((await session.execute(select(ProgressUpdate).order_by(ProgressUpdate.id))).scalars())

    async def attachments(self) -> list[UpdateAttachment]:
        async with self.app.sessions() as session:
            return list((await session.execute(select(UpdateAttachment).order_by(UpdateAttachment.id))).scalars())

    async def audits(self, action: str) -> list[AuditLog]:
        async with self.app.sessions() as session:
            return list((await session.execute(select(AuditLog).where(AuditLog.action == action))).scalars())

    async def open_flows(self) -> int:
        """Conversations still open (the last shown buttons are remembered without one)."""
        async with self.app.sessions() as session:
            query = select(func.count()).select_from(ConversationState).where(ConversationState.flow.is_not(None))
            return (await session.execute(query)).scalar_one()

    async def count(self, model: type) -> int:
        async with self.app.sessions() as session:
            return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def seed(app: App, links: dict[str, tuple[str, str]]) -> Directory:
    """Write the test directory, and link the named people (Directory attribute -> (platform, user id))."""
    async with app.sessions() as session, session.begin():
        directory = await seed_directory(session)
        for person, (platform, user_id) in links.items():
            await link(session, getattr(directory, person), platform, user_id)
    return directory


@pytest.fixture
async def world(make_app: Callable[..., App]) -> World:
    """An app without platforms; the director is "dir" on the console, the chair "chair", the other director
    "dir2", the outsider "out"; "nobody" is not linked."""
    app = await make_app(connect_platforms=False)
    links = {
        "director": ("console", "dir"),
        "chair": ("console", "chair"),
        "other_director": ("console", "dir2"),
        "outsider": ("console", "out"),
    }
    return World(app, await seed(app, links))
