"""The working calendar, the policy's steps and the app clock started by SANDBOXBOT_CLOCK_START."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import clock_from
from bot.reminders.calendar import WorkingCalendar
from bot.reminders.planner import latest_step
from bot.reminders.policy import Policy, parse_offsets, step_name
from bot.reminders.series import Series
from bot.settings import ConfigError, Settings
from tests.reminders.conftest import local

BANGKOK = ZoneInfo("Asia/Bangkok")
CAL = WorkingCalendar(BANGKOK)


def test_a_reminder_falling_on_songkran_goes_out_the_next_working_morning() -> None:
    assert CAL.first_moment(date(2027, 4, 13)) == local(2027, 4, 16, 8, 0)
    assert CAL.first_moment(date(2027, 5, 1)) == local(2027, 5, 5, 8, 0)  # Saturday, Labour Day in lieu, Coronation
    assert CAL.first_moment(date(2027, 4, 23)) == local(2027, 4, 23, 8, 0)


@pytest.mark.parametrize(
    ("hour", "minute", "may"),
    [(7, 59, False), (8, 0, True), (12, 0, True), (19, 59, True), (20, 0, False), (23, 0, False)],
)
def test_quiet_hours(hour: int, minute: int, may: bool) -> None:
    assert CAL.may_send(local(2027, 4, 23, hour, minute)) is may


def test_weekends_and_holidays_are_quiet_all_day() -> None:
    assert not CAL.may_send(local(2027, 4, 24, 10, 0))  # Saturday
    assert not CAL.may_send(local(2027, 4, 14, 10, 0))  # Songkran
    assert CAL.next_morning(local(2027, 4, 23, 10, 0)) == local(2027, 4, 26, 8, 0)


def test_quiet_hours_and_send_time_come_from_settings() -> None:
    cal = WorkingCalendar.from_settings(BANGKOK, "18:30-09:00", "09:00")
    assert cal.quiet_start == time(18, 30) and cal.send_at == time(9, 0)
    assert not cal.may_send(local(2027, 4, 23, 8, 30))
    assert cal.first_moment(date(2027, 4, 23)) == local(2027, 4, 23, 9, 0)


def test_policy_steps() -> None:
    policy = Policy.from_settings("14, 7,3,1,0,-1,-3", "3,1")
    assert policy.offsets == (14, 7, 3, 1, 0, -1, -3) and policy.escalate_after == (1, 3)
    assert [step_name(o) for o in (14, 0, -3)] == ["t-14", "t0", "t+3"]
    assert parse_offsets("0,7,7") == (7, 0)


def test_after_downtime_only_the_latest_step_is_due() -> None:
    series = Series("r2569-2", date(2027, 4, 30), Policy().offsets)
    assert latest_step(series, series.offsets, CAL, local(2027, 4, 16, 7, 0)) is None
    assert latest_step(series, series.offsets, CAL, local(2027, 4, 16, 8, 0)) == 14
    assert latest_step(series, series.offsets, CAL, local(2027, 4, 29, 9, 0)) == 1  # not 14, 7 and 3 as well


def test_the_clock_starts_where_told_and_runs_on() -> None:
    ticks = iter([100.0, 100.0, 130.5])
    clock = clock_from(local(2027, 4, 23, 9, 0), monotonic=lambda: next(ticks))
    assert clock() == local(2027, 4, 23, 9, 0)
    assert clock() == local(2027, 4, 23, 9, 0) + timedelta(seconds=30.5)


def test_a_clock_start_without_an_offset_is_refused() -> None:
    with pytest.raises(ConfigError, match="SANDBOXBOT_CLOCK_START"):
        Settings(_env_file=None, clock_start="2027-04-23T09:00:00").check()  # type: ignore[call-arg]
