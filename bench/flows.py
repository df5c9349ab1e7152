"""A guided conversation under interruption, per event: `python -m bench.flows`.

Times, after a warm-up, through the whole core (record, load state, gate, answer, save, commit; SQLite, WAL):
  gate        — the answer-or-request decision alone on a free-text step (recognizer plus phrase rules);
  flow event  — each message of a guided progress update with two questions asked in the middle and submitted.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bench import cli
from bot.app import App
from bot.core.messages import Incoming, Kind, Platform
from bot.settings import Settings
from tests.directory import link, seed_directory

SCRIPT = (
    "อัปเดตความคืบหน้า",
    "สอนภาษาไทยด้วยสื่อมลายูถิ่น (ทวิภาษา)",
    "ล่าช้า",
    "40",
    "กำหนดส่งรายงานครั้งหน้าเมื่อไหร่คะ",
    "จัดอบรมครู 2 ครั้ง",
    "สถานะของฉัน",
    "ครูลาคลอด 1 คน",
    "ต้องการครูอัตราจ้าง",
    "ข้าม",
    "ยืนยัน",
)
ROUNDS = 20


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        app = App(settings)
        await app.start(connect_platforms=False)
        try:
            async with app.sessions() as session, session.begin():
                directory = await seed_directory(session)
                for n in range(ROUNDS + 1):
                    await link(session, directory.director, "console", f"d{n}")
            ids = itertools.count()
            timings: list[float] = []
            for n in range(ROUNDS + 1):
                for line in SCRIPT:
                    msg = Incoming(Platform.CONSOLE, f"e{next(ids)}", f"d{n}", f"d{n}", Kind.TEXT, text=line)
                    start = time.perf_counter()
                    await app.processor.process(msg)
                    if n:  # the first round warms up
                        timings.append((time.perf_counter() - start) * 1000)
            gate = await _gate(app)
        finally:
            await app.close()
    print(f"gate        median {statistics.median(gate):.3f} ms  p95 {_p95(gate):.3f} ms  ({len(gate)} decisions)")
    median = statistics.median(timings)
    print(f"flow event  median {median:.2f} ms  p95 {_p95(timings):.2f} ms  ({len(timings)} events)")


async def _gate(app: App) -> list[float]:
    from bot.core.context import Context
    from bot.core.event_store import EventStore
    from bot.core.state import State
    from bot.i18n import translator
    from handlers import gate
    from handlers.intents import IntentDispatcher
    from handlers.routes import build_router

    dispatcher = IntentDispatcher()
    build_router(dispatcher)  # the features add their phrase rules to it
    texts = [line for line in SCRIPT if line not in ("ข้าม", "ยืนยัน")]
    timings = []
    async with app.sessions() as session:
        ctx = Context(EventStore.of(session), State(), app.services, None, app.services.clock(), translator("th"))
        for _ in range(50):
            for text in texts:
                start = time.perf_counter()
                gate.free_text(text, ctx, dispatcher)
                timings.append((time.perf_counter() - start) * 1000)
    return timings


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95)]


if __name__ == "__main__":
    cli.parse(__doc__)
    asyncio.run(main())
