"""The intent recognizer's soft Dice overlap of one message with every labelled example, best per intent, in numpy.

Per message, each of its terms adds its weight to every example that uses it, and each example's overlap becomes a
similarity; in Python that was one dictionary update per (term, example) pair and one division per example touched,
~40 us for a five-word question. Here one array holds the overlaps: each term adds its weight to its examples in one
step, in the same order, so every sum and every similarity is the same float as before (IEEE doubles either way).
numpy is imported on the first message, as the retriever's index does (a command that answers nothing never loads
it). tests/thai_intents/test_overlap.py compares it with the plain loop on every text of the evaluation sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any


class ExampleOverlap:
    """Examples given as their labels (each intent's examples side by side), their terms' postings and weights."""

    def __init__(self, labels: Sequence[str], postings: dict[str, list[int]], weights: Sequence[float]) -> None:
        self._labels = list(labels)
        self._postings = postings
        self._weights = list(weights)
        starts = [i for i, label in enumerate(self._labels) if i == 0 or label != self._labels[i - 1]]
        self._intents = [self._labels[i] for i in starts]  # one block of examples per intent
        if len(set(self._intents)) != len(self._intents):
            raise ValueError("each intent's examples must come side by side")
        self._starts = starts

    @cached_property
    def _arrays(self) -> tuple[Any, dict[str, Any], Any, Any]:
        import numpy as np  # deferred: ~0.1 s, for the first message only

        postings = {term: np.array(indices, dtype=np.intp) for term, indices in self._postings.items()}
        return np, postings, np.array(self._weights, dtype=np.float64), np.array(self._starts, dtype=np.intp)

    def best(self, gains: Iterable[tuple[str, float]], query_weight: float) -> dict[str, float]:
        """Per intent with examples, the best `2 * overlap / (query_weight + example weight)` (0.0 when none of
        its examples shares a term); `gains` are (known term, weight times credit) in the message's term order."""
        np, postings, weights, starts = self._arrays
        overlap = np.zeros(len(self._labels))
        for term, gain in gains:
            overlap[postings[term]] += gain  # a term is listed once per example: no index twice in one step
        similarity = 2 * overlap / (query_weight + weights)
        return dict(zip(self._intents, np.maximum.reduceat(similarity, starts).tolist(), strict=True))
