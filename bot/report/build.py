"""One entry point for the semester report in either format, used by the cockpit, the chat and the CLI."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cockpit.rounds import Window
from bot.report.data import collect
from bot.report.docx_report import build_docx
from bot.report.xlsx_report import build_xlsx

if TYPE_CHECKING:
    from bot.app import App

FORMATS = ("docx", "xlsx")


async def report_bytes(
    session: AsyncSession, app: App, committee_id: int, window: Window, fmt: str, now: datetime
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    data = await collect(session, app.reference, committee_id, window, now, app.services.tz)
    return build_docx(data) if fmt == "docx" else build_xlsx(data)


def report_filename(code: str, window: Window, fmt: str) -> str:
    """e.g. รายงาน-C-YALA-1-ปี2569-ครั้งที่2.docx"""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in code)
    return f"รายงาน-{safe}-ปี{window.due.academic_year}-ครั้งที่{window.due.round}.{fmt}"
