"""Binding a group to its committee, on Telegram and LINE: who may, one group per committee, the introduction."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditLog, Committee
from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG, SECRETARY_LINE, STRANGER_LINE, TG_GROUP
from tests.fakes import builders


async def committee(world) -> Committee:
    async with world.running.app.sessions() as session:
        return await session.get(Committee, world.directory.committee)


async def test_telegram_bind_by_the_committee_admin_who_is_a_group_admin(world):
    intro = await world.tg.bot_added(CHAIR_TG)
    assert "/bind" in intro and len(intro.splitlines()) == 2
    assert "ยังไม่ได้ผูก" in await world.tg.say(CHAIR_TG, "/status")

    # a member who is not the committee's admin is refused politely, and nothing changes
    refused = await world.tg.say(EXPERT_TG, "/bind C-YALA-1")
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in refused
    assert (await committee(world)).group_chat_id is None

    # the committee's admin must also administer the Telegram group
    world.running.telegram.chat_admins[TG_GROUP] = set()
    assert "ผู้ดูแล (admin) ของกลุ่ม" in await world.tg.say(CHAIR_TG, "/bind C-YALA-1")
    world.running.telegram.chat_admins[TG_GROUP] = {CHAIR_TG}

    asked = await world.tg.say(CHAIR_TG, "/bind c-yala-1")
    assert "ใช่ไหมคะ" in asked and (await committee(world)).group_chat_id is None
    assert "ไม่มีรายการที่รอยืนยัน" in await world.tg.tap(EXPERT_TG, "ยืนยัน")  # someone else's button
    assert "ผูกกลุ่มนี้กับ" in await world.tg.tap(CHAIR_TG, "ยืนยัน")
    bound = await committee(world)
    assert (bound.group_chat_platform, bound.group_chat_id) == ("telegram", str(TG_GROUP))
    async with world.running.app.sessions() as session:
        [row] = (await session.execute(select(AuditLog).where(AuditLog.action == "admin.bind"))).scalars()
    assert (row.person_id, row.platform, row.user_id) == (world.directory.chair, "telegram", str(CHAIR_TG))
    assert row.details["chat_id"] == str(TG_GROUP) and row.details["committee"] == "C-YALA-1"


async def test_line_bind_in_thai_words_and_one_group_per_committee(world):
    intro = await world.line.joined()
    assert "/bind" in intro
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.line.say(STRANGER_LINE, "ผูกกลุ่ม C-YALA-1")
    assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in await world.line.say(SECRETARY_LINE, "ผูกกลุ่ม C-YALA-1")
    assert "ใช่ไหมคะ" in await world.line.say(CHAIR_LINE, "ผูกกลุ่ม C-YALA-1")
    assert "ผูกกลุ่มนี้กับ" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    assert (await committee(world)).group_chat_platform == "line"

    # the committee already has its group: a Telegram group cannot take it too
    assert "ผูกกับกลุ่มอื่นอยู่แล้ว" in await world.tg.say(CHAIR_TG, "/bind C-YALA-1")

    # unbind; a typed "ยืนยัน" not addressed to the bot is group chatter, not an answer
    assert "ใช่ไหมคะ" in await world.line.say(CHAIR_LINE, "/unbind")
    assert await world.line.say(CHAIR_LINE, "ยืนยันค่ะ") == ""
    assert (await committee(world)).group_chat_id is not None
    assert "ยกเลิกการผูกกลุ่ม" in await world.line.tap(CHAIR_LINE, "ยืนยัน")
    assert (await committee(world)).group_chat_id is None


async def test_a_cancelled_bind_changes_nothing(world):
    await world.tg.say(CHAIR_TG, "/bind C-YALA-1")
    assert "ยกเลิกแล้ว" in await world.tg.tap(CHAIR_TG, "ยกเลิก")
    assert (await committee(world)).group_chat_id is None
    assert "ไม่มีรายการที่รอยืนยัน" in await world.tg.tap(CHAIR_TG, "ยืนยัน")  # the old button is stale now
    assert (await committee(world)).group_chat_id is None


async def test_removing_the_bot_from_the_group_unbinds_it(world):
    await world.line.say(CHAIR_LINE, "/bind C-YALA-1")
    await world.line.tap(CHAIR_LINE, "ยืนยัน")
    assert (await committee(world)).group_chat_id == world.line.group_id
    leave = builders.line_event("leave", source_type="group", group_id=world.line.group_id)
    leave["source"].pop("userId")
    assert await world.line.post(leave) == ""
    assert (await committee(world)).group_chat_id is None
