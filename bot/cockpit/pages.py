"""The cockpit's pages: overview → oversight group → province → committee → school, and report downloads.

Each page asks `bot.authz` (through `queries.committees_in_scope`) what the viewer may see, and answers 404 for the
rest. Filters are plain GET parameters: `year` + `round`, `province`, `status`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web
from markupsafe import Markup

from bot.authz import cockpit_scope, load_person_actor, may_view_group_in_cockpit, may_view_in_cockpit
from bot.cockpit import auth
from bot.cockpit.keys import app_of
from bot.cockpit.queries import (
    DUTIES,
    SCHOOL_STATUSES,
    CommitteeRow,
    Tally,
    committee_history,
    committee_members_round,
    committee_schools_round,
    committees_in_scope,
    committees_of_office,
    round_reminders,
    round_tallies,
    school_row,
    school_updates,
    total,
)
from bot.cockpit.rounds import Window, window_of
from bot.report.build import MIME, report_bytes, report_filename
from bot.thai.dates import format_thai_date

if TYPE_CHECKING:
    from bot.cockpit.web import View

COMMITTEE_STATUSES = {"complete": "ครบแล้ว", "behind": "ยังไม่ครบ"}
SCHOOL_LABELS = {"on_track": "ตามแผน", "at_risk": "มีความเสี่ยง", "delayed": "ล่าช้า", "none": "ยังไม่ส่งในรอบนี้"}
ANSWER_LABELS = {"done": "ส่งแล้ว", "postponed": "ขอเลื่อน", "stopped": "หยุดเตือน", "snoozed": "เตือนอีกครั้งพรุ่งนี้"}
CHECKIN_LABELS = {"done": "เสร็จแล้ว", "in_progress": "กำลังดำเนินการ", "not_started": "ยังไม่เริ่ม", "blocked": "ติดปัญหา"}
ROLE_LABELS = {
    "chair": "ประธาน",
    "vice_chair": "รองประธาน",
    "expert": "ผู้ทรงคุณวุฒิ",
    "school_rep": "ผู้แทนผู้บริหารสถานศึกษา",
    "secretary": "เลขานุการ",
}


def _bkk(moment: datetime | None, tz: Any) -> str:
    if moment is None:
        return "-"
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = moment.astimezone(tz)
    return f"{format_thai_date(local.date(), 'short4')} {local:%H:%M} น."


def round_label(window: Window) -> str:
    return f"รอบที่ {window.due.round} ปีการศึกษา {window.due.academic_year}"


def bar(percent: int) -> Markup:
    """A small progress bar with its number, for table cells."""
    return Markup('<progress max="100" value="{p}">{p}%</progress> {p}%').format(p=int(percent))


def static(name: str) -> str:
    return f"/cockpit/static/{name}"


FILTERS = {"thai_date": lambda d: format_thai_date(d), "round_label": round_label}
GLOBALS = {
    "SCHOOL_LABELS": SCHOOL_LABELS,
    "CHECKIN_LABELS": CHECKIN_LABELS,
    "ROLE_LABELS": ROLE_LABELS,
    "COMMITTEE_STATUSES": COMMITTEE_STATUSES,
    "ANSWER_LABELS": ANSWER_LABELS,
    "DUTIES": DUTIES,
    "bar": bar,
    "static": static,
}


def _round_query(window: Window) -> str:
    return f"year={window.due.academic_year}&round={window.due.round}"


def _behind(tally: Tally) -> bool:
    return tally.complete_members < tally.members or tally.schools_missing > 0


def _filter_committees(
    view: View, rows: list[CommitteeRow], tallies: dict[int, Tally]
) -> tuple[list[CommitteeRow], int | None, str | None]:
    province = view.request.query.get("province", "")
    province_id = int(province) if province.isdigit() else None
    status = view.request.query.get("status")
    status = status if status in COMMITTEE_STATUSES else None
    chosen = [
        c
        for c in rows
        if (province_id is None or c.province_id == province_id)
        and (status is None or _behind(tallies[c.id]) == (status == "behind"))
    ]
    return chosen, province_id, status


def _provinces_of(rows: list[CommitteeRow]) -> list[tuple[int, str]]:
    return sorted(
        {(c.province_id, c.province_name) for c in rows if c.province_id and c.province_name}, key=lambda p: p[1]
    )


async def overview(view: View) -> web.StreamResponse:
    rows = await committees_in_scope(view.session, view.scope)
    tallies = await round_tallies(view.session, rows, view.window)
    groups: dict[int, dict[str, Any]] = {}
    for c in rows:
        if c.group_id is not None and may_view_group_in_cockpit(view.scope, c.group_id):
            entry = groups.setdefault(
                c.group_number or 0,
                {"number": c.group_number, "name": c.group_name, "provinces": set(), "tally": Tally(0)},
            )
            entry["provinces"].add(c.province_id)
            entry["tally"].add(tallies[c.id])
    chosen, province_id, status = _filter_committees(view, rows, tallies)
    own = [c for c in rows if c.group_id is None or not may_view_group_in_cockpit(view.scope, c.group_id)]
    listed = chosen if (province_id or status or not groups) else [c for c in chosen if c in own]
    return view.render(
        "overview.html",
        {
            "title": "ภาพรวม",
            "crumbs": [],
            "summary": total(tallies.values()),
            "groups": [groups[k] for k in sorted(groups)],
            "committees": [(c, tallies[c.id]) for c in listed],
            "committees_heading": "คณะกรรมการ" if (province_id or status or not groups) else "คณะกรรมการนอกกลุ่ม",
            "provinces": _provinces_of(rows),
            "province_id": province_id,
            "status": status,
            "rq": _round_query(view.window),
        },
    )


async def group(view: View) -> web.StreamResponse:
    number = int(view.request.match_info["number"])
    rows = [c for c in await committees_in_scope(view.session, view.scope) if c.group_number == number]
    if not rows or rows[0].group_id is None or not may_view_group_in_cockpit(view.scope, rows[0].group_id):
        raise web.HTTPNotFound()
    tallies = await round_tallies(view.session, rows, view.window)
    provinces: dict[int, dict[str, Any]] = {}
    for c in rows:
        entry = provinces.setdefault(
            c.province_id or 0, {"id": c.province_id, "name": c.province_name, "tally": Tally(0)}
        )
        entry["tally"].add(tallies[c.id])
    chosen, province_id, status = _filter_committees(view, rows, tallies)
    return view.render(
        "group.html",
        {
            "title": rows[0].group_name,
            "crumbs": [("ภาพรวม", "/cockpit")],
            "summary": total(tallies[c.id] for c in rows),
            "provinces_table": sorted(provinces.values(), key=lambda p: p["name"] or ""),
            "committees": [(c, tallies[c.id]) for c in chosen] if (province_id or status) else [],
            "provinces": _provinces_of(rows),
            "province_id": province_id,
            "status": status,
            "rq": _round_query(view.window),
        },
    )


async def province(view: View) -> web.StreamResponse:
    province_id = int(view.request.match_info["id"])
    rows = [c for c in await committees_in_scope(view.session, view.scope) if c.province_id == province_id]
    if not rows:
        raise web.HTTPNotFound()
    tallies = await round_tallies(view.session, rows, view.window)
    chosen, _, status = _filter_committees(view, rows, tallies)
    crumbs = [("ภาพรวม", "/cockpit")]
    if rows[0].group_id is not None and may_view_group_in_cockpit(view.scope, rows[0].group_id):
        crumbs.append((rows[0].group_name, f"/cockpit/group/{rows[0].group_number}"))
    return view.render(
        "province.html",
        {
            "title": f"จังหวัด{rows[0].province_name}",
            "crumbs": crumbs,
            "summary": total(tallies[c.id] for c in rows),
            "committees": [(c, tallies[c.id]) for c in chosen],
            "status": status,
            "province_id": province_id,
            "rq": _round_query(view.window),
        },
    )


async def _committee_in_scope(view: View, committee_id: int) -> CommitteeRow:
    found = [c for c in await committees_in_scope(view.session, view.scope) if c.id == committee_id]
    if not found:
        raise web.HTTPNotFound()
    return found[0]


def _crumbs_to(view: View, c: CommitteeRow) -> list[tuple[str, str]]:
    crumbs = [("ภาพรวม", "/cockpit")]
    if c.group_id is not None and may_view_group_in_cockpit(view.scope, c.group_id):
        crumbs.append((c.group_name or "", f"/cockpit/group/{c.group_number}"))
        crumbs.append((f"จังหวัด{c.province_name}", f"/cockpit/province/{c.province_id}"))
    return crumbs


async def committee(view: View) -> web.StreamResponse:
    c = await _committee_in_scope(view, int(view.request.match_info["id"]))
    tz = view.app.services.tz
    members = await committee_members_round(view.session, c.id, view.window)
    schools = await committee_schools_round(view.session, c.area_office_id, view.window)
    tally = (await round_tallies(view.session, [c], view.window))[c.id]
    history = await committee_history(view.session, c, view.windows)
    people = {m.person_id: m.full_name for m in members}
    people.update({s.director_id: s.director for s in schools if s.director_id and s.director})
    reminders = await round_reminders(view.session, people, view.window)
    status = view.request.query.get("status")
    status = status if status in SCHOOL_STATUSES else None
    shown = [s for s in schools if status is None or s.status == status]
    today = view.now.astimezone(tz).date()
    overdue = today > view.window.due.due
    chart = {
        "labels": [f"{w.due.round}/{w.due.academic_year}" for w, _ in history],
        "checkins": [t.checkin_percent for _, t in history],
        "schools": [t.schools_percent for _, t in history],
        "duties": [tally.duty_percent(d) for d in DUTIES],
    }
    return view.render(
        "committee.html",
        {
            "title": c.name,
            "committee": c,
            "crumbs": _crumbs_to(view, c),
            "tally": tally,
            "members": members,
            "behind_members": [m for m in members if not m.complete],
            "reminders": reminders,
            "reminders_sent": sum(r.sent for r in reminders),
            "reminders_answered": sum(1 for r in reminders if r.answer),
            "schools": shown,
            "missing_schools": [s for s in schools if s.latest is None],
            "status": status,
            "overdue": overdue,
            "days_left": (view.window.due.due - today).days,
            "chart_json": json.dumps(chart, ensure_ascii=False),
            "at": lambda m: _bkk(m, tz),
            "rq": _round_query(view.window),
        },
    )


async def school(view: View) -> web.StreamResponse:
    found = await school_row(view.session, int(view.request.match_info["id"]))
    if found is None:
        raise web.HTTPNotFound()
    rows = await committees_in_scope(view.session, view.scope)
    owners = set(await committees_of_office(view.session, found.area_office_id))
    mine = [c for c in rows if c.id in owners]
    if not mine:
        raise web.HTTPNotFound()
    tz = view.app.services.tz
    updates = await school_updates(view.session, found.id)
    return view.render(
        "school.html",
        {
            "title": found.name,
            "school": found,
            "crumbs": [*_crumbs_to(view, mine[0]), (mine[0].name, f"/cockpit/committee/{mine[0].id}")],
            "updates": updates,
            "at": lambda m: _bkk(m, tz),
            "rq": _round_query(view.window),
        },
    )


async def report(view: View) -> web.StreamResponse:
    c = await _committee_in_scope(view, int(view.request.match_info["id"]))
    fmt = view.request.match_info["fmt"]
    data = await report_bytes(view.session, view.app.reference, view.app.services.tz, c.id, view.window, fmt, view.now)
    return _download(data, report_filename(c.code, view.window, fmt), fmt)


def _download(data: bytes, filename: str, fmt: str) -> web.Response:
    return web.Response(
        body=data,
        content_type=MIME[fmt],
        headers={
            "Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def report_by_link(request: web.Request) -> web.StreamResponse:
    """A report link sent on LINE (which cannot send files): one committee, one round, until it expires."""
    app = app_of(request)
    now = app.services.clock()
    async with app.sessions() as session:
        link = await auth.open_report_link(session, request.match_info["token"], now)
        if link is None:
            raise web.HTTPNotFound(text="ลิงก์นี้หมดอายุหรือไม่ถูกต้องค่ะ ขอรายงานใหม่ได้ด้วยคำสั่ง /report")
        committee_id, year, number, fmt = (link.details[k] for k in ("committee_id", "year", "round", "format"))
        actor = await load_person_actor(session, link.person_id)
        # The person must still be allowed to see the committee when the link is opened.
        allowed = committee_id in actor.committee_ids
        scope = await cockpit_scope(session, actor)
        if not allowed and scope is not None:
            rows = await committees_in_scope(session, scope)
            allowed = any(c.id == committee_id and may_view_in_cockpit(scope, c.id, c.group_id) for c in rows)
        if not allowed:
            raise web.HTTPNotFound(text="ลิงก์นี้หมดอายุหรือไม่ถูกต้องค่ะ")
        today = now.astimezone(app.services.tz).date()
        window = await window_of(session, app.reference.report_rule, app.services.tz, today, year, number)
        if window is None:
            raise web.HTTPNotFound()
        data = await report_bytes(session, app.reference, app.services.tz, committee_id, window, fmt, now)
        code = link.details.get("code", str(committee_id))
        await session.commit()
    return _download(data, report_filename(code, window, fmt), fmt)
