"""The LINE reply call as one POST of ready JSON, for the webhook's hot path.

Through line-bot-sdk a reply builds pydantic models for the request (ReplyMessageRequest, every message and quick
reply item), serialises them, and parses LINE's answer into models again: about a third of a LINE event's CPU. The
request here is the same JSON (bot/adapters/line_convert.render_json) on one keep-alive pool
(bot/adapters/http_post.py); the SDK stays for everything else (push, multicast, profiles, content, quota).
"""

from __future__ import annotations

from bot.adapters.http_post import PostFailed, PostPool
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
    """POST {host}/v2/bot/message/reply with the channel access token; used and closed inside the event loop."""

    def __init__(self, host: str, access_token: str | None) -> None:
        self._host = host
        self._headers = {
            "Authorization": f"Bearer {access_token or ''}",
            "Content-Type": "application/json",
            "User-Agent": "sandboxbot",
        }
        self._pool: PostPool | None = None

    async def reply(self, reply_token: str, messages: list[dict[str, object]]) -> None:
        """Send up to five messages with the reply token; raises ReplyFailed when LINE does not take them."""
        if self._pool is None:
            self._pool = PostPool(self._host, self._headers, size=POOL_SIZE, timeout_s=TIMEOUT_S)
        body = dumps({"replyToken": reply_token, "messages": messages, "notificationDisabled": False})
        try:
            status, _ = await self._pool.post(REPLY_PATH, body.encode())
        except PostFailed as exc:
            raise ReplyFailed(0) from exc
        if not 200 <= status < 300:
            raise ReplyFailed(status)

    async def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        self._pool = None
