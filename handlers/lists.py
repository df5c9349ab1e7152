"""Every list the bot shows is capped: the first items, then "และอีก N รายการ", so a large committee or an area with
many schools still fits one readable message."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator

SHORT_LIST = 10  # names inline in a sentence
LONG_LIST = 20  # one item per line


def capped(items: Sequence[str], limit: int, t: Translator) -> list[str]:
    """At most `limit` items; when there are more, the last line says how many are left out."""
    if len(items) <= limit:
        return list(items)
    return [*items[: limit - 1], t("list.more", count=len(items) - limit + 1)]
