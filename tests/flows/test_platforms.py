"""The way back and typed button labels over the real SDKs: Telegram (PTB) and LINE (line-bot-sdk) on the fakes."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ProgressUpdate
from tests.e2e.chats import LineChat, TelegramChat, shown
from tests.progress.conftest import seed


def telegram_buttons(running, chat_id: int) -> list[str]:
    """The labels of the inline keyboard on the newest message with one."""
    call = next(
        c
        for c in reversed(running.telegram.calls_to("sendMessage"))
        if c.params.get("chat_id") == chat_id and c.params.get("reply_markup")
    )
    return [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]


async def test_a_question_mid_update_on_telegram_comes_back_with_the_steps_buttons(serve):
    running = await serve()
    await seed(running.app, {"director": ("telegram", "1001")})
    chat = TelegramChat(running)
    await chat.say("อัปเดตความคืบหน้า")
    await chat.say("ห้องเรียนกลับด้าน")
    answer = await chat.say("กำหนดส่งรายงานครั้งหน้าเมื่อไหร่คะ")
    assert "30 เมษายน 2570" in answer and "ค้างอยู่ค่ะ — โครงการ “ห้องเรียนกลับด้าน” เป็นอย่างไรบ้างคะ" in answer
    assert telegram_buttons(running, 1001) == ["ตามแผน", "มีความเสี่ยง", "ล่าช้า", "ยกเลิก"]
    await chat.tap("ล่าช้า")
    for line in ("ข้าม", "อบรมครู", "ไม่มี", "ไม่มี", "ข้าม"):
        await chat.say(line)
    await chat.tap("ยืนยัน")
    async with running.app.sessions() as session:
        [update] = (await session.execute(select(ProgressUpdate))).scalars()
    assert (update.project, update.status) == ("ห้องเรียนกลับด้าน", "delayed")


async def test_a_greeting_mid_check_in_on_line_comes_back_with_quick_replies_and_a_typed_label_taps(serve):
    running = await serve()
    user = "U" + "1" * 32
    await seed(running.app, {"chair": ("line", user)})
    chat = LineChat(running, user)
    await chat.say("เช็คอิน")
    reply = await chat.say("สวัสดีค่ะ")
    assert "ยังมีการเช็คอินหน้าที่ค้างอยู่ค่ะ" in shown(reply)
    items = reply["messages"][-1]["quickReply"]["items"]
    assert [i["action"]["label"] for i in items][:2] == ["ข้อ 1 เชื่อมโยงแผน", "ข้อ 2 นิเทศ ร.ร."]

    restarted = await serve()  # the app restarts; the buttons shown are remembered in the store
    again = LineChat(restarted, user)
    assert "ตอนนี้เป็นอย่างไรบ้างคะ" in shown(await again.say("ข้อ 4 ติดตามรายงาน"))  # typed, not tapped
