"""Which typed phrases are a registration with a code, a request to register, or something else."""

from __future__ import annotations

import pytest

from handlers.registration import read_phrase


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ลงทะเบียน ABCD2345", "ABCD2345"),
        ("ลงทะเบียน: abcd-2345", "ABCD2345"),
        ("ลงทะเบียนรหัส ABCD 2345 ค่ะ", "ABCD2345"),
        ("register code abcdefgh", "ABCDEFGH"),
        ("Register XY7", None),  # too short to be a code: the recognizer decides
        ("ลงทะเบียน", ""),
        ("register", ""),
        ("register me", None),
        ("register please", None),
        ("ลงทะเบียนยังไง", None),
        ("ฉันลงทะเบียนเป็นอะไร", None),
    ],
)
def test_phrases(typed: str, code: str | None) -> None:
    slots = read_phrase(typed)
    if code is None:
        assert slots is None
    else:
        assert slots is not None and slots["intent"] == "register" and slots.get("code", "") == code
