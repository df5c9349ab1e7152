"""Questions about the asker's own committee, answered from the directory: who chairs it, who sits on it, who has not
registered yet; and duty or mechanism numbers that do not exist ("หน้าที่ข้อ 7": there are six).

Only people with a seat see their committee's names; in a group chat the answer carries names only (no roles, no
phone numbers); phone numbers only for the committee's admins in a private chat (`bot.authz`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.authz import Actor, Membership, load_actor, may_see_member_contacts, viewable_committees
from bot.core.context import Context
from bot.core.messages import ChatType, Incoming, Kind, Reply
from bot.core.router import Router
from bot.thai.answers import normalize
from handlers.common import intent_choice
from handlers.intents import IntentDispatcher
from storage.reference.data import reference
from storage.repositories.roster import Seat, roster

CHAIR, MEMBERS, UNREGISTERED = "committee_chair", "committee_members", "committee_unregistered"

_WHO = r"(?:ใคร|ชื่ออะไร|ชื่อ|คือ|who|name)"
_OURS = r"(?:ของ\s*(?:เรา|ฉัน|ผม|ดิฉัน|หนู)|ใน\s*คณะ|คณะ\s*(?:เรา|ฉัน|ผม)|our|my)"
_CHAIR = re.compile(rf"ประธาน.*{_WHO}|{_WHO}.*ประธาน|who\s+(?:is\s+)?(?:the\s+)?chair|who\s+chairs", re.I)
_MEMBERS = re.compile(
    r"(?:กรรมการ|คณะ|committee).*(?:มีใคร|ใครบ้าง|รายชื่อ|who)|รายชื่อ\s*(?:คณะ)?กรรมการ|committee\s+members", re.I
)
_NOT_REGISTERED = re.compile(
    r"ยังไม่(?:ได้)?(?:ลงทะเบียน|สมัคร)|ไม่ได้ลงทะเบียน|(?:has|have)n'?t\s+(?:yet\s+)?registered|not\s+(?:yet\s+)?registered",
    re.I,
)
_ASKING_WHO = re.compile(r"ใคร|บ้าง|กี่คน|รายชื่อ|who|which|how\s+many", re.I)
_NOT_DIRECTORY = re.compile(r"หน้าที่|ทำอะไร|บทบาท|เช็คอิน|เช็กอิน|check\s*-?\s*in|ส่ง|อัปเดต|อัพเดท|ดูแล|จังหวัด", re.I)
_COUNTED = r"(?!\d|\s*(?:ข้อ|อย่าง|ประการ|ด้าน))"
_DUTY_NUMBER = re.compile(rf"(?:หน้าที่|ภารกิจ|duty)\s*(?:ข้อ)?\s*(?:ที่)?\s*(?P<n>\d{{1,3}}){_COUNTED}", re.I)
_MECHANISM_NUMBER = re.compile(rf"(?:กลไก|mechanism)\s*(?:ข้อ|ตัว)?\s*(?:ที่)?\s*(?P<n>\d{{1,3}}){_COUNTED}", re.I)


def directory_rule(text: str) -> dict[str, Any] | None:
    """Who chairs / who sits on / who has not registered in our committee; numbers past the last duty or mechanism."""
    clean = normalize(text).lower()
    if (number := _out_of_range(_MECHANISM_NUMBER, clean, len(reference().mechanisms))) is not None:
        return {"intent": "mechanism_one", "number": number}
    if (number := _out_of_range(_DUTY_NUMBER, clean, len(reference().duties))) is not None:
        return {"intent": "duty_one", "number": number}
    if _NOT_REGISTERED.search(clean) and _ASKING_WHO.search(clean):
        return {"intent": UNREGISTERED}
    if _NOT_DIRECTORY.search(clean) or "กี่" in clean or "how many" in clean:
        return None  # duties, check-ins, counts (the knowledge answers) are other questions
    if _CHAIR.search(clean) and re.search(_OURS, clean):  # "ประธานการประชุม…", "ประธาน สศศ." are document facts
        return {"intent": CHAIR}
    if _MEMBERS.search(clean) and re.search(_OURS, clean):
        return {"intent": MEMBERS}
    return None


def _out_of_range(pattern: re.Pattern[str], text: str, count: int) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    number = int(match["n"])
    return number if not 1 <= number <= count else None


async def _committees(msg: Incoming, ctx: Context) -> tuple[Actor, list[Reply]]:
    actor = await load_actor(ctx.store, ctx.identity)
    if not actor.registered:
        return actor, [Reply(text=ctx.t("committee.unregistered"))]
    if not viewable_committees(actor):
        return actor, [Reply(text=ctx.t("committee.no_seat"))]
    return actor, []


def _role(ctx: Context, seat: Seat) -> str:
    return ctx.t(f"registration.role.{seat.role}")


def _line(ctx: Context, msg: Incoming, actor: Actor, committee_id: int, seat: Seat) -> str:
    """ "• name — role (phone)"; a group gets the name only; a vacated seat its role and no name."""
    if seat.vacated:
        return f"• {ctx.t('committee.vacant')} — {_role(ctx, seat)}"
    if msg.chat_type is ChatType.GROUP:
        return f"• {seat.full_name}"
    line = f"• {seat.full_name} — {_role(ctx, seat)}"
    if seat.phone and may_see_member_contacts(actor, committee_id, msg.chat_type):
        line += f" ({seat.phone})"
    return line


def _choices(ctx: Context, asked: str) -> tuple[Any, ...]:
    offered = ((CHAIR, "committee.choice.chair"), (MEMBERS, "committee.choice.members"))
    offered += ((UNREGISTERED, "committee.choice.unregistered"),)
    return tuple(intent_choice(ctx.t(label), intent) for intent, label in offered if intent != asked)


Part = Callable[[Actor, Membership, list[Seat]], str]  # (asker, the asker's seat on a committee, that roster) -> text


async def _answer(msg: Incoming, ctx: Context, asked: str, part: Part, between: str = "\n\n") -> list[Reply]:
    """One part per committee the asker may see, or why there is none."""
    actor, refusal = await _committees(msg, ctx)
    if refusal:
        return refusal
    seats = viewable_committees(actor)
    parts = [part(actor, seat, await roster(ctx.session, seat.committee_id)) for seat in seats]
    return [Reply(text=between.join(parts), choices=_choices(ctx, asked))]


async def chair(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    def part(actor: Actor, seat: Membership, people: list[Seat]) -> str:
        chairs = [p.full_name for p in people if p.role == "chair" and not p.vacated]
        vice = [p.full_name for p in people if p.role == "vice_chair" and not p.vacated]
        name = ", ".join(chairs) or ctx.t("committee.nobody")
        line = ctx.t("committee.chair", committee=seat.committee_name, name=name)
        return "\n".join([line, ctx.t("committee.vice_chair", names=", ".join(vice))] if vice else [line])

    return await _answer(msg, ctx, CHAIR, part, between="\n")


async def members(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    def part(actor: Actor, seat: Membership, people: list[Seat]) -> str:
        head = ctx.t("committee.members", committee=seat.committee_name, count=len(people))
        return "\n".join([head, *(_line(ctx, msg, actor, seat.committee_id, p) for p in people)])

    return await _answer(msg, ctx, MEMBERS, part)


async def unregistered(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    def part(actor: Actor, seat: Membership, people: list[Seat]) -> str:
        missing = [p for p in people if not p.registered]
        if not missing:
            return ctx.t("committee.all_registered", committee=seat.committee_name, count=len(people))
        head = ctx.t("committee.not_registered", committee=seat.committee_name, missing=len(missing), total=len(people))
        return "\n".join([head, *(_line(ctx, msg, actor, seat.committee_id, p) for p in missing)])

    return await _answer(msg, ctx, UNREGISTERED, part)


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """The directory questions' phrase rule and answers."""

    async def chair_or_composition(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
        """Someone without a seat asking who chairs: what the order says about the seat, not a refusal."""
        if viewable_committees(await load_actor(ctx.store, ctx.identity)) or msg.kind is not Kind.TEXT:
            return await chair(msg, ctx, slots)
        match = ctx.services.recognizer.recognize(msg.text)
        return await dispatcher.run(match.intent, msg, ctx, {**match.slots, "intent": match.intent})

    dispatcher.add({CHAIR: chair_or_composition, MEMBERS: members, UNREGISTERED: unregistered})
    dispatcher.add_rule(directory_rule)
