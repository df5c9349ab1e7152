"""Reading "/deadline add 15 พ.ค. 70 ส่งแผนงาน": where the date ends and the title begins.

The Thai date parser (bot.thai.dates) finds a date anywhere in a text but not where it stops, so the date is the
longest run of date-like words at the start (digits, month names, พ.ศ./ค.ศ.) that reads as one day.
"""

from __future__ import annotations

import re
from datetime import date

from bot.thai.dates import parse_thai_date, thai_month_number

MAX_DATE_WORDS = 4  # "15 พฤษภาคม พ.ศ. 2570"
_NUMERIC = re.compile(r"[0-9๐-๙][0-9๐-๙/\-.]*")
_ERAS = {"พ.ศ.", "พ.ศ", "ค.ศ.", "ค.ศ", "พศ", "คศ", "be", "ce", "ad"}


def _date_word(word: str) -> bool:
    return bool(_NUMERIC.fullmatch(word)) or word.casefold() in _ERAS or thai_month_number(word) is not None


def read_day(text: str, today: date) -> date | None:
    """The one day `text` names (15/5/2570, 15 พ.ค. 70, 15 พฤษภาคม 2570, 2027-05-15), or None."""
    span = parse_thai_date(text, today)
    return span.start if span is not None and span.is_day else None


def split_date(text: str, today: date) -> tuple[date, str] | None:
    """(the day, the rest) for a text that starts with a date; None when it does not."""
    words = text.split()
    run = 0
    while run < min(len(words), MAX_DATE_WORDS) and _date_word(words[run]):
        run += 1
    for length in range(run, 0, -1):
        day = read_day(" ".join(words[:length]), today)
        if day is not None:
            return day, " ".join(words[length:])
    return None
