"""People who withdrew consent and had their data erased must not come back through an admin's next import.

Erasure keeps no name, phone or e-mail. What it keeps, in the audit entry of the erasure, is a keyed fingerprint of
each (HMAC-SHA256 under the deployment's signing secret, so the store alone cannot be searched for a name or a
number): enough for an import to recognise the same person and leave them out, with a line in its report, and
nothing more. Adding them again takes their renewed consent and a system administrator: `sandboxbot readmit`
(bot/directory/readmit.py) drops the fingerprints, and the next import brings them back.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory import values
from storage.models import AuditLog

if TYPE_CHECKING:
    from bot.settings import Settings

ERASED_ACTION = "privacy.erased"
_UNKEYED = b"sandboxbot-erasure-fingerprints"  # only with no secret configured at all (a terminal-only install)


def fingerprint_key(settings: Settings | None) -> bytes:
    """The deployment's signing secret (stable across restarts and workers); a fixed key when it has none."""
    secrets = (settings.link_secret, settings.telegram_token, settings.line_channel_secret) if settings else ()
    if not any(secrets) and not (settings and settings.telegram_webhook_secret):
        return _UNKEYED
    assert settings is not None
    return settings.signing_secret().encode()


def fingerprints(key: bytes, full_name: str | None, phone: str | None, email: str | None) -> list[str]:
    """One fingerprint per identifying value the person had (matching form: bot/directory/values.py)."""
    keyed = (
        ("email", values.email_key(email)),
        ("phone", values.phone_key(phone)),
        ("name", values.name_key(full_name) if full_name else None),
    )
    return [
        hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32] for kind, value in keyed if value
    ]


async def erased_fingerprints(session: AsyncSession) -> set[str]:
    """Every fingerprint kept by an erasure."""
    rows = await session.execute(select(AuditLog.details).where(AuditLog.action == ERASED_ACTION))
    return {f for details in rows.scalars() for f in (details or {}).get("fingerprints", [])}
