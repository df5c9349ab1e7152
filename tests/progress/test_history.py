"""The latest three updates as cards, and editing the latest one."""

from __future__ import annotations

from datetime import timedelta

from tests.progress.conftest import World


async def send(chat, line: str) -> None:
    await chat.say(line)
    await chat.say("ยืนยัน")


async def test_the_last_three_updates_are_shown_newest_first_with_thai_dates(world: World, clock):
    chat = world.chat("dir")
    for n, project in enumerate(("หนึ่ง", "สอง", "สาม", "สี่")):
        await send(chat, f"อัปเดต โครงการ{project} {n * 10}% ตามแผน")
        clock.advance(timedelta(days=1))
    answer = await chat.say("อัปเดตล่าสุดของโรงเรียน")
    assert len(chat.last) == 4  # a heading and three cards: LINE allows five messages per reply
    assert "อัปเดตความคืบหน้าล่าสุด 3 รายการของโรงเรียนบ้านหนึ่ง" in answer
    assert [r.card.title for r in chat.last[1:]] == ["สี่", "สาม", "สอง"]
    assert "ส่งเมื่อ 24 พฤศจิกายน 2569" in chat.last[1].as_text()
    assert "ส่งเมื่อ 22 พฤศจิกายน 2569" in chat.last[3].as_text()
    assert chat.labels == ["แก้ไขอัปเดตล่าสุด", "ส่งความคืบหน้า"]


async def test_no_updates_yet(world: World):
    chat = world.chat("dir")
    assert "ยังไม่มีอัปเดตความคืบหน้าของโรงเรียน" in await chat.say("อัปเดตล่าสุดของโรงเรียน")


async def test_editing_the_latest_update_changes_that_row_with_an_audit_row(world: World, clock):
    chat = world.chat("dir")
    await send(chat, "อัปเดต โครงการเก่า 10% ตามแผน")
    await send(chat, "อัปเดต โครงการห้องเรียนกลับด้าน 60% ตามแผน ติดปัญหางบประมาณ")
    clock.advance(timedelta(days=2))
    card = await chat.say("แก้ไขอัปเดตล่าสุด")
    assert "แก้ไขความคืบหน้าล่าสุด" in card and "โครงการ/นวัตกรรม: ห้องเรียนกลับด้าน" in card
    await chat.tap("แก้ไข")
    await chat.tap("สถานะ")
    await chat.tap("ล่าช้า")
    await chat.tap("แก้ไข")
    await chat.tap("ความคืบหน้า")
    assert "ความคืบหน้า: 50%" in await chat.say("50")
    assert "แก้ไขความคืบหน้าโครงการ “ห้องเรียนกลับด้าน” เรียบร้อยแล้ว" in await chat.tap("ยืนยัน")

    old, latest = await world.updates()
    assert (old.project, old.status, old.percent) == ("เก่า", "on_track", 10)
    assert (latest.status, latest.percent, latest.obstacles) == ("delayed", 50, "งบประมาณ")
    assert latest.updated_at > latest.created_at
    [audit] = await world.audits("progress.edit")
    assert audit.details == {
        "update_id": latest.id,
        "school_id": world.directory.school,
        "changed": ["status", "percent"],
    }
    assert "แก้ไขเมื่อ 23 พฤศจิกายน 2569" in await chat.say("อัปเดตล่าสุดของโรงเรียน")


async def test_confirming_without_changes_writes_nothing(world: World):
    chat = world.chat("dir")
    await send(chat, "อัปเดต โครงการห้องเรียนกลับด้าน ตามแผน")
    await chat.say("แก้ไขอัปเดตล่าสุด")
    assert "ไม่มีข้อมูลที่เปลี่ยนแปลง" in await chat.tap("ยืนยัน")
    assert await world.audits("progress.edit") == []


async def test_another_director_cannot_edit_it(world: World):
    await send(world.chat("dir"), "อัปเดต โครงการห้องเรียนกลับด้าน ตามแผน")
    other = world.chat("dir2")
    assert "ยังไม่มีอัปเดตความคืบหน้าของโรงเรียน" in await other.say("แก้ไขอัปเดตล่าสุด")
    assert "ยังไม่มีอัปเดต" in await other.say("อัปเดตล่าสุดของโรงเรียน")
