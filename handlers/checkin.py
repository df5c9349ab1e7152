"""Committee check-ins: a member says where they stand on one of the six duties in the report round due next.

Two ways in, one way out. A guided flow kept in the store (which committee, only for members of more than one; which
duty; which status; an optional note) or one message ("เช็คอิน ข้อ 4 เสร็จแล้ว", "เช็คอินข้อ 2 กำลังทำ หมายเหตุ
รอประชุม") that fills the same slots and asks only for what is missing. Either way the row is upserted (a check-in can
be changed until its round's due date), audited, and confirmed with the round and its due date in Thai BE.
"""

from __future__ import annotations

import re
from typing import Any

from bot.authz import Actor, Membership, checkin_committees, load_actor, may_check_in
from bot.checkin.parse import STATUSES, clean_note, is_checkin_word, parse_one_message, read_duty, read_status
from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Kind, Reply
from bot.core.router import Router
from bot.thai import answers
from bot.thai.academic import RoundDue
from handlers.common import days_left, field, intent_choice, show_date
from handlers.flow import Answer, Flow, Runner, Step
from handlers.intents import IntentDispatcher
from storage.repositories.checkins import member_checkins, save_checkin
from storage.repositories.deadlines import next_due

INTENT = "check_in"
FLOW = "checkin"
ACTION = "ci"  # ci:c:<committee id>, ci:d:<duty>, ci:s:<status>, ci:skip, ci:x
MAX_NOTE = 500
MARKS = {"done": "✅", "in_progress": "🔄", "not_started": "⚪", "blocked": "⛔"}


_FOR_OTHERS = re.compile(r"เตือน|ให้ทุกคน|ทุกคนให้|ทุกท่าน|ให้(?:กรรมการ|คนอื่น)|remind|everyone|everybody", re.I)


def _for_others(ctx: Context) -> list[Reply]:
    choices = (
        intent_choice(ctx.t("checkin.choice.committee_status"), "status_committee"),
        intent_choice(ctx.t("checkin.choice.start"), INTENT),
    )
    return [Reply(text=ctx.t("checkin.for_others"), choices=choices)]


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
    if msg.kind is Kind.TEXT and "duty" not in slots and _FOR_OTHERS.search(msg.text):
        return _for_others(ctx)  # "เตือนทุกคนให้เช็คอินหน่อย" is not the asker's own check-in
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


async def start_checkin(msg: Incoming, ctx: Context, duty: int | None = None) -> list[Reply]:
    """Start a check-in for the sender (e.g. from a reminder's button), at the duty given or at the duty picker."""
    return await check_in(msg, ctx, {"intent": INTENT, **({"duty": duty} if duty is not None else {})})


async def on_command(msg: Incoming, ctx: Context) -> list[Reply]:
    """/checkin, or /checkin 4 เสร็จแล้ว."""
    if not msg.addressed:
        return []
    slots = parse_one_message(f"เช็คอิน {msg.args}") or {"intent": INTENT}
    return await check_in(msg, ctx, slots)


# --- the steps: each reader takes its answer (typed or tapped) or returns None --------------------------------------


def _stem(msg: Incoming) -> tuple[str, str]:
    """("ci:d:4") -> ("d", "4"); ("", "") when the message is not a tap on a check-in button."""
    if msg.kind is not Kind.ACTION or not (msg.action or "").startswith(f"{ACTION}:"):
        return "", ""
    _, what, value = [*(msg.action or "").split(":", 2), "", ""][:3]
    return what, value


async def _read_committee(msg: Incoming, ctx: Context) -> list[Reply] | None:
    what, value = _stem(msg)
    options: list[int] = ctx.state.data.get("options", [])
    if what == "c" and value.isdigit():
        ctx.state.data["committee"] = int(value)  # checked against the member's seats in _advance
    elif (number := answers.number(msg.text)) is not None and 1 <= number <= len(options):
        ctx.state.data["committee"] = options[number - 1]
    else:
        return None
    return await _advance(msg, ctx)


async def _read_duty(msg: Incoming, ctx: Context) -> list[Reply] | None:
    what, value = _stem(msg)
    duty = (int(value) if value.isdigit() else None) if what == "d" else read_duty(msg.text)
    if duty is None:
        return None
    if not 1 <= duty <= len(ctx.reference.duties):  # a duty number, but there are six: say so, short
        mine = (await _mine(ctx, await load_actor(ctx.store, ctx.identity)))[1]
        lead = ctx.t("checkin.invalid.duty", count=len(ctx.reference.duties))
        return [Reply(text=_joined(lead, ctx.t("checkin.ask.duty")), choices=_duty_choices(ctx, mine))]
    ctx.state.data["duty"] = duty
    return await _advance(msg, ctx)


async def _read_status(msg: Incoming, ctx: Context) -> list[Reply] | None:
    what, value = _stem(msg)
    status = value if what == "s" else read_status(msg.text)
    if status not in STATUSES:
        return None
    ctx.state.data["status"] = status
    return await _advance(msg, ctx)


async def _read_note(msg: Incoming, ctx: Context) -> list[Reply] | None:
    what, _ = _stem(msg)
    if what == "skip" or answers.bare(msg.text) in answers.SKIP_WORDS | answers.NONE_WORDS:
        ctx.state.data["note"] = None
        return await _advance(msg, ctx)
    note = clean_note(msg.text)
    if note is None:
        return None
    if len(note) > MAX_NOTE:
        return await _advance(msg, ctx, "checkin.invalid.note_long")
    ctx.state.data["note"] = note
    return await _advance(msg, ctx)


async def _restart(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """ "เช็คอิน" or a one-message check-in typed (or /checkin) while one is open: start over with it."""
    if msg.kind is Kind.COMMAND:
        ctx.state.clear()
        return await on_command(msg, ctx)
    slots = parse_one_message(msg.text) if msg.kind is Kind.TEXT else None
    if slots is None and not (msg.kind is Kind.TEXT and is_checkin_word(msg.text)):
        return None
    ctx.state.clear()
    return await check_in(msg, ctx, slots or {"intent": INTENT})


def _current(ctx: Context) -> str | None:
    return _missing(ctx.state.data)


async def _params(ctx: Context) -> dict[str, object]:
    number = ctx.state.data.get("duty")
    duty = ctx.reference.duty(number) if isinstance(number, int) else None
    title = field(duty, "title", ctx.lang) if duty is not None else ""
    return {"count": len(ctx.reference.duties), "limit": MAX_NOTE, "number": number or "", "title": title}


async def _choices(ctx: Context) -> tuple[Choice, ...]:
    step = _current(ctx)
    actor = await load_actor(ctx.store, ctx.identity)
    if step == "committee":
        return _committee_choices(ctx, checkin_committees(actor))
    if step == "duty":
        return _duty_choices(ctx, (await _mine(ctx, actor))[1])
    if step == "status":
        return _status_choices(ctx)
    return _note_choices(ctx)


async def _cancel(ctx: Context) -> list[Reply]:
    return _cancelled(ctx)


async def _back(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """ "ย้อนกลับ": forget the last answer given and ask for it again (the committee only if there is a choice)."""
    data = ctx.state.data
    answered = [step for step in STEPS if step in data]
    if len(data.get("options", [])) < 2 and "committee" in answered:
        answered.remove("committee")
    if not answered:
        return None
    del data[answered[-1]]
    return await _advance(msg, ctx)


def _title(ctx: Context) -> str:
    return ctx.t("checkin.flow_title")


def checkin_flow() -> Flow:
    """The check-in conversation, declared for the runner."""
    return Flow(
        name=FLOW,
        prefix=ACTION,
        steps={
            "committee": Step(
                "committee",
                Answer.CHOICE,
                "checkin.ask.committee",
                _read_committee,
                ("c",),
                "checkin.invalid.committee",
            ),
            "duty": Step("duty", Answer.CHOICE, "checkin.ask.duty", _read_duty, ("d",), "checkin.invalid.duty"),
            "status": Step(
                "status", Answer.CHOICE, "checkin.ask.status", _read_status, ("s",), "checkin.invalid.status"
            ),
            "note": Step(
                "note",
                Answer.TEXT,
                "checkin.ask.note",
                _read_note,
                ("skip",),
                words=answers.SKIP_WORDS | answers.NONE_WORDS,
            ),
        },
        current=_current,
        choices=_choices,
        cancel=_cancel,
        title=_title,
        params=_params,
        restart=_restart,
        back=_back,
        commands=frozenset({"checkin"}),
    )


def _cancelled(ctx: Context) -> list[Reply]:
    ctx.state.clear()
    return [Reply(text=ctx.t("checkin.cancelled"), choices=(intent_choice(ctx.t("checkin.choice.start"), INTENT),))]


async def _advance(msg: Incoming, ctx: Context, nudge: str | None = None) -> list[Reply]:
    """Ask for the first missing field, or save when nothing is missing. Permission is checked at every step."""
    actor = await load_actor(ctx.store, ctx.identity)
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


def _committee_choices(ctx: Context, seats: tuple[Membership, ...]) -> tuple[Choice, ...]:
    labels = _short_names([s.committee_name for s in seats])
    choices = [Choice(label, f"{ACTION}:c:{s.committee_id}") for label, s in zip(labels, seats, strict=True)]
    return (*choices, _cancel_choice(ctx))


def _ask_committee(ctx: Context, seats: tuple[Membership, ...], lead: str) -> list[Reply]:
    ctx.state.data["options"] = [s.committee_id for s in seats]
    listing = [f"{i}. {s.committee_name}" for i, s in enumerate(seats, start=1)]
    body = _joined(lead, ctx.t("checkin.ask.committee"), *listing)
    return [Reply(text=body, choices=_committee_choices(ctx, seats))]


async def _mine(ctx: Context, actor: Actor) -> tuple[RoundDue, dict[int, str]]:
    """The round due next and this member's check-ins in it (duty -> status) for the chosen committee."""
    due = await next_due(ctx.session, ctx.reference.report_rule, ctx.today)
    committee = ctx.state.data.get("committee")
    if actor.person is None or not isinstance(committee, int):
        return due, {}
    rows = await member_checkins(ctx.session, committee, actor.person.id, due)
    return due, {duty: row.status for duty, row in rows.items()}


def _duty_choices(ctx: Context, mine: dict[int, str]) -> tuple[Choice, ...]:
    choices = []
    for duty in ctx.reference.duties:
        status = mine.get(duty.number)
        label = ctx.t("checkin.choice.duty", number=duty.number, short=ctx.t(f"checkin.duty_short.{duty.number}"))
        choices.append(Choice(f"{MARKS[status]}{label}" if status else label, f"{ACTION}:d:{duty.number}"))
    return (*choices, _cancel_choice(ctx))


async def _ask_duty(ctx: Context, actor: Actor, lead: str) -> list[Reply]:
    due, mine = await _mine(ctx, actor)
    lines = [duty_line(ctx, duty.number, mine.get(duty.number)) for duty in ctx.reference.duties]
    body = _joined(lead, ctx.t("checkin.ask.duty"), round_line(ctx, due), *lines)
    return [Reply(text=body, choices=_duty_choices(ctx, mine))]


def _status_choices(ctx: Context) -> tuple[Choice, ...]:
    return (*(Choice(status_label(ctx, s), f"{ACTION}:s:{s}") for s in STATUSES), _cancel_choice(ctx))


async def _ask_status(ctx: Context, actor: Actor, lead: str) -> list[Reply]:
    _, mine = await _mine(ctx, actor)
    number = ctx.state.data["duty"]
    duty = ctx.reference.duty(number)
    assert duty is not None
    current = mine.get(number)
    now = ctx.t("checkin.ask.status_current", status=status_label(ctx, current)) if current else ""
    body = _joined(lead, ctx.t("checkin.ask.status", number=number, title=field(duty, "title", ctx.lang)), now)
    return [Reply(text=body, choices=_status_choices(ctx))]


def _note_choices(ctx: Context) -> tuple[Choice, ...]:
    return Choice(ctx.t("checkin.choice.skip"), f"{ACTION}:skip"), _cancel_choice(ctx)


def _ask_note(ctx: Context, lead: str) -> list[Reply]:
    return [Reply(text=_joined(lead, ctx.t("checkin.ask.note", limit=MAX_NOTE)), choices=_note_choices(ctx))]


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
    router.flows[FLOW] = Runner(checkin_flow(), dispatcher)
    router.actions[ACTION] = on_stale_tap
    dispatcher.add({INTENT: check_in})
    dispatcher.add_rule(parse_one_message)
