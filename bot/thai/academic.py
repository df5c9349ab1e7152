"""Thai academic calendar (ปีการศึกษา) and committee report rounds (pure functions).

Approximation used: the academic year starts in mid-May, so a date in May-December belongs to the
academic year equal to its BE year and a date in January-April to the BE year minus one. Semester 1
is May-October and semester 2 is November-April. Exact term days vary by school; this is the
month-level rule the committee report deadlines are expressed in.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

BE_OFFSET = 543
FIRST_MONTH = 5  # May: months >= 5 are in the first CE year of an academic year
#: "report" may have been read as Thai already (bot/knowledge/mentions.py spells English words out in Thai)
_ENGLISH_ROUND = re.compile(r"(first|1st|second|2nd)\s*(?:semester|term)?\s*(?:round|report|รายงาน)")


def english_round(text: str) -> int | None:
    """The report round an English ordinal names ("the second report", "first round"), in lower-case text with or
    without spaces; None when it names none."""
    found = _ENGLISH_ROUND.search(text)
    return None if found is None else 1 if found.group(1) in ("first", "1st") else 2


#: An academic year named by number: "ปีการศึกษา 2569", "ปีการศึกษาที่ 2569", "ปี 69", "พ.ศ. 2569", a bare 25xx, or
#: in English "academic year 2026" (CE); in lower-case text with Arabic digits (bot/thai/text.py `clean`).
_NAMED_YEAR = re.compile(
    r"(?:ปีการศึกษา(?:ที่)?|ปีกศ\.?|ปี|พ\.?\s?ศ\.?)\s*(?P<be>25\d\d|[6-9]\d)(?!\d)"
    r"|(?<!\d)(?P<bare>25\d\d)(?!\d)"
    r"|(?:academic|school)\s*year\s*(?P<ce>20\d\d)(?!\d)"
)
_FISCAL = re.compile(r"(?:งบประมาณ|ปีงบ|fiscal\s*year|budget\s*year)\s*(?:พ\.?\s?ศ\.?)?\s*$")  # not an academic year
#: An academic year named relative to today's.
_RELATIVE_YEAR = (
    (re.compile(r"ปี(?:การศึกษา)?นี้|this\s*(?:academic\s*|school\s*)?year"), 0),
    (re.compile(r"ปี(?:การศึกษา)?(?:หน้า|ถัดไป|ต่อไป)|next\s*(?:academic\s*|school\s*)?year"), 1),
    (re.compile(r"ปี(?:การศึกษา)?(?:ที่แล้ว|ก่อน|ที่ผ่านมา)|last\s*(?:academic\s*|school\s*)?year"), -1),
)


def named_year(text: str, today: date) -> int | None:
    """The academic year (BE) a cleaned message names, by number or relative to `today` ("ปีหน้า"); None when it
    names none. A fiscal year ("ปีงบประมาณ 2569") is not an academic year."""
    for found in _NAMED_YEAR.finditer(text):
        if _FISCAL.search(text[: found.start()]):
            continue
        if found["ce"] is not None:
            return int(found["ce"]) + BE_OFFSET
        number = int(found["be"] or found["bare"])
        return number if number >= 100 else 2500 + number
    for pattern, step in _RELATIVE_YEAR:
        if pattern.search(text):
            return academic_year(today) + step
    return None


def academic_year(d: date) -> int:
    """The academic year (BE) that ``d`` falls in."""
    return d.year + BE_OFFSET - (0 if d.month >= FIRST_MONTH else 1)


def semester(d: date) -> tuple[int, int]:
    """(academic year BE, semester 1 or 2) for ``d``: semester 1 is May-October, 2 is November-April."""
    return academic_year(d), 1 if FIRST_MONTH <= d.month <= 10 else 2


@dataclass(frozen=True)
class RoundDue:
    """One report round of an academic year: open for the whole of one calendar month."""

    academic_year: int
    round: int
    opens: date
    due: date
    set_by_admin: bool = field(default=False, compare=False)  # dates an admin entered, not the rule's month


def report_rounds(academic_year_be: int, rounds: Sequence[tuple[int, int]]) -> list[RoundDue]:
    """The report rounds of one academic year in date order.

    ``rounds`` holds (round number, month) pairs from reference data, e.g. ``[(1, 10), (2, 4)]``.
    A month >= 5 falls in CE year ``academic_year_be - 543``, a month <= 4 in the following one;
    a round opens on the first day of its month and is due on the last.
    """
    result = []
    for number, month in rounds:
        year = academic_year_be - BE_OFFSET + (0 if month >= FIRST_MONTH else 1)
        last_day = calendar.monthrange(year, month)[1]
        result.append(RoundDue(academic_year_be, number, date(year, month, 1), date(year, month, last_day)))
    return sorted(result, key=lambda r: r.opens)
