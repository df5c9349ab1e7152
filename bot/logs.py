"""Log hygiene: no secret ever reaches a log line, whoever logs it.

httpx logs every request URL at INFO, and the Telegram token is part of PTB's URL (`…/bot<TOKEN>/…`); SQLAlchemy
errors can carry statement parameters. So the chatty transport loggers are quietened, and every record is redacted
as it is created (a record factory, not a handler filter: handlers added later, by tests or operators, are covered
too). Our own log lines carry internal ids only, never names, phones or message text; tracebacks keep their frames
and exception types but not the exceptions' messages, which quote the values that failed.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

REDACTED = "[REDACTED]"
WITHHELD = "[message withheld]"
# Anything shaped like a Telegram token, even one we were not told about (e.g. a second bot in the same process).
_TELEGRAM_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
# Request URLs, query parameters, and PTB's DEBUG lines (every call's parameters: message text, names).
_QUIET_LOGGERS = ("httpx", "httpcore", "hpack", "aiohttp.access", "aiosqlite", "telegram")
_MIN_SECRET_LEN = 6  # shorter values would redact ordinary words

_secrets: set[str] = set()
_base_factory = logging.getLogRecordFactory()


def redact(text: str) -> str:
    """The text with every registered secret and anything token-shaped replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _TELEGRAM_TOKEN.sub(REDACTED, text)


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a malformed call; keep the raw template rather than lose the record
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = redact(safe_traceback(record.exc_info[1]))
    return record


def safe_traceback(exc: BaseException) -> str:
    """The traceback with every exception's message withheld: messages quote the values that failed (pydantic's
    input_value, a KeyError's key, a decoder's text), which may be names or message text. Frames and types stay."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        kind = type(current)
        blocks.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}: {WITHHELD}")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n\nwhile handling the above, or caused by it:\n\n".join(reversed(blocks))


def protect_logs(secrets: Iterable[str | None]) -> None:
    """Register secrets to redact and quieten the loggers that print request URLs; safe to call more than once."""
    _secrets.update(s for s in secrets if s and len(s) >= _MIN_SECRET_LEN)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.setLogRecordFactory(_redacting_factory)
