""" "Next" and "previous" step through a series (duties, mechanisms) only when they name its next item: the next
report round or meeting is a question of its own, even right after a mechanism was asked about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("step", ["ข้อถัดไปล่ะ", "next one?", "and the next?"])
async def test_the_next_item_of_the_series(ask, step):
    assert "กลไกที่ 11" in await ask("กลไกที่ 10 คืออะไร", step)


@pytest.mark.parametrize("step", ["แล้วข้อก่อนหน้าล่ะ", "previous one"])
async def test_the_previous_item_of_the_series(ask, step):
    assert "กลไกที่ 9" in await ask("กลไกที่ 10 คืออะไร", step)


@pytest.mark.parametrize(
    ("question", "not_said"),
    [
        ("รายงานครั้งต่อไปต้องส่งเมื่อไหร่", "กลไกที่ 11"),
        ("when is the next report due?", "กลไกที่ 11"),
        ("ประชุมครั้งต่อไปเมื่อไหร่", "กลไกที่ 11"),
        ("when is the next meeting?", "26 สิงหาคม 2567"),  # a past meeting is not the next one
    ],
)
async def test_the_next_report_or_meeting_is_not_the_next_mechanism(ask, question, not_said):
    assert not_said not in await ask("กลไกที่ 10 คืออะไร", question)
