"""Who may not report progress, and for which school: a polite Thai answer, nothing stored."""

from __future__ import annotations

import pytest

from bot.core.messages import ChatType
from storage.models import PilotSchool, ProgressUpdate
from tests.progress.conftest import World


@pytest.mark.parametrize(
    ("user", "expected", "history"),
    [
        ("nobody", "ต้องลงทะเบียนเป็นผู้อำนวยการโรงเรียนนำร่องก่อน", "ต้องลงทะเบียนเป็นผู้อำนวยการโรงเรียนนำร่องก่อน"),
        ("chair", "ทำได้เฉพาะผู้อำนวยการสถานศึกษานำร่อง", "อัปเดตล่าสุดของโรงเรียนนำร่องในสำนักงานเขตพื้นที่"),
        ("out", "ทำได้เฉพาะผู้อำนวยการสถานศึกษานำร่อง", "ยังไม่มีโรงเรียนนำร่องในเขตของคณะกรรมการของคุณ"),
    ],
)
async def test_people_who_direct_no_pilot_school_are_refused(world: World, user: str, expected: str, history: str):
    """They may not send; committee members may read what their area's schools reported (issue 8, finding 8)."""
    chat = world.chat(user)
    for text in ("อัปเดตความคืบหน้า", "อัปเดต โครงการห้องเรียนกลับด้าน 60% ตามแผน", "/update", "แก้ไขอัปเดตล่าสุด"):
        assert expected in await chat.say(text)
    assert history in await chat.say("อัปเดตล่าสุดของโรงเรียน")
    assert await world.open_flows() == 0
    assert await world.count(ProgressUpdate) == 0


async def test_naming_another_school_is_refused(world: World):
    chat = world.chat("dir")
    answer = await chat.say("อัปเดต โรงเรียนบ้านสอง โครงการห้องเรียนกลับด้าน 60% ตามแผน")
    assert "ส่งความคืบหน้าได้เฉพาะโรงเรียนที่คุณเป็นผู้อำนวยการเท่านั้น (โรงเรียนบ้านหนึ่ง)" in answer
    assert await world.open_flows() == 0
    assert await world.count(ProgressUpdate) == 0


async def test_choosing_another_school_is_refused_and_the_question_stays(world: World):
    async with world.app.sessions() as session, session.begin():  # the director takes on a second school
        session.add(PilotSchool(code="1095010003", name="โรงเรียนบ้านสาม", director_id=world.directory.director))
    chat = world.chat("dir")
    assert "จะส่งความคืบหน้าของโรงเรียนไหน" in await chat.say("อัปเดตความคืบหน้า")
    assert chat.labels == ["โรงเรียนบ้านหนึ่ง", "โรงเรียนบ้านสาม", "ยกเลิก"]
    refused = await chat.send_action(f"pu:sc:{world.directory.other_school}")  # a forged choice
    assert "ได้เฉพาะโรงเรียนที่คุณเป็นผู้อำนวยการ" in refused and "จะส่งความคืบหน้าของโรงเรียนไหน" in refused
    assert "ได้เฉพาะโรงเรียนที่คุณเป็นผู้อำนวยการ" in await chat.say("โรงเรียนบ้านสอง")
    assert "โครงการหรือนวัตกรรมใด" in await chat.say("บ้านสาม")
    for line in ("ห้องเรียนกลับด้าน", "ตามแผน", "ข้าม", "อบรมครู", "ไม่มี", "ไม่มี", "ข้าม"):
        await chat.say(line)
    assert "โรงเรียน: โรงเรียนบ้านสาม" in chat.text
    assert "โรงเรียนบ้านสาม" in await chat.tap("ยืนยัน")
    [update] = await world.updates()
    assert update.school_id not in (world.directory.school, world.directory.other_school)


async def test_progress_is_not_discussed_in_a_group_chat(world: World):
    chat = world.chat("dir", ChatType.GROUP)
    assert "แชตส่วนตัว" in await chat.say("อัปเดต โครงการห้องเรียนกลับด้าน ตามแผน")
    assert await world.open_flows() == 0


async def test_a_file_sent_outside_an_update_keeps_the_usual_answer(world: World):
    chat = world.chat("dir")
    assert "ยังไม่มีรายการใดที่รอไฟล์อยู่" in await chat.photo()
    assert await world.attachments() == []
