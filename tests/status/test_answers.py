"""The four "where do I stand" answers, from check-ins and progress updates written into the store."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.adapters.console import ConsoleAdapter
from bot.core.messages import ChatType, Incoming, Kind, Platform
from storage.models import AreaOffice, AuditLog, CheckIn, ConversationState, PilotSchool
from tests.checkin.conftest import said, seed
from tests.status.conftest import add_checkins, add_update

ALL_DONE = dict.fromkeys(range(1, 7), "done")
BANGKOK = ZoneInfo("Asia/Bangkok")
COMMITTEE_1_PEOPLE = ("นายประธาน ใจดี", "นางเลขา ขยัน", "ดร.ผู้ทรง คุณวุฒิ", "นายผอ. โรงเรียนหนึ่ง")


def bangkok(*args: int) -> datetime:
    """A Bangkok wall-clock time, as the UTC moment it is stored as."""
    return datetime(*args, tzinfo=BANGKOK).astimezone(UTC)


async def ask(app, user_id: str, text: str) -> str:
    return said(await ConsoleAdapter(app.processor, user_id=user_id).ask(text))


async def test_my_status_lists_my_check_ins_this_round_and_what_is_missing(app):
    d = await seed(app, chair=("console", "chair"))
    await add_checkins(app, d.committee, d.chair, {1: "done", 4: "blocked"})
    await add_checkins(app, d.committee, d.chair, {2: "done"}, round_=1)  # last round's: not this round's

    answer = await ask(app, "chair", "สถานะของฉัน")
    assert "📋 การเช็คอินของคุณ — คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in answer
    assert "รายงานครั้งที่ 2 ปีการศึกษา 2569 กำหนดส่ง 30 เมษายน 2570 (อีก 160 วัน)" in answer
    assert "ข้อ 1 เชื่อมโยงยุทธศาสตร์ และแผนการดำเนินงาน: ✅ เสร็จแล้ว" in answer
    assert "ข้อ 4 ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน: ⛔ ติดปัญหา" in answer
    assert "ยังไม่ได้เช็คอิน: ข้อ 2, 3, 5, 6" in answer
    assert "🏫" not in answer  # not a director
    assert "ยังไม่ได้เช็คอิน: ข้อ 2, 3, 5, 6" in await ask(app, "chair", "/status")


async def test_a_director_with_a_seat_gets_both_and_a_director_without_one_gets_the_school(app):
    d = await seed(app, director=("console", "dir1"), other_director=("console", "dir2"))
    await add_update(app, d.school, d.director, bangkok(2026, 10, 1, 9, 0), project="โครงการเก่า")
    await add_update(app, d.school, d.director, bangkok(2026, 11, 15, 10, 0), percent=40)

    both = await ConsoleAdapter(app.processor, user_id="dir1").ask("สถานะของฉัน")
    assert len(both) == 2
    assert "ยังไม่ได้เช็คอิน: ข้อ 1, 2, 3, 4, 5, 6" in both[0].text
    school = both[1].text
    assert "🏫 โรงเรียนบ้านหนึ่ง (รหัส 1095010001)" in school
    assert "ส่งล่าสุด 15 พฤศจิกายน 2569 (6 วันก่อน)" in school
    assert "โครงการ: ห้องเรียนนวัตกรรม" in school and "โครงการเก่า" not in school
    assert "สถานะ: เป็นไปตามแผน (40%)" in school
    assert "รอบนี้ส่งความคืบหน้าแล้วค่ะ (นับตั้งแต่ 1 พฤศจิกายน 2569)" in school

    alone = await ask(app, "dir2", "สถานะของฉัน")
    assert "🏫 โรงเรียนบ้านสอง" in alone and "ยังไม่เคยส่งความคืบหน้าค่ะ" in alone
    assert "รอบนี้ยังไม่ได้ส่งความคืบหน้าค่ะ" in alone
    assert "📋" not in alone


async def test_when_did_my_school_last_send_an_update(app):
    d = await seed(app, director=("console", "dir1"), other_director=("console", "dir2"), expert=("console", "ex"))
    await add_update(app, d.school, d.director, bangkok(2026, 10, 1, 9, 0), status="delayed")
    await add_update(app, d.school, d.director, bangkok(2026, 11, 20, 16, 0), status="at_risk")

    mine = await ask(app, "dir1", "โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร")
    assert "ส่งล่าสุด 20 พฤศจิกายน 2569 (เมื่อวาน)" in mine and "สถานะ: มีความเสี่ยง" in mine
    assert "ยังไม่เคยส่ง" in await ask(app, "dir2", "โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร")
    assert "ไม่ได้ลงทะเบียนเป็นผู้อำนวยการโรงเรียนนำร่อง" in await ask(app, "ex", "โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร")


async def test_has_my_committee_checked_in(app):
    d = await seed(app, secretary=("console", "sec"))
    await add_checkins(app, d.committee, d.chair, ALL_DONE)
    await add_checkins(app, d.committee, d.secretary, {1: "in_progress", 2: "in_progress"})
    await add_checkins(app, d.committee, d.expert, ALL_DONE, round_=1)  # last round's
    await add_checkins(app, d.other_committee, d.outsider, {1: "done"})  # another committee's

    answer = await ask(app, "sec", "คณะกรรมการของฉันเช็คอินครบหรือยัง")
    assert "👥 คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in answer
    assert "เช็คอินแล้ว 8 จาก 24 รายการ (4 คน × 6 ข้อ)" in answer
    assert "เสร็จแล้ว 6 · กำลังดำเนินการ 2 · ยังไม่เริ่ม 0 · ติดปัญหา 0" in answer
    assert "ยังไม่ได้เช็คอินเลย: ดร.ผู้ทรง คุณวุฒิ, นายผอ. โรงเรียนหนึ่ง" in answer
    assert "• นางเลขา ขยัน: ข้อ 3, 4, 5, 6" in answer
    assert "นายคนนอก" not in answer
    assert "081" not in answer  # the secretary is no admin: no phone numbers

    for person in (d.secretary, d.expert, d.director):
        async with app.sessions() as session, session.begin():
            await session.execute(CheckIn.__table__.delete().where(CheckIn.person_id == person, CheckIn.round == 2))
        await add_checkins(app, d.committee, person, ALL_DONE)
    assert "ครบทุกคนทุกข้อแล้วค่ะ" in await ask(app, "sec", "ใครยังไม่เช็คอินบ้าง")
    for asked in ("สถานะคณะกรรมการ", "ความคืบหน้าของคณะเราถึงไหนแล้วคะ"):  # not "only directors send progress"
        assert "👥 คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in await ask(app, "sec", asked)


async def test_the_outsider_never_sees_committee_1(app):
    d = await seed(app, outsider=("console", "out"))
    await add_checkins(app, d.committee, d.chair, {1: "blocked"})
    await add_checkins(app, d.other_committee, d.outsider, {1: "done"})

    committee = await ask(app, "out", "คณะกรรมการของฉันเช็คอินครบหรือยัง")
    assert "คณะกรรมการขับเคลื่อนฯ สพป.สตูล" in committee
    assert "เช็คอินแล้ว 1 จาก 6 รายการ (1 คน × 6 ข้อ)" in committee
    area = await ask(app, "out", "โรงเรียนไหนในเขตยังไม่ส่ง")
    assert "ยังไม่มีโรงเรียนนำร่องของ สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสตูล ในระบบค่ะ" in area
    for answer in (committee, area, await ask(app, "out", "สถานะของฉัน")):
        assert not [name for name in COMMITTEE_1_PEOPLE if name in answer]
        assert "ยะลา" not in answer and "โรงเรียนบ้าน" not in answer


async def test_unregistered_and_seatless_people_are_told_what_to_do_and_nothing_changes(app):
    d = await seed(app, other_director=("console", "dir2"))
    await add_checkins(app, d.committee, d.chair, {1: "done"})

    for question in ("คณะกรรมการของฉันเช็คอินครบหรือยัง", "สถานะของฉัน", "โรงเรียนไหนในเขตยังไม่ส่ง"):
        answer = await ask(app, "stranger", question)
        assert "ลงทะเบียน" in answer
        assert not [name for name in COMMITTEE_1_PEOPLE if name in answer]
    async with app.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(CheckIn))).scalar_one() == 1
        assert (await session.execute(select(func.count()).select_from(AuditLog))).scalar_one() == 0
        assert (
            await session.execute(
                select(func.count()).select_from(ConversationState).where(ConversationState.flow.is_not(None))
            )
        ).scalar_one() == 0

    assert "เฉพาะกรรมการของคณะนั้น" in await ask(app, "dir2", "คณะกรรมการของฉันเช็คอินครบหรือยัง")
    assert "ดูได้เฉพาะกรรมการ" in await ask(app, "dir2", "โรงเรียนไหนในเขตยังไม่ส่ง")


async def test_phone_numbers_only_for_an_admin_in_a_private_chat(app):
    d = await seed(app, chair=("console", "chair"))
    await add_checkins(app, d.committee, d.secretary, {1: "done"})
    question = "คณะกรรมการของฉันเช็คอินครบหรือยัง"

    private = await ask(app, "chair", question)
    assert "ดร.ผู้ทรง คุณวุฒิ (โทร 0810000003)" in private
    assert "• นางเลขา ขยัน (โทร 0810000002): ข้อ 2, 3, 4, 5, 6" in private
    assert "นายประธาน ใจดี" in private and "0810000001" not in private  # not their own number

    in_group = Incoming(Platform.CONSOLE, "g-1", "group-1", "chair", Kind.TEXT, chat_type=ChatType.GROUP, text=question)
    group = said((await app.processor.process(in_group)).replies)
    assert "ดร.ผู้ทรง คุณวุฒิ" in group and "นางเลขา ขยัน" in group  # names are fine
    assert "081" not in group and "โทร" not in group and "@" not in group


async def test_which_schools_in_the_area_have_not_sent(app):
    d = await seed(app, expert=("console", "ex"), other_director=("console", "dir2"))
    async with app.sessions() as session, session.begin():
        satun = (await session.execute(select(AreaOffice).where(AreaOffice.code == "SPT-SATUN"))).scalar_one()
        session.add(PilotSchool(code="1091010001", name="โรงเรียนต่างเขต", area_office_id=satun.id))
    await add_update(app, d.school, d.director, bangkok(2026, 10, 20, 9, 0))  # last round

    answer = await ask(app, "ex", "โรงเรียนไหนในเขตยังไม่ส่ง")
    assert "🏫 โรงเรียนนำร่อง — สำนักงานเขตพื้นที่การศึกษาประถมศึกษายะลา เขต 1" in answer
    assert "ยังไม่ส่งความคืบหน้าตั้งแต่ 1 พฤศจิกายน 2569: 2 จาก 2 โรงเรียน" in answer
    assert "• โรงเรียนบ้านหนึ่ง (1095010001): ส่งล่าสุด 20 ตุลาคม 2569 (32 วันก่อน)" in answer
    assert "• โรงเรียนบ้านสอง (1095010002): ยังไม่เคยส่ง" in answer
    assert "โรงเรียนต่างเขต" not in answer

    await add_update(app, d.school, d.director, bangkok(2026, 11, 1, 0, 30))  # just after midnight in Bangkok
    answer = await ask(app, "ex", "โรงเรียนไหนในเขตยังไม่ส่ง")
    assert "1 จาก 2 โรงเรียน" in answer and "โรงเรียนบ้านหนึ่ง" not in answer

    await add_update(app, d.other_school, d.other_director, bangkok(2026, 11, 21, 8, 0))
    assert "ทุกโรงเรียน (2 โรงเรียน) ส่งความคืบหน้าแล้วตั้งแต่ 1 พฤศจิกายน 2569" in await ask(app, "ex", "โรงเรียนไหนในเขตยังไม่ส่ง")
