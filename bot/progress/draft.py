"""A progress update being written: what is known so far and what is still to ask, kept in the flow state.

The state is saved as JSON after every message, so the draft is plain data (ints, strings, lists) and survives a
restart; `Draft.load(state.data)` and `draft.dump()` convert it.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from bot.progress.fields import MAX_ATTACHMENTS, PROJECT_MAX_CHARS, STATUSES, TEXT_MAX_CHARS
from bot.progress.parse import ParsedUpdate

SCHOOL, PROJECT, STATUS, PERCENT, DONE, OBSTACLES, HELP, FILES = (
    "school",
    "project",
    "status",
    "percent",
    "done",
    "obstacles",
    "help_needed",
    "files",
)
GUIDED = (PROJECT, STATUS, PERCENT, DONE, OBSTACLES, HELP, FILES)
EDITABLE = (SCHOOL, *GUIDED)

# Where the conversation stands: asking the steps in `ask`, showing the card, picking a field to edit, or
# offering to continue a draft the director came back to.
ASKING, CARD, PICKING, OFFER = "asking", "card", "picking", "offer"


@dataclass
class Draft:
    school_id: int | None = None
    project: str | None = None
    status: str | None = None
    percent: int | None = None
    done: str | None = None
    obstacles: str | None = None  # "" is "none" (ไม่มี), None is "not said"
    help_needed: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # new attachments: file_id, media_type, size
    kept_files: int = 0  # attachments already stored with the update being edited
    update_id: int | None = None  # editing this stored update rather than writing a new one
    ask: list[str] = field(default_factory=list)
    stage: str = ASKING
    paused: str = ASKING  # the stage to go back to from the offer
    pending: str = ""  # a free-form update typed while this draft was open: "เริ่มใหม่" uses it
    projects: list[str] = field(default_factory=list)  # the project choices last shown, by index
    touched: str = ""  # ISO time of the last answer, to notice a director coming back much later

    @classmethod
    def load(cls, data: dict[str, Any]) -> Draft:
        """A copy: the processor compares the state before and after the handler, so lists must not be shared."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: copy.deepcopy(v) for k, v in data.items() if k in known})

    def dump(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def step(self) -> str | None:
        return self.ask[0] if self.stage == ASKING and self.ask else None

    @property
    def file_count(self) -> int:
        return self.kept_files + len(self.files)

    @property
    def files_full(self) -> bool:
        return self.file_count >= MAX_ATTACHMENTS

    def touch(self, now: datetime) -> None:
        self.touched = now.isoformat()

    def idle_since(self) -> datetime | None:
        return datetime.fromisoformat(self.touched) if self.touched else None

    def take(self, parsed: ParsedUpdate) -> None:
        """Fill in what a free-form message said."""
        for name in ("project", "status", "percent", "done", "obstacles", "help_needed"):
            value = getattr(parsed, name)
            if value is not None:
                setattr(self, name, value)

    def values(self) -> dict[str, Any]:
        """The columns of the ProgressUpdate row."""
        return {
            "project": self.project,
            "status": self.status,
            "percent": self.percent,
            "done": self.done,
            "obstacles": self.obstacles,
            "help_needed": self.help_needed,
        }

    def to_fix(self) -> list[str]:
        """Steps whose answer is missing (project, status) or unusable (150%, a paragraph as a project name)."""
        steps = []
        if not self.project or len(self.project) > PROJECT_MAX_CHARS:
            steps.append(PROJECT)
        if self.status not in STATUSES:
            steps.append(STATUS)
        if self.percent is not None and not 0 <= self.percent <= 100:
            steps.append(PERCENT)
        steps.extend(s for s in (DONE, OBSTACLES, HELP) if len(getattr(self, s) or "") > TEXT_MAX_CHARS)
        return steps
