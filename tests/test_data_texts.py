"""The test-data helpers the pattern oracles rely on: an empty product would let every oracle pass unseen."""

from __future__ import annotations

from tests.data_texts import joined


def test_joined_gives_every_first_second_third_in_order():
    assert list(joined(["", "ก"], ["ข"], ["", "ค"])) == ["ข", "ขค", "กข", "กขค"]
    assert list(joined(["a"], ["b", "c"])) == ["ab", "ac"]
