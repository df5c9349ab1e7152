"""The substring index may return more forms than occur in a text, never fewer, and in the list's order."""

from __future__ import annotations

import random

from bot.thai.substrings import SubstringIndex, letter_pairs


def test_every_form_that_occurs_is_a_candidate_in_order():
    rng = random.Random(3)
    letters = "กขคงจยะลาเมืองใ|"
    forms = ["ยะลา", "ก", "", "เมือง", "ลา", "ขค"]
    forms += ["".join(rng.choices(letters, k=rng.randint(2, 6))) for _ in range(200)]
    index = SubstringIndex(forms)
    for _ in range(2000):
        text = "".join(rng.choices(letters, k=rng.randint(0, 30)))
        candidates = index.candidates(letter_pairs(text))
        assert candidates == sorted(set(candidates))
        assert {i for i, form in enumerate(forms) if form in text} <= set(candidates)
