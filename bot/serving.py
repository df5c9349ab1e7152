"""`sandboxbot serve`: bind the port at once, build the heavy parts in the background, then take webhooks.

Importing the SDKs, loading the Thai dictionary and building the intent recognizer take seconds. The port is bound
before any of that, so a platform delivering during a restart gets a quick 503 (and retries) rather than a refused
connection, and an orchestrator can tell "alive" (`/livez`, always 200) from "ready" (`/healthz`: 503 with status
`starting` until the bot can answer, then the store check).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from typing import TYPE_CHECKING

from aiohttp import web

from bot import operations
from bot.adapters.webhook import MAX_BODY
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5


class Server:
    """The web front: answers from the first moment, delegates to the App once it is built and started."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: App | None = None
        self.started = time.monotonic()
        self.ready_after: float | None = None

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/livez", self.livez)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_post("/webhook/{platform}", self.webhook)
        operations.install(app, lambda: self.app, livez=False)  # /readyz, /metrics, request metrics (issue 12)
        return app

    async def warm(self) -> App:
        """Import, build and start the App off the event loop's critical path; the port answers meanwhile."""
        module = await asyncio.to_thread(importlib.import_module, "bot.app")
        app: App = await asyncio.to_thread(module.App, self.settings)
        try:
            await app.start()
        except BaseException:
            await app.close()
            raise
        self.app = app
        self.ready_after = time.monotonic() - self.started
        log.info("ready %.1fs after start", self.ready_after)
        return app

    async def livez(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def healthz(self, request: web.Request) -> web.Response:
        if self.app is None:
            return _starting({"status": "starting", "database": None, "platforms": []})
        return await self.app.healthz(request)

    async def webhook(self, request: web.Request) -> web.Response:
        if self.app is None:
            return _starting({"error": "starting"})
        adapter = {"telegram": self.app.telegram, "line": self.app.line}.get(request.match_info["platform"])
        if adapter is None:
            raise web.HTTPNotFound()
        return await adapter.webhook(request)


def _starting(body: dict[str, object]) -> web.Response:
    return web.json_response(body, status=503, headers={"Retry-After": str(RETRY_AFTER_S)})


async def serve(
    settings: Settings, stop: asyncio.Event, telegram_polling: bool, worker: bool, reuse_port: bool = False
) -> int:
    """Serve until `stop` is set: webhooks, /healthz, /livez, optional long polling and the outbox worker."""
    server = Server(settings)
    runner = web.AppRunner(server.web_app())
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port, reuse_port=reuse_port or None).start()
    platforms = ", ".join(settings.platforms()) or "none (set credentials to turn Telegram or LINE on)"
    print(f"sandboxbot serving on http://{settings.host}:{settings.port} — platforms: {platforms}", flush=True)
    app: App | None = None
    try:
        app = await server.warm()
        if app.settings.clock_start is not None:
            log.warning(
                "SANDBOXBOT_CLOCK_START is set: the clock started at %s and runs on from there (demo/acceptance mode)",
                app.settings.clock_start.isoformat(),
            )
        tasks = []
        if telegram_polling and app.telegram is not None:
            tasks.append(asyncio.create_task(app.telegram.poll(stop)))
        outbox = asyncio.create_task(app.outbox_worker().run(stop)) if worker else None
        await stop.wait()
        for task in tasks:
            task.cancel()
        if outbox is not None:
            await outbox  # it finishes the batch in hand, then sees `stop`
    finally:
        await runner.cleanup()
        if app is not None:
            await app.close()
    return 0
