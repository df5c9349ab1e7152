"""The LINE reply call as one aiohttp POST of ready JSON, for the webhook's hot path.

Through line-bot-sdk a reply builds pydantic models for the request (ReplyMessageRequest, every message and quick
reply item), serialises them, and parses LINE's answer into models again: about a third of a LINE event's CPU. The
request here is the same JSON (bot/adapters/line_convert.render_json) on one shared connection pool; the SDK stays for
everything else (push, multicast, profiles, content, quota).
"""

from __future__ import annotations

import aiohttp

from bot.fastjson import dumps

REPLY_PATH = "/v2/bot/message/reply"
TIMEOUT_S = 10.0
POOL_SIZE = 100


class ReplyFailed(Exception):
    """LINE refused the reply (`status`: its HTTP status) or could not be reached (`status` 0)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class LineReplier:
    """POST {host}/v2/bot/message/reply with the channel access token; created and closed inside the event loop."""

    def __init__(self, host: str, access_token: str | None) -> None:
        self._url = host.rstrip("/") + REPLY_PATH
        self._headers = {"Authorization": f"Bearer {access_token or ''}", "Content-Type": "application/json"}
        self._session: aiohttp.ClientSession | None = None

    async def reply(self, reply_token: str, messages: list[dict[str, object]]) -> None:
        """Send up to five messages with the reply token; raises ReplyFailed when LINE does not take them."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=POOL_SIZE, ttl_dns_cache=300)
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
            self._session = aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False)
        body = dumps({"replyToken": reply_token, "messages": messages, "notificationDisabled": False})
        try:
            async with self._session.post(self._url, data=body.encode(), headers=self._headers) as response:
                await response.read()
                if not 200 <= response.status < 300:
                    raise ReplyFailed(response.status)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ReplyFailed(0) from exc

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
