"""Importing the directory from the files a ministry office sends: what lands in the store, and what is refused."""

from __future__ import annotations

import copy

from sqlalchemy import select

from bot.directory.importer import import_file
from storage.models import AreaOffice, AuditLog, Committee, CommitteeMember, Person, PilotSchool, Province
from tests.directory import seed_directory
from tests.directory_import.conftest import count_rows
from tests.directory_import.files import (
    COMMITTEES_EN,
    COMMITTEES_TH,
    PEOPLE_EN,
    PEOPLE_TH,
    SCHOOLS_EN,
    SCHOOLS_TH,
    thai_workbook,
    write_csv,
    write_xlsx,
)


async def _person(session, name: str) -> Person:
    return (await session.execute(select(Person).where(Person.full_name == name))).scalar_one()


async def test_thai_workbook_fills_every_table(make_app, tmp_path):
    app = await make_app(connect_platforms=False)
    result = await import_file(app.sessions, thai_workbook(tmp_path / "ทำเนียบ.xlsx"), app.reference)

    assert result.errors == []
    assert await count_rows(app) == {
        "offices": 2, "committees": 2, "people": 4, "seats": 4, "schools": 2, "audit": 1, "invites": 0
    }  # fmt: skip
    async with app.sessions() as session:
        bkk = (await session.execute(select(Committee).where(Committee.code == "C-BKK-1"))).scalar_one()
        office = await session.get(AreaOffice, bkk.area_office_id)
        province = await session.get(Province, office.province_id)
        assert (bkk.name, bkk.kind, province.name_th) == ("คณะกรรมการขับเคลื่อนฯ สพป.กรุงเทพมหานคร", "area", "กรุงเทพมหานคร")

        chair = await _person(session, "นายประธาน ใจดี")  # double space tidied
        assert (chair.phone, chair.email) == ("0812345678", "chair@example.go.th")  # Thai digits, lower-case
        director = await _person(session, "นายผอ. หนึ่ง")
        seats = (
            await session.execute(select(CommitteeMember).where(CommitteeMember.person_id == director.id))
        ).scalars()
        assert sorted(s.role for s in seats) == ["expert", "school_rep"]  # two rows, one person, two seats
        admins = (await session.execute(select(CommitteeMember.person_id).where(CommitteeMember.is_admin))).scalars()
        assert list(admins) == [chair.id]

        schools = {s.code: s for s in (await session.execute(select(PilotSchool))).scalars()}
        assert schools["1095010001"].director_id == director.id
        assert schools["1095010002"].director_id == (await _person(session, "นางผอ. สอง")).id
        audit = (await session.execute(select(AuditLog))).scalar_one()
    assert (audit.action, audit.platform, audit.details["file"]) == ("directory.import", "cli", "ทำเนียบ.xlsx")
    assert audit.details["counts"]["people"] == {"created": 4, "updated": 0, "unchanged": 0}


async def test_csv_files_with_english_headers_one_table_each(make_app, tmp_path):
    app = await make_app(connect_platforms=False)
    files = [
        write_csv(tmp_path / "committees.csv", COMMITTEES_EN, encoding="utf-8"),  # no BOM
        write_csv(tmp_path / "people.csv", PEOPLE_EN),  # Excel's "CSV UTF-8": with a BOM
        write_csv(tmp_path / "schools.csv", SCHOOLS_EN),
    ]
    for path in files:
        assert (await import_file(app.sessions, path, app.reference)).errors == []

    async with app.sessions() as session:
        somchai = await _person(session, "Somchai Jaidee")
        assert somchai.phone == "0810000001"  # +66 becomes 0
        seat = (await session.execute(select(CommitteeMember))).scalar_one()
        assert (seat.role, seat.is_admin, seat.person_id) == ("chair", True, somchai.id)
        school = (await session.execute(select(PilotSchool))).scalar_one()
        assert school.director_id == (await _person(session, "Suda Rakdee")).id


async def test_plain_excel_csv_in_the_thai_code_page_is_read(make_app, tmp_path):
    app = await make_app(connect_platforms=False)
    await import_file(app.sessions, write_xlsx(tmp_path / "c.xlsx", {"คณะกรรมการ": COMMITTEES_TH}), app.reference)
    people = write_csv(tmp_path / "บุคคล.csv", PEOPLE_TH, encoding="cp874")
    assert (await import_file(app.sessions, people, app.reference)).errors == []
    assert (await count_rows(app))["people"] == 4


async def test_reimport_updates_a_changed_phone_instead_of_adding_a_person(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    assert (await cli("import", str(thai_workbook(tmp_path / "ทำเนียบ.xlsx")))).code == 0
    before = await count_rows(app)

    people = copy.deepcopy(PEOPLE_TH)
    people[2][3] = "089-999-9999"  # นางเลขา ขยัน: no e-mail, so she is found by her name
    people[1][0] = "ดร.ประธาน ใจดี"  # the chair is found by his e-mail and renamed
    path = write_xlsx(tmp_path / "ทำเนียบ-2.xlsx", {"บุคคล": people, "โรงเรียนนำร่อง": SCHOOLS_TH})
    ran = await cli("import", str(path))

    assert ran.code == 0, ran.err
    assert 'นำเข้าไฟล์ "ทำเนียบ-2.xlsx" เรียบร้อยแล้วค่ะ' in ran.out
    assert "• บุคคล: เพิ่มใหม่ 0 แก้ไข 2 ไม่เปลี่ยนแปลง 2" in ran.out
    assert "• โรงเรียนนำร่อง: เพิ่มใหม่ 0 แก้ไข 0 ไม่เปลี่ยนแปลง 2" in ran.out
    after = await count_rows(app)
    assert after == {**before, "audit": before["audit"] + 1}
    async with app.sessions() as session:
        assert (await _person(session, "นางเลขา ขยัน")).phone == "0899999999"
        assert (await _person(session, "ดร.ประธาน ใจดี")).email == "chair@example.go.th"


async def test_three_bad_cells_are_all_reported_by_row_and_column_and_nothing_is_written(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    people, schools = copy.deepcopy(PEOPLE_TH), copy.deepcopy(SCHOOLS_TH)
    people[1][4] = "chair-at-example"  # row 2, อีเมล
    people[3][1] = "กรรมการกลาง"  # row 4, บทบาท
    schools[4][0] = "109501000"  # row 5 (below a title), รหัสโรงเรียน: nine digits
    path = write_xlsx(tmp_path / "ทำเนียบ.xlsx", {"คณะกรรมการ": COMMITTEES_TH, "บุคคล": people, "โรงเรียนนำร่อง": schools})
    before = await count_rows(app)

    ran = await cli("import", str(path))

    assert ran.code == 1
    assert ran.err.splitlines() == [
        'พบข้อผิดพลาด 3 รายการในไฟล์ "ทำเนียบ.xlsx" ค่ะ ยังไม่ได้บันทึกข้อมูลใดเลย กรุณาแก้ไขแล้วนำเข้าใหม่นะคะ',
        '• แผ่นงาน "บุคคล" แถวที่ 2 คอลัมน์ "อีเมล": อีเมลไม่ถูกต้อง (ตัวอย่าง: name@school.ac.th)',
        '• แผ่นงาน "บุคคล" แถวที่ 4 คอลัมน์ "บทบาท": ไม่รู้จักบทบาท "กรรมการกลาง" ใช้ได้: ประธาน, รองประธาน, '
        "ผู้ทรงคุณวุฒิ, ผู้แทนผู้บริหารสถานศึกษานำร่อง, เลขานุการ, ผู้อำนวยการโรงเรียน",
        '• แผ่นงาน "โรงเรียนนำร่อง" แถวที่ 5 คอลัมน์ "รหัสโรงเรียน": ต้องเป็นตัวเลข 10 หลัก',
    ]
    assert await count_rows(app) == before


async def test_references_that_do_not_resolve_are_errors(make_app, tmp_path):
    app = await make_app(connect_platforms=False)
    async with app.sessions() as session, session.begin():
        await seed_directory(session)
        session.add(Person(full_name="นางเลขา ขยัน"))  # a namesake of the seeded secretary
    people = [
        PEOPLE_TH[0],
        ["นางเลขา ขยัน", "เลขานุการ", "C-YALA-1", "", "", ""],  # two in the store bear this name
        ["นายใหม่ มาแล้ว", "ผู้ทรงคุณวุฒิ", "C-NOWHERE", "", "", ""],
        ["นายซ้ำ ซ้อน", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "0811111111", "", ""],
        ["นายซ้ำ ซ้อน", "ประธาน", "C-SATUN", "0822222222", "", ""],  # same name, another phone
        ["นายไม่มี ที่นั่ง", "ประธาน", "", "", "", ""],
        ["นางสาวอื่น ใช้ร่วม", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "081-111-1111", "", ""],  # นายซ้ำ ซ้อน's phone
    ]
    schools = [SCHOOLS_TH[2], ["1095010009", "โรงเรียนใหม่", "SPP-NOWHERE", "ยะลาใต้", "นายไม่รู้ จักชื่อ"]]
    path = write_xlsx(tmp_path / "refs.xlsx", {"บุคคล": people, "โรงเรียนนำร่อง": schools})

    result = await import_file(app.sessions, path, app.reference)

    problems = [(e.row, e.column, e.problem.msgid) for e in result.errors]
    assert problems == [
        (2, "ชื่อ-นามสกุล", "directory.cell.ambiguous"),
        (3, "รหัสคณะกรรมการ", "directory.cell.unknown_committee"),
        (5, "เบอร์โทรศัพท์", "directory.cell.conflict"),
        (6, "รหัสคณะกรรมการ", "directory.cell.committee_needed"),
        (7, "เบอร์โทรศัพท์", "directory.cell.shared_contact"),
        (2, "รหัสสำนักงานเขตพื้นที่", "directory.cell.unknown_office"),
        (2, "จังหวัด", "directory.cell.province"),
        (2, "ผู้อำนวยการ", "directory.cell.unknown_person"),
    ]
    assert (await count_rows(app))["audit"] == 0


async def test_dry_run_counts_but_writes_nothing(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    ran = await cli("import", str(thai_workbook(tmp_path / "ทำเนียบ.xlsx")), "--dry-run")
    assert ran.code == 0
    assert "(--dry-run) ยังไม่ได้บันทึก" in ran.out
    assert "• บุคคล: เพิ่มใหม่ 4 แก้ไข 0 ไม่เปลี่ยนแปลง 0" in ran.out
    assert set((await count_rows(app)).values()) == {0}
