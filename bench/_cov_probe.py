import yaml
from storage.reference.data import reference
from bot.knowledge.service import build_knowledge
from handlers.grounded import _GENERIC
k=build_knowledge(reference()); r=k.retriever
items=yaml.safe_load(open('tests/data/eval/dev_eval.yaml'))['items']
qs=[(i['id'], i['turns'][-1]) for i in items] + [('x','ผอ.เขตคนใหม่ชื่ออะไร'),('x','ประชุมกลุ่มโรงเรียนวันไหน'),('x','ประธานาธิบดีสหรัฐชื่ออะไร')]
import bot.knowledge.retrieval as R
old=R.COVERAGE; R.COVERAGE=0.0
for id_, q in qs:
    h=r.best(q)
    if h: print(id_, f"{h.coverage:.2f}", q, '->', h.fact.id if h.fact else h.passage.text[:30])
