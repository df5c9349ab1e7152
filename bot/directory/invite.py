"""`sandboxbot invite PERSON`: find the one person meant (by id, e-mail or exact full name) and say how to use the
code on each platform."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.directory.values import THAI_DIGITS, email_key, name_key, tidy
from bot.i18n import Translator
from bot.thai.dates import format_english_date, format_thai_date
from storage.repositories.directory import PersonEntry, StoredPerson
from storage.repositories.invites import as_utc

MAX_DAYS = 90


def find_person(people: tuple[StoredPerson, ...], query: str) -> list[StoredPerson]:
    """Everyone the query may mean: a person id, an e-mail (any case) or an exact full name (spaces tidied)."""
    query = tidy(query)
    digits = query.translate(THAI_DIGITS)
    if digits.isdigit():
        return [p for p in people if p.id == int(digits)]
    if "@" in query:
        return [p for p in people if email_key(p.email) == email_key(query)]
    return [p for p in people if name_key(p.full_name) == name_key(query)]


def candidates_text(t: Translator, query: str, entries: list[PersonEntry]) -> str:
    lines = [t("directory.invite.ambiguous", query=query)]
    for entry in entries:
        seats = ", ".join(f"{t(f'directory.role.{s.role}')} {s.committee_code}" for s in entry.seats)
        seats = seats or ", ".join(s.name for s in entry.schools) or t("directory.people.no_seat")
        lines.append(t("directory.invite.candidate", id=entry.id, name=entry.full_name, seats=seats))
    return "\n".join(lines)


def invite_text(
    t: Translator, name: str, code: str, expires_at: datetime, tz: ZoneInfo, telegram_bot: str | None
) -> str:
    day = as_utc(expires_at).astimezone(tz).date()
    shown = format_thai_date(day, "full") if t.lang == "th" else format_english_date(day)
    lines = [t("directory.invite.created", name=name, code=code, date=shown)]
    if telegram_bot:
        lines.append(t("directory.invite.telegram", link=f"https://t.me/{telegram_bot}?start={code}"))
    lines.append(t("directory.invite.typed", code=code))
    return "\n".join(lines)
