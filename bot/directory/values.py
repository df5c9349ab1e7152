"""Cell values as people type them into Excel: Thai digits, stray spaces, "081-234-5678", "ใช่", "สพท.".

Each parser returns the stored form or raises `Invalid` with a message id saying what is wrong; the same
normalisers build the matching keys for people already in the store, so a file and the store compare alike.
"""

from __future__ import annotations

import re
import unicodedata

DIRECTOR = "director"  # a school director without a committee seat; not a CommitteeMember role

#: Role words per role; the first Thai word is the one the template offers.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "chair": ("ประธาน", "ประธานกรรมการ", "chair", "chairperson"),
    "vice_chair": ("รองประธาน", "รองประธานกรรมการ", "vice_chair", "vice chair"),
    "expert": ("ผู้ทรงคุณวุฒิ", "กรรมการผู้ทรงคุณวุฒิ", "expert"),
    "school_rep": (
        "ผู้แทนผู้บริหารสถานศึกษานำร่อง",
        "ผู้แทนผู้บริหารสถานศึกษา",
        "ผู้แทนสถานศึกษานำร่อง",
        "school_rep",
        "school representative",
    ),
    "secretary": ("เลขานุการ", "กรรมการและเลขานุการ", "secretary"),
    DIRECTOR: ("ผู้อำนวยการโรงเรียน", "ผู้อำนวยการสถานศึกษา", "ผอ.โรงเรียน", "director"),
}
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "area": ("สพท.", "สพป.", "สพม.", "เขตพื้นที่", "area"),
    "special": ("สศศ.", "การศึกษาพิเศษ", "special"),
}
YES_WORDS = ("ใช่", "yes", "y", "true", "1", "✓", "/")
NO_WORDS = ("ไม่ใช่", "ไม่", "no", "n", "false", "0", "-")

SCHOOL_CODE = re.compile(r"\d{10}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CODE_LIMIT = 40
NAME_LIMIT = 200
TITLE_LIMIT = 300

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_PHONE_NOISE = re.compile(r"[\s\-‐–—().]+")
_WORD_NOISE = re.compile(r"[\s.\-_]+")


class Invalid(ValueError):
    """A cell that cannot be read; `msgid` and `params` say why, in the catalog's words."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def tidy(text: str) -> str:
    """NFC, no invisible characters, single spaces, no spaces at the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text))).strip()


def name_key(name: str) -> str:
    """How full names are compared: exact after tidying spaces (Latin letters case-insensitive)."""
    return tidy(name).casefold()


def text(value: str, limit: int) -> str:
    value = tidy(value)
    if len(value) > limit:
        raise Invalid("directory.cell.too_long", limit=limit)
    return value


def code_key(value: str) -> str:
    """A committee or area office code as stored: Arabic digits, upper-case Latin, no spaces at all."""
    return tidy(value).translate(THAI_DIGITS).replace(" ", "").upper()


def code(value: str) -> str:
    value = code_key(value)
    if len(value) > CODE_LIMIT:
        raise Invalid("directory.cell.too_long", limit=CODE_LIMIT)
    return value


def school_code(value: str) -> str:
    digits = _PHONE_NOISE.sub("", tidy(value).translate(THAI_DIGITS))
    if not SCHOOL_CODE.fullmatch(digits):
        raise Invalid("directory.cell.school_code")
    return digits


def phone(value: str) -> str:
    """A Thai phone number as ten (mobile) or nine (landline) digits starting with 0.

    +66 becomes 0, and a leading 0 that Excel dropped from a number cell is put back."""
    digits = _PHONE_NOISE.sub("", tidy(value).translate(THAI_DIGITS))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    elif digits.isdigit() and not digits.startswith("0") and len(digits) in (8, 9):
        digits = "0" + digits
    if not (digits.isdigit() and digits.startswith("0") and len(digits) in (9, 10)):
        raise Invalid("directory.cell.phone")
    return digits


def phone_key(value: str | None) -> str | None:
    """A stored phone in matching form; stored values that do not parse compare by their digits."""
    if not value:
        return None
    try:
        return phone(value)
    except Invalid:
        return re.sub(r"\D", "", value.translate(THAI_DIGITS)) or None


def email_key(value: str | None) -> str | None:
    """A stored e-mail in matching form."""
    return tidy(value or "").casefold() or None


def email(value: str) -> str:
    value = tidy(value).casefold()
    if not EMAIL.fullmatch(value) or len(value) > NAME_LIMIT:
        raise Invalid("directory.cell.email")
    return value


def _word(value: str) -> str:
    return _WORD_NOISE.sub("", tidy(value)).casefold()


def _lookup(value: str, words: dict[str, tuple[str, ...]]) -> str | None:
    wanted = _word(value)
    return next((key for key, names in words.items() if wanted in {_word(n) for n in names}), None)


def role(value: str) -> str:
    """One of ROLES, or DIRECTOR for a director without a seat."""
    found = _lookup(value, ROLE_WORDS)
    if found is None:
        raise Invalid("directory.cell.role", value=tidy(value), choices=", ".join(w[0] for w in ROLE_WORDS.values()))
    return found


def kind(value: str) -> str:
    found = _lookup(value, KIND_WORDS)
    if found is None:
        raise Invalid("directory.cell.kind", value=tidy(value))
    return found


def yes_no(value: str) -> bool:
    """A blank cell is "no"."""
    if not tidy(value):
        return False
    found = _lookup(value, {"yes": YES_WORDS, "no": NO_WORDS})
    if found is None:
        raise Invalid("directory.cell.yes_no", value=tidy(value))
    return found == "yes"
