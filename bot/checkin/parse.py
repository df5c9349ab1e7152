"""Read what a member types to check in: "เช็คอิน ข้อ 4 เสร็จแล้ว", "ข้อ 2", "กำลังทำ", a note.

Pure functions over strings, beside bot/progress/parse.py; the answer words and particles come from bot.thai.answers.
"""

from __future__ import annotations

import re
from typing import Any

from pythainlp.util import thai_digit_to_arabic_digit

from bot.thai.answers import normalize, said_nothing, strip_polite
from storage.repositories.checkins import STATUSES

INTENT = "check_in"

_DIGITS = "[0-9๐-๙]"
_CHECKIN_WORD = r"(?:เช็คอิน|เช็กอิน|เชคอิน|check\s*-?\s*in)"
_DUTY_WORD = r"(?:หน้าที่\s*)?(?:ข้อ\s*(?:ที่)?|duty|no\.?|#)?"
_ONE_MESSAGE = re.compile(
    rf"^\s*/?{_CHECKIN_WORD}\s*{_DUTY_WORD}\s*(?P<n>{_DIGITS}{{1,2}})(?!{_DIGITS})(?P<rest>.*)$", re.I | re.S
)
_CHECKIN_ONLY = re.compile(rf"^\s*/?{_CHECKIN_WORD}\s*$", re.I)
_DUTY_ANSWER = re.compile(rf"^\s*{_DUTY_WORD}\s*(?P<n>{_DIGITS}{{1,2}})\s*$", re.I)
_NOTE_MARK = re.compile(r"(?:หมายเหตุ|note)\s*[:：]?", re.I)

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


def _number(digits: str) -> int:
    return int(thai_digit_to_arabic_digit(digits))


def status_prefix(text: str) -> tuple[str | None, str]:
    """("กำลังทำ รอประชุม") -> ("in_progress", " รอประชุม"); (None, text) when it does not start with a status."""
    match = _STATUS_PREFIX.match(text)
    if match is None:
        return None, text
    return _STATUS_OF[re.sub(r"\s+", "", match["word"].lower())], match["tail"]


def clean_note(text: str) -> str | None:
    """A note as kept: particles and edge punctuation off; None when nothing is left ("ครับผม")."""
    note = strip_polite(normalize(text)).strip(" \t\n,:;-–—")
    return note or None


def _split_note(text: str) -> tuple[str, bool, str]:
    """("กำลังทำ หมายเหตุ รอประชุม") -> ("กำลังทำ ", True, " รอประชุม")."""
    parts = _NOTE_MARK.split(text, maxsplit=1)
    return (parts[0], True, parts[1]) if len(parts) == 2 else (text, False, "")


def is_checkin_word(text: str) -> bool:
    """ "เช็คอิน" alone (or "/checkin")."""
    return _CHECKIN_ONLY.match(strip_polite(text.strip())) is not None


def parse_one_message(text: str) -> dict[str, Any] | None:
    """The slots of a one-message check-in, or None when the text is not one.

    "note" is present when the message settled it (a note, or a status with nothing after it), so it is not asked."""
    match = _ONE_MESSAGE.match(text)
    if match is None:
        return None
    slots: dict[str, Any] = {"intent": INTENT, "duty": _number(match["n"])}
    head, mark, note = _split_note(match["rest"])
    status, tail = status_prefix(head)
    if status is not None:
        slots["status"] = status
        slots["note"] = clean_note(note if mark else tail)
    elif not said_nothing(head):
        slots["unclear"] = True
    if mark and "note" not in slots:
        slots["note"] = clean_note(note)
    return slots


def read_duty(text: str) -> int | None:
    """ "4", "ข้อ 4", "๔", "ข้อ 4 ค่ะ": the number written (range is the caller's to check)."""
    match = _DUTY_ANSWER.match(strip_polite(normalize(text)))
    return _number(match["n"]) if match is not None else None


def read_status(text: str) -> str | None:
    """A status word, or the number of a status as listed (1-4)."""
    stripped = strip_polite(normalize(text))
    if stripped.isdigit():
        number = int(stripped)
        return STATUSES[number - 1] if 1 <= number <= len(STATUSES) else None
    status, tail = status_prefix(stripped)
    return status if status is not None and said_nothing(tail) else None
