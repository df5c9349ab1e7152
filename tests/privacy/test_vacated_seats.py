"""An erased person's seats stay, vacated (issue 10): the role and committee remain, the holder goes, the committee's
counts still add up, nobody is reminded on the seat's behalf, and the next import of the same role fills it."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.core.messages import Kind, Platform
from bot.directory.importer import import_file
from bot.directory.withdrawn import fingerprint_key
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.models import CommitteeMember, PilotSchool
from tests.directory_import.files import write_csv
from tests.privacy.test_rights import LINE_CHAIR, LINE_EXPERT, Chat, _setup


async def _withdraw(app, user_id: str = LINE_EXPERT) -> None:
    chat = Chat(app, Platform.LINE, user_id)
    await chat.tap("ยืนยันลบข้อมูล", await chat.send_text("ลบข้อมูลของฉัน"))


async def _seats(app, committee: int) -> list[tuple[int | None, str, bool]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(CommitteeMember.person_id, CommitteeMember.role, CommitteeMember.vacated_at.is_not(None))
            .where(CommitteeMember.committee_id == committee)
            .order_by(CommitteeMember.id)
        )
        return [(pid, role, bool(vacated)) for pid, role, vacated in rows.all()]


async def test_an_erased_members_seat_stays_vacant_and_the_committee_still_counts_it(app):
    d = await _setup(app)  # the expert checked in duty 1 (done) and duty 2 (blocked)
    await _withdraw(app)
    seats = await _seats(app, d.committee)
    assert ("expert" in [role for _, role, _ in seats]) and len(seats) == 4, "the seat stays"
    assert (None, "expert", True) in seats and all(pid != d.expert for pid, _, _ in seats), "no holder"

    chair = Chat(app, Platform.LINE, LINE_CHAIR)
    status = await chair.say("คณะกรรมการของฉันเช็คอินครบหรือยัง")
    assert "ผู้ทรง" not in status and "ลบข้อมูลแล้ว" not in status
    assert "เช็คอินแล้ว 2 จาก 24 รายการ (4 คน × 6 ข้อ)" in status, "the seat and its check-ins still count"
    assert "⛔ ติดปัญหา: ว่าง (ถอนตัว) ข้อ 2" in status and "• ว่าง (ถอนตัว): ข้อ 3, 4, 5, 6" in status

    members = await chair.say("รายชื่อกรรมการของเรามีใครบ้าง")
    vacant = [line for line in members.splitlines() if line.startswith("• ว่าง (ถอนตัว) — ")]
    assert "มีกรรมการ 4 คน" in members and len(vacant) == 1 and "ผู้ทรงคุณวุฒิ" in vacant[0]
    missing = await chair.say("ใครยังไม่ลงทะเบียนบ้าง")
    assert "ว่าง (ถอนตัว)" in missing and "ผู้ทรง คุณวุฒิ" not in missing
    admin = "\n".join(r.as_text() for r in await chair.send(Kind.COMMAND, command="members", text="/members"))
    assert "⬜ ว่าง (ถอนตัว) — " in admin and "ผู้ทรง คุณวุฒิ" not in admin
    who = await chair.say("ประธานคณะกรรมการของเราคือใคร")
    assert "นายประธาน ใจดี" in who


async def test_an_erased_director_leaves_the_school_without_a_director(app):
    d = await _setup(app)
    async with app.sessions() as session, session.begin():
        from tests.directory import link

        await link(session, d.director, "line", "U" + "d" * 32)
    await _withdraw(app, "U" + "d" * 32)
    async with app.sessions() as session:
        school = await session.get(PilotSchool, d.school)
        assert school is not None and school.director_id is None
    assert (None, "school_rep", True) in await _seats(app, d.committee)


async def test_the_next_import_of_the_same_role_fills_the_vacated_seat(app, tmp_path):
    d = await _setup(app)
    await _withdraw(app)
    people = write_csv(
        tmp_path / "บุคคล.csv",
        [
            ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"],
            ["นางใหม่ มาแทน", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "0810000099", "", ""],
        ],
    )
    result = await import_file(app.sessions, people, app.reference, fingerprint_key=fingerprint_key(app.settings))
    assert result.errors == [] and result.counts is not None
    seats = await _seats(app, d.committee)
    assert len(seats) == 4, "filled, not added beside the vacant one"
    assert all(not vacated for _, _, vacated in seats)
    members = await Chat(app, Platform.LINE, LINE_CHAIR).say("รายชื่อกรรมการของเรามีใครบ้าง")
    assert "• นางใหม่ มาแทน — " in members and "ว่าง (ถอนตัว)" not in members


async def test_the_migration_vacates_the_seats_of_people_erased_before_it(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine, "0006")
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO committees (id, code, name, kind) VALUES (1, 'C1', 'c', 'area')"))
            await conn.execute(
                text(
                    "INSERT INTO people (id, full_name, created_at, erased_at) VALUES "
                    "(1, 'kept', '2026-01-01', NULL), (2, '[ลบข้อมูลแล้ว #2]', '2026-01-01', '2026-11-01')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO committee_members (committee_id, person_id, role, is_admin) VALUES "
                    "(1, 1, 'chair', true), (1, 2, 'expert', true)"
                )
            )
        await upgrade(engine)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT person_id, former_person_id, is_admin, vacated_at IS NOT NULL "
                    "FROM committee_members ORDER BY id"
                )
            )
            assert [tuple(r) for r in rows.all()] == [(1, None, True, False), (None, 2, False, True)]
    finally:
        await engine.dispose()
