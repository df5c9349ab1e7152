"""A guided update with a photo over the real SDKs: Telegram (PTB) and LINE (line-bot-sdk) against the fakes."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import ProgressUpdate, UpdateAttachment
from tests.e2e.chats import LineChat, TelegramChat
from tests.fakes import builders
from tests.progress.conftest import seed


async def stored(running) -> tuple[list[ProgressUpdate], list[UpdateAttachment]]:
    async with running.app.sessions() as session:
        updates = list((await session.execute(select(ProgressUpdate))).scalars())
        files = list((await session.execute(select(UpdateAttachment))).scalars())
    return updates, files


async def test_a_guided_update_with_a_photo_over_telegram(serve):
    running = await serve()
    await seed(running.app, {"director": ("telegram", "1001")})
    chat = TelegramChat(running)
    assert "โครงการหรือนวัตกรรมใด" in await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    await chat.tap("ตามแผน")
    await chat.say("60%")
    await chat.say("อบรมครูครบทุกคน")
    await chat.tap("ไม่มี")
    await chat.say("ขอวิทยากรด้านสื่อดิจิทัล")
    assert "ได้รับไฟล์แล้ว 1/5" in await chat.photo(file_size=1_500_000)
    card = await chat.tap("เสร็จ")
    assert card.startswith("ตรวจสอบความคืบหน้าก่อนส่ง\nโรงเรียน: โรงเรียนบ้านหนึ่ง\nโครงการ/นวัตกรรม: ห้องเรียนกลับด้าน")
    for line in ("สถานะ: ตามแผน", "ความคืบหน้า: 60%", "ความช่วยเหลือที่ต้องการ: ขอวิทยากรด้านสื่อดิจิทัล", "ไฟล์แนบ: 1 ไฟล์"):
        assert line in card
    assert "บันทึกความคืบหน้า" in await chat.tap("ยืนยัน")

    [update], [photo] = await stored(running)
    assert (update.project, update.status, update.percent, update.platform) == (
        "ห้องเรียนกลับด้าน",
        "on_track",
        60,
        "telegram",
    )
    assert photo.file_id.startswith("AgACAgUAAxkBAAI1280")  # the largest size Telegram sent
    assert (photo.media_type, photo.size, photo.platform) == ("photo", 1_500_000, "telegram")


async def test_an_oversized_document_over_telegram_is_refused_and_not_recorded(serve):
    running = await serve()
    await seed(running.app, {"director": ("telegram", "1001")})
    chat = TelegramChat(running)
    for line in ("อัปเดตความคืบหน้า", "ห้องเรียนกลับด้าน", "ตามแผน", "ข้าม", "อบรมครู", "ไม่มี", "ไม่มี"):
        await chat.say(line)
    await chat.post(builders.telegram_document_update(chat.next_id(), file_size=21 * 1024 * 1024))
    assert "เกินขนาดที่รับได้ (20 MB)" in running.telegram.sent_texts(1001)[-1]
    assert "ไฟล์แนบ: ไม่มี" in await chat.tap("ข้าม")
    await chat.tap("ยืนยัน")
    [_], files = await stored(running)
    assert files == []


async def test_a_guided_update_with_a_photo_over_line(serve):
    running = await serve()
    await seed(running.app, {"director": ("line", builders.LINE_USER_ID)})
    chat = LineChat(running)
    await chat.say("อัปเดตความคืบหน้าค่ะ")
    await chat.say("นวัตกรรมการอ่านออกเสียง")
    await chat.tap("ล่าช้า")
    await chat.say("ร้อยละ 35")
    await chat.say("จัดซื้อหนังสือแล้ว")
    await chat.say("หนังสือมาช้า")
    await chat.tap("ไม่มี")
    await chat.image()
    reply = await chat.tap("เสร็จ")
    [message] = reply["messages"]
    assert message["type"] == "flex"
    bubble = json.dumps(message["contents"], ensure_ascii=False)
    for text in ("ตรวจสอบความคืบหน้าก่อนส่ง", "นวัตกรรมการอ่านออกเสียง", "ล่าช้า", "35%", "หนังสือมาช้า", "1 ไฟล์"):
        assert text in bubble
    labels = [i["action"]["label"] for i in message["quickReply"]["items"]]
    assert labels == ["ยืนยัน", "แก้ไข", "ยกเลิก"]
    done = await chat.tap("ยืนยัน")
    assert "บันทึกความคืบหน้าโครงการ “นวัตกรรมการอ่านออกเสียง”" in done["messages"][0]["text"]

    [update], [photo] = await stored(running)
    assert (update.status, update.percent, update.help_needed, update.platform) == ("delayed", 35, "", "line")
    assert (photo.media_type, photo.platform) == ("photo", "line")
    assert running.line.pushes() == []
