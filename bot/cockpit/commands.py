"""CLI glue for `sandboxbot cockpit link|grant|revoke` and `sandboxbot report`: 0 done, 1 refused (nothing written)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from bot.authz import cockpit_scope, load_person_actor
from bot.cockpit.auth import LOGIN, issue_link
from bot.cockpit.rounds import window_of
from bot.directory.invite import find_person
from bot.directory.values import code_key
from bot.report.build import report_bytes
from storage.models import CockpitViewer, OversightGroup
from storage.repositories.directory import committee_by_code, load_snapshot

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.app import App
    from storage.models import Person


def _say(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout)


async def _one_person(session: AsyncSession, query: str) -> Person | None:
    matches = find_person((await load_snapshot(session)).people, query)
    if len(matches) != 1:
        found = "ไม่พบ" if not matches else f"พบ {len(matches)} คน ระบุให้ชัดขึ้น (เลขประจำตัวหรืออีเมล)"
        _say(f"{found}: {query}", error=True)
        return None
    return matches[0]


async def run(app: App, args: argparse.Namespace) -> int:
    await app.start(connect_platforms=False)
    if args.command == "report":
        return await _report(app, args)
    if args.cockpit_command == "link":
        return await _link(app, args.person)
    return await _grant(app, args)


async def _link(app: App, query: str) -> int:
    now = app.services.clock()
    async with app.sessions() as session, session.begin():
        person = await _one_person(session, query)
        if person is None:
            return 1
        if await cockpit_scope(session, await load_person_actor(session, person.id)) is None:
            _say(
                f"{person.full_name} ยังเปิดห้องบัญชาการไม่ได้: ต้องเป็นผู้ดูแลคณะกรรมการ หรือได้รับสิทธิ์ด้วย "
                "`sandboxbot cockpit grant PERSON --group N` / `--national`",
                error=True,
            )
            return 1
        minutes = app.settings.cockpit_link_minutes
        token = await issue_link(session, person.id, LOGIN, now, timedelta(minutes=minutes))
    _say(f"{app.settings.public_url}/cockpit/login/{token}")
    _say(f"ใช้ได้ครั้งเดียว ภายใน {minutes} นาที ({person.full_name})", error=True)
    return 0


async def _grant(app: App, args: argparse.Namespace) -> int:
    async with app.sessions() as session, session.begin():
        person = await _one_person(session, args.person)
        if person is None:
            return 1
        group_id = None
        if args.group is not None:
            group = (
                await session.execute(select(OversightGroup).where(OversightGroup.number == args.group))
            ).scalar_one_or_none()
            if group is None:
                _say(f"ไม่มีกลุ่มที่ {args.group}", error=True)
                return 1
            group_id = group.id
        scope = "national" if args.national else "group"
        where = (
            CockpitViewer.person_id == person.id,
            CockpitViewer.scope == scope,
            CockpitViewer.group_id.is_(group_id) if group_id is None else CockpitViewer.group_id == group_id,
        )
        existing = (await session.execute(select(CockpitViewer).where(*where))).scalar_one_or_none()
        what = "ทุกกลุ่มและทุกคณะ (ระดับประเทศ)" if args.national else f"กลุ่มที่ {args.group}"
        if args.cockpit_command == "revoke":
            await session.execute(delete(CockpitViewer).where(*where))
            _say(f"ยกเลิกสิทธิ์ดู{what} ของ {person.full_name} แล้ว" if existing else "ไม่มีสิทธิ์นี้อยู่แล้ว")
            return 0
        if existing is None:
            session.add(
                CockpitViewer(person_id=person.id, scope=scope, group_id=group_id, granted_at=app.services.clock())
            )
        _say(f"{person.full_name} ดู{what} ในห้องบัญชาการได้แล้ว")
    return 0


async def _report(app: App, args: argparse.Namespace) -> int:
    path = Path(args.output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("docx", "xlsx"):
        _say("ชื่อไฟล์ต้องลงท้ายด้วย .docx หรือ .xlsx", error=True)
        return 1
    if (args.year is None) != (args.round is None):
        _say("ระบุ --year และ --round คู่กัน หรือไม่ระบุทั้งคู่ (รอบปัจจุบัน)", error=True)
        return 1
    now = app.services.clock()
    async with app.sessions() as session:
        committee = await committee_by_code(session, code_key(args.committee))
        if committee is None:
            _say(f"ไม่พบคณะกรรมการรหัส {args.committee}", error=True)
            return 1
        today = now.astimezone(app.services.tz).date()
        window = await window_of(session, app.reference.report_rule, app.services.tz, today, args.year, args.round)
        if window is None:
            _say(f"ไม่มีรอบที่ {args.round} ปีการศึกษา {args.year}", error=True)
            return 1
        data = await report_bytes(session, app.reference, app.services.tz, committee.id, window, fmt, now)
    await asyncio.to_thread(path.write_bytes, data)
    _say(f"เขียนรายงาน {committee.name} ครั้งที่ {window.due.round} ปีการศึกษา {window.due.academic_year} ลง {path} แล้ว")
    return 0
