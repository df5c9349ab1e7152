"""Load generators for the webhook benchmark: closed loop (saturation) and open loop (fixed offered rate).

Open-loop latency is measured from each request's *scheduled* send time, not from when it actually left, so a
server that falls behind is charged for the queue it causes (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Send = Callable[[], Awaitable[bool]]  # one request; True when answered 2xx
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Result:
    """What one load run measured; latencies in seconds."""

    mode: str
    offered: float | None  # requests/s offered (None: closed loop)
    seconds: float
    ok: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the server's CPU time during the run (closed loop only)
    rep: int = 0  # which repetition of the benchmark (closed loop only)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _timed(send: Send, start: float, result: Result) -> None:
    try:
        ok = await asyncio.wait_for(send(), REQUEST_TIMEOUT_S)
    except Exception:
        ok = False
    if ok:
        result.ok += 1
        result.latencies.append(time.perf_counter() - start)
    else:
        result.failed += 1


async def closed_loop(send: Send, seconds: float, concurrency: int) -> Result:
    """`concurrency` clients, each sending its next request as soon as the last one is answered."""
    result = Result("closed", None, seconds)
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while (now := time.perf_counter()) < deadline:
            await _timed(send, now, result)

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - began
    return result


async def open_loop(send: Send, rate: float, seconds: float) -> Result:
    """Requests scheduled at a fixed rate whatever the answers do; latency counts from the schedule."""
    result = Result("open", rate, seconds)
    total = max(1, int(rate * seconds))
    began = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for i in range(total):
        scheduled = began + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_timed(send, scheduled, result)))
    await asyncio.gather(*tasks)
    result.seconds = max(seconds, time.perf_counter() - began)
    return result
