"""What a platform sender is: it groups claimed rows into deliveries, renders them with the adapters' converters
and sends each once. The senders themselves live beside this file, one per platform (telegram_sender.py,
line_sender.py), so that a process loads only the SDK of a platform it has credentials for.

A sender raises only `bot.outbox.errors` exceptions; the worker decides about retries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.messages import Reply
from bot.outbox.payload import payload_to_replies
from storage.models import OutboxMessage


@dataclass(slots=True)
class Delivery:
    """One platform call's worth of rows: a single chat, or (LINE) one multicast of identical messages."""

    ids: list[int]
    chat_ids: list[str]
    replies: list[Reply]
    retry_key: str
    new_batch_key: bool = False  # a multicast formed in this claim: its key is stored on the rows first
    multicast: bool = False
    progress: dict[str, Any] = field(default_factory=dict)  # parts already sent, so a retry resumes after them


class Sender(Protocol):
    platform: str
    claim_limit: int
    concurrency: int

    def deliveries(self, rows: list[OutboxMessage]) -> list[Delivery]: ...

    async def send(self, delivery: Delivery) -> None: ...


def single(row: OutboxMessage) -> Delivery:
    return Delivery([row.id], [row.chat_id], payload_to_replies(row.payload), row.retry_key)
