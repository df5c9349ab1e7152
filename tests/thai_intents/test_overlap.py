"""The numpy overlap (bot/thai/overlap.py) gives the very floats of the plain loop it replaced, for the terms of every
text of the intent corpus and the development sets, and for random sets of terms with fuzzy-match credits."""

from __future__ import annotations

import random
from collections import defaultdict

from bot.thai.intents import IntentRecognizer
from bot.thai.overlap import ExampleOverlap


def _plain(overlap: ExampleOverlap, gains: list[tuple[str, float]], query_weight: float) -> dict[str, float]:
    """The loop `IntentRecognizer._score` used before: one update per (term, example), one division per example."""
    matched: dict[int, float] = defaultdict(float)
    for term, gain in gains:
        for index in overlap._postings[term]:
            matched[index] += gain
    scores = dict.fromkeys(overlap._intents, 0.0)
    for index, value in matched.items():
        similarity = 2 * value / (query_weight + overlap._weights[index])
        label = overlap._labels[index]
        if similarity > scores[label]:
            scores[label] = similarity
    return scores


def test_every_text_scores_as_with_the_plain_loop(recognizer: IntentRecognizer, corpus_and_dev_texts: list[str]):
    overlap, idf = recognizer._overlap, recognizer._idf
    checked = 0
    for text in corpus_and_dev_texts:
        terms = recognizer._analyse(text)[0]
        gains = [(t, idf[t]) for t in terms if t in idf]
        query_weight = sum(w for _, w in gains) + recognizer._unseen_weight * (len(terms) - len(gains))
        if gains:
            assert overlap.best(gains, query_weight) == _plain(overlap, gains, query_weight), text
            checked += 1
    assert checked > 1000


def test_random_terms_and_credits_score_as_with_the_plain_loop(recognizer: IntentRecognizer):
    overlap, idf = recognizer._overlap, recognizer._idf
    vocabulary = sorted(idf)
    rng = random.Random(12)
    for _ in range(2000):
        terms = rng.sample(vocabulary, rng.randint(1, 8))
        gains = [(t, idf[t] * rng.choice([1.0, 0.7, rng.uniform(0.8, 1.0)])) for t in terms]
        query_weight = sum(idf[t] for t in terms) + rng.choice([0.0, recognizer._unseen_weight])
        best = overlap.best(gains, query_weight)
        assert best == _plain(overlap, gains, query_weight)
        assert all(type(value) is float for value in best.values())
