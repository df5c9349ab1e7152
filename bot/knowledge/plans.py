"""What a composed answer is made of: lines (message ids with parameters and the facts they state) and the plan
that holds them with the topic a follow-up may lean on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Line:
    key: str  # message id in locales/*/LC_MESSAGES/knowledge.po
    params: dict[str, Any] = field(default_factory=dict)
    facts: tuple[str, ...] = ()  # ids of the facts this line states


@dataclass
class Plan:
    lines: list[Line] = field(default_factory=list)
    topic: str = ""
    slots: dict[str, Any] = field(default_factory=dict)  # what a follow-up may lean on
    intent: str | None = None  # hand over to this intent handler with `slots`
    #: read from a few cue words: set aside when the message also holds a word neither the examples nor the
    #: documents know ("ประชุมผู้ปกครองวันไหน" is not about the documents' meetings)
    checked: bool = False


def handover(intent: str, topic: str = "", **slots: Any) -> Plan:
    """Hand the question to an intent handler with resolved slots (a follow-up such as "แล้วกลุ่ม 2 ล่ะ")."""
    return Plan(topic=topic or intent, slots=slots, intent=intent)
