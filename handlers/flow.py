"""One runner for every multi-step conversation (check-in, progress update, registration).

A flow is declared as named steps, each with its question, its answer type, its reader and the button stems it
takes; the runner does once what every flow needs, the way aiogram's scenes give each step the same exits and
PTB's ConversationHandler lets unmatched messages fall through:

- cancel ("ยกเลิก", /cancel, the flow's ✕ button) ends the flow, always; "ย้อนกลับ" asks the previous step again;
- before any reader sees text, `handlers.gate` decides "an answer to this step, or a new request?"; a request is
  answered as usual and the router brings the person back to the open step in one line with its buttons (`Aside`);
  when in doubt the person chooses with one tap ("บันทึกเป็นคำตอบ" / "ถามเรื่องนี้");
- a reader that does not recognise an answer returns None (Rasa's form rejection): the text is a request if it is
  one, else the step is asked again in one short message;
- stickers and files a step does not take are acknowledged, then the step is re-offered;
- a tapped button of this flow that the open step does not take is a stale tap: said once, then the step;
- an acknowledgement ("โอเคค่ะ", "555") gets a short friendly word and the step;
- the flow's own start phrase typed again, and a person coming back after a long pause, go to the flow's `restart`
  and `idle` hooks (re-offer: continue or start again).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Kind, Reply
from bot.core.router import Aside
from bot.thai import answers
from handlers import gate
from handlers.intents import IntentDispatcher

DOUBT_ACTION = "fl"  # fl:save / fl:ask, the one-tap answer to "an answer, or a question?"
PENDING = "_pending"  # the typed text waiting for that tap, kept in the flow's state data


class Answer(StrEnum):
    """What a step expects: it decides how text that is not an answer is taken."""

    CHOICE = "choice"  # closed: buttons, numbers, statuses, cards, menus
    TEXT = "text"  # free text: only a clear question or command is a request
    FILES = "files"  # attachments, or a word that finishes


Read = Callable[[Incoming, Context], Awaitable[list[Reply] | None]]  # None: not an answer to this step


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    name: str
    answer: Answer
    question: str  # message id of the step's question in one line (the way back repeats it)
    read: Read  # takes the answer and moves the flow on; None when the message is not an answer
    taps: tuple[str, ...] = ()  # the stems of this flow's buttons this step takes ("d" for "ci:d:4")
    retry: str = ""  # message id said before asking again, when typed text is no answer
    words: frozenset[str] = frozenset()  # short answers read before the gate (ไม่มี, ข้าม, เสร็จแล้ว)
    media: bool = False  # takes a photo or document besides its answer (the card: one more file)


@dataclass(frozen=True)
class Flow:
    """A declared conversation: its steps and the few hooks that differ between flows."""

    name: str  # ctx.state.flow while it is open
    prefix: str  # its buttons' action prefix
    steps: dict[str, Step]
    current: Callable[[Context], str | None]  # the open step's name, from the state
    choices: Callable[[Context], Awaitable[tuple[Choice, ...]]]  # the open step's buttons
    cancel: Callable[[Context], Awaitable[list[Reply]]]
    title: Callable[[Context], str]  # "การเช็คอินหน้าที่", "การอัปเดตโครงการ …"
    params: Callable[[Context], Awaitable[dict[str, object]]] | None = None  # the question's placeholders
    question: Callable[[Context], Awaitable[str]] | None = None  # the open step's question, if not step.question
    ask: Callable[[Context, str], Awaitable[list[Reply]]] | None = None  # the step asked again after this note
    restart: Read | None = None  # the flow's own start typed again (None: it was not)
    idle: Read | None = None  # a person back after a long pause (None: not idle)
    back: Read | None = None  # the previous step asked again (None: there is none)
    anytime: Callable[[Incoming, Context], Awaitable[list[Reply] | Aside | None]] | None = None  # taps any step takes
    commands: frozenset[str] = frozenset()  # commands that go to `restart`
    cancel_stem: str = "x"  # the stem of its ✕ button
    own: frozenset[str] = frozenset()  # its own phrases' intents: on free-text steps they may be answers


class Runner:
    """Runs one declared flow; the router calls it for every message while the flow is open."""

    def __init__(self, flow: Flow, dispatcher: IntentDispatcher) -> None:
        self.flow = flow
        self.dispatcher = dispatcher

    async def __call__(self, msg: Incoming, ctx: Context) -> list[Reply] | Aside | None:
        flow = self.flow
        if not msg.addressed:
            return []
        step = flow.steps.get(flow.current(ctx) or "")
        if step is None:  # a state this code does not know (an older version's): let go rather than trap
            ctx.state.clear()
            return None
        if _cancelling(msg, flow):
            return await flow.cancel(ctx)
        if msg.kind is Kind.ACTION and (msg.action or "").startswith(f"{DOUBT_ACTION}:"):
            return await self._doubt_answered(msg, ctx, step)
        ctx.state.data.pop(PENDING, None)
        if msg.kind is Kind.COMMAND:
            if msg.command in flow.commands and flow.restart is not None:
                replies = await flow.restart(msg, ctx)
                if replies is not None:
                    return replies
            return Aside()
        if flow.idle is not None and (offered := await flow.idle(msg, ctx)) is not None:
            return offered
        if msg.kind is Kind.ACTION:
            return await self._tap(msg, ctx, step)
        if msg.kind is not Kind.TEXT:
            if step.answer is Answer.FILES or (msg.kind is Kind.MEDIA and step.media):
                replies = await step.read(msg, ctx)
                if replies is not None:
                    return replies
            key = "flow.media" if msg.kind is Kind.MEDIA else "flow.not_text"
            return [Reply(text=ctx.t(key)), await self.way_back(ctx)]
        return await self._text(msg, ctx, step)

    async def _tap(self, msg: Incoming, ctx: Context, step: Step) -> list[Reply] | Aside:
        flow = self.flow
        action = msg.action or ""
        if not action.startswith(f"{flow.prefix}:"):
            return Aside()  # another feature's button: its answer, then the way back
        stem = action[len(flow.prefix) + 1 :].split(":", 1)[0]
        if stem in step.taps:
            replies = await step.read(msg, ctx)
            if replies is not None:
                return replies
        if flow.anytime is not None and (result := await flow.anytime(msg, ctx)) is not None:
            return result
        return [Reply(text=ctx.t("flow.stale_tap")), await self.way_back(ctx)]

    async def _text(self, msg: Incoming, ctx: Context, step: Step) -> list[Reply] | Aside:
        flow = self.flow
        if flow.restart is not None and (replies := await flow.restart(msg, ctx)) is not None:
            return replies
        word = answers.bare(msg.text)
        if word in answers.BACK_WORDS and word not in step.words and flow.back is not None:
            replies = await flow.back(msg, ctx)
            if replies is not None:
                return replies
        if word in step.words:
            replies = await step.read(msg, ctx)
            if replies is not None:
                return replies
        if step.answer is Answer.TEXT:
            verdict = gate.free_text(msg.text, ctx, self.dispatcher, flow.own)
            if verdict is gate.Verdict.ACK:
                return [Reply(text=ctx.t("flow.ack")), await self.way_back(ctx)]
            if verdict is gate.Verdict.REQUEST:
                return Aside()
            if verdict is gate.Verdict.DOUBT:
                return self._ask_doubt(msg, ctx)
            replies = await step.read(msg, ctx)
            return replies if replies is not None else await self.ask_again(ctx, step)
        replies = await step.read(msg, ctx)
        if replies is not None:
            return replies
        verdict = gate.closed(msg.text, ctx, self.dispatcher)
        if verdict is gate.Verdict.ACK:
            return [Reply(text=ctx.t("flow.ack")), await self.way_back(ctx)]
        if verdict is gate.Verdict.REQUEST:
            return Aside()
        return await self.ask_again(ctx, step)

    def _ask_doubt(self, msg: Incoming, ctx: Context) -> list[Reply]:
        ctx.state.data[PENDING] = msg.text
        choices = (
            Choice(ctx.t("flow.choice.save_answer"), f"{DOUBT_ACTION}:save"),
            Choice(ctx.t("flow.choice.ask_this"), f"{DOUBT_ACTION}:ask"),
        )
        return [Reply(text=ctx.t("flow.doubt", text=_quote(msg.text)), choices=choices)]

    async def _doubt_answered(self, msg: Incoming, ctx: Context, step: Step) -> list[Reply] | Aside:
        pending = ctx.state.data.pop(PENDING, None)
        if not isinstance(pending, str):
            return [Reply(text=ctx.t("flow.stale_tap")), await self.way_back(ctx)]
        typed = dataclasses.replace(msg, kind=Kind.TEXT, text=pending, action=None)
        if msg.action == f"{DOUBT_ACTION}:ask":
            return Aside(typed)
        replies = await step.read(typed, ctx)
        return replies if replies is not None else await self.ask_again(ctx, step)

    async def ask_again(self, ctx: Context, step: Step) -> list[Reply]:
        """The step once more, short: what was wrong, the question, its buttons."""
        params = await self._params(ctx)
        lead = ctx.t(step.retry, **params) if step.retry else ctx.t("flow.retry")
        if self.flow.ask is not None:
            return await self.flow.ask(ctx, lead)
        text = "\n".join(line for line in (lead, await self._question(ctx, step)) if line)
        return [Reply(text=text, choices=await self.flow.choices(ctx))]

    async def way_back(self, ctx: Context) -> Reply:
        """ "ยังมีการเช็คอินหน้าที่ค้างอยู่ค่ะ — <the step's question>" with the step's buttons."""
        step = self.flow.steps.get(self.flow.current(ctx) or "")
        question = await self._question(ctx, step) if step is not None else ""
        text = ctx.t("flow.way_back", title=self.flow.title(ctx), question=" ".join(question.split()))
        return Reply(text=text, choices=await self.flow.choices(ctx))

    async def _params(self, ctx: Context) -> dict[str, object]:
        return await self.flow.params(ctx) if self.flow.params is not None else {}

    async def _question(self, ctx: Context, step: Step) -> str:
        if self.flow.question is not None:
            return await self.flow.question(ctx)
        return ctx.t(step.question, **await self._params(ctx))


def _cancelling(msg: Incoming, flow: Flow) -> bool:
    if msg.kind is Kind.COMMAND:
        return msg.command == "cancel"
    if msg.kind is Kind.ACTION:
        return msg.action == f"{flow.prefix}:{flow.cancel_stem}"
    return msg.kind is Kind.TEXT and answers.is_cancel(msg.text)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
