"""An update written in one message: what it says is kept, what is missing is asked, then the same card."""

from __future__ import annotations

from tests.progress.conftest import World


async def test_the_example_message_asks_only_for_the_status(world: World):
    chat = world.chat("dir")
    answer = await chat.say("อัปเดต โครงการห้องเรียนกลับด้าน คืบหน้า 60% ติดปัญหางบประมาณ")
    assert "“ห้องเรียนกลับด้าน” เป็นอย่างไรบ้าง" in answer  # ติดปัญหา alone says nothing about the status
    card = await chat.tap("มีความเสี่ยง")
    for line in (
        "โครงการ/นวัตกรรม: ห้องเรียนกลับด้าน",
        "สถานะ: มีความเสี่ยง",
        "ความคืบหน้า: 60%",
        "ปัญหา/อุปสรรค: งบประมาณ",
        "สิ่งที่ดำเนินการแล้ว: -",
        "ไฟล์แนบ: ไม่มี",
    ):
        assert line in card
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert (update.project, update.status, update.percent, update.obstacles) == (
        "ห้องเรียนกลับด้าน",
        "at_risk",
        60,
        "งบประมาณ",
    )
    assert (update.done, update.help_needed) == (None, None)


async def test_a_complete_message_goes_straight_to_the_card(world: World):
    chat = world.chat("dir")
    card = await chat.say("อัพเดท โครงการอ่านออกเขียนได้ ๔๕ เปอร์เซ็นต์ ล่าช้ากว่าแผน เพราะครูย้าย ต้องการความช่วยเหลือเรื่องครูอัตราจ้าง")
    assert "ตรวจสอบความคืบหน้าก่อนส่ง" in card
    for line in ("สถานะ: ล่าช้า", "ความคืบหน้า: 45%", "ปัญหา/อุปสรรค: ครูย้าย", "ความช่วยเหลือที่ต้องการ: ครูอัตราจ้าง"):
        assert line in card
    await chat.say("ยืนยัน")
    [update] = await world.updates()
    assert (update.project, update.status) == ("อ่านออกเขียนได้", "delayed")


async def test_a_photo_can_be_added_at_the_card(world: World):
    chat = world.chat("dir")
    await chat.say("update project Flipped classroom 80% on track")
    assert "ได้รับไฟล์แนบแล้ว" in await chat.photo(file_id="p1")
    assert "ไฟล์แนบ: 1 ไฟล์" in chat.text
    await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert (update.project, update.percent, update.status) == ("Flipped classroom", 80, "on_track")
    assert [a.file_id for a in await world.attachments()] == ["p1"]


async def test_a_percent_over_100_is_asked_again(world: World):
    chat = world.chat("dir")
    assert "กี่เปอร์เซ็นต์" in await chat.say("อัปเดต โครงการห้องเรียนกลับด้าน 150% ตามแผน")
    assert "ความคืบหน้า: 100%" in await chat.say("100")


async def test_naming_the_own_school_is_fine(world: World):
    chat = world.chat("dir")
    card = await chat.say("อัปเดต โรงเรียนบ้านหนึ่ง โครงการห้องเรียนกลับด้าน ตามแผน")
    assert "โรงเรียน: โรงเรียนบ้านหนึ่ง" in card and "สถานะ: ตามแผน" in card


async def test_an_update_command_with_content_is_free_form(world: World):
    chat = world.chat("dir")
    assert "สถานะ: ตามแผน" in await chat.say("/update โครงการห้องเรียนกลับด้าน ตามแผน")


async def test_an_update_typed_without_the_word_update_goes_to_the_card(world: World):
    chat = world.chat("dir")
    card = await chat.say("โครงการอ่านออกเขียนได้ ดำเนินการไปแล้ว 45% ล่าช้ากว่าแผน เพราะครูย้าย")
    assert "ตรวจสอบความคืบหน้าก่อนส่ง" in card
    for line in ("สถานะ: ล่าช้า", "ความคืบหน้า: 45%", "ปัญหา/อุปสรรค: ครูย้าย"):
        assert line in card
    assert await world.updates() == []  # nothing is stored before the director confirms
