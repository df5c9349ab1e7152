"""The message catalogs: English is complete, placeholders agree, and the code only asks for ids that exist."""

from __future__ import annotations

import re

from bot.i18n import catalog, translator

PLACEHOLDER = re.compile(r"{(\w+)}")


def test_english_has_every_thai_message():
    missing = sorted(set(catalog("th")) - set(catalog("en")))
    assert missing == []


def test_placeholders_agree_between_languages():
    th, en = catalog("th"), catalog("en")
    wrong = [k for k in th if k in en and set(PLACEHOLDER.findall(th[k])) != set(PLACEHOLDER.findall(en[k]))]
    assert wrong == []


def test_the_thai_voice_is_polite_and_consistent():
    """One voice: a female polite speaker (ค่ะ/คะ), never ครับ."""
    assert not [k for k, v in catalog("th").items() if "ครับ" in v]


def test_unknown_language_falls_back_to_thai():
    assert translator("xx").lang == "th"
    assert translator("en")("deadline.next.header").startswith("The next report")


def test_every_message_id_the_code_asks_for_exists():
    """Literal ids in t("...") calls, and the ids built from names (intents, roles, months)."""
    from pathlib import Path

    from bot.thai.intents import INTENTS
    from storage.reference.data import ROLES

    root = Path(__file__).resolve().parents[1]
    literal = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")
    used = {
        m
        for folder in ("bot", "handlers")
        for path in (root / folder).rglob("*.py")
        for m in literal.findall(path.read_text(encoding="utf-8"))
    }
    built = {f"intent.{i}" for i in INTENTS if i != "unknown"} | {f"role.{r}" for r in ROLES}
    built |= {f"month.{n}" for n in range(1, 13)}
    assert sorted((used | built) - set(catalog("th"))) == []
