"""Directory files as a ministry office would send them, written into the test's tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

Rows = list[list[object]]

COMMITTEES_TH: Rows = [
    ["ลำดับ", "รหัสคณะกรรมการ", "ชื่อคณะกรรมการ", "ประเภท", "รหัสสำนักงานเขตพื้นที่", "ชื่อสำนักงานเขตพื้นที่", "จังหวัด"],
    [1, "C-YALA-1", "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1", "สพท.", "SPP-YALA-1", "สพป.ยะลา เขต 1", "ยะลา"],
    [2, " c-bkk-1 ", "คณะกรรมการขับเคลื่อนฯ  สพป.กรุงเทพมหานคร", "สพท", "SPP-BKK", "สพป.กรุงเทพมหานคร", "กทม."],
]
PEOPLE_TH: Rows = [
    ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"],
    ["นายประธาน  ใจดี", "ประธาน", "C-YALA-1", "๐๘๑-๒๓๔-๕๖๗๘", "Chair@Example.go.th", "ใช่"],
    ["นางเลขา ขยัน", "เลขานุการ", "C-YALA-1", "0812345679", "", ""],
    ["นายผอ. หนึ่ง", "ผู้แทนผู้บริหารสถานศึกษานำร่อง", "C-YALA-1", "", "one@school.ac.th", "ไม่ใช่"],
    ["นายผอ. หนึ่ง", "expert", "C-BKK-1", "", "", ""],  # the same person, a second seat
    ["นางผอ. สอง", "ผู้อำนวยการโรงเรียน", "", "", "", ""],
]
SCHOOLS_TH: Rows = [
    ["ทำเนียบโรงเรียนนำร่อง ปีการศึกษา ๒๕๖๙"],  # a title and a blank row above the table
    [],
    ["รหัสโรงเรียน", "ชื่อโรงเรียน", "รหัสสำนักงานเขตพื้นที่", "จังหวัด", "ผู้อำนวยการ"],
    ["๑๐๙๕๐๑๐๐๐๑", "โรงเรียนบ้านหนึ่ง", "SPP-YALA-1", "ยะลา", "นายผอ. หนึ่ง"],
    [1095010002, "โรงเรียนบ้านสอง", "SPP-YALA-1", "", "นางผอ.  สอง"],
]

COMMITTEES_EN: Rows = [
    ["Committee code", "Committee name", "Kind", "Area office code", "Area office name", "Province"],
    ["C-SATUN", "Satun driving committee", "area", "SPP-SATUN", "Satun primary area office", "Satun"],
]
PEOPLE_EN: Rows = [
    ["Full name", "Role", "Committee code", "Phone", "E-mail", "Admin"],
    ["Somchai Jaidee", "chair", "C-SATUN", "+66 81 000 0001", "somchai@example.go.th", "yes"],
    ["Suda Rakdee", "director", "", "0810000002", "", "no"],
]
SCHOOLS_EN: Rows = [
    ["School code", "School name", "Area office code", "Province", "Director"],
    ["1091010001", "Ban Satun School", "SPP-SATUN", "Satun", "Suda Rakdee"],
]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def thai_workbook(path: Path) -> Path:
    return write_xlsx(path, {"คณะกรรมการ": COMMITTEES_TH, "บุคคล": PEOPLE_TH, "โรงเรียนนำร่อง": SCHOOLS_TH})
