"""Routes an Incoming to the one handler that should answer it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Reply

Handler = Callable[[Incoming, Context], Awaitable[list[Reply]]]
FlowHandler = Callable[[Incoming, Context], Awaitable[list[Reply] | None]]  # None: not mine, route as usual

# A tapped choice carries "<prefix>:<rest>"; e.g. "i:deadline_round:2" runs the intent handler with its slots.


@dataclass
class Router:
    """Order of precedence: global commands, the flow in progress, commands, actions, kinds, intents."""

    commands: dict[str, Handler] = field(default_factory=dict)
    global_commands: set[str] = field(default_factory=set)  # these interrupt a flow (e.g. cancel, help)
    flows: dict[str, FlowHandler] = field(default_factory=dict)
    actions: dict[str, Handler] = field(default_factory=dict)  # by prefix before the first ":"
    kinds: dict[Kind, Handler] = field(default_factory=dict)
    text: Handler | None = None  # free text outside any flow
    unknown_command: Handler | None = None

    async def route(self, msg: Incoming, ctx: Context) -> list[Reply]:
        if msg.kind is Kind.COMMAND and msg.command in self.global_commands:
            return await self.commands[msg.command](msg, ctx)
        flow = self.flows.get(ctx.state.flow or "")
        if flow is not None and msg.kind in _FLOW_KINDS:
            replies = await flow(msg, ctx)
            if replies is not None:
                return replies
        handler = self._pick(msg)
        return [] if handler is None else await handler(msg, ctx)

    def _pick(self, msg: Incoming) -> Handler | None:
        if msg.kind is Kind.COMMAND:
            return self.commands.get(msg.command or "", self.unknown_command)
        if msg.kind is Kind.ACTION:
            prefix = (msg.action or "").split(":", 1)[0]
            return self.actions.get(prefix)
        if msg.kind is Kind.TEXT:
            return self.text
        return self.kinds.get(msg.kind)


_FLOW_KINDS = frozenset({Kind.TEXT, Kind.COMMAND, Kind.ACTION, Kind.MEDIA, Kind.STICKER})
