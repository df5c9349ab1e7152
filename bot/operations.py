"""What operators and orchestrators call: /livez, /readyz, /metrics, and the request metrics middleware.

/livez answers 200 while the process serves requests at all (restart it when this fails); /readyz answers 200 only
when the store answers too (take it out of the load balancer when this fails, do not restart it: a database outage
is not cured by restarting the bot). /healthz stays as it was, for existing monitors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy import func, select

from bot import metrics
from storage.engine import database_reachable
from storage.models import OutboxMessage

if TYPE_CHECKING:
    from bot.app import App


def install(web_app: web.Application, app: App) -> None:
    web_app.middlewares.append(metrics.count_updates)

    async def livez(_request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_request: web.Request) -> web.Response:
        ready = await database_reachable(app.engine)
        return web.json_response(
            {"status": "ready" if ready else "not ready", "database": ready}, status=200 if ready else 503
        )

    async def metrics_endpoint(_request: web.Request) -> web.Response:
        depth = await outbox_depth(app)
        response = web.Response(body=metrics.render(depth))
        response.content_type = "text/plain"
        response.headers["Content-Type"] = metrics.CONTENT_TYPE
        return response

    web_app.router.add_get("/livez", livez)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics_endpoint)


async def outbox_depth(app: App) -> dict[str, int]:
    """Unsent outbox rows by status; empty when the store cannot be read (the scrape still answers)."""
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
