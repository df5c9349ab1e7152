"""`bot.core.clean.text` returns most texts as they are without a search: for every text it must give what the
replacement alone gives (lone surrogates to U+FFFD, NULs gone, cut at the limit)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.clean import text

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_TEXTS = st.text(st.characters(codec=None, exclude_categories=())) | st.text(alphabet="ก ข\x00\ud800a1\udfff🙂")


def _replaced(value: str, limit: int) -> str:
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value[:limit])


@settings(max_examples=500, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=30))
def test_every_text_is_made_storable_as_the_replacement_alone_makes_it(value, limit):
    assert text(value, limit) == _replaced(value, limit)


def test_lone_surrogates_and_nuls_are_replaced():
    assert text("ครู\ud800ใจ\x00ดี") == "ครู\ufffdใจดี"
    assert text(12) == "12" and text(None) == ""
