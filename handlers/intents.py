"""Free text and tapped intent choices: understand, then hand to the intent's handler."""

from __future__ import annotations

from typing import Any

from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Reply
from handlers import knowledge, start
from handlers.common import IntentHandler, parse_intent_action

MAX_TEXT = 2000  # longer messages are answered politely, not parsed

SLOT_OF_INTENT = {
    "duty_one": "number",
    "mechanism_one": "number",
    "deadline_round": "round",
    "group_info": "group",
    "oversight_province": "province",
    "language": "lang",
}


class IntentDispatcher:
    """Maps intent names to handlers; later features register theirs with `add`."""

    def __init__(self) -> None:
        self.handlers: dict[str, IntentHandler] = {**knowledge.HANDLERS, **start.HANDLERS}
        for name in start.PERSONAL_INTENTS:
            self.handlers[name] = start.personal_next_step

    def add(self, handlers: dict[str, IntentHandler]) -> None:
        self.handlers.update(handlers)

    async def on_text(self, msg: Incoming, ctx: Context) -> list[Reply]:
        if not msg.addressed:
            return []
        if len(msg.text) > MAX_TEXT:
            return [Reply(text=ctx.t("text.too_long", limit=MAX_TEXT))]
        match = ctx.services.recognizer.recognize(msg.text)
        slots: dict[str, Any] = {**match.slots, "intent": match.intent, "alternatives": match.alternatives}
        return await self.run(match.intent, msg, ctx, slots)

    async def on_action(self, msg: Incoming, ctx: Context) -> list[Reply]:
        intent, value = parse_intent_action(msg.action or "")
        slots: dict[str, Any] = {"intent": intent}
        if value is not None and intent in SLOT_OF_INTENT:
            slots[SLOT_OF_INTENT[intent]] = value
        return await self.run(intent, msg, ctx, slots)

    async def on_awaited_slot(self, msg: Incoming, ctx: Context) -> list[Reply] | None:
        """The bot asked for one missing detail (e.g. which province): use it if the answer has it.

        Anything but text ends the question and is routed as usual (None tells the router so)."""
        awaited_intent, slot = ctx.state.data.get("intent", ""), ctx.state.data.get("slot", "")
        ctx.state.clear()
        if msg.kind is not Kind.TEXT:
            return None
        match = ctx.services.recognizer.recognize(msg.text)
        if slot in match.slots:
            return await self.run(awaited_intent, msg, ctx, {"intent": awaited_intent, slot: match.slots[slot]})
        return await self.on_text(msg, ctx)

    async def run(self, intent: str, msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
        handler = self.handlers.get(intent, start.unknown)
        return await handler(msg, ctx, slots)
