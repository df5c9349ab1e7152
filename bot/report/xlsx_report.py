"""The semester report's data as an XLSX: one sheet per table, Thai headers, BE dates, frozen header, filters."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.report.data import CHECKIN_LABELS, SCHOOL_LABELS, ReportData

BOLD = Font(bold=True)


def _sheet(ws: Worksheet, header: list[str], rows: list[list[object]], widths: list[int]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def build_xlsx(data: ReportData) -> bytes:
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "สรุป"
    sent = sum(1 for s in data.schools if s.latest is not None)
    _sheet(
        summary,
        ["รายการ", "ค่า"],
        [
            ["คณะกรรมการ", data.committee_name],
            ["รหัส", data.committee_code],
            ["รอบรายงาน", data.round_title],
            ["ช่วงเวลา", data.period_text],
            ["จำนวนกรรมการ", len(data.members)],
            ["เช็คอินครบ 6 หน้าที่", sum(1 for m in data.members if m.complete)],
            ["สถานศึกษานำร่อง", len(data.schools)],
            ["ส่งความก้าวหน้าในรอบนี้", sent],
            ["จัดทำเมื่อ", data.when(data.generated)],
        ],
        [28, 70],
    )
    duty_rows: list[list[object]] = []
    for number, title in data.duties:
        counts = data.duty_counts(number)
        duty_rows.append([number, title, *(counts[k] for k in (*CHECKIN_LABELS, "none"))])
    _sheet(
        wb.create_sheet("สรุปรายหน้าที่"),
        ["ข้อ", "หน้าที่", *CHECKIN_LABELS.values(), "ยังไม่รายงาน"],
        duty_rows,
        [6, 50, 12, 16, 12, 12, 14],
    )
    checkin_rows: list[list[object]] = []
    for m in data.members:
        for number, _ in data.duties:
            entry = m.checkins.get(number)
            status, note, at = entry if entry else ("", None, None)
            checkin_rows.append(
                [
                    m.full_name,
                    data.role_text(m),
                    number,
                    CHECKIN_LABELS.get(status, "ยังไม่รายงาน"),
                    note or "",
                    data.when(at),
                ]
            )
    _sheet(
        wb.create_sheet("เช็คอินรายหน้าที่"),
        ["ชื่อ – สกุล", "ตำแหน่ง", "หน้าที่ข้อ", "สถานะ", "บันทึก", "รายงานเมื่อ"],
        checkin_rows,
        [28, 30, 10, 16, 50, 20],
    )
    school_rows: list[list[object]] = []
    for s in data.schools:
        u = s.latest
        school_rows.append(
            [
                s.code,
                s.name,
                s.director or "",
                u.project if u else "",
                SCHOOL_LABELS.get(u.status, u.status) if u else "ยังไม่ส่งในรอบนี้",
                u.percent if u and u.percent is not None else None,
                (u.done or "") if u else "",
                (u.obstacles or "") if u else "",
                (u.help_needed or "") if u else "",
                data.when(u.created_at) if u else "",
                s.updates_in_round,
            ]
        )
    _sheet(
        wb.create_sheet("โรงเรียนนำร่อง"),
        [
            "รหัสสถานศึกษา",
            "สถานศึกษา",
            "ผู้อำนวยการ",
            "โครงการ",
            "สถานะ",
            "ร้อยละ",
            "ผลการดำเนินงาน",
            "ปัญหา/อุปสรรค",
            "ความช่วยเหลือที่ต้องการ",
            "รายงานล่าสุดเมื่อ",
            "จำนวนครั้งในรอบ",
        ],
        school_rows,
        [14, 30, 24, 30, 16, 8, 40, 40, 40, 20, 10],
    )
    _sheet(
        wb.create_sheet("ผู้รายงาน"), ["ผู้รายงาน", "รายงาน", "ล่าสุดเมื่อ"], [list(r) for r in data.reporters()], [28, 50, 20]
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
