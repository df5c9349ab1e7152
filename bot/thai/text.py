"""Thai text pipeline for chat messages: clean what people type on LINE, then cut it into content words.

Uses only PyThaiNLP's offline parts (``normalize``, compiled in bot/thai/normalize.py; digit helpers;
``thai_words``; newmm with a custom dictionary, rewritten for speed in bot/thai/newmm.py, over a ``WordSet``:
PyThaiNLP's ``Trie`` interface, built five times faster); set ``PYTHAINLP_OFFLINE=1`` so it never tries to
download anything. The domain dictionary is built on first use, once per process (~0.2 s), never at import time.
A message is cleaned and tokenized once per event (bot/thai/memo.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pythainlp.corpus import thai_words

from bot.thai import warmcache
from bot.thai.memo import remembered
from bot.thai.newmm import word_tokenize
from bot.thai.normalize import arabic_digits, normalize
from bot.thai.wordset import WordSet

MAX_CHARS = 1000  # longer messages are cut before any work: nobody asks a question in 1,000 characters

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u2060]")
_THAI_MARKS = "\u0e30-\u0e3a\u0e40-\u0e4e"  # vowels, tone marks and signs: never doubled in real words
_REPEATED_MARK = re.compile(f"([{_THAI_MARKS}])\\1+")
# A letter typed 3+ times at the end of a word (ครับบบ, hiii), or 4+ times anywhere; two stay (กรรม, ปัตตานี), and
# three inside a run of Thai may be two words meeting (ระบบ|บันทึก). One group opens the pattern (three, then more or
# no letter after), so the regex engine skips to the letters that can repeat (the two alternatives, each with its
# group, made it try a match at every position); tests/thai/test_repeated_letter.py keeps the former as the oracle.
_REPEATED_LETTER = re.compile(r"([ก-ฮa-z])\1\1(?:\1+|(?![ก-๛a-z]))")
_LAUGHTER = re.compile(r"(?<!\d)5{3,}(?!\d)")  # "555" is Thai for "hahaha"
_REPEATED_PUNCT = re.compile(r"([!?.,~])\1+")
_DOUBLED_PUNCT = ("!!", "??", "..", ",,", "~~")  # what _REPEATED_PUNCT needs to match
_SPACES = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true (a word character but "_")

#: Polite particles and softeners that carry no meaning for intent recognition.
PARTICLES = frozenset(
    {
        "ค่ะ", "คะ", "ค่า", "คับ", "ครับ", "ครับผม", "คร้าบ", "ค้าบ", "งับ", "ฮะ", "ฮับ", "จ้า", "จ้ะ", "จ๊ะ",
        "จ๊า", "ค๊ะ", "คร่ะ", "น้า", "นะ", "นะคะ", "นะครับ", "เนอะ", "เด้อ", "หน่อย", "ด้วย", "ๆ",
    }
)  # fmt: skip

#: Domain words added to PyThaiNLP's dictionary so that newmm keeps them whole.
DOMAIN_WORDS = frozenset(
    {
        "สพฐ.", "สพฐ", "สพท.", "สพท", "สศศ.", "สศศ", "สบน.", "สบน", "ศธจ.", "ศธจ", "ศธภ.", "ศธภ", "ผอ.", "ผอ",
        "รองผอ.", "กพฐ.", "กพฐ", "สป.ศธ.", "สถานศึกษานำร่อง", "โรงเรียนนำร่อง", "พื้นที่นวัตกรรม",
        "พื้นที่นวัตกรรมการศึกษา", "คณะกรรมการ", "กลไก", "ภารกิจ", "หน้าที่", "กำหนดส่ง", "ครั้งที่", "รอบที่",
        "กลุ่มที่", "ข้อที่", "เช็คอิน", "เช็กอิน", "เชคอิน", "อัปเดต", "อัพเดต", "อัพเดท", "ลงทะเบียน",
        "ความคืบหน้า", "ความก้าวหน้า", "สารบรรณอิเล็กทรอนิกส์", "เดดไลน์", "ผู้ทรงคุณวุฒิ", "เลขานุการ",
        "รองประธาน", "หวัดดี", "บอท", "ครับผม", "ขอบใจ", "แต๊งกิ้ว", "ภาคเรียน", "ปีการศึกษา", "เขตพื้นที่",
        "ปีนี้", "รอบหน้า", "ครั้งหน้า", "ครั้งต่อไป", "ครั้งถัดไป",
        "ขอบคุน", "ขอบคุง", "ร.ร.", "กก.", "คกก.", "คกก", "หน้าที", "มีไร",  # chat spellings, kept whole to be folded
    }
)  # fmt: skip

#: Dictionary entries that make newmm cut chat wrongly (ไหนคะ -> ไห|นคะ, รายงานปีนี้ -> ราย|งานปี) or glue a
#: number or a role to its neighbour (ที่สอง, ประธานกรรมการ), which hides it from matching.
_BAD_WORDS = frozenset(
    {
        "นคะ", "งานปี", "ส่งรายงาน", "ส่งผ่าน", "เปลี่ยนเป็น", "ประธานกรรมการ", "รองประธานกรรมการ", "ที่หนึ่ง",
        "ที่สอง", "ที่สาม", "ที่สี่", "ที่หก", "มีบทบาท", "ชุมทาง",
    }
)  # fmt: skip
#: A polite particle glued to the end of a word (ขอบคุณค่า would otherwise read as ขอบ|คุณค่า).
#: (The Thai letter before it, and the เ / ห that may not come before จ้า / น้า, are looked back for after the particle,
#: so the regex engine skips to the particles' first letters.)
_PARTICLE_WORDS = ("ครับผม", "ครับ", "คับ", "ค้าบ", "คร้าบ", "ค่ะ", "ค่า", "คะ", "จ้า", "จ้ะ", "จ๊ะ", "น้า")
_NOT_AFTER = {"จ้า": "เ", "น้า": "ห"}
_TRAILING_PARTICLE = re.compile(
    "("
    + "|".join(
        f"{word}(?<=[ก-๛]{word})" + (f"(?<!{_NOT_AFTER[word]}{word})" if word in _NOT_AFTER else "")
        for word in _PARTICLE_WORDS
    )
    + r")(?=\s|$)"
)


def clean(text: str) -> str:
    """Normalise a raw message: NFC, Thai normalisation, no zero-width characters, Arabic digits,
    collapsed repeats (ค่าาาา -> ค่า, ครับบบ -> ครับ, 5555 -> nothing), single spaces, lower-case Latin.
    Done once per text in an event (bot/thai/memo.py).
    """
    return remembered("clean", text, lambda: _warm_clean(text))


def _warm_clean(text: str) -> str:
    memo = warmcache.active  # during serve's start-up only (bot/thai/warmcache.py)
    if memo is None:
        return _clean(text)
    found = memo.cleaned.get(text)
    if found is None:
        found = memo.cleaned[text] = _clean(text)
        memo.added += 1
    return found


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    text = normalize(_ZERO_WIDTH.sub("", text))
    text = arabic_digits(text).lower()
    text = _REPEATED_MARK.sub(_first, text)
    text = _REPEATED_LETTER.sub(_first, text)
    if "555" in text:
        text = _LAUGHTER.sub(" ", text)
    if any(pair in text for pair in _DOUBLED_PUNCT):
        text = _REPEATED_PUNCT.sub(_first, text)
    return _SPACES.sub(" ", text).strip()


def extra_words() -> frozenset[str]:
    """Province names and aliases, duty and mechanism keywords from the packaged reference data."""
    from storage.reference.data import reference  # deferred: reading the YAML is not an import-time job

    data = reference()
    words: set[str] = set()
    for province in data.provinces:
        words.update((province.name_th, *province.aliases))
    for duty in data.duties:
        words.update(duty.keywords_th)
    for mechanism in data.mechanisms:
        words.update(mechanism.keywords_th)
    return frozenset(w.lower() for w in words)


@cache
def dictionary() -> WordSet:
    """The newmm dictionary: PyThaiNLP's Thai words plus the domain words, built once per process."""
    words = (set(thai_words()) | DOMAIN_WORDS | PARTICLES | extra_words()) - _BAD_WORDS
    return WordSet(w for w in words if " " not in w)


def tokenize(text: str) -> list[str]:
    """Cut cleaned text into words with newmm and the domain dictionary; spaces are dropped. Done once per text
    in an event (bot/thai/memo.py); each caller gets its own list."""
    if not text:
        return []
    return list(remembered("tokenize", text, lambda: _warm_tokenize(text)))


def _warm_tokenize(text: str) -> tuple[str, ...]:
    memo = warmcache.active  # during serve's start-up only (bot/thai/warmcache.py)
    if memo is None:
        return tuple(_tokenize(text))
    found = memo.tokens.get(text)
    if found is None:
        found = memo.tokens[text] = _tokenize(text)
        memo.added += 1
    return tuple(found)


def _tokenize(text: str) -> list[str]:
    text = _TRAILING_PARTICLE.sub(_spaced, text)
    return [t for t in word_tokenize(text, dictionary()) if t.strip()]


def _first(match: re.Match[str]) -> str:
    """`\\1` as a function: `sub` with a string template that refers to groups calls back into Python on every call
    (re._subx), a function only where something matched."""
    return match[1]


def _spaced(particle: re.Match[str]) -> str:
    """` \\1` as a function (see `_first`)."""
    return " " + particle[1]


def has_words(text: str) -> bool:
    """Whether a text has a letter or digit at all (not only emoji, stickers' alt text, punctuation)."""
    return _ALNUM.search(text) is not None


def is_content(token: str) -> bool:
    """A token that can carry meaning: has a letter or digit and is not a polite particle."""
    return token not in PARTICLES and _ALNUM.search(token) is not None


def content_tokens(text: str) -> list[str]:
    """Clean and tokenize a raw message, keeping only content words (no spaces, particles, punctuation, emoji)."""
    return [t for t in tokenize(clean(text)) if is_content(t)]
