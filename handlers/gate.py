"""The one place that decides whether a message typed while a flow is open answers its step or is a new request.

Used by `handlers.flow` before any step reads the text. The recognizer scores typed questions near 1.0 and real
answers (a project name, what was done) near 0; exact phrase rules ("อัปเดตล่าสุด", "เช็คอินข้อ 2 เสร็จแล้ว") are
commands. Help, menu, language and "my status" always win.
"""

from __future__ import annotations

import re
from enum import Enum

from bot.core.context import Context
from bot.thai import answers
from handlers.intents import IntentDispatcher

#: Intents that always win over any step: the person wants out, or to know where they stand.
ALWAYS = frozenset({"help", "language", "my_status"})
#: Intents that are requests whenever the recognizer is sure of them (a greeting is never a project name).
SURE = 0.8
SHORT_COMMAND = 15  # characters: a known command this short is never an answer to a free-text question
COURTESY = frozenset({"greeting", "thanks"})
_QUESTION = re.compile(
    r"\?|ไหม|มั้ย|หรือไม่|หรือเปล่า|หรือยัง|อะไร|ใคร|ที่ไหน|เมื่อไ[หร]|ยังไง|อย่างไร|เท่าไ[หร]|กี่|ไหน|ทำไม|บ้าง\s*$"
    r"|^(?:ขอ(?:ดู|ทราบ)|ดู|ช่วย(?:บอก|ดู)|อยาก(?:รู้|ทราบ|ได้)|บอก|แสดง|เปิด|who|what|when|where|why|how|which|is|are|can"
    r"|do|does|show|tell)",
    re.I,
)


class Verdict(Enum):
    ANSWER = "answer"
    REQUEST = "request"
    DOUBT = "doubt"  # ask with one tap
    ACK = "ack"  # an acknowledgement: a friendly word, then the step again


def looks_like_question(text: str) -> bool:
    return _QUESTION.search(answers.normalize(text)) is not None


_SWITCH = re.compile(r"เปลี่ยน|ภาษา\s*(?:อังกฤษ|ไทย)\s*$|^(?:english|thai|eng|ไทย|อังกฤษ)$|switch|change", re.I)


def _known(text: str, ctx: Context) -> tuple[str, float]:
    """The recognizer's intent and score; "ภาษาไทย" inside a project name is not a request to switch language."""
    match = ctx.services.recognizer.recognize(text)  # the public result: intent, score, slots
    if match.intent == "language" and (len(answers.bare(text)) > 20 or not _SWITCH.search(answers.bare(text))):
        return "unknown", 0.0
    return match.intent, match.score


def _floor(ctx: Context) -> float:
    """The recognizer's own threshold: below it, it says unknown itself."""
    return float(getattr(ctx.services.recognizer, "threshold", 0.5))


def _rule(text: str, dispatcher: IntentDispatcher) -> str | None:
    slots = dispatcher.by_rule(text)
    return None if slots is None else str(slots.get("intent"))


def always(text: str) -> bool:
    """Help, menu and the like, typed as they are: these work on every step."""
    return answers.is_help(text)


def closed(text: str, ctx: Context, dispatcher: IntentDispatcher) -> Verdict:
    """Text that is no answer to a closed step (choices, numbers, statuses, cards, menus): a known request if the
    bot knows it, an acknowledgement, or else (None from the gate's point of view) a wrong answer to re-ask."""
    if answers.is_acknowledgement(text):
        return Verdict.ACK
    if always(text) or _rule(text, dispatcher) is not None:
        return Verdict.REQUEST
    intent, score = _known(text, ctx)
    if intent != "unknown" and score >= _floor(ctx):
        return Verdict.REQUEST
    return Verdict.ANSWER  # not an answer either: the runner asks the step again


def free_text(text: str, ctx: Context, dispatcher: IntentDispatcher, own: frozenset[str] = frozenset()) -> Verdict:
    """Text typed on a free-text step: a clear question or command is a request; a doubtful one is asked about.
    `own` are the flow's own phrases, which an answer may begin with ("อัปเดต หลักสูตรใหม่…" is what was done)."""
    if answers.said_nothing(text) or answers.is_acknowledgement(text):
        return Verdict.ACK
    rule = _rule(text, dispatcher)
    if always(text) or (rule is not None and rule not in own):
        return Verdict.REQUEST
    intent, score = _known(text, ctx)
    known = intent != "unknown"
    if known and intent in ALWAYS | COURTESY and score >= _floor(ctx):
        return Verdict.REQUEST
    if known and score >= SURE and len(answers.bare(text)) <= SHORT_COMMAND:
        return Verdict.REQUEST  # "เช็คอิน", "กลไก 11 ข้อ": a command the bot knows, not a report
    if not looks_like_question(text):
        return Verdict.ANSWER  # a statement: what was done, the obstacle, a name
    return Verdict.REQUEST if known and score >= SURE else Verdict.DOUBT
