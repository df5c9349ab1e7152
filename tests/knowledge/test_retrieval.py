"""Retrieval states a fact only when the question's informative words are in it, of the kind asked, and from the
document a date in the question names."""

from __future__ import annotations

import pytest

from bot.knowledge.service import build_knowledge
from storage.reference.data import reference


@pytest.fixture(scope="module")
def retriever():
    return build_knowledge(reference()).retriever


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("ใครเป็นประธานการประชุมวันที่ 26 สค 67", "meeting2024.chair"),
        ("ใครเป็นประธานประชุมเรื่องกลไก ปี 64", "meeting2021.chair"),
        ("ประชุมวันที่ 8 ก.ย. 64 จัดที่ไหน", "meeting2021.venue"),
        ("XYZ หมายถึงอะไรคะ", "term.xyz"),
        ("งานอื่นๆ ใครเป็นคนมอบหมาย", "duty:6"),
    ],
)
def test_the_fact_asked_for(retriever, question, fact):
    hit = retriever.best(question)
    assert hit is not None and hit.fact is not None and hit.fact.id == fact


@pytest.mark.parametrize(
    "question",
    ["พรุ่งนี้ฝนตกไหมคะ", "ดูแล", "งบประมาณโครงการพื้นที่นวัตกรรมได้เท่าไหร่", "สพฐ. มีโรงเรียนทั้งหมดกี่แห่ง"],
)
def test_silence_rather_than_a_lookalike(retriever, question):
    assert retriever.best(question) is None


def test_words_of_the_whole_list_are_left_out_when_one_item_is_wanted(retriever):
    generic = frozenset({"คณะกรรมการ", "หน้าที่"})
    hit = retriever.best("คณะกรรมการร่วมมือกับใครบ้าง", drop=generic, prefix=("duty:",))
    assert hit is not None and hit.fact is not None and hit.fact.id == "duty:1"
    assert retriever.best("หน้าที่ของคณะกรรมการมีอะไรบ้าง", drop=generic, prefix=("duty:",)) is None
