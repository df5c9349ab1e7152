"""The chat side of the cockpit: a one-time sign-in link (/cockpit, "ขอลิงก์แดชบอร์ด") and the semester report
(/report): a document on Telegram, an expiring link on LINE (LINE bots cannot send files) and in the terminal.

Who may have what is decided in `bot.authz`: a sign-in link only in a private chat and only for someone with a
cockpit scope; a report for a committee the person sits on (in a bound group: that group's committee).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.authz import cockpit_scope, load_actor, may_request_cockpit_link, may_view_committee
from bot.cockpit.auth import LOGIN, REPORT, issue_link
from bot.cockpit.rounds import Window, window_of
from bot.core.context import Context
from bot.core.messages import ChatType, Choice, Incoming, OutFile, Platform, Reply
from bot.core.router import Router
from bot.report.build import MIME, report_bytes, report_filename
from bot.thai.dates import format_thai_date
from handlers.intents import IntentDispatcher
from storage.models import Committee

COCKPIT = "cockpit_link"
REPORT_INTENT = "semester_report"
REPORT_ACTION = "rp"  # rp:<committee id>[:<year>:<round>]

_COCKPIT_WORDS = re.compile(r"แดชบอร์ด|แดชบอด|แดชบอร์ท|dashboard|ห้องบัญชาการ|cockpit", re.IGNORECASE)
_REPORT_WORDS = re.compile(
    r"รายงาน(?:ผลการดำเนินงาน)?(?:ประจำ)?ภาคเรียน|ไฟล์รายงาน|รายงาน(?:เสนอ|ส่ง)\s*สพฐ|semester\s+report", re.IGNORECASE
)
_ROUND = re.compile(r"(?:รอบ(?:ที่)?|ครั้งที่|round)\s*([12])\D{0,20}?(25\d\d)|\b([12])\s*/\s*(25\d\d)\b", re.IGNORECASE)


# "Management Cockpit คืออะไร" or "รายงานส่ง สพฐ. ทางไหน" ask about the documents, "กำหนดส่งรายงานภาคเรียนที่ 2" about
# the deadline; "ขอลิงก์…" asks for the thing.
_QUESTION = re.compile(
    r"อะไร|ไหน|ใคร|เมื่อไ|ยังไง|อย่างไร|กี่|คือ|เท่าไ|ใช่|ไหม|มั้ย|ป่ะ|เปล่า|เรียกว่า|กำหนด|เดดไลน์|deadline|\bdue\b|"
    r"\b(?:what|which|when|where|who|how|is|are|does|called)\b",
    re.I,
)
_REQUEST = re.compile(r"ขอ|ลิงก์|ลิ้งค์|ลิงค์|\blink\b|เปิด|ส่งให้|please", re.I)


def cockpit_rule(text: str) -> dict[str, Any] | None:
    """The cockpit or the semester report asked for, not asked about (the words first: most messages have none)."""
    cockpit = _COCKPIT_WORDS.search(text) is not None
    if not cockpit and _REPORT_WORDS.search(text) is None:
        return None
    if _QUESTION.search(text) and not _REQUEST.search(text):
        return None
    return {"intent": COCKPIT if cockpit else REPORT_INTENT}


def _link_lifetimes(ctx: Context) -> tuple[str, int, int]:
    s = ctx.services.settings
    if s is None:
        return "http://127.0.0.1:8080", 15, 24
    return s.public_url, s.cockpit_link_minutes, s.report_link_hours


async def cockpit_link(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    actor = await load_actor(ctx.store, ctx.identity)
    if actor.person is None:
        return [Reply(ctx.t("cockpit.unregistered"))]
    if not may_request_cockpit_link(msg.chat_type):
        return [Reply(ctx.t("cockpit.private_only"))]
    if await cockpit_scope(ctx.session, actor) is None:
        return [Reply(ctx.t("cockpit.not_allowed"))]
    base, minutes, _ = _link_lifetimes(ctx)
    token = await issue_link(ctx.session, actor.person.id, LOGIN, ctx.now, timedelta(minutes=minutes))
    ctx.audit("cockpit.link")
    return [Reply(ctx.t("cockpit.link", url=f"{base}/cockpit/login/{token}", minutes=minutes))]


async def semester_report(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    actor = await load_actor(ctx.store, ctx.identity)
    if actor.person is None:
        return [Reply(ctx.t("cockpit.unregistered"))]
    committee_id = slots.get("committee_id")
    if msg.chat_type is ChatType.GROUP:
        bound = (
            await ctx.session.execute(
                select(Committee.id).where(
                    Committee.group_chat_platform == msg.platform.value, Committee.group_chat_id == msg.chat_id
                )
            )
        ).scalar_one_or_none()
        if bound is None:
            return [Reply(ctx.t("cockpit.report.unbound"))]
        committee_id = bound
    if committee_id is None:
        seats = [m for m in actor.memberships if may_view_committee(actor, m.committee_id)]
        seats = list({m.committee_id: m for m in seats}.values())
        if not seats:
            return [Reply(ctx.t("cockpit.report.no_committee"))]
        if len(seats) > 1:
            year_round = _year_round(msg.args or msg.text)
            tail = f":{year_round[0]}:{year_round[1]}" if year_round else ""
            choices = tuple(Choice(m.committee_name[:40], f"{REPORT_ACTION}:{m.committee_id}{tail}") for m in seats)
            return [Reply(ctx.t("cockpit.report.which"), choices=choices)]
        committee_id = seats[0].committee_id
    if not may_view_committee(actor, int(committee_id)):
        return [Reply(ctx.t("cockpit.report.not_member"))]
    year_round = slots.get("year_round") or _year_round(msg.args or msg.text)
    window = await window_of(
        ctx.session, ctx.reference.report_rule, ctx.services.tz, ctx.today, *(year_round or (None, None))
    )
    if window is None:
        return [Reply(ctx.t("cockpit.report.no_round"))]
    return await _deliver(msg, ctx, actor.person.id, int(committee_id), window)


async def _deliver(msg: Incoming, ctx: Context, person_id: int, committee_id: int, window: Window) -> list[Reply]:
    committee = await ctx.session.get(Committee, committee_id)
    assert committee is not None
    ctx.audit("report.requested", committee_id=committee_id, year=window.due.academic_year, round=window.due.round)
    what = ctx.t(
        "cockpit.report.caption",
        committee=committee.name,
        round=window.due.round,
        year=window.due.academic_year,
        due=format_thai_date(window.due.due),
    )
    if msg.platform is Platform.TELEGRAM:
        data = await report_bytes(ctx.session, ctx.reference, ctx.services.tz, committee_id, window, "docx", ctx.now)
        return [Reply(what, file=OutFile(report_filename(committee.code, window, "docx"), data, MIME["docx"]))]
    base, _, hours = _link_lifetimes(ctx)
    links = []
    for fmt in ("docx", "xlsx"):
        token = await issue_link(
            ctx.session,
            person_id,
            REPORT,
            ctx.now,
            timedelta(hours=hours),
            committee_id=committee_id,
            code=committee.code,
            year=window.due.academic_year,
            round=window.due.round,
            format=fmt,
        )
        links.append(f"{base}/report/{token}")
    return [Reply(ctx.t("cockpit.report.links", what=what, docx=links[0], xlsx=links[1], hours=hours))]


def _year_round(text: str) -> tuple[int, int] | None:
    found = _ROUND.search(text or "")
    if found is None:
        return None
    number, year = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return int(year), int(number)


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """/cockpit and /report, their Thai phrases, and the committee picker's buttons."""

    async def on_cockpit(msg: Incoming, ctx: Context) -> list[Reply]:
        return await cockpit_link(msg, ctx, {"intent": COCKPIT}) if msg.addressed else []

    async def on_report(msg: Incoming, ctx: Context) -> list[Reply]:
        return await semester_report(msg, ctx, {"intent": REPORT_INTENT}) if msg.addressed else []

    async def on_pick(msg: Incoming, ctx: Context) -> list[Reply]:
        parts = (msg.action or "").split(":")
        if len(parts) not in (2, 4) or not all(p.isdigit() for p in parts[1:]):
            return [Reply(ctx.t("cockpit.report.which_again"))]
        slots: dict[str, Any] = {"intent": REPORT_INTENT, "committee_id": int(parts[1])}
        if len(parts) == 4:
            slots["year_round"] = (int(parts[2]), int(parts[3]))
        return await semester_report(msg, ctx, slots)

    router.commands["cockpit"] = on_cockpit
    router.commands["dashboard"] = on_cockpit
    router.commands["report"] = on_report
    router.actions[REPORT_ACTION] = on_pick
    dispatcher.add({COCKPIT: cockpit_link, REPORT_INTENT: semester_report})
    dispatcher.add_rule(cockpit_rule)
