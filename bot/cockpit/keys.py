"""Typed keys the cockpit keeps on the aiohttp application and request (one module, so pages and web share them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.cockpit.auth import SignedIn

if TYPE_CHECKING:
    from bot.app import App

APP_KEY: web.AppKey[App] = web.AppKey("sandboxbot", object)  # type: ignore[arg-type]
SIGNED_IN: web.RequestKey[SignedIn] = web.RequestKey("cockpit_session", SignedIn)


def app_of(request: web.Request) -> App:
    return request.app[APP_KEY]
