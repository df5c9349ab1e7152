"""Scores answers against an evaluation set of questions with the facts a right answer must (not) contain.

Shape of a set: items: [{id, kind: single|followup|out_of_scope, turns: [..], must_contain: [[alternatives...]],
must_not_contain: [..], source}]. Each item is asked through the real core (the console adapter on a store of its
own), one fresh user per item; expectations apply to the answer to the last turn. A fact counts when any one of its
alternatives appears in the answer, compared without spaces, case-folded, with Thai and Arabic digits alike.

Sets: tests/data/eval/dev_eval.yaml (the development set, written by the builder and tuned on),
tests/data/eval/blind_dev_eval.yaml (the blind development set: written in the independent set's style by a helper
who saw only the seeds, scored once before any tuning on it, then tunable), tests/data/eval/blind_dev_eval_2.yaml
(a second, fresh blind development set written the same way; scored before tuning, then tunable),
tests/data/eval/blind_dev_eval_3.yaml (a third one, half of it details stated in one sentence of a document),
tests/data/eval/blind_dev_eval_4.yaml (a fourth one, a quarter of it yes/no checks) and
tests/data/eval/independent_eval.yaml (written by someone who saw only the seeds; never tuned on,
never printed item by item).
"""

from __future__ import annotations

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pythainlp.util import thai_digit_to_arabic_digit

from bot.adapters.console import ConsoleAdapter
from bot.core.processor import Processor

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
DEV_SET = EVAL_DIR / "dev_eval.yaml"
BLIND_SET = EVAL_DIR / "blind_dev_eval.yaml"
BLIND2_SET = EVAL_DIR / "blind_dev_eval_2.yaml"
BLIND3_SET = EVAL_DIR / "blind_dev_eval_3.yaml"
BLIND4_SET = EVAL_DIR / "blind_dev_eval_4.yaml"
INDEPENDENT_SET = EVAL_DIR / "independent_eval.yaml"
KINDS = ("single", "followup", "out_of_scope")
#: The phrases of the bot's honest "not sure" answers (locales: unknown, unknown.close).
NOT_SURE = ("ยังไม่เข้าใจคำถามนี้", "ไม่แน่ใจว่าหมายถึงเรื่องใด")


def normalise(text: str) -> str:
    return "".join(thai_digit_to_arabic_digit(text).split()).casefold()


@dataclass(frozen=True)
class Result:
    item: dict[str, Any]
    answer: str
    missing: tuple[str, ...]  # the first alternative of each fact not found
    forbidden: tuple[str, ...]  # must_not_contain strings found
    seconds: float  # the last turn, through the whole core

    @property
    def ok(self) -> bool:
        return not self.missing and not self.forbidden

    @property
    def not_sure(self) -> bool:
        return any(p in self.answer for p in NOT_SURE)


def load(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["items"])


def score(item: dict[str, Any], answer: str, seconds: float = 0.0) -> Result:
    said = normalise(answer)
    missing = tuple(
        str(alternatives[0])
        for alternatives in item.get("must_contain") or []
        if not any(normalise(str(a)) in said for a in alternatives)
    )
    forbidden = tuple(str(x) for x in item.get("must_not_contain") or [] if normalise(str(x)) in said)
    return Result(item, answer, missing, forbidden, seconds)


async def ask_all(processor: Processor, items: list[dict[str, Any]], prefix: str = "eval") -> list[Result]:
    results = []
    for item in items:
        console = ConsoleAdapter(processor, user_id=f"{prefix}-{item['id']}")
        answer, seconds = "", 0.0
        for turn in item["turns"]:
            started = time.perf_counter()
            replies = await console.ask(str(turn))
            seconds = time.perf_counter() - started
            answer = "\n".join(r.as_text() for r in replies)
        results.append(score(item, answer, seconds))
    return results


@dataclass(frozen=True)
class Summary:
    total: dict[str, int]
    right: dict[str, int]
    wrong_facts: dict[str, int]  # answers that state a forbidden fact (confident and wrong)
    not_sure: dict[str, int]

    def rate(self, kind: str) -> float:
        return self.right[kind] / self.total[kind] if self.total[kind] else 0.0

    def cell(self, kind: str) -> str:
        if not self.total[kind]:
            return "-"
        return f"{self.right[kind]}/{self.total[kind]} = {self.rate(kind):.1%}"


def summarise(results: list[Result]) -> Summary:
    total = dict.fromkeys(KINDS, 0)
    right = dict.fromkeys(KINDS, 0)
    wrong = dict.fromkeys(KINDS, 0)
    unsure = dict.fromkeys(KINDS, 0)
    for r in results:
        kind = r.item["kind"]
        total[kind] += 1
        right[kind] += r.ok
        wrong[kind] += bool(r.forbidden)
        unsure[kind] += r.not_sure
    return Summary(total, right, wrong, unsure)


_COLD_START = """
import asyncio, resource, sys, tempfile, time
started = time.perf_counter()
from bot.app import App
from bot.settings import Settings
async def main():
    with tempfile.TemporaryDirectory() as folder:
        app = App(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{folder}/cold.db"))
        await app.start(connect_platforms=False)
        seconds = time.perf_counter() - started
        await app.close()
    print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
asyncio.run(main())
"""


def cold_start() -> tuple[float, float]:
    """Start-up (imports, reference, recognizer, fact base, store) and peak RSS of a fresh process running the bot."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _COLD_START], capture_output=True, text=True, check=True, cwd=EVAL_DIR.parents[2]
    )
    seconds, rss = out.stdout.split()
    return float(seconds), float(rss)


@dataclass(frozen=True)
class Measured:
    dev: Summary | None
    independent: Summary | None
    dev_results: list[Result]
    blind: Summary | None
    blind_results: list[Result]
    independent_results: list[Result]
    blind2: Summary | None
    blind2_results: list[Result]
    blind3: Summary | None
    blind3_results: list[Result]
    blind4: Summary | None
    blind4_results: list[Result]
    answer_ms: list[float]  # understanding + answer per message (dispatcher, store transaction rolled back)
    startup_s: float  # App built and started in this process (after imports), as bench.answers measures it
    cold_s: float  # a fresh process: imports, reference data, recognizer, fact base, store
    rss_mb: float  # peak RSS of that fresh process


async def measure(texts: list[str], *, independent: bool = True, rounds: int = 3) -> Measured:
    """Start a real app on a temporary SQLite store, time understanding + answer, and score the sets."""
    import tempfile

    from bot.app import App
    from bot.core.context import Context
    from bot.core.event_store import EventStore
    from bot.core.messages import Incoming, Kind, Platform
    from bot.core.state import State
    from bot.i18n import translator
    from bot.settings import Settings
    from handlers.intents import IntentDispatcher

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app = App(Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{folder}/bench.db"))  # type: ignore[call-arg]
        await app.start(connect_platforms=False)
        startup = time.perf_counter() - started
        dispatcher = IntentDispatcher()
        timings: list[float] = []
        async with app.sessions() as session:
            for r in range(rounds + 1):  # the first round warms up
                for i, text in enumerate(texts):
                    msg = Incoming(Platform.CONSOLE, f"b{r}-{i}", "bench", "bench", Kind.TEXT, text=text)
                    ctx = Context(
                        EventStore.of(session), State(), app.services, None, app.services.clock(), translator("th")
                    )
                    t0 = time.perf_counter()
                    await dispatcher.on_text(msg, ctx)
                    if r:
                        timings.append((time.perf_counter() - t0) * 1000)
            await session.rollback()
        dev_results = await ask_all(app.processor, load(DEV_SET), "dev")
        blind_results = await ask_all(app.processor, load(BLIND_SET), "blind") if BLIND_SET.exists() else []
        blind2_results = await ask_all(app.processor, load(BLIND2_SET), "blind2") if BLIND2_SET.exists() else []
        blind3_results = await ask_all(app.processor, load(BLIND3_SET), "blind3") if BLIND3_SET.exists() else []
        blind4_results = await ask_all(app.processor, load(BLIND4_SET), "blind4") if BLIND4_SET.exists() else []
        ind_results: list[Result] = []
        if independent and INDEPENDENT_SET.exists():
            ind_results = await ask_all(app.processor, load(INDEPENDENT_SET), "independent")
        await app.close()
    cold, rss = cold_start()
    return Measured(
        summarise(dev_results),
        summarise(ind_results) if ind_results else None,
        dev_results,
        summarise(blind_results) if blind_results else None,
        blind_results,
        ind_results,
        summarise(blind2_results) if blind2_results else None,
        blind2_results,
        summarise(blind3_results) if blind3_results else None,
        blind3_results,
        summarise(blind4_results) if blind4_results else None,
        blind4_results,
        timings,
        startup,
        cold,
        rss,
    )
