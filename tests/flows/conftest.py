"""Flow tests share the progress tests' world (a seeded directory with linked accounts, a chat driver) and the
end-to-end fixtures of tests/e2e."""

from __future__ import annotations

from tests.e2e.conftest import fakes, serve  # noqa: F401  (fixtures)
from tests.progress.conftest import world  # noqa: F401  (fixtures)
