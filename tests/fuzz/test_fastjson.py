"""`fastjson.loads` reads webhook bodies and stored state with orjson, and must give exactly what `json.loads` gives."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import fastjson

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson alone reads those as floats
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _same(value: object) -> str:
    """A comparison that tells 1 from 1.0 and True from 1, and NaN equals NaN."""
    return repr(value)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.booleans())
def test_any_json_reads_as_json_reads_it(value, as_text):
    text = json.dumps(value, ensure_ascii=False)
    data = text if as_text else text.encode("utf-8", "surrogatepass")
    assert _same(fastjson.loads(data)) == _same(json.loads(data))


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 123456789012345678901234}',  # an integer beyond 64 bits stays an integer
        b'{"update_id": -9223372036854775809}',
        b'{"x": NaN, "y": Infinity, "z": 1e400}',  # json's extensions
        b'{"name": "\\ud800"}',  # a lone surrogate, escaped
        '{"name": "ครู"}'.encode("utf-16"),  # json detects UTF-16 and UTF-32
        b'{"a": 1, "a": 2}',
    ],
)
def test_what_orjson_reads_otherwise_or_refuses_is_read_as_json_reads_it(body):
    assert _same(fastjson.loads(body)) == _same(json.loads(body))


@pytest.mark.parametrize("body", [b"", b"{", b"\xff\xfe\x00", b"[" * 100_000])
def test_what_json_refuses_is_refused_alike(body):
    with pytest.raises((ValueError, RecursionError)) as expected:
        json.loads(body)
    with pytest.raises(expected.type):
        fastjson.loads(body)


_STORABLE = st.recursive(
    _SCALARS.filter(lambda v: not isinstance(v, float) or math.isfinite(v)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers() | st.booleans() | st.none(), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_STORABLE)
def test_a_stored_value_reads_back_as_after_json(value):
    assert _same(json.loads(fastjson.stored(value))) == _same(json.loads(json.dumps(value)))


@dataclass
class _Point:
    x: int


@pytest.mark.parametrize("value", [{"when": datetime(2026, 11, 28, tzinfo=UTC)}, [_Point(1)], {1, 2}, {(1, 2): 3}])
def test_what_json_refuses_to_store_is_refused_alike(value):
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        fastjson.stored(value)
