"""Signed, expiring links that `serve` answers: a token names what to serve (and for which committee) and when it
stops working. itsdangerous does the signing; its timestamps come from the application's clock, so a demo clock
(or a test's) and the expiry agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

SALT = "sandboxbot.link"
PATH = "/files/"


class LinkExpired(Exception):
    """The link was genuine but is too old."""


class LinkInvalid(Exception):
    """The link was not made by this deployment (or was altered)."""


class LinkSigner:
    """Makes and reads signed links below `public_url` + "/files/"."""

    def __init__(self, secret: str, public_url: str, ttl_seconds: int, clock: Callable[[], datetime]) -> None:
        class _ClockSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock().timestamp())

        self._serializer = URLSafeTimedSerializer(secret, salt=SALT, signer=_ClockSigner)
        self.public_url = public_url.rstrip("/")
        self.ttl_seconds = ttl_seconds

    def token(self, claims: dict[str, Any]) -> str:
        return str(self._serializer.dumps(claims))

    def url(self, claims: dict[str, Any], suffix: str = "") -> str:
        """The full address; `suffix` (e.g. "/export.xlsx") only helps apps that guess the type from the name."""
        return f"{self.public_url}{PATH}{self.token(claims)}{suffix}"

    def read(self, token: str) -> dict[str, Any]:
        """The claims of a genuine, unexpired token; LinkExpired or LinkInvalid otherwise."""
        try:
            claims = self._serializer.loads(token, max_age=self.ttl_seconds)
        except SignatureExpired as exc:
            raise LinkExpired from exc
        except BadSignature as exc:
            raise LinkInvalid from exc
        if not isinstance(claims, dict):
            raise LinkInvalid
        return claims
