"""Work on one message's text done once per event: the cleaned text, its tokens and the intent analysis.

Several readers look at the same message (privacy, reminders, the mention reader, the intent recognizer, the
retriever) and each used to clean and tokenize it again: ~7 cleanings and ~3 tokenizations per event, a third of its
CPU. The processor opens a scope around routing (`per_event`); inside it, `remembered` keeps each result by its input
for the rest of the event. Outside a scope (tests, start-up, imports of reference data) nothing is kept, and a scope
ends with its event, so nothing is cached across messages and memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[tuple[str, Hashable], object] | None] = ContextVar("thai_memo", default=None)


@contextmanager
def per_event() -> Iterator[None]:
    """Remember text work until the block ends (one event; an asyncio task's context is its own)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from earlier in this event for the same kind and key. Results must be
    immutable (or copied by the caller), since every reader of the event gets the same object."""
    memo = _memo.get()
    if memo is None:
        return compute()
    slot = (kind, key)
    try:
        return memo[slot]  # type: ignore[return-value]
    except KeyError:
        value = memo[slot] = compute()
        return value
