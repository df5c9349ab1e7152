"""Binding a group chat to its committee: /bind CODE ("ผูกกลุ่ม CODE"), /unbind, and the bot's two-line
introduction when it is added to a group.

Who may bind: a registered admin of that committee; on Telegram also an administrator of the group (getChatMember).
One group per committee and one committee per group: the other binding must be undone first.
"""

from __future__ import annotations

from typing import Any

from bot.authz import load_actor, may_admin
from bot.core.context import Context
from bot.core.messages import Incoming, Reply
from bot.directory.values import code_key
from handlers.admin import confirm
from handlers.admin.scope import admin_scope, audit, in_group
from storage.models import Committee
from storage.repositories.directory import committee_by_code
from storage.repositories.groups import bind, bound_committee, unbind


async def on_joined_group(msg: Incoming, ctx: Context) -> list[Reply]:
    """Added to a group: who the bot is, and how an admin binds the group (two lines)."""
    return [Reply(text=ctx.t("admin.intro"))]


async def on_left_group(msg: Incoming, ctx: Context) -> list[Reply]:
    """Removed from a group: the binding goes too, so overdue summaries stop going to a chat the bot cannot reach."""
    committee = await bound_committee(ctx.session, msg.platform.value, msg.chat_id)
    if committee is not None:
        unbind(committee)
        audit(ctx, msg, "admin.unbind", committee, reason="bot_removed")
    return []


async def on_bind(msg: Incoming, ctx: Context) -> list[Reply]:
    if not in_group(msg):
        return [Reply(text=ctx.t("admin.bind.group_only"))]
    code = msg.args.split()[0] if msg.args.split() else ""
    if not code:
        return [Reply(text=ctx.t("admin.bind.usage"))]
    refusal = await _bind_refusal(msg, ctx, code)
    if isinstance(refusal, list):
        return refusal
    committee = refusal
    question = ctx.t("admin.bind.ask", name=committee.name, code=committee.code)
    return confirm.ask(ctx, "bind", question, committee_id=committee.id, code=committee.code)


async def _bind_refusal(msg: Incoming, ctx: Context, code: str) -> Committee | list[Reply]:
    """The committee to bind, or why not; checked again when the admin confirms."""
    actor = await load_actor(ctx.store, ctx.identity)
    committee = await committee_by_code(ctx.session, code_key(code))
    if committee is None or not may_admin(actor, committee.id):  # an unknown code is not confirmed to outsiders
        key = "admin.bind.unknown" if committee is None and actor.registered else "admin.refused"
        return [Reply(text=ctx.t(key, code=code))]
    if not await ctx.services.platforms.is_group_admin(msg.platform.value, msg.chat_id, msg.user_id):
        return [Reply(text=ctx.t("admin.bind.not_group_admin"))]
    here = await bound_committee(ctx.session, msg.platform.value, msg.chat_id)
    if here is not None and here.id != committee.id:
        return [Reply(text=ctx.t("admin.bind.group_taken", name=here.name))]
    if here is not None:
        return [Reply(text=ctx.t("admin.bind.already", name=committee.name))]
    if committee.group_chat_id is not None:
        return [Reply(text=ctx.t("admin.bind.committee_taken", name=committee.name))]
    return committee


@confirm.executor("bind")
async def do_bind(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    checked = await _bind_refusal(msg, ctx, str(data["code"]))
    if isinstance(checked, list):
        return checked
    bind(checked, msg.platform.value, msg.chat_id)
    audit(ctx, msg, "admin.bind", checked)
    return [Reply(text=ctx.t("admin.bind.done", name=checked.name))]


async def on_unbind(msg: Incoming, ctx: Context) -> list[Reply]:
    if not in_group(msg):
        return [Reply(text=ctx.t("admin.bind.group_only"))]
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    if not await ctx.services.platforms.is_group_admin(msg.platform.value, msg.chat_id, msg.user_id):
        return [Reply(text=ctx.t("admin.bind.not_group_admin"))]
    question = ctx.t("admin.unbind.ask", name=scope.committee.name)
    return confirm.ask(ctx, "unbind", question)


@confirm.executor("unbind")
async def do_unbind(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    unbind(scope.committee)
    audit(ctx, msg, "admin.unbind", scope.committee)
    return [Reply(text=ctx.t("admin.unbind.done", name=scope.committee.name))]
