"""The words of a reminder: one digest per person per run (every series they are late or due on, exactly what is
missing, the due date in Thai with the Buddhist Era, answer buttons), escalation lines, and the group summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.core.messages import Choice, Reply
from bot.i18n import Translator
from bot.reminders.series import Series
from handlers.common import days_left, show_date

ACTION = "rm"  # rm:<verb>:<series keys, comma-joined>; verbs: d done, z snooze, p postpone, x stop
VERBS = ("d", "z", "p", "x")
CALLBACK_LIMIT = 64


@dataclass(frozen=True, slots=True)
class Line:
    """One series in a person's digest: what is missing, per committee when they sit on several."""

    series: Series
    duties: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (committee name or "", duty numbers)
    schools: tuple[str, ...] = ()
    custom: bool = False


@dataclass(frozen=True, slots=True)
class Late:
    """An escalation: who is late on a series in one committee (names only)."""

    series: Series
    committee: str
    names: tuple[str, ...]


@dataclass(slots=True)
class Digest:
    lines: list[Line] = field(default_factory=list)
    late: list[Late] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [line.series.key for line in self.lines]


def title(series: Series, t: Translator) -> str:
    if series.round is not None:
        return t("reminders.round.title", round=series.round.round, year=series.round.academic_year)
    assert series.deadline is not None
    return series.deadline.title


def due_phrase(series: Series, today: date, t: Translator) -> str:
    style = "weekday" if t.lang == "th" else "full"
    return t("reminders.due", date=show_date(series.due, t.lang, style), days=days_left(series.due, today, t.lang))


def numbers(values: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in values)


def action(verb: str, keys: list[str]) -> str:
    """rm:<verb>:<keys>, as many keys as fit Telegram's 64 bytes (the rest are answered by typing)."""
    chosen: list[str] = []
    for key in keys:
        candidate = f"{ACTION}:{verb}:{','.join([*chosen, key])}"
        if len(candidate.encode()) > CALLBACK_LIMIT:
            break
        chosen.append(key)
    return f"{ACTION}:{verb}:{','.join(chosen)}"


def answer_choices(keys: list[str], t: Translator) -> tuple[Choice, ...]:
    return (
        Choice(t("reminders.button.done"), action("d", keys)),
        Choice(t("reminders.button.snooze"), action("z", keys)),
        Choice(t("reminders.button.postpone"), action("p", keys)),
        Choice(t("reminders.button.stop"), action("x", keys)),
    )


def render_digest(digest: Digest, today: date, t: Translator) -> Reply:
    parts = [t("reminders.digest.header")]
    for line in digest.lines:
        parts.append(f"• {title(line.series, t)} — {due_phrase(line.series, today, t)}")
        for committee, duties in line.duties:
            text = t("reminders.missing.duties", numbers=numbers(duties))
            parts.append(f"   {text}" + (f" ({committee})" if committee else ""))
        if line.schools:
            parts.append("   " + t("reminders.missing.schools", schools=", ".join(line.schools)))
        if line.custom:
            parts.append("   " + t("reminders.missing.custom"))
    for late in digest.late:
        parts.append(t("reminders.late", title=title(late.series, t), committee=late.committee))
        parts.append("   " + ", ".join(late.names))
    if digest.lines:
        parts.append(t("reminders.digest.footer"))
    choices = answer_choices(digest.keys, t) if digest.lines else ()
    return Reply(text="\n".join(parts), choices=choices)


def render_group(late: Late, today: date, t: Translator) -> Reply:
    head = t("reminders.group.header", title=title(late.series, t), due=due_phrase(late.series, today, t))
    return Reply(text="\n".join([head, *(f"• {name}" for name in late.names)]))
