"""Thai academic year, semesters and committee report rounds."""

from __future__ import annotations

from datetime import date

import pytest

from bot.thai.academic import (
    RoundDue,
    academic_year,
    english_round,
    named_year,
    report_rounds,
    semester,
)
from bot.thai.text import clean

ROUNDS = [(1, 10), (2, 4)]  # round 1 within October, round 2 within April


def round_2569_1() -> RoundDue:
    return RoundDue(2569, 1, date(2026, 10, 1), date(2026, 10, 31))


def round_2569_2() -> RoundDue:
    return RoundDue(2569, 2, date(2027, 4, 1), date(2027, 4, 30))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 4, 30), (2568, 2)),
        (date(2026, 5, 1), (2569, 1)),
        (date(2026, 10, 31), (2569, 1)),
        (date(2026, 11, 1), (2569, 2)),
        (date(2026, 12, 31), (2569, 2)),
        (date(2027, 1, 1), (2569, 2)),
        (date(2027, 4, 30), (2569, 2)),
        (date(2027, 5, 1), (2570, 1)),
    ],
)
def test_semester_boundaries(d: date, expected: tuple[int, int]) -> None:
    assert semester(d) == expected
    assert academic_year(d) == expected[0]


def test_report_rounds_of_an_academic_year() -> None:
    assert report_rounds(2569, ROUNDS) == [round_2569_1(), round_2569_2()]
    assert report_rounds(2569, [(2, 4), (1, 10)]) == [round_2569_1(), round_2569_2()]


def test_report_rounds_february_of_a_leap_year() -> None:
    assert report_rounds(2570, [(1, 2)]) == [RoundDue(2570, 1, date(2028, 2, 1), date(2028, 2, 29))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("when is the second report due?", 2),
        ("whataboutthefirstround?", 1),
        ("the 1st semester report", 1),
        ("2nd round", 2),
        ("isthesecondรายงานlate", 2),  # compact text, "report" already read as Thai
        ("what is the first duty?", None),  # an item of a series, not a round
        ("the second meeting", None),
    ],
)
def test_an_english_ordinal_names_a_report_round(text, expected):
    assert english_round(text) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("รายงานครั้งที่ 1 ปีการศึกษา 2569 ส่งเมื่อไหร่", 2569),
        ("กำหนดส่งปีการศึกษาที่ 2570", 2570),
        ("รอบ 2 ปี 68", 2568),  # two digits after ปี
        ("กำหนดส่ง พ.ศ. 2571", 2571),
        ("ครั้งที่ 2 ๒๕๖๘", 2568),  # a bare year, in Thai digits
        ("report due for academic year 2026", 2569),  # CE in English
        ("กำหนดส่งปีหน้า", 2570),
        ("รายงานปีการศึกษาที่แล้ว", 2568),
        ("ส่งรายงานปีนี้เมื่อไหร่", 2569),
        ("when is the report due next year", 2570),
        ("ปีงบประมาณ 2569 ส่งรายงานเมื่อไหร่", None),  # a fiscal year is not an academic year
        ("ปีงบ 69", None),
        ("ต้องรายงานปีละ 2 ครั้ง", None),
        ("ส่งภายใน 30 วัน", None),
        ("หน้าที่ข้อ 2 คืออะไร", None),
    ],
)
def test_the_academic_year_a_message_names(text, year):
    assert named_year(clean(text), date(2026, 11, 21)) == year
