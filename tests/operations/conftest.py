"""An app serving both webhooks against the fake platforms, with settings of the test's choosing: the end-to-end
`serve` fixture, under the name these tests use."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import fakes, serve  # noqa: F401


@pytest.fixture
def serve_with(serve: Callable[..., object]) -> Callable[..., object]:  # noqa: F811
    return serve
