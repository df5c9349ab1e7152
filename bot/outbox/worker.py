"""The outbox worker: claim due rows, send them within the platforms' limits, retry what may succeed later.

Retries use tenacity: a 429 waits the platform's retry_after, 5xx and timeouts back off exponentially, other 4xx
fail at once. A row still failing after `RetryPolicy.attempts` tries goes back to pending for `requeue_after`; after
`max_claims` claims it is marked failed with its reason. A worker killed mid-batch leaves its rows "sending"; once
their lease runs out another worker (or the restarted one) claims them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from bot.metrics import SEND_FAILURES
from bot.outbox.errors import AlreadyDelivered, Permanent, Retryable
from bot.outbox.exclusive import PlatformLeases
from bot.outbox.senders import Delivery, Sender
from storage.repositories.outbox import FAILED, PENDING, SENT, claim, set_batch, settle

log = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5  # tries per claim
    base_wait: float = 0.5  # seconds; doubles per try
    max_wait: float = 30.0
    requeue_after: timedelta = timedelta(minutes=1)
    max_claims: int = 5
    lease: timedelta = timedelta(minutes=2)

    def wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, Retryable) and error.after is not None:
            return min(error.after, self.max_wait) + 0.05
        return min(self.base_wait * 2 ** (state.attempt_number - 1), self.max_wait)


class OutboxWorker:
    """Sends the outbox through the given senders; `ticks` (e.g. the reminder planner) run every `tick_seconds`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: Sequence[Sender],
        clock: Callable[[], datetime],
        policy: RetryPolicy | None = None,
        poll_seconds: float = 1.0,
        ticks: Sequence[Tick] = (),
        tick_seconds: float = 30.0,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.sessions = sessions
        self.senders = list(senders)
        self.clock = clock
        self.policy = policy or RetryPolicy()
        self.poll_seconds = poll_seconds
        self.ticks = list(ticks)
        self.tick_seconds = tick_seconds
        self.leases = PlatformLeases(engine)

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set: run the ticks when due, send what is due, sleep when there is nothing to do."""
        loop = asyncio.get_running_loop()
        next_tick = 0.0
        while not stop.is_set():
            if self.ticks and loop.time() >= next_tick:
                await self.run_ticks()
                next_tick = loop.time() + self.tick_seconds
            try:
                handled = await self.run_once()
            except Exception:
                log.exception("outbox pass failed; retrying shortly")
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.poll_seconds)

    async def run_ticks(self) -> None:
        for tick in self.ticks:
            try:
                await tick()
            except Exception:
                log.exception("scheduled job failed")

    async def drain(self, max_passes: int = 100) -> int:
        """Send until nothing is due (tests and one-shot runs); returns the rows handled. A one-shot run gives its
        platform locks back when done, so the next run (or another worker) can send."""
        total = 0
        try:
            for _ in range(max_passes):
                handled = await self.run_once()
                if handled == 0:
                    break
                total += handled
        finally:
            await self.leases.release()
        return total

    async def close(self) -> None:
        """Let another worker take over the platforms this one held (bot/outbox/exclusive.py)."""
        await self.leases.release()

    async def run_once(self) -> int:
        """One claim per platform, delivered; returns the number of rows handled. Cancelled (a worker stopped
        mid-batch), it gives up its platform locks; its claimed rows come back when their lease runs out."""
        try:
            return await self._run_once()
        except asyncio.CancelledError:
            await self.leases.release()
            raise

    async def _run_once(self) -> int:
        handled = 0
        for sender in self.senders:
            if not await self.leases.may_send(sender.platform):
                continue
            claimed_at = self.clock()
            async with self.sessions() as session, session.begin():
                rows = await claim(session, sender.platform, claimed_at, sender.claim_limit, self.policy.lease)
                claims = {row.id: row.attempts for row in rows}
                deliveries = sender.deliveries(rows)
                for delivery in deliveries:
                    if delivery.new_batch_key:
                        await set_batch(session, delivery.ids, delivery.retry_key)
            if not deliveries:
                continue
            await self._send_all(sender, deliveries, claims, claimed_at)
            handled += len(rows)
        return handled

    async def _send_all(
        self, sender: Sender, deliveries: list[Delivery], claims: dict[int, int], claimed_at: datetime
    ) -> None:
        gate = asyncio.Semaphore(sender.concurrency)

        async def deliver(delivery: Delivery) -> tuple[str, int]:
            async with gate:
                status = await self._deliver(sender, delivery, claimed_at, max(claims[i] for i in delivery.ids))
                return status, len(delivery.ids)

        outcomes = await asyncio.gather(*(deliver(d) for d in deliveries))
        tally = {status: sum(n for s, n in outcomes if s == status) for status in (SENT, PENDING, FAILED)}
        log.info(
            "outbox %s: %d sent in %d call(s), %d to retry, %d failed",
            sender.platform, tally[SENT], sum(1 for s, _ in outcomes if s == SENT), tally[PENDING], tally[FAILED],
        )  # fmt: skip

    async def _deliver(self, sender: Sender, delivery: Delivery, claimed_at: datetime, claims: int) -> str:
        status, error, retry_at = SENT, None, None
        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(Retryable),
                wait=self.policy.wait,
                stop=stop_after_attempt(self.policy.attempts),
                reraise=True,
            ):
                with attempt:
                    await sender.send(delivery)
        except AlreadyDelivered:
            pass
        except Permanent as exc:
            status, error = FAILED, str(exc)
        except Retryable as exc:
            error = str(exc)
            if claims >= self.policy.max_claims:
                status = FAILED
            else:
                status, retry_at = PENDING, self.clock() + self.policy.requeue_after
        except Exception as exc:  # a bug in rendering: record it, never loop on it
            log.exception("outbox rows %s could not be sent", delivery.ids)
            status, error = FAILED, f"internal {type(exc).__name__}"
        if status != SENT:
            SEND_FAILURES.labels(sender.platform).inc()
            log.warning("outbox rows %s: %s (%s)", delivery.ids, status, error)
        async with self.sessions() as session, session.begin():
            await settle(session, delivery.ids, claimed_at, status, self.clock(), error, retry_at)
        return status
