"""Fake LINE Messaging API server on 127.0.0.1; the real line-bot-sdk v3 talks to it in tests.

Point `linebot.v3.messaging.Configuration(host=api.root)` at it: `host` redirects every endpoint,
including the api-data.line.me ones (message content).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aiohttp import web

from .builders import LINE_BOT_USER_ID
from .telegram_api import FakeServer

DEFAULT_DISPLAY_NAME = "ผู้ใช้ทดสอบ"
_USER_ID = re.compile(r"U[0-9a-f]{32}")
_GROUP_ID = re.compile(r"C[0-9a-f]{32}")
_QUOTABLE = {"text", "textV2", "sticker", "image", "video"}
_WITH_ALT_TEXT = {"flex", "template", "imagemap"}
# Starts like a JPEG (SOI + JFIF APP0) and ends with EOI; enough for code that sniffs or stores bytes.
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64) + b"\xff\xd9"
_MESSAGES: dict[int, str] = {
    400: "The request body has 1 error(s)",
    401: "Authentication failed. Confirm that the access token in the authorization header is valid.",
    403: "Access to this API is not available for your account",
    404: "Not found",
    429: "Too Many Requests",
    500: "Internal Server Error",
}

REQUEST_ID = web.RequestKey("request_id", str)
Handler = Callable[[web.Request, Any], web.Response]


class _Rejected(Exception):
    """Carries the error response; raised by checks so endpoints read top to bottom."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


@dataclass(frozen=True, slots=True)
class Call:
    """One request: HTTP method, path, headers (names lower-cased), JSON body; `status` answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    status: int = 200


class FakeLineApi(FakeServer):
    """Messaging API fake: validates like LINE, records every call, answers with SDK-compatible JSON.

    `access_token=None` accepts any bearer token. `profiles[user_id]` overrides profile fields
    (None = not a friend: 404); well-formed user ids not listed get a default Thai profile.
    """

    def __init__(self, access_token: str | None = None) -> None:
        super().__init__()
        self.access_token = access_token
        self.calls: list[Call] = []
        self.profiles: dict[str, dict[str, Any] | None] = {}
        self.contents: dict[str, tuple[bytes, str]] = {}
        self.quota_limit: int | None = None
        self.used_before = 0  # messages this month's quota had spent before the test began
        self.bot_info: dict[str, Any] = {
            "userId": LINE_BOT_USER_ID,
            "basicId": "@123sandbx",
            "displayName": "Sandbox Bot",
            "pictureUrl": "https://profile.line-scdn.net/0hSandboxBot",
            "chatMode": "bot",
            "markAsReadMode": "auto",
        }
        self._reply_tokens: dict[str, bool] = {}  # issued token -> used
        self._retry_keys: dict[str, tuple[str, dict[str, Any]]] = {}  # key -> request id, answer
        self._failures: list[list[Any]] = []  # [path suffix, status, message, times left]
        self._delays: list[list[Any]] = []  # [path suffix, seconds, times left]: answered late, after delivering
        self._last_message_id = 500_000_000_000_000_000

    def _setup(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("POST", "/v2/bot/message/reply", self._reply),
            ("POST", "/v2/bot/message/push", self._push),
            ("POST", "/v2/bot/message/multicast", self._multicast),
            ("GET", "/v2/bot/message/quota", self._quota),
            ("GET", "/v2/bot/message/quota/consumption", self._consumption),
            ("GET", "/v2/bot/message/{message_id}/content", self._content),
            ("GET", "/v2/bot/profile/{user_id}", self._profile),
            ("GET", "/v2/bot/group/{group_id}/member/{user_id}", self._group_member),
            ("GET", "/v2/bot/info", lambda _request, _body: _json(200, self.bot_info)),
            ("POST", "/v2/bot/chat/loading/start", self._loading),
            ("*", "/{tail:.*}", lambda _request, _body: _json(404, {"message": _MESSAGES[404]})),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, self._endpoint(handler))

    # --- test helpers -------------------------------------------------------------------------

    def issue_reply_token(self) -> str:
        """A reply token the reply endpoint accepts once (put it in a webhook event)."""
        token = secrets.token_hex(16)
        self._reply_tokens[token] = False
        return token

    def calls_to(self, path_suffix: str) -> list[Call]:
        """Every call whose path ends with `path_suffix`, failed ones included."""
        return [call for call in self.calls if call.path.endswith(path_suffix)]

    def bodies(self, path_suffix: str) -> list[dict[str, Any]]:
        """Bodies of the successful (2xx) calls whose path ends with `path_suffix`."""
        return [call.body for call in self.calls_to(path_suffix) if 200 <= call.status < 300 and call.body is not None]

    def replies(self) -> list[dict[str, Any]]:
        """Delivered reply bodies."""
        return self.bodies("/v2/bot/message/reply")

    def pushes(self) -> list[dict[str, Any]]:
        """Delivered push bodies (a retried X-Line-Retry-Key counts once)."""
        return self.bodies("/v2/bot/message/push")

    def reply_texts(self) -> list[str]:
        """Texts of all replied messages in order; flex/template/imagemap messages give their altText."""
        return _texts(self.replies())

    def push_texts(self) -> list[str]:
        """Like reply_texts, for pushes."""
        return _texts(self.pushes())

    async def wait_for(self, path_suffix: str, count: int = 1, timeout: float = 5.0) -> list[Call]:  # noqa: ASYNC109
        """Wait until `count` calls whose path ends with `path_suffix` have been answered; returns them."""
        what = f"*{path_suffix} call(s)"
        return await self._wait_until(lambda: self.calls_to(path_suffix), count, timeout, what)

    def fail_next(self, path_suffix: str, status: int = 429, times: int = 1, message: str | None = None) -> None:
        """Answer the next `times` calls whose path ends with `path_suffix` with an error."""
        message = message or _MESSAGES.get(status) or HTTPStatus(status).phrase
        self._failures.append([path_suffix, status, message, times])

    def delay_next(self, path_suffix: str, seconds: float, times: int = 1) -> None:
        """Deliver the next `times` calls whose path ends with `path_suffix`, but answer only after `seconds` (a
        client that times out first does not know the message went out: the X-Line-Retry-Key case)."""
        self._delays.append([path_suffix, seconds, times])

    def multicasts(self) -> list[dict[str, Any]]:
        """Delivered multicast bodies (a retried X-Line-Retry-Key counts once)."""
        return self.bodies("/v2/bot/message/multicast")

    def recipients(self) -> list[str]:
        """Every user a push or multicast delivered to, once per delivered request."""
        return [body["to"] for body in self.pushes()] + [to for body in self.multicasts() for to in body["to"]]

    # --- HTTP ---------------------------------------------------------------------------------

    def _delay_for(self, path: str) -> float:
        for delay in self._delays:
            suffix, seconds, times = delay
            if times > 0 and path.endswith(suffix):
                delay[2] -= 1
                return float(seconds)
        return 0.0

    def _endpoint(self, handler: Handler) -> Callable[[web.Request], Any]:
        async def endpoint(request: web.Request) -> web.Response:
            request[REQUEST_ID] = str(uuid.uuid4())
            raw = await request.read()
            body = None
            try:
                body = _parse_json(raw)
                self._check_auth(request)
                self._check_injected(request.path)
                response = handler(request, body)
            except _Rejected as rejected:
                response = rejected.response
            response.headers["x-line-request-id"] = request[REQUEST_ID]
            headers = {name.lower(): value for name, value in request.headers.items()}
            self.calls.append(Call(request.method, request.path, headers, body, response.status))
            self._pulse.fire()
            if delay := self._delay_for(request.path):
                await asyncio.sleep(delay)
            return response

        return endpoint

    def _check_auth(self, request: web.Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token or self.access_token not in (None, token):
            raise _Rejected(_json(401, {"message": _MESSAGES[401]}))

    def _check_injected(self, path: str) -> None:
        for failure in self._failures:
            suffix, status, message, times = failure
            if times > 0 and path.endswith(suffix):
                failure[3] -= 1
                raise _Rejected(_json(status, {"message": message}))

    # --- endpoints ----------------------------------------------------------------------------

    def _reply(self, _request: web.Request, body: Any) -> web.Response:
        _check_messages(body)
        token = body.get("replyToken")
        if self._reply_tokens.get(token, True):
            return _json(400, {"message": "Invalid reply token"})
        self._reply_tokens[token] = True
        return _json(200, {"sentMessages": self._sent(body["messages"])})

    def _push(self, request: web.Request, body: Any) -> web.Response:
        _check_messages(body)
        if not isinstance(body.get("to"), str) or not body["to"]:
            raise _Rejected(_details(("May not be empty", "to")))
        self._check_quota(len(body["messages"]))
        return self._once(request, lambda: {"sentMessages": self._sent(body["messages"])})

    def _multicast(self, request: web.Request, body: Any) -> web.Response:
        _check_messages(body)
        if not isinstance(body.get("to"), list) or not 1 <= len(body["to"]) <= 500:
            raise _Rejected(_details(("Size must be between 1 and 500", "to")))
        if not all(isinstance(to, str) and _USER_ID.fullmatch(to) for to in body["to"]):
            raise _Rejected(_details(("Must be user IDs", "to")))
        self._check_quota(len(body["messages"]) * len(body["to"]))
        return self._once(request, dict)

    def _once(self, request: web.Request, deliver: Callable[[], dict[str, Any]]) -> web.Response:
        """Deliver unless the X-Line-Retry-Key was accepted before (then 409 like LINE)."""
        key = request.headers.get("X-Line-Retry-Key")
        if key is None:
            return _json(200, deliver())
        try:
            uuid.UUID(key)
        except ValueError:
            return _json(400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"})
        if key in self._retry_keys:
            request_id, payload = self._retry_keys[key]
            response = _json(409, {"message": "The retry key is already accepted", **payload})
            response.headers["x-line-accepted-request-id"] = request_id
            return response
        payload = deliver()
        self._retry_keys[key] = (request[REQUEST_ID], payload)
        return _json(200, payload)

    def _check_quota(self, messages: int) -> None:
        if self.quota_limit is not None and self._usage() + messages > self.quota_limit:
            raise _Rejected(_json(429, {"message": "You have reached your monthly limit."}))

    def _usage(self) -> int:
        pushed = sum(len(body["messages"]) for body in self.pushes())
        multicasts = self.bodies("/v2/bot/message/multicast")
        multicast = sum(len(body["messages"]) * len(body["to"]) for body in multicasts)
        return self.used_before + pushed + multicast

    def _quota(self, _request: web.Request, _body: Any) -> web.Response:
        if self.quota_limit is None:
            return _json(200, {"type": "none"})
        return _json(200, {"type": "limited", "value": self.quota_limit})

    def _consumption(self, _request: web.Request, _body: Any) -> web.Response:
        return _json(200, {"totalUsage": self._usage()})

    def _content(self, request: web.Request, _body: Any) -> web.Response:
        data, content_type = self.contents.get(request.match_info["message_id"], (_JPEG, "image/jpeg"))
        return web.Response(body=data, content_type=content_type)

    def _profile(self, request: web.Request, _body: Any) -> web.Response:
        profile = self._known_profile(request.match_info["user_id"])
        if profile is None:
            return _json(404, {"message": _MESSAGES[404]})
        return _json(200, profile)

    def _group_member(self, request: web.Request, _body: Any) -> web.Response:
        profile = self._known_profile(request.match_info["user_id"])
        if profile is None or not _GROUP_ID.fullmatch(request.match_info["group_id"]):
            return _json(404, {"message": _MESSAGES[404]})
        fields = ("userId", "displayName", "pictureUrl")
        return _json(200, {key: profile[key] for key in fields if key in profile})

    def _loading(self, _request: web.Request, body: Any) -> web.Response:
        _check_body(body)
        if not _USER_ID.fullmatch(str(body.get("chatId", ""))):
            raise _Rejected(_details(("Must be a user ID; groups and rooms are not supported", "chatId")))
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(seconds, int) or seconds % 5 or not 5 <= seconds <= 60:
            raise _Rejected(_details(("Must be a multiple of 5 between 5 and 60", "loadingSeconds")))
        return _json(202, {})

    def _known_profile(self, user_id: str) -> dict[str, Any] | None:
        if user_id in self.profiles:
            override = self.profiles[user_id]
        else:
            override = {} if _USER_ID.fullmatch(user_id) else None
        if override is None:
            return None
        return {
            "userId": user_id,
            "displayName": DEFAULT_DISPLAY_NAME,
            "pictureUrl": f"https://profile.line-scdn.net/0h{user_id[1:17]}",
            "language": "th",
            **override,
        }

    def _sent(self, messages: list[dict[str, Any]]) -> list[dict[str, str]]:
        sent = []
        for message in messages:
            self._last_message_id += 1
            entry = {"id": str(self._last_message_id)}
            if message.get("type") in _QUOTABLE:
                entry["quoteToken"] = secrets.token_urlsafe(48)
            sent.append(entry)
        return sent


def _json(status: int, payload: Any) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


def _details(*errors: tuple[str, str]) -> web.Response:
    """LINE's 400 answer listing (message, property) errors."""
    return _json(
        400,
        {
            "message": f"The request body has {len(errors)} error(s)",
            "details": [{"message": message, "property": prop} for message, prop in errors],
        },
    )


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise _Rejected(_json(400, {"message": "The request body could not be parsed as JSON"})) from None


def _check_body(body: Any) -> None:
    if not isinstance(body, dict):
        raise _Rejected(_json(400, {"message": "The request body could not be parsed as JSON"}))


def _check_messages(body: Any) -> None:
    """LINE's limits that bots trip over: 1-5 messages, text 5000, altText 1500, 13 quick replies of 20."""
    _check_body(body)
    messages = body.get("messages")
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        raise _Rejected(_details(("Size must be between 1 and 5", "messages")))
    errors: list[tuple[str, str]] = []
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        if not isinstance(message, dict) or "type" not in message:
            errors.append(("May not be empty", f"{where}.type"))
            continue
        if message["type"] in ("text", "textV2"):
            errors += _length(message.get("text"), 5000, f"{where}.text")
        if message["type"] in _WITH_ALT_TEXT:
            errors += _length(message.get("altText"), 1500, f"{where}.altText")
        items = (message.get("quickReply") or {}).get("items", [])
        if len(items) > 13:
            errors.append(("Size must be between 1 and 13", f"{where}.quickReply.items"))
        for number, item in enumerate(items):
            label = item.get("action", {}).get("label")
            if label is not None and _utf16_length(label) > 20:
                prop = f"{where}.quickReply.items[{number}].action.label"
                errors.append(("Length must be between 0 and 20", prop))
    if errors:
        raise _Rejected(_details(*errors))


def _utf16_length(text: str) -> int:
    """LINE counts UTF-16 code units: a character outside the BMP (most emoji) counts 2."""
    return len(text.encode("utf-16-le")) // 2


def _length(value: Any, limit: int, prop: str) -> list[tuple[str, str]]:
    if not isinstance(value, str) or not value:
        return [("May not be empty", prop)]
    if _utf16_length(value) > limit:
        return [(f"Length must be between 0 and {limit}", prop)]
    return []


def _texts(bodies: list[dict[str, Any]]) -> list[str]:
    texts = []
    for message in (message for body in bodies for message in body.get("messages", [])):
        if message.get("type") in ("text", "textV2"):
            texts.append(message["text"])
        elif "altText" in message:
            texts.append(message["altText"])
    return texts
