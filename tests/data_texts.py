"""Every text of the test data, for tests that compare a rewritten pattern with the old one on real messages; the
independent evaluation set is never read (it is a held-out test set for answers)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def strings(node: object) -> Iterator[str]:
    """Every string inside parsed YAML or JSON, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def joined(firsts: Iterable[str], seconds: Iterable[str], thirds: Iterable[str] = ("",)) -> Iterator[str]:
    """Every first + second + third: the pairs and triples of words the pattern oracles compare on."""
    return ("".join(parts) for parts in itertools.product(firsts, seconds, thirds))


@cache
def data_texts() -> tuple[str, ...]:
    """Every string of tests/data's YAML and JSON files and every paragraph of the seeds."""
    files = [p for p in sorted((ROOT / "tests/data").rglob("*.yaml")) if p.name != "independent_eval.yaml"]
    found = [s for f in files for s in strings(yaml.safe_load(f.read_text(encoding="utf-8")))]
    for path in sorted((ROOT / "tests/data").rglob("*.json")):
        found += strings(json.loads(path.read_text(encoding="utf-8")))
    return (*found, *seed_paragraphs())


def seed_paragraphs() -> list[str]:
    found = []
    for seed in sorted((ROOT / "tests/data/seeds").rglob("*")):
        if seed.is_file() and seed.suffix in {".md", ".txt", ""}:
            found += seed.read_text(encoding="utf-8").split("\n\n")
    return found
