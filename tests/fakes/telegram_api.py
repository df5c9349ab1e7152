"""Fake Telegram Bot API server on 127.0.0.1; the real python-telegram-bot talks to it in tests.

Also home of `FakeServer`, the aiohttp lifecycle shared with the fake LINE API.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Self, TypeVar

from aiohttp import web

from .builders import telegram_bot_user, telegram_chat

T = TypeVar("T")


class _Pulse:
    """Wakes every current waiter on fire(); waiters then re-check what they wait for."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)


class FakeServer:
    """An aiohttp app on 127.0.0.1 with an OS-chosen port; subclasses add routes in `_setup`."""

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._pulse = _Pulse()
        self._closing = False

    def _setup(self, app: web.Application) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self._setup(app)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner, self._port, self._closing = runner, runner.addresses[0][1], False

    async def close(self) -> None:
        """Stop serving; pending long polls return at once."""
        self._closing = True
        self._pulse.fire()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def root(self) -> str:
        """http://127.0.0.1:PORT"""
        if self._runner is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self._port}"

    async def _wait_until(self, found: Callable[[], list[T]], count: int, seconds: float, what: str) -> list[T]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while len(items := found()) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"waited {seconds}s for {count} {what}, got {len(items)}")
            await self._pulse.wait(remaining)
        return items


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Call:
    """One request to the fake; `status` is the HTTP status it was answered with, `at` its arrival (monotonic)."""

    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = field(default_factory=time.monotonic)


class _Reject(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


# Form fields arrive as strings; these are turned back into the types the Bot API documents.
_JSON_FIELDS = {
    "reply_markup", "commands", "allowed_updates", "entities", "caption_entities", "scope",
    "link_preview_options", "reply_parameters", "media", "results", "menu_button", "permissions",
    "reaction", "options", "prices",
}  # fmt: skip
_INT_FIELDS = {
    "chat_id", "message_id", "user_id", "from_chat_id", "message_thread_id", "reply_to_message_id",
    "offset", "limit", "timeout", "cache_time", "max_connections", "duration", "width", "height",
}  # fmt: skip
_BOOL_FIELDS = {
    "show_alert", "disable_notification", "protect_content", "drop_pending_updates",
    "allow_sending_without_reply", "disable_content_type_detection", "has_spoiler", "revoke_messages",
}  # fmt: skip
_INT = re.compile(r"-?\d+")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji",
}  # fmt: skip
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_MARKDOWN_V2_ALWAYS_ESCAPED = set("#+-={}.!")
_MARKDOWN_V2_SPANS = (("```", "```"), ("`", "`"), ("](", ")"))  # pre, code, link URL: no escaping rule
_WEBHOOK_PORTS = {80, 88, 443, 8443}
_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class FakeTelegramApi(FakeServer):
    """Bot API fake: records every call, answers like Telegram, serves queued updates to getUpdates.

    Requests go to `<root>/bot<token>/<method>` (`base_url` is the prefix PTB's Bot wants).
    """

    def __init__(self, token: str = "123:ABC", enforce_limits: bool = False) -> None:
        super().__init__()
        self.enforce_limits = enforce_limits  # flood limits like Telegram's (off by default: webhooks answer fast)
        self.rate_limited: list[Call] = []  # every call answered 429 by the flood limits
        self._sends: deque[float] = deque()  # arrival times of send* calls in the last second
        self._chat_sends: dict[int, deque[float]] = {}
        self._delays: dict[str, list[tuple[float, bool]]] = {}
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        self.bot_user = telegram_bot_user(int(bot_id))
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_message_id = 10_000  # clear of the small message ids that builders use
        self._files: dict[str, dict[str, Any]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._webhook: dict[str, Any] = {}
        self.chat_admins: dict[int, set[int]] = {}  # group chat id -> user ids of its administrators
        self.chat_owners: dict[int, int] = {}  # group chat id -> the creator's user id
        self._uploads: dict[str, bytes] = {}  # file_path -> bytes a user "sent" (see put_file)
        self._failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": lambda _: self.bot_user,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": lambda p: _present(p, "callback_query_id"),
            "sendChatAction": lambda p: _present(p, "chat_id", "action"),
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self._commands.get(_commands_key(p), []),
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info,
            "getFile": self._get_file,
            "getChatMember": self._get_chat_member,
            "getUpdates": self._get_updates,
        }
        self._canonical = {name.lower(): name for name in self._handlers}

    @property
    def base_url(self) -> str:
        """The `base_url` for `telegram.Bot`: root + "/bot"."""
        return f"{self.root}/bot"

    def _setup(self, app: web.Application) -> None:
        app.router.add_route("POST", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)

    # --- test helpers -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Every call of `method` (any case), failed ones included."""
        method = self._canonical.get(method.lower(), method)
        return [call for call in self.calls if call.method == method]

    def sent_texts(self, chat_id: str | int | None = None) -> list[str]:
        """Texts of successful sendMessage calls, optionally to one chat."""
        return [
            call.params["text"]
            for call in self.calls_to("sendMessage")
            if call.status == 200 and (chat_id is None or str(call.params["chat_id"]) == str(chat_id))
        ]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:  # noqa: ASYNC109
        """Wait until `count` calls of `method` have been answered; returns them."""
        return await self._wait_until(lambda: self.calls_to(method), count, timeout, f"{method} call(s)")

    def put_file(self, file_id: str, data: bytes, folder: str = "documents") -> None:
        """Make `file_id` (e.g. from a document update) downloadable: getFile, then GET /file/bot<token>/<path>."""
        path = f"{folder}/file_{len(self._uploads) + 1}"
        self._files[file_id] = {
            "file_id": file_id,
            "file_unique_id": f"AQAD{file_id[-8:]}",
            "file_size": len(data),
            "file_path": path,
        }
        self._uploads[path] = data

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make `update` available to getUpdates (wakes a pending long poll)."""
        if not isinstance(update.get("update_id"), int):
            raise ValueError("an update needs an integer update_id")
        self._updates.append(update)
        self._pulse.fire()

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with a Telegram error (429 carries retry_after)."""
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
        method = self._canonical.get(method.lower(), method)
        self._failures.setdefault(method, []).extend(
            [(status, description, retry_after if status == 429 else None)] * times
        )

    def delay_next(self, method: str, seconds: float, deliver: bool = False, times: int = 1) -> None:
        """Make the next `times` calls of `method` slow: answered after `seconds`, having delivered the message
        first (`deliver=True`: a client that times out does not know it went out) or not at all (then 504)."""
        method = self._canonical.get(method.lower(), method)
        self._delays.setdefault(method, []).extend([(seconds, deliver)] * times)

    def delivered(self, chat_id: str | int | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        calls = [c for c in self.calls_to("sendMessage") if c.status == 200]
        return [c for c in calls if chat_id is None or str(c.params.get("chat_id")) == str(chat_id)]

    # --- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        method = self._canonical.get(name.lower(), name)
        params = await _read_params(request)
        delay, deliver = self._delays[method].pop(0) if self._delays.get(method) else (0.0, True)
        if deliver:
            status, payload = self._flood_check(method, params) or await self._answer(
                request.match_info["token"], method, params
            )
        else:
            status, payload = _error(504, "Gateway Timeout")
        self.calls.append(Call(method, params, status))
        if status == 429 and payload.get("description", "").startswith("Too Many Requests: flood"):
            self.rate_limited.append(self.calls[-1])
        self._pulse.fire()
        if delay:
            await asyncio.sleep(delay)
        return web.json_response(payload, status=status, dumps=_dumps)

    def _flood_check(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        """Telegram's limits for bots: 30 messages/s overall, 1/s to one chat, 20/min to one group."""
        if not self.enforce_limits or not method.startswith("send") or method == "sendChatAction":
            return None
        now = time.monotonic()
        chat = params.get("chat_id")
        chat_id = chat if isinstance(chat, int) else 0
        overall = _recent(self._sends, now, 1.0)
        per_chat = _recent(self._chat_sends.setdefault(chat_id, deque()), now, 60.0)
        last_second = sum(1 for t in per_chat if t > now - 1.0)
        waits = []
        if len(overall) >= 30:
            waits.append(overall[0] + 1.0 - now)
        if last_second >= 1:
            waits.append(per_chat[-1] + 1.0 - now)
        if chat_id < 0 and len(per_chat) >= 20:
            waits.append(per_chat[0] + 60.0 - now)
        if waits:
            retry_after = max(1, math.ceil(max(waits)))
            return _error(429, f"Too Many Requests: flood control, retry after {retry_after}", retry_after)
        overall.append(now)
        per_chat.append(now)
        return None

    async def _answer(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if token != self.token:
            return _error(401, "Unauthorized")
        if failures := self._failures.get(method):
            status, description, retry_after = failures.pop(0)
            return _error(status, description, retry_after)
        handler = self._handlers.get(method)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
        except _Reject as reject:
            return _error(reject.status, reject.description)
        return 200, {"ok": True, "result": result}

    # --- methods ------------------------------------------------------------------------------

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        text = _checked_text(params)
        content: dict[str, Any] = {"text": text}
        if "entities" in params:
            content["entities"] = params["entities"]
        return self._new_message(params, content)

    def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = _required(params, "photo")
        if isinstance(photo, UploadedFile):
            size = self._new_file("photos", len(photo.data))
        else:
            size = {"file_id": str(photo), "file_unique_id": "AQADphoto"}
        sizes = [{**size, "width": 1280, "height": 960}]
        return self._new_message(params, {"photo": sizes, **_caption(params)})

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        document = _required(params, "document")
        if isinstance(document, UploadedFile):
            meta = self._new_file("documents", len(document.data))
            meta.update(file_name=document.filename or "file", mime_type=document.content_type)
        else:
            meta = {"file_id": str(document), "file_unique_id": "AQADdocument"}
        return self._new_message(params, {"document": meta, **_caption(params)})

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = _checked_text(params)
        markup = _inline_markup(params)
        if "inline_message_id" in params:
            return True
        key, old = self._editable(params)
        if old is not None and old.get("text") == text and old.get("reply_markup") == markup:
            raise _Reject(400, _NOT_MODIFIED)
        message = self._edited(key, old, drop=("reply_markup", "entities"))
        message["text"] = text
        return self._store(key, message, markup)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = _inline_markup(params)
        if "inline_message_id" in params:
            return True
        key, old = self._editable(params)
        if old is not None and old.get("reply_markup") == markup:
            raise _Reject(400, _NOT_MODIFIED)
        return self._store(key, self._edited(key, old, drop=("reply_markup",)), markup)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        self._messages.pop((_chat_id(params), _required(params, "message_id")), None)
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = _required(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _Reject(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command", ""))):
                raise _Reject(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _Reject(400, "Bad Request: command description is empty or too long")
        self._commands[_commands_key(params)] = commands
        return True

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_commands_key(params), None)
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if url:
            match = re.fullmatch(r"https://[^/:]+(?::(\d+))?(/.*)?", url)
            if match is None:
                raise _Reject(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            if int(match.group(1) or 443) not in _WEBHOOK_PORTS:
                raise _Reject(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        kept = ("url", "secret_token", "allowed_updates")
        self._webhook = {key: params[key] for key in kept if key in params}
        self._webhook["max_connections"] = params.get("max_connections", 40)
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {}
        return True

    def _webhook_info(self, _params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info.update(ip_address="127.0.0.1", max_connections=self._webhook["max_connections"])
            if "allowed_updates" in self._webhook:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(_required(params, "file_id"))
        return self._files.get(file_id) or {
            "file_id": file_id,
            "file_unique_id": f"AQAD{file_id[-8:]}",
            "file_path": f"documents/{file_id}",
        }

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        """ChatMemberOwner, ChatMemberAdministrator or ChatMemberMember, as the Bot API shapes them."""
        chat_id, user_id = _chat_id(params), _required(params, "user_id")
        if chat_id > 0:
            raise _Reject(400, "Bad Request: member list is inaccessible")
        if not isinstance(user_id, int):
            raise _Reject(400, "Bad Request: invalid user_id specified")
        user = {"id": user_id, "is_bot": False, "first_name": "สมชาย"}
        if self.chat_owners.get(chat_id) == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in self.chat_admins.get(chat_id, set()):
            rights = (
                "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                "can_post_stories", "can_edit_stories", "can_delete_stories",
            )  # fmt: skip
            return {"status": "administrator", "user": user, "is_anonymous": False, **dict.fromkeys(rights, False)}
        return {"status": "member", "user": user}

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        data = self._uploads.get(request.match_info["path"])
        if data is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook.get("url"):
            raise _Reject(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit, timeout = params.get("offset"), params.get("limit") or 100, params.get("timeout") or 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(timeout)
        while True:
            if isinstance(offset, int) and offset > 0:
                self._updates = [update for update in self._updates if update["update_id"] >= offset]
            elif isinstance(offset, int) and offset < 0:
                self._updates = self._updates[offset:]
            remaining = deadline - loop.time()
            if self._updates or self._closing or remaining <= 0:
                return self._updates[:limit]
            await self._pulse.wait(remaining)

    # --- message store ------------------------------------------------------------------------

    def _new_message(self, params: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        chat_id = _chat_id(params)
        markup = _inline_markup(params)
        self._last_message_id += 1
        key = (chat_id, self._last_message_id)
        return self._store(key, {**self._bare_message(*key), **content}, markup)

    def _editable(self, params: dict[str, Any]) -> tuple[tuple[int, int], dict[str, Any] | None]:
        """The message's key and stored copy; None for messages the fake never sent (e.g. from builders)."""
        key = (_chat_id(params), _required(params, "message_id"))
        if not isinstance(key[1], int):
            raise _Reject(400, "Bad Request: message identifier is not specified")
        return key, self._messages.get(key)

    def _edited(self, key: tuple[int, int], old: dict[str, Any] | None, drop: tuple[str, ...]) -> dict[str, Any]:
        message = {name: value for name, value in (old or self._bare_message(*key)).items() if name not in drop}
        message["edit_date"] = int(time.time())
        return message

    def _bare_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        chat = telegram_chat(chat_id)
        return {"message_id": message_id, "from": self.bot_user, "chat": chat, "date": int(time.time())}

    def _store(self, key: tuple[int, int], message: dict[str, Any], markup: dict[str, Any] | None) -> dict[str, Any]:
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[key] = message
        return message

    def _new_file(self, folder: str, size: int, **extra: Any) -> dict[str, Any]:
        number = len(self._files) + 1
        meta = {
            "file_id": f"BQACAgUAAxkBAAIB{number:06d}",
            "file_unique_id": f"AgADfake{number:06d}",
            "file_size": size,
            **extra,
        }
        self._files[meta["file_id"]] = {**meta, "file_path": f"{folder}/file_{number}"}
        return meta


_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def _recent(stamps: deque[float], now: float, period: float) -> deque[float]:
    while stamps and stamps[0] <= now - period:
        stamps.popleft()
    return stamps


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _error(status: int, description: str, retry_after: int | None = None) -> tuple[int, dict[str, Any]]:
    payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        payload["parameters"] = {"retry_after": retry_after}
    return status, payload


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query, form, multipart or JSON parameters, with form strings decoded to Bot API types."""
    params: dict[str, Any] = dict(request.query)
    if request.body_exists:
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    value = UploadedFile(value.filename, value.content_type, value.file.read())
                params[name] = value
    return {name: _decode(name, value) for name, value in params.items()}


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    elif name in _INT_FIELDS and _INT.fullmatch(value):
        return int(value)
    elif name in _BOOL_FIELDS and value in ("true", "false"):
        return value == "true"
    return value


def _required(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise _Reject(400, f"Bad Request: {name} is empty")
    return value


def _present(params: dict[str, Any], *names: str) -> bool:
    """True (the Bot API result) once the required parameters are there."""
    for name in names:
        _required(params, name)
    return True


def _chat_id(params: dict[str, Any]) -> int:
    chat_id = _required(params, "chat_id")
    if not isinstance(chat_id, int) or chat_id == 0:
        raise _Reject(400, "Bad Request: chat not found")
    return chat_id


def _caption(params: dict[str, Any]) -> dict[str, Any]:
    if "caption" not in params:
        return {}
    if len(params["caption"]) > 1024:
        raise _Reject(400, "Bad Request: message caption is too long")
    _check_parse_mode(params["caption"], params.get("parse_mode"))
    return {"caption": params["caption"]}


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _checked_text(params: dict[str, Any]) -> str:
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Reject(400, "Bad Request: message text is empty")
    if len(text) > 4096:
        raise _Reject(400, "Bad Request: message is too long")
    _check_parse_mode(text, params.get("parse_mode"))
    return text


def _inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The reply_markup Telegram echoes in the Message (inline keyboards only), validated."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _Reject(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _Reject(400, "Bad Request: can't parse inline keyboard markup JSON object")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise _Reject(400, "Bad Request: BUTTON_TEXT_INVALID")
        if len(button) < 2:
            reason = "Text buttons are unallowed in the inline keyboard"
            raise _Reject(400, f"Bad Request: can't parse inline keyboard button: {reason}")
        if len(str(button.get("callback_data", "")).encode()) > 64:
            raise _Reject(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _check_parse_mode(text: str, parse_mode: Any) -> None:
    if parse_mode == "HTML":
        _check_html(text)
    elif parse_mode == "MarkdownV2":
        _check_markdown_v2(text)


def _entity_error(text: str, index: int, reason: str) -> _Reject:
    offset = len(text[:index].encode())
    return _Reject(400, f"Bad Request: can't parse entities: {reason} at byte offset {offset}")


def _check_html(text: str) -> None:
    """Telegram's HTML rules: only its tags, properly nested; a bare '<' is an error."""
    open_tags: list[tuple[str, int]] = []
    for index in (i for i, char in enumerate(text) if char == "<"):
        tag = _HTML_TAG.match(text, index)
        if tag is None:
            raise _entity_error(text, index, 'Unsupported start tag ""')
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name not in _HTML_TAGS:
            raise _entity_error(text, index, f'Unsupported start tag "{name}"')
        if not closing:
            open_tags.append((name, index))
        elif not open_tags or open_tags[-1][0] != name:
            expected = f'"</{open_tags[-1][0]}>"' if open_tags else "no end tag"
            raise _entity_error(text, index, f'Unmatched end tag, expected {expected}, found "</{name}>"')
        else:
            open_tags.pop()
    if open_tags:
        name, index = open_tags[-1]
        raise _entity_error(text, index, f'Can\'t find end tag corresponding to start tag "{name}"')


def _check_markdown_v2(text: str) -> None:
    """Telegram's MarkdownV2 rule that '#+-={}.!' must be escaped outside code and link URLs."""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        span = next((span for span in _MARKDOWN_V2_SPANS if text.startswith(span[0], index)), None)
        if span is not None:
            opener, closer = span
            end = text.find(closer, index + len(opener))
            if end < 0:
                raise _entity_error(text, index, "Can't find end of the entity")
            index = end + len(closer)
            continue
        if char in _MARKDOWN_V2_ALWAYS_ESCAPED:
            reason = f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            raise _entity_error(text, index, reason)
        index += 1
