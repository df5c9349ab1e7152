"""Drive a group chat through the real webhooks: several people say things and tap buttons in one group."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.chats import TG_HEADERS
from tests.e2e.conftest import LINE_SECRET, Running
from tests.fakes import builders


class TelegramGroup:
    """A Telegram supergroup; each call returns the texts and captions the bot sent into the group."""

    def __init__(self, running: Running, chat_id: int) -> None:
        self.running, self.chat_id = running, chat_id
        self.update_id = 900_000

    def _next(self) -> int:
        self.update_id += 1
        return self.update_id

    def _sent(self) -> list[str]:
        out = []
        for call in self.running.telegram.calls:
            if call.status == 200 and call.params.get("chat_id") == self.chat_id:
                out.append(str(call.params.get("text") or call.params.get("caption") or f"<{call.method}>"))
        return out

    async def post(self, update: dict[str, Any]) -> str:
        before = len(self._sent())
        response = await self.running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)
        assert response.status == 200
        return "\n".join(self._sent()[before:])

    async def say(self, user_id: int, text: str) -> str:
        chat_type = "supergroup" if self.chat_id <= -1_000_000_000_000 else "group"
        return await self.post(builders.telegram_text_update(self._next(), text, self.chat_id, user_id, chat_type))

    async def tap(self, user_id: int, label: str) -> str:
        data = next(
            button["callback_data"]
            for call in reversed(self.running.telegram.calls)
            if call.params.get("chat_id") == self.chat_id and call.params.get("reply_markup")
            for row in call.params["reply_markup"]["inline_keyboard"]
            for button in row
            if button["text"] == label
        )
        update = builders.telegram_callback_update(self._next(), data, self.chat_id, user_id)
        return await self.post(update)

    async def bot_added(self, by: int) -> str:
        content = {"new_chat_members": [self.running.telegram.bot_user]}
        return await self.post(builders.telegram_message_update(self._next(), content, self.chat_id, by, "supergroup"))


class LineGroup:
    """A LINE group; each call returns everything the bot's reply showed (texts, Flex, images) as one string."""

    def __init__(self, running: Running, group_id: str = builders.LINE_GROUP_ID) -> None:
        self.running, self.group_id = running, group_id

    async def post(self, event: dict[str, Any]) -> str:
        before = len(self.running.line.replies())
        body = builders.line_body([event])
        headers = {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}
        assert (await self.running.client.post("/webhook/line", data=body, headers=headers)).status == 200
        replies = self.running.line.replies()[before:]
        return "\n".join(json.dumps(m, ensure_ascii=False) for r in replies for m in r["messages"])

    async def say(self, user_id: str, text: str) -> str:
        token = self.running.line.issue_reply_token()
        return await self.post(
            builders.line_text_event(text, user_id, token, source_type="group", group_id=self.group_id)
        )

    async def tap(self, user_id: str, label: str) -> str:
        items = self.running.line.replies()[-1]["messages"][-1]["quickReply"]["items"]
        data = next(i["action"]["data"] for i in items if i["action"]["label"] == label)
        token = self.running.line.issue_reply_token()
        return await self.post(
            builders.line_postback_event(data, user_id, token, source_type="group", group_id=self.group_id)
        )

    async def joined(self) -> str:
        return await self.post(builders.line_join_event(self.group_id, self.running.line.issue_reply_token()))
