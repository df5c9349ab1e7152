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

from bot.knowledge.facts import FactBase
from bot.knowledge.items import ItemIndex
from bot.knowledge.meetings import meeting_plan, other_meeting
from bot.knowledge.mentions import Mentions
from bot.knowledge.people import person_plan, post_plan, resolve_titles
from bot.knowledge.plans import Line, Plan
from bot.knowledge.terms import TermIndex, term_plan

_WHO = re.compile(r"ใคร|คือ|ตำแหน่ง|ได้แก่|ชื่อ|who|ประกอบด้วย|เป็นอะไร|ตำแหน่งอะไร")
_DOES = re.compile(r"ทำอะไร|หน้าที่|ต้องทำ|ทำหน้าที่|มีบทบาท")
_OVERSEE = re.compile(r"ดูแล|รับผิดชอบ|ที่ไหน|จังหวัด|กลุ่ม|oversee|province|where|พื้นที่")
_TITLE = re.compile(r"ตำแหน่ง|คือใคร|เป็นใคร|ชื่อเต็ม|title|whois")
_AREA_WORDS = re.compile(r"ดูแล|รับผิดชอบ|กลุ่ม|อยู่|ใคร|ไหน|พื้นที่นวัตกรรม|ใช่|group|oversee|ด้วยไหม|ด้วยมั้ย|รายชื่อ|มีไหม|มีมั้ย")
_COMMITTEE = re.compile(r"กรรมการ|คณะ|committee|ผู้ทรง|ผู้แทน|ตัวแทน")  # a seat named without its committee
_ASK_GROUP = re.compile(r"กลุ่ม(?:ไหน|อะไร|ใด|ที่เท่าไหร่|ที่เท่าไร)|ใคร(?:เป็นผู้)?(?:ดูแล|รับผิดชอบ)|ผู้(?:ดูแล|รับผิดชอบ)")
#: A question about one of the twenty: the documents tie a province to its group and the two officials only.
_PLACE_ASK = re.compile(
    r"กลุ่ม|ดูแล|รับผิดชอบ|ใคร|ท่านไหน|ท่านใด|คนไหน|ผู้บริหาร|กำกับ|which|who|group|oversee|in charge|อยู่ไหน|อยู่ที่ไหน"
)
_REGION_ASK = re.compile(r"จังหวัด|กลุ่ม|ดูแล|รับผิดชอบ|ใคร|นวัตกรรม|รายชื่อ|province|group")
_CLAIM = re.compile(r"มี(\d+)(?:ข้อ|กลไก|ภารกิจ|หน้าที่|ด้าน|ประการ|อย่าง)")
_COMPARE = re.compile(r"มากกว่า|น้อยกว่า|ต่างกัน|เท่ากัน|เยอะกว่า|เหมือนกัน|compare|more|fewer")
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
#: Posts in a province the documents do not name ("ใครเป็นผู้อำนวยการโรงเรียนนำร่องในตราด"): not the group's officials.
OTHER_POST = re.compile(r"ผู้อำนวยการ|ผอ|ผู้ว่า|นายก|โรงเรียน|ครู|นักเรียน|ศึกษาธิการ|สพท|สพป|สพม|เขต\d|ส\.ส|อบจ")
#: Things the documents name but never count ("สถานศึกษานำร่องมีกี่แห่ง", "คณะทำงานมีกี่คน").
_UNCOUNTED = re.compile(r"คณะทำงาน|สถานศึกษานำร่อง|โรงเรียนนำร่อง|โรงเรียน|สถานศึกษา|นักเรียน|ครู")
_PER_GROUP = re.compile(r"กลุ่มละ|แต่ละกลุ่ม|ต่อกลุ่ม|กลุ่มหนึ่ง|กลุ่มนึง|pergroup|eachgroup")
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
        if memory and (m.follow or m.step or _bare(m) or not m.slots):
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
                more = self._check(m.provinces, None, m.officials[0])
            elif m.officials and _OVERSEE.search(c):
                more = self._official(m)
            if more is None:
                return Plan([said], topic="fact", slots={"fact": m.described})
            return Plan([said, *more.lines], topic=more.topic, slots=more.slots)
        if m.number is not None and not m.count:
            series = "mechanism" if m.mechanism else "duty"
            count = len(self.ref.mechanisms if m.mechanism else self.ref.duties)
            if not 1 <= m.number <= count:  # "กลไกที่ 15": say how many there are, never a lookalike
                return self._handover(_SERIES_INTENT[series], number=m.number, series=series)
        if m.ordinal and m.number is not None:  # "หน้าที่ข้อแรก", "กลไกข้อสุดท้าย"
            series = "mechanism" if m.mechanism else "duty"
            return self._handover(_SERIES_INTENT[series], number=m.number, series=series)
        if m.region and not m.provinces and _REGION_ASK.search(c):  # "สุวิทย์ดูแลภาคใต้จังหวัดไหน": one group
            plan = self._region(m.region, m.groups or [self._official_group(o) for o in m.officials])
            plan.checked = True
            return plan
        if len(m.provinces) == 1 and len(m.groups) >= 2:  # "ระยองอยู่กลุ่ม๑หรือ๒"
            return self._handover("oversight_province", province=m.provinces[0], topic="province")
        if (claim := _CLAIM.search(c)) and m.yesno:  # "กลไก … มี 6 ข้อใช่มั้ย"
            return self._claim(int(claim.group(1)), "กลไก" in c or "mechanism" in c)
        months = [name for name, pattern in _MONTHS if pattern.search(c)]
        if months and (m.report or _DUE.search(c)) and not m.provinces:
            return self._months(months, m.yesno)
        series_item = m.number is not None and (m.mechanism or "ข้อ" in c)
        if (
            m.report
            and not series_item
            and (
                len(m.report_asks) >= 2
                or set(m.report_asks) & {"recipient", "inform", "frequency", "covers"}
                or (m.report_asks == ["months"] and "deadline" in c)
            )
        ):
            return self._report(m.report_asks)
        if m.others and not m.provinces and (m.nickname or _AREA_WORDS.search(c)):
            return self._not_listed(m.others[0])
        if (special := term_plan(m, self.terms)) is not None:
            return special
        resolve_titles(m, self.base)
        for special in (person_plan(m, self.base), post_plan(m, self.base), meeting_plan(m, self.base)):
            if special is not None:
                return special
        if self.items is not None and (special := self.items.plan(m)) is not None:
            return special
        entities = len(m.provinces) + len(m.officials)
        if m.same and entities >= 2:
            return self._same_group(m)
        if m.yesno and m.provinces and (m.groups or m.officials):
            return self._check(m.provinces, m.groups[0] if m.groups else None, m.officials[0] if m.officials else None)
        if m.yesno and m.officials and m.groups and not m.provinces:
            return self._official_in_group(m.officials[0], m.groups[0])
        if m.officials and not m.provinces:
            return self._official(m)
        if len(m.provinces) >= 2 and _OVERSEE.search(c):
            return self._province_groups(m.provinces)
        if m.count:
            plan = self._count(m)
            if plan is not None:
                return plan
        after_meeting = str((memory or {}).get("fact", "")).startswith("meeting")
        seat_named = m.kind or _COMMITTEE.search(c) or not (m.meeting or after_meeting)
        if m.roles and (len(m.kinds) == 2 or _COMPARE.search(c)) and not m.officials:
            return self._compare_seats(m.roles)
        if m.roles and seat_named and _WHO.search(c) and not _DOES.search(c):
            return self._seats(m.kind, m.roles, count=False)
        if len(m.provinces) == 1 and not m.groups and _ASK_GROUP.search(c):
            return self._handover("oversight_province", province=m.provinces[0], topic="province")
        if m.nickname and m.provinces:
            return self._handover("oversight_province", province=m.provinces[0], topic="province")
        if (
            len(m.provinces) == 1
            and not (m.groups or m.roles or m.count or OTHER_POST.search(c))
            and _PLACE_ASK.search(c)
        ):
            return self._handover("oversight_province", province=m.provinces[0], topic="province")
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
            return self._region(m.region, m.groups)
        if topic == "seat_who" and (plan := post_plan(m, self.base, follow=True)) is not None:
            return plan  # "ผอ.สพท. เป็นประธานใช่มั้ย" … "แล้วผอ.สบน.ล่ะ"
        if m.same and memory.get("province") and len(m.provinces) + len(m.officials) == 1:  # "จังหวัดนั้น...กับสงขลา"
            m.provinces.insert(0, str(memory["province"]))
            return self._same_group(m)
        if m.step and series and memory.get("number"):
            return self._handover(_SERIES_INTENT[series], number=int(memory["number"]) + m.step, series=series)
        if m.number is not None and not m.provinces and series and not m.count:
            series = "mechanism" if m.mechanism else series
            number = m.number
            if m.ordinal and number != 1:  # "ข้อสุดท้ายล่ะ": the last of the series being talked about
                number = len(self.ref.mechanisms if series == "mechanism" else self.ref.duties)
            return self._handover(_SERIES_INTENT[series], number=number, series=series)
        if m.round is not None and topic == "round":
            return self._handover("deadline_round", round=m.round)
        if m.others and not m.provinces:
            return self._not_listed(m.others[0])
        if m.provinces and not m.officials:
            if topic == "check" and memory.get("group"):
                return self._check(m.provinces, int(memory["group"]), None)
            if topic == "check" and memory.get("official"):
                return self._check(m.provinces, None, str(memory["official"]))
            if len(m.provinces) == 1:
                return self._handover("oversight_province", province=m.provinces[0], topic="province")
            return self._province_groups(m.provinces)
        if m.groups and not m.provinces:
            if topic == "check" and memory.get("provinces"):
                return self._check(list(memory["provinces"]), m.groups[0], None)
            return self._handover("group_info", group=m.groups[0], topic="group")
        if m.officials and not m.provinces:
            return self._official(m, title=topic == "official_title")
        if (m.roles or m.kind) and topic in _SEAT_TOPICS:
            kind = m.kind or memory.get("kind")
            roles = m.roles or list(memory.get("roles") or ())
            if topic == "members" and not m.roles:
                return self._members(kind)
            if not roles:
                return self._handover(f"composition_{'special' if kind == 'special' else 'area'}", kind=kind)
            return self._seats(kind, roles, count=topic in ("seat_count", "members") or m.count)
        if not m.slots and memory.get("official") and re.search(r"จังหวัด|ที่ไหน|ไหนบ้าง|อะไรบ้าง|กลุ่มไหน", m.compact):
            m.officials.append(str(memory["official"]))  # "สุวิทย์ดูแลกี่จังหวัด" … "จังหวัดอะไรบ้าง"
            return self._official(m)
        group = memory.get("group")
        if group is None and memory.get("province"):
            province = self.ref.province(str(memory["province"]))
            group = province.group if province else None
        if m.that_group and group:
            return self._handover("group_info", group=int(group), topic="group")
        if not m.slots and group and re.search(r"จังหวัด(?:อะไร|ไหน)|มีที่ไหน|ที่ไหนบ้าง", m.compact):
            return self._handover("group_info", group=int(group), topic="group")
        if not m.slots and memory.get("province") and re.search(r"ใคร|ดูแล|รับผิดชอบ|กลุ่มไหน", m.compact):
            return self._handover("oversight_province", province=memory["province"], topic="province")
        if not m.slots and topic == "group" and group and re.search(r"ใคร|ดูแล|รับผิดชอบ|who", m.compact):
            return self._handover("group_info", group=int(group), topic="group")
        return None

    # --- plans ----------------------------------------------------------------------------------------------

    @staticmethod
    def _handover(intent: str, topic: str = "", **slots: Any) -> Plan:
        return Plan(topic=topic or intent, slots=slots, intent=intent)

    def _report(self, asks: list[str]) -> Plan:
        ordered = [a for a in _REPORT_ORDER if a in asks] or ["recipient", "channel", "months"]
        lines = [Line(f"k.report.{a}", facts=(f"report:{a}",)) for a in ordered]
        return Plan(lines, topic="report", slots={"asks": ordered})

    def _claim(self, said: int, mechanisms: bool) -> Plan:
        count = len(self.ref.mechanisms if mechanisms else self.ref.duties)
        key, fact = ("k.count.mechanisms", "meeting2021.driver") if mechanisms else ("k.count.duties", "duty:1")
        return Plan([Line("k.yes" if said == count else "k.no"), Line(key, {"count": count}, (fact,))], topic="count")

    def _months(self, months: list[str], yesno: bool) -> Plan:
        """The report's months, checked against the months a message names ("ต้องรายงานเดือนมีนาใช่มั้ย")."""
        due = {r.month for r in self.ref.report_rule.rounds}
        names = {m: i + 1 for i, (m, _) in enumerate(_MONTHS)}
        lines = []
        if yesno:
            lines.append(Line("k.yes" if all(names[m] in due for m in months) else "k.no"))
        lines.append(Line("k.report.months", facts=("report:months",)))
        return Plan(lines, topic="report", slots={"asks": ["months"]})

    def _compare_seats(self, roles: list[str]) -> Plan:
        lines: list[Line] = []
        for role in roles:
            kinds = ("area", "special")
            seats = {k: next(s for s in self.ref.committee_kind(k).seats if s.role == role) for k in kinds}
            for code, seat in seats.items():
                lines.append(Line("k.seat.count", {"role": role, "kind": code, "count": seat.count,
                                                   "title": seat.title_th}, (f"seat:{code}:{role}",)))  # fmt: skip
            area, special = seats["area"].count, seats["special"].count
            key = "k.seat.equal" if area == special else "k.seat.more"
            more = "area" if area > special else "special"
            lines.append(Line(key, {"role": role, "kind": more, "count": max(area, special)}))
        return Plan(lines, topic="seat_count", slots={"roles": roles})

    def _region(self, region: str, groups: list[int]) -> Plan:
        """The provinces of a region among the twenty, by group (the region itself is general knowledge)."""
        names = self.base.regions[region]
        lines = []
        for group in self.ref.groups:
            if groups and group.number not in groups:
                continue
            inside = [n for n in group.provinces if n in names]
            if inside:
                lines.append(Line("k.region.group", {"group": group.number, "provinces": " ".join(inside),
                                                     "count": len(inside)}, (f"group:{group.number}",)))  # fmt: skip
        if not lines:
            lines.append(Line("k.region.none", {"region": region}, ("meeting2024.groups",)))
        header = Line("k.region.header", {"region": region})
        return Plan([header, *lines], topic="region", slots={"region": region})

    def _not_listed(self, name: str) -> Plan:
        line = Line("k.not_listed", {"province": name, "count": len(self.ref.provinces)}, ("meeting2024.groups",))
        return Plan([line], topic="not_listed", slots={"other": name})

    def _group_of(self, name: str) -> int:
        province = self.ref.province(name)
        assert province is not None
        return province.group

    def _official_group(self, name: str) -> int:
        return next(g.number for g in self.ref.groups if any(o.name == name for o in g.officials))

    def _same_group(self, m: Mentions) -> Plan:
        named = [(p, self._group_of(p), f"province:{p}") for p in m.provinces]
        named += [(o, self._official_group(o), f"official:{o}") for o in m.officials]
        groups = {g for _, g, _ in named}
        facts = tuple(f for _, _, f in named)
        if len(groups) == 1:
            line = Line("k.same.yes", {"names": _join(n for n, _, _ in named), "group": groups.pop()}, facts)
        else:
            parts = "; ".join(f"{n} กลุ่มที่ {g}" for n, g, _ in named)
            line = Line("k.same.no", {"parts": parts}, facts)
        return Plan([line], topic="same", slots={"provinces": m.provinces})

    def _check(self, provinces: list[str], group: int | None, official: str | None) -> Plan:
        lines: list[Line] = []
        for name in provinces:
            actual = self._group_of(name)
            officials = _join(o.name for o in self.ref.group(actual).officials)  # type: ignore[union-attr]
            if official is not None:
                yes = self._official_group(official) == actual
                key = "k.check.official_yes" if yes else "k.check.official_no"
                lines.append(Line(key, {"province": name, "official": official, "officials": officials,
                                        "group": actual}, (f"province:{name}",)))  # fmt: skip
            else:
                key = "k.check.yes" if actual == group else "k.check.no"
                lines.append(Line(key, {"province": name, "asked": group, "group": actual, "officials": officials},
                                  (f"province:{name}",)))  # fmt: skip
        slots = {"provinces": provinces, "group": group, "official": official}
        return Plan(lines, topic="check", slots=slots)

    def _official_in_group(self, official: str, group: int) -> Plan:
        actual = self._official_group(official)
        key = "k.official_group.yes" if actual == group else "k.official_group.no"
        return Plan([Line(key, {"official": official, "asked": group, "group": actual}, (f"official:{official}",))],
                    topic="official", slots={"official": official})  # fmt: skip

    def _official(self, m: Mentions, title: bool = False) -> Plan:
        lines: list[Line] = []
        for name in m.officials:
            group = self.ref.group(self._official_group(name))
            assert group is not None
            official = next(o for o in group.officials if o.name == name)
            if m.count and "จังหวัด" in m.compact:
                lines.append(Line("k.official.count", {"official": name, "count": len(group.provinces),
                                                       "group": group.number}, (f"official:{name}",)))  # fmt: skip
            elif title or (_TITLE.search(m.compact) and not _OVERSEE.search(m.compact)):
                said = [f.id for f in self.base.facts.values() if f.id.startswith("meeting2024.") and name in f.text_th]
                lines.append(Line("k.official.title", {"official": name, "title": official.title_th,
                                                       "group": group.number}, (f"official:{name}",)))  # fmt: skip
                lines += [Line("k.fact", facts=(fid,)) for fid in said[:1]]
            elif not (_OVERSEE.search(m.compact) or _bare(m) or m.follow or len(m.compact) <= 16):
                return None  # "คุณพิทักษ์เบอร์โทรอะไร" asks what the documents do not tell
            else:
                lines.append(Line("k.official.provinces", {"official": name, "group": group.number,
                                                           "title": official.title_th,
                                                           "provinces": " ".join(group.provinces),
                                                           "count": len(group.provinces)},
                                  (f"official:{name}",)))  # fmt: skip
        topic = "official_title" if lines and lines[0].key == "k.official.title" else "official"
        return Plan(lines, topic=topic, slots={"official": m.officials[-1]})

    def _province_groups(self, provinces: list[str]) -> Plan:
        lines = []
        for name in provinces:
            group = self.ref.group(self._group_of(name))
            assert group is not None
            lines.append(Line("k.province.group", {"province": name, "group": group.number,
                                                   "officials": _join(o.name for o in group.officials)},
                              (f"province:{name}",)))  # fmt: skip
        return Plan(lines, topic="province", slots={"province": provinces[-1]})

    def _count(self, m: Mentions) -> Plan | None:
        c = m.compact
        if _UNCOUNTED.search(c) and not m.roles and re.search(r"กี่แห่ง|กี่โรง|กี่คน|กี่คณะ|กี่ชุด|กี่ที่|จำนวน", c):
            return Plan([Line("k.not_stated")], topic="not_stated")
        if "จังหวัด" in c and not m.provinces and re.search(r"กี่จังหวัด|จำนวนจังหวัด|จังหวัด\S*(?:ทั้งหมด|รวม)", c):
            if m.groups:
                group = self.ref.group(m.groups[0])
                assert group is not None
                return Plan(
                    [
                        Line(
                            "k.count.group_provinces",
                            {"group": group.number, "count": len(group.provinces)},
                            (f"group:{group.number}",),
                        )
                    ],
                    topic="group",
                    slots={"group": group.number},
                )
            if _PER_GROUP.search(c):
                return Plan([Line("k.count.per_group", {"count": len(self.ref.groups[0].provinces),
                                                        "groups": len(self.ref.groups)}, ("meeting2024.groups",))],
                            topic="count")  # fmt: skip
            return Plan([Line("k.count.provinces", {"count": len(self.ref.provinces), "groups": len(self.ref.groups),
                                                    "per_group": len(self.ref.groups[0].provinces)},
                              ("meeting2024.groups",))], topic="count")  # fmt: skip
        if re.search(r"ผู้รับผิดชอบ|ผู้ดูแล|คนดูแล|คนรับผิดชอบ|officials", c) and not m.officials:
            groups = [g for g in self.ref.groups if not m.groups or g.number in m.groups]
            if re.search(r"ทั้ง(?:2|สอง)กลุ่ม|รวม|ทั้งหมด", c):
                groups = list(self.ref.groups)
            names = [o.name for g in groups for o in g.officials]
            facts = tuple(f"group:{g.number}" for g in groups)
            return Plan([Line("k.count.officials", {"count": len(names), "names": _join(names)}, facts)],
                        topic="group", slots={"group": groups[0].number} if len(groups) == 1 else {})  # fmt: skip
        if re.search(r"กี่กลุ่ม|จำนวนกลุ่ม", c):
            return Plan(
                [Line("k.count.groups", {"groups": len(self.ref.groups)}, ("meeting2024.groups",))], topic="count"
            )
        if m.roles and not (m.meeting and not m.kind):
            return self._seats(m.kind, m.roles, count=True)
        if (
            (m.meeting or "เข้าร่วม" in c)
            and re.search(r"กี่คน|จำนวนคน|เท่าไหร่|เท่าไร|กี่ท่าน|howmany|ผู้เข้า", c)
            and not re.search(r"วันที่|ครั้งหน้า|ครั้งต่อไป|ใคร|วันไหน|ที่ไหน|เมื่อไหร่|ผ่าน", c)  # several asks: retrieval
        ):
            attendees = "meeting2024.attendees"
            return Plan([Line("k.fact", facts=(attendees,))], topic="fact", slots={"fact": attendees})
        if re.search(r"กี่คณะ|จำนวนคณะ", c) and (m.kind or re.search(r"กี่คน|จำนวนคน", c)):
            return self._handover("composition_counts", topic="members")
        if re.search(r"กี่คณะ|จำนวนคณะ", c):
            return Plan(
                [Line("k.count.committees", {"area": self.ref.committee_kind("area").committees}, ("committee:area",))],
                topic="members",
                slots={"kind": m.kind or "area"},
            )
        if m.kind and re.search(r"กี่คน|จำนวนคน|กี่ท่าน|สมาชิก", c):
            return self._members(m.kind)
        if re.search(r"หน้าที่|ภารกิจ|บทบาท", c) and re.search(r"กี่ข้อ|กี่ด้าน|กี่อย่าง|กี่ภารกิจ|กี่ประการ", c):
            return Plan([Line("k.count.duties", {"count": len(self.ref.duties)}, ("duty:1",))], topic="count")
        if m.mechanism and re.search(r"กี่ข้อ|กี่กลไก|กี่อย่าง|กี่ด้าน|ทั้งหมด", c):
            return Plan(
                [Line("k.count.mechanisms", {"count": len(self.ref.mechanisms)}, ("meeting2021.driver",))],
                topic="count",
            )
        return None

    def _members(self, kind: str | None) -> Plan:
        kinds = [kind] if kind else ["area", "special"]
        lines = []
        for code in kinds:
            k = self.ref.committee_kind(code)
            lines.append(Line(f"k.members.{code}", {"members": k.members_per_committee, "committees": k.committees,
                                                    "total": k.members_per_committee * k.committees,
                                                    "parts": " + ".join(str(s.count) for s in k.seats)},
                              (f"committee:{code}",)))  # fmt: skip
        return Plan(lines, topic="members", slots={"kind": kind})

    def _seats(self, kind: str | None, roles: list[str], *, count: bool) -> Plan:
        kinds = [kind] if kind else ["area", "special"]
        lines: list[Line] = []
        for role in roles:
            seats = {code: next(s for s in self.ref.committee_kind(code).seats if s.role == role) for code in kinds}
            same = len(kinds) == 2 and len({(s.count, s.title_th) for s in seats.values()}) == 1
            for code in kinds[:1] if same else kinds:
                seat = seats[code]
                lines.append(Line("k.seat.count" if count else "k.seat.who",
                                  {"role": role, "kind": "both" if same else code, "count": seat.count,
                                   "title": seat.title_th}, (f"seat:{code}:{role}",)))  # fmt: skip
        return Plan(lines, topic="seat_count" if count else "seat_who", slots={"kind": kind, "roles": roles})


def _bare(m: Mentions) -> bool:
    """A message that is only a slot ("สงขลา", "ข้อ 5", "กลุ่ม 2"): read as a follow-up when there is a topic."""
    return m.slots > 0 and len(m.compact) <= 14 and not m.count and not m.yesno


def _join(names: Any) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else " ".join(items[:-1]) + " และ" + items[-1]
