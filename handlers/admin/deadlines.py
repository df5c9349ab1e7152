"""/deadline add DATE TITLE · list · move ID DATE · remove ID (เพิ่มกำหนดส่ง / รายการกำหนดส่ง / เลื่อนกำหนดส่ง /
ลบกำหนดส่ง): the committee's own deadlines, over the reminders' deadline repository, so reminders follow at once.

Dates in any common Thai form (bot.admin.deadline_text). Every change is confirmed, then audited. A group changes
only its own committee's deadlines; deadlines for everyone or a province are listed, and changed by the operator.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.admin.deadline_text import read_day, split_date
from bot.core.context import Context
from bot.core.messages import Incoming, Reply
from handlers.admin import confirm
from handlers.admin.scope import Scope, admin_scope, audit
from handlers.common import days_left, show_date
from storage.models import CustomDeadline
from storage.repositories.custom_deadlines import (
    DeadlineError,
    add_custom_deadline,
    custom_deadlines,
    get_custom_deadline,
    move_custom_deadline,
    remove_custom_deadline,
)

VERBS = {
    "add": "add",
    "เพิ่ม": "add",
    "list": "list",
    "รายการ": "list",
    "ดู": "list",
    "move": "move",
    "เลื่อน": "move",
    "remove": "remove",
    "ลบ": "remove",
    "delete": "remove",
}
MAX_TITLE = 300


def admin_verb(args: str) -> str | None:
    """The admin form's verb ("add", "list", "move", "remove") when `args` starts with one."""
    first = args.split(maxsplit=1)[0].lower() if args.split() else ""
    return VERBS.get(first)


def _day(ctx: Context, day: date) -> str:
    return ctx.t("admin.deadline.day", date=show_date(day, ctx.lang, "weekday" if ctx.lang == "th" else "full"),
                 left=days_left(day, ctx.today, ctx.lang))  # fmt: skip


def _id(text: str) -> int | None:
    digits = text.strip().lstrip("#").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return int(digits) if digits.isdigit() else None


async def on_deadline(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    verb = admin_verb(msg.args)
    rest = msg.args.split(maxsplit=1)[1] if len(msg.args.split(maxsplit=1)) > 1 else ""
    if verb == "list":
        return await _list(ctx, scope)
    if verb == "add":
        return _ask_add(ctx, rest)
    if verb == "move":
        return await _ask_move(ctx, scope, rest)
    if verb == "remove":
        return await _ask_remove(ctx, scope, rest)
    return [Reply(text=ctx.t("admin.deadline.usage"))]


async def _list(ctx: Context, scope: Scope) -> list[Reply]:
    rows = await custom_deadlines(ctx.session, committee_id=scope.committee.id)
    if not rows:
        return [Reply(text=ctx.t("admin.deadline.none"))]
    lines = [ctx.t("admin.deadline.list_header", name=scope.committee.name)]
    for row in rows:
        key = "admin.deadline.line" if row.committee_id == scope.committee.id else "admin.deadline.line_shared"
        lines.append(ctx.t(key, id=row.id, title=row.title, day=_day(ctx, row.due_on)))
    return [Reply(text="\n".join(lines))]


def _ask_add(ctx: Context, rest: str) -> list[Reply]:
    found = split_date(rest, ctx.today)
    if found is None:
        return [Reply(text=ctx.t("admin.deadline.bad_date"))]
    day, title = found
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        return [Reply(text=ctx.t("admin.deadline.need_title"))]
    if day < ctx.today:
        return [Reply(text=ctx.t("admin.deadline.past"))]
    question = ctx.t("admin.deadline.ask_add", title=title, day=_day(ctx, day))
    return confirm.ask(ctx, "deadline_add", question, title=title, due=day.isoformat())


async def _own(ctx: Context, scope: Scope, text: str) -> CustomDeadline | list[Reply]:
    deadline_id = _id(text)
    if deadline_id is None:
        return [Reply(text=ctx.t("admin.deadline.need_id"))]
    try:
        row = await get_custom_deadline(ctx.session, deadline_id)
    except DeadlineError:
        return [Reply(text=ctx.t("admin.deadline.not_found", id=deadline_id))]
    if row.committee_id != scope.committee.id:
        key = "admin.deadline.shared" if row.committee_id is None else "admin.deadline.not_found"
        return [Reply(text=ctx.t(key, id=deadline_id))]
    return row


async def _ask_move(ctx: Context, scope: Scope, rest: str) -> list[Reply]:
    parts = rest.split(maxsplit=1)
    row = await _own(ctx, scope, parts[0] if parts else "")
    if isinstance(row, list):
        return row
    day = read_day(parts[1], ctx.today) if len(parts) > 1 else None
    if day is None:
        return [Reply(text=ctx.t("admin.deadline.bad_date"))]
    if day < ctx.today:
        return [Reply(text=ctx.t("admin.deadline.past"))]
    question = ctx.t("admin.deadline.ask_move", title=row.title, old=_day(ctx, row.due_on), day=_day(ctx, day))
    return confirm.ask(ctx, "deadline_move", question, id=row.id, due=day.isoformat())


async def _ask_remove(ctx: Context, scope: Scope, rest: str) -> list[Reply]:
    row = await _own(ctx, scope, rest)
    if isinstance(row, list):
        return row
    question = ctx.t("admin.deadline.ask_remove", title=row.title, day=_day(ctx, row.due_on))
    return confirm.ask(ctx, "deadline_remove", question, id=row.id)


@confirm.executor("deadline_add")
async def do_add(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    person = scope.actor.person
    row = await add_custom_deadline(
        ctx.session,
        title=str(data["title"]),
        due_on=date.fromisoformat(str(data["due"])),
        now=ctx.now,
        committee_id=scope.committee.id,
        created_by=person.id if person is not None else None,
    )
    audit(ctx, msg, "admin.deadline.add", scope.committee, deadline_id=row.id, due=row.due_on.isoformat())
    return [Reply(text=ctx.t("admin.deadline.added", id=row.id, title=row.title, day=_day(ctx, row.due_on)))]


@confirm.executor("deadline_move")
async def do_move(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    row = await _own(ctx, scope, str(data["id"]))
    if isinstance(row, list):
        return row
    old = row.due_on
    row = await move_custom_deadline(ctx.session, row.id, date.fromisoformat(str(data["due"])))
    audit(ctx, msg, "admin.deadline.move", scope.committee, deadline_id=row.id, old=old.isoformat(),
          due=row.due_on.isoformat())  # fmt: skip
    return [Reply(text=ctx.t("admin.deadline.moved", id=row.id, title=row.title, day=_day(ctx, row.due_on)))]


@confirm.executor("deadline_remove")
async def do_remove(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    row = await _own(ctx, scope, str(data["id"]))
    if isinstance(row, list):
        return row
    await remove_custom_deadline(ctx.session, row.id, ctx.now)
    audit(ctx, msg, "admin.deadline.remove", scope.committee, deadline_id=row.id)
    return [Reply(text=ctx.t("admin.deadline.removed", id=row.id, title=row.title))]
