"""A committee's daily work end to end, across both platforms, on one store:
import the directory, register a director (Telegram) and a secretary (LINE), a guided update with a photo, a
free-form update, a cancelled one, a check-in, and the status answers reflecting all of it."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from storage.models import CheckIn, ProgressUpdate, UpdateAttachment
from tests.directory_import.files import thai_workbook
from tests.e2e.chats import LineChat, TelegramChat, shown

DIRECTOR_TG = 5001
SECRETARY_LINE = "U" + "5" * 32


def code_in(output: str) -> str:
    return re.search(r"ลงทะเบียน ([A-Z0-9]{8})", output).group(1)


async def test_a_committee_day_across_telegram_and_line(cli, serve, tmp_path):
    imported = (await cli("import", str(thai_workbook(tmp_path / "ทำเนียบ.xlsx")))).out
    assert "เรียบร้อยแล้วค่ะ" in imported
    director_code = code_in((await cli("invite", "one@school.ac.th")).out)
    secretary_code = code_in((await cli("invite", "นางเลขา ขยัน")).out)

    running = await serve()
    director, secretary = TelegramChat(running, DIRECTOR_TG), LineChat(running, SECRETARY_LINE)

    # registration, with the PDPA notice before anything personal is stored
    assert "PDPA" in await director.say(f"/start {director_code}")
    assert "นายผอ. หนึ่ง" in await director.tap("ยินยอม")
    assert "PDPA" in shown(await secretary.say(f"ลงทะเบียน {secretary_code}"))
    assert "นางเลขา ขยัน" in shown(await secretary.tap("ยินยอม"))

    # a guided update with a photo
    await director.say("อัปเดตความคืบหน้า")
    await director.say("ห้องเรียนกลับด้าน")
    await director.tap("ตามแผน")
    await director.say("60")
    await director.say("จัดอบรมครู 3 ครั้ง")
    await director.tap("ไม่มี")
    await director.tap("ไม่มี")
    await director.photo()
    card = await director.tap("เสร็จ")
    assert "ห้องเรียนกลับด้าน" in card and "60%" in card
    assert "บันทึก" in await director.tap("ยืนยัน")

    # a free-form update, then a cancelled one
    assert "สะเต็มศึกษา" in await director.say("อัปเดต โครงการสะเต็มศึกษา คืบหน้า 40% ติดปัญหางบประมาณ")
    card = await director.tap("ล่าช้า")
    assert "งบประมาณ" in card and "40%" in card
    await director.tap("ยืนยัน")
    await director.say("อัปเดตความคืบหน้า")
    assert "ยกเลิก" in await director.say("ยกเลิก")

    # a check-in in one message
    saved = shown(await secretary.say("เช็คอิน ข้อ 4 เสร็จแล้ว"))
    assert "30 เมษายน 2570" in saved

    # where everyone stands
    committee = shown(await secretary.say("คณะกรรมการของฉันเช็คอินครบหรือยัง"))
    assert "นายประธาน ใจดี" in committee  # named as not checked in yet; no phone number in a reply
    assert "081" not in committee
    missing = shown(await secretary.say("โรงเรียนไหนในเขตยังไม่ส่ง"))
    assert "โรงเรียนบ้านสอง" in missing and "โรงเรียนบ้านหนึ่ง" not in missing
    assert "21 พฤศจิกายน 2569" in await director.say("โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร")

    async with running.app.sessions() as session:
        updates = (await session.execute(select(ProgressUpdate).order_by(ProgressUpdate.id))).scalars().all()
        assert [(u.project, u.status, u.percent, u.platform) for u in updates] == [
            ("ห้องเรียนกลับด้าน", "on_track", 60, "telegram"),
            ("สะเต็มศึกษา", "delayed", 40, "telegram"),
        ]
        [photo] = (await session.execute(select(UpdateAttachment))).scalars().all()
        assert (photo.media_type, photo.update_id) == ("photo", updates[0].id)
        [check_in] = (await session.execute(select(CheckIn))).scalars().all()
        assert (check_in.duty_number, check_in.status, check_in.round, check_in.platform) == (4, "done", 2, "line")
        assert (await session.execute(select(func.count()).select_from(ProgressUpdate))).scalar_one() == 2
