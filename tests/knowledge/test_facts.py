"""The fact base is built from the shipped source documents, and every fact quotes its source verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.facts import BRIEFING, WORKSHOP, build_fact_base
from bot.knowledge.sources import SOURCES_DIR, locate
from storage.reference.data import reference

SEEDS = Path(__file__).parents[1] / "data" / "seeds"


@pytest.fixture(scope="module")
def base():
    return build_fact_base(reference())


def test_the_package_ships_the_seed_documents_unchanged():
    for seed in SEEDS.glob("*.txt"):
        assert (SOURCES_DIR / seed.name).read_bytes() == seed.read_bytes()


def test_every_fact_quotes_its_document_at_its_span(base):
    assert len(base.facts) >= 90
    for fact in base.facts.values():
        text = base.documents[fact.file].text
        start, end = fact.span
        assert " ".join(text[start:end].split()) == fact.quote, fact.id
        assert len(fact.quote) >= 8 and fact.text_th and fact.text_en, fact.id


def test_each_part_of_the_sources_is_an_atom(base):
    ref = reference()
    ids = set(base.facts)
    assert {f"province:{p.name_th}" for p in ref.provinces} <= ids
    assert {f"duty:{d.number}" for d in ref.duties} <= ids
    assert {f"mechanism:{m.number}" for m in ref.mechanisms} <= ids
    assert {f"seat:{k.code}:{s.role}" for k in ref.committee_kinds for s in k.seats} <= ids
    assert {"meeting2024.chair", "meeting2024.attendees", "meeting2021.chair", "term.emenscr", "term.cockpit"} <= ids
    assert base.fact("meeting2024.attendees").file == BRIEFING and base.fact("term.xyz").file == WORKSHOP


def test_answers_name_the_document_by_its_label(base):
    assert base.label(BRIEFING, "th") == "ข่าว สพฐ. 26 ส.ค. 2567"
    assert base.label(WORKSHOP, "th") == "ข่าว สป.ศธ. 8 ก.ย. 2564"
    assert base.label(BRIEFING, "en") == "OBEC news, 26 Aug 2024"


def test_a_quote_not_in_its_document_stops_the_build(tmp_path, base):
    bad = tmp_path / "facts.yaml"
    bad.write_text(
        'facts:\n  - {id: x, file: "003_130a65c16854b49e.txt", quote: "ประชุมเมื่อปี 2580", answer_th: a, '
        "answer_en: a}\nnicknames: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="quote not found"):
        build_fact_base(reference(), bad)


def test_passages_skip_the_web_page_chrome(base):
    texts = [p.text for p in base.passages]
    assert not any("WordPress" in t or "ใส่ความเห็น" in t for t in texts)
    assert all(len(t) <= 400 for t in texts)
    assert locate("a  b\nc", "a b c") == (0, 6)
