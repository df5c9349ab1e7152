"""A message of courtesy words alone ("สวัสดีค่ะ", "ขอบคุณครับ"), with no recent topic, is answered without the
grounded readers (handlers/intents.py `_courtesy`): its answer must be the one the whole pipeline gives, for every
such message of the development sets and the intent corpus, and for a greeting after a question (no fast path)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.grounded import BLIND2_SET, BLIND3_SET, BLIND4_SET, BLIND_SET, DEV_SET, load
from bot.adapters.console import ConsoleAdapter
from bot.app import App
from handlers import grounded
from handlers import intents as dispatcher
from tests.spy import first_arguments

CORPUS = Path(__file__).parents[1] / "data" / "intent_corpus.yaml"
TYPED = ["สวัสดีค่ะ", "หวัดดีครับ 🙏", "ขอบคุณครับ!!", "Hello ค่ะ", "thanks", "ขอบใจจ้า", "สวัสดีครับ ขอบคุณครับ"]
AFTER_A_QUESTION = [("ตราดอยู่กลุ่มไหน", "สวัสดีค่ะ"), ("กลไกข้อ 3 คืออะไร", "ขอบคุณครับ"), ("ใครเป็นประธาน", "thanks")]


def _set_texts() -> list[str]:
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    texts = [str(u["text"]) for u in corpus["tune"] + corpus["heldout"]]
    for path in (DEV_SET, BLIND_SET, BLIND2_SET, BLIND3_SET, BLIND4_SET):
        texts += [str(turn) for item in load(path) for turn in item["turns"]]
    return texts


async def _answers(app: App, conversations: list[tuple[str, ...]], prefix: str) -> list[str]:
    said = []
    for i, turns in enumerate(conversations):
        console = ConsoleAdapter(app.processor, user_id=f"{prefix}{i}")
        for turn in turns:
            replies = await console.ask(turn)
        said.append("\n".join(r.as_text() for r in replies))
    return said


@pytest.fixture
async def sqlite_app(make_app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("about answers, not the store: one backend is enough")
    return await make_app(connect_platforms=False)


async def test_courtesy_alone_is_answered_as_the_whole_pipeline_answers_it(sqlite_app: App, monkeypatch):
    courtesy = [t for t in dict.fromkeys(_set_texts()) if sqlite_app.services.recognizer.courtesy(t)]
    assert len(courtesy) >= 15
    conversations = [(t,) for t in [*courtesy, *TYPED]] + AFTER_A_QUESTION
    read = first_arguments(monkeypatch, grounded, "read")
    fast = await _answers(sqlite_app, conversations, "fast")
    assert read == [turn for turns in AFTER_A_QUESTION for turn in turns]  # courtesy alone took the fast path
    monkeypatch.setattr(dispatcher, "_courtesy", lambda text, ctx: None)
    assert await _answers(sqlite_app, conversations, "full") == fast
