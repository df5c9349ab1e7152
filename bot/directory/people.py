"""`sandboxbot people`: who is in the directory, their seats and schools, linked platforms and consent date."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.thai.dates import format_english_date, format_thai_date
from storage.models import Committee
from storage.repositories.directory import PersonEntry
from storage.repositories.invites import as_utc

PLATFORM_NAMES = {"telegram": "Telegram", "line": "LINE", "console": "console"}
INDENT = "    "


def people_text(
    t: Translator, entries: list[PersonEntry], tz: ZoneInfo, committee: Committee | None, include_all: bool
) -> str:
    registered = sum(e.registered for e in entries)
    if include_all:
        lines = [t("directory.people.header_all", count=len(entries), registered=registered)]
    else:
        lines = [t("directory.people.header", count=registered)]
    if committee is not None:
        lines.append(t("directory.people.of_committee", code=committee.code, name=committee.name))
    if not entries:
        lines.append(t("directory.people.none"))
    for entry in entries:
        lines.append("")
        lines.extend(_person_lines(t, entry, tz))
    return "\n".join(lines)


def _person_lines(t: Translator, entry: PersonEntry, tz: ZoneInfo) -> list[str]:
    details = []
    for seat in entry.seats:
        key = "directory.people.seat_admin" if seat.is_admin else "directory.people.seat"
        details.append(
            t(key, role=t(f"directory.role.{seat.role}"), code=seat.committee_code, name=seat.committee_name)
        )
    details += [t("directory.people.director", code=s.code, name=s.name) for s in entry.schools]
    if not entry.seats and not entry.schools:
        details.append(t("directory.people.no_seat"))
    details.append(_linked(t, entry, tz))
    return [t("directory.people.person", id=entry.id, name=entry.full_name), *(INDENT + d for d in details)]


def _linked(t: Translator, entry: PersonEntry, tz: ZoneInfo) -> str:
    if not entry.registered:
        return t("directory.people.not_linked")
    platforms = ", ".join(PLATFORM_NAMES.get(p, p) for p in entry.platforms)
    if entry.consented_at is None:
        return t("directory.people.linked_no_consent", platforms=platforms)
    day = as_utc(entry.consented_at).astimezone(tz).date()
    shown = format_thai_date(day, "short4") if t.lang == "th" else format_english_date(day)
    return t("directory.people.linked", platforms=platforms, date=shown)
