"""Every step of every flow, interrupted six ways: a typed question, a greeting, "เมนู", "ยกเลิก", a sticker and a
stale button. Nothing is stored as an answer; the person gets an answer and the way back to the open step."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.core.messages import Kind
from storage.models import CheckIn, CommitteeMember, ConversationState, Identity, PilotSchool, ProgressUpdate
from storage.repositories.invites import create_invite
from tests.conftest import FIXED_NOW
from tests.progress.conftest import Chat, World

PROGRESS = ["อัปเดตความคืบหน้า", "ห้องเรียนกลับด้าน", "ตามแผน", "60", "อบรมครู", "ไม่มี", "ไม่มี", "ข้าม"]


@dataclass(frozen=True)
class At:
    """How to reach one step: who, what they say (a "{code}" is their invite code), and any extra setup."""

    flow: str
    step: str
    user: str
    lines: tuple[str, ...]
    setup: str = ""
    stale: str = "pu:ok"  # a button from a conversation that is over


STEPS = [
    At("checkin", "committee", "dir", ("เช็คอิน",), setup="two_committees"),
    At("checkin", "duty", "dir", ("เช็คอิน",)),
    At("checkin", "status", "dir", ("เช็คอิน", "2")),
    At("checkin", "note", "dir", ("เช็คอิน", "2", "กำลังทำ")),
    At("progress", "school", "dir", PROGRESS[:1], setup="two_schools", stale="ci:s:done"),
    *(
        At("progress", step, "dir", tuple(PROGRESS[: n + 1]), stale="ci:s:done")
        for n, step in enumerate(("project", "status", "percent", "done", "obstacles", "help_needed", "files"))
    ),
    At("progress", "card", "dir", tuple(PROGRESS), stale="ci:s:done"),
    At("progress", "picking", "dir", (*PROGRESS, "แก้ไข"), stale="ci:s:done"),
    At("progress", "offer", "dir", (*PROGRESS[:3], "อัปเดตความคืบหน้า"), stale="ci:s:done"),
    At("register.code", "code", "nobody", ("ลงทะเบียน",)),
    At("register.consent", "consent", "nobody", ("ลงทะเบียน {code}",)),
]

INTRUSIONS = {
    "question": ("text", "กำหนดส่งรายงานครั้งหน้าเมื่อไหร่คะ", "30 เมษายน 2570"),
    "greeting": ("text", "สวัสดีครับ", "สวัสดีค่ะ"),
    "menu": ("text", "เมนู", "เลือกจากปุ่มด้านล่าง"),
    "cancel": ("text", "ยกเลิก", "บันทึก"),  # "…ไม่ได้บันทึกข้อมูลใด ๆ": nothing was saved
    "sticker": ("sticker", "", "รอคำตอบเป็นข้อความ"),
    "stale": ("tap", "", ""),
}


async def _setup(world: World, at: At) -> str:
    """Prepare the store for the step; the invite code of "nobody" when registering."""
    async with world.app.sessions() as session, session.begin():
        if at.setup == "two_committees":
            session.add(
                CommitteeMember(
                    committee_id=world.directory.other_committee, person_id=world.directory.director, role="expert"
                )
            )
        if at.setup == "two_schools":
            other = await session.get(PilotSchool, world.directory.other_school)
            assert other is not None
            session.add(
                PilotSchool(
                    code="1095010003",
                    name="โรงเรียนบ้านสาม",
                    area_office_id=other.area_office_id,
                    province_id=other.province_id,
                    director_id=world.directory.director,
                )
            )
        return (await create_invite(session, world.directory.expert, FIXED_NOW, 14)).code


async def _open(world: World, chat: Chat) -> tuple[str | None, dict]:
    """The open flow and its data, without what the bot keeps about the screen (buttons shown)."""
    async with world.app.sessions() as session:
        row = (
            await session.execute(select(ConversationState).where(ConversationState.user_id == chat.user_id))
        ).scalar_one_or_none()
    if row is None:
        return None, {}
    return row.flow, {k: v for k, v in (row.data or {}).items() if not k.startswith("_") and k != "touched"}


async def _stored(world: World) -> tuple[int, int, int]:
    async with world.app.sessions() as session:
        count = lambda model: select(func.count()).select_from(model)  # noqa: E731
        linked = select(func.count()).select_from(Identity).where(Identity.person_id == world.directory.expert)
        return (
            (await session.execute(count(CheckIn))).scalar_one(),
            (await session.execute(count(ProgressUpdate))).scalar_one(),
            (await session.execute(linked)).scalar_one(),
        )


@pytest.mark.parametrize("intrusion", list(INTRUSIONS))
@pytest.mark.parametrize("at", STEPS, ids=lambda at: f"{at.flow}-{at.step}")
async def test_no_step_takes_a_request_as_its_answer(world: World, at: At, intrusion: str):
    chat = world.chat(at.user)
    code = await _setup(world, at)
    for line in at.lines:
        await chat.say(line.format(code=code))
    flow, data = await _open(world, chat)
    assert flow == at.flow, chat.text
    before = await _stored(world)

    kind, text, expected = INTRUSIONS[intrusion]
    if kind == "text":
        await chat.say(text)
    elif kind == "sticker":
        await chat.send(Kind.STICKER)
    else:
        await chat.send_action(at.stale)

    assert await _stored(world) == before  # nothing written: no check-in, no update, no linked account
    assert chat.text and expected in chat.text
    if intrusion == "cancel":
        assert (await _open(world, chat))[0] is None
        return
    assert await _open(world, chat) == (flow, data)  # the step is still open, with nothing new in it
    way_back = chat.last[-1]
    assert "ค้างอยู่ค่ะ —" in way_back.text and way_back.choices, chat.text


async def test_a_button_of_the_same_flow_from_an_earlier_question_is_stale(world: World):
    """The duty picker's button tapped at the status step: said once, nothing changes, the status step again."""
    chat = world.chat("chair")
    await chat.say("เช็คอิน")
    await chat.say("2")
    flow, data = await _open(world, chat)
    answer = await chat.send_action("ci:d:5")
    assert "ปุ่มนี้เป็นของคำถามก่อนหน้า" in answer and "ค้างอยู่ค่ะ — ข้อ 2" in answer
    assert await _open(world, chat) == (flow, data)
    assert chat.last[-1].choices[0].label == "✅ เสร็จแล้ว"


async def test_back_asks_the_previous_step_again(world: World):
    chat = world.chat("dir")
    for line in ("อัปเดตความคืบหน้า", "ห้องเรียนกลับด้าน", "ตามแผน"):
        await chat.say(line)
    assert "เป็นอย่างไรบ้างคะ" in await chat.say("ย้อนกลับ")
    await chat.say("ล่าช้า")
    assert "กี่เปอร์เซ็นต์" in chat.text
    checkin = world.chat("chair")
    for line in ("เช็คอิน", "2"):
        await checkin.say(line)
    assert "เช็คอินหน้าที่ข้อใดคะ" in await checkin.say("ย้อนกลับค่ะ")
    assert "ข้อ 3" in await checkin.say("3")
