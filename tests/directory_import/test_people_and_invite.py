"""`sandboxbot people` and `sandboxbot invite` on a seeded directory, as an operator sees them."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.thai.dates import format_thai_date
from storage.models import InviteCode, Person
from storage.repositories.invites import as_utc
from tests.directory import Directory, link, seed_directory
from tests.directory_import.conftest import count_rows
from tests.fakes.telegram_api import FakeTelegramApi

BANGKOK = ZoneInfo("Asia/Bangkok")


async def _seeded(make_app) -> tuple[object, Directory]:
    app = await make_app(connect_platforms=False)
    async with app.sessions() as session, session.begin():
        directory = await seed_directory(session)
        await link(session, directory.chair, "telegram", "5001")
        await link(session, directory.chair, "line", "U0001")
        await link(session, directory.director, "line", "U0004")
    return app, directory


async def test_people_lists_the_registered_with_seats_platforms_and_consent(make_app, cli):
    app, d = await _seeded(make_app)
    async with app.sessions() as session:
        consented = as_utc((await session.get(Person, d.chair)).consented_at).astimezone(BANGKOK).date()

    ran = await cli("people")

    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[0] == "ผู้ที่ลงทะเบียนแล้ว 2 คน"
    chair = ran.out.split("\n\n")[1].splitlines()
    assert chair == [
        f"[{d.chair}] นายประธาน ใจดี",
        "    ประธาน · C-YALA-1 คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1 (ผู้ดูแล)",
        f"    ช่องทาง: Telegram, LINE · ยินยอมเมื่อ {format_thai_date(consented, 'short4')}",
    ]
    assert "ผู้อำนวยการ · โรงเรียนบ้านหนึ่ง (1095010001)" in ran.out
    assert "นางเลขา ขยัน" not in ran.out  # not registered


async def test_people_all_and_by_committee(make_app, cli):
    _, d = await _seeded(make_app)

    everyone = await cli("people", "--all")
    assert everyone.out.splitlines()[0] == "รายชื่อทั้งหมด 6 คน (ลงทะเบียนแล้ว 2 คน)"
    assert f"[{d.secretary}] นางเลขา ขยัน\n    เลขานุการ · C-YALA-1" in everyone.out
    assert "    ยังไม่ได้ลงทะเบียน" in everyone.out

    satun = await cli("people", "--committee", "c-satun", "--all")
    assert satun.out.splitlines()[1] == "คณะกรรมการ C-SATUN: คณะกรรมการขับเคลื่อนฯ สพป.สตูล"
    assert "นายคนนอก ต่างเขต" in satun.out and "นายประธาน ใจดี" not in satun.out

    yala = await cli("people", "--committee", "C-YALA-1", "--all")
    assert "นางผอ. โรงเรียนสอง" in yala.out  # a director in the committee's area, without a seat

    unknown = await cli("people", "--committee", "NOPE")
    assert (unknown.code, unknown.err.strip()) == (1, 'ไม่พบคณะกรรมการรหัส "NOPE" ค่ะ')


async def test_invite_prints_the_code_and_the_telegram_deep_link(make_app, cli):
    app, d = await _seeded(make_app)
    async with FakeTelegramApi(token="4242:INVITE") as telegram:
        ran = await cli(
            "invite",
            "Secretary@Example.go.th",
            "--days",
            "7",
            SANDBOXBOT_TELEGRAM_TOKEN="4242:INVITE",
            SANDBOXBOT_TELEGRAM_API_URL=telegram.root,
        )
        assert telegram.calls_to("getMe")

    assert ran.code == 0, ran.err
    async with app.sessions() as session:
        invite = (await session.execute(select(InviteCode))).scalar_one()
    assert invite.person_id == d.secretary
    lines = ran.out.splitlines()
    assert lines[0].startswith(f"รหัสเชิญของ นางเลขา ขยัน: {invite.code} (ใช้ได้ครั้งเดียว ถึงวันที่ ")
    assert lines[1] == f"Telegram: เปิดลิงก์ https://t.me/sandbox_test_bot?start={invite.code}"
    assert lines[2] == f"LINE หรือช่องทางอื่น: พิมพ์ ลงทะเบียน {invite.code}"


async def test_invite_without_telegram_says_what_to_type(make_app, cli):
    app, d = await _seeded(make_app)

    ran = await cli("invite", " นายผอ.  โรงเรียนหนึ่ง ")  # the exact name, stray spaces and all

    assert ran.code == 0, ran.err
    assert "t.me" not in ran.out
    async with app.sessions() as session:
        invite = (await session.execute(select(InviteCode))).scalar_one()
    assert invite.person_id == d.director
    assert f"พิมพ์ ลงทะเบียน {invite.code}" in ran.out


async def test_invite_refuses_an_ambiguous_or_unknown_person(make_app, cli):
    app, d = await _seeded(make_app)
    async with app.sessions() as session, session.begin():
        namesake = Person(full_name="นางเลขา ขยัน")
        session.add(namesake)
    ambiguous = await cli("invite", "นางเลขา ขยัน")
    assert ambiguous.code == 1
    assert ambiguous.err.splitlines() == [
        'มีหลายคนที่ตรงกับ "นางเลขา ขยัน" ค่ะ กรุณาระบุด้วยรหัสบุคคลหรืออีเมล:',
        f"• {d.secretary}: นางเลขา ขยัน (เลขานุการ C-YALA-1)",
        f"• {namesake.id}: นางเลขา ขยัน (ไม่มีตำแหน่งในคณะกรรมการ)",
    ]
    unknown = await cli("invite", "nobody@example.go.th")
    assert unknown.code == 1 and 'ไม่พบบุคคล "nobody@example.go.th"' in unknown.err
    too_long = await cli("invite", str(d.chair), "--days", "365")
    assert too_long.code == 1 and "1 ถึง 90" in too_long.err
    assert (await count_rows(app))["invites"] == 0

    by_id = await cli("invite", str(namesake.id))
    assert by_id.code == 0 and (await count_rows(app))["invites"] == 1
