"""Questions about what the six duties and the eleven mechanisms say, answered from their own text.

- which items mention something ("ต้นทาง กลางทาง ปลายทาง อยู่ในกลไกข้อไหน" → กลไกที่ 2 และ 3): every item whose
  text holds all the question's specific words, not only the best one;
- yes/no on an item's content ("ข้อ 2 มีการนิเทศด้วยมั้ย", "แต่งตั้งคณะทำงานได้มั้ย" → ใช่ค่ะ + the item): yes only
  when the item's text holds every content word of the question, else the item is stated without a yes;
- "ข้อ 3" that could be a duty or a mechanism ("ข้อ 3 พัฒนาระบบกลไกของหน่วยงานไหน"): the one whose text shares
  more of the question's words.

A specific word is one that at most three of the seventeen items use; words every item shares (กลไก, การศึกษา)
say nothing about which one is meant. A question with a word the documents never use is left to the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge.facts import FactBase
from bot.knowledge.mentions import Mentions
from bot.knowledge.plans import Line, Plan
from bot.knowledge.retrieval import STOP, terms

SPECIFIC = 3  # a word at most this many items use points at them
_SERIES_WORDS = frozenset("กลไก หน้าที่ ภารกิจ ข้อ ข้อที่ ที่ บทบาท คณะกรรมการ กรรมการ ทำ ต้อง มี ด้วย ได้".split())
_WHICH = re.compile(r"ข้อไหน|ข้อใด|กลไกไหน|กลไกใด|ข้อที่เท่า|ข้ออะไร|ข้อไร|ภารกิจไหน|หน้าที่ไหน|หน้าที่ข้อใด|which")
_EXPLICIT_DUTY = re.compile(r"(?:หน้าที่|ภารกิจ|duty)(?:ข้อ)?(?:ที่)?\d")
_EXPLICIT_MECHANISM = re.compile(r"(?:กลไก|mechanism)(?:ข้อ|ตัว)?(?:ที่)?\d")


@dataclass(frozen=True, slots=True)
class Item:
    series: str  # "duty" | "mechanism"
    number: int
    words: frozenset[str]

    @property
    def fact(self) -> str:
        return f"{self.series}:{self.number}"


class ItemIndex:
    """The duties' and mechanisms' words; built once per process."""

    def __init__(self, base: FactBase, vocabulary: Callable[[], frozenset[str]]) -> None:
        ref = base.reference
        items = [Item("duty", d.number, frozenset(terms(f"{d.title_th} {d.text_th}"))) for d in ref.duties]
        items += [Item("mechanism", x.number, frozenset(terms(f"{x.short_th} {x.text_th}"))) for x in ref.mechanisms]
        self.items = items
        self.df: dict[str, int] = {}
        for item in items:
            for word in item.words:
                self.df[word] = self.df.get(word, 0) + 1
        self.vocabulary = vocabulary  # every word the documents use: the retriever's, built on first use

    def _words(self, text: str) -> tuple[list[str], list[str], list[str]]:
        """The question's content words, its specific words, and its words the documents never use."""
        words = [w for w in dict.fromkeys(terms(text)) if w not in STOP and w not in _SERIES_WORDS and not w.isdigit()]
        specific = [w for w in words if 0 < self.df.get(w, 0) <= SPECIFIC]
        known = self.vocabulary()
        unknown = [w for w in words if w not in known and w not in self.df]
        return [w for w in words if w in self.df], specific, unknown

    def _series(self, m: Mentions) -> tuple[str, ...]:
        c = m.compact
        if "กลไก" in c or "mechanism" in c:
            return ("mechanism",) if not re.search(r"หน้าที่|ภารกิจ", c) else ("duty", "mechanism")
        if re.search(r"หน้าที่|ภารกิจ|duty", c):
            return ("duty",)
        return ("duty", "mechanism")

    def plan(self, m: Mentions) -> Plan | None:
        c = m.compact
        if m.count or m.provinces or m.officials or m.people or m.roles or m.report_asks:
            return None
        if not (m.yesno or m.number is not None or _WHICH.search(c)):
            return None  # none of its three shapes: no need to read the words
        content, specific, unknown = self._words(m.text)
        if unknown:
            return None
        series = self._series(m)
        if m.number is not None:
            return self._numbered(m, content)
        if not specific:
            return None
        matches = [i for i in self.items if i.series in series and all(w in i.words for w in specific)]
        if not matches or len(matches) > SPECIFIC:
            return None
        lines: list[Line] = []
        if m.yesno and len(matches) == 1 and len(specific) >= 2 and not m.kinds and not m.meeting:
            lines.append(Line("k.yes"))
        elif not _WHICH.search(c):
            return None
        lines += [Line("k.fact", facts=(i.fact,)) for i in matches]
        last = matches[-1]
        return Plan(lines, topic=last.series, slots={"series": last.series, "number": last.number})

    def _numbered(self, m: Mentions, content: list[str]) -> Plan | None:
        """ "ข้อ 2 มีการนิเทศด้วยมั้ย": yes when the item holds the words; "ข้อ 3 …" read as the series whose item
        shares more of the question's words, when the number alone does not say which."""
        c = m.compact
        candidates = [i for i in self.items if i.number == m.number]
        if _EXPLICIT_DUTY.search(c):
            candidates = [i for i in candidates if i.series == "duty"]
        elif _EXPLICIT_MECHANISM.search(c):
            candidates = [i for i in candidates if i.series == "mechanism"]
        if not candidates:
            return None
        scores = {i: sum(w in i.words for w in content) for i in candidates}
        best = max(candidates, key=lambda i: scores[i])
        if len(candidates) > 1 and len(set(scores.values())) == 1:
            return None  # nothing tells the two apart: the recognizer decides
        if m.yesno and content and all(w in best.words for w in content):
            lines = [Line("k.yes"), Line("k.fact", facts=(best.fact,))]
            return Plan(lines, topic=best.series, slots={"series": best.series, "number": best.number})
        if len(candidates) > 1:
            intent = "duty_one" if best.series == "duty" else "mechanism_one"
            return Plan(topic=best.series, slots={"number": best.number, "series": best.series}, intent=intent)
        return None
