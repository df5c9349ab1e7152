"""The fields of a progress update, the status words, the one-word answers, and the limits on what we keep.

Directors answer by tapping or by typing; both must mean the same thing, so every typed answer is read here.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import thai_digit_to_arabic_digit

ON_TRACK, AT_RISK, DELAYED = "on_track", "at_risk", "delayed"
STATUSES = (ON_TRACK, AT_RISK, DELAYED)

#: The columns of ProgressUpdate a director writes, in the order the guided conversation asks for them.
FIELDS = ("project", "status", "percent", "done", "obstacles", "help_needed")

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # Telegram bots cannot download bigger files
ATTACHMENT_TYPES = frozenset({"photo", "document"})
PROJECT_MAX_CHARS = 200  # the column holds 300; a project name longer than this is a paragraph, not a name
TEXT_MAX_CHARS = 1000

# A word boundary for Thai and Latin alike: the start, a space or punctuation before, nothing glued after in Latin.
BOUNDARY = r"(?<![^\s,;:()\[\]/|\"'“”])"
LATIN_END = r"(?![a-z])"

#: Status words; negated and "behind plan" forms come first so "ไม่เป็นไปตามแผน" is never read as on track.
STATUS_PATTERNS: tuple[tuple[str, str], ...] = (
    (ON_TRACK, r"ไม่(?:มีความ)?เสี่ยง|ไม่ล่าช้า"),
    (DELAYED, r"ไม่(?:เป็นไป)?ตาม(?:แผน|กำหนด)|ไม่ทัน(?:แผน|กำหนด)?|(?:ล่า)?ช้ากว่า(?:แผน|กำหนด)|ล่าช้า"),
    (DELAYED, r"delayed|behind(?: schedule| plan)?|late"),
    (AT_RISK, r"(?:มี)?ความเสี่ยง(?:ที่จะ)?(?:ล่าช้า|ไม่ทัน)?|เสี่ยง(?:ที่จะ)?(?:ล่าช้า|ไม่ทัน)?|at[ -]risk|risky"),
    (ON_TRACK, r"(?:เป็นไป)?ตาม(?:แผน|กำหนด)|on[ -]track|on schedule|on plan"),
)
_STATUS = [(status, re.compile(BOUNDARY + f"(?:{pattern})" + LATIN_END, re.I)) for status, pattern in STATUS_PATTERNS]
#: One-word answers to "what is the status?" that are too short to look for inside a sentence (ช้า is in ช้าง).
_STATUS_WORDS = {"ช้า": DELAYED, "ช้ากว่า": DELAYED, "ทัน": ON_TRACK, "ปกติ": ON_TRACK}

# Particles glued to the last word, and short ones that are only particles when they stand apart (ชนะ is a word).
_PARTICLES = re.compile(r"(?:\s*(?:นะคะ|นะครับ|ค่ะ|คะ|ครับ|จ้า|จ้ะ)|\s+(?:นะ|ค่า|คับ|please|pls))+$", re.I)
_EDGE_PUNCT = " \t\n.,!?;:~-–—\"'“”()"

CANCEL_WORDS = frozenset({"ยกเลิก", "เลิก", "ไม่ส่งแล้ว", "ไม่เอาแล้ว", "cancel", "/cancel", "stop"})
SKIP_WORDS = frozenset({"ข้าม", "ไม่ระบุ", "ไม่ทราบ", "skip", "-"})
NONE_WORDS = frozenset({"ไม่มี", "ไม่มีเลย", "ไม่", "none", "no", "nothing", "-"})
FINISH_WORDS = frozenset({"เสร็จ", "เสร็จแล้ว", "พอแล้ว", "ครบแล้ว", "ไม่มี", "ข้าม", "done", "finish", "skip", "-"})
CONFIRM_WORDS = frozenset({"ยืนยัน", "ตกลง", "ส่ง", "ส่งเลย", "บันทึก", "ใช่", "ok", "okay", "confirm", "yes"})
EDIT_WORDS = frozenset({"แก้ไข", "แก้", "edit", "change"})
RESUME_WORDS = frozenset({"ทำต่อ", "ต่อ", "ทำต่อเลย", "continue", "resume"})
RESTART_WORDS = frozenset({"เริ่มใหม่", "ใหม่", "restart", "new", "start over"})
BACK_WORDS = frozenset({"กลับ", "ย้อนกลับ", "back"})


def normalize(text: str) -> str:
    """NFC, Arabic digits (๖๐ -> 60), single spaces: the form every reader below expects."""
    text = thai_digit_to_arabic_digit(unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def strip_polite(text: str) -> str:
    """The text without trailing polite particles and edge punctuation, case kept: "โครงการ ก ค่ะ" -> "โครงการ ก"."""
    return _PARTICLES.sub("", text).strip(_EDGE_PUNCT)


def bare(text: str) -> str:
    """A short answer reduced to compare with word lists: "ยกเลิกค่ะ" -> "ยกเลิก", "OK!" -> "ok"."""
    text = normalize(text)
    return (strip_polite(text) or text).lower()


def status_of(text: str) -> str | None:
    """The status the words state (the first one written), or None: trouble alone ("ติดปัญหา") is no status."""
    word = bare(text)
    if word in _STATUS_WORDS:
        return _STATUS_WORDS[word]
    found = [(m.start(), -m.end(), status) for status, pattern in _STATUS if (m := pattern.search(word))]
    return min(found)[2] if found else None
