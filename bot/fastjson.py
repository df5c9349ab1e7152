"""orjson where it is installed (about 3× faster than json on webhook bodies), the standard library otherwise."""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a bare checkout working
    orjson = None  # type: ignore[assignment]


def loads(data: bytes | str) -> Any:
    return orjson.loads(data) if orjson is not None else json.loads(data)


def dumps(obj: Any) -> str:
    """A str, as aiohttp's json_response wants; non-ASCII kept as is."""
    if orjson is not None:
        return orjson.dumps(obj).decode()
    return json.dumps(obj, ensure_ascii=False)


def dumpb(obj: Any) -> bytes:
    """UTF-8 JSON bytes, as a request body; non-ASCII kept as is."""
    if orjson is not None:
        return orjson.dumps(obj)
    return json.dumps(obj, ensure_ascii=False).encode()
