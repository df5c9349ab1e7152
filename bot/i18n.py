"""Message catalogs (gettext .po files under locales/, read with Babel): Thai by default, English second.

Code holds message ids such as "deadline.next"; each catalog holds the words. Each feature keeps its own .po file
(domain) per language; a language's files are merged. An English catalog that lacks an id falls back to the id
itself, never to Thai (a test keeps the English catalog complete).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"


@cache
def catalog(lang: str) -> dict[str, str]:
    """The id -> text map of one language (all its .po files), read once per process."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            po = read_po(fh, locale=lang)
        merged.update({str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy})
    return merged


def warm() -> None:
    """Read every language's catalog now (start-up, off the event loop) rather than in the first reply."""
    for lang in LANGUAGES:
        catalog(lang)


@dataclass(frozen=True, slots=True)
class Translator:
    lang: str

    def __call__(self, msgid: str, /, **params: object) -> str:
        text = catalog(self.lang).get(msgid, msgid)
        return text.format(**params) if params else text


def translator(lang: str | None) -> Translator:
    return Translator(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def N_(msgid: str) -> str:
    return msgid
