"""The plain courtesy pattern (bot/thai/intents.py `_PLAIN_COURTESY`: one courtesy word, up to two polite particles,
a closing "!") is read without the recognizer's analysis: every message of that finite pattern must get the
answer the analysis gives."""

from __future__ import annotations

from bot.thai import intents
from bot.thai.intents import IntentRecognizer
from bot.thai.memo import per_event


def _pattern_messages() -> list[str]:
    """Every text the pattern matches: its words and particles written out, two particles at most."""
    steps = ["", *(space + p for p in intents._PLAIN_PARTICLES for space in ("", " "))]
    texts = (
        w + a + b + end for w in intents._COURTESY_SPELLINGS for a in steps for b in steps for end in ("", "!", " !")
    )
    return [text for text in dict.fromkeys(texts) if intents._PLAIN_COURTESY.fullmatch(text)]


def test_the_pattern_takes_the_usual_courtesy_messages():
    messages = _pattern_messages()
    assert len(messages) > 50_000
    assert "สวัสดีค่ะ" in messages and "ขอบคุณ ค่ะ !" in messages
    assert "ขอบคุณค่ะ" in messages and "ขอบคุณค่า" not in messages and "ขอบคุณ ค่า" in messages
    assert not intents._PLAIN_COURTESY.fullmatch("สวัสดีค่ะ ค่ะ ค่ะ")  # three particles are not the pattern


def test_every_plain_courtesy_message_reads_as_the_analysis_reads_it(recognizer: IntentRecognizer, monkeypatch):
    messages = _pattern_messages()
    with per_event():
        fast = [recognizer.courtesy(m) for m in messages]
    monkeypatch.setattr(intents, "_PLAIN_COURTESY", intents.re.compile("(?P<word>(?!))"))  # never matches
    differ = []
    for message, quick in zip(messages, fast, strict=True):
        with per_event():
            if recognizer.courtesy(message) != quick:
                differ.append(message)
    assert differ == []
    assert set(fast) == {intents.GREETING, intents.THANKS}
