"""The guided conversation through the core: every step, re-asks, the card, editing, cancelling, resuming."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.models import ProgressUpdate, UpdateAttachment
from tests.progress.conftest import World


async def answer_up_to_files(chat, project: str = "ห้องเรียนกลับด้าน") -> None:
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say(project)
    await chat.tap("ตามแผน")
    await chat.say("60")
    await chat.say("อบรมครู 12 คน")
    await chat.tap("ไม่มี")
    await chat.say("งบจัดซื้อแท็บเล็ต")


async def test_a_full_guided_update_is_stored_with_its_photo_and_an_audit_row(world: World):
    chat = world.chat("dir")
    assert "โครงการหรือนวัตกรรมใด" in await chat.say("อัปเดตความคืบหน้า")
    assert "ห้องเรียนกลับด้าน" in await chat.say("โครงการห้องเรียนกลับด้านค่ะ")
    assert chat.labels == ["ตามแผน", "มีความเสี่ยง", "ล่าช้า", "ยกเลิก"]
    assert "กี่เปอร์เซ็นต์" in await chat.tap("มีความเสี่ยง")
    assert "ดำเนินการอะไรไปแล้ว" in await chat.say("๖๐%")
    assert "ปัญหาหรืออุปสรรค" in await chat.say("อบรมครู 12 คน")
    assert "ความช่วยเหลือ" in await chat.say("ครูย้ายกลางเทอม")
    assert "แนบรูปภาพหรือเอกสาร" in await chat.tap("ไม่มี")
    assert "ได้รับไฟล์แล้ว 1/5" in await chat.photo()
    card = await chat.tap("เสร็จ")
    for line in (
        "ตรวจสอบความคืบหน้าก่อนส่ง",
        "โรงเรียน: โรงเรียนบ้านหนึ่ง",
        "โครงการ/นวัตกรรม: ห้องเรียนกลับด้าน",
        "สถานะ: มีความเสี่ยง",
        "ความคืบหน้า: 60%",
        "สิ่งที่ดำเนินการแล้ว: อบรมครู 12 คน",
        "ปัญหา/อุปสรรค: ครูย้ายกลางเทอม",
        "ความช่วยเหลือที่ต้องการ: ไม่มี",
        "ไฟล์แนบ: 1 ไฟล์",
    ):
        assert line in card
    assert chat.labels == ["ยืนยัน", "แก้ไข", "ยกเลิก"]
    assert await world.updates() == []  # nothing is written before ยืนยัน

    assert "บันทึกความคืบหน้าโครงการ “ห้องเรียนกลับด้าน” ของโรงเรียนบ้านหนึ่งเรียบร้อยแล้วค่ะ" in await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert (update.school_id, update.person_id) == (world.directory.school, world.directory.director)
    assert (update.project, update.status, update.percent) == ("ห้องเรียนกลับด้าน", "at_risk", 60)
    assert (update.done, update.obstacles, update.help_needed) == ("อบรมครู 12 คน", "ครูย้ายกลางเทอม", "")
    [photo] = await world.attachments()
    assert (photo.update_id, photo.file_id, photo.media_type, photo.size) == (update.id, "photo-1", "photo", 85_000)
    [audit] = await world.audits("progress.create")
    assert audit.person_id == world.directory.director
    assert audit.details["update_id"] == update.id


async def test_typed_answers_work_like_taps(world: World):
    chat = world.chat("dir")
    await chat.say("ส่งความคืบหน้า")
    await chat.say("นวัตกรรมการอ่าน")
    await chat.say("ล่าช้ากว่าแผนค่ะ")
    await chat.say("ข้าม")
    await chat.say("จัดหาหนังสือ")
    await chat.say("ไม่มีค่ะ")
    await chat.say("ไม่มี")
    card = await chat.say("ข้าม")
    assert "สถานะ: ล่าช้า" in card
    assert "ความคืบหน้า: -" in card
    assert "บันทึกความคืบหน้า" in await chat.say("ยืนยันค่ะ")
    [update] = await world.updates()
    assert (update.status, update.percent, update.obstacles, update.help_needed) == ("delayed", None, "", "")


async def test_wrong_answers_are_asked_again_politely_and_the_step_stays(world: World):
    chat = world.chat("dir")
    await chat.say("/update")
    assert "รอคำตอบเป็นข้อความ" in await chat.sticker()
    await chat.say("ห้องเรียนกลับด้าน")
    assert "ยังไม่เข้าใจสถานะ" in await chat.say("ก็ดีนะ")
    await chat.say("ตามแผน")
    assert "ต้องเป็นตัวเลข 0–100" in await chat.say("150")
    assert "ต้องเป็นตัวเลข 0–100" in await chat.say("ครึ่งหนึ่ง")
    assert "ขั้นนี้ยังไม่ใช้ไฟล์" in await chat.photo()
    assert "ดำเนินการอะไรไปแล้ว" in await chat.say("100")
    assert await world.updates() == []


async def test_an_emoji_or_punctuation_alone_is_not_taken_as_a_name_or_an_answer(world: World):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    assert "โครงการหรือนวัตกรรมใด" in await chat.say("😀")
    assert "ห้องเรียนกลับด้าน" in await chat.say("ห้องเรียนกลับด้าน")
    await chat.tap("ตามแผน")
    await chat.say("60")
    assert "ดำเนินการอะไรไปแล้ว" in await chat.say("👍👍")
    assert "ปัญหาหรืออุปสรรค" in await chat.say("อบรมครู 12 คน")
    await chat.tap("ไม่มี")
    await chat.say("งบจัดซื้อแท็บเล็ต")
    card = await chat.tap("ข้าม")
    assert "โครงการ/นวัตกรรม: ห้องเรียนกลับด้าน" in card and "สิ่งที่ดำเนินการแล้ว: อบรมครู 12 คน" in card


@pytest.mark.parametrize("how", ["typed", "tapped"])
async def test_cancel_works_at_every_step_and_stores_nothing(world: World, how: str):
    chat = world.chat("dir")
    script = ["อัปเดตความคืบหน้า", "ห้องเรียนกลับด้าน", "ตามแผน", "60", "อบรมครู", "ไม่มี", "ไม่มี", "ข้าม"]
    for steps in range(1, len(script) + 1):  # cancelled at each question, then at the card
        for line in script[:steps]:
            await chat.say(line)
        answer = await (chat.say("ยกเลิก") if how == "typed" else chat.tap("ยกเลิก"))
        assert "ยกเลิกการส่งความคืบหน้าแล้วค่ะ ไม่ได้บันทึกข้อมูลใด ๆ" in answer
    assert await world.updates() == []
    assert await world.open_flows() == 0
    assert "ไม่มีร่างความคืบหน้าที่รออยู่" in await chat.send_action("pu:ok")  # the card's old button


async def test_edit_from_the_card_changes_one_field_and_shows_the_card_again(world: World):
    chat = world.chat("dir")
    await answer_up_to_files(chat)
    await chat.tap("ข้าม")
    await chat.tap("แก้ไข")
    assert "ต้องการแก้ไขหัวข้อใด" in chat.text
    assert "โรงเรียน" not in chat.labels  # one school: nothing to choose
    await chat.tap("ความคืบหน้า")
    card = await chat.say("75 เปอร์เซ็นต์")
    assert "ความคืบหน้า: 75%" in card
    assert chat.labels == ["ยืนยัน", "แก้ไข", "ยกเลิก"]
    await chat.tap("แก้ไข")
    await chat.tap("ไฟล์แนบ")
    await chat.photo(file_id="doc-1", media_type="document", size=120_000)
    assert "ไฟล์แนบ: 1 ไฟล์" in await chat.tap("เสร็จ")
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert update.percent == 75
    assert [a.media_type for a in await world.attachments()] == ["document"]


async def test_earlier_projects_are_offered_as_choices(world: World):
    chat = world.chat("dir")
    await answer_up_to_files(chat, "ห้องเรียนกลับด้าน")
    await chat.tap("ข้าม")
    await chat.tap("ยืนยัน")
    await chat.say("อัปเดตความคืบหน้า")
    assert "เลือกโครงการที่เคยรายงาน" in chat.text
    assert chat.labels == ["ห้องเรียนกลับด้าน", "ยกเลิก"]
    assert "“ห้องเรียนกลับด้าน” เป็นอย่างไรบ้าง" in await chat.tap("ห้องเรียนกลับด้าน")


async def test_a_restart_in_the_middle_loses_nothing(world: World, make_app):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    await chat.tap("ล่าช้า")
    await world.app.close()

    restarted = await make_app(connect_platforms=False)
    chat.app = restarted
    assert "ดำเนินการอะไรไปแล้ว" in await chat.say("40")
    await chat.say("อบรมครู")
    await chat.say("ครูย้าย")
    await chat.say("ไม่มี")
    card = await chat.say("ข้าม")
    assert "ห้องเรียนกลับด้าน" in card and "สถานะ: ล่าช้า" in card and "ความคืบหน้า: 40%" in card
    await chat.tap("ยืนยัน")
    world.app = restarted
    [update] = await world.updates()
    assert (update.project, update.status, update.percent) == ("ห้องเรียนกลับด้าน", "delayed", 40)


async def test_writing_update_again_offers_to_continue_start_over_or_cancel(world: World):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    offer = await chat.say("อัปเดตความคืบหน้า")
    assert "ร่างความคืบหน้าโครงการ “ห้องเรียนกลับด้าน” ที่ยังไม่ได้ส่ง" in offer
    assert chat.labels == ["ทำต่อ", "เริ่มใหม่", "ยกเลิก"]
    assert "เป็นอย่างไรบ้าง" in await chat.tap("ทำต่อ")  # back at the status question
    await chat.say("/update")
    assert "โครงการหรือนวัตกรรมใด" in await chat.tap("เริ่มใหม่")
    await chat.say("อัปเดต โครงการอ่านออกเขียนได้ 30% ตามแผน")
    card = await chat.say("เริ่มใหม่")
    assert "โครงการ/นวัตกรรม: อ่านออกเขียนได้" in card and "ความคืบหน้า: 30%" in card
    await chat.say("ยกเลิก")
    assert await world.updates() == []


async def test_coming_back_much_later_is_asked_before_going_on(world: World, clock):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    clock.advance(timedelta(hours=5))
    assert "ยังไม่ได้ส่ง" in await chat.say("ตามแผน")
    assert "กำหนดส่ง" in await chat.say("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่")  # other questions are still answered
    assert "เป็นอย่างไรบ้าง" in await chat.say("ทำต่อ")  # typed, after the offer scrolled away
    await chat.say("ตามแผน")
    assert "กี่เปอร์เซ็นต์" in chat.text


async def test_a_draft_waits_while_other_questions_are_answered(world: World):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    assert "30 เมษายน 2570" in await chat.say("/deadline")
    assert "เป็นอย่างไรบ้าง" in await chat.say("ห้องเรียนกลับด้าน")


async def test_an_update_answer_may_begin_with_the_word_update(world: World):
    chat = world.chat("dir")
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    await chat.say("ตามแผน")
    await chat.say("ข้าม")
    assert "ปัญหาหรืออุปสรรค" in await chat.say("อัปเดต หลักสูตรใหม่ให้ครูทุกคนแล้ว")
    await chat.say("ไม่มี")
    await chat.say("ไม่มี")
    await chat.say("ข้าม")
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert update.done == "อัปเดต หลักสูตรใหม่ให้ครูทุกคนแล้ว"


async def test_up_to_five_files_and_nothing_over_twenty_megabytes(world: World):
    chat = world.chat("dir")
    await answer_up_to_files(chat)
    refused = await chat.photo(size=25 * 1024 * 1024, file_id="big")
    assert "เกินขนาดที่รับได้ (20 MB)" in refused and "ยังไม่ได้บันทึกไฟล์นี้" in refused
    for n in range(1, 5):
        assert f"ได้รับไฟล์แล้ว {n}/5" in await chat.photo(file_id=f"p{n}")
    assert "ตรวจสอบความคืบหน้าก่อนส่ง" in await chat.photo(file_id="p5")  # the fifth ends the step
    assert "แนบครบ 5 ไฟล์แล้ว" in await chat.photo(file_id="p6")
    await chat.tap("ยืนยัน")
    assert [a.file_id for a in await world.attachments()] == ["p1", "p2", "p3", "p4", "p5"]
    assert await world.count(ProgressUpdate) == 1
    assert await world.count(UpdateAttachment) == 5
