"""The short words people answer a bot's question with, in one place: one cleaner, one particle rule, one list of
each kind of word (cancel, skip, none, confirm, back, help...). Every flow compares typed answers through `bare`
and these lists, so "ยกเลิกค่ะ", "ยกเลิก ครับผม" and "Cancel!" mean the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.thai.memo import remembered
from bot.thai.normalize import arabic_digits

#: Polite particles, longest first; these may be glued to the word before them ("เสร็จแล้วครับผม").
PARTICLES: tuple[str, ...] = (
    "นะครับผม", "ครับผม", "นะคะ", "นะค่ะ", "นะครับ", "ค่ะ", "คะ", "ค๊ะ", "คร่ะ", "ครับ", "คร้าบ", "ค้าบ",
)  # fmt: skip
#: จ้า, จ้ะ glued too, but not after เ (เจ้า is a word).
_SOFT = ("นะจ๊ะ", "นะจ้ะ", "นะจ้า", "จ้า", "จ้ะ", "จ๊ะ", "จ๊า")
#: Particles that end ordinary words (บังคับ, มีค่า, ชนะ): particles only when they stand apart.
_LOOSE = ("นะ", "น้า", "ค่า", "คับ", "งับ", "ฮะ", "ฮับ", "please", "pls", "plz")
_GLUED = "|".join(map(re.escape, PARTICLES)) + "|(?<!เ)(?:" + "|".join(map(re.escape, _SOFT)) + ")"
_ANY = "|".join(map(re.escape, (*PARTICLES, *_SOFT, *_LOOSE)))
#: Only the Latin particles are read without case: re.I on the Thai ones made the engine try every alternative in turn.
_APART = (
    "|".join(re.escape(w) for w in _LOOSE if not w.isascii())
    + "|(?i:"
    + "|".join(w for w in _LOOSE if w.isascii())
    + ")"
)


def _glued_tails() -> str:
    """The particles glued to the word before them, their first letter read already (by `_TRAILING`'s first class)
    and looked back for, grouped by that letter."""
    tails = []
    for first in sorted({w[0] for w in (*PARTICLES, *_SOFT)}):
        glued = "|".join(re.escape(w[1:]) for w in PARTICLES if w[0] == first)
        soft = "|".join(re.escape(w[1:]) for w in _SOFT if w[0] == first)
        tails.append(f"(?<={first})(?:{glued})" if glued else "")
        tails.append(f"(?<={first})(?<!เ{first})(?:{soft})" if soft else "")
    return "|".join(filter(None, tails))


#: Trailing particles: one or more of (spaces and a glued particle, or spaces and a loose one) up to the end. The first
#: character is read by a class (a space or a glued particle's first letter), so the regex engine skips to those
#: characters instead of trying a match at every position; what follows it is told apart by looking back at it.
_TRAILING = re.compile(
    rf"[\s{''.join(sorted({w[0] for w in (*PARTICLES, *_SOFT)}))}]"
    rf"(?:(?<=\s)\s*(?:{_GLUED}|{_APART})|{_glued_tails()})(?:\s*(?:{_GLUED})|\s+(?:{_APART}))*$"
)
_LEADING = re.compile(rf"^(?:(?:{_ANY})(?:\s+|$))+", re.I)
#: Every character `_TRAILING` can end on, as re.I reads the particles' last letters (ſ is an s): a text that ends
#: on none of them, before an optional final newline (where `$` also matches), has no trailing particle to search
#: for (the search tried every position of the text).
_PARTICLE_ENDS = frozenset("บมะาeszESZſ")
EDGE_PUNCT = " \t\n.,!?;:~-–—\"'“”"
_LAUGHTER = re.compile(r"^(?:5{3,}|ฮ่?า(?:ๆ|\s*ฮ่?า)*|lol|haha+|hehe+)$", re.I)

CANCEL_WORDS = frozenset(
    {"ยกเลิก", "เลิก", "ออก", "ไม่เอาแล้ว", "ไม่ส่งแล้ว", "ไม่ทำแล้ว", "พอก่อน", "cancel", "/cancel", "stop", "quit", "exit"}
)
SKIP_WORDS = frozenset({"ข้าม", "ไม่ระบุ", "ไม่ทราบ", "skip", "-"})
NONE_WORDS = frozenset({"ไม่มี", "ไม่มีเลย", "ไม่มีค่ะ", "ไม่", "none", "no", "nothing", "-"})
FINISH_WORDS = frozenset({"เสร็จ", "เสร็จแล้ว", "พอแล้ว", "ครบแล้ว", "ไม่มี", "ข้าม", "done", "finish", "skip", "-"})
CONFIRM_WORDS = frozenset({"ยืนยัน", "ตกลง", "ส่ง", "ส่งเลย", "บันทึก", "ใช่", "ok", "okay", "confirm", "yes"})
EDIT_WORDS = frozenset({"แก้ไข", "แก้", "edit", "change"})
RESUME_WORDS = frozenset({"ทำต่อ", "ต่อ", "ทำต่อเลย", "continue", "resume"})
RESTART_WORDS = frozenset({"เริ่มใหม่", "ใหม่", "restart", "new", "start over"})
BACK_WORDS = frozenset({"กลับ", "ย้อนกลับ", "ย้อน", "back"})
HELP_WORDS = frozenset({"ช่วยเหลือ", "วิธีใช้", "help", "ช่วยด้วย", "ใช้งานยังไง", "ทำอะไรได้บ้าง"})
MENU_WORDS = frozenset({"เมนู", "เมนูหลัก", "menu", "main menu", "หน้าหลัก"})
AGREE_WORDS = frozenset({"ยินยอม", "ยอมรับ", "ตกลง", "yes", "agree", "i agree"})
DECLINE_WORDS = frozenset({"ไม่ยินยอม", "ไม่ยอมรับ", "ไม่ตกลง", "ไม่", "no", "decline", "i don't agree", "disagree"})
#: Acknowledgements: "I read that". They answer nothing and ask nothing; the bot says a short friendly word.
ACK_WORDS = frozenset(
    {"โอเค", "โอเคร", "ok", "okay", "oki", "ได้", "ได้เลย", "รับทราบ", "ทราบแล้ว", "เข้าใจแล้ว", "อ๋อ", "อืม", "อ่า",
     "จ้า", "ค่ะ", "ครับ", "👍", "🙏", "😊", "noted", "got it", "ดีเลย", "เยี่ยม", "ดีมาก", "ok ครับ"}
)  # fmt: skip


def normalize(text: str) -> str:
    """NFC, Arabic digits (๖๐ -> 60), single spaces: the form every reader expects; case and words kept."""
    text = arabic_digits(unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def strip_polite(text: str) -> str:
    """The text without polite particles at its edges and edge punctuation, case kept:
    "โครงการ ก ค่ะ" -> "โครงการ ก", "เสร็จแล้วครับผม" -> "เสร็จแล้ว". Only particles and punctuation go."""
    previous = None
    while previous != text:
        previous = text
        if text[-1:] in _PARTICLE_ENDS or (text[-1:] == "\n" and text[-2:-1] in _PARTICLE_ENDS):
            text = _TRAILING.sub("", text)
        text = text.strip(EDGE_PUNCT)
        text = _LEADING.sub("", text).strip(EDGE_PUNCT)
    return text


def stripped(text: str) -> str:
    """`strip_polite(normalize(text))`, once per text in an event (bot/thai/memo.py): the acknowledgement words,
    the flows' answers and the progress phrases all read it."""
    return remembered("stripped", text, lambda: strip_polite(normalize(text)))


def bare(text: str) -> str:
    """A short answer reduced to compare with the word lists: "ยกเลิกค่ะ" -> "ยกเลิก", "OK!" -> "ok". Once per
    text in an event (bot/thai/memo.py): every flow and rule asks."""
    return remembered("bare", text, lambda: _bare(text))


@lru_cache(maxsize=1024)
def bare_label(label: str) -> str:
    """`bare` for the bot's own button labels (a bounded set, read against every typed message): kept."""
    return _bare(label)


def _bare(text: str) -> str:
    return (stripped(text) or normalize(text)).lower()


def said_nothing(text: str) -> bool:
    """Only particles, punctuation or spaces: "ครับผม", " ค่ะ.", ""."""
    return not stripped(text)


def is_laughter(text: str) -> bool:
    return _LAUGHTER.match(bare(text)) is not None


def is_acknowledgement(text: str) -> bool:
    """ "โอเคค่ะ", "ครับ", "555", "👍": a word that only says the message was read."""
    word = bare(text)
    return said_nothing(text) or word in ACK_WORDS or is_laughter(text)


def is_cancel(text: str) -> bool:
    return bare(text) in CANCEL_WORDS


def is_help(text: str) -> bool:
    return bare(text) in HELP_WORDS | MENU_WORDS


def number(text: str) -> int | None:
    """An answer that is only a number, particles aside: "3", "๓", "3 ค่ะ" -> 3."""
    word = bare(text)
    return int(word) if word.isdigit() and len(word) <= 4 else None
