"""Questions about the two meetings the documents report: which meeting is meant (by its date, year or words only
one document uses), what is asked of it (chair, date, organiser, channel, venue, attendance, purpose, fiscal year,
next steps, who spoke after it, who opened it, the news' title), several of those at once, and comparisons of the two
(how many years apart, which is newer, whether both were on Zoom).

A meeting that cannot be told apart is the 2024 briefing, the document the bot is about ("ใครจัดประชุมครั้งนี้");
the 2021 workshop answers only what the briefing does not tell (a meeting room, the fiscal year, next steps).
"""

from __future__ import annotations

import re
from datetime import date

from bot.knowledge.facts import FactBase
from bot.knowledge.mentions import Mentions
from bot.knowledge.plans import Line, Plan

M2024, M2021 = "meeting2024", "meeting2021"
#: Words only one of the two documents (or questions about it) use.
_CUES = {
    M2024: re.compile(
        r"2567|67(?<!\d67)(?!\d)|ส\.?ค\.?|สิงหา|ภารกิจ|ชี้แจง|สพท|สศศ|สบน|นวัตกรรม|657|ขับเคลื่อนพื้นที่|กพฐ|ธนุ|2024|aug|"
        r"sandbox|มอบนโยบาย|ซักซ้อม|เพิ่มพูน|รมว"
    ),
    M2021: re.compile(
        r"2564|64(?<!\d64)(?!\d)|ก\.?ย\.?|กันยา|กลไก|มีส่วนร่วม|ปลัด|สป\.?ศธ|ปีงบ|2565|65(?<!\d65)(?!\d)|เชิงปฏิบัติการ|ณรงค์|"
        r"ศธภ|emenscr|xyz|cockpit|สุภัทร|ธนู|สมใจ|workshop|2021|mechanism"
    ),
}
_MEETING = re.compile(r"ประชุม|meeting|ข่าว|workshop|news|เอกสาร")
_BOTH = re.compile(r"สองข่าว|2ข่าว|ทั้งสอง|ทั้งคู่|ทั้ง2|สองครั้ง|2ครั้ง|both")
_GAP = re.compile(r"ห่างกัน|ต่างกันกี่ปี|กี่ปี|yearsapart")
_ORDER = re.compile(r"ใหม่กว่า|เก่ากว่า|ล่าสุด|อันไหนก่อน|อันไหนหลัง|ก่อนกัน|newer|older|ก่อนหรือหลัง")
_FUTURE = re.compile(r"ครั้งหน้า|ครั้งต่อไป|ครั้งถัดไป|รอบหน้า|ปีหน้า|ในอนาคต|next(?:meeting|time|ประชุม)|จะมี|อีกเมื่อ|อีกครั้ง|ครั้งใหม่")
_YESNO_WORDS = re.compile(r"ใช่|ไหม|มั้ย|มั๊ย|หรือเปล่า|รึเปล่า|ป่ะ|ปะ")
_COMMITTEE_CHAIR = re.compile(r"ประธาน(?:กรรมการ|คณะกรรมการ|คกก|กก)|(?:สพท|สศศ)\S{0,6}ประธาน|ประธาน\S{0,4}(?:สพท|สศศ)")

#: What may be asked of a meeting, in answer order: (name, pattern, fact per meeting).
ATTRIBUTES: tuple[tuple[str, re.Pattern[str], dict[str, str]], ...] = (
    ("title", re.compile(r"ชื่อข่าว|หัวข้อข่าว|พาดหัว|ข่าวชื่อ|ชื่อว่าอะไร|ชื่อเรื่อง|ชื่อ(?:การ|งาน)?ประชุม|headline|title"),
     {M2024: "doc2024.title", M2021: "doc2021.title"}),
    ("chair", re.compile(r"ประธาน|chair"), {M2024: "meeting2024.chair", M2021: "meeting2021.chair"}),
    ("kind", re.compile(r"ประชุมแบบไหน|ประชุมอะไร|ประเภท|เป็นการประชุม|ประชุมเรื่องอะไร"),
     {M2024: "meeting2024.date", M2021: "meeting2021.date"}),
    ("when", re.compile(r"เมื่อไหร่|เมื่อไร|วันไหน|วันอะไร|วันที่เท่า|วันที่(?:ไหน|อะไร|ใด)|when|date|ลงวันที่|จัดวัน|ปีไหน|"
                        r"ปีอะไร|ปีใด|ปีพ\.?ศ"),
     {M2024: "meeting2024.date", M2021: "meeting2021.date"}),
    ("organiser", re.compile(r"ใครจัด|จัดโดย|ผู้จัด|หน่วยงานไหนจัด|หน่วยงานใดจัด|ใครเป็นเจ้าภาพ|organi[sz]|host"),
     {M2024: "meeting2024.date", M2021: "meeting2021.date"}),
    ("for_whom", re.compile(r"จัดให้ใคร|สำหรับใคร|ประชุมใคร|ประชุมคณะกรรมการอะไร|ประชุมกับใคร"),
     {M2024: "meeting2024.date", M2021: "meeting2021.date"}),
    ("channel", re.compile(r"ผ่านอะไร|ผ่านทาง|ทางไหน|ช่องทาง|zoom|ออนไลน์|online|onsite|รูปแบบ|โปรแกรม|แพลตฟอร์ม|ระบบอะไร|"
                           r"ผ่านระบบ|ประชุมทาง|videoconference"),
     {M2024: "meeting2024.date", M2021: "meeting2021.venue"}),
    ("room", re.compile(r"ห้อง(?!warroom|decisionroom|management|cockpit)|(?<!war)(?<!decision)room"),
     {M2021: "meeting2021.venue"}),  # War Room, Decision Room, Management Cockpit: mechanism 10, not the venue
    ("venue", re.compile(r"ที่ไหน|สถานที่|where|venue|จัดที่"), {M2024: "meeting2024.date", M2021: "meeting2021.venue"}),
    ("attendance", re.compile(r"กี่คน|จำนวนคน|จำนวนผู้|กี่ท่าน|howmany|ผู้เข้าร่วม.*เท่า|เข้าร่วม.*เท่า|คนเข้า"),
     {M2024: "meeting2024.attendees"}),
    ("attendees", re.compile(r"ใครเข้าร่วม|ใครร่วม|ผู้เข้าร่วมมีใคร|เข้าร่วมมีใคร|ใครบ้างที่เข้า|ใครเข้าประชุม|พร้อมด้วย"),
     {M2024: "meeting2024.people", M2021: "meeting2021.chair"}),
    ("purpose", re.compile(r"วัตถุประสงค์|จุดประสงค์|เพื่ออะไร|ทำไม|จัดเพื่อ|purpose|เป้าหมาย|จุดมุ่งหมาย"),
     {M2024: "meeting2024.purpose", M2021: "meeting2021.date"}),
    ("fiscal", re.compile(r"ปีงบ\S{0,6}(?:ไหน|อะไร|ใด|เท่า)|fiscal"), {M2021: "meeting2021.date"}),
    ("interview", re.compile(r"ให้สัมภาษณ์|กล่าวภายหลัง|กล่าวหลัง|พูดหลัง|ใคร\S*หลัง\S*ประชุม|หลัง\S*ประชุม\S*ใคร"),
     {M2021: "meeting2021.driver"}),
    ("next", re.compile(r"ทำอะไรต่อ|ขั้นตอนต่อไป|หลังประชุม|หลังจากประชุม|ต่อไปจะ|จะทำอะไร|เห็นชอบ|ประสาน|nextstep|"
                        r"ทำอะไรกับ"),
     {M2021: "meeting2021.next"}),
    ("opening", re.compile(r"เปิดประชุม|เปิดการประชุม|กล่าวเปิด|กล่าวรายงาน|opened"), {M2024: "meeting2024.opening"}),
)  # fmt: skip


#: Attributes only a meeting has: asked without the word meeting, they still make the question about one.
_STRONG = frozenset({"organiser", "interview", "opening", "title", "fiscal", "next", "for_whom"})
#: Any of the strong attributes, in one search (each an alternation of words: joined bare, the engine skips to their
#: first letters).
_ANY_STRONG = re.compile("|".join(pattern.pattern for name, pattern, _ in ATTRIBUTES if name in _STRONG))


def named_meetings(compact: str) -> list[str]:
    """The meetings a message points at by its words (none, one or both)."""
    return [meeting for meeting, pattern in _CUES.items() if pattern.search(compact)]


#: The document each kind of fact comes from: "this meeting" after one of them is that document's meeting.
_DOCUMENT_OF = {"meeting2021": M2021, "doc2021": M2021, "mechanism": M2021, "meeting2024": M2024, "doc2024": M2024,
                "duty": M2024, "group": M2024, "province": M2024, "official": M2024, "committee": M2024,
                "composition": M2024, "members": M2024, "round": M2024}  # fmt: skip
_THIS_MEETING = re.compile(r"ประชุม(?:นี้|นั้น|ดังกล่าว|เดียวกัน|ครั้งนี้|ครั้งนั้น)|(?:this|that|same)meeting")


def last_meeting(memory: dict | None) -> str | None:
    """The meeting whose document the last answer came from, if it came from a fact."""
    fact = str((memory or {}).get("fact") or "")
    if fact:
        return _DOCUMENT_OF.get(re.split(r"[.:]", fact, maxsplit=1)[0])
    return _DOCUMENT_OF.get(str((memory or {}).get("series") or (memory or {}).get("topic") or ""))


def meeting_plan(m: Mentions, base: FactBase, last: str | None = None) -> Plan | None:
    """Facts about one or both meetings, or a comparison of the two; None when the message is not about them.
    `last`: the meeting of the previous answer, for "แล้วการประชุมนี้จัดที่ไหน"."""
    c = m.compact
    if m.provinces or m.others or m.groups or m.officials or m.people or m.region:
        return None
    named = named_meetings(c)
    if not named and last is not None and (m.follow or _THIS_MEETING.search(c)):
        named = [last]
    about = bool(_MEETING.search(c))
    if len(named) == 2 or _BOTH.search(c):
        plan = _compare(c, base)
        if plan is not None:
            return plan
    if not about and not _ANY_STRONG.search(c):
        return None  # neither about a meeting nor asking what only a meeting has (no need to try every attribute)
    asked = [(name, facts) for name, pattern, facts in ATTRIBUTES if pattern.search(c)]
    chair_ok = ("ประชุม" in c or "meeting" in c or "workshop" in c) and not _COMMITTEE_CHAIR.search(c)
    asked = [(n, f) for n, f in asked if n != "chair" or chair_ok]
    if _FUTURE.search(c):
        return None  # the documents tell what was, not when the next meeting is
    if m.number is not None and not m.ordinal:
        return None  # "กลไกข้อ 8": the item, not the meeting
    strong = {n for n, _ in asked} & _STRONG
    if not asked or not (about or strong):
        return None
    if {n for n, _ in asked} == {"next"} and not (named == [M2021] or "กลไก" in c):
        return None
    lines: list[Line] = []
    for _, facts in asked:
        for meeting in named or [M2024 if M2024 in facts else M2021]:
            fact = facts.get(meeting)
            if fact and all(fact not in line.facts for line in lines):
                lines.append(Line("k.fact", facts=(fact,)))
    if not lines:
        return None
    # a meeting no word of the documents names may be another one ("ประชุมผู้ปกครองวันไหน")
    slots = {"fact": lines[-1].facts[0], "asked": [n for n, _ in asked]}
    return Plan(lines, topic="fact", slots=slots, checked=not named)


def other_meeting(m: Mentions, asked: list[str]) -> Plan | None:
    """ "แล้วของปี 64 ล่ะ" after a question about one meeting: the same things asked of the meeting now named."""
    named = named_meetings(m.compact)
    if len(named) != 1:
        return None
    meeting = named[0]
    lines = [
        Line("k.fact", facts=(facts[meeting],)) for name, _, facts in ATTRIBUTES if name in asked and meeting in facts
    ]
    if not lines:
        return None
    return Plan(lines, topic="fact", slots={"fact": lines[-1].facts[0], "asked": asked})


def _compare(c: str, base: FactBase) -> Plan | None:
    dates = {M2024: _date(base, "meeting2024.date"), M2021: _date(base, "meeting2021.date")}
    if _GAP.search(c):
        years = round((dates[M2024] - dates[M2021]).days / 365.25)
        line = Line("k.meeting.gap", {"years": years}, ("meeting2021.date", "meeting2024.date"))
        return Plan([line], topic="meetings")
    if _ORDER.search(c):
        return Plan([Line("k.meeting.newer", facts=("doc2024.title", "doc2021.title"))], topic="meetings")
    if re.search(r"zoom|ออนไลน์|online|ช่องทาง|ผ่าน", c) and _YESNO_WORDS.search(c):
        facts = ("meeting2024.date", "meeting2021.venue")
        lines = [Line("k.yes"), *(Line("k.fact", facts=(f,)) for f in facts)]
        return Plan(lines, topic="meetings")
    return None


def _date(base: FactBase, fact_id: str) -> date:
    return date.fromisoformat(base.documents[base.fact(fact_id).file].source.date)
