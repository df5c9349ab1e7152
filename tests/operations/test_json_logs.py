"""SANDBOXBOT_LOG_FORMAT=json: one JSON object per line, still redacted."""

from __future__ import annotations

import json
import logging

from bot.logjson import JsonFormatter
from bot.logs import protect_logs


def test_a_log_line_is_one_json_object_without_the_secret():
    protect_logs(["super-secret-token-123"])
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogRecordFactory()(
            "sandboxbot.test", logging.WARNING, __file__, 1, "send to %s failed", ("super-secret-token-123",), None
        )
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "sandboxbot.test"
    assert entry["message"] == "send to [REDACTED] failed"
    assert "RuntimeError: boom" in entry["exception"]
    assert "super-secret-token-123" not in line
    assert "\n" not in line
