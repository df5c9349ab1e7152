"""`sandboxbot serve`: bind the port at once, build the heavy parts in the background, then take webhooks.

Importing the SDKs, loading the Thai dictionary and building the intent recognizer take seconds. The port is bound
before any of that, so a platform delivering during a restart gets a quick 503 (and retries) rather than a refused
connection, and an orchestrator can tell "alive" (`/livez`, always 200) from "ready" (`/healthz`: 503 with status
`starting` until the bot can answer, then the store check). `python -m bench.startup` measures it.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from aiohttp import web

from bot import operations
from bot.adapters.webhook import MAX_BODY
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.thai.warmcache import Session

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
T = TypeVar("T")


class Server:
    """The web front: answers from the first moment, delegates to the App as its parts come up.

    Warm-up order: the core (store, understanding), then each configured platform, cheapest first (Telegram's SDK
    loads in ~0.3 s, LINE's in ~1.5 s). A platform's webhook is taken as soon as its adapter is connected; until
    then it gets 503 with Retry-After. `/healthz` says `starting` until every configured platform is connected.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: App | None = None  # the core, once built and its store prepared
        self.ready = False  # every configured platform connected
        self.started = time.monotonic()
        self.ready_after: float | None = None
        self._later: asyncio.Task[None] | None = None  # what is warmed after the webhooks open
        self._pages: web.Application | None = None  # the App's own web app: cockpit pages, file and report links
        self._save_warm: Session | None = None  # the warm-start cache of this start (bot/thai/warmcache.py)
        self._saving: asyncio.Task[bool] | None = None  # its file written for the next start, beside the warm-up

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/livez", self.livez)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_post("/webhook/{platform}", self.webhook)
        for path in PAGES:
            app.router.add_route("*", path, self.page)
        operations.install(app, lambda: self.app if self.ready else None, livez=False)  # /readyz, /metrics (issue 12)
        return app

    async def warm(self) -> App:
        """Import, build and start the App off the event loop's critical path; the port answers meanwhile."""
        self._step("warm-up begins")
        module = await _off_loop(importlib.import_module, "bot.app")
        self._step("bot.app imported")
        from bot.thai import warmcache  # after the port: not on its path

        warm = warmcache.Session(warmcache.cache_path(self.settings.database_url))
        await _off_loop(warm.start)  # what start-up tokenizes, read back from the last start (bot/thai/warmcache.py)
        try:
            app: App = await _off_loop(module.App, self.settings)
            if app.services.knowledge is not None:  # most messages consult the document index: build it before any
                await _off_loop(app.services.knowledge.warm)
            from bot import i18n  # imported with bot.app already

            await _off_loop(i18n.warm)  # the first reply would parse every .po file on the loop (~0.1 s per language)
        finally:
            warm.stop()  # nothing a person sends is recorded
        self._step("core built")
        self._save_warm = warm
        self._saving = asyncio.create_task(asyncio.to_thread(warm.save))  # for the next start; only when it changed
        try:
            await app.start(connect_platforms=False)
            self._step("store prepared")
            self.app = app
            for platform in sorted(self.settings.platforms(), key=PLATFORM_ORDER.index):
                await _off_loop(module.load_platform, platform)  # only the SDKs of configured platforms
                self._step(f"{platform} SDK imported")
                await app.connect(platform)
                log.info("%s webhook taken %.1fs after start", platform, time.monotonic() - self.started)
        except BaseException:
            self.app = None
            await app.close()
            raise
        gc.freeze()  # what start-up built lives as long as the process: no collection need scan it again
        self.ready = True
        self.ready_after = time.monotonic() - self.started
        log.info("ready %.1fs after start", self.ready_after)
        self._later = asyncio.create_task(self._warm_later(app))
        return app

    async def _warm_later(self, app: App) -> None:
        """After the webhooks: the App's pages (cockpit, signed links)."""
        pages = await asyncio.to_thread(app.web_app)
        pages.freeze()
        self._pages = pages

    def _step(self, what: str) -> None:
        log.debug("%s: %.2fs after start, %.2fs CPU", what, time.monotonic() - self.started, time.process_time())

    async def livez(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def healthz(self, request: web.Request) -> web.Response:
        if not self.ready:
            return _starting({"status": "starting", "database": None, "platforms": self._accepting()})
        assert self.app is not None
        return await self.app.healthz(request)

    async def webhook(self, request: web.Request) -> web.Response:
        platform = request.match_info["platform"]
        adapter = None if self.app is None else {"telegram": self.app.telegram, "line": self.app.line}.get(platform)
        if adapter is not None:
            return await adapter.webhook(request)
        if platform in self.settings.platforms():
            return _starting({"error": "starting"})
        raise web.HTTPNotFound()

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The cockpit and the signed file and report links, served by the App's web app once it is built (it was
        not when this server started, so its routes could not be added here): 503 until then."""
        if self._pages is None:
            return _starting({"error": "starting"})
        # aiohttp's own dispatch (routing, the app's middlewares) on a fresh request object: this one has cached the
        # match of this server's route
        return await self._pages._handle(request.clone())

    def _accepting(self) -> list[str]:
        app = self.app
        return [p for p, a in (("telegram", app.telegram), ("line", app.line)) if a is not None] if app else []


PLATFORM_ORDER = ("telegram", "line")  # cheapest SDK first
PAGES = ("/cockpit{tail:.*}", "/report/{tail:.*}", "/files/{tail:.*}")  # served by the App's web app (App.web_app)


async def _off_loop(function: Callable[..., T], *args: object) -> T:
    """Run a start-up step in a thread with the cyclic garbage collector paused: what start-up allocates lives as
    long as the process, so collecting meanwhile is wasted work (~15% of start-up)."""
    gc.disable()
    try:
        return await asyncio.to_thread(function, *args)
    finally:
        gc.enable()


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
        if server._later is not None:
            server._later.cancel()
        await runner.cleanup()
        if app is not None:
            await app.close()
    return 0
