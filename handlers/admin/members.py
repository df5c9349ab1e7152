"""/members ("รายชื่อกรรมการ"): the committee's seats and who has registered; /invite NAME ("ออกรหัสเชิญ NAME"):
a one-time code for a member, which goes to the admin privately, never into the group."""

from __future__ import annotations

from typing import Any

from bot.core.context import Context
from bot.core.messages import Incoming, Reply
from bot.directory.invite import find_person, invite_text
from handlers.admin import confirm
from handlers.admin.private import send_privately
from handlers.admin.scope import admin_scope, audit
from storage.repositories.directory import PersonEntry, StoredPerson, list_people, load_snapshot
from storage.repositories.invites import create_invite
from storage.repositories.seats import vacant_seats

INVITE_DAYS = 14


def _seats(ctx: Context, entry: PersonEntry, committee_code: str) -> str:
    roles = [ctx.t(f"directory.role.{s.role}") for s in entry.seats if s.committee_code == committee_code]
    admin = any(s.is_admin for s in entry.seats if s.committee_code == committee_code)
    if admin:
        roles.append(ctx.t("admin.members.admin"))
    if not roles and entry.schools:
        roles = [ctx.t("admin.members.director", school=entry.schools[0].name)]
    return ", ".join(roles)


async def on_members(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    entries = await list_people(ctx.session, scope.committee, include_unregistered=True)
    registered = sum(e.registered for e in entries)
    total = len(entries) + len(await vacant_seats(ctx.session, scope.committee.id))
    lines = [ctx.t("admin.members.header", name=scope.committee.name, registered=registered, total=total)]
    for entry in entries:  # names and seats only: no phone, no e-mail, in a group or not
        mark = "✅" if entry.registered else "⬜"
        lines.append(f"{mark} {entry.full_name} — {_seats(ctx, entry, scope.committee.code)}")
    vacant = await vacant_seats(ctx.session, scope.committee.id)
    for seat in vacant:  # an erased person's seat: the role, no name, until an import fills it
        lines.append(f"⬜ {ctx.t('committee.vacant')} — {ctx.t(f'directory.role.{seat.role}')}")
    if vacant:
        lines.append(ctx.t("admin.members.vacant_hint"))
    lines.append(ctx.t("admin.members.footer"))
    return [Reply(text="\n".join(lines))]


async def _invitee(ctx: Context, scope_code: str, query: str, entries: list[PersonEntry]) -> StoredPerson | str:
    """The one person of this committee (or its area's directors) the admin means, or the message saying why not."""
    ids = {e.id for e in entries}
    people = tuple(p for p in (await load_snapshot(ctx.session)).people if p.id in ids)
    matches = find_person(people, query)
    if not matches:
        return ctx.t("admin.invite.not_found", query=query)
    if len(matches) > 1:
        return ctx.t("admin.invite.ambiguous", query=query)
    return matches[0]


async def on_invite(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    query = msg.args.strip()
    if not query:
        return [Reply(text=ctx.t("admin.invite.usage"))]
    entries = await list_people(ctx.session, scope.committee, include_unregistered=True)
    person = await _invitee(ctx, scope.committee.code, query, entries)
    if isinstance(person, str):
        return [Reply(text=person)]
    question = ctx.t("admin.invite.ask", name=person.full_name, days=INVITE_DAYS)
    return confirm.ask(ctx, "invite", question, person_id=person.id, name=person.full_name)


@confirm.executor("invite")
async def do_invite(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    person_id, name = int(data["person_id"]), str(data["name"])
    invite = await create_invite(ctx.session, person_id, ctx.now, days=INVITE_DAYS, platform=msg.platform.value)
    audit(ctx, msg, "admin.invite", scope.committee, for_person_id=person_id, invite_id=invite.id)
    code = invite_text(
        ctx.t, name, invite.code, invite.expires_at, ctx.services.tz, ctx.services.bot_names.get("telegram")
    )
    if not scope.in_group:
        return [Reply(text=code)]
    await send_privately(ctx, msg, [Reply(text=code)], dedupe_key=f"admin-invite:{invite.id}")
    return [Reply(text=ctx.t("admin.invite.sent_privately", name=name))]
