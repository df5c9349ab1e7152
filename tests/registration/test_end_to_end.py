"""One person links Telegram and LINE with two codes, through the real SDKs and the fake platform servers;
"ฉันคือใคร" in a private chat and in a group."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditLog, Identity, InviteCode, Person
from tests.e2e.test_line import post as post_line
from tests.e2e.test_telegram import post as post_telegram
from tests.fakes import builders
from tests.registration.conftest import invite, seed

GROUP_CHAT = -5001


def buttons(running) -> dict[str, str]:
    """Label -> callback data of the inline keyboard on the last Telegram message."""
    markup = running.telegram.calls_to("sendMessage")[-1].params["reply_markup"]
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def line_says(running, text: str) -> str:
    """Send a LINE text message from the default user; the bot's last reply text."""
    await post_line(running, [builders.line_text_event(text, reply_token=running.line.issue_reply_token())])
    return running.line.reply_texts()[-1]


async def line_taps(running, label: str) -> str:
    """Tap a quick reply of the bot's last LINE reply; the bot's answer."""
    data = quick_replies(running)[label]
    await post_line(running, [builders.line_postback_event(data, reply_token=running.line.issue_reply_token())])
    return running.line.reply_texts()[-1]


def quick_replies(running) -> dict[str, str]:
    """Label -> postback data of the quick replies on the last LINE reply."""
    message = running.line.replies()[-1]["messages"][-1]
    return {i["action"]["label"]: i["action"]["data"] for i in message["quickReply"]["items"]}


async def test_telegram_then_line_with_two_codes_for_the_same_person_across_a_restart(serve):
    first = await serve()
    directory = await seed(first.app)
    telegram_code, line_code = await invite(first.app, directory.director), await invite(first.app, directory.director)

    # Telegram: the deep link t.me/<bot>?start=CODE sends "/start CODE"
    await post_telegram(first, builders.telegram_text_update(1, f"/start {telegram_code}"))
    notice = first.telegram.sent_texts(1001)[-1]
    assert "นายผอ. โรงเรียนหนึ่ง" in notice and "PDPA" in notice
    agree = buttons(first)["ยินยอม"]
    await first.app.close()  # a restart between the notice and the tap

    running = await serve()
    await post_telegram(running, builders.telegram_callback_update(2, agree))
    assert "ลงทะเบียนเรียบร้อยแล้วค่ะ" in running.telegram.sent_texts(1001)[-1]

    # LINE: typed phrase, consent by postback; the Telegram code cannot be spent twice
    assert "ถูกใช้ลงทะเบียนไปแล้ว" in await line_says(running, f"ลงทะเบียน {telegram_code}")
    assert "PDPA" in await line_says(running, f"ลงทะเบียน {line_code}")
    assert "ลงทะเบียนเรียบร้อยแล้วค่ะ" in await line_taps(running, "ยินยอม")

    async with running.app.sessions() as session:
        accounts = (await session.execute(select(Identity).where(Identity.person_id == directory.director))).scalars()
        codes = (await session.execute(select(InviteCode).order_by(InviteCode.id))).scalars().all()
        linked = (await session.execute(select(AuditLog).where(AuditLog.action == "register.linked"))).scalars().all()
        person = await session.get(Person, directory.director)
    by_platform = {a.platform: a for a in accounts}
    assert {p: a.user_id for p, a in by_platform.items()} == {"telegram": "1001", "line": builders.LINE_USER_ID}
    assert [c.used_by_identity_id for c in codes] == [by_platform["telegram"].id, by_platform["line"].id]
    assert sorted((a.platform, a.person_id) for a in linked) == [
        ("line", directory.director),
        ("telegram", directory.director),
    ]
    assert person is not None and person.consented_at is not None


async def test_whoami_shows_contacts_only_in_a_private_chat(serve):
    running = await serve()
    directory = await seed(running.app)
    code = await invite(running.app, directory.chair)
    await post_telegram(running, builders.telegram_text_update(1, f"/start {code}"))
    await post_telegram(running, builders.telegram_callback_update(2, buttons(running)["ยินยอม"]))

    await post_telegram(running, builders.telegram_text_update(3, "ฉันคือใคร"))
    private = running.telegram.sent_texts(1001)[-1]
    assert "นายประธาน ใจดี" in private
    assert "ประธานกรรมการ คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1 (ผู้ดูแลระบบ)" in private
    assert "Telegram (บัญชีนี้)" in private and "21 พฤศจิกายน 2569" in private
    assert "0810000001" in private and "chair@example.go.th" in private

    await post_telegram(running, builders.telegram_text_update(4, "/whoami", chat_id=GROUP_CHAT, chat_type="group"))
    in_group = running.telegram.sent_texts(GROUP_CHAT)[-1]
    assert "นายประธาน ใจดี" in in_group
    assert "0810000001" not in in_group and "chair@example.go.th" not in in_group
    assert "แสดงเฉพาะในแชตส่วนตัว" in in_group


async def test_whoami_of_a_director_and_of_someone_unregistered(serve):
    running = await serve()
    directory = await seed(running.app)
    assert "ยังไม่ได้ลงทะเบียน" in await line_says(running, "ฉันคือใคร")
    assert "ลงทะเบียน" in quick_replies(running)

    code = await invite(running.app, directory.director)
    await line_says(running, f"register {code}")
    await line_taps(running, "ยินยอม")
    card = await line_says(running, "whoami")
    assert "โรงเรียนบ้านหนึ่ง (รหัส 1095010001)" in card
    assert "กรรมการผู้แทนสถานศึกษานำร่อง" in card
    assert "LINE (บัญชีนี้)" in card and "director1@example.go.th" in card


async def test_a_code_sent_in_a_telegram_group_is_refused_and_stays_unused(serve):
    running = await serve()
    directory = await seed(running.app)
    code = await invite(running.app, directory.secretary)
    in_group = builders.telegram_text_update(1, f"/start {code}", chat_id=GROUP_CHAT, chat_type="group")
    await post_telegram(running, in_group)
    answer = running.telegram.sent_texts(GROUP_CHAT)[-1]
    assert "แชตส่วนตัว" in answer and "https://t.me/sandbox_test_bot" in answer
    async with running.app.sessions() as session:
        unused = (await session.execute(select(InviteCode))).scalar_one()
    assert unused.used_at is None
