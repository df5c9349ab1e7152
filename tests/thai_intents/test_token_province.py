"""The recognizer asks rapidfuzz for a misspelt province only when a form shares a candidate's length (within one)
and its first two letters or its last two: it must find what asking for every candidate finds, on the tokens of
every text of the corpus and the development sets, and on names typed with one edit among other words."""

from __future__ import annotations

import random

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.thai.intents import _LATIN, IntentRecognizer
from bot.thai.text import content_tokens


def _asking_always(recognizer: IntentRecognizer, tokens: list[str]) -> tuple[list[str], str | None]:
    """`_token_province` with rapidfuzz asked for every candidate of four letters or more."""
    for index, token in enumerate(tokens):
        if (name := recognizer._province_short.get(token)) is not None:
            return [*tokens[:index], "จังหวัด", *tokens[index + 1 :]], name
    for size in (1, 2, 3):
        for start in range(len(tokens) - size + 1):
            candidate = "".join(tokens[start : start + size])
            if len(candidate) < 4 or candidate in recognizer._words or _LATIN.search(candidate):
                continue
            forms = recognizer._fuzzy_forms
            hit = process.extractOne(candidate, forms, scorer=Levenshtein.distance, score_cutoff=1)
            if hit is not None:
                return [*tokens[:start], "จังหวัด", *tokens[start + size :]], recognizer._province_long[hit[2]].name_th
    return tokens, None


def _typed(rng: random.Random, form: str) -> str:
    """A form with one letter changed, dropped or added, anywhere (or as it is)."""
    at = rng.randrange(len(form))
    letter = rng.choice("กขงจดตนบมยรลวสอะาิีุู่้ั")
    edits = [form, form[:at] + letter + form[at + 1 :], form[:at] + form[at + 1 :], form[:at] + letter + form[at:]]
    return rng.choice(edits)


def test_the_same_province_as_asking_for_every_candidate(recognizer: IntentRecognizer, corpus_and_dev_texts: list[str]):
    cases = [content_tokens(text) for text in corpus_and_dev_texts]
    rng = random.Random(8)
    words = ["ใคร", "ดูแล", "จังหวัด", "อยู่", "กลุ่ม", "ไหน", "ครับ", "เชียง", "นคร", "สุ", "ราช", "ธานี", "บุรี"]
    for _ in range(4000):
        typed = _typed(rng, rng.choice(recognizer._fuzzy_forms))
        cut = rng.randrange(len(typed) + 1)
        pieces = [typed] if rng.random() < 0.5 else [p for p in (typed[:cut], typed[cut:]) if p]
        at = rng.randrange(3)
        cases.append([*rng.sample(words, at), *pieces, *rng.sample(words, rng.randrange(3))])
    found = 0
    for tokens in cases:
        expected = _asking_always(recognizer, tokens)
        assert recognizer._token_province(tokens) == expected, tokens
        found += expected[1] is not None
    assert found > 1000
