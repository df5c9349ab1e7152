"""Benchmark the intent recognizer on the labelled corpus: accuracy, confusions, speed and memory; then the
grounded answers (issue 13) through the real core, side by side: the held-out split, the development set
(tests/data/eval/dev_eval.yaml, written and tuned on by the builder), the blind development set
(tests/data/eval/blind_dev_eval.yaml, written blind from the seeds in the independent set's style; tunable), the
second to fourth blind development sets (tests/data/eval/blind_dev_eval_2.yaml, _3.yaml, _4.yaml, written
the same way later; tunable) and the
independent set
(tests/data/eval/independent_eval.yaml, written from the seeds alone, never tuned on), with understanding + answer
time per message, start-up time and memory beside the figures before issue 13.

Run with ``PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1 python -m bench.intents`` (``--no-independent`` skips the
independent set, for tuning runs that must not see its score; ``--misses`` lists the development-set and the blind
development sets' items answered wrong, never the independent set's).
"""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import asyncio
import resource
import statistics
import time
from collections import Counter
from pathlib import Path

import yaml

from bench import cli
from bench.grounded import KINDS, Measured, measure
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


def main(argv: list[str] | None = None) -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--no-independent", action="store_true", help="skip the independent set (tuning runs)")
    parser.add_argument("--misses", action="store_true", help="list the development sets' wrong answers")
    args = parser.parse_args(argv)
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

    held_cell = f"{sum(in_scope)}/{len(in_scope)} = {sum(in_scope) / len(in_scope):.1%}"
    texts = texts + [str(t) for item in _dev_items() for t in item["turns"]]
    report(asyncio.run(measure(texts, independent=not args.no_independent)), held_cell, misses=args.misses)


#: Figures before issue 13 (bench.answers and this bench on the same machine): understanding+answer median,
#: start-up, peak RSS.
BEFORE = ("0.2 ms", "1.2 s", "202 MB")
TARGETS = {"single": 0.95, "followup": 0.80}


def _dev_items() -> list[dict]:
    from bench.grounded import DEV_SET, load

    return load(DEV_SET)


def report(m: Measured, held_cell: str, misses: bool = False) -> None:
    print("\nGrounded answers through the core (answer text checked for the facts; see bench/grounded.py):")
    print("  (blind dev = the blind development set, tunable; independent = held out, never tuned on)")
    heads = (
        "held-out split",
        "dev set (mine)",
        "blind dev set",
        "blind dev 2",
        "blind dev 3",
        "blind dev 4",
        "independent set",
    )
    print(f"  {'':<16}{heads[0]:>18}" + "".join(f"{h:>22}" for h in heads[1:]) + f"{'target':>10}")
    print(f"  {'recognizer':<16}{held_cell:>18}{'':>132}{'>= 97%':>10}")
    for kind in KINDS:
        dev = m.dev.cell(kind) if m.dev else "-"
        blind = m.blind.cell(kind) if m.blind else "-"
        blind2 = m.blind2.cell(kind) if m.blind2 else "-"
        blind3 = m.blind3.cell(kind) if m.blind3 else "-"
        blind4 = m.blind4.cell(kind) if m.blind4 else "-"
        ind = m.independent.cell(kind) if m.independent else "(not run)"
        target = {"single": ">= 95%", "followup": ">= 80%", "out_of_scope": "0 wrong"}[kind]
        print(f"  {kind:<16}{'':>18}{dev:>22}{blind:>22}{blind2:>22}{blind3:>22}{blind4:>22}{ind:>22}{target:>10}")
    named = (
        ("dev", m.dev),
        ("blind dev", m.blind),
        ("blind dev 2", m.blind2),
        ("blind dev 3", m.blind3),
        ("blind dev 4", m.blind4),
        ("independent", m.independent),
    )
    for name, summary in named:
        if summary is not None:
            wrong = sum(summary.wrong_facts.values())
            print(
                f"  {name}: answers stating a forbidden fact: {summary.wrong_facts} (total {wrong}); "
                f"honest 'not sure': {summary.not_sure}"
            )
    p95 = statistics.quantiles(m.answer_ms, n=20)[-1]
    print(
        f"\n  understanding + answer per message: median {statistics.median(m.answer_ms):.2f} ms, p95 {p95:.2f} ms "
        f"(n={len(m.answer_ms)}; before: {BEFORE[0]}; target < 3 ms)"
    )
    print(f"  start-up of a fresh process, imports included: {m.cold_s:.2f} s (before: {BEFORE[1]} measured by")
    print(f"    bench.answers, App started after imports; here, with the dictionary warm: {m.startup_s:.2f} s)")
    print(f"  peak RSS of that process: {m.rss_mb:.0f} MB (before: {BEFORE[2]})")
    if misses:
        # never the independent set's items: they are not for tuning
        for r in [*m.dev_results, *m.blind_results, *m.blind2_results, *m.blind3_results, *m.blind4_results]:
            if not r.ok:
                print(f"  miss {r.item['id']}: {r.item['turns']} missing={r.missing} forbidden={r.forbidden}")


if __name__ == "__main__":
    main()
