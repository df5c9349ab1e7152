"""Routes an Incoming to the one handler that should answer it, and brings people back to a flow they left open.

Order of precedence: a typed button label (or, on the console, a shown number) becomes the tap; the open flow
reads the message first; what it does not take as an answer is routed as usual (commands, taps, kinds, free text)
and, when the flow is still open, followed by the flow's way back: one line and its buttons. A request that starts
another flow parks the open one; it comes back when the new one ends.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Platform, Reply
from bot.thai.answers import bare, bare_label

Handler = Callable[[Incoming, Context], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class Aside:
    """What a flow returns for a message that is a new request: route it as usual (this message, or the one given),
    then bring the person back to the open step."""

    msg: Incoming | None = None


FlowResult = list[Reply] | Aside | None  # None: not mine, route as usual (the flow may have ended itself)
FlowHandler = Callable[[Incoming, Context], Awaitable[FlowResult]]


class Resumable(Protocol):
    """A flow that can say, in one line with its buttons, where the person stands in it."""

    async def __call__(self, msg: Incoming, ctx: Context) -> FlowResult: ...

    async def way_back(self, ctx: Context) -> Reply: ...


SHOWN = "_shown"  # state data: the choices last shown, [[label, action], ...], so typed labels work after a restart
PARKED = "_parked"  # state data: a flow left open when another one started, {"flow": ..., "data": ...}

# A tapped choice carries "<prefix>:<rest>"; e.g. "i:deadline_round:2" runs the intent handler with its slots.


@dataclass
class Router:
    """Order of precedence: the flow in progress, commands, actions, kinds, intents."""

    commands: dict[str, Handler] = field(default_factory=dict)
    global_commands: set[str] = field(default_factory=set)  # never read by a flow (the flow comes back after)
    flows: dict[str, FlowHandler] = field(default_factory=dict)
    actions: dict[str, Handler] = field(default_factory=dict)  # by prefix before the first ":"
    kinds: dict[Kind, Handler] = field(default_factory=dict)
    text: Handler | None = None  # free text outside any flow
    unknown_command: Handler | None = None

    async def route(self, msg: Incoming, ctx: Context) -> list[Reply]:
        msg = _typed_choice(msg, ctx.state.data.get(SHOWN))
        parked = ctx.state.data.get(PARKED)
        replies = await self._route(msg, ctx)
        return replies if ctx.state.forgotten else await self._unpark(ctx, parked, replies)

    async def _route(self, msg: Incoming, ctx: Context) -> list[Reply]:
        flow = self.flows.get(ctx.state.flow or "")
        if flow is None or msg.kind not in _FLOW_KINDS:
            return await self._answer(msg, ctx)
        if msg.kind is Kind.COMMAND and msg.command in self.global_commands:
            return await self._aside(msg, ctx, flow)
        result = await flow(msg, ctx)
        if isinstance(result, list):
            return result
        if isinstance(result, Aside):
            return await self._aside(result.msg or msg, ctx, flow)
        return await self._answer(msg, ctx)

    async def _answer(self, msg: Incoming, ctx: Context) -> list[Reply]:
        handler = self._pick(msg)
        return [] if handler is None else await handler(msg, ctx)

    async def _aside(self, msg: Incoming, ctx: Context, flow: FlowHandler) -> list[Reply]:
        """Answer a request made in the middle of a flow, then bring the person back to it (or park it)."""
        name, data = ctx.state.flow, copy.deepcopy(ctx.state.data)
        replies = await self._answer(msg, ctx)
        if ctx.state.flow is None:  # the answer cleared the state (e.g. a question it asked back): ours stays
            ctx.state.start(name or "", **data)
        elif ctx.state.flow != name:  # the request started another flow: this one waits for it
            data.pop(PARKED, None)
            ctx.state.data[PARKED] = {"flow": name, "data": data}
            return replies
        elif ctx.state.data != data:  # the answer moved the flow on itself (e.g. offered to continue it)
            return replies
        back = getattr(flow, "way_back", None)
        if back is None:
            return replies
        # The answer without its own buttons, then the step's: LINE shows only the last message's quick replies,
        # and one set of buttons keeps typed numbers meaning the step's choices.
        return [*(dataclasses.replace(r, choices=()) for r in replies), await back(ctx)]

    async def _unpark(self, ctx: Context, parked: Any, replies: list[Reply]) -> list[Reply]:
        """A parked flow survives the flow that interrupted it, and comes back when that one ends."""
        if not isinstance(parked, dict) or parked.get("flow") not in self.flows:
            return replies
        if ctx.state.flow is not None and ctx.state.flow != parked["flow"]:
            ctx.state.data.setdefault(PARKED, parked)
            return replies
        if ctx.state.flow is None:
            ctx.state.start(parked["flow"], **parked["data"])
            back = getattr(self.flows[parked["flow"]], "way_back", None)
            if back is not None:
                return [*replies, await back(ctx)]
        return replies

    def _pick(self, msg: Incoming) -> Handler | None:
        if msg.kind is Kind.COMMAND:
            return self.commands.get(msg.command or "", self.unknown_command)
        if msg.kind is Kind.ACTION:
            prefix = (msg.action or "").split(":", 1)[0]
            return self.actions.get(prefix)
        if msg.kind is Kind.TEXT:
            return self.text
        return self.kinds.get(msg.kind)


def remember_choices(ctx: Context, replies: list[Reply]) -> None:
    """Keep the buttons just shown, so that typing one's label (or, on the console, its number) taps it later,
    also after a restart. Nothing is kept for an event that got no reply."""
    if not replies:
        return
    shown = [[c.label, c.action] for r in replies for c in r.choices]
    if shown:
        ctx.state.data[SHOWN] = shown
    else:
        ctx.state.data.pop(SHOWN, None)


def _typed_choice(msg: Incoming, shown: Any) -> Incoming:
    """Text that is exactly a shown button's label is that button; on the console a shown number too."""
    if msg.kind is not Kind.TEXT or not msg.addressed or not isinstance(shown, list) or not shown:
        return msg
    typed = bare(msg.text)
    action = next((a for label, a in shown if bare_label(label) == typed), None)
    if action is None and msg.platform is Platform.CONSOLE and typed.isdigit() and 1 <= int(typed) <= len(shown):
        action = shown[int(typed) - 1][1]
    if action is None:
        return msg
    return dataclasses.replace(msg, kind=Kind.ACTION, action=action)


_FLOW_KINDS = frozenset({Kind.TEXT, Kind.COMMAND, Kind.ACTION, Kind.MEDIA, Kind.STICKER})
