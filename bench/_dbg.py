import asyncio, sys
from bot.thai.text import dictionary
from storage.reference.data import reference
from bot.knowledge.service import build_knowledge
k=build_knowledge(reference())
for q in sys.argv[1:]:
    m=k.reader.read(q)
    print(q, {a:b for a,b in vars(m).items() if b and a not in ('text','compact')})
    print('  terms', k.retriever.query_terms(m.residue), [w for w in k.retriever.query_terms(m.residue) if w in dictionary() and not k.retriever.knows(w)])
