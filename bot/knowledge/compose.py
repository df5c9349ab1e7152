"""Composed answers over the structured facts: yes/no checks, comparisons, people to provinces, counts of any part
of a committee, several report questions in one message, and follow-ups resolved against the last topic.

`compose` returns a Plan — lines as message ids with parameters and the facts each line rests on — or None when
the message is not one of these shapes (then the intent recognizer, and after it retrieval, have their turn). A
plan may also hand the question to an existing intent handler with resolved slots (`intent`), as a follow-up
("แล้วกลุ่ม 2 ล่ะ") does. Rendering words is the handler's job (handlers/knowledge.py).
"""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge import counts, places
from bot.knowledge.facts import FactBase
from bot.knowledge.items import ItemIndex
from bot.knowledge.meetings import last_meeting, meeting_plan, other_meeting
from bot.knowledge.mentions import Mentions
from bot.knowledge.people import person_plan, post_plan, resolve_titles
from bot.knowledge.plans import Line, Plan, handover
from bot.knowledge.terms import TermIndex, term_plan

_WHO = re.compile(r"ใคร|คือ|ตำแหน่ง|ได้แก่|ชื่อ|who|ประกอบด้วย|เป็นอะไร|ตำแหน่งอะไร")
_DOES = re.compile(r"ทำอะไร|หน้าที่|ต้องทำ|ทำหน้าที่|มีบทบาท")
_AREA_WORDS = re.compile(
    r"ดูแล|รับผิดชอบ|กลุ่ม|อยู่|ใคร|ไหน|พื้นที่นวัตกรรม|ใช่|group|oversee|ด้วยไหม|ด้วยมั้ย|รายชื่อ|มีไหม|มีมั้ย|list|ลิสต์|sandbox|oneof|among|included|partof"
)
#: "Is it one of the twenty": a listed province's answer is its group.
_LISTED = re.compile(r"(?:ใน|of|among)(?:the)?(?:20|ยี่สิบ)จังหวัด|ในรายชื่อ|oneofthe|among|inthelist|included")
_COMMITTEE = re.compile(r"กรรมการ|คณะ|committee|ผู้ทรง|ผู้แทน|ตัวแทน")  # a seat named without its committee
_ASK_GROUP = re.compile(r"กลุ่ม(?:ไหน|อะไร|ไร|ใด|ที่เท่าไหร่|ที่เท่าไร)|ใคร(?:เป็นผู้)?(?:ดูแล|รับผิดชอบ)|ผู้(?:ดูแล|รับผิดชอบ)")
#: A question about one of the twenty: the documents tie a province to its group and the two officials only.
_PLACE_ASK = re.compile(
    r"กลุ่ม|ดูแล|รับผิดชอบ|ใคร|ท่านไหน|ท่านใด|คนไหน|ผู้บริหาร|กำกับ|which|who|group|oversee|in charge|อยู่ไหน|อยู่ที่ไหน"
)
_REGION_ASK = re.compile(r"จังหวัด|กลุ่ม|ดูแล|รับผิดชอบ|ใคร|นวัตกรรม|รายชื่อ|province|group")
_CLAIM = re.compile(r"มี(?:ทั้งหมด|ทั้งสิ้น|อยู่|รวม)?(\d+)(?:ข้อ|กลไก|ภารกิจ|หน้าที่|ด้าน|ประการ|อย่าง)")
_COMPARE = re.compile(r"มากกว่า|น้อยกว่า|ต่างกัน|เท่ากัน|เยอะกว่า|เหมือนกัน|compare|more|fewer")
#: "กำหนดส่งรายงานความก้าวหน้าเมื่อไหร่", "when are the reports due": the two months, not a progress update (the
#: next date is asked with ถัดไป/ครั้งหน้า/next, and answered by the deadline intent).
_DUE_WHEN = re.compile(r"^(?!.*(?:ถัดไป|ครั้งหน้า|รอบหน้า|next|ต่อไป|ใกล้)).*กำหนดส่ง.*(?:เมื่อไ|เดือน|ตอนไหน)|เมื่อไ.*กำหนดส่ง")
#: "จังหวัดเรา": the province the asker named while introducing themselves.
OUR_PLACE = re.compile(r"จังหวัด(?:ของ)?(?:เรา|ผม|หนู|ดิฉัน|ฉัน|นี้)|ที่นี่|ourprovince")
_SAME_COUNT = re.compile(r"เท่ากัน|เท่ากับ|เท่าๆ|same|equal")
_EITHER = re.compile(r"หรือ|or")
_WHOLE_LIST = re.compile(r"อะไรบ้าง|มีอะไร|ทั้งหมด|ทุกข้อ|whatare|^list|ทั้ง\d+ข้อ|six|eleven|\ball")
_MINE = re.compile(r"ฉัน|ผม|หนู|ดิฉัน|ตัวเอง|ของเรา|กระผม|\bmy\b|mine|\bi\b|เค้า|เรา(?:ต้อง|มี)")
_DUTY_WORD = re.compile(r"หน้าที่|ภารกิจ|บทบาท")
_DUE = re.compile(r"กำหนด|deadline|ส่ง|รายงาน|ครบ")
_MONTHS = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("มกราคม", r"มกรา|ม\.ค"), ("กุมภาพันธ์", r"กุมภา|ก\.พ"), ("มีนาคม", r"มีนา|มี\.ค"), ("เมษายน", r"เมษา|เม\.ย|april"),
        ("พฤษภาคม", r"พฤษภา|พ\.ค"), ("มิถุนายน", r"มิถุนา|มิ\.ย"), ("กรกฎาคม", r"กรกฎา|ก\.ค"), ("สิงหาคม", r"สิงหา|ส\.ค"),
        ("กันยายน", r"กันยา|ก\.ย"), ("ตุลาคม", r"ตุลา|ต\.ค|october"), ("พฤศจิกายน", r"พฤศจิกา|พ\.ย"),
        ("ธันวาคม", r"ธันวา|ธ\.ค"),
    )
)  # fmt: skip
#: Any month of `_MONTHS` (most messages name none: one search instead of twelve; joined bare, the engine skips to
#: the first letters).
_ANY_MONTH = re.compile("|".join(pattern.pattern for _, pattern in _MONTHS))
#: Posts in a province the documents do not name ("ใครเป็นผู้อำนวยการโรงเรียนนำร่องในตราด"): not the group's officials.
OTHER_POST = re.compile(r"ผู้อำนวยการ|ผอ|ผู้ว่า|นายก|โรงเรียน|ครู|นักเรียน|ศึกษาธิการ|สพท|สพป|สพม|เขต\d|ส\.ส|อบจ")
#: Things the documents name but never count ("สถานศึกษานำร่องมีกี่แห่ง", "คณะทำงานมีกี่คน").
_SEAT_TOPICS = ("seat_who", "seat_count", "members", "composition")
_SERIES_INTENT = {"duty": "duty_one", "mechanism": "mechanism_one"}
_REPORT_ORDER = ("recipient", "channel", "months", "inform", "frequency", "covers")


class Composer:
    def __init__(self, base: FactBase, terms: TermIndex | None = None, items: ItemIndex | None = None) -> None:
        self.base = base
        self.ref = base.reference
        self.terms = terms or TermIndex(base)
        self.items = items

    def compose(self, m: Mentions, memory: dict[str, Any] | None) -> Plan | None:
        if memory and (m.follow or m.step or m.bare or not m.slots):
            plan = self._follow(m, memory)
            if plan is not None:
                return plan
        return self._direct(m, memory)

    # --- questions that stand on their own ------------------------------------------------------------------

    def _direct(self, m: Mentions, memory: dict[str, Any] | None) -> Plan | None:
        c = m.compact
        if m.described:  # someone named by what they said: say it, then what else is asked of them
            said = Line("k.fact", facts=(m.described,))
            more: Plan | None = None
            if m.provinces and m.officials:
                more = places.check(self.base, m.provinces, None, m.officials[0])
            elif m.officials and places.OVERSEE.search(c):
                more = places.official(self.base, m)
            if more is None:
                return Plan([said], topic="fact", slots={"fact": m.described})
            return Plan([said, *more.lines], topic=more.topic, slots=more.slots)
        if m.number is not None and not m.count:
            series = "mechanism" if m.mechanism else "duty"
            count = len(self.ref.mechanisms if m.mechanism else self.ref.duties)
            if not 1 <= m.number <= count:  # "กลไกที่ 15": say how many there are, never a lookalike
                return handover(_SERIES_INTENT[series], number=m.number, series=series)
        if m.ordinal and m.number is not None:  # "หน้าที่ข้อแรก", "กลไกข้อสุดท้าย"
            series = "mechanism" if m.mechanism else "duty"
            return handover(_SERIES_INTENT[series], number=m.number, series=series)
        if m.region and not m.provinces and _REGION_ASK.search(c):  # "สุวิทย์ดูแลภาคใต้จังหวัดไหน": one group
            groups = m.groups or [places.official_group(self.base, o) for o in m.officials]
            plan = places.region(self.base, m.region, groups)
            plan.checked = True
            return plan
        if len(m.provinces) == 1 and len(m.groups) >= 2:  # "ระยองอยู่กลุ่ม๑หรือ๒"
            return handover("oversight_province", province=m.provinces[0], topic="province")
        if (claim := _CLAIM.search(c)) and m.yesno:  # "กลไก … มี 6 ข้อใช่มั้ย"
            return counts.claim(self.base, int(claim.group(1)), "กลไก" in c or "mechanism" in c)
        months = [name for name, pattern in _MONTHS if pattern.search(c)] if _ANY_MONTH.search(c) else []
        if months and (m.report or _DUE.search(c)) and not m.provinces:
            return self._months(months, m.yesno, m.round)
        series_item = m.number is not None and (m.mechanism or "ข้อ" in c)
        if (
            m.report
            and not series_item
            and (
                len(m.report_asks) >= 2
                or set(m.report_asks) & {"recipient", "inform", "frequency", "covers"}
                or (m.report_asks == ["months"] and ("deadline" in c or _DUE_WHEN.search(c)) and not m.round)
            )
        ):
            return self._report(m.report_asks)
        if m.report and m.report_asks == ["channel"] and not series_item and not m.yesno:
            return handover("deadline_howto")  # "which system is the report sent through": how to send, in full
        if m.yesno and series_item and not (m.provinces or m.officials or m.people or m.groups or m.roles):
            series = "mechanism" if m.mechanism else "duty"  # "ข้อ 6 สพฐ. เป็นคนมอบหมายใช่ไหม": the item, checked
            size = len(self.ref.mechanisms if m.mechanism else self.ref.duties)
            if 1 <= (m.number or 0) <= size:
                return handover(_SERIES_INTENT[series], number=m.number, series=series)
        if m.round is not None and m.slots == 1 and (m.bare or m.follow) and not (m.meeting or m.yesno):
            return handover("deadline_round", round=m.round)  # "แล้วรอบแรกล่ะ" after another topic, or none
        if m.others and not m.provinces and (m.nickname or _AREA_WORDS.search(c)):
            return places.not_listed(self.base, m.others[0])
        if len(m.provinces) == 1 and not m.others and not m.officials and not m.groups and _LISTED.search(c):
            return handover("oversight_province", province=m.provinces[0], topic="province")  # "อยู่ใน 20 จังหวัดไหม"
        if (special := term_plan(m, self.terms)) is not None:
            return special
        resolve_titles(m, self.base)
        meeting = meeting_plan(m, self.base, last_meeting(memory))
        for special in (person_plan(m, self.base), post_plan(m, self.base), meeting):
            if special is not None:
                return special
        if self.items is not None and (special := self.items.plan(m)) is not None:
            return special
        entities = len(m.provinces) + len(m.officials)
        if len(m.provinces) == 1 and len(m.officials) >= 2 and _EITHER.search(c):  # "ขึ้นกับท่านสุรินทร์หรือท่านภูธร"
            return handover("oversight_province", province=m.provinces[0], topic="province")
        if m.same and m.others and entities:  # "ตรังอยู่กลุ่มเดียวกับสตูลไหม": Trang is not among the twenty
            return places.same_with_unlisted(self.base, m)
        if m.same and entities >= 2:
            return places.same_group(self.base, m)
        if m.yesno and m.provinces and (m.groups or m.officials):
            group, named = (m.groups[0] if m.groups else None), (m.officials[0] if m.officials else None)
            return places.check(self.base, m.provinces, group, named)
        if m.yesno and m.officials and m.groups and not m.provinces:
            return places.official_in_group(self.base, m.officials[0], m.groups[0])
        if m.officials and not m.provinces:
            return places.official(self.base, m)
        if len(m.provinces) >= 2 and places.OVERSEE.search(c):
            return places.province_groups(self.base, m.provinces)
        said = counts.counts_said(c).get("คน", set())
        if m.yesno and len(m.roles) == 1 and len(said) == 1 and not m.officials and not _COMPARE.search(c):
            plan = counts.seats(self.base, m.kind, m.roles, count=True)  # "สศศ มีรองประธาน 2 คนใช่ไหม"
            held = {line.params["count"] for line in plan.lines}
            if len(held) == 1:
                plan.lines.insert(0, Line("k.yes" if held == said else "k.no"))
            return plan
        if m.count:
            plan = counts.count(self.base, m)
            if plan is not None:
                return plan
        after_meeting = str((memory or {}).get("fact", "")).startswith("meeting")
        seat_named = m.kind or _COMMITTEE.search(c) or not (m.meeting or after_meeting)
        if m.roles and (len(m.kinds) == 2 or _COMPARE.search(c)) and not m.officials:
            plan = counts.compare_seats(self.base, m.roles)
            if m.yesno and _SAME_COUNT.search(c) and len(m.roles) == 1:  # "…มี 3 คนเท่ากับของเขตใช่ป่ะ"
                equal = plan.lines[-1].key == "k.seat.equal"
                plan.lines.insert(0, Line("k.yes" if equal else "k.no"))
            return plan
        if m.roles and seat_named and _WHO.search(c) and not _DOES.search(c):
            return counts.seats(self.base, m.kind, m.roles, count=False)
        if len(m.provinces) == 1 and not m.groups and _ASK_GROUP.search(c):
            return handover("oversight_province", province=m.provinces[0], topic="province")
        if m.nickname and m.provinces:
            return handover("oversight_province", province=m.provinces[0], topic="province")
        if (
            len(m.provinces) == 1
            and not (m.groups or m.roles or m.count or (OTHER_POST.search(c) and not OUR_PLACE.search(c)))
            and _PLACE_ASK.search(c)
        ):  # "เป็นผอ.โรงเรียนที่แม่ฮ่องสอนค่ะ จังหวัดเราใครรับผิดชอบ": the post introduces the asker
            return handover("oversight_province", province=m.provinces[0], topic="province")
        whole = _WHOLE_LIST.search(c) and not _MINE.search(c)  # "หน้าที่ของฉัน" is the asker's seat's (an intent)
        if whole and m.number is None and not (m.provinces or m.officials or m.roles or m.count):
            if m.mechanism:  # "กลไกมีอะไรบ้าง", "what are the eleven mechanisms"
                return handover("mechanisms_all")
            if _DUTY_WORD.search(c):
                return handover("duties_all")
        return None

    # --- follow-ups -----------------------------------------------------------------------------------------

    def _follow(self, m: Mentions, memory: dict[str, Any]) -> Plan | None:
        topic = memory.get("topic", "")
        series = memory.get("series")
        fact = str(memory.get("fact") or "")
        if fact.startswith("meeting") and memory.get("asked") and (plan := other_meeting(m, list(memory["asked"]))):
            return plan  # "ใครเป็นประธานประชุม 26 ส.ค." … "แล้วของปี 64 ล่ะ"
        if fact.startswith("term.") and (found := self.terms.find(m.compact)):
            return Plan([Line("k.fact", facts=(f,)) for f in found], topic="fact", slots={"fact": found[-1]})
        said = {f for p in self.base.people.values() for f in p.said}
        if fact in said and (m.officials or m.people):  # "คุณภูธรพูดเรื่องอะไร" … "แล้วคุณสุวิทย์ล่ะ"
            people = [self.base.people[n] for n in [*m.officials, *m.people] if n in self.base.people]
            facts = [f for p in people for f in p.said[:1]]
            if facts:
                return Plan([Line("k.fact", facts=(f,)) for f in facts], topic="fact", slots={"fact": facts[-1]})
        if m.region and topic == "region":
            return places.region(self.base, m.region, m.groups)
        if topic == "seat_who" and (plan := post_plan(m, self.base, follow=True)) is not None:
            return plan  # "ผอ.สพท. เป็นประธานใช่มั้ย" … "แล้วผอ.สบน.ล่ะ"
        if m.same and memory.get("province") and len(m.provinces) + len(m.officials) == 1:  # "จังหวัดนั้น...กับสงขลา"
            m.provinces.insert(0, str(memory["province"]))
            return places.same_group(self.base, m)
        if m.step and series and memory.get("number"):
            return handover(_SERIES_INTENT[series], number=int(memory["number"]) + m.step, series=series)
        if m.number is not None and not m.provinces and series and not m.count:
            series = "mechanism" if m.mechanism else "duty" if _DUTY_WORD.search(m.compact) else series  # as named
            number = m.number
            if m.last:  # "ข้อสุดท้ายล่ะ", "and the last one?": the last of the series being talked about
                number = len(self.ref.mechanisms if series == "mechanism" else self.ref.duties)
            return handover(_SERIES_INTENT[series], number=number, series=series)
        if m.round is not None and topic == "round":
            return handover("deadline_round", round=m.round)
        if m.others and not m.provinces:
            return places.not_listed(self.base, m.others[0])
        if m.provinces and not m.officials:
            if topic == "check" and memory.get("group"):
                return places.check(self.base, m.provinces, int(memory["group"]), None)
            if topic == "check" and memory.get("official"):
                return places.check(self.base, m.provinces, None, str(memory["official"]))
            if len(m.provinces) == 1:
                return handover("oversight_province", province=m.provinces[0], topic="province")
            return places.province_groups(self.base, m.provinces)
        if m.groups and not m.provinces:
            if topic == "check" and memory.get("provinces"):
                return places.check(self.base, list(memory["provinces"]), m.groups[0], None)
            return handover("group_info", group=m.groups[0], topic="group")
        if m.officials and not m.provinces:
            return places.official(self.base, m, title=topic == "official_title")
        if (m.roles or m.kind) and topic in _SEAT_TOPICS:
            kind = m.kind or memory.get("kind")
            roles = m.roles or list(memory.get("roles") or ())
            if topic == "members" and not m.roles:
                return counts.members(self.base, kind)
            if not roles:
                return handover(f"composition_{'special' if kind == 'special' else 'area'}", kind=kind)
            return counts.seats(self.base, kind, roles, count=topic in ("seat_count", "members") or m.count)
        if not m.slots and memory.get("official") and re.search(r"จังหวัด|ที่ไหน|ไหนบ้าง|อะไรบ้าง|กลุ่มไหน", m.compact):
            m.officials.append(str(memory["official"]))  # "สุวิทย์ดูแลกี่จังหวัด" … "จังหวัดอะไรบ้าง"
            return places.official(self.base, m)
        group = memory.get("group")
        if group is None and memory.get("province"):
            province = self.ref.province(str(memory["province"]))
            group = province.group if province else None
        if m.that_group and group:
            return handover("group_info", group=int(group), topic="group")
        if not m.slots and group and re.search(r"จังหวัด(?:อะไร|ไหน)|มีที่ไหน|ที่ไหนบ้าง", m.compact):
            return handover("group_info", group=int(group), topic="group")
        if not m.slots and memory.get("province") and re.search(r"ใคร|ดูแล|รับผิดชอบ|กลุ่มไหน", m.compact):
            return handover("oversight_province", province=memory["province"], topic="province")
        if not m.slots and not m.report and topic == "group" and group and re.search(r"ใคร|ดูแล|รับผิดชอบ|who", m.compact):
            return handover("group_info", group=int(group), topic="group")
        return None

    # --- plans ----------------------------------------------------------------------------------------------

    def _handover(intent: str, topic: str = "", **slots: Any) -> Plan:
        return Plan(topic=topic or intent, slots=slots, intent=intent)

    def _report(self, asks: list[str]) -> Plan:
        ordered = [a for a in _REPORT_ORDER if a in asks] or ["recipient", "channel", "months"]
        lines = [Line(f"k.report.{a}", facts=(f"report:{a}",)) for a in ordered]
        return Plan(lines, topic="report", slots={"asks": ordered})

    def _months(self, months: list[str], yesno: bool, round_: int | None = None) -> Plan:
        """The report's months, checked against the months a message names ("ต้องรายงานเดือนมีนาใช่มั้ย"); with a
        round named ("ครั้งที่ 2 ส่งมีนาคมจริงไหม"), against that round's month only."""
        due = {r.month for r in self.ref.report_rule.rounds if round_ is None or r.round == round_}
        names = {m: i + 1 for i, (m, _) in enumerate(_MONTHS)}
        lines = []
        if yesno:
            lines.append(Line("k.yes" if all(names[m] in due for m in months) else "k.no"))
        lines.append(Line("k.report.months", facts=("report:months",)))
        return Plan(lines, topic="report", slots={"asks": ["months"]})
