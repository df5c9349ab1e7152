"""What an abbreviation or a term stands for ("สบน. คืออะไร", "eMENSCR ย่อมาจากอะไร", "what does สบน. stand for"):
the facts that define it (facts.yaml `term:`), found by the term itself, never by the words around it, so that
"ย่อมาจากอะไร" cannot pull another abbreviation's definition."""

from __future__ import annotations

import re

from bot.knowledge.facts import FactBase
from bot.knowledge.mentions import Mentions
from bot.knowledge.plans import Line, Plan

_DEFINE = re.compile(
    r"ย่อ|ชื่อเต็ม|คืออะไร|คือไร|คืออัน|หมายถึง|แปลว่า|standfor|stands|whatis|what's|whatdoes|meaning|มาจากคำ|สังกัด|"
    r"คือ$|อะไรคือ|เป็นหน่วยงาน|หน่วยงานอะไร|คือใคร"
)
#: A post named after an organisation ("ผอ.สบน.", "เลขาธิการ กพฐ.") is a person, not the abbreviation.
_POSTS = re.compile(
    r"(?:รอง|ผู้ช่วย)?(?:ผอ\.?|ผู้อำนวยการ|เลขาธิการ|ปลัด|ผู้เชี่ยวชาญ|รมว\.?)(?:กระทรวง)?(?:สบน|สศศ|สพท|กพฐ|สพฐ|ศธ)\.?|"
    r"บุคลากรสบน"
)
_PERSON_ASK = re.compile(r"ใคร|who")
_EXPLICIT = re.compile(r"ย่อ|ชื่อเต็ม|หมายถึง|standfor|stands|แปลว่า")


class TermIndex:
    """Term forms (squashed, without dots) -> the fact defining them, longest first."""

    def __init__(self, base: FactBase) -> None:
        forms = [(form.replace(".", "").lower(), f.id) for f in base.facts.values() for form in f.terms]
        self.forms = sorted(forms, key=lambda item: -len(item[0]))

    def find(self, compact: str) -> list[str]:
        text = compact.replace(".", "")
        found: list[str] = []
        for form, fact_id in self.forms:
            if form in text:
                text = text.replace(form, "|")
                if fact_id not in found:
                    found.append(fact_id)
        return found


def term_plan(m: Mentions, index: TermIndex) -> Plan | None:
    c = m.compact
    if not _DEFINE.search(c) or m.provinces or m.officials or m.people or m.number is not None:
        return None
    if _PERSON_ASK.search(c) and not _EXPLICIT.search(c) and (_POSTS.search(c) or m.roles):
        return None  # "ผอ.สบน.คือใคร" asks for a person
    found = index.find(_POSTS.sub("|", c))
    if not found or len(found) > 2:
        return None
    return Plan([Line("k.fact", facts=(f,)) for f in found], topic="fact", slots={"fact": found[-1]})
