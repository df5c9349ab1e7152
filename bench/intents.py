"""Benchmark the intent recognizer on the labelled corpus: accuracy, confusions, speed and memory.

Run with ``PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1 python -m bench.intents``.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import resource
import statistics
import time
from collections import Counter
from pathlib import Path

import yaml

from bot.thai.intents import INTENTS, UNKNOWN, IntentRecognizer
from storage.reference.data import reference

CORPUS_PATH = Path(__file__).parents[1] / "tests" / "data" / "intent_corpus.yaml"
REPEATS = 5  # timed passes over the whole corpus, after one warm-up pass

#: Measured earlier on an 18-query probe (shared NOTES.md); quoted, not re-measured here.
NOTES_FIGURES = (
    ("rapidfuzz token_set_ratio over newmm tokens", "16/18", "~0.1", "-"),
    ("Google USE multilingual v3 (threshold 0.45)", "17/18", "~1", "~148"),
)


def _hit(item: dict, predicted: str, slots: dict[str, object]) -> bool:
    return predicted == item["intent"] and all(slots.get(k) == v for k, v in item.get("slots", {}).items())


def main() -> None:
    corpus = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))

    started = time.perf_counter()
    recognizer = IntentRecognizer(reference())
    setup_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    predictions: dict[str, list[tuple[dict, str, bool]]] = {}
    for split in ("tune", "heldout"):
        rows = []
        for item in corpus[split]:
            match = recognizer.recognize(item["text"])
            rows.append((item, match.intent, _hit(item, match.intent, match.slots)))
        predictions[split] = rows

    print(f"Intent corpus: {len(corpus['tune'])} tune + {len(corpus['heldout'])} held-out utterances\n")
    print(f"{'intent':<22}{'held-out':>12}{'tune':>12}")
    for intent in (*INTENTS, UNKNOWN):
        cells = []
        for split in ("heldout", "tune"):
            rows = [ok for item, _, ok in predictions[split] if item["intent"] == intent]
            cells.append(f"{sum(rows)}/{len(rows)}" if rows else "-")
        print(f"{intent:<22}{cells[0]:>12}{cells[1]:>12}")

    for split in ("heldout", "tune"):
        confusions = Counter((item["intent"], predicted) for item, predicted, ok in predictions[split] if not ok)
        print(f"\nConfusions, {split} (expected -> predicted, count):")
        for (expected, predicted), count in confusions.most_common() or [(("none", "none"), 0)]:
            print(f"  {expected} -> {predicted}: {count}")

    held = predictions["heldout"]
    in_scope = [ok for item, _, ok in held if item["intent"] != UNKNOWN]
    wrong = sum(predicted not in (item["intent"], UNKNOWN) for item, predicted, _ in held if item["intent"] != UNKNOWN)
    out_scope = [predicted == UNKNOWN for item, predicted, _ in held if item["intent"] == UNKNOWN]
    print(f"\nHeld-out in-scope accuracy: {sum(in_scope)}/{len(in_scope)} = {sum(in_scope) / len(in_scope):.1%}")
    print(f"  of the misses, answered with another intent (not 'unknown'): {wrong}")
    print(f"Held-out out-of-scope rejected: {sum(out_scope)}/{len(out_scope)} = {sum(out_scope) / len(out_scope):.1%}")

    texts = [item["text"] for split in ("tune", "heldout") for item in corpus[split]]
    for text in texts:  # warm-up
        recognizer.recognize(text)
    timings = []
    for _ in range(REPEATS):
        for text in texts:
            started = time.perf_counter()
            recognizer.recognize(text)
            timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1]

    print(f"\nSpeed over {len(texts)} utterances x {REPEATS} passes, after warm-up:")
    print(f"  median {statistics.median(timings):.3f} ms, p95 {p95:.3f} ms per recognize()")
    print(f"  set-up (reference + dictionary + examples): {setup_s:.2f} s")
    print(f"  peak RSS after set-up (ru_maxrss): {rss_mb:.0f} MB")

    print("\nSide by side (the two probe rows are figures from NOTES.md, not re-measured):")
    print(f"  {'method':<48}{'accuracy':>16}{'ms/msg':>10}{'RSS MB':>9}")
    print(
        f"  {'this recognizer (held-out, in scope)':<48}{f'{sum(in_scope)}/{len(in_scope)}':>16}"
        f"{statistics.median(timings):>10.3f}{rss_mb:>9.0f}"
    )
    for name, accuracy, ms, mb in NOTES_FIGURES:
        print(f"  {name:<48}{accuracy:>16}{ms:>10}{mb:>9}")


if __name__ == "__main__":
    main()
