import asyncio, sys, tempfile
from bench.grounded import load, ask_all, summarise, DEV_SET
from bot.app import App
from bot.settings import Settings
from datetime import datetime, UTC
async def main():
    with tempfile.TemporaryDirectory() as d:
        app = App(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{d}/e.db"), clock=lambda: datetime(2026,11,21,3,tzinfo=UTC))
        await app.start(connect_platforms=False)
        items = load(DEV_SET)
        if len(sys.argv) > 1: items = [i for i in items if i['id'] in sys.argv[1:]]
        res = await ask_all(app.processor, items)
        await app.close()
    for r in res:
        if not r.ok or len(sys.argv) > 1:
            print(f"--- {r.item['id']} {r.item['turns']} missing={r.missing} forbidden={r.forbidden}\n{r.answer[:400]}")
    s = summarise(res)
    print({k: s.cell(k) for k in ("single","followup","out_of_scope")}, "wrong", s.wrong_facts)
asyncio.run(main())
