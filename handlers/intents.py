"""Free text and tapped intent choices: understand, then hand to the intent's handler."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Reply
from bot.knowledge.compose import OTHER_POST
from bot.thai import answers
from handlers import grounded, knowledge, start
from handlers.common import IntentHandler, parse_intent_action

MAX_TEXT = 2000  # longer messages are answered politely, not parsed
MAX_REPLIES = 5  # LINE takes at most five messages in one reply
#: Intents whose reply is not an answer to a question (several questions in one message add nothing from them).
_NOT_ANSWERS = frozenset({"unknown", "help", "acknowledge", "nothing_open", "greeting", "thanks", "language"})

SLOT_OF_INTENT = {
    "duty_one": "number",
    "mechanism_one": "number",
    "deadline_round": "round",
    "group_info": "group",
    "oversight_province": "province",
    "language": "lang",
}


#: A bare follow-on question about who or which group ("ใครดูแล", "group ไหน") is about the subject the first
#: question named: asked with it before alone (alone, "กลุ่มไหน" would list every group).
_ABOUT_SUBJECT = re.compile(r"กลุ่ม|group|ใคร|who|ดูแล|รับผิดชอบ|ที่ไหน|where|ทั้งคณะ|คณะละ", re.IGNORECASE)


def _key(line: str) -> str:
    return "".join(line.split()).strip("•()“”\"'")


def fold(replies: list[Reply], source_prefix: str) -> Reply:
    """Several answers as one reply: each line once (a line already said, in whole or after its label, is
    dropped), the sources last, the choices of all of them."""
    kept: list[str] = []
    sources: list[str] = []
    said = ""
    for reply in replies:
        for line in reply.as_text().splitlines():
            key = _key(line)
            if not key:
                continue
            if source_prefix and line.startswith(source_prefix):
                if line not in sources:
                    sources.append(line)
                continue
            tail = _key(key.split(":", 1)[1]) if ":" in key else ""
            if key in said or (len(tail) >= 8 and tail in said):
                continue
            kept.append(line)
            said += "|" + key
    choices = {c.action: c for r in replies for c in r.choices}
    return Reply(text="\n".join([*kept, *sources]), choices=tuple(choices.values()))


# A rule reads exact, command-like phrases ("ลงทะเบียน AB12CD") before fuzzy recognition; it returns the slots,
# including "intent", or None when the text is not its phrase.
Rule = Callable[[str], dict[str, Any] | None]


def _plain_words(text: str) -> dict[str, Any] | None:
    """ "ช่วยเหลือ", "เมนู" are help; "โอเคค่ะ", "ครับ", "555" are acknowledgements, not questions to puzzle over;
    "ยกเลิก" with nothing open says so."""
    if answers.is_help(text):
        return {"intent": "help", "alternatives": ()}
    if answers.is_acknowledgement(text):
        return {"intent": "acknowledge", "alternatives": ()}
    if answers.is_cancel(text):
        return {"intent": "nothing_open", "alternatives": ()}
    return None


def _courtesy(text: str, ctx: Context) -> dict[str, Any] | None:
    """ "สวัสดีค่ะ", "ขอบคุณครับ" with no recent topic to follow up: only the greeting or the thanks answers it (it
    names nothing the grounded readers look for), so they are not asked."""
    if grounded.recall(ctx) is not None:
        return None
    intent = ctx.services.recognizer.courtesy(text)
    return None if intent is None else {"intent": intent, "alternatives": ()}


class IntentDispatcher:
    """Maps intent names to handlers; features register theirs with `add` and their exact phrases with `add_rule`."""

    def __init__(self) -> None:
        self.handlers: dict[str, IntentHandler] = {**knowledge.HANDLERS, **start.HANDLERS}
        for name in start.PERSONAL_INTENTS:
            self.handlers[name] = start.personal_next_step
        self.rules: list[Rule] = [knowledge.other_province_rule]

    def add(self, handlers: dict[str, IntentHandler]) -> None:
        self.handlers.update(handlers)

    def add_rule(self, rule: Rule) -> None:
        self.rules.append(rule)

    def by_rule(self, text: str) -> dict[str, Any] | None:
        """The slots (with "intent") of the first rule that reads this text as its phrase."""
        for rule in self.rules:
            slots = rule(text)
            if slots is not None:
                return {"alternatives": (), **slots}
        return None

    async def on_text(self, msg: Incoming, ctx: Context) -> list[Reply]:
        if not msg.addressed:
            return []
        if len(msg.text) > MAX_TEXT:
            return [Reply(text=ctx.t("text.too_long", limit=MAX_TEXT))]
        replies, answered = await self._answer(msg, ctx)
        asks = grounded.split_asks(msg.text, ctx)
        if len(asks) < 2 or ctx.state.flow is not None:
            return replies
        return await self._each_ask(msg, ctx, asks, replies if answered else [])

    async def _each_ask(
        self, msg: Incoming, ctx: Context, asks: list[tuple[str, str]], whole: list[Reply]
    ) -> list[Reply]:
        """Several questions in one message ("ตราดกลุ่มไหน ใครดูแล แล้วต้องรายงานเมื่อไหร่"): each is answered on its
        own (the first one's place or committee carried into the others), and the answers are folded into ONE reply
        that says each fact once. A question with no sure answer adds nothing."""
        out = list(whole)
        memory = dict(ctx.state.memory)
        for ask, with_context in asks:
            tries = [with_context, ask] if with_context and _ABOUT_SUBJECT.search(ask) else [ask, with_context]
            answered = False
            for text in filter(None, tries):
                replies, answered = await self._answer(replace(msg, text=text), ctx)
                if answered and ctx.state.flow is None:
                    break
                ctx.state.clear()
            if not answered or ctx.state.flow is not None:
                ctx.state.clear()
                continue
            out.append(replies[0])
            memory = dict(ctx.state.memory)
        ctx.state.memory = memory
        if not out:
            return (await self._answer(msg, ctx))[0]
        return [fold(out, ctx.t("k.source", sources="").strip())]

    async def _answer(self, msg: Incoming, ctx: Context) -> tuple[list[Reply], bool]:
        """The replies to one message, and whether they answer it (not "not sure")."""
        slots = self.by_rule(msg.text) or _plain_words(msg.text) or _courtesy(msg.text, ctx)
        mentions = None
        if slots is None:
            mentions = grounded.read(msg.text, ctx)
            composed = grounded.plan(mentions, ctx)
            if (
                composed
                and (composed.intent == "oversight_province" or composed.checked)
                and not (composed.intent == "oversight_province" and grounded.asks_which_group(mentions))
                and grounded.foreign_words(mentions, ctx)
            ):
                composed = None  # "ใครเป็นผู้ว่าราชการจังหวัดสงขลา" is not asking who oversees Songkhla
            if composed is not None and composed.intent is None:
                return grounded.with_verdict(grounded.render(composed, ctx), mentions, ctx), True
            if composed is not None:
                slots = {**composed.slots, "intent": composed.intent, "alternatives": ()}
            else:
                slots = self._recognize(msg.text, ctx)
                if slots["intent"] == "oversight_province" and mentions and OTHER_POST.search(mentions.compact):
                    slots = {**slots, "intent": "unknown", "alternatives": ("oversight_province",)}  # another post
                if slots["intent"] in knowledge.HANDLERS and grounded.foreign_words(mentions, ctx, slots["intent"]):
                    slots = {**slots, "intent": "unknown", "alternatives": (slots["intent"],)}  # asked something else
                retrieved = grounded.retrieve(msg.text, ctx, slots["intent"], mentions)
                if retrieved is not None:
                    return grounded.with_verdict(retrieved, mentions, ctx), True
        replies = await self.run(slots["intent"], msg, ctx, slots)
        if slots["intent"] in knowledge.HANDLERS:  # "ข้อ 6 สพฐ. เป็นคนมอบหมายใช่ไหม": yes, when the item says so
            replies = grounded.with_verdict(replies, mentions, ctx)
        return replies, slots["intent"] in self.handlers and slots["intent"] not in _NOT_ANSWERS

    @staticmethod
    def _recognize(text: str, ctx: Context) -> dict[str, Any]:
        match = ctx.services.recognizer.recognize(text)
        return {**match.slots, "intent": match.intent, "alternatives": match.alternatives}

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
        replies = await handler(msg, ctx, slots)
        grounded.remember_intent(ctx, intent, slots)  # what a follow-up may lean on
        return replies
