"""Prometheus metrics: webhook updates by platform and outcome, their latency, send failures, outbox depth.

Served at GET /metrics in the text format. With several processes (`serve --workers N`, or the worker next to
the server) set PROMETHEUS_MULTIPROC_DIR to an empty directory shared by them: prometheus-client then adds up every
process's counts (its documented multiprocess mode); otherwise each process reports its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

UPDATES = Counter(
    "sandboxbot_updates_total",
    "Webhook deliveries by platform and outcome (ok, rejected: 4xx, unavailable: 503, error: other 5xx)",
    ["platform", "outcome"],
)
LATENCY = Histogram(
    "sandboxbot_update_seconds",
    "Time from a webhook request's arrival to its answer",
    ["platform"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SEND_FAILURES = Counter(
    "sandboxbot_send_failures_total", "Answers and queued messages a platform refused or never took", ["platform"]
)
OUTBOX_DEPTH = Gauge(
    "sandboxbot_outbox_depth", "Outbox rows waiting to be sent (read from the store at scrape time)", ["status"],
    multiprocess_mode="max",
)  # fmt: skip
WEBHOOK_PREFIX = "/webhook/"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _outcome(status: int) -> str:
    if status < 400:
        return "ok"
    if status == 503:
        return "unavailable"
    return "rejected" if status < 500 else "error"


@web.middleware
async def count_updates(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count and time every webhook request; other paths pass through untouched."""
    if not request.path.startswith(WEBHOOK_PREFIX):
        return await handler(request)
    platform = request.path[len(WEBHOOK_PREFIX) :].strip("/") or "unknown"
    began = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        UPDATES.labels(platform, _outcome(status)).inc()
        LATENCY.labels(platform).observe(time.perf_counter() - began)


def render(depth: dict[str, int] | None = None) -> bytes:
    """The exposition text, across processes when PROMETHEUS_MULTIPROC_DIR is set."""
    for status, count in (depth or {}).items():
        OUTBOX_DEPTH.labels(status).set(count)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(DEFAULT_REGISTRY)


CONTENT_TYPE = CONTENT_TYPE_LATEST
