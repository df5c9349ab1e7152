"""The knowledge service a process builds once: fact base, mention reader, composer and retriever together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.knowledge.compose import Composer
from bot.knowledge.facts import FactBase, build_fact_base
from bot.knowledge.items import ItemIndex
from bot.knowledge.mentions import MentionReader
from bot.knowledge.retrieval import Retriever
from bot.knowledge.terms import TermIndex
from storage.reference.data import ReferenceData


@dataclass(frozen=True)
class Knowledge:
    base: FactBase
    reader: MentionReader
    composer: Composer
    retriever: Retriever


@cache
def build_knowledge(reference: ReferenceData) -> Knowledge:
    """Read the facts and index them; cached per reference data, since every App of a process shares them."""
    base = build_fact_base(reference)
    others = {p.name: p.forms for p in base.people.values() if p.group is None}
    reader = MentionReader(reference, base.nicknames, base.regions, others)
    retriever = Retriever(base)
    items = ItemIndex(base, retriever.vocabulary)
    return Knowledge(base, reader, Composer(base, TermIndex(base), items), retriever)
