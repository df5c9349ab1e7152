"""Issue 8's findings, each reproduced through the core on a fresh store, and what a person gets now."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.core.messages import ChatType
from storage.models import CheckIn, ProgressUpdate
from tests.progress.conftest import World

GUIDED = ["อัปเดตความคืบหน้า", "ห้องเรียนกลับด้าน", "ตามแผน", "60"]
EXAMPLE = "อัพเดท โครงการสอนภาษาไทยด้วยสื่อมลายูถิ่น (ทวิภาษา) ล่าช้า คืบหน้า 40 เปอร์เซ็นต์ ครูลาคลอด 1 คน ต้องการครูอัตราจ้าง"


async def _checkins(world: World) -> list[CheckIn]:
    async with world.app.sessions() as session:
        return list((await session.execute(select(CheckIn))).scalars())


# 1. Anything typed during a guided update was taken as the answer and saved.


async def test_questions_in_a_guided_update_are_answered_not_saved(world: World, make_app: Callable[..., App]):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    greeted = await chat.say("สวัสดีครับ")
    assert "สวัสดีค่ะ" in greeted and "ยังมีการอัปเดตความคืบหน้าค้างอยู่ค่ะ — รายงานโครงการ" in greeted
    for line in GUIDED[1:]:
        await chat.say(line)
    mine = await chat.say("สถานะของฉัน")
    assert "ห้องเรียนกลับด้าน” ที่ค้างอยู่ค่ะ — ช่วงนี้ดำเนินการอะไรไปแล้วบ้างคะ" in mine
    await chat.say("อบรมครูแล้ว")
    area = await chat.say("โรงเรียนไหนในเขตยังไม่ส่ง")
    assert "ค้างอยู่ค่ะ — มีปัญหาหรืออุปสรรคอะไรไหมคะ" in area

    restarted = await make_app(connect_platforms=False)  # days later, after a restart: the draft is still there
    later = type(chat)(restarted, "dir")
    assert "ค้างอยู่ค่ะ" in await later.say("กำหนดส่งรายงานครั้งหน้าเมื่อไหร่คะ")
    await later.say("ไม่มี")
    await later.say("ไม่มี")
    await later.say("ข้าม")
    assert "บันทึก" in await later.tap("ยืนยัน")
    [update] = await world.updates()
    assert (update.project, update.done, update.obstacles, update.help_needed) == (
        "ห้องเรียนกลับด้าน",
        "อบรมครูแล้ว",
        "",
        "",
    )


async def test_a_doubtful_answer_is_asked_about_with_one_tap(world: World):
    chat = world.chat("dir")
    for line in GUIDED:
        await chat.say(line)
    asked = await chat.say("ครูต้องอบรมอะไรบ้าง")
    assert chat.labels == ["บันทึกเป็นคำตอบ", "ถามเรื่องนี้"], asked
    saved = await chat.tap("บันทึกเป็นคำตอบ")
    assert "มีปัญหาหรืออุปสรรค" in saved
    await chat.say("ไม่มี")
    await chat.say("ไม่มี")
    await chat.say("ข้าม")
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert update.done == "ครูต้องอบรมอะไรบ้าง"


async def test_a_question_in_a_check_in_note_is_not_the_note(world: World):
    chat = world.chat("chair")
    for line in ("เช็คอิน", "1", "เสร็จแล้ว"):
        await chat.say(line)
    assert "ค้างอยู่ค่ะ — มีหมายเหตุเพิ่มเติมไหมคะ" in await chat.say("สถานะของฉัน")
    await chat.tap("ข้าม")
    [row] = await _checkins(world)
    assert row.note is None


# 2. Menus trapped: the duty picker re-asked for everything; only the exact word "ยกเลิก" got out.


async def test_the_duty_picker_lets_people_go(world: World, make_app: Callable[..., App]):
    chat = world.chat("chair")
    await chat.say("เช็คอิน")
    greeting = await chat.say("สวัสดีค่ะ")
    assert "สวัสดีค่ะ" in greeting and "หน้าที่มีข้อ 1 ถึง" not in greeting
    assert chat.last[-1].text.count("\n") == 0 and len(chat.last[-1].choices) == 7  # one line and its buttons
    assert "30 เมษายน 2570" in await chat.say("ส่งรายงานครั้งหน้าเมื่อไหร่")
    assert "ยกเลิกการเช็คอินแล้ว" in await chat.say("ออก")
    await chat.say("เช็คอิน")
    later = type(chat)(await make_app(connect_platforms=False), "chair")
    assert "ยกเลิกการเช็คอินแล้ว" in await later.say("ไม่เอาแล้วค่ะ")


async def test_the_card_and_the_status_step_answer_questions(world: World):
    chat = world.chat("dir")
    for line in (*GUIDED, "อบรมครู", "ไม่มี", "ไม่มี", "ข้าม"):
        await chat.say(line)
    answered = await chat.say("หน้าที่ของกรรมการมีอะไรบ้าง")
    assert "มี 6 ข้อ" in answered and "ค้างอยู่ค่ะ — ถูกต้องไหมคะ" in answered
    assert chat.labels[-3:] == ["ยืนยัน", "แก้ไข", "ยกเลิก"]
    assert await world.updates() == []


async def test_remind_everyone_does_not_open_the_admins_own_picker(world: World):
    chat = world.chat("chair")
    answer = await chat.say("เตือนทุกคนให้เช็คอินหน่อย")
    assert "เช็คอินแทนหรือเปิดการเช็คอินให้คนอื่นไม่ได้" in answer and "เช็คอินหน้าที่ข้อใด" not in answer
    assert await world.open_flows() == 0


# 3. One-message updates lost words; 4. particles became notes.


async def test_a_one_message_update_keeps_every_word(world: World):
    chat = world.chat("dir")
    card = await chat.say(EXAMPLE)
    assert "สอนภาษาไทยด้วยสื่อมลายูถิ่น (ทวิภาษา)" in card
    assert "ครูลาคลอด 1 คน" in card and "ต้องการครูอัตราจ้าง" in card
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert (update.project, update.status, update.percent) == ("สอนภาษาไทยด้วยสื่อมลายูถิ่น (ทวิภาษา)", "delayed", 40)
    assert (update.obstacles, update.help_needed) == ("ครูลาคลอด 1 คน", "ต้องการครูอัตราจ้าง")


async def test_a_polite_particle_is_not_a_note(world: World):
    chat = world.chat("chair")
    assert "บันทึกการเช็คอินเรียบร้อยแล้ว" in await chat.say("เช็คอินข้อ๑ เสร็จแล้วครับผม")
    [row] = await _checkins(world)
    assert (row.duty_number, row.status, row.note) == (1, "done", None)


# 5. Plain questions got wrong answers.


async def test_committee_questions_are_answered_from_the_directory(world: World):
    chat = world.chat("dir")
    chair = await chat.say("ประธานคณะกรรมการของเราคือใคร")
    assert "นายประธาน ใจดี" in chair and "ข้อมูลของฉัน" not in chair
    members = await chat.say("กรรมการในคณะของเรามีใครบ้าง")
    for name in ("นายประธาน ใจดี", "นางเลขา ขยัน", "ดร.ผู้ทรง คุณวุฒิ", "นายผอ. โรงเรียนหนึ่ง"):
        assert name in members
    assert "0810000001" not in members  # phone numbers only for the committee's admins
    missing = await chat.say("ใครยังไม่ลงทะเบียนบ้าง")
    assert "ยังไม่ลงทะเบียน 2 จาก 4 คน" in missing
    assert "นางเลขา ขยัน" in missing and "ดร.ผู้ทรง คุณวุฒิ" in missing and "นายผอ." not in missing
    assert "ไม่ต้องลงทะเบียนซ้ำ" not in missing


async def test_in_a_group_the_not_registered_list_is_names_only(world: World):
    group = world.chat("chair", ChatType.GROUP)
    answer = await group.say("ใครยังไม่ลงทะเบียนบ้าง")
    assert "• นางเลขา ขยัน" in answer and "กรรมการและเลขานุการ" not in answer and "081" not in answer


async def test_a_duty_number_past_the_last_says_there_are_six(world: World):
    chat = world.chat("dir")
    assert "มีทั้งหมด 6 ข้อ" in await chat.say("หน้าที่ข้อ 7")
    assert "มีทั้งหมด 11 ข้อ" in await chat.say("กลไกที่ 12")


# 6. The bot's own words failed when typed back.


async def test_typed_labels_and_numbers_work_after_a_restart(world: World, make_app: Callable[..., App]):
    await world.chat("chair").say("สถานะของฉัน")
    restarted = await make_app(connect_platforms=False)
    chat = type(world.chat("chair"))(restarted, "chair")
    assert "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in await chat.say("คณะกรรมการของฉัน")
    assert "โรงเรียนบ้านหนึ่ง" in await chat.say("โรงเรียนในเขต")
    await chat.say("เช็คอิน")
    console = ConsoleAdapter((await make_app(connect_platforms=False)).processor, user_id="chair")
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in "\n".join(r.as_text() for r in await console.ask("1"))


async def test_help_menu_and_acknowledgements(world: World):
    chat = world.chat("chair")
    assert "เลือกจากปุ่มด้านล่าง" in await chat.say("ช่วยเหลือ")
    assert "เลือกจากปุ่มด้านล่าง" in await chat.say("เมนู")
    for text in ("โอเคค่ะ", "ครับ", "555"):
        answer = await chat.say(text)
        assert "ยังไม่เข้าใจ" not in answer and len(chat.labels) == 0 and answer.count("\n") == 0


async def test_a_missing_tone_mark_and_chat_spelling_are_understood(world: World):
    answer = await world.chat("chair").say("หน้าทีกรรมการ มีไรบ้าง")
    assert "หน้าที่ของคณะกรรมการ" in answer and "เชื่อมโยงยุทธศาสตร์" in answer


# 7. Help ignored who was asking; 8. members could not read what the schools reported.


async def test_the_menu_fits_the_roles(world: World):
    director = world.chat("dir2")
    await director.say("เมนู")
    assert "ส่งความคืบหน้า" in director.labels and "เช็คอิน" not in director.labels
    member = world.chat("chair")
    await member.say("เมนู")
    assert {"เช็คอิน", "สถานะของฉัน", "อัปเดตของโรงเรียน"} <= set(member.labels)
    assert "ส่งความคืบหน้า" not in member.labels
    stranger = world.chat("nobody")
    await stranger.say("เมนู")
    assert "ลงทะเบียน" in stranger.labels


async def test_members_read_their_schools_latest_updates(world: World):
    director = world.chat("dir")
    await director.say("อัปเดต โครงการห้องเรียนกลับด้าน ตามแผน 60% อบรมครูแล้ว")
    await director.tap("ยืนยัน")
    member = await world.chat("chair").say("ดูอัปเดตล่าสุด")
    assert "ห้องเรียนกลับด้าน" in member and "60%" in member and "อบรมครูแล้ว" in member
    assert "ยังไม่เคยส่งความคืบหน้า: โรงเรียนบ้านสอง" in member
    assert len(await world.updates()) == 1
    assert isinstance((await world.updates())[0], ProgressUpdate)


async def test_cancel_with_nothing_open_says_so(world: World):
    assert "ไม่มีขั้นตอนใดค้างอยู่" in await world.chat("chair").say("ยกเลิกค่ะ")


async def test_a_check_in_started_mid_update_parks_the_update_and_brings_it_back(world: World):
    chat = world.chat("dir")
    for line in GUIDED:
        await chat.say(line)
    assert "เช็คอินหน้าที่ข้อใดคะ" in await chat.say("เช็คอิน")
    await chat.say("2")
    await chat.say("กำลังทำ")
    done = await chat.say("ข้าม")
    assert "บันทึกการเช็คอินเรียบร้อยแล้ว" in done
    assert "ห้องเรียนกลับด้าน” ที่ค้างอยู่ค่ะ — ช่วงนี้ดำเนินการอะไรไปแล้วบ้างคะ" in done
    await chat.say("อบรมครูแล้ว")
    assert "มีปัญหาหรืออุปสรรค" in chat.text
    [row] = await _checkins(world)
    assert row.duty_number == 2 and await world.updates() == []
