"""The fuzz tests drive the same app and fakes as the end-to-end tests."""

from tests.e2e.conftest import fakes, serve  # noqa: F401 - fixtures
