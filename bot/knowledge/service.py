"""The knowledge service a process builds once: fact base, mention reader, composer and retriever together.

The retriever's index (every fact and passage tokenized, then BM25 with numpy: ~0.4 s) is built on first use
(`Knowledge.warm` builds it ahead): commands that never answer a question (import, people, reports) skip it, and
`sandboxbot serve` builds it off the event loop before taking webhooks, since most messages consult it.
"""

from __future__ import annotations

import threading
from functools import cache

from bot.knowledge.compose import Composer
from bot.knowledge.facts import FactBase, build_fact_base
from bot.knowledge.items import ItemIndex
from bot.knowledge.mentions import MentionReader
from bot.knowledge.retrieval import Retriever
from bot.knowledge.terms import TermIndex
from storage.reference.data import ReferenceData


class Knowledge:
    """The facts, how to read mentions of them and compose answers, and the document retriever."""

    def __init__(self, base: FactBase, reader: MentionReader, composer: Composer) -> None:
        self.base = base
        self.reader = reader
        self.composer = composer
        self._retriever: Retriever | None = None
        self._lock = threading.Lock()  # a warm-up thread and the event loop may both ask first

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    self._retriever = Retriever(self.base)
        return self._retriever

    def warm(self) -> None:
        """Build what is built on first use (call it off the event loop)."""
        _ = self.retriever


@cache
def build_knowledge(reference: ReferenceData) -> Knowledge:
    """Read the facts; cached per reference data, since every App of a process shares them."""
    base = build_fact_base(reference)
    others = {p.name: p.forms for p in base.people.values() if p.group is None}
    reader = MentionReader(reference, base.nicknames, base.regions, others, base.abbreviations)
    knowledge = Knowledge(base, reader, Composer(base, TermIndex(base)))
    knowledge.composer.items = ItemIndex(base, lambda: knowledge.retriever.vocabulary)  # the index waits for use
    return knowledge
