"""How a send ended, platform-neutral: the worker retries `Retryable`, records `Permanent`, and counts
`AlreadyDelivered` (LINE's answer to a retry key it accepted before) as sent."""

from __future__ import annotations


class SendError(Exception):
    """Carries a short reason for the outbox row's last_error (no message text, no personal data)."""


class Retryable(SendError):
    """429, 5xx, a timeout or a dropped connection; `after` is the platform's retry_after in seconds, if any."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


class Permanent(SendError):
    """A 4xx other than 429 (blocked by the user, chat not found, a bad request): failed, not retried."""


class AlreadyDelivered(SendError):
    """The platform had accepted this retry key before: the message went out once."""
