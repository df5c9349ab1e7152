"""Reading what members type: the one-message form, and buttons that fit LINE and Telegram."""

from __future__ import annotations

import pytest

from bot.checkin.parse import parse_one_message
from bot.i18n import translator
from handlers.checkin import MARKS
from storage.repositories.checkins import STATUSES

LINE_LABEL_LIMIT = 20


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("เช็คอิน ข้อ 4 เสร็จแล้ว", {"duty": 4, "status": "done", "note": None}),
        ("เช็คอินข้อ 2 กำลังทำ หมายเหตุ รอประชุม", {"duty": 2, "status": "in_progress", "note": "รอประชุม"}),
        ("เช็คอินข้อ 2 กำลังทำ รอประชุม", {"duty": 2, "status": "in_progress", "note": "รอประชุม"}),
        ("เช็กอิน ข้อที่ ๓ ติดปัญหาค่ะ", {"duty": 3, "status": "blocked", "note": None}),
        ("เช็คอิน หน้าที่ข้อ 1 ยังไม่ได้เริ่ม", {"duty": 1, "status": "not_started", "note": None}),
        ("check in duty 5 in progress note: waiting for the order", {"duty": 5, "status": "in_progress"}),
        ("เช็คอิน 6", {"duty": 6}),
        ("เช็คอิน ข้อ 4 หมายเหตุ รอผล", {"duty": 4, "note": "รอผล"}),
        ("เช็คอินข้อ 1 เรื่อยๆ", {"duty": 1, "unclear": True}),
    ],
)
def test_one_message_form(text, slots):
    parsed = parse_one_message(text)
    assert parsed is not None
    assert parsed["intent"] == "check_in"
    assert {k: parsed[k] for k in slots} == slots
    assert "status" in slots or "status" not in parsed


@pytest.mark.parametrize("text", ["เช็คอิน", "คณะกรรมการของฉันเช็คอินครบหรือยัง", "ข้อ 4 เสร็จแล้ว", "สถานะของฉัน"])
def test_other_text_is_not_a_one_message_check_in(text):
    assert parse_one_message(text) is None


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_button_fits_a_line_quick_reply(lang):
    t = translator(lang)
    labels = [t("checkin.choice.duty", number=n, short=t(f"checkin.duty_short.{n}")) for n in range(1, 7)]
    labels = [f"{mark}{label}" for label in labels for mark in ("", *MARKS.values())]
    labels += [f"{MARKS[s]} {t(f'checkin.status.{s}')}" for s in STATUSES]
    assert max(len(label.encode("utf-16-le")) // 2 for label in labels) <= LINE_LABEL_LIMIT  # 🔄 counts twice
