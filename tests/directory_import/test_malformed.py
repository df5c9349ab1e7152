"""Files that are not a directory at all get one clear Thai sentence, exit code 1, and change nothing."""

from __future__ import annotations

import pytest

from tests.directory_import.conftest import count_rows
from tests.directory_import.files import PEOPLE_TH, write_csv

CASES = {
    "report.pdf": (b"%PDF-1.4 ...", 'ไฟล์ "report.pdf" ไม่ใช่ไฟล์ .xlsx หรือ .csv ค่ะ'),
    "old.xls": (b"\xd0\xcf\x11\xe0", 'ไฟล์ "old.xls" เป็น Excel รุ่นเก่า (.xls) ค่ะ'),
    "empty.csv": (b"", 'ไฟล์ "empty.csv" ว่างเปล่าค่ะ'),
    "bom-only.csv": (b"\xef\xbb\xbf\r\n", 'ไฟล์ "bom-only.csv" ว่างเปล่าค่ะ'),
    "broken.xlsx": (b"PK\x03\x04 not really a workbook", 'เปิดไฟล์ "broken.xlsx" ไม่ได้ค่ะ'),
    "binary.csv": (b"\x00\x01\x02", 'ไฟล์ "binary.csv" ไม่ใช่ไฟล์ CSV ที่อ่านได้ค่ะ'),
    "nicknames.csv": ("ชื่อเล่น,สีที่ชอบ\nต้น,ฟ้า\n".encode(), 'หัวตารางของไฟล์ "nicknames.csv" ไม่ตรงกับตารางใดเลยค่ะ'),
    "headers-only.csv": ("\ufeffรหัสโรงเรียน,ชื่อโรงเรียน,รหัสสำนักงานเขตพื้นที่\n".encode(), "มีแต่หัวตาราง"),
}


async def test_malformed_files_are_refused_in_thai(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    for name, (content, expected) in CASES.items():  # one database for all cases: none of them reaches it
        (tmp_path / name).write_bytes(content)

        ran = await cli("import", name)

        assert (ran.code, ran.out) == (1, ""), name
        assert expected in ran.err, name
    assert set((await count_rows(app)).values()) == {0}


async def test_missing_and_unknown_columns_are_named(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    rows = [[c for i, c in enumerate(r) if i != 1] + ["x"] for r in PEOPLE_TH]  # no บทบาท, one stray column
    rows[0][-1] = "สีที่ชอบ"
    write_csv(tmp_path / "people.csv", rows)

    ran = await cli("import", "people.csv")

    assert ran.code == 1
    assert 'ไฟล์ "people.csv" มีคอลัมน์ที่ไม่รู้จัก: "สีที่ชอบ" ค่ะ' in ran.err
    assert 'ไฟล์ "people.csv" ไม่มีคอลัมน์ "บทบาท" ซึ่งต้องมีค่ะ' in ran.err
    assert (await count_rows(app))["people"] == 0


async def test_missing_file_and_wrong_arguments(cli):
    ran = await cli("import", "nowhere.xlsx")
    assert ran.code == 1 and 'ไม่พบไฟล์ "nowhere.xlsx"' in ran.err
    with pytest.raises(SystemExit) as exited:
        await cli("import")  # neither FILE nor --template
    assert exited.value.code == 2
