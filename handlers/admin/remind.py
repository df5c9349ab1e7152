"""/remind ("เตือนทุกคน"): who has not finished this round, a confirmation, then one private reminder each through
the outbox. Members missing duties and directors of schools with no update this round are reminded; those who are
done are not. The group sees one line with the count; a second /remind the same day sends nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.admin.progress import RoundProgress
from bot.core.context import Context
from bot.core.messages import Incoming, Reply
from handlers.admin import confirm
from handlers.admin.scope import admin_scope, audit
from handlers.admin.status import progress_of, round_label
from storage.models import Identity

PREFERRED = ("telegram", "line")  # a person who linked both is reminded on Telegram (no LINE quota spent)


@dataclass(frozen=True, slots=True)
class Due:
    person_id: int
    name: str
    what: str  # what is missing, in the person's words


def _due(ctx: Context, p: RoundProgress) -> list[Due]:
    due = [
        Due(m.person_id, m.name, ctx.t("admin.remind.duties", numbers=", ".join(str(n) for n in m.missing)))
        for m in p.behind
    ]
    seen = {d.person_id for d in due}
    for school in p.schools:
        director = school.school.director_id
        if not school.sent and director is not None and director not in seen:
            due.append(Due(director, "", ctx.t("admin.remind.school", school=school.school.name)))
            seen.add(director)
    return due


async def _chats(ctx: Context, person_ids: list[int]) -> dict[int, Identity]:
    rows = await ctx.session.execute(select(Identity).where(Identity.person_id.in_(person_ids)))
    chosen: dict[int, Identity] = {}
    for identity in rows.scalars():
        if identity.platform not in PREFERRED or identity.person_id is None:
            continue
        current = chosen.get(identity.person_id)
        if current is None or PREFERRED.index(identity.platform) < PREFERRED.index(current.platform):
            chosen[identity.person_id] = identity
    return chosen


async def _names(ctx: Context, due: list[Due]) -> dict[int, str]:
    from storage.models import Person

    rows = await ctx.session.execute(
        select(Person.id, Person.full_name).where(Person.id.in_([d.person_id for d in due]))
    )
    return dict(rows.all())


async def on_remind(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    p = await progress_of(ctx, scope)
    due = _due(ctx, p)
    if not due:
        return [Reply(text=ctx.t("admin.remind.nobody"))]
    names = await _names(ctx, due)
    chats = await _chats(ctx, [d.person_id for d in due])
    reachable = [names[d.person_id] for d in due if d.person_id in chats]
    unreachable = [names[d.person_id] for d in due if d.person_id not in chats]
    lines = [ctx.t("admin.remind.who", count=len(reachable), names=", ".join(reachable) or "-")]
    if unreachable:
        lines.append(ctx.t("admin.remind.unreachable", names=", ".join(unreachable)))
    if not reachable:
        return [Reply(text="\n".join(lines))]
    return confirm.ask(ctx, "remind", "\n".join([*lines, ctx.t("admin.remind.ask")]))


@confirm.executor("remind")
async def do_remind(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    p = await progress_of(ctx, scope)
    due = _due(ctx, p)
    chats = await _chats(ctx, [d.person_id for d in due])
    committee = scope.committee
    when = round_label(ctx, p)
    sent = already = 0
    for item in due:
        identity = chats.get(item.person_id)
        if identity is None:
            continue
        text = ctx.t("admin.remind.message", committee=committee.name, round=when, missing=item.what)
        key = f"admin-remind:{committee.id}:{item.person_id}:{ctx.today.isoformat()}"
        queued = await ctx.enqueue(
            identity.platform, identity.user_id, [Reply(text=text)], key, kind="admin", person_id=item.person_id
        )
        sent += queued is not None
        already += queued is None
    audit(ctx, msg, "admin.remind", committee, reminded=sent, due=len(due))
    text = ctx.t("admin.remind.done", count=sent)
    if already:
        text = "\n".join([text, ctx.t("admin.remind.already", count=already)])
    return [Reply(text=text)]
