"""Counts of any part of what the documents describe: provinces, groups, officials, committees, seats of each
role, members, duties and mechanisms; and yes/no on a count someone states ("มี 6 ข้อใช่มั้ย")."""

from __future__ import annotations

import re

from bot.knowledge.facts import FactBase
from bot.knowledge.mentions import Mentions
from bot.knowledge.places import join
from bot.knowledge.plans import Line, Plan, handover

_UNCOUNTED = re.compile(r"คณะทำงาน|สถานศึกษานำร่อง|โรงเรียนนำร่อง|โรงเรียน|สถานศึกษา|นักเรียน|ครู")
_PER_GROUP = re.compile(r"กลุ่มละ|แต่ละกลุ่ม|ต่อกลุ่ม|กลุ่มหนึ่ง|กลุ่มนึง|pergroup|eachgroup")


def count(base: FactBase, m: Mentions) -> Plan | None:
    ref = base.reference
    c = m.compact
    if _UNCOUNTED.search(c) and not m.roles and re.search(r"กี่แห่ง|กี่โรง|กี่คน|กี่คณะ|กี่ชุด|กี่ที่|จำนวน", c):
        return Plan([Line("k.not_stated")], topic="not_stated")
    if "จังหวัด" in c and not m.provinces and re.search(r"กี่จังหวัด|จำนวนจังหวัด|จังหวัด\S*(?:ทั้งหมด|รวม)", c):
        if m.groups:
            group = ref.group(m.groups[0])
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
            return Plan([Line("k.count.per_group", {"count": len(ref.groups[0].provinces),
                                                    "groups": len(ref.groups)}, ("meeting2024.groups",))],
                        topic="count")  # fmt: skip
        return Plan([Line("k.count.provinces", {"count": len(ref.provinces), "groups": len(ref.groups),
                                                "per_group": len(ref.groups[0].provinces)},
                          ("meeting2024.groups",))], topic="count")  # fmt: skip
    if re.search(r"ผู้รับผิดชอบ|ผู้ดูแล|คนดูแล|คนรับผิดชอบ|officials", c) and not m.officials:
        groups = [g for g in ref.groups if not m.groups or g.number in m.groups]
        if re.search(r"ทั้ง(?:2|สอง)กลุ่ม|รวม|ทั้งหมด", c):
            groups = list(ref.groups)
        names = [o.name for g in groups for o in g.officials]
        facts = tuple(f"group:{g.number}" for g in groups)
        return Plan([Line("k.count.officials", {"count": len(names), "names": join(names)}, facts)],
                    topic="group", slots={"group": groups[0].number} if len(groups) == 1 else {})  # fmt: skip
    if re.search(r"กี่กลุ่ม|จำนวนกลุ่ม", c):
        return Plan([Line("k.count.groups", {"groups": len(ref.groups)}, ("meeting2024.groups",))], topic="count")
    if m.roles and not (m.meeting and not m.kind):
        return seats(base, m.kind, m.roles, count=True)
    if (
        (m.meeting or "เข้าร่วม" in c)
        and re.search(r"กี่คน|จำนวนคน|เท่าไหร่|เท่าไร|กี่ท่าน|howmany|ผู้เข้า", c)
        and not re.search(r"วันที่|ครั้งหน้า|ครั้งต่อไป|ใคร|วันไหน|ที่ไหน|เมื่อไหร่|ผ่าน", c)  # several asks: retrieval
    ):
        attendees = "meeting2024.attendees"
        return Plan([Line("k.fact", facts=(attendees,))], topic="fact", slots={"fact": attendees})
    if re.search(r"กี่คณะ|จำนวนคณะ", c) and (m.kind or re.search(r"กี่คน|จำนวนคน", c)):
        return handover("composition_counts", topic="members")
    if re.search(r"กี่คณะ|จำนวนคณะ", c):
        return Plan(
            [Line("k.count.committees", {"area": ref.committee_kind("area").committees}, ("committee:area",))],
            topic="members",
            slots={"kind": m.kind or "area"},
        )
    if m.kind and re.search(r"กี่คน|จำนวนคน|กี่ท่าน|สมาชิก", c):
        return members(base, m.kind)
    if re.search(r"หน้าที่|ภารกิจ|บทบาท", c) and re.search(r"กี่ข้อ|กี่ด้าน|กี่อย่าง|กี่ภารกิจ|กี่ประการ", c):
        return Plan([Line("k.count.duties", {"count": len(ref.duties)}, ("duty:1",))], topic="count")
    if m.mechanism and re.search(r"กี่ข้อ|กี่กลไก|กี่อย่าง|กี่ด้าน|ทั้งหมด", c):
        return Plan(
            [Line("k.count.mechanisms", {"count": len(ref.mechanisms)}, ("meeting2021.driver",))],
            topic="count",
        )
    return None


def members(base: FactBase, kind: str | None) -> Plan:
    ref = base.reference
    kinds = [kind] if kind else ["area", "special"]
    lines = []
    for code in kinds:
        k = ref.committee_kind(code)
        lines.append(Line(f"k.members.{code}", {"members": k.members_per_committee, "committees": k.committees,
                                                "total": k.members_per_committee * k.committees,
                                                "parts": " + ".join(str(s.count) for s in k.seats)},
                          (f"committee:{code}",)))  # fmt: skip
    return Plan(lines, topic="members", slots={"kind": kind})


def seats(base: FactBase, kind: str | None, roles: list[str], *, count: bool) -> Plan:
    ref = base.reference
    kinds = [kind] if kind else ["area", "special"]
    lines: list[Line] = []
    for role in roles:
        seats = {code: next(s for s in ref.committee_kind(code).seats if s.role == role) for code in kinds}
        same = len(kinds) == 2 and len({(s.count, s.title_th) for s in seats.values()}) == 1
        for code in kinds[:1] if same else kinds:
            seat = seats[code]
            lines.append(Line("k.seat.count" if count else "k.seat.who",
                              {"role": role, "kind": "both" if same else code, "count": seat.count,
                               "title": seat.title_th}, (f"seat:{code}:{role}",)))  # fmt: skip
    return Plan(lines, topic="seat_count" if count else "seat_who", slots={"kind": kind, "roles": roles})


def compare_seats(base: FactBase, roles: list[str]) -> Plan:
    ref = base.reference
    lines: list[Line] = []
    for role in roles:
        kinds = ("area", "special")
        seats = {k: next(s for s in ref.committee_kind(k).seats if s.role == role) for k in kinds}
        for code, seat in seats.items():
            lines.append(Line("k.seat.count", {"role": role, "kind": code, "count": seat.count,
                                               "title": seat.title_th}, (f"seat:{code}:{role}",)))  # fmt: skip
        area, special = seats["area"].count, seats["special"].count
        key = "k.seat.equal" if area == special else "k.seat.more"
        more = "area" if area > special else "special"
        lines.append(Line(key, {"role": role, "kind": more, "count": max(area, special)}))
    return Plan(lines, topic="seat_count", slots={"roles": roles})


def claim(base: FactBase, said: int, mechanisms: bool) -> Plan:
    ref = base.reference
    count = len(ref.mechanisms if mechanisms else ref.duties)
    key, fact = ("k.count.mechanisms", "meeting2021.driver") if mechanisms else ("k.count.duties", "duty:1")
    return Plan([Line("k.yes" if said == count else "k.no"), Line(key, {"count": count}, (fact,))], topic="count")


#: A count said with its unit ("70 คณะ", "700คน"), not an item number ("ข้อ 4", "ครั้งที่ 2", "กลุ่ม 1").
#: (What may not come before the number is looked back for after its first digit: the engine skips to digits.)
_COUNTED = re.compile(r"(\d(?<!ที่\d)(?<!ข้อ\d)(?<!ครั้ง\d)(?<!กลุ่ม\d)(?<![\d.]\d)\d*)(คน|คณะ|ข้อ|กลไก|ประการ|จังหวัด)")
_UNIT_CLASS = {"ข้อ": "item", "กลไก": "item", "ประการ": "item"}


def counts_said(text: str) -> dict[str, set[int]]:
    """The counts a text states, by unit (ข้อ, กลไก and ประการ are one unit)."""
    found: dict[str, set[int]] = {}
    for number, unit in _COUNTED.findall("".join(text.split())):
        found.setdefault(_UNIT_CLASS.get(unit, unit), set()).add(int(number))
    return found


def count_verdict(question: str, answer: str) -> bool | None:
    """Whether the one count a yes/no question states ("มีคนเข้าร่วม 700 คนใช่ไหม") is the answer's: True when
    the answer states it, False when the answer states exactly one other count of that unit, else None."""
    claims = counts_said(question)
    if len(claims) != 1:
        return None
    ((unit, said),) = claims.items()
    stated = counts_said(answer).get(unit, set())
    if len(said) != 1 or not stated:
        return None
    if said <= stated:
        return True
    return False if len(stated) == 1 else None
