"""Status, members, invite, export and chart in a bound group, on Telegram and on LINE."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from openpyxl import load_workbook
from sqlalchemy import select

from bot.admin.chart import thai_font
from bot.outbox import payload_to_replies
from storage.models import CheckIn, Committee, OutboxMessage, ProgressUpdate
from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG, SECRETARY_LINE, TG_GROUP
from tests.conftest import FIXED_NOW


async def bind(world, platform: str) -> None:
    async with world.running.app.sessions() as session, session.begin():
        committee = await session.get(Committee, world.directory.committee)
        committee.group_chat_platform = platform
        committee.group_chat_id = str(TG_GROUP) if platform == "telegram" else world.line.group_id


async def some_work(world) -> None:
    """The secretary checked in on all six duties, the expert on two; school one sent an update this round."""
    d = world.directory
    async with world.running.app.sessions() as session, session.begin():
        for number in range(1, 7):
            session.add(
                CheckIn(
                    committee_id=d.committee,
                    person_id=d.secretary,
                    duty_number=number,
                    academic_year=2569,
                    round=2,
                    status="done",
                    platform="line",
                    updated_at=FIXED_NOW,
                )
            )
        for number, status in ((1, "done"), (2, "blocked")):
            session.add(
                CheckIn(
                    committee_id=d.committee,
                    person_id=d.expert,
                    duty_number=number,
                    academic_year=2569,
                    round=2,
                    status=status,
                    platform="telegram",
                    updated_at=FIXED_NOW,
                )
            )
        session.add(ProgressUpdate(school_id=d.school, person_id=d.director, project="ห้องเรียนกลับด้าน",
                                   status="on_track", percent=60, platform="telegram", created_at=FIXED_NOW,
                                   updated_at=FIXED_NOW))  # fmt: skip


async def test_telegram_status_members_and_invite(world):
    await bind(world, "telegram")
    await some_work(world)
    status = await world.tg.say(CHAIR_TG, "/status")
    assert "ครบ 6 ข้อ 1/4" in status and "นางเลขา ขยัน" in status
    assert "ดร.ผู้ทรง คุณวุฒิ (ขาดข้อ 3, 4, 5, 6)" in status
    assert "ยังไม่เช็คอิน 2" in status and "นายประธาน ใจดี" in status
    assert "ส่งแล้ว 1/2" in status and "โรงเรียนบ้านสอง" in status
    assert "30 เม.ย. 2570" in status and "อีก 160 วัน" in status
    assert "081" not in status and "@" not in status
    full = await world.tg.tap(CHAIR_TG, "ดูรายชื่อทั้งหมด")
    assert "โรงเรียนบ้านหนึ่ง" in full

    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.tg.say(EXPERT_TG, "/status")

    members = await world.tg.say(CHAIR_TG, "/members")
    assert "ลงทะเบียนแล้ว 4/5" in members  # four seats linked; the other school's director is not
    assert "⬜ นางผอ. โรงเรียนสอง" in members and "081" not in members and "@example" not in members

    asked = await world.tg.say(CHAIR_TG, "/invite นางผอ. โรงเรียนสอง")
    assert "ใช่ไหมคะ" in asked
    done = await world.tg.tap(CHAIR_TG, "ยืนยัน")
    assert "แชทส่วนตัว" in done and not re.search(r"[A-Z0-9]{8}", done)
    async with world.running.app.sessions() as session:
        [row] = (await session.execute(select(OutboxMessage))).scalars()
    assert (row.platform, row.chat_id) == ("telegram", str(CHAIR_TG))  # the admin's private chat
    code = re.search(r"ลงทะเบียน ([A-Z0-9]{8})", payload_to_replies(row.payload)[0].text).group(1)
    assert all(code not in text for text in world.running.telegram.sent_texts(TG_GROUP))
    await world.running.app.outbox_worker().drain()
    assert code in world.running.telegram.sent_texts(CHAIR_TG)[-1]  # delivered, privately


async def test_line_status_is_a_flex_card_with_the_full_list_behind_a_button(world):
    await bind(world, "line")
    await some_work(world)
    shown = await world.line.say(CHAIR_LINE, "สถานะกลุ่ม")
    assert '"type": "flex"' in shown and "ครบ 6 ข้อ 1/4" in shown
    assert "ดูรายชื่อทั้งหมด" in shown
    assert "โรงเรียนบ้านหนึ่ง" in await world.line.tap(CHAIR_LINE, "ดูรายชื่อทั้งหมด")
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.line.say(SECRETARY_LINE, "/status")


async def test_telegram_export_is_a_workbook_with_the_rounds_rows(world):
    await bind(world, "telegram")
    await some_work(world)
    await world.tg.say(CHAIR_TG, "ส่งออกข้อมูล")
    [call] = world.running.telegram.calls_to("sendDocument")
    upload = call.params["document"]
    assert upload.filename == "C-YALA-1-round2-2569.xlsx"
    book = load_workbook(io.BytesIO(upload.data))
    assert book.sheetnames == ["เช็คอิน", "ความคืบหน้าโรงเรียน"]
    checkins, updates = book["เช็คอิน"], book["ความคืบหน้าโรงเรียน"]
    rows = list(checkins.iter_rows(values_only=True))
    assert rows[0][:4] == ("ชื่อ-นามสกุล", "ข้อ", "หน้าที่", "สถานะ")
    assert len(rows) == 1 + 6 + 2
    assert ("ดร.ผู้ทรง คุณวุฒิ", 2) in [(r[0], r[1]) for r in rows]
    assert rows[1][-1] == "21/11/2569 10:00"  # Bangkok time, Buddhist year
    assert checkins.freeze_panes == "A2" and checkins.auto_filter.ref == "A1:G9"
    [_header, update] = list(updates.iter_rows(values_only=True))
    assert update[:4] == ("1095010001", "โรงเรียนบ้านหนึ่ง", "นายผอ. โรงเรียนหนึ่ง", "ห้องเรียนกลับด้าน")
    assert updates.freeze_panes == "A2" and updates.auto_filter.ref
    assert not any("081" in str(v) or "@" in str(v) for r in rows for v in r)


async def test_line_export_is_a_private_signed_link_that_expires(world, clock):
    await bind(world, "line")
    await some_work(world)
    said = await world.line.say(CHAIR_LINE, "/export")
    assert "แชทส่วนตัว" in said and "/files/" not in said
    async with world.running.app.sessions() as session:
        [row] = (await session.execute(select(OutboxMessage))).scalars()
    assert (row.platform, row.chat_id) == ("line", CHAIR_LINE)
    [link] = payload_to_replies(row.payload)
    url = re.search(r"https?://\S+", link.text).group(0)
    path = url[url.index("/files/") :]
    response = await world.running.client.get(path)
    assert response.status == 200
    book = load_workbook(io.BytesIO(await response.read()))
    assert book["เช็คอิน"].max_row == 9
    tampered = path[:-12] + ("A" if path[-12] != "A" else "B") + path[-11:]
    assert (await world.running.client.get(tampered)).status == 404
    clock.advance(minutes=61)
    assert (await world.running.client.get(path)).status == 410


@pytest.mark.parametrize("platform", ["telegram", "line"])
async def test_chart_is_a_png(world, platform):
    await bind(world, platform)
    await some_work(world)
    if platform == "telegram":
        await world.tg.say(CHAIR_TG, "/chart")
        [call] = world.running.telegram.calls_to("sendPhoto")
        png = call.params["photo"].data
        assert "รายงานครั้งที่ 2/2569" in call.params["caption"]
    else:
        shown = await world.line.say(CHAIR_LINE, "กราฟความคืบหน้า")
        url = re.search(r'"originalContentUrl": "([^"]+)"', shown).group(1)
        response = await world.running.client.get(url[url.index("/files/") :])
        assert response.content_type == "image/png"
        png = await response.read()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_the_chart_font_draws_thai():
    """Sarabun (from its wheel) is what matplotlib finds for the chart, and it has the Thai glyphs the labels use."""
    thai_font()
    path = font_manager.findfont(FontProperties(family="Sarabun"), fallback_to_default=False)
    cmap = TTFont(path).getBestCmap()
    assert all(ord(char) in cmap for char in "ความคืบหน้าที่โรงเรียนส่งเช็คอินตามหน้าที่ข้อ")


async def test_line_members_and_invite_code_only_in_private(world):
    await bind(world, "line")
    members = await world.line.say(CHAIR_LINE, "รายชื่อกรรมการ")
    assert "ลงทะเบียนแล้ว 4/5" in members and "081" not in members
    assert "ใช่ไหมคะ" in await world.line.say(CHAIR_LINE, "ออกรหัสเชิญ นางผอ. โรงเรียนสอง")
    done = await world.line.tap(CHAIR_LINE, "ยืนยัน")
    assert "แชทส่วนตัว" in done and not re.search(r"[A-Z0-9]{8}", done)
    await world.running.app.outbox_worker().drain()
    [push] = world.running.line.pushes()
    assert push["to"] == CHAIR_LINE  # the admin's one-on-one chat, not the group
    assert re.search(r"ลงทะเบียน [A-Z0-9]{8}", push["messages"][0]["text"])
