"""The report round a deadline question and the reminders take as next, on the store (rule dates and an admin's):
a round due today still counts, the day after it the next one does."""

from __future__ import annotations

from datetime import date

import pytest

from bot.thai.academic import RoundDue
from storage.reference.data import reference
from storage.repositories.deadlines import next_due

ROUND_2569_1 = RoundDue(2569, 1, date(2026, 10, 1), date(2026, 10, 31))
ROUND_2569_2 = RoundDue(2569, 2, date(2027, 4, 1), date(2027, 4, 30))
ROUND_2570_1 = RoundDue(2570, 1, date(2027, 10, 1), date(2027, 10, 31))


@pytest.fixture
async def sessions(make_app):
    return (await make_app(connect_platforms=False)).sessions


@pytest.mark.parametrize(
    ("today", "wanted", "expected"),
    [
        (date(2026, 10, 15), None, ROUND_2569_1),
        (date(2026, 10, 31), None, ROUND_2569_1),  # due today still counts
        (date(2026, 11, 1), None, ROUND_2569_2),
        (date(2027, 1, 10), None, ROUND_2569_2),
        (date(2027, 4, 30), None, ROUND_2569_2),
        (date(2027, 5, 1), None, ROUND_2570_1),
        (date(2026, 11, 21), 1, ROUND_2570_1),  # the next round 1, not the one just past
        (date(2026, 11, 21), 2, ROUND_2569_2),
        (date(2027, 5, 1), 2, RoundDue(2570, 2, date(2028, 4, 1), date(2028, 4, 30))),
    ],
)
async def test_the_next_round_due(sessions, today, wanted, expected):
    async with sessions() as session:
        assert await next_due(session, reference().report_rule, today, wanted) == expected
