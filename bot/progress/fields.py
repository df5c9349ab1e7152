"""The fields of a progress update, the status words, and the limits on what we keep (answer words: bot.thai.answers).

Directors answer by tapping or by typing; both must mean the same thing, so every typed answer is read here.
"""

from __future__ import annotations

import re

from bot.thai.answers import bare

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


def status_of(text: str) -> str | None:
    """The status the words state (the first one written), or None: trouble alone ("ติดปัญหา") is no status."""
    word = bare(text)
    if word in _STATUS_WORDS:
        return _STATUS_WORDS[word]
    found = [(m.start(), -m.end(), status) for status, pattern in _STATUS if (m := pattern.search(word))]
    return min(found)[2] if found else None
