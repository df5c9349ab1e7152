"""Which typed messages ask for the cockpit or the semester report, and which only ask about them."""

from __future__ import annotations

import pytest

from handlers.cockpit import COCKPIT, REPORT_INTENT, cockpit_rule


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ขอลิงก์แดชบอร์ดหน่อยค่ะ", COCKPIT),
        ("รายงานภาคเรียน", REPORT_INTENT),
        ("ขอรายงานภาคเรียนตามกำหนด", REPORT_INTENT),  # asked for, whatever else it says
        ("กำหนดส่งรายงานภาคเรียนที่ 2", None),  # the deadline, not the file
        ("เดดไลน์รายงานภาคเรียนที่ 1", None),
        ("รายงานภาคเรียนส่งเมื่อไหร่", None),
        ("Management Cockpit คืออะไร", None),
        ("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ", None),
    ],
)
def test_asked_for_or_asked_about(text, intent):
    found = cockpit_rule(text)
    assert (found or {}).get("intent") == intent
