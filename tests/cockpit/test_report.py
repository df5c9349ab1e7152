"""The semester report: `sandboxbot report`, the DOCX read back with python-docx, the XLSX with openpyxl, and the
DOCX turned into a PDF by LibreOffice (when installed) with Thai text intact."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

import fontpkg_sarabun
import pytest
from docx import Document
from openpyxl import load_workbook

from bot.app import App
from tests.cockpit.conftest import World
from tests.conftest import Cli

COMMITTEE = "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1"


def pdf_of(docx: Path, out: Path) -> Path:
    """LibreOffice headless, with the Sarabun the project ships in a private font folder (no system install)."""
    home = out / "lo-home"
    (home / ".fonts").mkdir(parents=True, exist_ok=True)
    for font in (Path(fontpkg_sarabun.ROOT) / "files").glob("Sarabun-*.ttf"):
        shutil.copy(font, home / ".fonts" / font.name)
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{home}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return out / (docx.stem + ".pdf")


async def test_report_command_writes_the_official_docx(app: App, world: World, cli: Cli, tmp_path: Path) -> None:
    ran = await cli("report", "C-YALA-1", "--round", "2", "--year", "2569", "-o", "r.docx")
    assert ran.code == 0, ran.err
    doc = Document(str(tmp_path / "r.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "รายงานผลการดำเนินงานของคณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษา"
    assert "2. การดำเนินงานตามหน้าที่ (สรุปรายหน้าที่)" in headings
    assert any(h.startswith("2.1 หน้าที่ข้อ 1") for h in headings)
    assert "3. ความก้าวหน้าของสถานศึกษานำร่อง" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert COMMITTEE in text and "ครั้งที่ 2 ปีการศึกษา 2569" in text
    assert "ผ่านระบบสารบรรณอิเล็กทรอนิกส์" in text
    assert "ครูลาคลอด 1 คน" in text and "ต้องการครูอัตราจ้าง" in text  # obstacles and help needed
    assert "(นายประธาน ใจดี)" in text  # the chair signs
    duty_table, *rest = doc.tables
    assert [c.text for c in duty_table.rows[0].cells][:3] == ["ข้อ", "หน้าที่", "เสร็จแล้ว"]
    assert len(duty_table.rows) == 7  # six duties
    assert [c.text for c in duty_table.rows[1].cells][2] == "1"  # the chair is done on duty 1
    duty1 = rest[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in duty1.rows[1:]}
    assert rows["นายประธาน ใจดี"][2] == "เสร็จแล้ว" and rows["นายประธาน ใจดี"][3] == "บันทึกหน้าที่ 1 ประชุมแล้ว"
    assert rows["นางเลขา ขยัน"][2] == "ยังไม่รายงาน"
    schools = next(t for t in doc.tables if t.rows[0].cells[1].text == "สถานศึกษา")
    by_name = {r.cells[1].text: [c.text for c in r.cells] for r in schools.rows[1:]}
    assert by_name["โรงเรียนบ้านหนึ่ง (1095010001)"][3] == "มีความเสี่ยง"
    assert by_name["โรงเรียนบ้านสอง (1095010002)"][3] == "ยังไม่ส่งในรอบนี้"
    assert "นายผอ. โรงเรียนหนึ่ง 15 พ.ย. 2569 10:00 น." in by_name["โรงเรียนบ้านหนึ่ง (1095010001)"][6]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Sarabun" and normal.font.size.pt == 16
    assert 'w:cs="Sarabun"' in normal.element.xml and '<w:szCs w:val="32"/>' in normal.element.xml
    assert doc.sections[0].left_margin.cm == pytest.approx(3, abs=0.01)


async def test_report_command_writes_the_same_data_as_xlsx(app: App, world: World, cli: Cli, tmp_path: Path) -> None:
    ran = await cli("report", "C-YALA-1", "-o", "r.xlsx")
    assert ran.code == 0, ran.err
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["สรุป", "สรุปรายหน้าที่", "เช็คอินรายหน้าที่", "โรงเรียนนำร่อง", "ผู้รายงาน"]
    schools = wb["โรงเรียนนำร่อง"]
    assert schools.freeze_panes == "A2" and schools.auto_filter.ref
    rows = {r[1]: r for r in schools.iter_rows(min_row=2, values_only=True)}
    assert rows["โรงเรียนบ้านหนึ่ง"][4] == "มีความเสี่ยง" and rows["โรงเรียนบ้านหนึ่ง"][8] == "ต้องการครูอัตราจ้าง"
    blocked = [r for r in wb["เช็คอินรายหน้าที่"].iter_rows(min_row=2, values_only=True) if r[3] == "ติดปัญหา"]
    assert blocked == [("นางเลขา ขยัน", "กรรมการและเลขานุการ", 2, "ติดปัญหา", "รอคำสั่งแต่งตั้ง", "15 พ.ย. 2569 10:00 น.")]


async def test_report_command_refuses_politely(app: App, world: World, cli: Cli) -> None:
    assert (await cli("report", "NO-SUCH", "-o", "r.docx")).code == 1
    bad = await cli("report", "C-YALA-1", "-o", "r.pdf")
    assert bad.code == 1 and ".docx" in bad.err


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
async def test_the_docx_becomes_a_pdf_with_thai_text(app: App, world: World, cli: Cli, tmp_path: Path) -> None:
    assert (await cli("report", "C-YALA-1", "-o", "r.docx")).code == 0
    await asyncio.to_thread(pdf_of, tmp_path / "r.docx", tmp_path)
    pdf = tmp_path / "r.pdf"
    assert pdf.stat().st_size > 5000
    if shutil.which("pdftotext"):
        done = await asyncio.to_thread(subprocess.run, ["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        text = done.stdout
        assert "ความก้าวหน้าของสถานศึกษานำร่อง" in text.replace("\u00a0", " ")
