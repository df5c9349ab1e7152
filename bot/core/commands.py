"""Slash commands typed as text, the same on every platform: "/help", "/lang en", "/start@sandbox_bot CODE"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str  # lower case, without "/" and without "@bot"
    args: str
    target: str | None  # the bot named after "@", if any


def parse_command(text: str) -> ParsedCommand | None:
    """Return the command in `text`, or None when it is not one (a lone "/" or "/ " is plain text)."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2 or stripped[1].isspace():
        return None
    head, _, args = stripped[1:].partition(" ")
    name, _, target = head.partition("@")
    if not name:
        return None
    return ParsedCommand(name=name.lower(), args=args.strip(), target=target or None)
