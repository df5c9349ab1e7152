"""Committee check-ins: a member says where they stand on one of the six duties in the report round due next.

Two ways in, one way out. A guided flow kept in the store (which committee, only for members of more than one; which
duty; which status; an optional note) or one message ("เช็คอิน ข้อ 4 เสร็จแล้ว", "เช็คอินข้อ 2 กำลังทำ หมายเหตุ
รอประชุม") that fills the same slots and asks only for what is missing. Either way the row is upserted (a check-in can
be changed until its round's due date), audited, and confirmed with the round and its due date in Thai BE.
"""

from __future__ import annotations

import re
from typing import Any

from pythainlp.util import thai_digit_to_arabic_digit

from bot.authz import Actor, Membership, checkin_committees, load_actor, may_check_in
from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Kind, Reply
from bot.core.router import Router
from bot.thai.academic import RoundDue
from handlers.common import days_left, field, intent_choice, show_date
from handlers.intents import IntentDispatcher
from storage.repositories.checkins import STATUSES, member_checkins, save_checkin
from storage.repositories.deadlines import next_due

INTENT = "check_in"
FLOW = "checkin"
ACTION = "ci"  # ci:c:<committee id>, ci:d:<duty>, ci:s:<status>, ci:skip, ci:x
MAX_NOTE = 500
MARKS = {"done": "✅", "in_progress": "🔄", "not_started": "⚪", "blocked": "⛔"}

_DIGITS = "[0-9๐-๙]"
_CHECKIN_WORD = r"(?:เช็คอิน|เช็กอิน|เชคอิน|check\s*-?\s*in)"
_DUTY_WORD = r"(?:หน้าที่\s*)?(?:ข้อ\s*(?:ที่)?|duty|no\.?|#)?"
_ONE_MESSAGE = re.compile(
    rf"^\s*/?{_CHECKIN_WORD}\s*{_DUTY_WORD}\s*(?P<n>{_DIGITS}{{1,2}})(?!{_DIGITS})(?P<rest>.*)$", re.I | re.S
)
_CHECKIN_ONLY = re.compile(rf"^\s*/?{_CHECKIN_WORD}\s*$", re.I)
_DUTY_ANSWER = re.compile(rf"^\s*{_DUTY_WORD}\s*(?P<n>{_DIGITS}{{1,2}})\s*$", re.I)
_NOTE_MARK = re.compile(r"(?:หมายเหตุ|note)\s*[:：]?", re.I)
_PARTICLES = re.compile(r"^[\s,.:;\-–—]*(?:นะคะ|นะครับ|ค่ะ|คะ|ค่า|ครับ|คับ|จ้า|นะ)?[\s.!]*$", re.I)
_CANCEL = frozenset({"ยกเลิก", "เลิก", "ไม่เอาแล้ว", "cancel", "/cancel", "stop"})
_SKIP = frozenset({"ข้าม", "ไม่มี", "-", "skip", "none", "no"})

_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "done": ("เสร็จแล้ว", "เสร็จ", "เรียบร้อยแล้ว", "เรียบร้อย", "ทำแล้ว", "ดำเนินการแล้ว", "done", "finished", "complete"),
    "in_progress": (
        "กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "ระหว่างดำเนินการ", "กำลังทำ", "ดำเนินการอยู่", "in progress", "ongoing",
    ),
    "not_started": (
        "ยังไม่เริ่ม", "ยังไม่ได้เริ่ม", "ยังไม่ได้ทำ", "ยังไม่ทำ", "ยังไม่ได้ดำเนินการ", "ยังไม่ดำเนินการ", "not started",
        "not yet",
    ),
    "blocked": ("ติดปัญหา", "มีปัญหา", "ติดขัด", "มีอุปสรรค", "ติดอุปสรรค", "blocked", "stuck"),
}  # fmt: skip
_STATUS_PHRASES = [word for words in _STATUS_WORDS.values() for word in words]
_STATUS_OF = {word.replace(" ", ""): status for status, words in _STATUS_WORDS.items() for word in words}
_STATUS_PREFIX = re.compile(
    "^\\s*(?P<word>"
    + "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in sorted(_STATUS_PHRASES, key=len, reverse=True))
    + ")(?P<tail>.*)$",
    re.I | re.S,
)


# --- reading what people type --------------------------------------------------------------------------------------


def _number(digits: str) -> int:
    return int(thai_digit_to_arabic_digit(digits))


def _status_prefix(text: str) -> tuple[str | None, str]:
    """("กำลังทำ รอประชุม") -> ("in_progress", " รอประชุม"); (None, text) when it does not start with a status."""
    match = _STATUS_PREFIX.match(text)
    if match is None:
        return None, text
    return _STATUS_OF[re.sub(r"\s+", "", match["word"].lower())], match["tail"]


def _said_nothing(text: str) -> bool:
    return _PARTICLES.match(text) is not None


def _clean_note(text: str) -> str | None:
    note = text.strip(" \t\n,:;-–—")
    return None if _said_nothing(note) else note


def _split_note(text: str) -> tuple[str, bool, str]:
    """("กำลังทำ หมายเหตุ รอประชุม") -> ("กำลังทำ ", True, " รอประชุม")."""
    parts = _NOTE_MARK.split(text, maxsplit=1)
    return (parts[0], True, parts[1]) if len(parts) == 2 else (text, False, "")


def parse_one_message(text: str) -> dict[str, Any] | None:
    """The slots of a one-message check-in, or None when the text is not one.

    "note" is present when the message settled it (a note, or a status with nothing after it), so it is not asked."""
    match = _ONE_MESSAGE.match(text)
    if match is None:
        return None
    slots: dict[str, Any] = {"intent": INTENT, "duty": _number(match["n"])}
    head, mark, note = _split_note(match["rest"])
    status, tail = _status_prefix(head)
    if status is not None:
        slots["status"] = status
        slots["note"] = _clean_note(note if mark else tail)
    elif not _said_nothing(head):
        slots["unclear"] = True
    if mark and "note" not in slots:
        slots["note"] = _clean_note(note)
    return slots


def _read_duty(text: str) -> int | None:
    match = _DUTY_ANSWER.match(text)
    return _number(match["n"]) if match is not None else None


def _read_status(text: str) -> str | None:
    """A status word, or the number of a status as listed (1-4)."""
    stripped = thai_digit_to_arabic_digit(text.strip())
    if stripped.isdigit():
        number = int(stripped)
        return STATUSES[number - 1] if 1 <= number <= len(STATUSES) else None
    status, tail = _status_prefix(stripped)
    return status if status is not None and _said_nothing(tail) else None


def _short_names(names: list[str]) -> list[str]:
    """Committee names share a long head ("คณะกรรมการขับเคลื่อนฯ สพป."); buttons show the words that tell them apart."""
    if len(names) < 2:
        return names
    head = names[0]
    for name in names[1:]:
        while not name.startswith(head):
            head = head[:-1]
    cut = head.rfind(" ") + 1
    return [name[cut:] or name for name in names]


# --- the conversation ----------------------------------------------------------------------------------------------

STEPS = ("committee", "duty", "status", "note")


def _missing(data: dict[str, Any]) -> str | None:
    return next((step for step in STEPS if step not in data), None)


def round_line(ctx: Context, due: RoundDue) -> str:
    """ "รายงานครั้งที่ 2 ปีการศึกษา 2569 กำหนดส่ง 30 เมษายน 2570 (อีก 160 วัน)"."""
    return ctx.t(
        "checkin.round",
        round=due.round,
        year=due.academic_year,
        due=show_date(due.due, ctx.lang),
        left=days_left(due.due, ctx.today, ctx.lang),
    )


def status_label(ctx: Context, status: str) -> str:
    return f"{MARKS.get(status, '')} {ctx.t(f'checkin.status.{status}')}".strip()


def duty_line(ctx: Context, number: int, status: str | None) -> str:
    """ "ข้อ 4 ติดตาม ตรวจสอบ และรายงานผลการดำเนินงาน: ✅ เสร็จแล้ว" (or "ยังไม่ได้เช็คอิน")."""
    duty = ctx.reference.duty(number)
    assert duty is not None
    shown = status_label(ctx, status) if status else ctx.t("checkin.not_yet")
    return ctx.t("checkin.duty_line", number=number, title=field(duty, "title", ctx.lang), status=shown)


def _cancel_choice(ctx: Context) -> Choice:
    return Choice(ctx.t("checkin.choice.cancel"), f"{ACTION}:x")


def _refusal(ctx: Context, actor: Actor) -> list[Reply] | None:
    if not actor.registered:
        return [Reply(text=ctx.t("checkin.unregistered"))]
    if not checkin_committees(actor):
        return [Reply(text=ctx.t("checkin.not_member"))]
    return None


async def check_in(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """Start a check-in with whatever the message already said (duty, status, note), and ask for the rest."""
    data: dict[str, Any] = {}
    nudge = None
    duty = slots.get("duty")
    if isinstance(duty, int):
        if 1 <= duty <= len(ctx.reference.duties):
            data["duty"] = duty
        else:
            nudge = "checkin.invalid.duty"
    if slots.get("status") in STATUSES:
        data["status"] = slots["status"]
    elif slots.get("unclear"):
        nudge = nudge or "checkin.invalid.status"
    if "note" in slots:
        data["note"] = slots["note"]
    ctx.state.start(FLOW, **data)
    return await _advance(msg, ctx, nudge)


async def on_command(msg: Incoming, ctx: Context) -> list[Reply]:
    """/checkin, or /checkin 4 เสร็จแล้ว."""
    if not msg.addressed:
        return []
    slots = parse_one_message(f"เช็คอิน {msg.args}") or {"intent": INTENT}
    return await check_in(msg, ctx, slots)


async def on_flow(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """An answer to the question the flow asked; other commands and taps are routed as usual (the flow waits)."""
    if not msg.addressed:
        return []
    if msg.kind is Kind.COMMAND:
        if msg.command == "cancel":
            return _cancelled(ctx)
        if msg.command == "checkin":
            ctx.state.clear()
        return None
    if msg.kind is Kind.ACTION:
        return await _on_tap(msg, ctx) if (msg.action or "").startswith(f"{ACTION}:") else None
    if msg.kind is not Kind.TEXT:
        return await _advance(msg, ctx, "checkin.invalid.not_text")
    answer = msg.text.strip()
    if answer.lower() in _CANCEL:
        return _cancelled(ctx)
    if _CHECKIN_ONLY.match(answer) or parse_one_message(answer) is not None:
        ctx.state.clear()  # starting over: the dispatcher reads it as a new check-in
        return None
    return await _on_answer(msg, ctx, answer)


async def _on_answer(msg: Incoming, ctx: Context, answer: str) -> list[Reply]:
    data = ctx.state.data
    step = _missing(data)
    nudge = None
    if step == "committee":
        options: list[int] = data.get("options", [])
        digits = thai_digit_to_arabic_digit(answer)
        if digits.isdigit() and 1 <= int(digits) <= len(options):
            data["committee"] = options[int(digits) - 1]
        else:
            nudge = "checkin.invalid.committee"
    elif step == "duty":
        duty = _read_duty(answer)
        if duty is not None and 1 <= duty <= len(ctx.reference.duties):
            data["duty"] = duty
        else:
            nudge = "checkin.invalid.duty"
    elif step == "status":
        status = _read_status(answer)
        if status is not None:
            data["status"] = status
        else:
            nudge = "checkin.invalid.status"
    elif step == "note":
        if answer.lower() in _SKIP:
            data["note"] = None
        elif len(answer) > MAX_NOTE:
            nudge = "checkin.invalid.note_long"
        else:
            data["note"] = answer
    return await _advance(msg, ctx, nudge)


async def _on_tap(msg: Incoming, ctx: Context) -> list[Reply]:
    """A tapped choice sets its own field, whichever question is open (an older button still means what it says)."""
    _, what, value = [*(msg.action or "").split(":", 2), "", ""][:3]
    data = ctx.state.data
    if what == "x":
        return _cancelled(ctx)
    if what == "skip":
        data["note"] = None
    elif what == "c" and value.isdigit():
        data["committee"] = int(value)  # checked against the member's seats in _advance
    elif what == "d" and value.isdigit() and 1 <= int(value) <= len(ctx.reference.duties):
        data["duty"] = int(value)
    elif what == "s" and value in STATUSES:
        data["status"] = value
    return await _advance(msg, ctx)


def _cancelled(ctx: Context) -> list[Reply]:
    ctx.state.clear()
    return [Reply(text=ctx.t("checkin.cancelled"), choices=(intent_choice(ctx.t("checkin.choice.start"), INTENT),))]


async def _advance(msg: Incoming, ctx: Context, nudge: str | None = None) -> list[Reply]:
    """Ask for the first missing field, or save when nothing is missing. Permission is checked at every step."""
    actor = await load_actor(ctx.session, ctx.identity)
    refusal = _refusal(ctx, actor)
    if refusal is not None:
        ctx.state.clear()
        return refusal
    seats = checkin_committees(actor)
    data = ctx.state.data
    if "committee" in data and not may_check_in(actor, data["committee"]):
        del data["committee"]
    if "committee" not in data and len(seats) == 1:
        data["committee"] = seats[0].committee_id
    step = _missing(data)
    if step is None:
        return await _save(msg, ctx, actor, seats)
    lead = ctx.t(nudge, count=len(ctx.reference.duties), limit=MAX_NOTE) if nudge else ""
    if step == "committee":
        return _ask_committee(ctx, seats, lead)
    if step == "duty":
        return await _ask_duty(ctx, actor, lead)
    if step == "status":
        return await _ask_status(ctx, actor, lead)
    return _ask_note(ctx, lead)


def _joined(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _ask_committee(ctx: Context, seats: tuple[Membership, ...], lead: str) -> list[Reply]:
    ctx.state.data["options"] = [s.committee_id for s in seats]
    listing = [f"{i}. {s.committee_name}" for i, s in enumerate(seats, start=1)]
    labels = _short_names([s.committee_name for s in seats])
    choices = [Choice(label, f"{ACTION}:c:{s.committee_id}") for label, s in zip(labels, seats, strict=True)]
    body = _joined(lead, ctx.t("checkin.ask.committee"), *listing)
    return [Reply(text=body, choices=(*choices, _cancel_choice(ctx)))]


async def _mine(ctx: Context, actor: Actor) -> tuple[RoundDue, dict[int, str]]:
    """The round due next and this member's check-ins in it (duty -> status) for the chosen committee."""
    assert actor.person is not None
    due = await next_due(ctx.session, ctx.reference.report_rule, ctx.today)
    rows = await member_checkins(ctx.session, ctx.state.data["committee"], actor.person.id, due)
    return due, {duty: row.status for duty, row in rows.items()}


async def _ask_duty(ctx: Context, actor: Actor, lead: str) -> list[Reply]:
    due, mine = await _mine(ctx, actor)
    lines, choices = [], []
    for duty in ctx.reference.duties:
        status = mine.get(duty.number)
        lines.append(duty_line(ctx, duty.number, status))
        label = ctx.t("checkin.choice.duty", number=duty.number, short=ctx.t(f"checkin.duty_short.{duty.number}"))
        choices.append(Choice(f"{MARKS[status]}{label}" if status else label, f"{ACTION}:d:{duty.number}"))
    body = _joined(lead, ctx.t("checkin.ask.duty"), round_line(ctx, due), *lines)
    return [Reply(text=body, choices=(*choices, _cancel_choice(ctx)))]


async def _ask_status(ctx: Context, actor: Actor, lead: str) -> list[Reply]:
    _, mine = await _mine(ctx, actor)
    number = ctx.state.data["duty"]
    duty = ctx.reference.duty(number)
    assert duty is not None
    current = mine.get(number)
    now = ctx.t("checkin.ask.status_current", status=status_label(ctx, current)) if current else ""
    choices = [Choice(status_label(ctx, s), f"{ACTION}:s:{s}") for s in STATUSES]
    body = _joined(lead, ctx.t("checkin.ask.status", number=number, title=field(duty, "title", ctx.lang)), now)
    return [Reply(text=body, choices=(*choices, _cancel_choice(ctx)))]


def _ask_note(ctx: Context, lead: str) -> list[Reply]:
    skip = Choice(ctx.t("checkin.choice.skip"), f"{ACTION}:skip")
    return [Reply(text=_joined(lead, ctx.t("checkin.ask.note", limit=MAX_NOTE)), choices=(skip, _cancel_choice(ctx)))]


async def _save(msg: Incoming, ctx: Context, actor: Actor, seats: tuple[Membership, ...]) -> list[Reply]:
    assert actor.person is not None
    data = ctx.state.data
    committee_id, number, status, note = data["committee"], data["duty"], data["status"], data["note"]
    due = await next_due(ctx.session, ctx.reference.report_rule, ctx.today)
    previous = await save_checkin(
        ctx.session,
        committee_id=committee_id,
        person_id=actor.person.id,
        duty_number=number,
        due=due,
        status=status,
        note=note,
        platform=msg.platform.value,
        now=ctx.now,
    )
    ctx.audit(
        "checkin.saved",
        committee_id=committee_id,
        duty=number,
        academic_year=due.academic_year,
        round=due.round,
        status=status,
        previous=previous,
    )
    ctx.state.clear()
    seat = next(s for s in seats if s.committee_id == committee_id)
    body = _joined(
        ctx.t("checkin.updated", previous=status_label(ctx, previous)) if previous else ctx.t("checkin.saved"),
        ctx.t("checkin.line.committee", name=seat.committee_name) if len(seats) > 1 else "",
        duty_line(ctx, number, status),
        ctx.t("checkin.line.note", note=note) if note else "",
        round_line(ctx, due),
        ctx.t("checkin.editable"),
    )
    choices = (
        intent_choice(ctx.t("checkin.choice.another"), INTENT),
        intent_choice(ctx.t("checkin.choice.my_status"), "my_status"),
    )
    return [Reply(text=body, choices=choices)]


async def on_stale_tap(msg: Incoming, ctx: Context) -> list[Reply]:
    """A check-in button tapped after its check-in was saved or cancelled."""
    return [Reply(text=ctx.t("checkin.stale"), choices=(intent_choice(ctx.t("checkin.choice.start"), INTENT),))]


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """/checkin, the check-in flow and its buttons, the check_in intent, and the one-message phrase."""
    router.commands["checkin"] = on_command
    router.flows[FLOW] = on_flow
    router.actions[ACTION] = on_stale_tap
    dispatcher.add({INTENT: check_in})
    dispatcher.add_rule(parse_one_message)
