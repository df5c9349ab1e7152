"""aiosqlite's API with every call run at once on the event loop's thread.

aiosqlite sends each call (cursor, execute, fetch, close: about 18 per event) to a worker thread and back. SQLite
answers our indexed statements in microseconds, while each hop costs a queue put, a thread wake-up and a
call_soon_threadsafe: on a busy 2-core machine that was most of an event's time. Running inline blocks the loop
only for as long as SQLite works; the in-process writer gate (bot/core/hotpath.py) means it never waits for
another of our transactions. No library offers this; SQLAlchemy's `async_creator` hook lets us plug it in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class InlineConnection(aiosqlite.Connection):
    """A connection whose calls run on the caller's thread; aiosqlite's thread still serves SQLAlchemy's few
    direct queue uses (setting the isolation level), hence `check_same_thread=False`."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def inline_creator(path: str, timeout: float) -> Callable[[], Any]:
    """An `async_creator` for create_async_engine opening `path` with InlineConnection."""

    async def create() -> InlineConnection:
        def connect() -> sqlite3.Connection:
            return sqlite3.connect(path, timeout=timeout, check_same_thread=False)

        connection = InlineConnection(connect, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy does for its own aiosqlite connections
        return await connection

    return create
