"""What operators and orchestrators call: /livez, /readyz, /metrics, and the request metrics middleware.

/livez answers 200 while the process serves requests at all (restart it when this fails); /readyz answers 200 only
when the store answers too (take it out of the load balancer when this fails, do not restart it: a database outage
is not cured by restarting the bot). /healthz stays as it was, for existing monitors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aiohttp import web

from bot import metrics

if TYPE_CHECKING:
    from bot.app import App


def install(web_app: web.Application, current: Callable[[], App | None], livez: bool = True) -> None:
    """`current` gives the App once it is built (None while the server warms up)."""
    web_app.middlewares.append(metrics.count_updates)

    async def alive(_request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_request: web.Request) -> web.Response:
        app = current()
        ready = app is not None and await _reachable(app)
        return web.json_response(
            {"status": "ready" if ready else "not ready", "database": ready}, status=200 if ready else 503
        )

    async def metrics_endpoint(_request: web.Request) -> web.Response:
        app = current()
        depth = await outbox_depth(app) if app is not None else {}
        response = web.Response(body=metrics.render(depth))
        response.content_type = "text/plain"
        response.headers["Content-Type"] = metrics.CONTENT_TYPE
        return response

    if livez:
        web_app.router.add_get("/livez", alive)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics_endpoint)


async def outbox_depth(app: App) -> dict[str, int]:
    """Unsent outbox rows by status; empty when the store cannot be read (the scrape still answers)."""
    from sqlalchemy import func, select  # the store's modules load with the App, after the port is open

    from storage.models import OutboxMessage

    try:
        async with app.sessions() as session:
            rows = await session.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.status.not_in(("sent", "failed")))
                .group_by(OutboxMessage.status)
            )
            depth = {"pending": 0}
            depth.update({status: count for status, count in rows.all()})
            return depth
    except Exception:
        return {}


async def _reachable(app: App) -> bool:
    from storage.engine import database_reachable

    return await database_reachable(app.engine)
