"""Report deadlines: the rule from the source document, with any dates an admin has set taking precedence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import RoundDue, academic_year, report_rounds
from storage.models import Deadline
from storage.reference.data import ReportRule


def rule_months(rule: ReportRule) -> list[tuple[int, int]]:
    return [(r.round, r.month) for r in rule.rounds]


async def rounds_around(session: AsyncSession, rule: ReportRule, today: date) -> list[RoundDue]:
    """Every round of last, this and next academic year, earliest due first."""
    year = academic_year(today)
    years = (year - 1, year, year + 1)
    rounds = [r for y in years for r in report_rounds(y, rule_months(rule))]
    overrides = {
        (d.academic_year, d.round): d
        for d in (await session.execute(select(Deadline).where(Deadline.academic_year.in_(years)))).scalars()
    }
    merged = []
    for r in rounds:
        override = overrides.get((r.academic_year, r.round))
        merged.append(r if override is None else replace(r, opens=override.opens_on, due=override.due_on))
    return sorted(merged, key=lambda r: r.due)


async def next_due(session: AsyncSession, rule: ReportRule, today: date, round_number: int | None = None) -> RoundDue:
    """The first round (of the given number, if any) that is due today or later."""
    rounds = await rounds_around(session, rule, today)
    return next(r for r in rounds if r.due >= today and round_number in (None, r.round))


async def rounds_of_year(session: AsyncSession, rule: ReportRule, year_be: int, today: date) -> list[RoundDue]:
    return [r for r in await rounds_around(session, rule, today) if r.academic_year == year_be]
