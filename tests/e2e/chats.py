"""Drive one person's chat with the bot through the real webhooks, the way a phone would: say, tap, send a file."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import LINE_SECRET, TELEGRAM_SECRET, Running
from tests.fakes import builders

TG_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


class TelegramChat:
    """A private chat on Telegram; each call returns the texts the bot sent back (joined)."""

    def __init__(self, running: Running, user_id: int = 1001) -> None:
        self.running, self.user_id = running, user_id
        self.update_id = user_id * 1000

    def next_id(self) -> int:
        self.update_id += 1
        return self.update_id

    async def post(self, update: dict[str, Any]) -> str:
        before = len(self.running.telegram.sent_texts(self.user_id))
        response = await self.running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)
        assert response.status == 200
        return "\n".join(self.running.telegram.sent_texts(self.user_id)[before:])

    async def say(self, text: str) -> str:
        return await self.post(builders.telegram_text_update(self.next_id(), text, self.user_id, self.user_id))

    async def tap(self, label: str) -> str:
        """Tap the button with this label on the newest message that shows one."""
        data = next(
            button["callback_data"]
            for call in reversed(self.running.telegram.calls_to("sendMessage"))
            if call.params.get("chat_id") == self.user_id and call.params.get("reply_markup")
            for row in call.params["reply_markup"]["inline_keyboard"]
            for button in row
            if button["text"] == label
        )
        assert len(data.encode()) <= 64
        return await self.post(builders.telegram_callback_update(self.next_id(), data, self.user_id, self.user_id))

    async def photo(self, **fields: Any) -> str:
        update = builders.telegram_photo_update(self.next_id(), chat_id=self.user_id, user_id=self.user_id, **fields)
        return await self.post(update)


class LineChat:
    """A one-on-one chat on LINE; each call returns the body the bot replied with ({} when it did not reply)."""

    def __init__(self, running: Running, user_id: str = builders.LINE_USER_ID) -> None:
        self.running, self.user_id = running, user_id

    async def post(self, event: dict[str, Any]) -> dict[str, Any]:
        before = len(self.running.line.replies())
        body = builders.line_body([event])
        headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
        assert (await self.running.client.post("/webhook/line", data=body, headers=headers)).status == 200
        replies = self.running.line.replies()[before:]
        return replies[-1] if replies else {}

    def _token(self) -> str:
        return self.running.line.issue_reply_token()

    async def say(self, text: str) -> dict[str, Any]:
        return await self.post(builders.line_text_event(text, user_id=self.user_id, reply_token=self._token()))

    async def tap(self, label: str) -> dict[str, Any]:
        items = self.running.line.replies()[-1]["messages"][-1]["quickReply"]["items"]
        data = next(i["action"]["data"] for i in items if i["action"]["label"] == label)
        return await self.post(builders.line_postback_event(data, user_id=self.user_id, reply_token=self._token()))

    async def image(self) -> dict[str, Any]:
        return await self.post(builders.line_image_event(user_id=self.user_id, reply_token=self._token()))


def shown(reply: dict[str, Any]) -> str:
    """Everything a LINE reply shows (texts and Flex contents), as one string to search."""
    return "\n".join(json.dumps(m, ensure_ascii=False) for m in reply.get("messages", ()))
