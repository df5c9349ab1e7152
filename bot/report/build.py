"""One entry point for the semester report in either format, used by the cockpit, the chat and the CLI."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cockpit.rounds import Window
from bot.report.data import collect
from storage.reference.data import ReferenceData

FORMATS = ("docx", "xlsx")


MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def report_bytes(
    session: AsyncSession,
    reference: ReferenceData,
    tz: ZoneInfo,
    committee_id: int,
    window: Window,
    fmt: str,
    now: datetime,
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    data = await collect(session, reference, committee_id, window, now, tz)
    if fmt == "docx":  # python-docx and openpyxl load with the first report, not at start-up
        from bot.report.docx_report import build_docx

        return build_docx(data)
    from bot.report.xlsx_report import build_xlsx

    return build_xlsx(data)


def report_filename(code: str, window: Window, fmt: str) -> str:
    """e.g. รายงาน-C-YALA-1-ปี2569-ครั้งที่2.docx"""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in code)
    return f"รายงาน-{safe}-ปี{window.due.academic_year}-ครั้งที่{window.due.round}.{fmt}"
