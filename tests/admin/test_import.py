"""/import in a private chat: the admin sends a file, sees what would change, and nothing is written until they
confirm. Telegram (document via getFile) and LINE (file message via the content API)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import CommitteeMember, Person
from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG
from tests.directory_import.files import write_csv
from tests.e2e.chats import LineChat, TelegramChat
from tests.fakes import builders

HEADER = ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"]
NEWCOMER = ["นางใหม่ มาแล้ว", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "0819999999", "", ""]


def people_csv(tmp_path: Path, *rows: list[str]) -> bytes:
    return write_csv(tmp_path / "people.csv", [HEADER, *rows]).read_bytes()


async def newcomer(world) -> Person | None:
    async with world.running.app.sessions() as session:
        return (await session.execute(select(Person).where(Person.full_name == "นางใหม่ มาแล้ว"))).scalar_one_or_none()


async def send_document(chat: TelegramChat, name: str, data: bytes) -> str:
    update_id = chat.next_id()
    update = builders.telegram_document_update(
        update_id, file_name=name, mime_type="text/csv", file_size=len(data), chat_id=chat.user_id, user_id=chat.user_id
    )
    chat.running.telegram.put_file(update["message"]["document"]["file_id"], data)
    return await chat.post(update)


async def test_telegram_import_previews_then_writes_on_confirm(world, tmp_path):
    chair = TelegramChat(world.running, CHAIR_TG)
    assert "แชทส่วนตัว" in await world.tg.say(CHAIR_TG, "/import")  # never in the group
    assert ".xlsx หรือ .csv" in await chair.say("/import")
    assert "ไม่ใช่ .xlsx" in await send_document(chair, "notes.pdf", b"%PDF-1.4")
    preview = await send_document(chair, "people.csv", people_csv(tmp_path, NEWCOMER))
    assert "ยังไม่ได้บันทึก" in preview and "เพิ่มใหม่ 1" in preview
    assert await newcomer(world) is None  # the preview wrote nothing
    done = await chair.tap("ยืนยัน")
    assert "เรียบร้อยแล้ว" in done
    person = await newcomer(world)
    assert person is not None and person.phone == "0819999999"
    async with world.running.app.sessions() as session:
        seat = (
            await session.execute(select(CommitteeMember).where(CommitteeMember.person_id == person.id))
        ).scalar_one()
    assert seat.role == "expert" and seat.committee_id == world.directory.committee


async def test_import_refuses_other_committees_and_non_admins(world, tmp_path):
    chair = TelegramChat(world.running, CHAIR_TG)
    await chair.say("นำเข้าข้อมูล")
    other = ["นายอื่น ต่างเขต", "ประธาน", "C-SATUN", "", "", ""]
    assert "C-SATUN" in await send_document(chair, "people.csv", people_csv(tmp_path, other))
    expert = TelegramChat(world.running, EXPERT_TG)
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await expert.say("/import")


async def test_line_import_through_the_content_api(world, tmp_path):
    chair = LineChat(world.running, CHAIR_LINE)
    await chair.say("/import")
    message_id = builders.line_message_id()
    data = people_csv(tmp_path, NEWCOMER)
    world.running.line.contents[message_id] = (data, "text/csv")
    event = builders.line_file_event(
        "people.csv", len(data), user_id=CHAIR_LINE, reply_token=world.running.line.issue_reply_token(),
        message_id=message_id,
    )  # fmt: skip
    preview = await chair.post(event)
    assert "เพิ่มใหม่ 1" in str(preview) and await newcomer(world) is None
    await chair.tap("ยกเลิก")
    assert await newcomer(world) is None
    await chair.say("นำเข้าข้อมูล")
    event["replyToken"] = world.running.line.issue_reply_token()
    event["webhookEventId"] = builders.line_webhook_event_id()
    await chair.post(event)
    assert "เรียบร้อยแล้ว" in str(await chair.tap("ยืนยัน"))
    assert await newcomer(world) is not None
