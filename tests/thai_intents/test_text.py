"""The Thai text pipeline: cleaning what people type on LINE, and cutting it into content words."""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import pytest

from bot.thai.text import MAX_CHARS, clean, content_tokens, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ส่ง\u200bรายงาน\u200c\u200d\ufeff\u2060", "ส่งรายงาน"),  # zero-width characters
        ("ค่าาาา", "ค่า"),
        ("ครับบบบ", "ครับ"),
        ("ดีจ้าาา", "ดีจ้า"),
        ("กรรมการ ปัตตานี", "กรรมการ ปัตตานี"),  # real doubled letters stay
        ("5555 ขำ", "ขำ"),
        ("ตลก 555555555", "ตลก"),
        ("ส่ง 555 บาท", "ส่ง บาท"),  # a price of 555 is rare; the laugh is common
        ("รอบ 5 ครั้ง", "รอบ 5 ครั้ง"),
        ("ข้อ ๓ ปี ๒๕๖๘", "ข้อ 3 ปี 2568"),
        ("  English   Please \n ครับ ", "english please ครับ"),
        ("ทำไม???!!!", "ทำไม?!"),
        ("เเม่", "แม่"),  # two sara e typed for sara ae
        ("", ""),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_is_nfc() -> None:
    decomposed = "cafe\u0301"
    assert clean(decomposed) == "café"


def test_clean_caps_long_input() -> None:
    assert len(clean("ก" * 10_000)) <= MAX_CHARS
    assert len(clean("ab " * 5_000)) <= MAX_CHARS


def test_tokenize_keeps_domain_words_whole() -> None:
    tokens = tokenize(clean("ผอ.สพท.ส่งรายงานทางระบบสารบรรณอิเล็กทรอนิกส์"))
    assert "ผอ." in tokens
    assert "สพท." in tokens
    assert "สารบรรณอิเล็กทรอนิกส์" in tokens


@pytest.mark.parametrize(
    ("raw", "alias"),
    [
        ("กทม.อยู่กลุ่มไหนคะ", "กทม."),
        ("ศรีษะเกษใครดูแล", "ศรีษะเกษ"),
        ("สุราษฎร์อยู่กลุ่มอะไร", "สุราษฎร์"),
        ("อุบลใครรับผิดชอบ", "อุบล"),
    ],
)
def test_tokenize_keeps_province_alias_as_one_token(raw: str, alias: str) -> None:
    assert alias in tokenize(clean(raw))


def test_tokenize_does_not_drop_spaces_into_tokens() -> None:
    assert all(t.strip() == t and t for t in tokenize("ส่ง  รายงาน   เมื่อไหร่"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ส่งรายงานทางไหนคะ", ["ส่ง", "รายงาน", "ทาง", "ไหน"]),  # not ไห|นคะ
        ("ขอบคุณค่าาา", ["ขอบคุณ"]),  # not ขอบ|คุณค่า
        ("สวัสดีครับผม", ["สวัสดี"]),
        ("ช่วยหน่อยนะจ๊ะ", ["ช่วย"]),
        ("ค่ะ", []),
        ("🙏🙏 !!! ...", []),
        ("เช็คอินค่ะ", ["เช็คอิน"]),
        ("กลไก๑๑ข้อ", ["กลไก", "11", "ข้อ"]),
    ],
)
def test_content_tokens_drop_particles_spaces_and_punctuation(raw: str, expected: list[str]) -> None:
    assert content_tokens(raw) == expected
