"""Reference facts taken from the source documents in shared/seeds, as typed, read-only objects.

The YAML files beside this module are the reviewed transcription; this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storage.reference.fastyaml import safe_load

REFERENCE_DIR = Path(__file__).parent

ROLES = ("chair", "vice_chair", "expert", "school_rep", "secretary")
TOPICS = ("duties", "groups", "committees", "report_rule", "mechanisms")  # reference files a source covers


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    title_th: str
    title_en: str


@dataclass(frozen=True, slots=True)
class Province:
    name_th: str
    name_en: str
    aliases: tuple[str, ...]  # short and informal forms people type: กทม., กรุงเทพฯ, bkk
    group: int


@dataclass(frozen=True, slots=True)
class Group:
    number: int
    name_th: str
    name_en: str
    officials: tuple[Official, ...]
    provinces: tuple[str, ...]  # Province.name_th, in the order of the source


@dataclass(frozen=True, slots=True)
class Duty:
    number: int
    title_th: str
    title_en: str
    text_th: str
    text_en: str
    keywords_th: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoleSeat:
    role: str  # one of ROLES
    count: int
    title_th: str
    title_en: str


@dataclass(frozen=True, slots=True)
class CommitteeKind:
    code: str  # "area" (สพท.) or "special" (สศศ.)
    name_th: str
    name_en: str
    short_th: str
    committees: int
    seats: tuple[RoleSeat, ...]

    @property
    def members_per_committee(self) -> int:
        return sum(seat.count for seat in self.seats)


@dataclass(frozen=True, slots=True)
class ReportRound:
    round: int
    month: int  # the report is due within this calendar month
    semester: int


@dataclass(frozen=True, slots=True)
class ReportRule:
    rounds: tuple[ReportRound, ...]
    min_per_semester: int
    covers_duties: tuple[int, ...]
    channel_th: str
    channel_en: str
    recipient_th: str
    recipient_en: str
    inform_th: str
    inform_en: str


@dataclass(frozen=True, slots=True)
class Mechanism:
    number: int
    text_th: str
    short_th: str
    short_en: str
    keywords_th: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    title_th: str
    date: str  # ISO date of the event the document reports
    attendees: int | None
    label_th: str = ""  # how an answer names it: "ข่าว สพฐ. 26 ส.ค. 2567"
    label_en: str = ""
    covers: tuple[str, ...] = ()  # the reference files transcribed from it: "duties", "groups", ...

    def label(self, lang: str) -> str:
        """How an answer names the document, in `lang` ("th" or "en")."""
        return (self.label_en if lang == "en" else self.label_th) or self.title_th


@dataclass(frozen=True, slots=True)
class ReferenceData:
    provinces: tuple[Province, ...]
    groups: tuple[Group, ...]
    duties: tuple[Duty, ...]
    committee_kinds: tuple[CommitteeKind, ...]
    report_rule: ReportRule
    mechanisms: tuple[Mechanism, ...]
    sources: tuple[Source, ...]

    def province(self, name: str) -> Province | None:
        """Find a province by its Thai or English name or any alias (case- and space-insensitive)."""
        return _province_index(self.provinces).get(_fold(name))

    def group(self, number: int) -> Group | None:
        return next((g for g in self.groups if g.number == number), None)

    def duty(self, number: int) -> Duty | None:
        return next((d for d in self.duties if d.number == number), None)

    def mechanism(self, number: int) -> Mechanism | None:
        return next((m for m in self.mechanisms if m.number == number), None)

    def source_of(self, topic: str) -> Source:
        """The document a reference file ("duties", "groups", "committees", "report_rule", "mechanisms") is from."""
        return next(s for s in self.sources if topic in s.covers)

    def committee_kind(self, code: str) -> CommitteeKind:
        return next(k for k in self.committee_kinds if k.code == code)


_province_indexes: dict[int, tuple[tuple[Province, ...], dict[str, Province]]] = {}


def _province_index(provinces: tuple[Province, ...]) -> dict[str, Province]:
    """Folded name -> province, built once per provinces tuple (the intent recognizer asks on every message)."""
    hit = _province_indexes.get(id(provinces))
    if hit is None or hit[0] is not provinces:
        index: dict[str, Province] = {}
        for province in provinces:
            for name in (province.name_th, province.name_en, *province.aliases):
                index.setdefault(_fold(name), province)
        hit = _province_indexes[id(provinces)] = (provinces, index)
    return hit[1]


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


def _read(name: str, directory: Path) -> dict:
    with (directory / name).open(encoding="utf-8") as fh:
        return safe_load(fh)


def _tuple(items: list | None) -> tuple:
    return tuple(items or ())


def load_reference(directory: Path | None = None) -> ReferenceData:
    """Read and validate the YAML files; raises ValueError when they contradict each other."""
    directory = directory or REFERENCE_DIR
    geo = _read("groups.yaml", directory)
    provinces = tuple(
        Province(p["name_th"], p["name_en"], _tuple(p.get("aliases")), int(p["group"])) for p in geo["provinces"]
    )
    groups = tuple(
        Group(
            number=int(g["number"]),
            name_th=g["name_th"],
            name_en=g["name_en"],
            officials=tuple(Official(o["name"], o["title_th"], o["title_en"]) for o in g["officials"]),
            provinces=tuple(p.name_th for p in provinces if p.group == int(g["number"])),
        )
        for g in geo["groups"]
    )
    duties = tuple(
        Duty(
            int(d["number"]),
            d["title_th"],
            d["title_en"],
            d["text_th"],
            d["text_en"],
            _tuple(d.get("keywords_th")),
        )
        for d in _read("duties.yaml", directory)["duties"]
    )
    kinds = tuple(
        CommitteeKind(
            code=k["code"],
            name_th=k["name_th"],
            name_en=k["name_en"],
            short_th=k["short_th"],
            committees=int(k["committees"]),
            seats=tuple(RoleSeat(s["role"], int(s["count"]), s["title_th"], s["title_en"]) for s in k["seats"]),
        )
        for k in _read("committees.yaml", directory)["committee_kinds"]
    )
    rule_raw = _read("report_rule.yaml", directory)["report_rule"]
    rule = ReportRule(
        rounds=tuple(ReportRound(int(r["round"]), int(r["month"]), int(r["semester"])) for r in rule_raw["rounds"]),
        min_per_semester=int(rule_raw["min_per_semester"]),
        covers_duties=tuple(int(n) for n in rule_raw["covers_duties"]),
        channel_th=rule_raw["channel_th"],
        channel_en=rule_raw["channel_en"],
        recipient_th=rule_raw["recipient_th"],
        recipient_en=rule_raw["recipient_en"],
        inform_th=rule_raw["inform_th"],
        inform_en=rule_raw["inform_en"],
    )
    mechanisms = tuple(
        Mechanism(int(m["number"]), m["text_th"], m["short_th"], m["short_en"], _tuple(m.get("keywords_th")))
        for m in _read("mechanisms.yaml", directory)["mechanisms"]
    )
    sources = tuple(
        Source(
            s["file"],
            s["title_th"],
            str(s["date"]),
            s.get("attendees"),
            s.get("label_th", ""),
            s.get("label_en", ""),
            _tuple(s.get("covers")),
        )
        for s in _read("sources.yaml", directory)["sources"]
    )
    data = ReferenceData(provinces, groups, duties, kinds, rule, mechanisms, sources)
    _validate(data)
    return data


def _validate(data: ReferenceData) -> None:
    if [d.number for d in data.duties] != list(range(1, len(data.duties) + 1)):
        raise ValueError("duties must be numbered 1..n in order")
    if [m.number for m in data.mechanisms] != list(range(1, len(data.mechanisms) + 1)):
        raise ValueError("mechanisms must be numbered 1..n in order")
    numbers = {g.number for g in data.groups}
    for province in data.provinces:
        if province.group not in numbers:
            raise ValueError(f"province {province.name_th} names unknown group {province.group}")
    for kind in data.committee_kinds:
        for seat in kind.seats:
            if seat.role not in ROLES:
                raise ValueError(f"unknown role {seat.role} in {kind.code}")
    covered = [topic for source in data.sources for topic in source.covers]
    if sorted(covered) != sorted(TOPICS):
        raise ValueError(f"sources must cover {', '.join(TOPICS)} once each, not {', '.join(covered)}")


@cache
def reference() -> ReferenceData:
    """The packaged reference data, read once per process."""
    return load_reference()
