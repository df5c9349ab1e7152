"""The committee's round as an XLSX workbook (openpyxl): a sheet of check-ins and a sheet of school updates, Thai
headers, dates in the Buddhist Era, filters on and the header row frozen. Names only: no phone, no e-mail."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.progress import start_of
from bot.i18n import Translator
from storage.models import Committee
from storage.reference.data import ReferenceData
from storage.repositories.exports import checkin_rows, update_rows
from storage.repositories.status import as_utc, current_period

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_COLOUR = "DDEBF7"
MAX_WIDTH = 60


def be_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """ "21/11/2569 10:00": day first, Buddhist year, Bangkok time (text, so every spreadsheet shows the BE year)."""
    local = as_utc(moment).astimezone(tz)
    return f"{local.day:02d}/{local.month:02d}/{local.year + 543} {local.hour:02d}:{local.minute:02d}"


def _sheet(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill  # openpyxl loads with the first export, not at start
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for row in rows:
        ws.append(["" if value is None else value for value in row])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in rows)])
        ws.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, longest + 4)


def file_name(committee: Committee, round_number: int, year: int) -> str:
    return f"{committee.code}-round{round_number}-{year}.xlsx"


async def build_export(
    session: AsyncSession, committee: Committee, reference: ReferenceData, today: datetime, tz: ZoneInfo, t: Translator
) -> tuple[str, bytes]:
    """(file name, XLSX bytes) for the round due next on `today`'s date in Bangkok."""
    day = today.astimezone(tz).date()
    period = await current_period(session, reference.report_rule, day)
    duties = {d.number: d.title_th for d in reference.duties}
    checkins = await checkin_rows(session, committee.id, period.due)
    updates = await update_rows(session, committee.area_office_id, start_of(period.starts, tz))
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = t("admin.export.sheet.checkins")
    _sheet(
        first,
        [t(f"admin.export.col.{c}") for c in ("name", "duty", "duty_title", "status", "note", "platform", "at")],
        [
            (
                r.name,
                r.duty,
                duties.get(r.duty, ""),
                t(f"checkin.status.{r.status}"),
                r.note,
                r.platform,
                be_datetime(r.at, tz),
            )
            for r in checkins
        ],
    )
    second = book.create_sheet(t("admin.export.sheet.updates"))
    columns = (
        "school_code",
        "school",
        "sender",
        "project",
        "state",
        "percent",
        "done",
        "obstacles",
        "help",
        "platform",
        "at",
    )
    _sheet(
        second,
        [t(f"admin.export.col.{c}") for c in columns],
        [
            (
                u.school_code,
                u.school_name,
                u.sender,
                u.project,
                _state(t, u.status),
                u.percent,
                u.done,
                u.obstacles,
                u.help_needed,
                u.platform,
                be_datetime(u.at, tz),
            )
            for u in updates
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return file_name(committee, period.due.round, period.due.academic_year), buffer.getvalue()


def _state(t: Translator, status: str) -> str:
    shown = t(f"status.update.{status}")
    return status if shown == f"status.update.{status}" else shown
