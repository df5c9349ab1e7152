"""python-telegram-bot's transport on aiohttp: one shared connection pool for every Bot API call.

PTB's default transport for a bare `Bot` is httpx with a pool of ONE connection, so concurrent answers queue
behind each other (and time out under load); httpx also costs more CPU per request than aiohttp, which the web
server already runs on. PTB documents `BaseRequest` as the place to plug another HTTP client in. A body that is
ready (`ReadyJson`: sendMessage without PTB's objects, telegram_send.py) goes as is through the keep-alive POST
pool of the LINE reply (http_post.py), at a quarter of aiohttp's CPU per request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.adapters.http_post import PostFailed, PostPool, PostTimedOut

POOL_SIZE = 100  # concurrent Bot API connections; Telegram itself allows far more
DEFAULT_TIMEOUT_S = 10.0
MEDIA_WRITE_TIMEOUT_S = 30.0


class ReadyJson(RequestData):
    """A Bot API call's parameters already encoded as one JSON body (bot/adapters/telegram_send.py)."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    @property
    def json_payload(self) -> bytes:
        return self.body


class AiohttpRequest(BaseRequest):
    """A BaseRequest sending through one aiohttp ClientSession (created in `initialize`, inside the loop)."""

    def __init__(self, pool_size: int = POOL_SIZE, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self._pool_size = pool_size
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._pools: dict[str, PostPool] = {}  # ready JSON bodies, by origin (one: the Bot API server)
        self._headers = {"User-Agent": self.USER_AGENT}
        self._json_headers = {"User-Agent": self.USER_AGENT, "Content-Type": "application/json"}

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False)

    async def shutdown(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        total = _seconds(read_timeout, self._timeout) + _seconds(write_timeout, self._timeout)
        if isinstance(request_data, ReadyJson):  # only ever posted (BaseRequest.post)
            return await self._post_ready(url, request_data.body, total)
        files = request_data.multipart_data if request_data else None
        params = request_data.json_parameters if request_data else None
        body = _body(params, files)
        if files:
            total += MEDIA_WRITE_TIMEOUT_S
        timeout = aiohttp.ClientTimeout(
            total=total, connect=_seconds(connect_timeout, self._timeout), sock_connect=None
        )
        try:
            async with self._session.request(
                method, url, data=body, headers=self._headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err

    async def _post_ready(self, url: str, body: bytes, timeout_s: float) -> tuple[int, bytes]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        pool = self._pools.get(origin)
        if pool is None:
            pool = self._pools[origin] = PostPool(origin, self._json_headers, size=self._pool_size)
        try:
            return await pool.post(parts.path + (f"?{parts.query}" if parts.query else ""), body, timeout_s)
        except PostTimedOut as err:
            raise TimedOut from err
        except PostFailed as err:
            raise NetworkError(f"post failed: {err}") from err


def _seconds(value: Any, default: float) -> float:
    return float(value) if isinstance(value, int | float) else default


def _body(params: dict[str, str] | None, files: dict[str, Any] | None) -> Any:
    """Form fields as PTB's httpx transport sends them: urlencoded, or multipart when there are files."""
    if not files:
        return params or None
    form = aiohttp.FormData(quote_fields=False)  # file names go as UTF-8, as httpx sends them (Thai names readable)
    for name, value in (params or {}).items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        data = content.read() if hasattr(content, "read") else content
        form.add_field(name, data, filename=filename or name, content_type=mime_type)
    return form
