"""Small helpers every handler shares: language-aware fields and dates, and intent choices."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Reply
from bot.thai.dates import (
    ENGLISH_MONTHS,
    format_english_date,
    format_thai_date,
    format_thai_month,
    relative_days_en,
    relative_days_th,
)

IntentHandler = Callable[[Incoming, Context, dict[str, Any]], Awaitable[list[Reply]]]

INTENT_ACTION = "i"
AWAIT_SLOT = "await_slot"  # the flow of a question the bot asked back, e.g. "which province?"


def field(obj: object, name: str, lang: str) -> str:
    """obj.<name>_<lang>, falling back to Thai when the English text is missing."""
    return getattr(obj, f"{name}_{lang}", None) or getattr(obj, f"{name}_th")


def show_date(d: date, lang: str, style: str = "full") -> str:
    return format_thai_date(d, style) if lang == "th" else format_english_date(d)


def show_month(year: int, month: int, lang: str) -> str:
    """A month of a Christian-era year: "เมษายน 2570" in Thai, "April 2027" in English."""
    return format_thai_month(year, month) if lang == "th" else f"{ENGLISH_MONTHS[month - 1].title()} {year}"


def days_left(target: date, today: date, lang: str) -> str:
    return relative_days_th(target, today) if lang == "th" else relative_days_en(target, today)


def intent_choice(label: str, intent: str, value: object | None = None) -> Choice:
    """A button that asks the intent again with one slot value; kept short for Telegram's 64 bytes."""
    action = f"{INTENT_ACTION}:{intent}" if value is None else f"{INTENT_ACTION}:{intent}:{value}"
    return Choice(label=label, action=action)


def parse_intent_action(action: str) -> tuple[str, str | None]:
    """("i:duty_one:4") -> ("duty_one", "4")."""
    _, _, rest = action.partition(":")
    intent, _, value = rest.partition(":")
    return intent, (value or None)


def text(t_text: str, *choices: Choice) -> list[Reply]:
    return [Reply(text=t_text, choices=tuple(choices))]
