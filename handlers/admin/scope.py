"""Which committee an admin command acts on, and whether this person may run it.

In a group: the committee bound to the group, and the sender must be one of its admins. In a private chat: the one
committee the sender administers (with two or more, the command belongs in that committee's group).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.authz import Actor, load_actor, may_admin
from bot.core.context import Context
from bot.core.messages import ChatType, Incoming, Reply
from storage.models import Committee
from storage.repositories.audit import add_audit
from storage.repositories.groups import bound_committee


@dataclass(frozen=True, slots=True)
class Scope:
    committee: Committee
    actor: Actor
    in_group: bool


def in_group(msg: Incoming) -> bool:
    return msg.chat_type is ChatType.GROUP


async def admin_scope(msg: Incoming, ctx: Context) -> Scope | list[Reply]:
    """The committee and the admin, or the polite refusal to send instead (nothing is changed)."""
    actor = await load_actor(ctx.store, ctx.identity)
    if in_group(msg):
        committee = await bound_committee(ctx.session, msg.platform.value, msg.chat_id)
        if committee is None:
            return [Reply(text=ctx.t("admin.unbound"))]
        if not may_admin(actor, committee.id):
            return [Reply(text=ctx.t("admin.refused"))]
        return Scope(committee, actor, True)
    mine = list(dict.fromkeys(m.committee_id for m in actor.memberships if m.is_admin))
    if not mine:
        return [Reply(text=ctx.t("admin.refused"))]
    if len(mine) > 1:
        return [Reply(text=ctx.t("admin.several_committees"))]
    committee = await ctx.session.get(Committee, mine[0])
    assert committee is not None
    return Scope(committee, actor, False)


def audit(ctx: Context, msg: Incoming, action: str, committee: Committee, **details: object) -> None:
    """Who (the audit row's person and account), what, which group (chat), when (the event's clock)."""
    add_audit(
        ctx.session,
        action,
        platform=msg.platform.value,
        user_id=msg.user_id or None,
        person_id=ctx.identity.person_id if ctx.identity is not None else None,
        at=ctx.now,
        committee=committee.code,
        chat_id=msg.chat_id,
        chat_type=msg.chat_type.value,
        **details,
    )
