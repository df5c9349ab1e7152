"""Processes one event exactly once: record it, load state under a lock, route, save, commit.

Errors end here: a store that cannot be reached raises StoreUnavailable (the adapter answers 503 and the platform
retries); anything else — a handler bug, a value the database refuses — is recorded as ignored with its reason and
acknowledged, because a retry of the same event would fail the same way forever."""

from __future__ import annotations

import logging

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import more
from bot.core.clean import identifier, storable
from bot.core.clean import text as clean_text
from bot.core.context import Context, Services
from bot.core.event_store import EventTransactions
from bot.core.hotpath import IdentityCache, begin_event, load_identity, record_event, writer_gate
from bot.core.locks import KeyedLocks
from bot.core.messages import Incoming, Outcome, Reply
from bot.core.router import Router, remember_choices
from bot.core.state import save_state
from bot.i18n import translator
from bot.thai import memo
from storage.models import Identity, ProcessedEvent
from storage.upsert import insert_ignore

log = logging.getLogger(__name__)


class Processor:
    """The one door into the core for every adapter."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], router: Router, services: Services) -> None:
        self.router = router
        self.services = services
        self._locks = KeyedLocks()
        self._known = IdentityCache()
        self._stores: dict[async_sessionmaker[AsyncSession], EventTransactions] = {}
        self.sessions = sessions

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self._sessions

    @sessions.setter
    def sessions(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """The store events are written to (a test swaps in an unreachable one, and back)."""
        self._sessions = sessions
        self._gate = writer_gate(sessions)
        if sessions not in self._stores:
            self._stores[sessions] = EventTransactions(sessions)
        self._transactions = self._stores[sessions]

    async def process(self, msg: Incoming) -> Outcome:
        """Raises StoreUnavailable when the store is unreachable, so the adapter answers 503 and the platform
        retries; never raises for anything else."""
        msg = storable(msg)
        try:
            async with self._locks.hold(msg.key):
                try:
                    return await self._process(msg)
                except _HandlerFailed:
                    log.exception("handler failed on %s event %s", msg.platform, msg.event_id)
                    return await self._record_failure(msg)
        except Exception as exc:
            if await self._store_down(exc):
                raise StoreUnavailable from exc
            log.exception("%s event %s could not be stored; recorded as ignored", msg.platform, msg.event_id)
            await self.ignore(msg.platform.value, msg.event_id, f"store_rejected:{type(exc).__name__}")
            return Outcome()

    async def close(self) -> None:
        """Let go of the store's connections (before the engine is disposed)."""
        async with self._gate:
            for store in self._stores.values():
                await store.close()

    async def ignore(self, platform: str, event_id: str, reason: str) -> bool:
        """Record an event the bot cannot use, with the reason, so a redelivery is recognised; True when new.
        Raises StoreUnavailable only when the store cannot be reached."""
        try:
            async with self.sessions() as session, session.begin():
                return await insert_ignore(
                    session,
                    ProcessedEvent,
                    platform=platform,
                    event_id=identifier(event_id),
                    kind="ignored",
                    ignored_reason=clean_text(reason, 60),
                )
        except Exception as exc:
            if await self._store_down(exc):
                raise StoreUnavailable from exc
            log.exception("%s event %s could not be recorded as ignored", platform, identifier(event_id))
            return False

    async def _store_down(self, exc: BaseException) -> bool:
        """A connection fault, a lock or pool timeout, or a store that does not answer a ping."""
        if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
            return True
        if isinstance(exc, _STORE_FAULTS):
            return True
        try:
            async with self.sessions() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return True
        return False

    async def _process(self, msg: Incoming) -> Outcome:
        async with self._gate, self._transactions.open() as store:
            begun = await begin_event(store, msg, self._known)  # on PostgreSQL, under the conversation's lock
            if begun is None:
                return Outcome(duplicate=True)
            identity, before = begun
            state = before.copy()  # handlers mutate it; `before` tells save_state whether they did
            ctx = Context(
                store=store,
                state=state,
                services=self.services,
                identity=identity,
                now=self.services.clock(),
                t=translator(_language(identity)),
            )
            try:
                with memo.per_event():  # the message's text is cleaned and tokenized once for all its readers
                    if more.is_more(msg):
                        replies = await more.next_page(store, msg, ctx.t)
                    else:
                        replies = await self.router.route(msg, ctx)
                replies = await more.paginate(store, msg, replies, ctx.t)
                remember_choices(ctx, replies)
                session = store.pending()
                if session is not None:
                    await session.flush()  # a handler's writes fail here, not at commit
            except Exception as exc:  # a bug in a handler must not make the platform retry forever
                raise _HandlerFailed from exc
            await save_state(store, msg.key, before, state, at_commit=True)
        return Outcome(replies=replies)

    async def _record_failure(self, msg: Incoming) -> Outcome:
        async with self._gate, self._transactions.open() as store:
            if not await record_event(store, msg):
                return Outcome(duplicate=True)
            identity = await load_identity(store, msg, self._known)
        return Outcome(replies=[Reply(text=translator(_language(identity))("error.internal"))])


class _HandlerFailed(Exception):
    pass


class StoreUnavailable(Exception):
    """The store cannot be reached: nothing was recorded, the platform should deliver the event again."""


_STORE_FAULTS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, OSError, TimeoutError)


def _language(identity: Identity | None) -> str | None:
    if identity is None:
        return None
    if identity.person is not None and identity.person.language:
        return identity.person.language
    return identity.language
