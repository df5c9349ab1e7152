"""Thai date parsing and formatting: round-trip properties and example phrases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import thai_strftime

from bot.thai.dates import (
    DATE_STYLES,
    ENGLISH_MONTHS,
    THAI_MONTHS_ABBR,
    THAI_MONTHS_FULL,
    THAI_MONTHS_SPOKEN,
    DateSpan,
    format_english_date,
    format_thai_date,
    format_thai_month,
    parse_thai_date,
    relative_days_en,
    relative_days_th,
    thai_month_number,
)

FIRST = date(2017, 1, 1)  # 1 Jan 2560 BE
LAST = date(2037, 12, 31)  # 31 Dec 2580 BE
SATURDAY = date(2026, 11, 21)
MONDAY = date(2026, 11, 23)


def day(y: int, m: int, d: int) -> DateSpan:
    return DateSpan(date(y, m, d), date(y, m, d))


def span(start: date, end: date) -> DateSpan:
    return DateSpan(start, end)


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("full", "31 ตุลาคม 2567"),
        ("short", "31 ต.ค. 67"),
        ("short4", "31 ต.ค. 2567"),
        ("numeric", "31/10/2567"),
        ("thai_digits", "๓๑/๑๐/๒๕๖๗"),
        ("weekday", "วันพฤหัสบดีที่ 31 ตุลาคม 2567"),
    ],
)
def test_format_thai_date_styles(style: str, expected: str) -> None:
    assert format_thai_date(date(2024, 10, 31), style) == expected


def test_format_thai_date_pads_numeric_and_not_day_names() -> None:
    d = date(2025, 1, 5)
    assert format_thai_date(d) == "5 มกราคม 2568"
    assert format_thai_date(d, "short") == "5 ม.ค. 68"
    assert format_thai_date(d, "numeric") == "05/01/2568"
    assert format_thai_date(d, "weekday") == "วันอาทิตย์ที่ 5 มกราคม 2568"


def test_format_thai_date_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        format_thai_date(date(2024, 10, 31), "long")


def test_format_thai_month_and_english_date() -> None:
    assert format_thai_month(2027, 4) == "เมษายน 2570"
    assert format_english_date(date(2024, 10, 31)) == "31 October 2024"
    assert format_english_date(date(2025, 1, 5)) == "5 January 2025"


@pytest.mark.parametrize(
    ("offset", "thai", "english"),
    [
        (0, "วันนี้", "today"),
        (1, "พรุ่งนี้", "tomorrow"),
        (5, "อีก 5 วัน", "in 5 days"),
        (-1, "เลยกำหนดมาแล้ว 1 วัน", "1 day overdue"),
        (-2, "เลยกำหนดมาแล้ว 2 วัน", "2 days overdue"),
    ],
)
def test_relative_days(offset: int, thai: str, english: str) -> None:
    target = SATURDAY + timedelta(days=offset)
    assert relative_days_th(target, SATURDAY) == thai
    assert relative_days_en(target, SATURDAY) == english


# --- round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("style", DATE_STYLES)
def test_round_trip_every_day_2560_to_2580(style: str) -> None:
    d = FIRST
    while d <= LAST:
        assert parse_thai_date(format_thai_date(d, style), SATURDAY) == DateSpan(d, d), (style, d)
        d += timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=FIRST, max_value=LAST), today=st.dates(min_value=FIRST, max_value=LAST))
def test_round_trip_in_a_sentence_any_today(d: date, today: date) -> None:
    for style in DATE_STYLES:
        message = f"ส่งรายงานภายใน  {format_thai_date(d, style)}  นะคะ"
        assert parse_thai_date(message, today) == DateSpan(d, d), (style, message)


@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=FIRST, max_value=LAST))
def test_round_trip_english_date(d: date) -> None:
    assert parse_thai_date(format_english_date(d), SATURDAY) == DateSpan(d, d)


@settings(max_examples=200, deadline=None)
@given(today=st.dates(min_value=FIRST, max_value=LAST), ahead=st.integers(min_value=0, max_value=364))
def test_day_month_without_year_is_next_occurrence(today: date, ahead: int) -> None:
    target = today + timedelta(days=ahead)  # within a year, so it is the next such day and month
    text = f"{target.day} {THAI_MONTHS_ABBR[target.month - 1]}"
    assert parse_thai_date(text, today) == DateSpan(target, target)


# --- example phrases (today = Saturday 21 Nov 2026 unless stated) ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explicit dates, BE and CE
        ("31 ต.ค. 67", day(2024, 10, 31)),
        ("31 ต.ค.67", day(2024, 10, 31)),
        ("31 ตุลาคม 2567", day(2024, 10, 31)),
        ("31 ตุลา 67", day(2024, 10, 31)),
        ("31 ตค 67", day(2024, 10, 31)),
        ("31ต.ค.2567", day(2024, 10, 31)),
        ("31 ตุลาคม พ.ศ. 2567", day(2024, 10, 31)),
        ("15/10/2567", day(2024, 10, 15)),
        ("15-10-2567", day(2024, 10, 15)),
        ("15/10/67", day(2024, 10, 15)),
        ("๑๕/๑๐/๒๕๖๗", day(2024, 10, 15)),
        ("15/10/2024", day(2024, 10, 15)),
        ("31 ตุลาคม 2024", day(2024, 10, 31)),
        ("31 Oct 2024", day(2024, 10, 31)),
        ("31st October 2024", day(2024, 10, 31)),
        ("October 31, 2024", day(2024, 10, 31)),
        ("2024-10-15", day(2024, 10, 15)),
        ("วันพฤหัสบดีที่ 31 ตุลาคม 2567", day(2024, 10, 31)),
        # particles, extra spaces, surrounding text
        ("ส่งภายใน 31 ต.ค. 67 ค่ะ", day(2024, 10, 31)),
        ("   31    ต.ค.    67   ครับ", day(2024, 10, 31)),
        ("ประชุม 1 เม.ย. 15.00 น. ครับ", day(2027, 4, 1)),
        # day and month without a year: next on or after today
        ("31 ต.ค.", day(2027, 10, 31)),
        ("1 เม.ย.", day(2027, 4, 1)),
        ("25 พ.ย.", day(2026, 11, 25)),
        ("21 พ.ย.", day(2026, 11, 21)),
        ("29 ก.พ.", day(2028, 2, 29)),
        ("วันที่ 15", day(2026, 12, 15)),
        ("วันที่ 21", day(2026, 11, 21)),
        # relative days
        ("วันนี้", day(2026, 11, 21)),
        ("พรุ่งนี้ค่ะ", day(2026, 11, 22)),
        ("มะรืนนี้", day(2026, 11, 23)),
        ("มะรืน", day(2026, 11, 23)),
        ("เมื่อวาน", day(2026, 11, 20)),
        ("อีก 3 วัน", day(2026, 11, 24)),
        ("อีก ๓ วัน", day(2026, 11, 24)),
        ("อีกสามวัน", day(2026, 11, 24)),
        ("อีก 2 สัปดาห์", day(2026, 12, 5)),
        ("ภายใน 7 วัน", day(2026, 11, 28)),
        ("tomorrow", day(2026, 11, 22)),
        ("in 3 days", day(2026, 11, 24)),
        # weekdays (Monday-based weeks)
        ("วันศุกร์หน้า", day(2026, 11, 27)),
        ("วันศุกร์นี้", day(2026, 11, 27)),
        ("ศุกร์หน้า", day(2026, 11, 27)),
        ("วันจันทร์", day(2026, 11, 23)),
        ("วันเสาร์", day(2026, 11, 21)),
        ("วันอาทิตย์หน้า", day(2026, 11, 29)),
        ("next friday", day(2026, 11, 27)),
        # weeks
        ("สัปดาห์หน้า", span(date(2026, 11, 23), date(2026, 11, 29))),
        ("อาทิตย์หน้า", span(date(2026, 11, 23), date(2026, 11, 29))),
        ("สัปดาห์นี้", span(date(2026, 11, 16), date(2026, 11, 22))),
        ("next week", span(date(2026, 11, 23), date(2026, 11, 29))),
        # months
        ("สิ้นเดือนนี้", day(2026, 11, 30)),
        ("สิ้นเดือน", day(2026, 11, 30)),
        ("สิ้นเดือนหน้า", day(2026, 12, 31)),
        ("เดือนหน้า", span(date(2026, 12, 1), date(2026, 12, 31))),
        ("end of next month", day(2026, 12, 31)),
        ("ภายในเดือนเมษายน", span(date(2027, 4, 1), date(2027, 4, 30))),
        ("ภายในเดือน เม.ย.", span(date(2027, 4, 1), date(2027, 4, 30))),
        ("เดือนเมษายน", span(date(2027, 4, 1), date(2027, 4, 30))),
        ("เมษา", span(date(2027, 4, 1), date(2027, 4, 30))),
        ("ส่งเมษาค่ะ", span(date(2027, 4, 1), date(2027, 4, 30))),
        ("ภายในเดือนพฤศจิกายน", span(date(2026, 11, 1), date(2026, 11, 30))),
        ("ภายในเดือนตุลาคม 2567", span(date(2024, 10, 1), date(2024, 10, 31))),
        ("สิ้นเดือนเมษายน", day(2027, 4, 30)),
        ("in May 2027", span(date(2027, 5, 1), date(2027, 5, 31))),
    ],
)
def test_parse_phrases(text: str, expected: DateSpan) -> None:
    assert parse_thai_date(text, SATURDAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("ภายในเดือนเมษายน", date(2027, 4, 10), span(date(2027, 4, 1), date(2027, 4, 30))),
        ("ภายในเดือนเมษายน", date(2027, 5, 1), span(date(2028, 4, 1), date(2028, 4, 30))),
        ("วันศุกร์หน้า", MONDAY, day(2026, 12, 4)),
        ("วันศุกร์นี้", MONDAY, day(2026, 11, 27)),
        ("วันจันทร์", MONDAY, day(2026, 11, 23)),
        ("สัปดาห์นี้", MONDAY, span(date(2026, 11, 23), date(2026, 11, 29))),
        ("เดือนหน้า", date(2026, 12, 10), span(date(2027, 1, 1), date(2027, 1, 31))),
        ("สิ้นเดือนหน้า", date(2027, 1, 15), day(2027, 2, 28)),
        ("สิ้นเดือนนี้", date(2028, 2, 1), day(2028, 2, 29)),
        ("วันที่ 31", date(2027, 2, 1), day(2027, 3, 31)),
    ],
)
def test_parse_phrases_other_days(text: str, today: date, expected: DateSpan) -> None:
    assert parse_thai_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2567",
        "30 ก.พ.",
        "32 ต.ค. 67",
        "สวัสดีครับ",
        "",
        "ตุลาการศาลปกครอง",
        "ประชุมครับ",
        "May I ask a question?",
        "อีก 3 วันทำการ",
        "13/13/2567",
    ],
)
def test_parse_no_date(text: str) -> None:
    assert parse_thai_date(text, SATURDAY) is None


def test_span_is_day() -> None:
    assert day(2026, 11, 21).is_day
    assert not span(date(2026, 11, 1), date(2026, 11, 30)).is_day
    with pytest.raises(ValueError):
        DateSpan(date(2026, 11, 2), date(2026, 11, 1))


# --- month words -------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_thai_month_number_every_form(month: int) -> None:
    abbr = THAI_MONTHS_ABBR[month - 1]
    english = ENGLISH_MONTHS[month - 1]
    forms = [
        THAI_MONTHS_FULL[month - 1],
        abbr,
        abbr.replace(".", ""),
        THAI_MONTHS_SPOKEN[month - 1],
        english,
        english.capitalize(),
        english[:3].upper(),
    ]
    for form in forms:
        assert thai_month_number(form) == month, form
        text = f"5 {form} 2570"
        assert parse_thai_date(text, SATURDAY) == day(2027, month, 5), text


def test_thai_month_number_unknown() -> None:
    assert thai_month_number("เดือน") is None
    assert thai_month_number("") is None


def test_thai_date_styles_and_months_equal_pythainlps_strftime_on_every_day() -> None:
    formats = {"full": "%-d %B %Y", "short": "%-d %b %y", "short4": "%-d %b %Y", "weekday": "%Aที่ %-d %B %Y"}
    day = date(1996, 1, 1)
    while day <= date(2060, 12, 31):
        for style, fmt in formats.items():
            assert format_thai_date(day, style) == thai_strftime(day, fmt)
        if day.day == 1:
            assert format_thai_month(day.year, day.month) == thai_strftime(day, "%B %Y")
        day += timedelta(days=1)
