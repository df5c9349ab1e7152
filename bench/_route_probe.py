import asyncio, tempfile, yaml
from datetime import datetime, UTC
from bot.app import App
from bot.settings import Settings
from bot.core.context import Context
from bot.core.state import State
from bot.core.messages import Incoming, Kind, Platform
from bot.i18n import translator
from handlers import grounded, knowledge
async def main():
    corpus = yaml.safe_load(open('tests/data/intent_corpus.yaml'))
    with tempfile.TemporaryDirectory() as d:
        app = App(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{d}/e.db"))
        await app.start(connect_platforms=False)
        async with app.sessions() as session:
            for split in ('heldout','tune'):
                dev = 0
                for item in corpus[split]:
                    ctx = Context(session, State(), app.services, None, app.services.clock(), translator("th"))
                    text = item['text']
                    m = grounded.read(text, ctx)
                    plan = grounded.plan(m, ctx)
                    match = app.services.recognizer.recognize(text)
                    route = None
                    if plan is not None:
                        route = f"plan:{plan.intent or plan.topic}"
                    else:
                        intent = match.intent
                        if intent in knowledge.HANDLERS and grounded.foreign_words(m, ctx):
                            route = f"foreign:{grounded.foreign_words(m, ctx)}"; intent = 'unknown'
                        r = grounded.retrieve(text, ctx, intent, m)
                        if r is not None: route = (route or '') + " retrieval:" + r[0].text[:50].replace('\n',' ')
                    if route and not (route == f"plan:{item['intent']}"):
                        dev += 1
                        print(split, item['intent'], '|', match.intent, '|', text, '->', route)
                print(split, 'deviations', dev, 'of', len(corpus[split]))
        await app.close()
asyncio.run(main())
