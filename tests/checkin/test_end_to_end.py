"""Check-ins through the real SDKs and the fake platform servers: guided on Telegram, one message on LINE."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditLog, ConversationState
from tests.checkin.conftest import checkins, seed
from tests.e2e.test_line import post as post_line
from tests.e2e.test_telegram import post as post_telegram
from tests.fakes import builders


def buttons(running) -> dict[str, str]:
    """Label -> callback data of the inline keyboard on the last Telegram message."""
    markup = running.telegram.calls_to("sendMessage")[-1].params["reply_markup"]
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def test_guided_check_in_over_telegram(serve):
    running = await serve()
    directory = await seed(running.app, chair=("telegram", "1001"))

    await post_telegram(running, builders.telegram_text_update(1, "เช็คอิน"))
    assert "เช็คอินหน้าที่ข้อใดคะ" in running.telegram.sent_texts(1001)[-1]
    duties = buttons(running)
    assert all(len(data.encode()) <= 64 and data.isascii() for data in duties.values())

    await post_telegram(running, builders.telegram_callback_update(2, duties["ข้อ 4 ติดตามรายงาน"]))
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in running.telegram.sent_texts(1001)[-1]
    await post_telegram(running, builders.telegram_callback_update(3, buttons(running)["✅ เสร็จแล้ว"]))
    assert "หมายเหตุ" in running.telegram.sent_texts(1001)[-1]
    await post_telegram(running, builders.telegram_callback_update(4, buttons(running)["ข้าม"]))

    confirmation = running.telegram.sent_texts(1001)[-1]
    assert "บันทึกการเช็คอินเรียบร้อยแล้วค่ะ" in confirmation
    assert "รายงานครั้งที่ 2 ปีการศึกษา 2569 กำหนดส่ง 30 เมษายน 2570" in confirmation
    assert len(running.telegram.calls_to("answerCallbackQuery")) == 3
    [row] = await checkins(running.app)
    assert (row.person_id, row.duty_number, row.status, row.note) == (directory.chair, 4, "done", None)
    assert (row.platform, row.academic_year, row.round) == ("telegram", 2569, 2)
    async with running.app.sessions() as session:
        assert (
            await session.execute(select(ConversationState).where(ConversationState.flow.is_not(None)))
        ).first() is None
        [audit] = (await session.execute(select(AuditLog).where(AuditLog.action == "checkin.saved"))).scalars()
    assert (audit.platform, audit.user_id) == ("telegram", "1001")


async def test_one_message_check_in_over_line(serve):
    running = await serve()
    user = builders.LINE_USER_ID
    directory = await seed(running.app, secretary=("line", user))

    text = "เช็คอินข้อ 2 กำลังทำ หมายเหตุ รอประชุม"
    token = running.line.issue_reply_token()
    assert (await post_line(running, [builders.line_text_event(text, reply_token=token)])).status == 200
    [reply] = running.line.replies()
    assert reply["replyToken"] == token
    [answer] = running.line.reply_texts()
    assert "บันทึกการเช็คอินเรียบร้อยแล้วค่ะ" in answer
    assert "🔄 กำลังดำเนินการ" in answer and "หมายเหตุ: รอประชุม" in answer
    assert "รายงานครั้งที่ 2 ปีการศึกษา 2569 กำหนดส่ง 30 เมษายน 2570" in answer
    labels = [i["action"]["label"] for i in reply["messages"][0]["quickReply"]["items"]]
    assert labels == ["เช็คอินข้ออื่น", "สถานะของฉัน"]

    [row] = await checkins(running.app)
    assert (row.person_id, row.duty_number, row.status, row.note) == (directory.secretary, 2, "in_progress", "รอประชุม")
    assert row.platform == "line"
    assert running.line.pushes() == []
