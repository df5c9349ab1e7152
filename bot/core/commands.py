"""Slash commands typed as text, the same on every platform: "/help", "/lang en", "/start@sandbox_bot CODE".

A few Thai command words read as commands too ("ผูกกลุ่ม C-YALA-1" is "/bind C-YALA-1"), so that in a LINE group,
where the bot answers only commands and mentions, an admin can type them in Thai.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str  # lower case, without "/" and without "@bot"
    args: str
    target: str | None  # the bot named after "@", if any


# (Thai words at the start of a message, the command they mean, words put before the rest of the message)
# Longer words first: "ยกเลิกการผูกกลุ่ม" must win over any shorter word it starts with.
WORD_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("ยกเลิกการผูกกลุ่ม", "unbind", ""),
    ("ผูกกลุ่ม", "bind", ""),
    ("สถานะกลุ่ม", "groupstatus", ""),
    ("เตือนทุกคน", "remind", ""),
    ("รายชื่อกรรมการ", "members", ""),
    ("สมาชิกกลุ่ม", "members", ""),
    ("ออกรหัสเชิญ", "invite", ""),
    ("ส่งออกข้อมูล", "export", ""),
    ("กราฟความคืบหน้า", "chart", ""),
    ("นำเข้าข้อมูล", "import", ""),
    ("เพิ่มกำหนดส่ง", "deadline", "add"),
    ("รายการกำหนดส่ง", "deadline", "list"),
    ("เลื่อนกำหนดส่ง", "deadline", "move"),
    ("ลบกำหนดส่ง", "deadline", "remove"),
    ("คำสั่งผู้ดูแล", "help", "admin"),
)


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
    """A Thai command word starting the message, followed by nothing, a space or the arguments' first letter."""
    for word, name, prefix in WORD_COMMANDS:
        if text.startswith(word):
            rest = text[len(word) :].strip()
            args = f"{prefix} {rest}".strip()
            return ParsedCommand(name=name, args=args, target=None)
    return None
