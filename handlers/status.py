"""Where do I stand: my check-ins and my school's latest update, my committee's check-ins, the area's silent schools.

Each answer is scoped in `bot.authz`: members see their own committee only, directors their own schools, members the
pilot schools of their committee's area office. Names may appear in a group chat; phone numbers only for a
committee's admins, in a private chat.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from bot.authz import (
    Actor,
    Membership,
    checkin_committees,
    load_actor,
    may_see_member_contacts,
    may_view_school,
    viewable_area_offices,
    viewable_committees,
)
from bot.checkin.parse import parse_one_message
from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Reply
from bot.core.router import Router
from handlers.checkin import duty_line, round_line
from handlers.common import intent_choice, show_date
from handlers.intents import IntentDispatcher
from handlers.lists import LONG_LIST, SHORT_LIST, capped
from storage.repositories.checkins import STATUSES, member_checkins
from storage.repositories.status import (
    Period,
    SchoolLatest,
    area_last_sent,
    area_office_name,
    as_utc,
    committee_checkins,
    committee_members,
    current_period,
    schools_latest,
)

MY_STATUS = "my_status"
SCHOOL = "status_school"
COMMITTEE = "status_committee"
AREA = "status_area"
MAX_SCHOOL_LINES = 30  # an area with more silent schools gets the count and the first ones

# --- phrase rules: the specific questions, read before the fuzzy recognizer ---------------------------------------

_CHECKIN = r"(?:เช็คอิน|เช็กอิน|เชคอิน|check\s*-?\s*in|checked\s*in)"
_GROUP = r"(?:คณะกรรมการ|กรรมการ|คณะ|committee|ใคร|who|everyone)"
_OWN_PROGRESS = r"(?:ครบ|หรือยัง|แล้วยัง|กี่ข้อ|ข้อไหน|อะไรบ้าง|ไปแล้ว|สถานะ|status|done\s+all|how\s+many)"
_SCHOOL = r"(?:โรงเรียน|ร\.ร\.|สถานศึกษา|school)"
_SENT = r"(?:ส่ง|อัปเดต|อัพเดต|อัพเดท|อัปเดท|ความคืบหน้า|รายงาน|update|report|sent|sen[dt])"
_LAST = r"(?:ล่าสุด|เมื่อไร|เมื่อไหร่|ครั้งสุดท้าย|last|latest|when)"
_NOT_SENT = (
    r"(?:ยังไม่(?:ได้)?(?:ส่ง|อัปเดต|อัพเดต|รายงาน)|ไม่ได้ส่ง|ค้างส่ง|not\s+(?:yet\s+)?(?:sent|reported|updated)"
    r"|haven'?t|have\s+not|hasn'?t|has\s+not|missing)"
)
_WHICH = r"(?:ไหน|ใด|บ้าง|เขต|which|schools|area)"
_STATE = r"(?:สถานะ|ความคืบหน้า|ความก้าวหน้า|ภาพรวม|ถึงไหน|เป็นไงบ้าง|เป็นอย่างไรบ้าง|status|progress|overview)"
_COMMITTEE = r"(?:คณะ\s*(?:กรรมการ)?(?!\s*ทำงาน)|committee)"
_SENDING = r"(?:อัปเดต|อัพเดต|อัพเดท|อัปเดท|บันทึก|แจ้ง|ส่ง|update|send|องค์ประกอบ|หน้าที่|ประกอบด้วย|กี่คน)"


def status_rule(text: str) -> dict[str, Any] | None:
    """The three specific questions, and "have I checked in everything" (which the recognizer would take for a new
    check-in)."""
    s = text.lower()
    if parse_one_message(text) is not None:
        return None
    if re.search(_CHECKIN, s):
        if re.search(_GROUP, s):
            return {"intent": COMMITTEE}
        if re.search(_OWN_PROGRESS, s):
            return {"intent": MY_STATUS}
        return None
    if re.search(_STATE, s) and re.search(_COMMITTEE, s) and not re.search(_SENDING, s):
        return {"intent": COMMITTEE}  # "สถานะคณะกรรมการ", "ความคืบหน้าของคณะเรา": the committee's check-ins
    if re.search(_SCHOOL, s):
        if re.search(_NOT_SENT, s) and re.search(_WHICH, s):
            return {"intent": AREA}
        if re.search(_LAST, s) and re.search(_SENT, s):
            return {"intent": SCHOOL}
    return None


# --- small pieces ----------------------------------------------------------------------------------------------------


def _joined(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _local_date(ctx: Context, moment: datetime) -> date:
    return as_utc(moment).astimezone(ctx.services.tz).date()


def _start_of(ctx: Context, day: date) -> datetime:
    """Midnight in Bangkok, in UTC: what stored times are compared with."""
    return datetime.combine(day, time.min, tzinfo=ctx.services.tz).astimezone(UTC)


def _ago(ctx: Context, day: date) -> str:
    days = (ctx.today - day).days
    if days <= 0:
        return ctx.t("status.ago.today")
    return ctx.t("status.ago.yesterday") if days == 1 else ctx.t("status.ago.days", days=days)


def _sent_on(ctx: Context, moment: datetime) -> str:
    day = _local_date(ctx, moment)
    return ctx.t("status.sent_on", date=show_date(day, ctx.lang), ago=_ago(ctx, day))


def _choices(ctx: Context, actor: Actor, asked: str) -> tuple[Choice, ...]:
    """The other questions this person can ask, as buttons."""
    offered: list[tuple[str, str]] = []
    if checkin_committees(actor):
        offered += [("check_in", "status.choice.check_in"), (COMMITTEE, "status.choice.committee")]
    if actor.is_director:
        offered.append((SCHOOL, "status.choice.school"))
    if viewable_area_offices(actor):
        offered.append((AREA, "status.choice.area"))
    offered.insert(0, (MY_STATUS, "status.choice.mine"))
    return tuple(intent_choice(ctx.t(label), intent) for intent, label in offered if intent != asked)


def _answer(ctx: Context, actor: Actor, asked: str, bodies: list[str]) -> list[Reply]:
    """One message per body; the last carries the buttons."""
    replies = [Reply(text=body) for body in bodies[:-1]]
    return [*replies, Reply(text=bodies[-1], choices=_choices(ctx, actor, asked))]


async def _actor(ctx: Context) -> Actor:
    return await load_actor(ctx.store, ctx.identity)


# --- สถานะของฉัน ---------------------------------------------------------------------------------------------------


async def my_status(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """A member's own check-ins this round; a director's school; both for a director with a seat."""
    actor = await _actor(ctx)
    if not actor.registered:
        return [Reply(text=ctx.t("status.unregistered"))]
    period = await current_period(ctx.session, ctx.reference.report_rule, ctx.today)
    bodies = [await _my_checkins(ctx, actor, seat, period) for seat in checkin_committees(actor)]
    if actor.is_director:
        bodies.append(await _my_schools(ctx, actor, period))
    if not bodies:
        return [Reply(text=ctx.t("status.nothing_linked"))]
    return _answer(ctx, actor, MY_STATUS, bodies)


async def _my_checkins(ctx: Context, actor: Actor, seat: Membership, period: Period) -> str:
    assert actor.person is not None
    rows = await member_checkins(ctx.session, seat.committee_id, actor.person.id, period.due)
    lines, missing = [], []
    for duty in ctx.reference.duties:
        row = rows.get(duty.number)
        if row is None:
            missing.append(duty.number)
        lines.append(duty_line(ctx, duty.number, row.status if row is not None else None))
    if missing:
        summary = ctx.t("status.mine.missing", numbers=_numbers(missing))
    else:
        summary = ctx.t("status.mine.complete", count=len(ctx.reference.duties))
    header = ctx.t("status.mine.header", committee=seat.committee_name)
    return _joined(header, round_line(ctx, period.due), *lines, summary)


async def _my_schools(ctx: Context, actor: Actor, period: Period) -> str:
    items = [i for i in await schools_latest(ctx.session, actor.school_ids) if may_view_school(actor, i.school)]
    since = _start_of(ctx, period.starts)
    parts = []
    for item in items:
        sent = item.latest is not None and as_utc(item.latest.created_at) >= since
        key = "status.school.this_round_sent" if sent else "status.school.this_round_missing"
        parts.append(_joined(_school_lines(ctx, item), ctx.t(key, since=show_date(period.starts, ctx.lang))))
    return "\n\n".join(parts)


def _school_lines(ctx: Context, item: SchoolLatest) -> str:
    header = ctx.t("status.school.header", name=item.school.name, code=item.school.code)
    update = item.latest
    if update is None:
        return _joined(header, ctx.t("status.school.never"))
    state = ctx.t(f"status.update.{update.status}")
    if state == f"status.update.{update.status}":
        state = update.status  # a status another version of the progress flow wrote: shown as stored
    if update.percent is not None:
        state = ctx.t("status.update.with_percent", status=state, percent=update.percent)
    return _joined(
        header,
        _sent_on(ctx, update.created_at),
        ctx.t("status.school.project", project=update.project),
        ctx.t("status.school.state", status=state),
    )


# --- โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร ----------------------------------------------------------------------------


async def school_latest(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    actor = await _actor(ctx)
    if not actor.registered:
        return [Reply(text=ctx.t("status.unregistered"))]
    if not actor.is_director:
        return _answer(ctx, actor, SCHOOL, [ctx.t("status.school.not_director")])
    period = await current_period(ctx.session, ctx.reference.report_rule, ctx.today)
    return _answer(ctx, actor, SCHOOL, [await _my_schools(ctx, actor, period)])


# --- คณะกรรมการของฉันเช็คอินครบหรือยัง --------------------------------------------------------------------------------


async def committee_status(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    actor = await _actor(ctx)
    if not actor.registered:
        return [Reply(text=ctx.t("status.unregistered"))]
    seats = viewable_committees(actor)
    if not seats:
        return _answer(ctx, actor, COMMITTEE, [ctx.t("status.committee.not_member")])
    period = await current_period(ctx.session, ctx.reference.report_rule, ctx.today)
    bodies = [await _committee_body(ctx, actor, msg, seat, period) for seat in seats]
    return _answer(ctx, actor, COMMITTEE, bodies)


async def _committee_body(ctx: Context, actor: Actor, msg: Incoming, seat: Membership, period: Period) -> str:
    members = await committee_members(ctx.session, seat.committee_id)
    checkins = await committee_checkins(ctx.session, seat.committee_id, period.due)
    numbers = [d.number for d in ctx.reference.duties]
    contacts = may_see_member_contacts(actor, seat.committee_id, msg.chat_type)
    me = actor.person.id if actor.person is not None else None  # nobody needs their own number
    counts = dict.fromkeys(STATUSES, 0)
    none_yet, partial, blocked = [], [], []
    for member in members:
        label = ctx.t("committee.vacant") if member.vacated else member.full_name
        name = label
        if contacts and member.phone and member.person_id != me:
            name = ctx.t("status.committee.with_phone", name=name, phone=member.phone)
        mine = {n: s for n, s in checkins.get(member.person_id, {}).items() if n in numbers}
        for number, status in mine.items():
            counts[status] = counts.get(status, 0) + 1
            if status == "blocked":
                blocked.append(ctx.t("status.committee.blocked_item", name=label, number=number))
        missing = [n for n in numbers if n not in mine]
        if not mine:
            none_yet.append(name)
        elif missing:
            partial.append(ctx.t("status.committee.partial_line", name=name, numbers=_numbers(missing)))
    done = sum(counts.values())
    total = len(members) * len(numbers)
    lines = [
        ctx.t("status.committee.header", committee=seat.committee_name),
        round_line(ctx, period.due),
        ctx.t("status.committee.count", done=done, total=total, members=len(members), duties=len(numbers)),
    ]
    if done:
        lines.append(ctx.t("status.committee.breakdown", **counts))
    if blocked:
        lines.append(ctx.t("status.committee.blocked", items=", ".join(capped(blocked, SHORT_LIST, ctx.t))))
    if none_yet:
        lines.append(ctx.t("status.committee.none_yet", names=", ".join(capped(none_yet, LONG_LIST, ctx.t))))
    if partial:
        lines += [ctx.t("status.committee.partial_header"), *capped(partial, LONG_LIST, ctx.t)]
    if total and done == total:
        lines.append(ctx.t("status.committee.complete"))
    return _joined(*lines)


# --- โรงเรียนไหนในเขตยังไม่ส่ง --------------------------------------------------------------------------------------


async def area_missing(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    actor = await _actor(ctx)
    if not actor.registered:
        return [Reply(text=ctx.t("status.unregistered"))]
    offices = viewable_area_offices(actor)
    if not offices:
        key = "status.area.no_area" if actor.memberships else "status.area.not_member"
        return _answer(ctx, actor, AREA, [ctx.t(key)])
    period = await current_period(ctx.session, ctx.reference.report_rule, ctx.today)
    bodies = [await _area_body(ctx, actor, office, period) for office in offices]
    return _answer(ctx, actor, AREA, bodies)


async def _area_body(ctx: Context, actor: Actor, office_id: int, period: Period) -> str:
    office = await area_office_name(ctx.session, office_id)
    schools = [s for s in await area_last_sent(ctx.session, office_id) if may_view_school(actor, s)]
    if not schools:
        return ctx.t("status.area.no_schools", office=office)
    since_at = _start_of(ctx, period.starts)
    since = show_date(period.starts, ctx.lang)
    silent = [s for s in schools if s.last_sent is None or as_utc(s.last_sent) < since_at]
    header = [ctx.t("status.area.header", office=office), round_line(ctx, period.due)]
    if not silent:
        return _joined(*header, ctx.t("status.area.all_sent", total=len(schools), since=since))
    lines = [
        ctx.t(
            "status.area.line",
            name=school.name,
            code=school.code,
            last=_sent_on(ctx, school.last_sent) if school.last_sent is not None else ctx.t("status.area.never"),
        )
        for school in silent[:MAX_SCHOOL_LINES]
    ]
    more = len(silent) - MAX_SCHOOL_LINES
    return _joined(
        *header,
        ctx.t("status.area.silent", missing=len(silent), total=len(schools), since=since),
        *lines,
        ctx.t("status.area.more", count=more) if more > 0 else "",
    )


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """/status, the my_status intent, and the phrase rules of the three specific questions."""

    async def on_command(msg: Incoming, ctx: Context) -> list[Reply]:
        return await my_status(msg, ctx, {"intent": MY_STATUS}) if msg.addressed else []

    router.commands["status"] = on_command
    dispatcher.add({MY_STATUS: my_status, SCHOOL: school_latest, COMMITTEE: committee_status, AREA: area_missing})
    dispatcher.add_rule(status_rule)
