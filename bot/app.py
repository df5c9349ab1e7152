"""The composition root: settings in, a running bot out. Tests build their own App the same way."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from aiohttp import web

from bot import operations
from bot.admin.downloads import DownloadRoute
from bot.admin.signing import LinkSigner
from bot.clock import clock_from, utc_now
from bot.core.context import Services
from bot.core.processor import Processor
from bot.database import prepare_database
from bot.knowledge.service import build_knowledge
from bot.logs import protect_logs
from bot.outbox.senders import Sender
from bot.outbox.worker import OutboxWorker, Tick
from bot.reminders.calendar import WorkingCalendar
from bot.reminders.planner import Rules
from bot.reminders.policy import Policy
from bot.reminders.service import ReminderService
from bot.settings import Settings
from bot.thai.intents import IntentRecognizer
from handlers.routes import build_router
from storage.engine import create_engine, database_reachable, session_factory
from storage.reference.data import reference

if TYPE_CHECKING:
    from linebot.v3.messaging import AsyncApiClient

    from bot.adapters.line import LineAdapter
    from bot.adapters.line_reply import LineReplier
    from bot.adapters.telegram import TelegramAdapter

log = logging.getLogger(__name__)

#: What each platform needs beyond the core: its SDK, adapter and outbox sender (LINE's SDK alone takes ~1 s to
#: import). Only the platforms that have credentials are loaded.
PLATFORM_MODULES = {
    "telegram": ("bot.adapters.ptb_aiohttp", "bot.adapters.telegram", "bot.outbox.telegram_sender"),
    "line": ("linebot.v3.messaging", "bot.adapters.line", "bot.outbox.line_sender"),
}


def load_platform(platform: str) -> None:
    """Import one platform's modules: call it off the event loop, before `App.connect(platform)`."""
    for module in PLATFORM_MODULES[platform]:
        importlib.import_module(module)


class App:
    """Owns the engine, the core and the platform adapters; `start` and `close` bracket their life."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] | None = None) -> None:
        settings.check()
        if clock is None:
            clock = utc_now if settings.clock_start is None else clock_from(settings.clock_start)
        protect_logs(
            (
                settings.telegram_token,
                settings.telegram_webhook_secret,
                settings.line_channel_secret,
                settings.line_access_token,
            )
        )
        self.settings = settings
        self.engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            sqlite_synchronous=settings.sqlite_synchronous,
        )
        self.sessions = session_factory(self.engine)
        self.reference = reference()
        self.services = Services(
            reference=self.reference,
            recognizer=IntentRecognizer(self.reference),
            clock=clock,
            tz=ZoneInfo(settings.timezone),
            knowledge=build_knowledge(self.reference),
            settings=settings,
        )
        self.services.links = LinkSigner(
            settings.signing_secret(), settings.public_url, settings.link_ttl_minutes * 60, clock
        )
        self.services.reminder_rules = self.reminder_rules()
        self.processor = Processor(self.sessions, build_router(), self.services)
        self.telegram: TelegramAdapter | None = None
        self.line: LineAdapter | None = None
        self._line_client: AsyncApiClient | None = None
        self._line_replier: LineReplier | None = None
        self.worker_ticks: list[Tick] = []  # periodic jobs the outbox worker runs (the reminder planner)
        self._workers: list[OutboxWorker] = []

    async def start(self, connect_platforms: bool = True) -> None:
        """Prepare the store, then connect the platforms that have credentials (inside the running loop)."""
        await prepare_database(self.engine, self.sessions, self.reference, auto_upgrade=self.settings.is_sqlite)
        if connect_platforms:
            for platform in self.settings.platforms():
                await self.connect(platform)

    async def connect(self, platform: str) -> None:
        """Build one configured platform's client and adapter; its webhook is served from then on."""
        if platform == "telegram":
            await self._connect_telegram()
        elif platform == "line":
            self._connect_line()
        else:
            raise ValueError(f"unknown platform {platform!r}")

    async def _connect_telegram(self) -> None:
        from telegram import Bot

        from bot.adapters.ptb_aiohttp import AiohttpRequest
        from bot.adapters.telegram import POLL_TIMEOUT_S, TelegramAdapter

        s = self.settings
        assert s.telegram_token is not None
        poll_read_timeout = POLL_TIMEOUT_S + 10  # a long poll's answer may take the whole poll timeout
        bot = Bot(
            s.telegram_token,
            base_url=f"{s.telegram_api_url}/bot",
            base_file_url=f"{s.telegram_api_url}/file/bot",
            request=AiohttpRequest(),
            get_updates_request=AiohttpRequest(pool_size=1, timeout=poll_read_timeout),
        )
        await bot.initialize()
        self.services.bot_names["telegram"] = bot.username
        self.telegram = TelegramAdapter(
            bot, self.processor, s.telegram_webhook_secret, reply_in_body=s.telegram_webhook_reply
        )
        self.services.platforms.group_admin["telegram"] = self.telegram.is_chat_admin
        self.services.platforms.downloads["telegram"] = self.telegram.download

    def _connect_line(self) -> None:
        from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, AsyncMessagingApiBlob, Configuration

        from bot.adapters.line import LineAdapter
        from bot.adapters.line_reply import LineReplier

        s = self.settings
        assert s.line_channel_secret is not None
        self._line_client = AsyncApiClient(Configuration(access_token=s.line_access_token, host=s.line_api_url))
        self._line_replier = LineReplier(s.line_api_url, s.line_access_token)
        self.line = LineAdapter(
            s.line_channel_secret, AsyncMessagingApi(self._line_client), self.processor, self._line_replier
        )
        blob = AsyncMessagingApiBlob(self._line_client)

        async def line_content(message_id: str) -> bytes:
            return bytes(await blob.get_message_content(message_id))

        self.services.platforms.downloads["line"] = line_content

    def outbox_worker(self) -> OutboxWorker:
        """The worker for the platforms that are connected, with the reminder planner as its periodic job."""
        s = self.settings
        senders: list[Sender] = []
        if self.telegram is not None:
            from bot.outbox.telegram_sender import TelegramSender

            senders.append(TelegramSender(self.telegram.bot, timeout=s.outbox_send_timeout_seconds))
        if self.line is not None:
            from bot.outbox.line_sender import LineSender

            senders.append(LineSender(self.line.api, timeout=s.outbox_send_timeout_seconds))
        reminders = ReminderService(
            self.sessions,
            self.reminder_rules(),
            self.services.clock,
            line_api=self.line.api if self.line is not None else None,
            line_quota_limit=s.line_monthly_quota,
            warn_percent=s.line_quota_warn_percent,
        )
        worker = OutboxWorker(
            self.sessions,
            senders,
            self.services.clock,
            poll_seconds=s.outbox_poll_seconds,
            ticks=[*self.worker_ticks, reminders.tick],
            tick_seconds=s.reminder_scan_seconds,
            engine=self.engine,
        )
        self._workers.append(worker)
        return worker

    def reminder_rules(self) -> Rules:
        """The reminder policy and calendar from settings, for the platforms that have credentials."""
        s = self.settings
        return Rules(
            reference=self.reference,
            calendar=WorkingCalendar.from_settings(self.services.tz, s.quiet_hours, s.reminder_send_at),
            policy=Policy.from_settings(s.reminder_offsets, s.reminder_escalate_after),
            platforms=tuple(s.platforms()),
        )

    async def close(self) -> None:
        for worker in self._workers:
            await worker.close()
        if self.telegram is not None:
            await self.telegram.bot.shutdown()
        if self._line_client is not None:
            await self._line_client.close()
        if self._line_replier is not None:
            await self._line_replier.close()
        await self.processor.close()
        await self.engine.dispose()

    def web_app(self) -> web.Application:
        """The aiohttp application: webhooks for the platforms that are on, /healthz, and the cockpit."""
        from bot.cockpit.web import setup as setup_cockpit

        app = web.Application(client_max_size=1024**2)
        app.router.add_get("/healthz", self.healthz)
        setup_cockpit(app, self)
        downloads = DownloadRoute(self.sessions, self.services).handle
        app.router.add_get("/files/{token}", downloads)
        app.router.add_get("/files/{token}/{name}", downloads)
        if self.telegram is not None:
            app.router.add_post("/webhook/telegram", self.telegram.webhook)
        if self.line is not None:
            app.router.add_post("/webhook/line", self.line.webhook)
        operations.install(app, lambda: self)  # /livez, /readyz, /metrics and the request metrics (issue 12)
        return app

    async def healthz(self, request: web.Request) -> web.Response:
        reachable = await database_reachable(self.engine)
        body = {
            "status": "ok" if reachable else "degraded",
            "database": reachable,
            "platforms": [p for p, a in (("telegram", self.telegram), ("line", self.line)) if a is not None],
        }
        return web.json_response(body, status=200 if reachable else 503)
