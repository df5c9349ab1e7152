"""The semester report as a DOCX in the Thai official layout (A4, margins 3/2/2.5/2 cm, Sarabun 16 pt).

Built with python-docx rather than docxtpl: the report is mostly tables whose length comes from the data, which
python-docx builds row by row, and the layout stays in reviewable code instead of a binary Word template.
Thai text takes its font and size from the complex-script attributes (w:cs, w:szCs), so both are set on every run.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from bot.report.data import CHECKIN_LABELS, REPORTED_DUTIES, SCHOOL_LABELS, ReportData
from bot.thai.dates import format_thai_date

FONT = "Sarabun"  # OFL, shipped with the project through the fontpkg-sarabun wheel
SIZE = 16
TABLE_SIZE = 14  # wide tables in 14 pt keep a row on one or two lines of A4


def _font(run: Run, size: int = SIZE, bold: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    props = run._element.get_or_add_rPr()
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(size * 2))
    props.append(size_cs)
    if bold:
        props.append(OxmlElement("w:bCs"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    props.append(lang)


def _para(doc, text: str = "", *, bold: bool = False, size: int = SIZE, align=None, indent: bool = False):
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(2.5)  # the official first-line indent
    _font(p.add_run(text), size, bold)
    return p


def _heading(doc, text: str, level: int = 1) -> None:
    """A heading style (so outlines and readers see the structure), drawn black and plain as official letters are."""
    h = doc.add_heading(level=max(level, 1))
    h.paragraph_format.space_before = Pt(12 if level <= 1 else 6)
    h.paragraph_format.space_after = Pt(3)
    h.paragraph_format.keep_with_next = True
    run = h.add_run(text)
    _font(run, SIZE + (2 if level == 0 else 0), bold=True)
    run.font.color.rgb = RGBColor(0, 0, 0)
    run.font.italic = False


def _table(doc, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), TABLE_SIZE, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), TABLE_SIZE)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)  # each cell, which Word reads


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def build_docx(data: ReportData) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _heading(doc, "รายงานผลการดำเนินงานของคณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษา", 0)
    doc.paragraphs[-1].alignment = center
    _para(doc, data.committee_name, bold=True, align=center)
    _para(doc, f"{data.round_title} (ผลการดำเนินงานระหว่าง {data.period_text})", align=center)
    _para(doc, "เสนอ สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน ผ่านระบบสารบรรณอิเล็กทรอนิกส์", align=center)

    members = data.members
    complete = sum(1 for m in members if m.complete)
    sent = sum(1 for s in data.schools if s.latest is not None)
    _heading(doc, "1. สรุปภาพรวม")
    _para(
        doc,
        f"ตามหน้าที่ข้อ 4 {data.committee_name} ขอรายงานผลการดำเนินงานตามหน้าที่ข้อ 1 – 3 "
        f"{data.round_title} ภายใน {format_thai_date(data.window.due.due)} กรรมการ {len(members)} คน "
        f"เช็คอินครบทั้ง 6 หน้าที่ {complete} คน สถานศึกษานำร่อง {len(data.schools)} แห่ง "
        f"ส่งรายงานความก้าวหน้าในรอบนี้ {sent} แห่ง",
        indent=True,
    )

    _heading(doc, "2. การดำเนินงานตามหน้าที่ (สรุปรายหน้าที่)")
    header = ["ข้อ", "หน้าที่", *CHECKIN_LABELS.values(), "ยังไม่รายงาน"]
    rows = []
    for number, title in data.duties:
        counts = data.duty_counts(number)
        rows.append([str(number), title, *(str(counts[k]) for k in (*CHECKIN_LABELS, "none"))])
    _table(doc, header, rows, [1.0, 6.0, 1.6, 1.8, 1.6, 1.6, 1.8])

    for number, title in data.duties:
        if number not in REPORTED_DUTIES:
            continue
        _heading(doc, f"2.{number} หน้าที่ข้อ {number} {title}", 2)
        rows = []
        for m in members:
            entry = m.checkins.get(number)
            status, note, at = entry if entry else ("", None, None)
            rows.append(
                [m.full_name, data.role_text(m), CHECKIN_LABELS.get(status, "ยังไม่รายงาน"), note or "-", data.when(at)]
            )
        _table(doc, ["ชื่อ – สกุล", "ตำแหน่ง", "สถานะ", "บันทึก", "รายงานเมื่อ"], rows, [3.6, 3.4, 2.2, 4.6, 2.6])

    _heading(doc, "3. ความก้าวหน้าของสถานศึกษานำร่อง")
    rows = []
    for i, s in enumerate(data.schools, 1):
        u = s.latest
        if u is None:
            rows.append([str(i), f"{s.name} ({s.code})", "-", "ยังไม่ส่งในรอบนี้", "-", "-", "-"])
            continue
        percent = f"{u.percent}" if u.percent is not None else "-"
        reporter = f"{s.director or '-'} {data.when(u.created_at)}"
        rows.append(
            [
                str(i),
                f"{s.name} ({s.code})",
                u.project,
                SCHOOL_LABELS.get(u.status, u.status),
                percent,
                u.done or "-",
                reporter,
            ]
        )
    _table(
        doc,
        ["ที่", "สถานศึกษา", "โครงการ", "สถานะ", "ร้อยละ", "ผลการดำเนินงาน", "รายงานโดย/เมื่อ"],
        rows,
        [0.9, 3.2, 3.0, 1.8, 1.3, 3.4, 2.8],
    )

    _heading(doc, "4. ปัญหา อุปสรรค และความช่วยเหลือที่ต้องการ")
    asks = [s for s in data.schools if s.latest is not None and (s.latest.obstacles or s.latest.help_needed)]
    blocked = [(m, d, e) for m in members for d, e in sorted(m.checkins.items()) if e[0] == "blocked"]
    if not asks and not blocked:
        _para(doc, "ไม่มีปัญหาหรือคำขอความช่วยเหลือที่รายงานในรอบนี้", indent=True)
    for s in asks:
        assert s.latest is not None
        _para(
            doc,
            f"{s.name}: ปัญหา/อุปสรรค {s.latest.obstacles or '-'}; ความช่วยเหลือที่ต้องการ {s.latest.help_needed or '-'}",
            indent=True,
        )
    for m, duty, (_, note, _) in blocked:
        _para(doc, f"{m.full_name} (หน้าที่ข้อ {duty}) ติดปัญหา: {note or '-'}", indent=True)

    _heading(doc, "5. ผู้รายงานและวันที่รายงาน")
    reporters = data.reporters()
    if reporters:
        _table(doc, ["ผู้รายงาน", "รายงาน", "ล่าสุดเมื่อ"], [list(r) for r in reporters], [4.5, 8.0, 3.5])
    else:
        _para(doc, "ยังไม่มีผู้รายงานในรอบนี้", indent=True)

    _para(doc)
    _para(doc, "ลงชื่อ ..................................................", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(
        doc, f"({data.chair or '..................................................'})", align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    _para(doc, "ประธานกรรมการ", align=WD_ALIGN_PARAGRAPH.RIGHT)
    local = data.generated.astimezone(data.tz).date()
    _para(doc, f"จัดทำเมื่อ {format_thai_date(local)} โดย sandboxbot", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
