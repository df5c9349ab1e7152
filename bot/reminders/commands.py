"""CLI: `sandboxbot deadline add|list|move|remove` and `sandboxbot reminders preview|status`.

Operator output is Thai first (dates in BE), with English words where an operator greps logs. Each returns an exit
code: 0 done, 1 refused with the reason (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from bot.i18n import translator
from bot.reminders.digest import due_phrase, render_digest, title
from bot.reminders.planner import Plan, plan
from bot.reminders.quota import line_quota
from bot.reminders.series import all_series
from bot.thai.dates import format_thai_date, parse_thai_date
from storage.repositories.custom_deadlines import (
    DeadlineError,
    add_custom_deadline,
    committee_by_code,
    custom_deadlines,
    move_custom_deadline,
    province_id_by_name,
    remove_custom_deadline,
)
from storage.repositories.outbox import counts, failed_messages, pushed_to_line_since

if TYPE_CHECKING:
    from bot.app import App

t = translator("th")


async def run(app: App, args: argparse.Namespace) -> int:
    await app.start(connect_platforms=False)
    try:
        if args.command == "deadline":
            return await _deadline(app, args)
        if args.reminders_command == "preview":
            return await _preview(app, args.date)
        return await _status(app)
    except DeadlineError as exc:
        print(f"sandboxbot: {exc}", file=sys.stderr)
        return 1


def _today(app: App) -> date:
    return app.services.clock().astimezone(app.services.tz).date()


def _due(text: str, today: date) -> date:
    span = parse_thai_date(text, today)
    if span is None:
        raise DeadlineError(f"cannot read the date {text!r}; try '30 เม.ย. 2570' or 2027-04-30")
    return span.end


def _offsets(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
    except ValueError:
        raise DeadlineError("offsets are whole numbers separated by commas, e.g. 7,3,1,0,-1") from None


async def _deadline(app: App, args: argparse.Namespace) -> int:
    today, now = _today(app), app.services.clock()
    async with app.sessions() as session, session.begin():
        if args.deadline_command == "add":
            committee = await committee_by_code(session, args.committee) if args.committee else None
            province = None
            if args.province:
                found = app.reference.province(args.province)
                if found is None:
                    raise DeadlineError(f"no province named {args.province!r}")
                province = await province_id_by_name(session, found.name_th)
            row = await add_custom_deadline(
                session,
                title=args.title,
                due_on=_due(args.due, today),
                now=now,
                committee_id=committee.id if committee else None,
                province_id=province,
                audience=args.audience,
                offsets=_offsets(args.offsets),
            )
            print(f"เพิ่มกำหนดส่งแล้ว (id {row.id}): {row.title} — ภายใน {format_thai_date(row.due_on, 'weekday')}")
            return 0
        if args.deadline_command == "move":
            row = await move_custom_deadline(session, args.id, _due(args.due, today))
            print(f"เลื่อนกำหนดส่ง id {row.id} เป็น {format_thai_date(row.due_on, 'weekday')} แล้ว")
            return 0
        if args.deadline_command == "remove":
            row = await remove_custom_deadline(session, args.id, now)
            print(f"ลบกำหนดส่ง id {row.id} ({row.title}) แล้ว ไม่มีการแจ้งเตือนเรื่องนี้อีก")
            return 0
        print("รอบรายงานตามหลักเกณฑ์ (report rounds):")
        for series in await all_series(session, app.reference.report_rule, today):
            if series.round is not None and series.due >= today:
                print(f"  {series.key}  {title(series, t)} — {due_phrase(series, today, t)}")
        rows = await custom_deadlines(session, include_removed=args.all)
        print("กำหนดส่งที่เพิ่มเอง (custom deadlines):" if rows else "ยังไม่มีกำหนดส่งที่เพิ่มเอง (no custom deadlines)")
        for row in rows:
            scope = {"everyone": "ทุกคณะ", "committee": f"คณะกรรมการ #{row.committee_id}"}.get(
                row.scope, f"จังหวัด #{row.province_id}"
            )
            removed = " [ลบแล้ว]" if row.removed_at else ""
            print(
                f"  id {row.id}  {row.title} — ภายใน {format_thai_date(row.due_on, 'weekday')} "
                f"({scope}; ผู้ต้องทำ: {row.audience}){removed}"
            )
    return 0


async def _preview(app: App, when: str | None) -> int:
    rules = app.services.reminder_rules
    if not rules.platforms:
        print("(ยังไม่ได้ตั้งค่า Telegram หรือ LINE ในเครื่องนี้: แสดงตามบัญชีที่สมาชิกเชื่อมไว้ โดยเลือก Telegram ก่อน)")
        rules = replace(rules, platforms=("telegram", "line"))
    cal = rules.calendar
    if when:
        try:
            day = date.fromisoformat(when)
        except ValueError:
            raise DeadlineError("--date must be YYYY-MM-DD") from None
        moment = datetime.combine(day, time(cal.send_at.hour, cal.send_at.minute), cal.tz)
        if not cal.may_send(moment):
            reason = cal.holiday_name(day) or "เสาร์-อาทิตย์"
            moment = cal.first_moment(day)
            print(f"{format_thai_date(day, 'weekday')} ไม่ส่งการแจ้งเตือน ({reason}); จะส่งใน"
                  f"{format_thai_date(moment.date(), 'weekday')} {moment:%H:%M} น.")  # fmt: skip
    else:
        moment = app.services.clock()
        if not cal.may_send(moment):
            local = moment.astimezone(cal.tz)
            first = cal.first_moment(local.date())
            moment = first if first > local else cal.next_morning(local)
            print(f"ตอนนี้อยู่ในช่วงงดส่ง รอบถัดไป: {format_thai_date(moment.date(), 'weekday')} {moment:%H:%M} น.")
    async with app.sessions() as session:
        result = await plan(session, rules, moment.astimezone(UTC))
    _print_plan(result, moment, cal.tz)
    return 0


def _print_plan(result: Plan, moment: datetime, tz: object) -> None:
    local = moment.astimezone(tz)  # type: ignore[arg-type]
    today = local.date()
    print(f"แผนการแจ้งเตือน ณ {format_thai_date(today, 'weekday')} {local:%H:%M} น. (dry run: ไม่ส่งจริง)")
    reachable = [p for p in result.people if p.platform]
    for p in result.people:
        where = p.platform or "ติดต่อไม่ได้ (ยังไม่ได้เชื่อมบัญชีหรือยังไม่ได้ให้ความยินยอม)"
        why = ", ".join(f"{series}:{_step_th(step)}" for series, step in p.steps)
        print(f"\n• {p.name} → {where}" + (f"  [{why}]" if why else ""))
        text = render_digest(p.digest, today, translator(p.lang)).text
        print("\n".join("    " + line for line in text.splitlines()))
    for g in result.groups:
        print(f"\n• กลุ่มของ {g.late.committee} → {g.platform}: ผู้ที่ยังไม่ส่ง {len(g.late.names)} คน")
    platforms: dict[str, int] = {}
    for p in reachable:
        platforms[str(p.platform)] = platforms.get(str(p.platform), 0) + 1
    counts_text = ", ".join(f"{k} {v}" for k, v in sorted(platforms.items())) or "-"
    print(f"\nรวม {len(reachable)} คน ({counts_text}); ติดต่อไม่ได้ {len(result.people) - len(reachable)} คน; "
          f"กลุ่ม {len(result.groups)}")  # fmt: skip


def _step_th(step: str) -> str:
    if step.startswith("z"):
        return "เตือนซ้ำตามที่ขอ"
    if step == "t0":
        return "วันครบกำหนด"
    days = step[2:]
    return f"{days} วันก่อนกำหนด" if step.startswith("t-") else f"เลยกำหนด {days} วัน"


async def _status(app: App) -> int:
    now = app.services.clock()
    local = now.astimezone(app.services.tz)
    start_of_day = datetime.combine(local.date(), time(0), app.services.tz)
    start_of_month = datetime.combine(local.date().replace(day=1), time(0), app.services.tz)
    async with app.sessions() as session:
        queue = await counts(session, start_of_day)
        failed = await failed_messages(session, 5)
        ours = await pushed_to_line_since(session, start_of_month)
    print(f"คิวข้อความ (outbox) ณ {format_thai_date(local.date(), 'weekday')} {local:%H:%M} น.")
    print(f"  รอส่ง (pending): {queue.pending}")
    print(f"  กำลังส่ง (sending): {queue.sending}")
    print(f"  ส่งแล้ววันนี้ (sent today): {queue.sent_since}")
    print(f"  ส่งไม่สำเร็จ (failed): {queue.failed}")
    for row in failed:
        print(f"    #{row.id} {row.platform} {row.kind}: {row.last_error}")
    quota_line = f"  LINE ที่บอทส่งเดือนนี้ (our count): {ours}"
    if app.settings.line_on:
        from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration

        client = AsyncApiClient(
            Configuration(access_token=app.settings.line_access_token, host=app.settings.line_api_url)
        )
        try:
            quota = await line_quota(AsyncMessagingApi(client), app.settings.line_monthly_quota)
        finally:
            await client.close()
        if quota is not None:
            limit = quota.limit if quota.limit is not None else "ไม่จำกัด"
            percent = f" ({quota.percent}%)" if quota.percent is not None else ""
            quota_line = f"  โควตา LINE เดือนนี้ (LINE quota): ใช้ไป {quota.used} จาก {limit}{percent}"
    print(quota_line)
    return 0
