"""What a message names and asks, read by rule for composed answers: every province (not only the first), the
people of the two groups, committee kind and seat, duty or mechanism number, report round, yes/no, comparison,
counting, follow-up markers and the report's sub-questions (to whom, through what, which month...).

Rules over the cleaned, space-free text. A misspelt province is found by the recognizer's slot reader first; when
it finds none and the message asks about a place, `_fuzzy_place` compares windows of the text with the names of the
twenty, tone marks aside, and accepts one edit at a word boundary ("ตราทอยู่กลุ่มไหน", "เชียงไหม").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pythainlp.corpus import provinces as thai_provinces
from pythainlp.util import thaiword_to_num
from rapidfuzz.distance import Levenshtein

from bot.thai.academic import english_round
from bot.thai.substrings import SubstringIndex, letter_pairs
from bot.thai.text import clean, dictionary, tokenize
from storage.reference.data import ReferenceData

_NUMBER_WORDS = "สิบเอ็ด|สิบสอง|สิบ|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า"
_NUM = rf"(\d{{1,2}}|{_NUMBER_WORDS})"
_GROUP = re.compile(rf"(?:กลุ่ม|group)(?:ที่)?{_NUM}(?!\d)")
_ITEM = re.compile(
    rf"(?:หน้าที่|ภารกิจ|กลไก|ข้อ|duty|mechanism)(?:ข้อ|ตัว)?(?:ที่)?{_NUM}(?!\d|คน|จังหวัด|คณะ|ข้อ|กลไก|ภารกิจ|ประการ|อย่าง|ด้าน)"
)
_ORDINAL = re.compile(r"(?:หน้าที่|ภารกิจ|กลไก|ข้อ)(?:ข้อ|ตัว|อัน)?(?:ที่)?(แรก|สุดท้าย|ท้าย|หลังสุด)")
_ENGLISH_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh"
)  # fmt: skip
#: "the third duty", "the 10th mechanism", "the last one" (duty and mechanism are read as Thai by then)
_ENGLISH_ORDINAL = re.compile(
    rf"({'|'.join(_ENGLISH_ORDINALS)}|last|\d{{1,2}}(?=st|nd|rd|th))(?:st|nd|rd|th)?(?:one|item|หน้าที่|กลไก|ข้อ)"
)
_EITHER_GROUP = re.compile(rf"(?:กลุ่ม|group)(?:ที่)?{_NUM}(?:หรือ|or|กับ|และ|,)(?:กลุ่ม|group)?(?:ที่)?{_NUM}(?!\d)")
_ROUND = re.compile(rf"(?:ครั้ง|รอบ|round)(?:ที่)?({_NUM[1:-1]}|แรก)(?!\d)")
# No pattern below starts with ^ or a lookbehind: the regex engine then skips to the characters an alternative starts
# with instead of trying a match at every position (what starts the text is matched apart, with `match`).
_YESNO_OPENING = re.compile(r"(?:is|are|does|do|did|can)(?=[a-zก-๛])")
_YESNO = re.compile(
    r"จริงไหม|จริงมั้ย|จริงมั๊ย|จริงหรือเปล่า|จริงรึเปล่า|จริงป่ะ|ด้วย(?:ไหม|มั้ย|มั๊ย)|ใช่ไหม|ใช่มั้ย|ใช่มั๊ย|ใช่ป่ะ|ใช่เปล่า|ใช่หรือไม่|ใช่รึ|ใช่ป่าว|หรือเปล่า|รึเปล่า|หรือป่าว|รึป่าว|ป่ะ$|ป่าว$|หรือไม่$|ไหม$|มั้ย$|มั๊ย$|ใช่ปะ|ปะ$|"
    + "|".join(f"{ask}(?:คะ|ค่ะ|ครับ|คับ|นะ|จ้ะ|จ๊ะ)$" for ask in ("ป่ะ", "ป่าว", "ปะ", "ไหม", "มั้ย"))
)
_SAME = re.compile(r"เดียวกัน|เดียวกับ|เหมือนกัน|คนละกลุ่ม|ต่างกลุ่ม|same")
_COUNT = re.compile(r"กี่(?<!เกี่)(?!ย)|จำนวน|howmany|เท่าไหร่|เท่าไร")
_FOLLOW_OPENING = re.compile(r"แล้ว|และ|ส่วน|งั้น|ถ้า|whatabout|howabout|and")
_FOLLOW = re.compile(
    r"ด้วย(?:ไหม|มั้ย|หรือเปล่า|รึเปล่า|ป่ะ|ปะ)|ล่ะ|หล่ะ|ละ$|ละคะ$|ละครับ$|อ่ะ$|ถัดไป|ต่อไป|ก่อนหน้า|อีก|"
    + "|".join(f"{word}(?:นั้น|นี้)" for word in ("กลุ่ม", "ข้อ", "จังหวัด", "คน", "ท่าน", "อัน"))
)
# The next / previous ITEM of a series; "รายงานครั้งต่อไป", "the next report" are about time, not the series.
_WHEN = ("ครั้ง", "รอบ", "งวด", "ปี", "เดือน", "ภาค", "วัน", "สัปดาห์")
_LATER = r"(?!report|meeting|round|deadline|time|year|month|week|semester|due|submission|term|รายงาน|ประชุม|กำหนด)"


def _not_after_when(word: str) -> str:
    """`word`, when no word of time comes before it (looked back after the word, so the search can skip to it)."""
    return word + "".join(f"(?<!{when}{word})" for when in _WHEN)


_NEXT = re.compile(rf"{_not_after_when('ถัดไป')}|{_not_after_when('ต่อไป')}|ข้อต่อ|next{_LATER}")
_PREVIOUS = re.compile(rf"{_not_after_when('ก่อนหน้า')}|ข้อที่แล้ว|previous{_LATER}")
_THAT_GROUP = re.compile(r"กลุ่ม(?:นั้น|นี้|ดังกล่าว)|จังหวัดอะไรอีก|จังหวัดไหนอีก|ที่ไหนอีก")
_AREA_KIND = re.compile(r"สพท|เขตพื้นที่|เขตพท|ระดับเขต|คณะกรรมการเขต|กรรมการเขต|ของเขต")
_MEETING = re.compile(r"ประชุม|meeting|เข้าร่วม|attend")
_OTHER_SKIP = frozenset({"เลย", "แพร่", "ตาก", "น่าน", "ตรัง", "ชุมพร"})  # everyday words unless after จังหวัด

#: Seat words, longest first so รองประธาน is not read as ประธาน.
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("รองประธาน", "vice_chair"), ("vicechair", "vice_chair"), ("ประธาน", "chair"), ("chair", "chair"),
    ("เลขานุการ", "secretary"), ("เลขาฯ", "secretary"), ("เลขา", "secretary"), ("secretary", "secretary"),
    ("ผู้ทรงคุณวุฒิ", "expert"), ("ผู้ทรงฯ", "expert"), ("ผู้ทรง", "expert"), ("expert", "expert"),
    ("ผู้แทนผู้บริหาร", "school_rep"), ("ผู้แทนโรงเรียน", "school_rep"), ("ผู้แทนสถานศึกษา", "school_rep"),
    ("ตัวแทนโรงเรียน", "school_rep"), ("ผู้แทน", "school_rep"), ("ตัวแทน", "school_rep"),
)  # fmt: skip
_NOT_A_SEAT = re.compile(
    r"ผู้ช่วยเลขา\S?|ฝ่ายเลขา(?:นุการ)?|เลขาธิการ|เลขาฯ?\.?(?:กพฐ|สพฐ)|ประธานาธิบดี|ประธานสภา|ประธานบริษัท|ประธานการประชุม|ประธานประชุม|ประธานในการประชุม|ประธานในที่ประชุม"
)

#: The report's sub-questions: each a pattern over the compact text.
REPORT_ASKS: dict[str, re.Pattern[str]] = {
    "recipient": re.compile(
        r"ส่ง(?:ให้|ถึง|ไป|ไปให้|ไปที่)?(?:ใคร|หน่วยงาน|ที่ไหน|ไหน)|เสนอ(?:ต่อ|ให้)?(?:ใคร|หน่วยงาน)|เสนอต่อ|ใครรับ|towho|ส่งที่"
    ),
    "channel": re.compile(
        r"ทางไหน|ผ่านอะไร|ผ่านระบบ|ผ่านทาง|ช่องทาง|ส่งยังไง|ส่งอย่างไร|วิธีส่ง|ระบบอะไร|ทางอะไร|ส่งทาง|ส่งไง|ออนไลน์|กระดาษ|อีเมล|email|howto"
    ),
    "months": re.compile(
        r"เดือนอะไร|เดือนไหน|เดือนไร|เมื่อไหร่|เมื่อไร|ตอนไหน|ช่วงไหน|กำหนดส่ง|ส่งภายใน|when|ภายในเดือน|deadline|เดดไลน์"
    ),
    "inform": re.compile(r"แจ้งใคร|แจ้งให้ใคร|ต้องแจ้ง|แจ้ง.*ทราบ|ใครต้องรู้|inform"),
    "frequency": re.compile(r"กี่ครั้ง|บ่อยแค่ไหน|บ่อยไหม|ปีละ|ภาคเรียนละ|เทอมละ|howoften|ถี่"),
    "covers": re.compile(r"รายงาน(?:ผล)?(?:ตาม)?(?:เรื่อง|อะไร|ข้อไหน|ข้อใด)|รายงานผล(?:ตาม)?ข้อ|ครอบคลุม"),
}
#: Any of the sub-questions (most messages ask none: one search instead of six).
_ANY_REPORT_ASK = re.compile("|".join(pattern.pattern for pattern in REPORT_ASKS.values()))  # each one alternation
_REPORT = re.compile(r"รายงาน|ส่ง|report|submit")
#: Chat abbreviations spelt out before reading (จว. = จังหวัด, กก. = กรรมการ, ผบ. = ผู้บริหาร).
_EXPANDED = {
    "จว.": "จังหวัด", "จว": "จังหวัด", "คกก.": "คณะกรรมการ", "คกก": "คณะกรรมการ", "กก.": "กรรมการ",
    "ผบ.": "ผู้บริหาร", "รร.": "โรงเรียน", "ร.ร.": "โรงเรียน",
}  # fmt: skip
#: English words read as the Thai the rules know (longest first), so "vice chairs of the special education
#: committee" is not read as the area offices' chair.
_ENGLISH = {
    "special education": "สศศ", "special-education": "สศศ", "area-office": "สพท", "area offices": "สพท",
    "due": "กำหนดส่ง", "each": "แต่ละคณะ", "bureau of special": "สศศ", "area office": "สพท",
    "service area": "สพท", "vice chairs": "รองประธาน", "vice chair": "รองประธาน", "vice-chair": "รองประธาน",
    "deputy chair": "รองประธาน", "chairs": "ประธาน", "chaired": "ประธาน", "chair": "ประธาน",
    "deputy permanent secretary": "รองปลัดกระทรวงศึกษาธิการ", "permanent secretary": "ปลัดกระทรวงศึกษาธิการ",
    "regional education offices": "ศธภ", "regional education office": "ศธภ",
    "provincial education offices": "ศธจ", "provincial education office": "ศธจ",
    "secretary-general": "เลขาธิการ", "secretary general": "เลขาธิการ", "of obec": "กพฐ", "obec": "กพฐ",
    "assistant secretary-general": "ผู้ช่วยเลขาธิการ", "assistant secretary general": "ผู้ช่วยเลขาธิการ",
    "secretary": "เลขานุการ", "experts": "ผู้ทรงคุณวุฒิ", "expert": "ผู้ทรงคุณวุฒิ", "working group": "คณะทำงาน",
    "school representatives": "ผู้แทนผู้บริหารสถานศึกษานำร่อง", "representatives": "ผู้แทน",
    "committees": "คณะกรรมการ", "committee": "คณะกรรมการ", "members": "คน", "people": "คน", "provinces": "จังหวัด",
    "province": "จังหวัด", "duties": "หน้าที่", "duty": "หน้าที่", "mechanisms": "กลไก", "mechanism": "กลไก",
    "meeting": "ประชุม", "attended": "เข้าร่วม", "attend": "เข้าร่วม", "how many": "กี่", "same group": "กลุ่มเดียวกัน",
    "which group": "กลุ่มไหน", "who is": "ใครคือ", "who": "ใคร", "when": "เมื่อไหร่", "deadline": "กำหนดส่ง",
    "report": "รายงาน", "reports": "รายงาน", "submitted": "ส่ง", "submit": "ส่ง", "sent to": "ส่งให้ใคร",
    "send to": "ส่งให้ใคร", "drives": "ขับเคลื่อน", "drive": "ขับเคลื่อน", "office": "หน่วยงาน",
    "phitak": "พิทักษ์", "surin": "สุรินทร์มั่นประสงค์", "suwit": "สุวิทย์", "phuthorn": "ภูธร", "supat": "สุภัทร",
    "somjai": "สมใจ", "permpoon": "เพิ่มพูน", "position": "ตำแหน่ง", "positions": "ตำแหน่ง", "job title": "ตำแหน่ง",
    "sottayakom": "โสตถยาคม", "manprasong": "มั่นประสงค์", "bungbua": "บึงบัว", "chanthahong": "จันทะหงษ์",
    "wongjinda": "วงษ์จินดา", "khwandet": "ขวัญเดช", "champatong": "จำปาทอง", "wisettaksin": "วิเศษทักษิณ",
    "chidchob": "ชิดชอบ", "area committees": "คณะกรรมการเขต", "area committee": "คณะกรรมการเขต",
    "area-level": "ระดับเขต", "area level": "ระดับเขต", "responsible for": "รับผิดชอบ", "in charge of": "ดูแล",
    "responsible": "รับผิดชอบ", "through which": "ผ่านทาง", "which system": "ระบบอะไร", "what system": "ระบบอะไร",
    "channel": "ช่องทาง", "role": "บทบาท", "which office": "หน่วยงานไหน", "what office": "หน่วยงานไหน",
}  # fmt: skip
_ENGLISH_WORDS = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(_ENGLISH, key=len, reverse=True)) + r")\b")
#: Undotted forms only where no Thai letter comes before (ประจวบ holds จว, and is no จังหวัด).
_ABBREVIATIONS = re.compile(
    "|".join(
        re.escape(k) if k.endswith(".") else re.escape(k) + f"(?<![ก-๛]{re.escape(k)})"
        for k in sorted(_EXPANDED, key=len, reverse=True)
    )
)


@dataclass
class Mentions:
    text: str  # cleaned
    compact: str  # cleaned, without spaces
    residue: str = ""  # the cleaned text with the places and people it names cut out
    provinces: list[str] = field(default_factory=list)  # ours (Province.name_th), in order of appearance
    others: list[str] = field(default_factory=list)  # Thai provinces outside the twenty
    nickname: str | None = None
    region: str | None = None  # a region word ("ภาคใต้"); its provinces are NOT added to `provinces`
    groups: list[int] = field(default_factory=list)
    officials: list[str] = field(default_factory=list)  # Official.name
    people: list[str] = field(default_factory=list)  # other people the documents name (Person.name)
    titled: bool = False  # a person was named by their post ("ผอ.สบน.")
    described: str | None = None  # a person named by what they said ("คนที่พูดเรื่อง…"): that fact's id
    kind: str | None = None  # "area" | "special" when one of them is named
    kinds: list[str] = field(default_factory=list)  # every committee kind named ("สพท. กับ สศศ.")
    roles: list[str] = field(default_factory=list)
    number: int | None = None  # duty or mechanism number
    mechanism: bool = False
    ordinal: bool = False  # the number was said as a word: แรก, สุดท้าย, third
    last: bool = False  # ... as สุดท้าย or last: the last of whichever series is meant
    round: int | None = None
    yesno: bool = False
    same: bool = False
    count: bool = False
    follow: bool = False
    step: int = 0  # +1 next item, -1 previous item
    that_group: bool = False
    meeting: bool = False
    report: bool = False
    report_asks: list[str] = field(default_factory=list)

    @property
    def slots(self) -> int:
        return len(self.provinces) + len(self.others) + len(self.groups) + len(self.officials) + len(self.roles) + (
            self.kind is not None) + (self.number is not None) + (self.round is not None)  # fmt: skip

    @property
    def bare(self) -> bool:
        """Only a slot ("สงขลา", "ข้อ 5", "กลุ่ม 2"): read as a follow-up when there is a topic."""
        return self.slots > 0 and len(self.compact) <= 14 and not self.count and not self.yesno


class MentionReader:
    """Build once per process from the reference data and the nickname table."""

    def __init__(
        self,
        reference: ReferenceData,
        nicknames: dict[str, str],
        regions: dict[str, tuple[str, ...]] | None = None,
        people: dict[str, tuple[str, ...]] | None = None,  # other people's names -> forms
        abbreviations: dict[str, str] | None = None,  # ชม -> เชียงใหม่
    ) -> None:
        self.reference = reference
        self.regions = dict(regions or {})
        self._regions = sorted(self.regions, key=len, reverse=True)
        self._fuzzy = [(_toneless(p.name_th), p.name_th) for p in reference.provinces if len(p.name_th) >= 4]
        ours = {p.name_th for p in reference.provinces}
        forms: list[tuple[str, str, bool]] = []  # (form, Thai name, ours)
        for p in reference.provinces:
            for form in {p.name_th, p.name_en, *p.aliases}:
                forms.append((_squash(form), p.name_th, True))
        for name, english in _other_provinces(frozenset(ours)).items():
            forms.append((_squash(name), name, False))
            forms.append((_squash(english), name, False))
        self._nicknames = sorted(((_squash(k), v) for k, v in nicknames.items()), key=lambda kv: -len(kv[0]))
        self._forms = sorted((f for f in forms if len(f[0]) >= 3 or f[2]), key=lambda f: -len(f[0]))
        self._form_index = SubstringIndex([form for form, _, _ in self._forms])
        self._nickname_index = SubstringIndex([form for form, _ in self._nicknames])
        self._ours = ours
        self._abbreviations = dict(abbreviations or {})
        self._officials: list[tuple[str, str]] = []
        for group in reference.groups:
            for official in group.officials:
                first, *rest = official.name.removeprefix("นาย").split()
                self._officials += [(_squash(official.name.removeprefix("นาย")), official.name), (first, official.name)]
                self._officials += [(_squash(part), official.name) for part in rest]
        forms_of = (people or {}).items()
        persons = ((_squash(f), name) for name, forms in forms_of for f in forms)
        self._persons = sorted(persons, key=lambda f: -len(f[0]))

    def read(self, text: str, fuzzy_province: str | None = None, *, place_topic: bool = False) -> Mentions:
        """What the message names. `place_topic`: the last answer was about a province or group, so in a short
        follow-up ("แล้วเลยล่ะ") a province that is also an everyday word (เลย, ตาก, น่าน) is the province."""
        cleaned = clean(text)
        if _LATIN_LETTER.search(cleaned):
            cleaned = _ENGLISH_WORDS.sub(lambda match: f" {_ENGLISH[match.group()]} ", cleaned)
        compact = _ABBREVIATIONS.sub(lambda match: _EXPANDED[match.group()], _squash(cleaned))
        m = Mentions(cleaned, compact)
        rest = self._people(m, compact)
        rest = self._shortened(m, rest)
        rest = self._places(m, rest, place_topic and _follows(compact) and len(compact) <= 16)
        if not (m.provinces or m.others or m.officials or m.region) and _PLACE_CUE.search(rest):
            chunks = [rest, *(c for c in cleaned.split() if _PLACE_CUE.search(c))]  # a space is a word's start too
            if (name := next(filter(None, (fuzzy_place(self, c) for c in chunks)), None)) is not None:
                m.provinces.append(name)
                rest = ""  # the misspelt name's pieces (ตรา|ทอ) are not words of the question
        m.residue = " ".join(p for p in rest.split("|") if p)
        if not m.provinces and not m.others and fuzzy_province and not m.officials:
            m.provinces.append(fuzzy_province)
        m.groups = [g for g in (_to_int(x) for x in _GROUP.findall(compact)) if g in {1, 2}]
        if (either := _EITHER_GROUP.search(compact)) is not None:  # "กลุ่ม๑หรือ๒"
            m.groups = list(dict.fromkeys([*m.groups, _to_int(either.group(1)), _to_int(either.group(2))]))
        m.mechanism = "กลไก" in compact or "mechanism" in compact
        if item := _ITEM.search(compact):
            m.number = _to_int(item.group(1))
        elif (said := _said_ordinal(compact)) is not None:
            number, m.last = said
            m.number = len(self.reference.mechanisms if m.mechanism else self.reference.duties) if m.last else number
            m.ordinal = True
        if (r := _ROUND.search(compact)) is not None:
            m.round = 1 if r.group(1) == "แรก" else _to_int(r.group(1))
        else:
            m.round = english_round(compact)
        special = "สศศ" in compact or "การศึกษาพิเศษ" in compact
        area = bool(_AREA_KIND.search(compact))
        m.kinds = [k for k, named in (("area", area), ("special", special)) if named]
        m.kind = "special" if special and not area else "area" if area and not special else None
        seats = _without_non_seats(compact)
        for word, role in ROLE_WORDS:
            if word in seats:
                seats = seats.replace(word, " ")
                if role not in m.roles:
                    m.roles.append(role)
        m.yesno = _YESNO_OPENING.match(compact) is not None or bool(_YESNO.search(compact)) or compact.startswith("ใช่")
        m.same = bool(_SAME.search(compact))
        m.count = bool(_COUNT.search(compact))
        m.follow = _follows(compact)
        m.step = 1 if _NEXT.search(compact) else -1 if _PREVIOUS.search(compact) else 0
        m.that_group = bool(_THAT_GROUP.search(compact))
        m.meeting = bool(_MEETING.search(compact))
        m.report = bool(_REPORT.search(compact))
        if _ANY_REPORT_ASK.search(compact):
            m.report_asks = [name for name, pattern in REPORT_ASKS.items() if pattern.search(compact)]
        return m

    def _people(self, m: Mentions, compact: str) -> str:
        """Officials by full name, first name or surname; สุรินทร์ after จังหวัด/จ. is the province, not the man."""
        for form, name in self._officials:
            at = compact.find(form)
            if at < 0 or name in m.officials:
                continue
            before = compact[max(0, at - 7) : at]
            if form == "สุรินทร์" and (before.endswith(("จังหวัด", "จ.", "จ")) or ("มั่นประสงค์" not in compact and
                                        compact.startswith("สุรินทร์อยู่กลุ่ม"))):  # fmt: skip
                continue
            m.officials.append(name)
            compact = compact.replace(form, "|")
        for form, name in self._persons:
            if form in compact:
                if name not in m.people:
                    m.people.append(name)
                compact = compact.replace(form, "|")
        return compact

    def _shortened(self, m: Mentions, compact: str) -> str:
        """A province written short: the start of its name cut with ฯ ("กาญฯ", "นครศรีฯ", "ประจวบฯ": the one
        province whose name starts so), or its official two-letter abbreviation with the dot ("ชม.") before a word
        that asks about a place."""
        for cut in _CUT_NAME.finditer(compact) if "ฯ" in compact else ():  # (the search cost more than the test)
            stem = cut.group(1).removeprefix("จังหวัด").removeprefix("เมือง")
            names = {name for form, name, _ in self._forms if len(stem) >= 3 and form.startswith(stem)}
            if len(names) == 1 and not any(form == stem for form, _, _ in self._forms):
                (m.provinces if (name := names.pop()) in self._ours else m.others).append(name)
                return compact.replace(cut.group(0), "|", 1)
        for short in _DOTTED.finditer(compact) if "." in compact else ():
            name = self._abbreviations.get(short.group(1))
            if name is not None and _PLACE_ASK.match(compact, short.end()) is not None:
                m.provinces.append(name)
                return compact[: short.start()] + "|" + compact[short.end() :]
        return compact

    def _places(self, m: Mentions, compact: str, follow_up: bool = False) -> str:
        cut: list[set[str]] = []  # the message's words, cut only if a short form is met

        def whole_word(form: str) -> bool:  # a short form (นรา, กทม) counts as a whole word only
            if not cut:
                cut.append({t.rstrip("ฯ.") for t in tokenize(m.text)})
            return form in cut[0]

        pairs = letter_pairs(compact)  # what is cut out below only removes forms, so these pairs are enough
        for position in self._nickname_index.candidates(pairs):
            form, name = self._nicknames[position]
            if form in compact and (len(form) > 3 or whole_word(form)):
                m.nickname = form
                compact = compact.replace(form, "|")
                (m.provinces if name in self._ours else m.others).append(name)
        for region in self._regions:
            if region in compact:
                m.region = region
                compact = compact.replace(region, "|")
                break
        found: list[tuple[int, str, bool]] = []
        for position in self._form_index.candidates(pairs):
            form, name, ours = self._forms[position]
            at = compact.find(form)
            while at >= 0:
                before = compact[max(0, at - 7) : at]
                if len(form) <= 3 and not _LATIN_FORM.fullmatch(form) and not whole_word(form):
                    pass
                elif (
                    ours
                    or form not in _OTHER_SKIP
                    or follow_up
                    or before.endswith(("จังหวัด", "จ."))
                    or (at == 0 and _PLACE_ASK.match(compact, len(form)) is not None)  # "ตรังอยู่กลุ่มไหน"
                ):
                    found.append((at, name, ours))
                    compact = compact[:at] + "|" * len(form) + compact[at + len(form) :]
                at = compact.find(form, at + 1)
        for _, name, ours in sorted(found):
            target = m.provinces if ours else m.others
            if name not in target:
                target.append(name)
        return compact


_LATIN_FORM = re.compile(r"[a-z]+")
_LATIN_LETTER = re.compile("[a-z]")  # searches as _LATIN_FORM does, without the repeat that hides its first letter
_TONES = re.compile("[\u0e48-\u0e4c]")  # tone marks and the silent-letter sign: often missed when typing fast
#: A misspelt name is accepted only at the start, or after จังหวัด/จ. or a cut ...
_BEFORE_PLACE = ("จังหวัด", "จ.", "|", "จ")
#: ... and only before a word that asks about a place (or at the end).
_AFTER_PLACE = re.compile(r"$|\||อยู|อยุ|กลุม|ใคร|กับ|กะ|ดูแล|รับผิดชอบ|ละ|หละ|ไหม|มัย|ใช|เป็น|ของ|มี|ดวย|แลว|และ|ไหน|group")


#: A word that asks about a place, right after a name ("ตรังอยู่กลุ่มไหน", "ชม.ใครดูแล").
_PLACE_ASK = re.compile(r"\s*(?:อยู่|อยุ่|กลุ่ม|ใคร|ดูแล|รับผิดชอบ|ขึ้นกับ|กับ|ล่ะ|ละ|หละ|ด้วย|group|is|in)")
#: A name cut short with ฯ ("กาญฯ", "เมืองกาญฯ"): Thai letters before the sign (กรุงเทพฯ is an alias, read first).
_CUT_NAME = re.compile(r"((?:จังหวัด|เมือง)?[ก-ฮะ-ู็-์เ-ไ]{3,12})ฯ")
_DOTTED = re.compile(r"(?<![ก-๛])([ก-ฮ]{2})\.")
_PLACE_CUE = re.compile(r"กลุ่ม|ดูแล|รับผิดชอบ|จังหวัด|อยู่|group")


def _follows(compact: str) -> bool:
    """A follow-up marker: an opening word ("แล้ว…", "and…") or one anywhere (ล่ะ, อีก, กลุ่มนั้น...)."""
    return _FOLLOW_OPENING.match(compact) is not None or _FOLLOW.search(compact) is not None


def _without_non_seats(compact: str) -> str:
    """The text without the posts that hold no seat (each holds เลขา or ประธาน: most texts have neither)."""
    return _NOT_A_SEAT.sub("", compact) if "เลขา" in compact or "ประธาน" in compact else compact


def _toneless(text: str) -> str:
    return _TONES.sub("", text)


def fuzzy_place(reader: MentionReader, compact: str) -> str | None:
    """One of the twenty typed with one letter wrong, missing or extra (tone marks aside), at a word boundary:
    preceded by the start, จังหวัด/จ. or a cut, and followed by a word that asks about a place."""
    text = _toneless(compact)
    words = dictionary()
    # Where a name may start and where it may end do not depend on the name: found once, for every name.
    starts = [0, *(start for start in range(1, len(text) + 2) if text.endswith(_BEFORE_PLACE, 0, start))]
    ends = {end for end in range(len(text) + 3) if _AFTER_PLACE.match(text, end)}
    best: tuple[int, str] | None = None
    for form, name in reader._fuzzy:
        size = len(form)
        last = max(1, len(text) - size + 2)
        for start in starts:
            if start >= last:
                break
            for length in (size - 1, size, size + 1):
                window = text[start : start + length]
                if len(window) < 4 or start + length not in ends:
                    continue
                if window in words:
                    continue  # ตลาด is a word, not ตราด misspelt
                distance = Levenshtein.distance(window, form, score_cutoff=1)
                if distance <= 1 and (best is None or distance < best[0]):
                    best = (distance, name)
    return best[1] if best else None


def _squash(text: str) -> str:
    return "".join(clean(text).split())


def _said_ordinal(compact: str) -> tuple[int, bool] | None:
    """(number, whether it was "the last") of an item named by a word: "ข้อแรก", "กลไกข้อสุดท้าย", "the third duty",
    "the 10th mechanism", "the last one"; None when none is. The last has no number of its own (0)."""
    if (thai := _ORDINAL.search(compact)) is not None:
        return (1, False) if thai.group(1) == "แรก" else (0, True)
    if (english := _ENGLISH_ORDINAL.search(compact)) is None:
        return None
    word = english.group(1)
    if word == "last":
        return 0, True
    return (int(word) if word.isdigit() else _ENGLISH_ORDINALS.index(word) + 1), False


def _to_int(value: str) -> int:
    return int(value) if value.isdigit() else int(thaiword_to_num(value))


@cache
def _other_provinces(ours: frozenset[str]) -> dict[str, str]:
    """Thai provinces outside the twenty (PyThaiNLP's bundled list, offline): Thai name -> English name."""
    return {p["name_th"]: p["name_en"] for p in thai_provinces(details=True) if p["name_th"] not in ours}
