"""The downloadable template: three sheets a ministry office can fill, and its example rows import as they are."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import select

from bot.directory.columns import EXAMPLE_NAME, TABLES
from storage.models import Committee, Person, PilotSchool


async def test_xlsx_template_has_three_sheets_and_its_example_rows_import(make_app, cli, tmp_path):
    ran = await cli("import", "--template", "แบบฟอร์ม.xlsx")
    assert (ran.code, ran.out.strip()) == (0, "สร้างแบบฟอร์มแล้วค่ะ: แบบฟอร์ม.xlsx")

    workbook = load_workbook(tmp_path / "แบบฟอร์ม.xlsx")
    assert workbook.sheetnames == ["คำแนะนำ", "คณะกรรมการ", "บุคคล", "โรงเรียนนำร่อง"]
    assert workbook["คำแนะนำ"]["A1"].value.startswith("วิธีกรอกแบบฟอร์ม")
    people = workbook["บุคคล"]
    assert [c.value for c in people[1]] == ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"]
    assert people["A2"].value == EXAMPLE_NAME
    assert people.column_dimensions["B"].width >= 30
    assert "ผู้ทรงคุณวุฒิ" in people["B1"].comment.text

    ran = await cli("import", "แบบฟอร์ม.xlsx")
    assert ran.code == 0, ran.err
    app = await make_app(connect_platforms=False)
    async with app.sessions() as session:
        school = (await session.execute(select(PilotSchool))).scalar_one()
        director = await session.get(Person, school.director_id)
        committee = (await session.execute(select(Committee))).scalar_one()
    assert (school.code, director.full_name, director.phone) == ("1095010001", EXAMPLE_NAME, "0812345678")
    assert committee.code == "C-YALA-1"


async def test_csv_template_is_one_file_per_table_and_imports(cli, tmp_path):
    ran = await cli("import", "--template", "form.csv")
    assert ran.code == 0
    for spec in TABLES:
        path = tmp_path / f"form-{spec.table.value}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens Thai text correctly
        ran = await cli("import", path.name)
        assert ran.code == 0, ran.err
        assert "เพิ่มใหม่ 1" in ran.out
