"""Read a progress update typed in one message: "อัปเดต โครงการห้องเรียนกลับด้าน คืบหน้า 60% ติดปัญหางบประมาณ".

Pure functions over strings. Thai has no spaces between words, so the message is cut at marker words (โครงการ,
ติดปัญหา, ต้องการความช่วยเหลือ, status words...) and each marker takes the text up to the next one. Markers that are
also ordinary syllables (ปัญหา, รร, ตามแผน) count only at a word boundary. No library parses this kind of
semi-structured Thai, and a model would be slower and less predictable than these few rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.progress.fields import BOUNDARY, LATIN_END, STATUS_PATTERNS, status_of
from bot.thai.answers import normalize, strip_polite, stripped
from bot.thai.text import has_words

_UPDATE = r"(?:อัปเดต|อัพเดท|อัพเดต|อัปเดท|update)"
_PROGRESS = r"(?:ความคืบหน้า|ความก้าวหน้า|progress)"
_MINE = r"(?:\s*(?:ของ)?\s*(?:โรงเรียน|รร\.?|ร\.ร\.)?\s*(?:ฉัน|เรา|ผม|ดิฉัน|หนู)?)"

_HISTORY = re.compile(
    rf"(?:ขอ)?(?:ดู|เปิด)?\s*(?:{_UPDATE}|{_PROGRESS}|ส่ง{_PROGRESS})\s*(?:{_PROGRESS}\s*)?"
    rf"(?:ล่าสุด|ย้อนหลัง|ที่ผ่านมา|ก่อนหน้า)\s*(?:3\s*(?:ครั้ง|รายการ|อัน))?{_MINE}"
    rf"|ประวัติ(?:การ)?(?:{_UPDATE}|ส่ง{_PROGRESS}|{_PROGRESS}){_MINE}"
    r"|(?:show\s+)?(?:my\s+)?(?:latest|last|recent)\s+(?:progress\s+)?updates?",
    re.I,
)
_EDIT_LAST = re.compile(
    rf"(?:ขอ)?แก้(?:ไข)?\s*(?:{_UPDATE}|{_PROGRESS})\s*(?:{_PROGRESS}\s*)?(?:ครั้ง|อัน)?(?:ล่าสุด)?{_MINE}"
    r"|edit\s+(?:my\s+)?(?:the\s+)?(?:last|latest)\s+(?:progress\s+)?update",
    re.I,
)
# "อัปเดต" then content: after a space or a colon, or glued when the content opens with a marker word.
_START = re.compile(
    rf"(?:ขอ)?(?:ส่ง)?{_UPDATE}(?:\s*{_PROGRESS})?(?P<rest>(?:[\s:：-]|โครงการ|โรงเรียน|นวัตกรรม|รร\.|ร\.ร\.).*)?",
    re.I | re.S,
)

# An update typed without "อัปเดต": it opens with the project (or the school, then the project) and states how far
# along or how it goes; a question about projects is not one.
_IMPLICIT = re.compile(r"(?:(?:โรงเรียน|รร\.?|ร\.ร\.)\S*\s*)?(?:โครงการ|นวัตกรรม)\S", re.I)
_QUESTION = re.compile(r"ไหม|มั้ย|ไหน|อะไร|เมื่อไ|ยังไง|อย่างไร|กี่|หรือยัง|ใคร|\?|how|what|when|which", re.I)

_NUMBER = r"(?P<n>\d{1,4})(?:\.(?P<f>\d+))?"
_ADVANCED = r"(?:ความ)?(?:คืบหน้า|ก้าวหน้า)(?:ไป)?(?:แล้ว)?(?:ได้)?\s*"
_DONE_SO_FAR = r"(?:(?:ความ)?(?:คืบหน้า|ก้าวหน้า)|ดำเนินการ)(?:ไป)?(?:แล้ว)?(?:ได้)?\s*"  # only before "60%"
_ABOUT = r"(?:ประมาณ|ราว|ราวๆ|about|around)?\s*"
_PERCENT_FORMS = (
    re.compile(
        rf"(?:{_DONE_SO_FAR})?{_ABOUT}(?<![\d.]){_NUMBER}\s*(?:%|เปอร์เซ็นต์|เปอร์เซนต์|เปอร์เซ็น|percent|pct){LATIN_END}",
        re.I,
    ),
    re.compile(rf"(?:{_DONE_SO_FAR})?{_ABOUT}ร้อยละ\s*{_NUMBER}(?!\d)", re.I),
    re.compile(rf"{_ADVANCED}{_ABOUT}{_NUMBER}(?![\d.])", re.I),
)
_BARE_NUMBER = re.compile(rf"{_ABOUT}{_NUMBER}", re.I)

# (kind, pattern, needs a word boundary before it, the status it states). At one position the first alternative
# wins, so the negated forms ("ไม่มีปัญหา", "ไม่เป็นไปตามแผน") come before the plain ones.
_MARKERS: tuple[tuple[str, str, bool, str | None], ...] = (
    ("no_obstacles", r"ไม่มี(?:ปัญหา|อุปสรรค)(?:อะไร)?|ไม่ติด(?:ปัญหา|ขัด)|no (?:problems?|obstacles?|issues?)", True, None),
    ("no_help", r"ไม่ต้องการ(?:ความช่วยเหลือ|การสนับสนุน)|ไม่ต้องการให้ช่วย|no help needed", True, None),
    *(
        ("status", rf"(?:สถานะ\s*:?\s*|status\s*:?\s*)?(?:{pattern})", True, status)
        for status, pattern in STATUS_PATTERNS
    ),
    ("school", r"โรงเรียน|ร\.ร\.|รร\.?|school", True, None),
    ("project", r"(?:ชื่อ)?โครงการ(?:ชื่อ)?|project", True, None),
    ("project", r"(?=นวัตกรรม)", True, None),  # the word stays: "นวัตกรรม..." is the innovation's name
    ("obstacles", r"ติดปัญหา(?:เรื่อง|ที่)?|ติดขัด(?:เรื่อง|ที่)?|อุปสรรค(?:คือ|ที่พบ)?", False, None),
    ("obstacles", r"ปัญหา(?:คือ|ที่พบ)?|problems?|obstacles?|issues?|blocked by", True, None),
    (
        "help_needed",
        r"(?:ต้องการ|ขอ|อยากได้)(?:ความช่วยเหลือ|การสนับสนุน|ให้ช่วย)(?:เรื่อง|ด้าน|ใน)?|ขอ(?:รับ)?สนับสนุน(?:เรื่อง|ด้าน)?",
        False,
        None,
    ),
    ("help_needed", r"(?=(?:ต้องการ|อยากได้)(?!ให้))", False, None),  # the word stays: "ต้องการครูอัตราจ้าง"
    ("help_needed", r"need(?:s)? help(?: with)?|help needed|help", True, None),
    ("done", r"(?:สิ่งที่)?ทำ(?:ไป)?แล้ว|ดำเนินการแล้ว|ผลการดำเนินงาน|ผลงาน|สิ่งที่ทำ|done|did", True, None),
    ("progress", r"(?:ความ)?(?:คืบหน้า|ก้าวหน้า)(?:ไป)?(?:แล้ว)?|progress", True, None),
    ("label", r"สถานะ|status", True, None),
)
_MARKER = re.compile(
    "|".join(
        f"(?P<m{i}>{BOUNDARY if boundary else ''}(?:{pattern}){LATIN_END})"
        for i, (_, pattern, boundary, _) in enumerate(_MARKERS)
    ),
    re.I,
)
_REASON = re.compile(r"^(?:เพราะ(?:ว่า)?|เนื่องจาก|เนื่องด้วย|because(?: of)?)\s*", re.I)
_TRIM = " \t\n,;:.-–—|/"  # parentheses are trimmed only when unbalanced: "(ทวิภาษา)" keeps both
_CUT = " | "  # where a percentage was taken out of the text
_FREE_TEXT = ("done", "obstacles", "help_needed")  # a school named after these is part of the text


@dataclass(frozen=True, slots=True)
class ParsedUpdate:
    """What one message says; None is "not said", "" is "said there is none" (ไม่มีปัญหา)."""

    project: str | None = None
    status: str | None = None
    percent: int | None = None  # as written: the conversation refuses 150 and asks again
    done: str | None = None
    obstacles: str | None = None
    help_needed: str | None = None
    school: str | None = None  # a school named in the message, without the word โรงเรียน


@dataclass(frozen=True, slots=True)
class Phrase:
    """What the phrase rule read: which progress intent, and the free-form content if any."""

    intent: str  # progress_update, progress_history, progress_edit_last
    content: str = ""


def match_phrase(text: str) -> Phrase | None:
    """Exact progress phrases: the history, editing the latest update, or "อัปเดต" with or without content."""
    clean = stripped(text)
    if _HISTORY.fullmatch(clean):
        return Phrase("progress_history")
    if _EDIT_LAST.fullmatch(clean):
        return Phrase("progress_edit_last")
    start = _START.fullmatch(clean)
    if start is None:
        if _IMPLICIT.match(clean) and not _QUESTION.search(clean) and (find_percent(clean) or status_of(clean)):
            return Phrase("progress_update", _tidy(clean))
        return None
    return Phrase("progress_update", _tidy((start.group("rest") or "").strip(_TRIM + "：")))


def find_percent(text: str) -> tuple[int, int, int] | None:
    """(value, start, end) of the first percentage in normalised text: "60%", "60 เปอร์เซ็นต์", "คืบหน้า 60"."""
    for form in _PERCENT_FORMS:
        match = form.search(text)
        if match:
            value = round(float(f"{match['n']}.{match['f'] or 0}"))
            return value, match.start(), match.end()
    return None


def read_percent(text: str) -> int | None:
    """The number in an answer to "how far along?": "60", "๖๐%", "ร้อยละ 60", "ประมาณ 60 เปอร์เซ็นต์"."""
    clean = strip_polite(normalize(text))
    found = find_percent(clean)
    if found is not None and not (clean[: found[1]] + clean[found[2] :]).strip(_TRIM):
        return found[0]
    bare = _BARE_NUMBER.fullmatch(clean)
    return round(float(f"{bare['n']}.{bare['f'] or 0}")) if bare else None


def parse_update(text: str) -> ParsedUpdate:
    """Every field the message states; a status only when status words are there (ติดปัญหา alone is none)."""
    clean = strip_polite(normalize(text))
    percent = None
    found = find_percent(clean)
    if found is not None:
        percent, start, end = found
        clean = f"{clean[:start]}{_CUT}{clean[end:]}"
    markers = _markers(clean)
    values: dict[str, str | None] = {}
    leftovers = [clean[: markers[0][1]] if markers else clean]
    for index, (kind, _, end, status) in enumerate(markers):
        value = _tidy(clean[end : markers[index + 1][1] if index + 1 < len(markers) else len(clean)])
        if kind == "status":
            values["status"] = status
            reason = _REASON.match(value)
            if reason:
                values.setdefault("obstacles", _tidy(value[reason.end() :]) or None)
            else:
                leftovers.append(value)
        elif kind == "school":
            name, _, rest = value.partition(" ")
            values["school"] = name or None
            leftovers.append(rest)
        elif kind in ("no_obstacles", "no_help"):
            values["obstacles" if kind == "no_obstacles" else "help_needed"] = ""
            leftovers.append(value)
        elif kind == "project" and _CUT in value:  # the name ends where the percentage stood
            name, _, rest = value.partition(_CUT.strip())
            values["project"] = _tidy(name) or None
            leftovers.append(rest)
        elif kind == "progress":
            values.setdefault("done", value or None)
        elif kind == "label":
            leftovers.append(value)
        else:
            values[kind] = value or None
    rest = [t for t in map(_tidy, leftovers) if t]
    if values.get("project") is None and rest:
        values["project"] = rest.pop(0)
    if rest:
        _keep(values, " ".join(rest))
    return ParsedUpdate(percent=percent, **values)


def _keep(values: dict[str, str | None], text: str) -> None:
    """Words no marker claimed are never dropped: a reason after a late or risky status is the obstacle, anything
    else is what was done (the director sees both on the card before confirming)."""
    trouble = values.get("status") in ("delayed", "at_risk")
    for field in ("obstacles", "done") if trouble else ("done", "obstacles"):
        if not values.get(field):
            values[field] = text
            return
    values["done"] = f"{values['done']} {text}"


def _markers(text: str) -> list[tuple[str, int, int, str | None]]:
    """(kind, start, end, status) of the markers that count: the first of each kind; a school only before free text."""
    kept: list[tuple[str, int, int, str | None]] = []
    seen: set[str] = set()
    for match in _MARKER.finditer(text):
        kind, _, _, status = _MARKERS[int((match.lastgroup or "m0")[1:])]
        field = {"no_obstacles": "obstacles", "no_help": "help_needed"}.get(kind, kind)
        if field in seen or (kind == "school" and seen.intersection(_FREE_TEXT)):
            continue
        if field != "label":
            seen.add(field)
        kept.append((kind, match.start(), match.end(), status))
    return kept


def _tidy(text: str) -> str:
    """Single spaces, no separators at the edges, and no parenthesis at an edge that has no partner."""
    text = " ".join(text.split()).strip(_TRIM)
    while True:
        before = text
        if text.endswith("(") or (text.startswith("(") and text.count("(") > text.count(")")):
            text = text[:-1] if text.endswith("(") else text[1:]
        if text.startswith(")") or (text.endswith(")") and text.count(")") > text.count("(")):
            text = text[1:] if text.startswith(")") else text[:-1]
        text = text.strip(_TRIM)
        if text == before:
            return text


_PROJECT_WORD = re.compile(r"^(?:(?:ชื่อ)?โครงการ(?:ชื่อ)?|project)\s*[:：-]?\s*", re.I)
_SCHOOL_WORD = re.compile(r"^(?:โรงเรียน|ร\.ร\.|รร\.?|school)\s*", re.I)


def project_name(text: str) -> str:
    """A typed project name without the word โครงการ: "โครงการห้องเรียนกลับด้านค่ะ" -> "ห้องเรียนกลับด้าน"; empty when
    nothing in it could name a project (an emoji, punctuation)."""
    name = _tidy(_PROJECT_WORD.sub("", strip_polite(normalize(text))))
    return name if has_words(name) else ""


def same_school(mention: str, name: str) -> bool:
    """Whether "บ้านสอง" or "รร.บ้านสอง" names the school "โรงเรียนบ้านสอง" (a unique start of the name is enough)."""
    said, full = _school_key(mention), _school_key(name)
    return bool(said) and (said == full or (len(said) >= 3 and full.startswith(said)))


def _school_key(text: str) -> str:
    return _SCHOOL_WORD.sub("", strip_polite(normalize(text))).replace(" ", "").lower()
