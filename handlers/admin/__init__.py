"""Admin commands in the committee's group chat (issue 9): one module per command family.

`register` adds the commands, the confirmation flow and buttons, and takes over /status, /deadline and /help where
an admin form of them applies (in a group; `/deadline add ...`; `/help admin`), leaving the member forms as they were.
"""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import ChatType, Incoming, Kind, Reply
from bot.core.router import Handler, Router
from handlers.admin import binding, confirm, deadlines, files, importing, members, remind, status
from handlers.admin.help import asks_admin_help, on_admin_help
from handlers.intents import IntentDispatcher


def _addressed(handler: Handler) -> Handler:
    async def run(msg: Incoming, ctx: Context) -> list[Reply]:
        return await handler(msg, ctx) if msg.addressed else []

    return run


def _in_group_or(group: Handler, private: Handler | None) -> Handler:
    async def run(msg: Incoming, ctx: Context) -> list[Reply]:
        if msg.chat_type is ChatType.GROUP:
            return await group(msg, ctx)
        return await private(msg, ctx) if private is not None else []

    return run


async def _on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    if msg.action == status.FULL_ACTION:
        return await status.on_full(msg, ctx)
    return await confirm.on_action(msg, ctx)


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    commands = {
        "bind": binding.on_bind,
        "unbind": binding.on_unbind,
        "groupstatus": status.on_status,
        "members": members.on_members,
        "invite": members.on_invite,
        "export": files.on_export,
        "chart": files.on_chart,
        "remind": remind.on_remind,
        "import": importing.on_import,
    }
    for name, handler in commands.items():
        router.commands[name] = _addressed(handler)
    router.commands["status"] = _in_group_or(_addressed(status.on_status), router.commands.get("status"))
    member_help = router.commands["help"]
    member_deadline = router.commands["deadline"]

    async def on_deadline(msg: Incoming, ctx: Context) -> list[Reply]:
        if msg.addressed and deadlines.admin_verb(msg.args) is not None:
            return await deadlines.on_deadline(msg, ctx)
        return await member_deadline(msg, ctx)

    router.commands["deadline"] = on_deadline

    async def on_help(msg: Incoming, ctx: Context) -> list[Reply]:
        return await on_admin_help(msg, ctx) if asks_admin_help(msg) and msg.addressed else await member_help(msg, ctx)

    router.commands["help"] = on_help
    router.kinds[Kind.JOINED] = _in_group_or(binding.on_joined_group, router.kinds.get(Kind.JOINED))
    router.kinds[Kind.LEFT] = _in_group_or(binding.on_left_group, router.kinds.get(Kind.LEFT))
    router.flows[confirm.FLOW] = confirm.on_typed
    router.flows[importing.FLOW] = importing.on_flow
    router.actions[confirm.PREFIX] = _on_action
