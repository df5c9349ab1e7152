"""What a handler gets besides the message: the store, the state, the facts, the clock, the words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.event_store import EventStore
from bot.core.messages import Reply
from bot.core.ports import PlatformPorts
from bot.core.state import State
from bot.i18n import Translator, translator
from storage.models import Identity, Person
from storage.reference.data import ReferenceData
from storage.repositories.audit import add_audit

if TYPE_CHECKING:
    from bot.admin.signing import LinkSigner
    from bot.knowledge.service import Knowledge
    from bot.settings import Settings
    from bot.thai.intents import IntentRecognizer


@dataclass(slots=True)
class Services:
    """Long-lived parts shared by every event; built once by the composition root."""

    reference: ReferenceData
    recognizer: IntentRecognizer
    clock: Callable[[], datetime]
    tz: ZoneInfo
    bot_names: dict[str, str] = field(default_factory=dict)  # platform -> bot username, for deep links
    knowledge: Knowledge | None = None  # fact base, composed answers and retrieval (None: intents only)
    platforms: PlatformPorts = field(default_factory=PlatformPorts)  # group-admin checks and file downloads
    settings: Settings | None = None  # for links the bot hands out (public URL, lifetimes); None in bare tests
    links: LinkSigner | None = None  # signed download links served by `serve`
    reminder_rules: Any = None  # bot.reminders.planner.Rules: policy, working calendar, sending platforms


@dataclass(slots=True)
class Context:
    """One event's view of the world; `session` is the event's transaction (made on first use)."""

    store: EventStore
    state: State
    services: Services
    identity: Identity | None
    now: datetime
    t: Translator

    @property
    def session(self) -> AsyncSession:
        return self.store.session

    @property
    def reference(self) -> ReferenceData:
        return self.services.reference

    @property
    def today(self) -> date:
        return self.now.astimezone(self.services.tz).date()

    @property
    def lang(self) -> str:
        return self.t.lang

    @property
    def person(self) -> Person | None:
        return self.identity.person if self.identity is not None else None

    def set_language(self, lang: str) -> None:
        """Remember the language for this person (or this platform account) and answer in it from now on."""
        self.t = translator(lang)
        if self.identity is not None:
            self.identity.language = self.t.lang
            if self.identity.person is not None:
                self.identity.person.language = self.t.lang

    def audit(self, action: str, **details: Any) -> None:
        """Record a write in the audit log, in this event's transaction."""
        identity = self.identity
        add_audit(
            self.session,
            action,
            platform=identity.platform if identity is not None else "unknown",
            user_id=identity.user_id if identity is not None else None,
            person_id=identity.person_id if identity is not None else None,
            at=self.now,
            **details,
        )

    async def enqueue(
        self,
        platform: str,
        chat_id: str,
        replies: list[Reply],
        dedupe_key: str | None = None,
        *,
        available_at: datetime | None = None,
        kind: str = "message",
        person_id: int | None = None,
    ) -> int | None:
        """Queue a proactive message in this transaction; the outbox worker sends it after commit (bot.outbox)."""
        from bot.outbox import enqueue

        return await enqueue(
            self.session,
            platform,
            chat_id,
            replies,
            available_at=available_at or self.now,
            dedupe_key=dedupe_key,
            kind=kind,
            person_id=person_id,
        )
