"""What the recognizer's exactness tests share: one recognizer, and every text of the intent corpus and the
development sets (the independent set is never read here)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.grounded import BLIND2_SET, BLIND3_SET, BLIND4_SET, BLIND_SET, DEV_SET, load
from bot.thai.intents import IntentRecognizer
from storage.reference.data import reference

CORPUS = Path(__file__).parents[1] / "data" / "intent_corpus.yaml"


@pytest.fixture(scope="module")
def recognizer() -> IntentRecognizer:
    return IntentRecognizer(reference())


@pytest.fixture(scope="module")
def corpus_and_dev_texts() -> list[str]:
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    texts = [str(u["text"]) for u in corpus["tune"] + corpus["heldout"]]
    for path in (DEV_SET, BLIND_SET, BLIND2_SET, BLIND3_SET, BLIND4_SET):
        texts += [str(turn) for item in load(path) for turn in item["turns"]]
    return list(dict.fromkeys(texts))
