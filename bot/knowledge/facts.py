"""The fact base: every fact the bot can state, as an atom with the span of the source text it comes from.

Facts are built from the reviewed reference data (storage/reference/*.yaml: provinces and groups, duties,
committee seats, the report rule, mechanisms) and from storage/reference/facts.yaml (the two meetings, people,
abbreviations). Each one points at a verbatim quote in one of the two documents in storage/reference/sources;
building the base fails if a quote is not found there, so a fact cannot drift from its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.sources import SOURCES_DIR, Document, Passage, locate, read_document
from storage.reference.data import REFERENCE_DIR, CommitteeKind, ReferenceData
from storage.reference.fastyaml import safe_load

FACTS_PATH = REFERENCE_DIR / "facts.yaml"
BRIEFING = "003_130a65c16854b49e.txt"  # 26 Aug 2024: groups, duties, committees
WORKSHOP = "000_84a8b1dc43e17e51.txt"  # 8 Sep 2021: the 11 mechanisms


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    text_th: str
    text_en: str
    file: str
    quote: str  # verbatim from the document (spaces normalised)
    span: tuple[int, int]  # where the quote is in the document's text
    keywords: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()  # the kinds of question it answers: who, when, where, count, what
    terms: tuple[str, ...] = ()  # the abbreviation or term it defines, squashed and lower-case ("สบน", "emenscr")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the documents name: how people type the name, the title, and the facts about them."""

    name: str
    forms: tuple[str, ...]
    title_th: str
    title_en: str
    facts: tuple[str, ...]  # every fact that names them
    said: tuple[str, ...]  # what they said or did at a meeting
    group: int | None = None  # the oversight group, for the four officials


@dataclass
class FactBase:
    """Facts by id, the documents, and their passages; built once per process."""

    reference: ReferenceData
    documents: dict[str, Document]
    facts: dict[str, Fact] = field(default_factory=dict)
    nicknames: dict[str, str] = field(default_factory=dict)  # nickname -> Thai province name (any province)
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region word -> our provinces in it
    abbreviations: dict[str, str] = field(default_factory=dict)  # official two-letter abbreviation -> province
    people: dict[str, Person] = field(default_factory=dict)  # by full name

    @property
    def passages(self) -> list[Passage]:
        return [p for d in self.documents.values() for p in d.passages]

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    def label(self, file: str, lang: str) -> str:
        return self.documents[file].source.label(lang)

    def add(
        self,
        fact_id: str,
        file: str,
        quote: str,
        text_th: str,
        text_en: str,
        keywords=(),
        after: str = "",
        asks=(),
        terms=(),
    ) -> None:
        """Add a fact; its quote must be in the document (searched from the anchor `after` on, if given)."""
        text = self.documents[file].text
        offset = 0
        if after:
            anchor = locate(text, after)
            if anchor is None:
                raise ValueError(f"fact {fact_id}: anchor not found in {file}: {after!r}")
            offset = anchor[1]
        span = locate(text[offset:], quote)
        if span is None:
            raise ValueError(f"fact {fact_id}: quote not found in {file}: {quote!r}")
        if fact_id in self.facts:
            raise ValueError(f"duplicate fact id {fact_id}")
        start, end = span[0] + offset, span[1] + offset
        self.facts[fact_id] = Fact(
            fact_id,
            text_th,
            text_en,
            file,
            " ".join(text[start:end].split()),
            (start, end),
            tuple(keywords),
            tuple(asks),
            tuple(terms),
        )


def build_fact_base(reference: ReferenceData, facts_path: Path = FACTS_PATH, sources: Path = SOURCES_DIR) -> FactBase:
    base = FactBase(reference, {s.file: read_document(s, sources) for s in reference.sources})
    _groups(base)
    _duties_and_rule(base)
    _committees(base)
    _mechanisms(base)
    raw = safe_load(facts_path.read_text(encoding="utf-8"))
    for item in raw["facts"]:
        base.add(
            item["id"],
            item["file"],
            item["quote"],
            item["answer_th"],
            item["answer_en"],
            item.get("keywords", ()),
            asks=item.get("asks", ()),
            terms=item.get("term", ()),
        )
    for name, forms in raw["nicknames"].items():
        for form in forms:
            base.nicknames[form] = name
    for name, short in (raw.get("abbreviations") or {}).items():
        if reference.province(name) is None:
            raise ValueError(f"abbreviation {short}: {name} is not among the provinces")
        base.abbreviations[short] = name
    for region, names in (raw.get("regions") or {}).items():
        unknown = [n for n in names if reference.province(n) is None]
        if unknown:
            raise ValueError(f"region {region}: not among the provinces: {unknown}")
        base.regions[region] = tuple(names)
    _people(base, raw.get("people") or [])
    return base


def _people(base: FactBase, entries: list[dict]) -> None:
    officials = {o.name: (o, g.number) for g in base.reference.groups for o in g.officials}
    for entry in entries:
        name = entry["name"]
        for fact_id in (*entry.get("facts", ()), *entry.get("said", ())):
            base.fact(fact_id)  # fails on an unknown fact id
        if name in officials:
            official, group = officials[name]
            first, *rest = name.removeprefix("นาย").split()
            forms, title_th, title_en = (first, *rest), official.title_th, official.title_en
        else:
            forms, title_th, title_en, group = tuple(entry["forms"]), entry["title_th"], entry["title_en"], None
        base.people[name] = Person(
            name, tuple(forms), title_th, title_en, tuple(entry.get("facts", ())), tuple(entry.get("said", ())), group
        )


def _groups(base: FactBase) -> None:
    ref = base.reference
    for group in ref.groups:
        names = " และ".join(o.name for o in group.officials)
        quote = f"ประกอบด้วย {group.officials[0].name}"
        line = next(p.text for p in base.documents[BRIEFING].passages if p.text.startswith(quote))
        provinces = " ".join(group.provinces)
        base.add(
            f"group:{group.number}", BRIEFING, line,
            f"{group.name_th}: ผู้รับผิดชอบคือ {names} ดูแล {len(group.provinces)} จังหวัด ได้แก่ {provinces}",
            f"{group.name_en}: {', '.join(o.name for o in group.officials)}; {len(group.provinces)} provinces: "
            + ", ".join(p.name_en for p in ref.provinces if p.group == group.number),
            ("กลุ่ม", "จังหวัด", "ดูแล", "รับผิดชอบ"), asks=("who", "where", "count"),
        )  # fmt: skip
        for province in (p for p in ref.provinces if p.group == group.number):
            base.add(
                f"province:{province.name_th}", BRIEFING, line,
                f"จังหวัด{province.name_th}อยู่ใน{group.name_th} ผู้รับผิดชอบคือ {names}",
                f"{province.name_en} is in {group.name_en}, overseen by {', '.join(o.name for o in group.officials)}",
                asks=("who", "where"),
            )  # fmt: skip
        for official in group.officials:
            base.add(
                f"official:{official.name}", BRIEFING, line,
                f"{official.name} ({official.title_th}) ดูแล{group.name_th} {len(group.provinces)} จังหวัด "
                f"ได้แก่ {provinces}",
                f"{official.name} ({official.title_en}) oversees {group.name_en}: "
                + ", ".join(p.name_en for p in ref.provinces if p.group == group.number),
                asks=("who", "where", "count"),
            )  # fmt: skip


def _duties_and_rule(base: FactBase) -> None:
    for duty in base.reference.duties:
        base.add(
            f"duty:{duty.number}", BRIEFING, duty.text_th,
            f"หน้าที่ข้อ {duty.number}: {duty.title_th}\n{duty.text_th}", f"Duty {duty.number}: {duty.text_en}",
            duty.keywords_th,
        )  # fmt: skip
    rule = base.reference.report_rule
    duty4 = base.reference.duty(4)
    assert duty4 is not None
    base.add(
        "report:months", BRIEFING, "(ครั้งที่ 1 ภายในเดือนตุลาคม และ ครั้งที่ 2 ภายในเดือนเมษายน)",
        "รายงานครั้งที่ 1 ภายในเดือนตุลาคม และครั้งที่ 2 ภายในเดือนเมษายน",
        "Round 1 is due within October and round 2 within April.", asks=("when",),
    )  # fmt: skip
    base.add(
        "report:frequency", BRIEFING, "อย่างน้อยภาคเรียนละ 1 ครั้ง",
        f"ต้องรายงานอย่างน้อยภาคเรียนละ {rule.min_per_semester} ครั้ง (ปีละ 2 ครั้ง: ตุลาคม และเมษายน)",
        f"At least {rule.min_per_semester} report per semester (twice a year: October and April).",
        asks=("count", "when"),
    )  # fmt: skip
    base.add(
        "report:recipient", BRIEFING, "เสนอต่อสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
        f"ส่งรายงานเสนอต่อ{rule.recipient_th}", f"Reports go to {rule.recipient_en}.", asks=("who", "where"),
    )  # fmt: skip
    base.add(
        "report:channel", BRIEFING, "ผ่านระบบสารบรรณอิเล็กทรอนิกส์",
        f"ส่งผ่าน{rule.channel_th}", f"They are sent through {rule.channel_en}.", asks=("where",),
    )  # fmt: skip
    base.add(
        "report:inform", BRIEFING, "โดยให้แจ้งคณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษาทราบด้วย",
        f"และต้องแจ้ง{rule.inform_th}ทราบด้วย", f"and {rule.inform_en} must be informed.", asks=("who",),
    )  # fmt: skip
    covers = ", ".join(str(n) for n in rule.covers_duties)
    base.add(
        "report:covers", BRIEFING, "ติดตาม ตรวจสอบ และรายงานผลการดำเนินงานตามข้อ 1 – 3",
        f"รายงานผลการดำเนินงานตามหน้าที่ข้อ 1 – 3 ({covers})",
        f"The report covers the work under duties 1–3 ({covers}).",
    )  # fmt: skip


_SEAT_LINE = {"chair": "ประธานกรรมการ:", "vice_chair": "รองประธานกรรมการ:", "secretary": "กรรมการและเลขานุการ:"}
_SECTION = {"area": "ของสำนักงานเขตพื้นที่การศึกษา (สพท.)", "special": "ของสำนักบริหารงานการศึกษาพิเศษ (สศศ.)"}


def _committees(base: FactBase) -> None:
    for kind in base.reference.committee_kinds:
        anchor = _SECTION[kind.code]
        for seat in kind.seats:
            if seat.role in _SEAT_LINE:
                quote = f"{_SEAT_LINE[seat.role]} {seat.title_th}"
            else:
                quote = f"{seat.title_th} {seat.count} คน"
            base.add(
                f"seat:{kind.code}:{seat.role}", BRIEFING, quote,
                f"{seat.title_th} {seat.count} คน", f"{seat.title_en}: {seat.count}", after=anchor,
                asks=("count",),  # a role, not a person: "who" questions prefer facts that name people
            )  # fmt: skip
        _committee_total(base, kind, anchor)


def _committee_total(base: FactBase, kind: CommitteeKind, anchor: str) -> None:
    parts = " + ".join(str(s.count) for s in kind.seats)
    if kind.code == "area":
        base.add(
            "committee:area", BRIEFING, "ประกอบด้วย 70 คณะ แต่ละคณะมีจำนวน 9 คน",
            f"คณะกรรมการของ สพท. มี {kind.committees} คณะ คณะละ {kind.members_per_committee} คน "
            f"(รวม {kind.committees * kind.members_per_committee} คน)",
            f"{kind.committees} area-office committees of {kind.members_per_committee} members each.",
            after="องค์ประกอบของคณะกรรมการ", asks=("count",),
        )  # fmt: skip
        return
    base.add(
        "committee:special", BRIEFING, "ประกอบด้วย:", f"คณะกรรมการของ สศศ. มี 1 คณะ รวม {kind.members_per_committee} คน "
        f"(นับจากองค์ประกอบ {parts})", f"One สศศ. committee of {kind.members_per_committee} members ({parts}).",
        after=anchor, asks=("count",),
    )  # fmt: skip


def _mechanisms(base: FactBase) -> None:
    for mechanism in base.reference.mechanisms:
        base.add(
            f"mechanism:{mechanism.number}", WORKSHOP, mechanism.text_th,
            f"กลไกที่ {mechanism.number}: {mechanism.short_th}\n{mechanism.text_th}",
            f"Mechanism {mechanism.number}: {mechanism.short_en}", mechanism.keywords_th,
        )  # fmt: skip
