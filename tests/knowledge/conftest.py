"""A console conversation with the core for the knowledge tests: each call is a new person; the turns go in order
and the last turn's replies are returned."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.core.messages import Reply

Converse = Callable[..., Awaitable[list[Reply]]]


@pytest.fixture
async def chat(make_app) -> Converse:
    """`await chat("ตราดอยู่กลุ่มไหน", "แล้วสงขลาล่ะ")`: the replies to the last turn."""
    app = await make_app(connect_platforms=False)
    users = iter(range(1000))

    async def converse(*turns: str) -> list[Reply]:
        console = ConsoleAdapter(app.processor, user_id=f"k{next(users)}")
        replies: list[Reply] = []
        for turn in turns:
            replies = await console.ask(turn)
        return replies

    return converse


@pytest.fixture
def ask(chat: Converse) -> Callable[..., Awaitable[str]]:
    """The same, as the text a person reads."""

    async def ask(*turns: str) -> str:
        return "\n".join(r.as_text() for r in await chat(*turns))

    return ask
