"""Answers about places and the officials who oversee them: a province's group, yes/no checks, whether names share a
group, an official's provinces or title, the provinces of a region among the twenty, a province not among them."""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge.facts import FactBase
from bot.knowledge.mentions import Mentions
from bot.knowledge.plans import Line, Plan

OVERSEE = re.compile(r"ดูแล|รับผิดชอบ|ที่ไหน|จังหวัด|กลุ่ม|oversee|province|where|พื้นที่")
TITLE = re.compile(r"ตำแหน่ง|คือใคร|เป็นใคร|ชื่อเต็ม|title|whois")


def join(names: Any) -> str:
    """ "ก", "ก และข", "ก ข และค"."""
    items = list(names)
    return items[0] if len(items) == 1 else " ".join(items[:-1]) + " และ" + items[-1]


def region(base: FactBase, region: str, groups: list[int]) -> Plan:
    """The provinces of a region among the twenty, by group (the region itself is general knowledge)."""
    ref = base.reference
    names = base.regions[region]
    lines = []
    for group in ref.groups:
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


def not_listed(base: FactBase, name: str) -> Plan:
    ref = base.reference
    line = Line("k.not_listed", {"province": name, "count": len(ref.provinces)}, ("meeting2024.groups",))
    return Plan([line], topic="not_listed", slots={"other": name})


def group_of(base: FactBase, name: str) -> int:
    ref = base.reference
    province = ref.province(name)
    assert province is not None
    return province.group


def official_group(base: FactBase, name: str) -> int:
    ref = base.reference
    return next(g.number for g in ref.groups if any(o.name == name for o in g.officials))


def same_group(base: FactBase, m: Mentions) -> Plan:
    named = [(p, group_of(base, p), f"province:{p}") for p in m.provinces]
    named += [(o, official_group(base, o), f"official:{o}") for o in m.officials]
    groups = {g for _, g, _ in named}
    facts = tuple(f for _, _, f in named)
    if len(groups) == 1:
        line = Line("k.same.yes", {"names": join(n for n, _, _ in named), "group": groups.pop()}, facts)
    else:
        parts = "; ".join(f"{n} กลุ่มที่ {g}" for n, g, _ in named)
        line = Line("k.same.no", {"parts": parts}, facts)
    return Plan([line], topic="same", slots={"provinces": m.provinces})


def same_with_unlisted(base: FactBase, m: Mentions) -> Plan:
    """A comparison with a province outside the twenty: not the same group; where the listed ones are instead."""
    named = [(p, group_of(base, p), f"province:{p}") for p in m.provinces]
    named += [(o, official_group(base, o), f"official:{o}") for o in m.officials]
    parts = "; ".join(f"{n} กลุ่มที่ {g}" for n, g, _ in named)
    lines = [Line("k.same.no", {"parts": parts}, tuple(f for _, _, f in named))]
    lines += [not_listed(base, other).lines[0] for other in m.others]
    return Plan(lines, topic="same", slots={"provinces": m.provinces})


def check(base: FactBase, provinces: list[str], group: int | None, official: str | None) -> Plan:
    ref = base.reference
    lines: list[Line] = []
    for name in provinces:
        actual = group_of(base, name)
        officials = join(o.name for o in ref.group(actual).officials)  # type: ignore[union-attr]
        if official is not None:
            yes = official_group(base, official) == actual
            key = "k.check.official_yes" if yes else "k.check.official_no"
            lines.append(Line(key, {"province": name, "official": official, "officials": officials,
                                    "group": actual}, (f"province:{name}",)))  # fmt: skip
        else:
            key = "k.check.yes" if actual == group else "k.check.no"
            lines.append(Line(key, {"province": name, "asked": group, "group": actual, "officials": officials},
                              (f"province:{name}",)))  # fmt: skip
    slots = {"provinces": provinces, "group": group, "official": official}
    return Plan(lines, topic="check", slots=slots)


def official_in_group(base: FactBase, official: str, group: int) -> Plan:
    actual = official_group(base, official)
    key = "k.official_group.yes" if actual == group else "k.official_group.no"
    return Plan([Line(key, {"official": official, "asked": group, "group": actual}, (f"official:{official}",))],
                topic="official", slots={"official": official})  # fmt: skip


def official(base: FactBase, m: Mentions, title: bool = False) -> Plan | None:
    ref = base.reference
    lines: list[Line] = []
    for name in m.officials:
        group = ref.group(official_group(base, name))
        assert group is not None
        official = next(o for o in group.officials if o.name == name)
        if m.count and "จังหวัด" in m.compact:
            lines.append(Line("k.official.count", {"official": name, "count": len(group.provinces),
                                                   "group": group.number}, (f"official:{name}",)))  # fmt: skip
        elif title or (TITLE.search(m.compact) and not OVERSEE.search(m.compact)):
            others = [o.name for g in ref.groups for o in g.officials if o.name != name]
            said = [  # a sentence that also gives the others' posts answers more than was asked, and blurs it
                f.id for f in base.facts.values()
                if f.id.startswith("meeting2024.") and name in f.text_th and not any(o in f.text_th for o in others)
            ]  # fmt: skip
            lines.append(Line("k.official.title", {"official": name, "title": official.title_th,
                                                   "group": group.number}, (f"official:{name}",)))  # fmt: skip
            lines += [Line("k.fact", facts=(fid,)) for fid in said[:1]]
        elif not (OVERSEE.search(m.compact) or m.bare or m.follow or len(m.compact) <= 16):
            return None  # "คุณพิทักษ์เบอร์โทรอะไร" asks what the documents do not tell
        else:
            lines.append(Line("k.official.provinces", {"official": name, "group": group.number,
                                                       "title": official.title_th,
                                                       "provinces": " ".join(group.provinces),
                                                       "count": len(group.provinces)},
                              (f"official:{name}",)))  # fmt: skip
    topic = "official_title" if lines and lines[0].key == "k.official.title" else "official"
    return Plan(lines, topic=topic, slots={"official": m.officials[-1]})


def province_groups(base: FactBase, provinces: list[str]) -> Plan:
    ref = base.reference
    lines = []
    for name in provinces:
        group = ref.group(group_of(base, name))
        assert group is not None
        lines.append(Line("k.province.group", {"province": name, "group": group.number,
                                               "officials": join(o.name for o in group.officials)},
                          (f"province:{name}",)))  # fmt: skip
    return Plan(lines, topic="province", slots={"province": provinces[-1]})
