"""The keep-alive POST pool of the LINE reply (bot/adapters/http_post.py) against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

from bot.adapters.http_post import PostFailed, PostPool

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Server:
    """An aiohttp server that keeps what it was sent and from which client ports (one per connection)."""

    def __init__(self, handler: Handler, keepalive_s: float = 75.0, tls: ssl.SSLContext | None = None) -> None:
        self.handler, self.keepalive_s, self.tls = handler, keepalive_s, tls
        self.ports: set[int] = set()
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.origin = ""

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        self.ports.add(request.transport.get_extra_info("peername")[1])
        self.requests.append((dict(request.headers), await request.read()))
        return await self.handler(request)

    async def __aenter__(self) -> Server:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, keepalive_timeout=self.keepalive_s)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.tls)
        await site.start()
        self.origin = f"{'https' if self.tls else 'http'}://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    @property
    def connections(self) -> int:
        return len(self.ports)

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()


async def _ok(_request: web.Request) -> web.Response:
    return web.Response(body=b'{"sentMessages":[]}', content_type="application/json")


@pytest.fixture
async def ok_server() -> AsyncIterator[Server]:
    async with Server(_ok) as server:
        yield server


async def test_posts_one_after_another_share_one_connection_and_carry_the_headers_and_body(ok_server: Server) -> None:
    pool = PostPool(ok_server.origin, {"Authorization": "Bearer t", "Content-Type": "application/json"})
    body = '{"text":"กำหนดส่งรายงาน"}'.encode()
    for _ in range(5):
        assert await pool.post("/v2/bot/message/reply", body) == (200, b'{"sentMessages":[]}')
    assert ok_server.connections == 1
    headers, sent = ok_server.requests[-1]
    assert sent == body
    assert headers["Authorization"] == "Bearer t" and headers["Content-Type"] == "application/json"
    assert headers["Content-Length"] == str(len(body)) and headers["Host"] == ok_server.origin.split("//")[1]
    pool.close()


async def test_a_path_in_the_origin_prefixes_every_request() -> None:
    seen: list[str] = []

    async def path(request: web.Request) -> web.Response:
        seen.append(request.path)
        return web.Response(text="ok")

    async with Server(path) as server:
        pool = PostPool(server.origin + "/line/", {})
        assert (await pool.post("/v2/bot/message/reply", b"{}"))[0] == 200
        pool.close()
    assert seen == ["/line/v2/bot/message/reply"]


async def test_refusals_come_back_with_their_status_and_body() -> None:
    async def refuse(_request: web.Request) -> web.Response:
        return web.json_response({"message": "Invalid reply token"}, status=400)

    async with Server(refuse) as server:
        pool = PostPool(server.origin, {})
        status, body = await pool.post("/v2/bot/message/reply", b"{}")
        assert status == 400 and b"Invalid reply token" in body
        assert (await pool.post("/v2/bot/message/reply", b"{}"))[0] == 400
        assert server.connections == 1  # a refusal does not cost the connection
        pool.close()


async def test_a_chunked_answer_is_read_whole() -> None:
    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for part in (b'{"a":', b'"' + b"x" * 10_000 + b'"', b"}"):
            await response.write(part)
        await response.write_eof()
        return response

    async with Server(chunked) as server:
        pool = PostPool(server.origin, {})
        for _ in range(2):
            status, body = await pool.post("/", b"{}")
            assert status == 200 and body == b'{"a":"' + b"x" * 10_000 + b'"}'
        assert server.connections == 1
        pool.close()


async def test_an_answer_that_closes_the_connection_is_followed_by_a_new_one() -> None:
    async def close(_request: web.Request) -> web.Response:
        return web.Response(text="ok", headers={"Connection": "close"})

    async with Server(close) as server:
        pool = PostPool(server.origin, {})
        for _ in range(3):
            assert (await pool.post("/", b"{}"))[0] == 200
        assert server.connections == 3
        pool.close()


async def test_a_connection_the_server_closed_while_idle_is_not_used_again() -> None:
    async with Server(_ok, keepalive_s=0.05) as server:
        pool = PostPool(server.origin, {})
        assert (await pool.post("/", b"{}"))[0] == 200
        await asyncio.sleep(0.3)  # the server drops the idle connection
        assert (await pool.post("/", b"{}"))[0] == 200
        assert server.connections == 2
        pool.close()


async def test_connections_idle_longer_than_the_keepalive_are_replaced(ok_server: Server) -> None:
    pool = PostPool(ok_server.origin, {}, keepalive_s=0.05)
    assert (await pool.post("/", b"{}"))[0] == 200
    await asyncio.sleep(0.1)
    assert (await pool.post("/", b"{}"))[0] == 200
    assert ok_server.connections == 2
    pool.close()


async def test_no_more_connections_than_the_pool_size_at_once() -> None:
    in_flight, most = 0, 0

    async def slow(_request: web.Request) -> web.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        return web.Response(text="ok")

    async with Server(slow) as server:
        pool = PostPool(server.origin, {}, size=3)
        answers = await asyncio.gather(*(pool.post("/", b"{}") for _ in range(12)))
        assert [status for status, _ in answers] == [200] * 12
        assert most == 3 and server.connections == 3
        pool.close()


async def test_a_server_that_does_not_answer_times_out_and_the_next_post_works() -> None:
    hang = asyncio.Event()

    async def maybe_hang(_request: web.Request) -> web.Response:
        if not hang.is_set():
            hang.set()
            await asyncio.sleep(5)
        return web.Response(text="ok")

    async with Server(maybe_hang) as server:
        pool = PostPool(server.origin, {}, timeout_s=0.2)
        with pytest.raises(PostFailed, match="timed out"):
            await pool.post("/", b"{}")
        assert (await pool.post("/", b"{}"))[0] == 200
        pool.close()


async def test_a_cancelled_post_drops_its_connection_and_the_next_one_works() -> None:
    dropped: list[bool] = []  # per request: the client had closed the connection by the time the answer was ready

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.3)
        dropped.append(request.transport is None or request.transport.is_closing())
        return web.Response(text="late")

    async with Server(slow) as server:
        pool = PostPool(server.origin, {})
        task = asyncio.create_task(pool.post("/", b"{}"))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await pool.post("/", b"{}") == (200, b"late")
        assert server.connections == 2 and dropped == [True, False]
        pool.close()


async def test_nothing_listening_fails_cleanly() -> None:
    async with Server(_ok) as server:
        origin = server.origin
    pool = PostPool(origin, {}, timeout_s=2)
    with pytest.raises(PostFailed):
        await pool.post("/", b"{}")


async def _raw_server(answer: bytes) -> tuple[asyncio.Server, str]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(answer)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def test_a_kept_connection_dropped_as_the_request_goes_out_is_replaced_once() -> None:
    connections: list[int] = []  # requests read per connection

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(0)
        mine = len(connections) - 1
        while True:
            try:
                await reader.readuntil(b"\r\n\r\n")
                await reader.readexactly(2)
            except asyncio.IncompleteReadError:
                break
            connections[mine] += 1
            if mine == 0 and connections[mine] == 2:  # the first connection's second request: dropped unanswered
                break
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with server:
        pool = PostPool(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", {}, timeout_s=2)
        assert [await pool.post("/", b"{}") for _ in range(3)] == [(200, b"ok")] * 3
        pool.close()
    assert connections == [2, 2]


async def test_an_interim_answer_is_skipped_for_the_final_one() -> None:
    server, origin = await _raw_server(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone"
    )
    async with server:
        pool = PostPool(origin, {}, timeout_s=2)
        assert await pool.post("/", b"{}") == (201, b"done")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed before the whole answer"),
        (b"not http at all\r\n\r\n", "bad answer"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n" + b"x" * 2_000_000, "too long"),
    ],
)
async def test_a_broken_or_endless_answer_fails_the_post(answer: bytes, reason: str) -> None:
    server, origin = await _raw_server(answer)
    async with server:
        pool = PostPool(origin, {}, timeout_s=2)
        with pytest.raises(PostFailed, match=reason):
            await pool.post("/", b"{}")


@pytest.fixture
def certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and its key (files)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a certificate")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


async def test_https_checks_the_certificate_and_keeps_the_connection(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)
    async with Server(_ok, tls=served) as server:
        untrusted = PostPool(server.origin, {}, timeout_s=2)  # the system's store does not know this certificate
        with pytest.raises(PostFailed, match="CERTIFICATE_VERIFY_FAILED"):
            await untrusted.post("/", b"{}")
        pool = PostPool(server.origin, {}, tls=ssl.create_default_context(cafile=cert))
        for _ in range(3):
            assert await pool.post("/v2/bot/message/reply", "ตอบ".encode()) == (200, b'{"sentMessages":[]}')
        assert server.connections == 1 and server.requests[-1][1] == "ตอบ".encode()
        pool.close()


def test_only_http_origins_are_taken() -> None:
    with pytest.raises(ValueError, match="origin"):
        PostPool("ftp://example.org", {})
