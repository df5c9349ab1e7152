"""The reminder policy: on which days before and after a due date people are reminded, and when the chair and the
secretary are told who is late. Defaults come from settings; a custom deadline may carry its own offsets."""

from __future__ import annotations

from dataclasses import dataclass


def parse_offsets(text: str) -> tuple[int, ...]:
    """ "14,7,3,1,0,-1,-3" -> (14, 7, 3, 1, 0, -1, -3): days before the due date, negative after it."""
    values = {int(part) for part in text.replace(" ", "").split(",") if part}
    return tuple(sorted(values, reverse=True))


def step_name(offset: int) -> str:
    """A stable name for a step: "t-14" (14 days before), "t0" (the day), "t+3" (3 days after)."""
    return "t0" if offset == 0 else (f"t-{offset}" if offset > 0 else f"t+{-offset}")


@dataclass(frozen=True, slots=True)
class Policy:
    offsets: tuple[int, ...] = (14, 7, 3, 1, 0, -1, -3)
    escalate_after: tuple[int, ...] = (1, 3)  # days after the due date

    @classmethod
    def from_settings(cls, offsets: str, escalate_after: str) -> Policy:
        after = tuple(sorted({abs(int(p)) for p in escalate_after.replace(" ", "").split(",") if p}))
        return cls(parse_offsets(offsets), after)

    @property
    def lead_days(self) -> int:
        return max(max(self.offsets, default=0), 0)

    @property
    def tail_days(self) -> int:
        return max(-min(self.offsets, default=0), max(self.escalate_after, default=0), 0)
