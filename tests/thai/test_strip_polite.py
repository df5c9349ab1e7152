"""`strip_polite` searches for trailing particles only when the text ends on a letter one can end on: for every text
it must give what searching always gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import answers

_PIECES = [*answers.PARTICLES, *answers._SOFT, *answers._LOOSE, "PLEASE", "pleaſe", "เสร็จแล้ว", "เจ้า", "ok", " ", "\n"]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.text(alphabet="กขะาบมeszSſ.!~ \n", max_size=3), max_size=6).map("".join)


def _always_searching(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = answers._TRAILING.sub("", text).strip(answers.EDGE_PUNCT)
        text = answers._LEADING.sub("", text).strip(answers.EDGE_PUNCT)
    return text


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_every_text_is_stripped_as_by_searching_always(text):
    assert answers.strip_polite(text) == _always_searching(text)


def test_particles_go_from_both_ends():
    assert answers.strip_polite("ค่ะ เสร็จแล้วครับผม!") == "เสร็จแล้ว"
    assert answers.strip_polite("done PLEASE\n") == "done"
