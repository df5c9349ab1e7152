"""(feature module placeholder: filled in by its own change)"""

from __future__ import annotations

from bot.core.router import Router
from handlers.intents import IntentDispatcher


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """Add this feature's commands, flows, actions, intent handlers and phrase rules."""
