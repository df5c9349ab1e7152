"""The terminal: one line in, the bot's replies out, through the same core (platform "console")."""

from __future__ import annotations

import itertools
import json
import time
from typing import TextIO

from bot.core.commands import parse_command
from bot.core.messages import Choice, Incoming, Kind, Platform, Reply
from bot.core.processor import Processor

DEFAULT_USER = "local"


class ConsoleAdapter:
    """Typing a shown choice's number or its exact label taps it, as a button would."""

    def __init__(self, processor: Processor, user_id: str = DEFAULT_USER) -> None:
        self.processor = processor
        self.user_id = user_id
        self._choices: list[Choice] = []
        self._ids = itertools.count()
        self._session = f"{time.time_ns():x}"

    def to_incoming(self, line: str) -> Incoming:
        text = line.strip()
        event_id = f"{self._session}-{next(self._ids)}"
        base = {
            "platform": Platform.CONSOLE,
            "event_id": event_id,
            "chat_id": self.user_id,
            "user_id": self.user_id,
        }
        choice = self._chosen(text)
        if choice is not None:
            return Incoming(**base, kind=Kind.ACTION, action=choice.action, text=choice.label, raw_type="choice")
        command = parse_command(text)
        if command is not None:
            return Incoming(**base, kind=Kind.COMMAND, text=text, command=command.name, args=command.args)
        return Incoming(**base, kind=Kind.TEXT, text=text, raw_type="text")

    def _chosen(self, text: str) -> Choice | None:
        if text.isdigit() and 1 <= int(text) <= len(self._choices):
            return self._choices[int(text) - 1]
        return next((c for c in self._choices if c.label == text), None)

    async def ask(self, line: str) -> list[Reply]:
        outcome = await self.processor.process(self.to_incoming(line))
        shown = [c for r in outcome.replies for c in r.choices]
        if outcome.replies:
            self._choices = shown
        return outcome.replies

    async def run(self, lines: TextIO, out: TextIO, as_json: bool, interactive: bool) -> None:
        while True:
            if interactive:
                out.write("คุณ> ")
                out.flush()
            line = lines.readline()
            if not line:
                break
            if not line.strip():
                continue
            replies = await self.ask(line)
            if as_json:
                record = {"in": line.rstrip("\n"), "replies": [r.to_json() for r in replies]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(render_text(replies) + "\n")
            out.flush()


def render_text(replies: list[Reply]) -> str:
    lines: list[str] = []
    number = itertools.count(1)
    for reply in replies:
        lines.append("บอท> " + reply.as_text().replace("\n", "\n     "))
        lines.extend(f"     [{next(number)}] {choice.label}" for choice in reply.choices)
    return "\n".join(lines)
