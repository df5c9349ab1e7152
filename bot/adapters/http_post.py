"""Keep-alive HTTP/1.1 POSTs of ready bodies to one origin, on asyncio protocols with httptools' response parser.

Our own because no client library fits the hottest outbound call (the LINE reply, one per event): aiohttp's client
takes ~50 µs of CPU per POST at 32 in flight and ~87 µs one at a time, aiosonic 125-151 µs; this takes ~15 and ~29
(`python -m bench.http_post`). It only sends POST with a fixed set of headers to one scheme://host:port, reads
the whole answer (sized by Content-Length or chunked; an answer that only the closing of the connection ends is
taken as a failure: LINE and Telegram never send one) and keeps the connections that may be kept.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from urllib.parse import urlsplit

import httptools

MAX_BODY = 1 << 20  # an answer longer than this is not read to its end: the connection is dropped


class PostFailed(Exception):
    """The origin could not be reached, or the connection broke or timed out before the whole answer came."""


class PostTimedOut(PostFailed):
    """No whole answer within the time allowed."""


class _Connection(asyncio.Protocol):
    """One connection; `answer` is the future of the request in flight (status, body)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.answer: asyncio.Future[tuple[int, bytes]] | None = None
        self.idle_since = 0.0
        self._parser = httptools.HttpResponseParser(self)
        self._body: list[bytes] = []
        self._size = 0
        self._keep_alive = False
        self.answered = False  # a byte of the answer to the request in flight came

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.answer is None:  # nothing asked: an origin that talks out of turn is not trusted with the next one
            self.close()
            return
        self.answered = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(PostFailed(f"bad answer: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self._fail(PostFailed("connection closed before the whole answer"))

    # httptools callbacks
    def on_headers_complete(self) -> None:
        self._keep_alive = self._parser.should_keep_alive()  # read here: the parser resets once the message ends

    def on_body(self, body: bytes) -> None:
        self._size += len(body)
        if self._size > MAX_BODY:
            self._fail(PostFailed("answer too long"))
        else:
            self._body.append(body)

    def on_message_complete(self) -> None:
        if 100 <= self._parser.get_status_code() < 200:  # an interim answer (100 Continue): the real one follows
            self._body, self._size = [], 0
            return
        answer, self.answer = self.answer, None
        if answer is not None and not answer.done():
            answer.set_result((self._parser.get_status_code(), b"".join(self._body)))

    # ours
    @property
    def reusable(self) -> bool:
        return self.transport is not None and not self.transport.is_closing() and self._keep_alive

    def send(self, request: bytes, answer: asyncio.Future[tuple[int, bytes]]) -> None:
        assert self.transport is not None
        self.answer, self._body, self._size, self._keep_alive, self.answered = answer, [], 0, False, False
        self.transport.write(request)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()
            self.transport = None

    def _fail(self, exc: PostFailed) -> None:
        answer, self.answer = self.answer, None
        self.close()
        if answer is not None and not answer.done():
            answer.set_exception(exc)


class PostPool:
    """POSTs to `origin` + path, at most `size` connections at once, idle ones kept for `keepalive_s` seconds;
    https with `tls`, by default the system's trusted certificates."""

    def __init__(
        self,
        origin: str,
        headers: dict[str, str],
        size: int = 100,
        timeout_s: float = 10.0,
        keepalive_s: float = 15.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("origin must be http(s)://host[:port]")
        self._host = parts.hostname
        self._tls = parts.scheme == "https"
        self._port = parts.port or (443 if self._tls else 80)
        self._prefix = parts.path.rstrip("/")
        host_header = parts.netloc.rpartition("@")[2]
        self._headers = f"Host: {host_header}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self._slots = asyncio.Semaphore(size)
        self._timeout_s, self._keepalive_s = timeout_s, keepalive_s
        self._idle: list[_Connection] = []
        self._ssl = tls

    async def post(self, path: str, body: bytes, timeout_s: float | None = None) -> tuple[int, bytes]:
        """The status and body of the answer to POST `path` with `body`; raises PostFailed (PostTimedOut when the
        answer took longer than `timeout_s`, by default the pool's). A kept connection that closes before a byte of
        the answer came (the origin dropped it as the request went out) is replaced once, as browsers do."""
        request = f"POST {self._prefix}{path} HTTP/1.1\r\n{self._headers}Content-Length: {len(body)}\r\n\r\n".encode()
        async with self._slots:
            loop = asyncio.get_running_loop()
            connection: _Connection | None = None
            try:
                async with asyncio.timeout(timeout_s or self._timeout_s):
                    connection = self._take_idle()
                    if connection is not None:
                        try:
                            result = await self._exchange(loop, connection, request + body)
                        except PostFailed:
                            if connection.answered:
                                raise
                            connection = None
                    if connection is None:
                        connection = await self._connect(loop)
                        result = await self._exchange(loop, connection, request + body)
            except TimeoutError as exc:
                if connection is not None:
                    connection.close()
                raise PostTimedOut("timed out") from exc
            except OSError as exc:
                if connection is not None:
                    connection.close()
                raise PostFailed(str(exc)) from exc
            except BaseException:  # a failed answer, or cancelled: a late answer must not reach the next request
                if connection is not None:
                    connection.close()
                raise
            if connection.reusable:
                connection.idle_since = time.monotonic()
                self._idle.append(connection)
            else:
                connection.close()
            return result

    @staticmethod
    async def _exchange(loop: asyncio.AbstractEventLoop, connection: _Connection, request: bytes) -> tuple[int, bytes]:
        answer: asyncio.Future[tuple[int, bytes]] = loop.create_future()
        connection.send(request, answer)
        return await answer

    def close(self) -> None:
        """Drop every idle connection (those in flight end with their request)."""
        while self._idle:
            self._idle.pop().close()

    def _take_idle(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if connection.reusable and now - connection.idle_since < self._keepalive_s:
                return connection
            connection.close()
        return None

    async def _connect(self, loop: asyncio.AbstractEventLoop) -> _Connection:
        if self._tls and self._ssl is None:
            self._ssl = ssl.create_default_context()
        _, connection = await loop.create_connection(
            _Connection, self._host, self._port, ssl=self._ssl, server_hostname=self._host if self._tls else None
        )
        return connection
