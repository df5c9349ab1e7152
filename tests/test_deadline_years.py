"""A deadline question that names an academic year is answered for that year (the clock stands at 21 Nov 2026,
academic year 2569): never with another year's dates, and with none made up for a year before the rule."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adapters.console import ConsoleAdapter


@pytest.fixture
async def app(make_app):
    return await make_app(connect_platforms=False)


@pytest.fixture
def ask(app):
    console = ConsoleAdapter(app.processor, user_id="asker")

    async def ask(text: str) -> str:
        return "\n".join(reply.as_text() for reply in await console.ask(text))

    return ask


async def test_one_round_of_a_named_year_even_when_it_is_past(ask):
    for question in ("รายงานครั้งที่ 1 ปีการศึกษา 2569 ส่งเมื่อไหร่", "รายงานครั้งที่ 1 ปี 2569 ส่งเมื่อไหร่"):
        answer = await ask(question)
        assert "ครั้งที่ 1 (ภาคเรียนที่ 1 ปีการศึกษา 2569)" in answer and "31 ตุลาคม 2569" in answer, question
        assert "เลยกำหนดมาแล้ว 21 วัน" in answer and "2570" not in answer, question
    earlier = await ask("กำหนดส่งรายงานครั้งที่ 2 ปีการศึกษา 2568")
    assert "30 เมษายน 2569" in earlier and "เลยกำหนดมาแล้ว" in earlier


async def test_a_named_or_next_year_gets_that_years_rounds(ask):
    for question in ("กำหนดส่งรายงานปีการศึกษา 2570", "กำหนดส่งรายงานปีหน้า"):
        answer = await ask(question)
        assert "ปีการศึกษา 2570" in answer and "31 ตุลาคม 2570" in answer and "30 เมษายน 2571" in answer, question
        assert "2569" not in answer, question


async def test_a_semester_named_is_its_round(ask):
    for question in ("กำหนดส่งรายงานเทอม 2", "กำหนดส่งรายงานภาคเรียนที่ 2"):  # the latter is not the report file
        answer = await ask(question)
        assert "ครั้งที่ 2 (ภาคเรียนที่ 2 ปีการศึกษา 2569)" in answer and "30 เมษายน 2570" in answer, question


async def test_both_rounds_named_get_both(ask):
    answer = await ask("รายงานครั้งที่ 1 และ 2 ส่งเมื่อไหร่")
    assert "31 ตุลาคม 2569" in answer and "30 เมษายน 2570" in answer


async def test_no_dates_are_made_up_for_a_year_before_the_rule(ask):
    answer = await ask("กำหนดส่งรายงานปีการศึกษา 2565")
    assert "ไม่มีกำหนดส่งของปีการศึกษา 2565" in answer and "ตั้งแต่ปีการศึกษา 2567" in answer
    assert "ตุลาคม" not in answer and "เมษายน" not in answer


async def test_an_admins_dates_count_for_any_year(app, ask):
    from storage.models import Deadline

    async with app.sessions() as session, session.begin():
        session.add(Deadline(academic_year=2565, round=1, opens_on=date(2022, 10, 1), due_on=date(2022, 10, 15)))
    answer = await ask("รายงานครั้งที่ 1 ปีการศึกษา 2565 ส่งเมื่อไหร่")
    assert "15 ตุลาคม 2565" in answer and "วันที่ตามที่ผู้ดูแลระบบกำหนด" in answer
