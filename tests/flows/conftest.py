"""Flow tests share the progress tests' world: a seeded directory with linked accounts and a chat driver."""

from __future__ import annotations

from tests.progress.conftest import Chat, World, world  # noqa: F401  (fixtures)
