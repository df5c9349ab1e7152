"""Builds the router: which handler answers which command, action, kind of event and intent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Reply
from bot.core.router import Router
from handlers import admin, checkin, cockpit, committee, privacy, progress, registration, reminders, start, status
from handlers.common import AWAIT_SLOT, INTENT_ACTION
from handlers.intents import IntentDispatcher

# (command, Thai description for the Telegram menu, the intent it runs unless a feature registers its own handler)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "เริ่มต้นใช้งาน", "greeting"),
    ("help", "เมนูและวิธีใช้", "help"),
    ("duties", "หน้าที่ของคณะกรรมการ 6 ข้อ", "duties_all"),
    ("deadline", "กำหนดส่งรายงานครั้งถัดไป", "deadline_next"),
    ("groups", "กลุ่มที่ดูแลจังหวัด", "group_info"),
    ("committee", "องค์ประกอบคณะกรรมการ", "composition_counts"),
    ("mechanisms", "กลไก 11 ข้อ", "mechanisms_all"),
    ("register", "ลงทะเบียนด้วยรหัสเชิญ", "register"),
    ("whoami", "ฉันคือใคร", "whoami"),
    ("update", "ส่งความคืบหน้าของโรงเรียน", "progress_update"),
    ("checkin", "เช็คอินหน้าที่ของกรรมการ", "check_in"),
    ("status", "สถานะของฉัน", "my_status"),
    ("lang", "เปลี่ยนภาษา th / en", "language"),
    ("mydata", "ข้อมูลของฉันที่บอทเก็บไว้ (PDPA)", "my_data"),
    ("forgetme", "ถอนความยินยอมและลบข้อมูลของฉัน", "erase_me"),
    ("cockpit", "ลิงก์เข้าห้องบัญชาการ (แดชบอร์ด)", "cockpit_link"),
    ("report", "รายงานผลการดำเนินงานประจำภาคเรียน", "semester_report"),
)

# The menu Telegram shows group administrators (scope all_chat_administrators; it replaces the default menu there).
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("status", "สถานะกลุ่ม: เช็คอินและโรงเรียนรอบนี้"),
    ("remind", "เตือนผู้ที่ยังไม่ส่งทางแชทส่วนตัว"),
    ("deadline", "กำหนดส่ง: add / list / move / remove"),
    ("members", "รายชื่อกรรมการและการลงทะเบียน"),
    ("invite", "ออกรหัสเชิญ (ส่งให้ทางแชทส่วนตัว)"),
    ("export", "ไฟล์ Excel เช็คอินและความคืบหน้า"),
    ("chart", "กราฟความคืบหน้ารอบนี้"),
    ("bind", "ผูกกลุ่มกับคณะกรรมการ"),
    ("unbind", "ยกเลิกการผูกกลุ่ม"),
    ("help", "เมนูและวิธีใช้ (/help admin)"),
)


def _command(dispatcher: IntentDispatcher, intent: str) -> Callable[[Incoming, Context], Awaitable[list[Reply]]]:
    async def run(msg: Incoming, ctx: Context) -> list[Reply]:
        if not msg.addressed:
            return []
        slots: dict[str, object] = {"intent": intent}
        if intent == "language" and msg.args:
            slots["lang"] = msg.args.split()[0].lower()
        return await dispatcher.run(intent, msg, ctx, slots)

    return run


def build_router(dispatcher: IntentDispatcher | None = None) -> Router:
    dispatcher = dispatcher or IntentDispatcher()
    router = Router(
        commands={name: _command(dispatcher, intent) for name, _, intent in COMMANDS},
        global_commands={"help", "lang"},
        flows={AWAIT_SLOT: dispatcher.on_awaited_slot},
        actions={INTENT_ACTION: dispatcher.on_action},
        kinds={
            Kind.JOINED: start.on_joined,
            Kind.MEDIA: start.on_media,
            Kind.STICKER: start.on_sticker,
            Kind.LEFT: start.on_silent,
            Kind.MEMBERS: start.on_silent,
            Kind.OTHER: start.on_silent,
        },
        text=dispatcher.on_text,
        unknown_command=start.on_unknown_command,
    )
    for feature in FEATURES:
        feature.register(router, dispatcher)
    return router


# Each feature module adds its commands, flows, actions, intent handlers and phrase rules to the router.
# admin last: it wraps /status, /help, /deadline.
FEATURES = (registration, progress, checkin, status, reminders, committee, privacy, cockpit, admin)
