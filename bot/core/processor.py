"""Processes one event exactly once: record it, load state under a lock, route, save, commit."""

from __future__ import annotations

import copy
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.context import Context, Services
from bot.core.hotpath import IdentityCache, load_identity, lock_conversation, record_event, writer_gate
from bot.core.locks import KeyedLocks
from bot.core.messages import Incoming, Outcome, Reply
from bot.core.router import Router
from bot.core.state import State, load_state, save_state
from bot.i18n import translator
from storage.models import Identity

log = logging.getLogger(__name__)


class Processor:
    """The one door into the core for every adapter."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], router: Router, services: Services) -> None:
        self.sessions = sessions
        self.router = router
        self.services = services
        self._locks = KeyedLocks()
        self._known = IdentityCache()
        self._gate = writer_gate(sessions)

    async def process(self, msg: Incoming) -> Outcome:
        """Raises when the store is unreachable, so the adapter answers non-2xx and the platform retries."""
        async with self._locks.hold(msg.key):
            try:
                return await self._process(msg)
            except _HandlerFailed:
                log.exception("handler failed on %s event %s", msg.platform, msg.event_id)
                return await self._record_failure(msg)

    async def _process(self, msg: Incoming) -> Outcome:
        async with self._gate, self.sessions() as session, session.begin():
            await lock_conversation(session, msg.key)
            if not await record_event(session, msg):
                return Outcome(duplicate=True)
            identity = await load_identity(session, msg, self._known)
            before = await load_state(session, msg.key)
            state = State(flow=before.flow, data=copy.deepcopy(before.data))  # handlers may mutate nested data
            ctx = Context(
                session=session,
                state=state,
                services=self.services,
                identity=identity,
                now=self.services.clock(),
                t=translator(_language(identity)),
            )
            try:
                replies = await self.router.route(msg, ctx)
                await session.flush()
            except Exception as exc:  # a bug in a handler must not make the platform retry forever
                raise _HandlerFailed from exc
            await save_state(session, msg.key, before, state)
        return Outcome(replies=replies)

    async def _record_failure(self, msg: Incoming) -> Outcome:
        async with self._gate, self.sessions() as session, session.begin():
            if not await record_event(session, msg):
                return Outcome(duplicate=True)
            identity = await load_identity(session, msg, self._known)
        return Outcome(replies=[Reply(text=translator(_language(identity))("error.internal"))])


class _HandlerFailed(Exception):
    pass


def _language(identity: Identity | None) -> str | None:
    if identity is None:
        return None
    if identity.person is not None and identity.person.language:
        return identity.person.language
    return identity.language
