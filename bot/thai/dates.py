"""Thai date parsing and formatting (pure functions; "today" is always passed in).

Why our own parser: PyThaiNLP's ``thai_strptime`` reads numeric months 10-12 as January, rejects
``/``, lacks the short month forms and misreads Christian-era years, and ``dateparser`` treats
Buddhist-era (BE) years as CE. PyThaiNLP is used only for digit conversion, ``normalize``,
``thaiword_to_num``, newmm word boundaries and ``thai_strftime``'s names of months and days.

Year rules: a 4-digit year >= 2400 is BE, any other 4-digit year is CE; a 2-digit year is a short BE
year (67 -> 2567), which is how Thai people write them ("31 ต.ค. 67"). An explicit era marker
("พ.ศ."/"ค.ศ.") overrides the guess. Numeric dates are read day-first (15/10/2567), ISO year-first.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pythainlp.tokenize import word_tokenize
from pythainlp.util import arabic_digit_to_thai_digit, normalize, thai_digit_to_arabic_digit, thaiword_to_num
from pythainlp.util.date import thai_abbr_months, thai_full_months, thai_full_weekdays

BE_OFFSET = 543


@dataclass(frozen=True)
class DateSpan:
    """An inclusive range of days; a single day has ``start == end``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"DateSpan ends before it starts: {self.start} > {self.end}")

    @property
    def is_day(self) -> bool:
        return self.start == self.end


# --- word tables -------------------------------------------------------------------------------

THAI_MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_SPOKEN = (
    "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา",
    "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา",
)  # fmt: skip
ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Frequent misspellings (ฏ for ฎ, a missing ์) and "sept".
_EXTRA_MONTH_WORDS = {"กรกฏาคม": 7, "กรกฏา": 7, "กุมภาพันธ": 2, "sept": 9}
# English month words that are also ordinary words: accepted alone only with a year.
_AMBIGUOUS_ENGLISH_MONTHS = frozenset({"may", "mar"})

THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # Monday first
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBER = {
    **{name: i for i, name in enumerate(THAI_WEEKDAYS)},
    **{name: i for i, name in enumerate(ENGLISH_WEEKDAYS)},
    "พฤหัส": 3,
}

# Fixed day offsets from today.
_DAY_OFFSETS = {
    "วันนี้": 0,
    "พรุ่งนี้": 1,
    "มะรืนนี้": 2,
    "มะรืน": 2,
    "เมื่อวานนี้": -1,
    "เมื่อวาน": -1,
    "เมื่อวานซืน": -2,
    "today": 0,
    "tomorrow": 1,
    "day after tomorrow": 2,
    "yesterday": -1,
}
_UNIT_DAYS = {"วัน": 1, "สัปดาห์": 7, "อาทิตย์": 7, "day": 1, "days": 1, "week": 7, "weeks": 7}
_NEXT_WORDS = frozenset({"หน้า", "next"})  # everything else ("นี้", "this", nothing) means "this"

_ENGLISH_ORDINAL = r"(?:st|nd|rd|th)?"
_THAI_NUMBER_WORDS = r"(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย)+"


def _canonical_month_word(word: str) -> str:
    return re.sub(r"[.\s]", "", word).lower()


_MONTH_NUMBER: dict[str, int] = {
    **{
        _canonical_month_word(word): month
        for table in (THAI_MONTHS_FULL, THAI_MONTHS_ABBR, THAI_MONTHS_SPOKEN, ENGLISH_MONTHS)
        for month, word in enumerate(table, start=1)
    },
    **{name[:3]: month for month, name in enumerate(ENGLISH_MONTHS, start=1)},
    **_EXTRA_MONTH_WORDS,
}


def thai_month_number(word: str) -> int | None:
    """Month number (1-12) of a Thai or English month word in any supported form, else None.

    Dots, spaces and case are ignored: "ต.ค.", "ตค", "ตุลา", "ตุลาคม", "Oct" and "October" give 10.
    """
    return _MONTH_NUMBER.get(_canonical_month_word(word))


# --- regex building blocks ---------------------------------------------------------------------


def _is_english(word: str) -> bool:
    return word.isascii()


def _word_pattern(word: str) -> str:
    """Regex for one table word: dotted abbreviations get optional dots; English gets word edges."""
    body = r"\.?\s?".join(re.escape(part) for part in word.split(".") if part).replace(r"\ ", r"\s+")
    if _is_english(word):
        body = rf"(?<![a-z]){body}(?![a-z])"
    return body + r"\.?" if word.endswith(".") else body


def _alternation(words: Iterable[str]) -> str:
    """Longest-first alternation, so "มีนาคม" wins over "มีนา" and "march" over "mar"."""
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(_word_pattern(w) for w in unique) + ")"


_MONTH_WORDS = [*THAI_MONTHS_FULL, *THAI_MONTHS_ABBR, *THAI_MONTHS_SPOKEN, *_EXTRA_MONTH_WORDS]
_ENGLISH_MONTH_WORDS = [*ENGLISH_MONTHS, *(name[:3] + "." for name in ENGLISH_MONTHS), "sept."]
_MONTH = _alternation([*_MONTH_WORDS, *_ENGLISH_MONTH_WORDS])
_ENGLISH_MONTH = _alternation(_ENGLISH_MONTH_WORDS)
_THAI_WEEKDAY = _alternation([*THAI_WEEKDAYS, "พฤหัส"])
_THAI_WEEKDAY_NOT_SUNDAY = _alternation([*THAI_WEEKDAYS[:6], "พฤหัส"])
_ENGLISH_WEEKDAY = _alternation(ENGLISH_WEEKDAYS)
_ERA = r"(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)"
# A trailing year; 2-digit years must not be the start of a time such as "15.00" or "10:30".
_YEAR = rf"(?:\s*,?\s*(?:{_ERA}\s*)?(?P<y>\d{{4}}|\d{{2}})(?!\d|[.:]\d))"
# "วันที่ ", "วันพฤหัสบดีที่ ", "Thursday, " before an explicit date belong to that date.
_DATE_PREFIX = rf"(?:(?:วัน\s*{_THAI_WEEKDAY}?|{_ENGLISH_WEEKDAY}),?\s*(?:ที่\s*)?)?"


# --- resolving matches -------------------------------------------------------------------------


def _single(day: date) -> DateSpan:
    return DateSpan(day, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ce_year(digits: str, era: str | None) -> int:
    """CE year from written digits, following the module's year rules."""
    year = int(digits)
    is_ce = era.startswith("ค") if era else None
    if len(digits) == 2:
        return 2000 + year if is_ce else 2500 + year - BE_OFFSET
    if is_ce is None:
        is_ce = year < 2400
    return year if is_ce else year - BE_OFFSET


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> DateSpan:
    return DateSpan(date(year, month, 1), _month_end(year, month))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_of(m: re.Match[str]) -> int:
    """The month of a match: a month word (always in the table: the regex is built from it) or digits."""
    word = m.groupdict().get("month")
    return _MONTH_NUMBER[_canonical_month_word(word)] if word else int(m["m"])


def _explicit_date(m: re.Match[str], _today: date) -> DateSpan | None:
    day = _safe_date(_ce_year(m["y"], m.groupdict().get("era")), _month_of(m), int(m["d"]))
    return _single(day) if day else None


def _day_month(m: re.Match[str], today: date) -> DateSpan | None:
    """Day and month word, with or without a year; without one, the next such day from today."""
    if m["y"]:
        return _explicit_date(m, today)
    day, month = int(m["d"]), _month_of(m)
    for year in range(today.year, today.year + 9):  # 29 Feb can be 8 years away
        candidate = _safe_date(year, month, day)
        if candidate and candidate >= today:
            return _single(candidate)
    return None


def _day_of_month(m: re.Match[str], today: date) -> DateSpan | None:
    """The next occurrence of "วันที่ 15" (that day of a month) on or after today."""
    for ahead in range(13):
        candidate = _safe_date(*_shift_month(today.year, today.month, ahead), int(m["d"]))
        if candidate and candidate >= today:
            return _single(candidate)
    return None


def _named_month(m: re.Match[str], today: date) -> DateSpan:
    """A month span ("ภายในเดือนเมษายน"), or its last day after "สิ้น"/"end of"."""
    month = _month_of(m)
    if m["y"]:
        year = _ce_year(m["y"], m["era"])
    else:
        year = today.year if month >= today.month else today.year + 1
    span = _month_span(year, month)
    return _single(span.end) if m["end"] else span


def _day_offset(m: re.Match[str], today: date) -> DateSpan:
    return _single(today + timedelta(days=_DAY_OFFSETS[re.sub(r"\s+", " ", m[0])]))


def _in_n_units(m: re.Match[str], today: date) -> DateSpan | None:
    count = m["n"]
    try:
        n = int(count) if count.isdigit() else thaiword_to_num(count)
    except ValueError:
        return None
    return _single(today + timedelta(days=n * _UNIT_DAYS[m["unit"]]))


def _weekday(m: re.Match[str], today: date) -> DateSpan:
    """The weekday in next week after "หน้า"/"next"; otherwise its next occurrence from today."""
    weekday = _WEEKDAY_NUMBER[m["wd"]]
    if m["mod"] in _NEXT_WORDS:
        return _single(_monday(today) + timedelta(days=7 + weekday))
    return _single(today + timedelta(days=(weekday - today.weekday()) % 7))


def _week(m: re.Match[str], today: date) -> DateSpan:
    monday = _monday(today) + timedelta(days=7 if m["mod"] in _NEXT_WORDS else 0)
    return DateSpan(monday, monday + timedelta(days=6))


def _relative_month(m: re.Match[str], today: date) -> DateSpan:
    return _month_span(*_shift_month(today.year, today.month, 1 if m["mod"] in _NEXT_WORDS else 0))


def _relative_month_end(m: re.Match[str], today: date) -> DateSpan:
    return _single(_relative_month(m, today).end)


# --- rules -------------------------------------------------------------------------------------

_Resolver = Callable[[re.Match[str], date], DateSpan | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: _Resolver


def _rule(name: str, pattern: str, resolve: _Resolver) -> _Rule:
    return _Rule(name, re.compile(pattern), resolve)


# Order only breaks ties between matches with the same start and length.
_RULES = (
    _rule(
        "iso",
        r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)",
        _explicit_date,
    ),
    _rule(
        "numeric",
        rf"{_DATE_PREFIX}(?<!\d)(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?!\d)",
        _explicit_date,
    ),
    _rule(
        "day_month",
        rf"{_DATE_PREFIX}(?<!\d)(?P<d>\d{{1,2}}){_ENGLISH_ORDINAL}\s*(?:of\s+)?(?P<month>{_MONTH}){_YEAR}?",
        _day_month,
    ),
    _rule(
        "month_day",
        rf"{_DATE_PREFIX}(?P<month>{_ENGLISH_MONTH})\s*(?P<d>\d{{1,2}}){_ENGLISH_ORDINAL}(?!\d)"
        rf"(?:\s*,?\s*(?P<y>\d{{4}})(?!\d))?",
        _day_month,
    ),
    _rule("day_of_month", r"วันที่\s*(?P<d>\d{1,2})(?!\d)", _day_of_month),
    _rule("day_offset", _alternation(_DAY_OFFSETS), _day_offset),
    _rule(
        "in_n_units",
        rf"(?:อีก|ภายใน|(?<![a-z])(?:in|within))\s*(?P<n>\d{{1,3}}|{_THAI_NUMBER_WORDS})\s*"
        rf"(?P<unit>วัน|สัปดาห์|อาทิตย์|days?(?![a-z])|weeks?(?![a-z]))(?!\s*ทำการ)",
        _in_n_units,
    ),
    _rule("weekday_th", rf"วัน\s*(?P<wd>{_THAI_WEEKDAY})(?:\s*(?P<mod>นี้|หน้า))?", _weekday),
    # Without "วัน" a weekday needs นี้/หน้า; "อาทิตย์หน้า" alone means next week, not Sunday.
    _rule("weekday_th_bare", rf"(?P<wd>{_THAI_WEEKDAY_NOT_SUNDAY})\s*(?P<mod>นี้|หน้า)", _weekday),
    _rule("weekday_en", rf"(?:(?<![a-z])(?P<mod>this|next)\s+)?(?P<wd>{_ENGLISH_WEEKDAY})", _weekday),
    _rule("week_th", r"(?:สัปดาห์|อาทิตย์)\s*(?P<mod>นี้|หน้า)", _week),
    _rule("week_en", r"(?<![a-z])(?P<mod>this|next)\s+week(?![a-z])", _week),
    _rule("month_end_th", r"สิ้นเดือน(?:\s*(?P<mod>นี้|หน้า))?", _relative_month_end),
    _rule(
        "month_end_en",
        r"(?<![a-z])end\s+of\s+(?:the\s+|(?P<mod>this|next)\s+)?month(?![a-z])",
        _relative_month_end,
    ),
    _rule("month_th", r"เดือน\s*(?P<mod>นี้|หน้า)", _relative_month),
    _rule("month_en", r"(?<![a-z])(?P<mod>this|next)\s+month(?![a-z])", _relative_month),
    _rule(
        "named_month",
        rf"(?:(?P<end>สิ้น|(?<![a-z])end\s+of)\s*)?(?P<in_month>เดือน\s*)?(?P<month>{_MONTH}){_YEAR}?",
        _named_month,
    ),
)


def _word_bounds(text: str) -> set[int]:
    bounds, position = {0}, 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        position += len(token)
        bounds.add(position)
    return bounds


def _is_plausible(rule: _Rule, m: re.Match[str], text: str) -> bool:
    """Reject a bare month word that is really part of another word ("ตุลาการ", "May I")."""
    if rule.name != "named_month" or m["y"] or m["in_month"] or m["end"]:
        return True
    word = m["month"]
    if _is_english(word):
        return word.rstrip(".") not in _AMBIGUOUS_ENGLISH_MONTHS
    bounds = _word_bounds(text)
    return m.start("month") in bounds and m.end("month") in bounds


def _prepare(text: str) -> str:
    return normalize(thai_digit_to_arabic_digit(text)).lower()


def parse_thai_date(text: str, today: date) -> DateSpan | None:
    """Find a date expression anywhere in a short Thai or English message.

    The leftmost expression wins (the longest one when several start at the same place). A day
    without a year means its next occurrence on or after ``today``; a month without a year means
    this month if we are in it, else its next occurrence. Returns None when there is no date
    expression or the one found is not a real date (31/02/2567).
    """
    prepared = _prepare(text)
    candidates = sorted(
        (
            (m.start(), -len(m[0]), order, rule, m)
            for order, rule in enumerate(_RULES)
            for m in rule.pattern.finditer(prepared)
        ),
        key=lambda c: c[:3],
    )
    for *_, rule, m in candidates:
        if _is_plausible(rule, m, prepared):
            return rule.resolve(m, today)
    return None


# --- formatting --------------------------------------------------------------------------------

_STRFTIME_STYLES = {
    "full": "%-d %B %Y",  # 31 ตุลาคม 2567
    "short": "%-d %b %y",  # 31 ต.ค. 67
    "short4": "%-d %b %Y",  # 31 ต.ค. 2567
    "weekday": "%Aที่ %-d %B %Y",  # วันพฤหัสบดีที่ 31 ตุลาคม 2567
}
DATE_STYLES = (*_STRFTIME_STYLES, "numeric", "thai_digits")


def format_thai_date(d: date, style: str = "full") -> str:
    """Format a date in Thai with a BE year; ``style`` is one of ``DATE_STYLES``.

    "numeric" is zero-padded day-first "31/10/2567"; "thai_digits" is the same with Thai digits.
    """
    if style in _STRFTIME_STYLES:
        return _strftime(d, style)
    numeric = f"{d.day:02d}/{d.month:02d}/{d.year + BE_OFFSET}"
    if style == "numeric":
        return numeric
    if style == "thai_digits":
        return arabic_digit_to_thai_digit(numeric)
    raise ValueError(f"unknown date style {style!r}; expected one of {DATE_STYLES}")


def format_thai_month(year: int, month: int) -> str:
    """Month name and BE year, e.g. "เมษายน 2570", for a CE year and a month."""
    return f"{thai_full_months[month - 1]} {str(year + BE_OFFSET).zfill(4)}"


def _strftime(d: date, style: str) -> str:
    """`thai_strftime(d, _STRFTIME_STYLES[style])` written out with PyThaiNLP's own names: its `thai_strftime`
    parses the format again on every call (a reply with two dates spent more on that than on its words). Equal to
    it on every day of 1996-2060 (tests/thai/test_dates.py)."""
    month = d.month - 1
    year = str(d.year + BE_OFFSET)
    if style == "full":
        return f"{d.day} {thai_full_months[month]} {year.zfill(4)}"
    if style == "short":
        return f"{d.day} {thai_abbr_months[month]} {year[-2:].zfill(2)}"
    if style == "short4":
        return f"{d.day} {thai_abbr_months[month]} {year.zfill(4)}"
    return f"{thai_full_weekdays[d.weekday()]}ที่ {d.day} {thai_full_months[month]} {year.zfill(4)}"  # weekday


def format_english_date(d: date) -> str:
    """English day, month name and CE year, e.g. "31 October 2024"."""
    return f"{d.day} {ENGLISH_MONTHS[d.month - 1].capitalize()} {d.year}"


def relative_days_th(target: date, today: date) -> str:
    """Days until a deadline in Thai: "วันนี้", "พรุ่งนี้", "อีก 5 วัน" or "เลยกำหนดมาแล้ว 2 วัน"."""
    days = (target - today).days
    if days == 0:
        return "วันนี้"
    if days == 1:
        return "พรุ่งนี้"
    return f"อีก {days} วัน" if days > 0 else f"เลยกำหนดมาแล้ว {-days} วัน"


def relative_days_en(target: date, today: date) -> str:
    """Days until a deadline in English: "today", "tomorrow", "in 5 days", "2 days overdue"."""
    days = (target - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return "1 day overdue" if days == -1 else f"{-days} days overdue"
