"""Report deadlines: the rule from the source document, with any dates an admin has set taking precedence (read
with one plain statement, or from the process's copy while they have not changed, storage/lean.py: every deadline
question asks)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from bot.thai.academic import RoundDue, academic_year, report_rounds
from storage import lean
from storage.reference.data import ReportRule


def rule_months(rule: ReportRule) -> list[tuple[int, int]]:
    return [(r.round, r.month) for r in rule.rounds]


@cache
def _rounds_by_rule(years: tuple[int, ...], months: tuple[tuple[int, int], ...]) -> tuple[RoundDue, ...]:
    """The rule's rounds of these years (pure calendar arithmetic, asked with every deadline question: kept)."""
    return tuple(r for y in years for r in report_rounds(y, months))


async def _rounds(source: AsyncSession | lean.Source, rule: ReportRule, years: tuple[int, ...]) -> list[RoundDue]:
    """Every round of these academic years, an admin's dates over the rule's, earliest due first."""
    rounds = _rounds_by_rule(years, tuple(rule_months(rule)))
    overrides = {(y, n): (opens, due) for y, n, opens, due in await lean.deadlines(source, years)}
    merged = []
    for r in rounds:
        override = overrides.get((r.academic_year, r.round))
        merged.append(r if override is None else replace(r, opens=override[0], due=override[1], set_by_admin=True))
    return sorted(merged, key=lambda r: r.due)


async def rounds_around(source: AsyncSession | lean.Source, rule: ReportRule, today: date) -> list[RoundDue]:
    """Every round of last, this and next academic year, earliest due first (from a session, or from an event's
    store without making its session)."""
    year = academic_year(today)
    return await _rounds(source, rule, (year - 1, year, year + 1))


async def next_due(
    source: AsyncSession | lean.Source, rule: ReportRule, today: date, round_number: int | None = None
) -> RoundDue:
    """The first round (of the given number, if any) that is due today or later."""
    rounds = await rounds_around(source, rule, today)
    return next(r for r in rounds if r.due >= today and round_number in (None, r.round))


async def rounds_of_year(source: AsyncSession | lean.Source, rule: ReportRule, year_be: int) -> list[RoundDue]:
    """The rounds of one academic year, any year, earliest due first."""
    return await _rounds(source, rule, (year_be,))
