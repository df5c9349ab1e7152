"""YAML read with libyaml's C parser when PyYAML has it (ten times faster than the pure-Python one).

The reference data, the intent examples and the knowledge facts are read at every start: ~0.4 s of start-up with the
pure-Python parser. The C parser builds the same values through the same safe constructor.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(source: str | IO[str]) -> Any:
    """`yaml.safe_load`, on libyaml when available."""
    return yaml.load(source, Loader=_LOADER)
