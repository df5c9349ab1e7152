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
