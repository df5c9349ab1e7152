"""Processes one event exactly once: record it, load state under a lock, route, save, commit."""

from __future__ import annotations

import copy
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.core.context import Context, Services
from bot.core.locks import KeyedLocks
from bot.core.messages import Incoming, Outcome, Reply
from bot.core.router import Router, remember_choices
from bot.core.state import State, load_state, save_state
from bot.i18n import translator
from storage.models import Identity, ProcessedEvent
from storage.upsert import insert_ignore

log = logging.getLogger(__name__)


class Processor:
    """The one door into the core for every adapter."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], router: Router, services: Services) -> None:
        self.sessions = sessions
        self.router = router
        self.services = services
        self._locks = KeyedLocks()

    async def process(self, msg: Incoming) -> Outcome:
        """Raises when the store is unreachable, so the adapter answers non-2xx and the platform retries."""
        async with self._locks.hold(msg.key):
            try:
                return await self._process(msg)
            except _HandlerFailed:
                log.exception("handler failed on %s event %s", msg.platform, msg.event_id)
                return await self._record_failure(msg)

    async def _process(self, msg: Incoming) -> Outcome:
        async with self.sessions() as session, session.begin():
            if not await _record_event(session, msg):
                return Outcome(duplicate=True)
            identity = await _identity(session, msg)
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
                remember_choices(ctx, replies)
                await session.flush()
            except Exception as exc:  # a bug in a handler must not make the platform retry forever
                raise _HandlerFailed from exc
            await save_state(session, msg.key, before, state)
        return Outcome(replies=replies)

    async def _record_failure(self, msg: Incoming) -> Outcome:
        async with self.sessions() as session, session.begin():
            if not await _record_event(session, msg):
                return Outcome(duplicate=True)
            identity = await _identity(session, msg)
        return Outcome(replies=[Reply(text=translator(_language(identity))("error.internal"))])


class _HandlerFailed(Exception):
    pass


async def _record_event(session: AsyncSession, msg: Incoming) -> bool:
    return await insert_ignore(
        session,
        ProcessedEvent,
        platform=msg.platform.value,
        event_id=msg.event_id,
        kind=msg.raw_type or msg.kind.value,
    )


async def _identity(session: AsyncSession, msg: Incoming) -> Identity | None:
    if not msg.user_id:
        return None
    await insert_ignore(
        session, Identity, platform=msg.platform.value, user_id=msg.user_id, display_name=msg.display_name
    )
    return (
        await session.execute(
            select(Identity)
            .where(Identity.platform == msg.platform.value, Identity.user_id == msg.user_id)
            .options(selectinload(Identity.person))
        )
    ).scalar_one()


def _language(identity: Identity | None) -> str | None:
    if identity is None:
        return None
    if identity.person is not None and identity.person.language:
        return identity.person.language
    return identity.language
