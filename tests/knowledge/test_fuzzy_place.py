"""`fuzzy_place` finds where a name may start and end once per text: it must give what the scan of every start for
every name gave, on the texts of the development sets and on names typed with an edit around place words."""

from __future__ import annotations

import random

from rapidfuzz.distance import Levenshtein

from bench.grounded import BLIND2_SET, BLIND3_SET, BLIND4_SET, BLIND_SET, DEV_SET, load
from bot.knowledge.mentions import _AFTER_PLACE, MentionReader, _squash, _toneless, fuzzy_place
from bot.knowledge.service import build_knowledge
from bot.thai.text import dictionary
from storage.reference.data import reference


def _every_start(reader: MentionReader, compact: str) -> str | None:
    """The scan before: every start of the text for every name, the boundary words checked at each."""
    text = _toneless(compact)
    best: tuple[int, str] | None = None
    for form, name in reader._fuzzy:
        size = len(form)
        for start in range(0, max(1, len(text) - size + 2)):
            if start and not text[:start].endswith(("จังหวัด", "จ.", "|", "จ")):
                continue
            for length in (size - 1, size, size + 1):
                window = text[start : start + length]
                if len(window) < 4 or not _AFTER_PLACE.match(text, start + length) or window in dictionary():
                    continue
                distance = Levenshtein.distance(window, form, score_cutoff=1)
                if distance <= 1 and (best is None or distance < best[0]):
                    best = (distance, name)
    return best[1] if best else None


def _typed(rng: random.Random, name: str) -> str:
    """A name with one letter changed, dropped or added (or as it is)."""
    at = rng.randrange(len(name))
    letter = rng.choice("กขงจดตนบมยรลวสอะาิีุู่้")
    return rng.choice(
        [name, name[:at] + letter + name[at + 1 :], name[:at] + name[at + 1 :], name[:at] + letter + name[at:]]
    )


def test_the_same_province_as_scanning_every_start():
    reader = build_knowledge(reference()).reader
    texts = [_squash(str(t)) for path in (DEV_SET, BLIND_SET, BLIND2_SET, BLIND3_SET, BLIND4_SET) for item in load(path)
             for t in item["turns"]]  # fmt: skip
    rng = random.Random(5)
    names = [name for _, name in reader._fuzzy]
    before = ["", "จังหวัด", "จ.", "จ", "|", "ครู", "ที่"]
    after = ["", "อยู่กลุ่มไหน", "ใครดูแล", "|", "กับ", "ไหม", "ค่ะ", "group"]
    for _ in range(3000):
        name = _typed(rng, rng.choice(names))
        texts.append(rng.choice(["", "ครูที่", "ขอถาม"]) + rng.choice(before) + name + rng.choice(after))
    found = 0
    for text in texts:
        expected = _every_start(reader, text)
        assert fuzzy_place(reader, text) == expected, text
        found += expected is not None
    assert found > 500
