"""The specific status questions are read by phrase rules before the fuzzy recognizer; a check-in is not one."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.status import AREA, COMMITTEE, MY_STATUS, SCHOOL, status_rule
from storage.models import Deadline
from storage.reference.data import reference
from storage.repositories.status import current_period


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("คณะกรรมการของฉันเช็คอินครบหรือยัง", COMMITTEE),
        ("กรรมการเช็คอินครบยังคะ", COMMITTEE),
        ("ใครยังไม่เช็คอินบ้าง", COMMITTEE),
        ("has my committee checked in?", COMMITTEE),
        ("สถานะคณะกรรมการ", COMMITTEE),
        ("ความคืบหน้าของคณะเราถึงไหนแล้วคะ", COMMITTEE),
        ("คณะเราไปถึงไหนแล้ว", COMMITTEE),
        ("committee status", COMMITTEE),
        ("โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร", SCHOOL),
        ("โรงเรียนส่งความคืบหน้าครั้งล่าสุดเมื่อไหร่", SCHOOL),
        ("when did my school last send an update", SCHOOL),
        ("โรงเรียนไหนในเขตยังไม่ส่ง", AREA),
        ("มีโรงเรียนไหนค้างส่งบ้างคะ", AREA),
        ("which schools have not sent an update", AREA),
        ("ฉันเช็คอินครบหรือยัง", MY_STATUS),
        ("เช็คอินไปกี่ข้อแล้ว", MY_STATUS),
    ],
)
def test_status_questions(text, intent):
    assert status_rule(text) == {"intent": intent}


@pytest.mark.parametrize(
    "text",
    [
        "เช็คอิน",
        "เช็คอิน ข้อ 4 เสร็จแล้ว",
        "กรรมการมีกี่คน",
        "ส่งอัปเดตโรงเรียน",
        "สวัสดีค่ะ",
        "อัปเดตความคืบหน้าให้คณะกรรมการ",
        "สถานะคณะทำงาน",
        "องค์ประกอบคณะกรรมการ",
    ],
)
def test_other_text_is_left_to_other_rules_and_the_recognizer(text):
    assert status_rule(text) is None


async def test_the_period_runs_from_the_day_after_the_last_round_closed(app):
    rule = reference().report_rule
    async with app.sessions() as session, session.begin():
        november = await current_period(session, rule, date(2026, 11, 21))
        assert (november.due.round, november.due.due, november.starts) == (2, date(2027, 4, 30), date(2026, 11, 1))
        october = await current_period(session, rule, date(2026, 10, 31))
        assert (october.due.round, october.due.due, october.starts) == (1, date(2026, 10, 31), date(2026, 5, 1))
        session.add(Deadline(academic_year=2569, round=2, opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31)))
        await session.flush()
        moved = await current_period(session, rule, date(2026, 11, 21))
        assert (moved.due.due, moved.starts) == (date(2027, 3, 31), date(2026, 11, 1))
