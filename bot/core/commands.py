"""Slash commands typed as text, the same on every platform: "/help", "/lang en", "/start@sandbox_bot CODE".

A few Thai command words read as commands too ("ผูกกลุ่ม C-YALA-1" is "/bind C-YALA-1"), so that in a LINE group,
where the bot answers only commands and mentions, an admin can type them in Thai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str  # lower case, without "/" and without "@bot"
    args: str
    target: str | None  # the bot named after "@", if any


# (Thai words at the start of a message, the command they mean, words put before the rest, what the rest must look
# like). A word without arguments counts only as the whole message (a polite particle allowed), and one with
# arguments only when they look like them, so that chatter such as "เตือนทุกคนด้วยนะว่า…" or "ผูกกลุ่มไลน์กันไหม" in a
# group is not taken for a command. Longer words first.
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*(?:\s.*)?")  # a committee code first
_NUMBER = re.compile(r"[0-9๐-๙].*")  # a date or an id first
_ANY = re.compile(r".+")
WORD_COMMANDS: tuple[tuple[str, str, str, re.Pattern[str] | None], ...] = (
    ("ยกเลิกการผูกกลุ่ม", "unbind", "", None),
    ("ผูกกลุ่ม", "bind", "", _CODE),
    ("สถานะกลุ่ม", "groupstatus", "", None),
    ("เตือนทุกคน", "remind", "", None),
    ("รายชื่อกรรมการ", "members", "", None),
    ("ออกรหัสเชิญ", "invite", "", _ANY),
    ("ส่งออกข้อมูล", "export", "", None),
    ("กราฟความคืบหน้า", "chart", "", None),
    ("นำเข้าข้อมูล", "import", "", None),
    ("เพิ่มกำหนดส่ง", "deadline", "add", _NUMBER),
    ("รายการกำหนดส่ง", "deadline", "list", None),
    ("เลื่อนกำหนดส่ง", "deadline", "move", _NUMBER),
    ("ลบกำหนดส่ง", "deadline", "remove", _NUMBER),
    ("คำสั่งผู้ดูแล", "help", "admin", None),
)
_PARTICLES = re.compile(r"^(?:\s*(?:ค่ะ|คะ|ครับ|นะ|จ้า|หน่อย|ด้วย))*\s*$")


def parse_command(text: str) -> ParsedCommand | None:
    """Return the command in `text`, or None when it is not one (a lone "/" or "/ " is plain text)."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return _word_command(stripped)
    if len(stripped) < 2 or stripped[1].isspace():
        return None
    head, _, args = stripped[1:].partition(" ")
    name, _, target = head.partition("@")
    if not name:
        return None
    return ParsedCommand(name=name.lower(), args=args.strip(), target=target or None)


def _word_command(text: str) -> ParsedCommand | None:
    """A Thai command word starting the message: alone (with a polite particle), or followed by its arguments."""
    for word, name, prefix, shape in WORD_COMMANDS:
        if not text.startswith(word):
            continue
        rest = text[len(word) :].strip()
        if shape is None:
            return ParsedCommand(name=name, args=prefix, target=None) if _PARTICLES.match(rest) else None
        if not shape.fullmatch(rest):
            return None
        return ParsedCommand(name=name, args=f"{prefix} {rest}".strip(), target=None)
    return None
