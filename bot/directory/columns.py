"""The file layout: three tables, their sheet names and their columns, as a ministry office fills them.

Headers are matched loosely (Thai or English, any case, spaces, dashes and dots ignored, a trailing "(...)" or "*"
dropped), so that a header retyped by hand still counts; an unknown header is refused rather than silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Table(StrEnum):
    COMMITTEES = "committees"
    PEOPLE = "people"
    SCHOOLS = "schools"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    th: str  # the header the template writes
    en: str
    required: bool = False  # the column must exist and every row must fill it
    aliases: tuple[str, ...] = ()
    example: str = ""
    width: int = 20  # template column width, in characters
    as_text: bool = False  # template formats the column as text (codes and phones keep their leading zeros)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.th, self.en, *self.aliases)


@dataclass(frozen=True, slots=True)
class TableSpec:
    table: Table
    sheet_th: str
    sheet_en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def match(self, header: str) -> Column | None:
        wanted = fold_header(header)
        return next((c for c in self.columns if wanted in {fold_header(n) for n in c.names}), None)

    def is_named(self, sheet_name: str) -> bool:
        return fold_header(sheet_name) in {fold_header(self.sheet_th), fold_header(self.sheet_en), self.table.value}


EXAMPLE_NAME = "นางสาวตัวอย่าง ใจดี"  # the template's person directs the template's school

_OFFICE_CODE = Column(
    "office_code",
    "รหัสสำนักงานเขตพื้นที่",
    "Area office code",
    required=True,
    aliases=("รหัสเขตพื้นที่", "รหัส สพท.", "area_office_code", "office code"),
    example="SPP-YALA-1",
    width=22,
    as_text=True,
)
_PROVINCE = Column("province", "จังหวัด", "Province", example="ยะลา", width=14)

COMMITTEES = TableSpec(
    Table.COMMITTEES,
    "คณะกรรมการ",
    "Committees",
    (
        Column(
            "code",
            "รหัสคณะกรรมการ",
            "Committee code",
            required=True,
            aliases=("committee_code",),
            example="C-YALA-1",
            width=18,
            as_text=True,
        ),
        Column(
            "name",
            "ชื่อคณะกรรมการ",
            "Committee name",
            required=True,
            aliases=("committee_name",),
            example="คณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษา สพป.ยะลา เขต 1",
            width=50,
        ),
        Column("kind", "ประเภท", "Kind", required=True, aliases=("ประเภทคณะกรรมการ", "type"), example="สพท.", width=10),
        _OFFICE_CODE,
        Column(
            "office_name",
            "ชื่อสำนักงานเขตพื้นที่",
            "Area office name",
            required=True,
            aliases=("ชื่อเขตพื้นที่", "สำนักงานเขตพื้นที่", "ชื่อ สพท.", "area_office_name", "office name"),
            example="สำนักงานเขตพื้นที่การศึกษาประถมศึกษายะลา เขต 1",
            width=45,
        ),
        _PROVINCE,
    ),
)

PEOPLE = TableSpec(
    Table.PEOPLE,
    "บุคคล",
    "People",
    (
        Column(
            "full_name",
            "ชื่อ-นามสกุล",
            "Full name",
            required=True,
            aliases=("ชื่อ-สกุล", "ชื่อนามสกุล", "ชื่อ", "name", "full_name"),
            example=EXAMPLE_NAME,
            width=30,
        ),
        Column(
            "role",
            "บทบาท",
            "Role",
            required=True,
            aliases=("ตำแหน่ง", "ตำแหน่งในคณะกรรมการ"),
            example="ผู้แทนผู้บริหารสถานศึกษานำร่อง",
            width=32,
        ),
        Column(
            "committee",
            "รหัสคณะกรรมการ",
            "Committee code",
            aliases=("คณะกรรมการ", "committee", "committee_code"),
            example="C-YALA-1",
            width=18,
            as_text=True,
        ),
        Column(
            "phone",
            "เบอร์โทรศัพท์",
            "Phone",
            aliases=("โทรศัพท์", "เบอร์โทร", "โทร", "มือถือ", "เบอร์มือถือ", "phone number", "mobile", "tel"),
            example="081-234-5678",
            width=16,
            as_text=True,
        ),
        Column("email", "อีเมล", "E-mail", aliases=("อีเมล์", "e-mail address"), example="example@school.ac.th", width=28),
        Column("admin", "ผู้ดูแล", "Admin", aliases=("สิทธิ์ผู้ดูแล", "แอดมิน", "is_admin"), example="ไม่ใช่", width=10),
    ),
)

SCHOOLS = TableSpec(
    Table.SCHOOLS,
    "โรงเรียนนำร่อง",
    "Pilot schools",
    (
        Column(
            "code",
            "รหัสโรงเรียน",
            "School code",
            required=True,
            aliases=("รหัสสถานศึกษา", "school_code"),
            example="1095010001",
            width=14,
            as_text=True,
        ),
        Column(
            "name",
            "ชื่อโรงเรียน",
            "School name",
            required=True,
            aliases=("ชื่อสถานศึกษา", "school_name"),
            example="โรงเรียนบ้านตัวอย่าง",
            width=30,
        ),
        _OFFICE_CODE,
        _PROVINCE,
        Column(
            "director",
            "ผู้อำนวยการ",
            "Director",
            aliases=("ชื่อผู้อำนวยการ", "ผู้อำนวยการโรงเรียน", "ผู้อำนวยการสถานศึกษา", "director name"),
            example=EXAMPLE_NAME,
            width=30,
        ),
    ),
)

TABLES = (COMMITTEES, PEOPLE, SCHOOLS)

#: Columns people add for themselves (a running number, remarks): read past, never refused.
IGNORED_HEADERS = frozenset({"ลำดับ", "ลำดับที่", "ที่", "no", "#", "หมายเหตุ", "note", "notes", "remark", "remarks"})

_TRAILING_NOTE = re.compile(r"\s*[(*（].*$")
_NOISE = re.compile(r"[\s\-_.‐–—:]+")


def fold_header(text: str) -> str:
    """The comparable form of a header: "ชื่อ - นามสกุล *" and "ชื่อนามสกุล" fold alike."""
    text = unicodedata.normalize("NFC", text).strip()
    return _NOISE.sub("", _TRAILING_NOTE.sub("", text)).casefold()


def is_ignored(header: str) -> bool:
    return fold_header(header) in {fold_header(h) for h in IGNORED_HEADERS}
