"""The fakes are faithful enough for the real SDKs: PTB and line-bot-sdk v3 talk to them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    AsyncMessagingApiBlob,
    Configuration,
    FlexBubble,
    FlexMessage,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.webhooks import (
    GroupSource,
    ImageMessageContent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UserSource,
)
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, Conflict, EndPointNotFound, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from . import builders
from .line_api import DEFAULT_DISPLAY_NAME, FakeLineApi
from .telegram_api import FakeTelegramApi, UploadedFile

TOKEN = "123456:TEST-token"
SECRET = "channel-secret"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(token=TOKEN) as api:
        yield api


@pytest.fixture
async def bot(tg: FakeTelegramApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=tg.base_url) as bot:
        yield bot


@pytest.fixture
async def line() -> AsyncIterator[FakeLineApi]:
    async with FakeLineApi() as api:
        yield api


@pytest.fixture
async def messaging(line: FakeLineApi) -> AsyncIterator[AsyncMessagingApi]:
    async with AsyncApiClient(Configuration(access_token="t", host=line.root)) as client:
        yield AsyncMessagingApi(client)


# --- Telegram -----------------------------------------------------------------------------------


async def test_bot_initialises_with_get_me(tg: FakeTelegramApi, bot: Bot) -> None:
    assert tg.root.startswith("http://127.0.0.1:") and tg.base_url == tg.root + "/bot"
    assert len(tg.calls_to("getMe")) == 1
    assert bot.id == 123456 and bot.username == "sandbox_test_bot" and bot.can_join_groups


async def test_send_message_records_thai_text_and_decoded_keyboard(tg: FakeTelegramApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ลงทะเบียน", callback_data="reg:1")]])
    first = await bot.send_message(1001, "สวัสดีค่ะ", reply_markup=markup)
    second = await bot.send_message(-2002, "ประชุมพรุ่งนี้")

    assert first.text == "สวัสดีค่ะ" and first.chat.type == "private" and first.from_user.is_bot
    assert first.reply_markup == markup
    assert second.message_id > first.message_id and second.chat.type == "group"
    (call,) = [c for c in tg.calls_to("sendMessage") if c.params["chat_id"] == 1001]
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "ลงทะเบียน", "callback_data": "reg:1"}]]}
    assert tg.sent_texts() == ["สวัสดีค่ะ", "ประชุมพรุ่งนี้"]
    assert tg.sent_texts(chat_id="1001") == ["สวัสดีค่ะ"]


async def test_commands_callbacks_actions_and_edits(tg: FakeTelegramApi, bot: Bot) -> None:
    assert await bot.set_my_commands([BotCommand("start", "เริ่มต้น"), BotCommand("help", "วิธีใช้")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert tg.calls_to("setMyCommands")[0].params["commands"][0] == {
        "command": "start",
        "description": "เริ่มต้น",
    }
    assert await bot.answer_callback_query("4000000000000000001", text="รับทราบ")
    assert await bot.send_chat_action(1001, "typing")

    choice = InlineKeyboardMarkup.from_button(InlineKeyboardButton("ก", callback_data="a"))
    sent = await bot.send_message(1001, "เลือก", reply_markup=choice)
    edited = await bot.edit_message_text("เลือกแล้ว", chat_id=1001, message_id=sent.message_id)
    assert edited.text == "เลือกแล้ว" and edited.edit_date is not None and edited.reply_markup is None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("เลือกแล้ว", chat_id=1001, message_id=sent.message_id)
    assert await bot.edit_message_reply_markup(chat_id=1001, message_id=77, reply_markup=None)
    assert tg.calls_to("editmessagetext")[0].method == "editMessageText"


async def test_telegram_validation_like_the_real_api(bot: Bot) -> None:
    thai_data = InlineKeyboardMarkup.from_button(InlineKeyboardButton("ก", callback_data="ก" * 22))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):  # 22 Thai chars = 66 bytes > 64
        await bot.send_message(1001, "x", reply_markup=thai_data)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(1001, "คะแนน < 5 <b>ต่ำ</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(1001, "ครบ 100%.", parse_mode="MarkdownV2")
    assert await bot.send_message(1001, "คะแนน &lt; 5 <b>ต่ำ</b>", parse_mode="HTML")
    assert await bot.send_message(1001, r"ครบ\. [ดู](https://example.com/a.b) `x.y`", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1001, "ก" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message("@nobody", "hi")


async def test_failure_injection(tg: FakeTelegramApi, bot: Bot) -> None:
    tg.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(1001, "ช้าลงหน่อย")
    tg.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(1001, "ช้าลงหน่อย")
    await bot.send_message(1001, "ช้าลงหน่อย")
    assert [c.status for c in tg.calls_to("sendMessage")] == [429, 403, 200]
    assert tg.sent_texts() == ["ช้าลงหน่อย"]


async def test_wrong_token_and_unknown_method(tg: FakeTelegramApi, bot: Bot) -> None:
    with pytest.raises(InvalidToken):
        await Bot("999:WRONG", base_url=tg.base_url).get_me()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})


async def test_get_updates_offset_and_long_poll(tg: FakeTelegramApi, bot: Bot) -> None:
    tg.queue_update(builders.telegram_text_update(1, "/start"))
    tg.queue_update(builders.telegram_callback_update(2, "menu:news"))
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [1, 2] and updates[1].callback_query.data == "menu:news"
    assert await bot.get_updates(offset=3, timeout=0) == ()

    loop = asyncio.get_running_loop()
    started = loop.time()
    loop.call_later(0.1, tg.queue_update, builders.telegram_text_update(3, "สวัสดี"))
    (update,) = await bot.get_updates(offset=3, timeout=5)
    assert update.message.text == "สวัสดี" and loop.time() - started < 2
    assert tg.calls_to("getUpdates")[-1].params == {"offset": 3, "timeout": 5}


async def test_application_polls_and_answers(tg: FakeTelegramApi) -> None:
    async def echo(update: Update, _context: object) -> None:
        await update.message.reply_text(f"ได้รับ: {update.message.text}")

    async def tap(update: Update, _context: object) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)

    app = Application.builder().token(TOKEN).base_url(tg.base_url).build()
    app.add_handlers([MessageHandler(filters.TEXT, echo), CallbackQueryHandler(tap)])
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5)
        tg.queue_update(builders.telegram_text_update(1, "สวัสดี"))
        tg.queue_update(builders.telegram_callback_update(2, "menu:news"))
        await tg.wait_for("editMessageReplyMarkup")
        await app.updater.stop()
        await app.stop()
    assert tg.sent_texts(1001) == ["ได้รับ: สวัสดี"]
    assert tg.calls_to("getUpdates")[-1].params["offset"] == 3


async def test_webhook_lifecycle(tg: FakeTelegramApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://bot.example.com/telegram")
    assert await bot.set_webhook("https://bot.example.com/telegram", secret_token="s3cret", allowed_updates=["message"])
    assert tg.calls_to("setWebhook")[-1].params["allowed_updates"] == ["message"]
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.com/telegram" and info.allowed_updates == ("message",)
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    tg.queue_update(builders.telegram_text_update(1, "x"))
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_upload_and_get_file(tg: FakeTelegramApi, bot: Bot) -> None:
    message = await bot.send_document(1001, InputFile(b"a,b\n1,2\n", filename="รายงาน.csv"), caption="สรุป")
    upload = tg.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, UploadedFile) and upload.data == b"a,b\n1,2\n"
    assert message.document.file_name == "รายงาน.csv" and message.caption == "สรุป"
    file = await bot.get_file(message.document.file_id)
    assert file.file_size == 8 and file.file_path


async def test_wait_for_counts_answered_calls(tg: FakeTelegramApi, bot: Bot) -> None:
    task = asyncio.create_task(tg.wait_for("sendMessage", count=2, timeout=2))
    await bot.send_message(1001, "หนึ่ง")
    await bot.send_message(1001, "สอง")
    assert [c.params["text"] for c in await task] == ["หนึ่ง", "สอง"]
    with pytest.raises(TimeoutError):
        await tg.wait_for("sendPhoto", timeout=0.05)


async def test_telegram_builders_parse_with_ptb(bot: Bot) -> None:
    command = Update.de_json(builders.telegram_text_update(5, "/report@sandbox_test_bot มกราคม"), bot)
    assert command.message.text.startswith("/report") and command.message.entities[0].type == "bot_command"
    assert command.message.entities[0].length == len("/report@sandbox_test_bot")
    assert command.effective_user.first_name == "สมชาย" and command.effective_chat.type == "private"

    group = Update.de_json(builders.telegram_text_update(6, "ดี", chat_id=-3003, chat_type="group"), bot)
    assert group.effective_chat.type == "group" and group.message.entities == ()
    callback = Update.de_json(builders.telegram_callback_update(7, "vote:yes", chat_id=1001), bot)
    assert callback.callback_query.data == "vote:yes" and callback.callback_query.message.chat.id == 1001
    sticker = Update.de_json(builders.telegram_sticker_update(8), bot)
    assert sticker.message.sticker.emoji == "👍"
    photo = Update.de_json(builders.telegram_photo_update(9, caption="ภาพ", file_size=2_000_000), bot)
    assert photo.message.photo[-1].file_size == 2_000_000 and photo.message.caption == "ภาพ"
    assert len({p.file_unique_id for p in photo.message.photo}) == 3
    document = Update.de_json(builders.telegram_document_update(10, file_name="แผน.xlsx"), bot)
    assert document.message.document.file_name == "แผน.xlsx"
    with pytest.raises(ValueError, match="groups are negative"):
        builders.telegram_text_update(11, "x", chat_id=5, chat_type="group")


# --- LINE ---------------------------------------------------------------------------------------


async def test_reply_once_per_token(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    token = line.issue_reply_token()
    response = await messaging.reply_message(
        ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="สวัสดีค่ะ")])
    )
    assert response.sent_messages[0].id and response.sent_messages[0].quote_token
    assert line.reply_texts() == ["สวัสดีค่ะ"]
    assert line.calls[0].headers["authorization"] == "Bearer t"

    with pytest.raises(ApiException) as reused:
        await messaging.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="อีกครั้ง")]))
    assert reused.value.status == 400 and "Invalid reply token" in reused.value.body
    with pytest.raises(ApiException):
        await messaging.reply_message(
            ReplyMessageRequest(reply_token=builders.line_reply_token(), messages=[TextMessage(text="x")])
        )
    assert len(line.replies()) == 1


async def test_reply_texts_flatten_and_validation(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    flex = FlexMessage(alt_text="ตารางประชุม", contents=FlexBubble.from_dict({"type": "bubble"}))
    request = ReplyMessageRequest(
        reply_token=line.issue_reply_token(), messages=[TextMessage(text="ก"), flex, TextMessage(text="ข")]
    )
    await messaging.reply_message(request)
    assert line.reply_texts() == ["ก", "ตารางประชุม", "ข"]

    token = line.issue_reply_token()
    with pytest.raises(ApiException) as too_long:
        await messaging.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ก" * 5001)]))
    assert too_long.value.status == 400 and "messages[0].text" in too_long.value.body
    await messaging.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ok")]))


async def test_auth_is_checked() -> None:
    async with FakeLineApi(access_token="right") as api:
        async with AsyncApiClient(Configuration(access_token="wrong", host=api.root)) as client:
            with pytest.raises(ApiException) as caught:
                await AsyncMessagingApi(client).get_bot_info()
    assert caught.value.status == 401 and api.calls[0].status == 401


async def test_push_retry_key_delivers_once(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    request = PushMessageRequest(to=builders.LINE_USER_ID, messages=[TextMessage(text="แจ้งเตือนประชุม")])
    key = str(uuid.uuid4())
    first = await messaging.push_message_with_http_info(request, x_line_retry_key=key)
    with pytest.raises(ApiException) as repeated:
        await messaging.push_message(request, x_line_retry_key=key)
    assert repeated.value.status == 409
    assert repeated.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert first.data.sent_messages[0].id in repeated.value.body
    assert len(line.pushes()) == 1 and line.push_texts() == ["แจ้งเตือนประชุม"]
    assert line.calls[1].headers["x-line-retry-key"] == key
    with pytest.raises(ApiException) as bad_key:
        await messaging.push_message(request, x_line_retry_key="not-a-uuid")
    assert bad_key.value.status == 400


async def test_multicast_quota_and_failures(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    users = [f"U{n:032x}" for n in range(3)]
    await messaging.multicast(MulticastRequest(to=users, messages=[TextMessage(text="ข่าว")]))
    assert (await messaging.get_message_quota()).type == "none"
    assert (await messaging.get_message_quota_consumption()).total_usage == 3

    line.quota_limit = 4
    push = PushMessageRequest(to=users[0], messages=[TextMessage(text="ก"), TextMessage(text="ข")])
    with pytest.raises(ApiException) as over:
        await messaging.push_message(push)
    assert over.value.status == 429 and "monthly limit" in over.value.body
    assert (await messaging.get_message_quota()).value == 4

    line.quota_limit = None
    line.fail_next("/push", status=500, times=2)
    for _ in range(2):
        with pytest.raises(ApiException) as failed:
            await messaging.push_message(push)
        assert failed.value.status == 500
    await messaging.push_message(push)
    assert [c.status for c in line.calls_to("/push")] == [429, 500, 500, 200]
    assert line.push_texts() == ["ก", "ข"]


async def test_profiles_info_loading_and_content(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    profile = await messaging.get_profile(builders.LINE_USER_ID)
    assert profile.user_id == builders.LINE_USER_ID and profile.display_name == DEFAULT_DISPLAY_NAME

    teacher = f"U{'a' * 32}"
    line.profiles[teacher] = {"displayName": "ครูสมศรี"}
    assert (await messaging.get_profile(teacher)).display_name == "ครูสมศรี"
    member = await messaging.get_group_member_profile(builders.LINE_GROUP_ID, teacher)
    assert member.display_name == "ครูสมศรี" and member.user_id == teacher

    line.profiles[teacher] = None
    for user_id in (teacher, "not-a-user"):
        with pytest.raises(ApiException) as missing:
            await messaging.get_profile(user_id)
        assert missing.value.status == 404

    info = await messaging.get_bot_info()
    assert info.user_id == builders.LINE_BOT_USER_ID and info.chat_mode == "bot"
    request = ShowLoadingAnimationRequest(chat_id=builders.LINE_USER_ID, loading_seconds=10)
    assert await messaging.show_loading_animation(request) == {}
    with pytest.raises(ApiException):
        await messaging.show_loading_animation(ShowLoadingAnimationRequest(chat_id=builders.LINE_GROUP_ID))

    blob = AsyncMessagingApiBlob(messaging.api_client)
    content = await blob.get_message_content("444573844083572737")
    assert content.startswith(b"\xff\xd8") and len(line.calls_to("/content")) == 1


async def test_wait_for_line_calls(line: FakeLineApi, messaging: AsyncMessagingApi) -> None:
    task = asyncio.create_task(line.wait_for("/push", timeout=2))
    await messaging.push_message(PushMessageRequest(to=builders.LINE_USER_ID, messages=[TextMessage(text="x")]))
    (call,) = await task
    assert call.method == "POST" and call.body["to"] == builders.LINE_USER_ID
    with pytest.raises(TimeoutError):
        await line.wait_for("/reply", timeout=0.05)


def test_line_builders_parse_with_webhook_parser() -> None:
    events = [
        builders.line_text_event("สวัสดีครับ", reply_token="r" * 32),
        builders.line_postback_event("action=join&id=7", source_type="group"),
        builders.line_image_event(message_id="555"),
        builders.line_event("follow", replyToken=builders.line_reply_token(), follow={"isUnblocked": False}),
    ]
    body = builders.line_body(events)
    assert "สวัสดีครับ".encode() in body and b", " not in body

    payload = WebhookParser(SECRET).parse(body.decode(), builders.line_signature(SECRET, body), as_payload=True)
    assert payload.destination == builders.LINE_BOT_USER_ID
    text, postback, image, follow = payload.events
    assert isinstance(text, MessageEvent) and isinstance(text.message, TextMessageContent)
    assert text.message.text == "สวัสดีครับ" and text.reply_token == "r" * 32
    assert isinstance(text.source, UserSource) and text.source.user_id == builders.LINE_USER_ID
    assert len(text.webhook_event_id) == 26 and text.delivery_context.is_redelivery is False
    assert text.mode.value == "active" and text.timestamp > 1_600_000_000_000
    assert isinstance(postback, PostbackEvent) and postback.postback.data == "action=join&id=7"
    assert isinstance(postback.source, GroupSource) and postback.source.group_id == builders.LINE_GROUP_ID
    assert isinstance(image.message, ImageMessageContent) and image.message.id == "555"
    assert type(follow).__name__ == "FollowEvent"
    assert len({event.webhook_event_id for event in payload.events}) == 4

    with pytest.raises(InvalidSignatureError):
        WebhookParser(SECRET).parse(body.decode(), builders.line_signature("other-secret", body))
