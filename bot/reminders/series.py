"""The deadlines reminders are about ("series"): each report round of the reference rule and each admin deadline.

A series key is short and stable, for dedupe keys and buttons: "r2569-2" (academic year 2569, round 2) or "d7"
(custom deadline 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.policy import Policy
from bot.thai.academic import RoundDue
from storage.models import CustomDeadline
from storage.reference.data import ReportRule
from storage.repositories.custom_deadlines import custom_deadlines
from storage.repositories.deadlines import rounds_around

GRACE_DAYS = 7  # a series stays open this long after its last step (late registrations still hear of it)


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    due: date
    offsets: tuple[int, ...]
    round: RoundDue | None = None
    period_start: date | None = None  # a round reports on work since the previous round's due date
    deadline: CustomDeadline | None = None

    @property
    def is_round(self) -> bool:
        return self.round is not None


def round_key(due: RoundDue) -> str:
    return f"r{due.academic_year}-{due.round}"


def _open(due: date, offsets: tuple[int, ...], policy: Policy, today: date) -> bool:
    lead = max(max(offsets, default=0), 0)
    tail = max(-min(offsets, default=0), policy.tail_days)
    return due - timedelta(days=lead) <= today <= due + timedelta(days=tail + GRACE_DAYS)


async def all_series(session: AsyncSession, rule: ReportRule, today: date) -> list[Series]:
    """Every report round around `today` and every custom deadline that is not removed, earliest first
    (offsets left empty: the caller's policy applies)."""
    rounds = await rounds_around(session, rule, today)
    result = []
    for index, due in enumerate(rounds):
        start = due.opens if index == 0 else min(due.opens, rounds[index - 1].due + timedelta(days=1))
        result.append(Series(round_key(due), due.due, (), round=due, period_start=start))
    for deadline in await custom_deadlines(session):
        result.append(Series(f"d{deadline.id}", deadline.due_on, tuple(deadline.offsets or ()), deadline=deadline))
    return sorted(result, key=lambda s: (s.due, s.key))


async def open_series(session: AsyncSession, rule: ReportRule, policy: Policy, today: date) -> list[Series]:
    """The series whose reminder window includes `today`, with their policy offsets filled in."""
    result = []
    for series in await all_series(session, rule, today):
        offsets = series.offsets or policy.offsets
        if _open(series.due, offsets, policy, today):
            result.append(Series(series.key, series.due, offsets, series.round, series.period_start, series.deadline))
    return result


async def series_by_key(
    session: AsyncSession, rule: ReportRule, policy: Policy, key: str, today: date
) -> Series | None:
    for series in await all_series(session, rule, today):
        if series.key == key:
            return Series(
                series.key, series.due, series.offsets or policy.offsets, series.round, series.period_start,
                series.deadline,
            )  # fmt: skip
    return None
