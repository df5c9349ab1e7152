"""A warm-start cache of the text pipeline: what `serve` cleans and cuts into words before taking webhooks (the
documents' facts and passages, the intent examples: ~800 texts, ~0.4 s of CPU) is the same on every start, so the
results are saved to a file and the next start reads them in a few milliseconds.

The file is trusted only when its key matches: a hash of everything that decides how a text is cleaned and cut —
this format, PyThaiNLP's version, the source of bot/thai/text.py, normalize.py, newmm.py and wordset.py (the rules and
word lists live there) and the reference data's dictionary words — and when its checksum matches its body. A changed
input, a truncated or corrupt file, or one of the wrong shape is ignored (not an error) and rewritten after the start.
Entries are keyed by the text itself, so a changed document only misses for the texts that changed.

Only start-up is recorded: `stop()` ends recording before the first webhook, so no message anyone sends reaches the
file. Other commands and the tests never start it, and then `clean`/`tokenize` behave exactly as without it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT = "sandboxbot-warm-tokens-1"
FILE_NAME = "sandboxbot-warm.json"


@dataclass(slots=True)
class Memo:
    """clean() and tokenize() results by input text; `added` counts the results computed since loading."""

    cleaned: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, list[str]] = field(default_factory=dict)
    added: int = 0


active: Memo | None = None  # read by bot.thai.text on every call: None outside start-up


def cache_path(database_url: str) -> Path:
    """Beside an SQLite file; otherwise in the user's cache directory."""
    if database_url.startswith("sqlite") and ":///" in database_url and ":memory:" not in database_url:
        return Path(database_url.split(":///", 1)[1].split("?")[0]).with_name(FILE_NAME)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sandboxbot" / FILE_NAME


def inputs_key() -> str:
    """The hash of everything that decides how a text is cleaned and cut."""
    import pythainlp

    from bot.thai import newmm, normalize, text, wordset

    digest = hashlib.sha256(f"{FORMAT}\n{pythainlp.__version__}\n".encode())
    for module in (text, normalize, newmm, wordset):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update("\n".join(sorted(text.extra_words())).encode())
    return digest.hexdigest()


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def read(path: Path, key: str) -> Memo | None:
    """The memo saved under `key`, or None: missing, another key, truncated, corrupt or of the wrong shape."""
    try:
        header, body = path.read_text(encoding="utf-8").split("\n", 1)
        meta = json.loads(header)
        if meta.get("key") != key or meta.get("sha256") != _checksum(body):
            return None
        data = json.loads(body)
        cleaned, tokens = data["cleaned"], data["tokens"]
        if not (isinstance(cleaned, dict) and isinstance(tokens, dict)):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in cleaned.items()):
            return None
        if not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in tokens.values()):
            return None
        return Memo(cleaned, tokens)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(path: Path, key: str, memo: Memo) -> None:
    """Save atomically (a temporary file renamed over the old one): a crash leaves the old file or the new one."""
    body = json.dumps({"cleaned": memo.cleaned, "tokens": memo.tokens}, ensure_ascii=False, separators=(",", ":"))
    header = json.dumps({"key": key, "sha256": _checksum(body)})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".warm-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{header}\n{body}")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(slots=True)
class Session:
    """One start-up's use of the cache: `start` loads it, `stop` ends recording, `save` writes it if it changed."""

    path: Path
    key: str = ""
    loaded: bool = False
    memo: Memo | None = None

    def start(self) -> None:
        global active
        self.key = inputs_key()
        found = read(self.path, self.key)
        self.loaded = found is not None
        self.memo = found or Memo()
        active = self.memo
        log.debug("warm cache %s: %s", "loaded" if self.loaded else "cold", self.path)

    def stop(self) -> None:
        global active
        active = None

    def save(self) -> bool:
        """Write the file if this start computed anything (or found no usable file); False when not needed."""
        if self.memo is None or (self.loaded and not self.memo.added):
            return False
        try:
            write(self.path, self.key, self.memo)
        except OSError as exc:  # a read-only disk: start-up just stays cold
            log.info("warm cache not saved (%s)", type(exc).__name__)
            return False
        return True
