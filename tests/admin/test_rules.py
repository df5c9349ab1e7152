"""The rules every admin command keeps: an unbound group is told how to bind; a non-admin is refused and nothing
changes; a group never sees a phone number or an e-mail; /help admin lists the commands in Thai."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.commands import parse_command
from storage.models import AuditLog, InviteCode, OutboxMessage
from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG, STRANGER_TG
from tests.admin.test_group_commands import bind, some_work

GROUP_COMMANDS = ["/status", "/remind", "/members", "/invite นางเลขา ขยัน", "/export", "/chart", "/unbind",
                  "/deadline list", "สถานะกลุ่ม", "เตือนทุกคน"]  # fmt: skip


async def counts(world) -> tuple[int, int, int]:
    async with world.running.app.sessions() as session:
        found = [
            (await session.execute(select(func.count()).select_from(model))).scalar_one()
            for model in (AuditLog, InviteCode, OutboxMessage)
        ]
    return found[0], found[1], found[2]


@pytest.mark.parametrize("command", GROUP_COMMANDS)
async def test_an_unbound_group_is_told_how_to_bind(world, command):
    assert "/bind" in await world.tg.say(CHAIR_TG, command)


@pytest.mark.parametrize("command", GROUP_COMMANDS)
async def test_non_admins_are_refused_and_nothing_changes(world, command):
    await bind(world, "telegram")
    await some_work(world)
    before = await counts(world)
    for user in (EXPERT_TG, STRANGER_TG):
        answer = await world.tg.say(user, command)
        assert "ผู้ดูแลของคณะกรรมการเท่านั้น" in answer
    assert await counts(world) == before
    assert world.running.telegram.calls_to("sendDocument") == [] and world.running.telegram.calls_to("sendPhoto") == []


async def test_admin_help_lists_the_commands_in_thai_on_both_platforms(world):
    text = await world.tg.say(CHAIR_TG, "/help admin")
    for command in ("/bind", "/status", "/remind", "/deadline add", "/members", "/invite", "/export", "/chart",
                    "/import", "เตือนทุกคน", "สถานะกลุ่ม"):  # fmt: skip
        assert command in text
    assert "/bind" in await world.line.say(CHAIR_LINE, "คำสั่งผู้ดูแล")
    assert "/bind" not in await world.tg.say(CHAIR_TG, "/help")  # the member menu is unchanged


async def test_group_replies_never_show_contacts(world):
    await bind(world, "telegram")
    await some_work(world)
    for command in ("/status", "/members", "/remind", "/deadline list"):
        said = await world.tg.say(CHAIR_TG, command)
        assert "081" not in said and "@example" not in said
    assert "081" not in await world.tg.tap(CHAIR_TG, "ยกเลิก")


def test_thai_command_words_read_as_commands():
    assert parse_command("ผูกกลุ่ม C-YALA-1") == parse_command("/bind C-YALA-1")
    assert parse_command("เพิ่มกำหนดส่ง 15 พ.ค. 70 ส่งแผน").args == "add 15 พ.ค. 70 ส่งแผน"
    assert parse_command("ยกเลิกการผูกกลุ่ม").name == "unbind"
    assert parse_command("สถานะกลุ่มค่ะ").name == "groupstatus"
    assert parse_command("ยกเลิก") is None and parse_command("สถานะของฉัน") is None
    assert parse_command("เตือนทุกคนด้วยนะว่าพรุ่งนี้ประชุม") is None  # group chatter, not a command
    assert parse_command("เตือนทุกคนด้วยค่ะ").name == "remind"
    assert parse_command("ผูกกลุ่มไลน์กันไหม") is None and parse_command("ลบกำหนดส่งเก่าออกด้วย") is None
