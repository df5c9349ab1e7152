"""The cockpit's web side on the `serve` aiohttp app: sign-in by one-time link, read-only pages, sign-out.

Every page goes through `_page`: it reads the session cookie, loads the viewer's scope (`bot.authz`) in a read-only
transaction of its own, and answers 404 for anything outside that scope, the same as for something that does not
exist, so changing a number in the URL tells nothing.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
import fontpkg_sarabun
import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.authz import CockpitScope, cockpit_scope, load_person_actor
from bot.cockpit import auth, pages
from bot.cockpit.files import fetch_attachment
from bot.cockpit.keys import APP_KEY, SIGNED_IN, app_of
from bot.cockpit.rounds import Window, recent_windows, window_of
from bot.thai.dates import format_thai_date
from storage.models import Person

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

COOKIE = "sandboxbot_cockpit"
KEPT_YEARS = 10  # past rounds reachable by URL; a future round has no data yet
HERE = Path(__file__).parent
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",  # a sign-in token in the address never leaves in a Referer header
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass(slots=True)
class View:
    """What a page handler gets: the store, the viewer, their scope, and the round asked for."""

    request: web.Request
    app: App
    session: AsyncSession
    person: Person
    scope: CockpitScope
    csrf: str
    now: datetime
    window: Window
    windows: list[Window]

    def render(self, template: str, context: dict[str, Any]) -> web.Response:
        base = {
            "viewer": self.person.full_name,
            "csrf": self.csrf,
            "window": self.window,
            "windows": self.windows,
            "query": dict(self.request.query),
            "today": format_thai_date(self.now.astimezone(self.app.services.tz).date()),
        }
        response = aiohttp_jinja2.render_template(template, self.request, base | context)
        response.headers.update(HEADERS)
        return response


Handler = Callable[[View], Awaitable[web.StreamResponse]]


def setup(web_app: web.Application, app: App) -> None:
    """Mount the cockpit on the application that also serves the webhooks."""
    web_app[APP_KEY] = app
    env = aiohttp_jinja2.setup(
        web_app,
        loader=jinja2.PackageLoader("bot.cockpit", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
    )
    env.filters.update(pages.FILTERS)
    env.globals.update(pages.GLOBALS)
    r = web_app.router
    r.add_get("/cockpit/login/{token}", login_form)
    r.add_post("/cockpit/login", login)
    r.add_post("/cockpit/logout", _page(logout))
    r.add_get("/cockpit", _page(pages.overview))
    r.add_get("/cockpit/group/{number:\\d+}", _page(pages.group))
    r.add_get("/cockpit/province/{id:\\d+}", _page(pages.province))
    r.add_get("/cockpit/committee/{id:\\d+}", _page(pages.committee))
    r.add_get("/cockpit/committee/{id:\\d+}/report.{fmt:docx|xlsx}", _page(pages.report))
    r.add_get("/cockpit/school/{id:\\d+}", _page(pages.school))
    r.add_get("/cockpit/attachment/{id:\\d+}", _page(attachment))
    r.add_get("/report/{token}", pages.report_by_link)
    r.add_static("/cockpit/static", HERE / "static", append_version=True)
    r.add_static("/cockpit/fonts", _font_dir())


def _font_dir() -> Path:
    """Sarabun (OFL) from the fontpkg-sarabun wheel: the pages draw Thai with it whatever fonts the phone has."""
    return Path(fontpkg_sarabun.ROOT) / "files"


def _page(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def run(request: web.Request) -> web.StreamResponse:
        app = app_of(request)
        token = request.cookies.get(COOKIE)
        now = app.services.clock()
        if not token:
            return _signed_out(request)
        async with app.sessions() as session:
            signed = await auth.find_session(session, token, now)
            if signed is None:
                return _signed_out(request)
            actor = await load_person_actor(session, signed.person_id)
            scope = await cockpit_scope(session, actor)
            if scope is None or actor.person is None:
                return _signed_out(request)
            today = now.astimezone(app.services.tz).date()
            rule = app.reference.report_rule
            windows = await recent_windows(session, rule, app.services.tz, today)
            window = windows[0]
            year, number = _int(request.query.get("year")), _int(request.query.get("round"))
            year_round = request.query.get("roundkey", "").partition("-")
            if _int(year_round[0]) and _int(year_round[2]):  # the round picker sends "2569-2"
                year, number = _int(year_round[0]), _int(year_round[2])
            if year and number:
                asked = await window_of(session, rule, app.services.tz, today, year, number)
                oldest = window.due.academic_year - KEPT_YEARS
                if asked is None or asked.due.due > window.due.due or asked.due.academic_year < oldest:
                    raise web.HTTPNotFound()
                window = asked
            view = View(request, app, session, actor.person, scope, signed.csrf, now, window, windows)
            request[SIGNED_IN] = signed
            response = await handler(view)
            await session.commit()
            return response

    return run


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


def _signed_out(request: web.Request) -> web.Response:
    response = aiohttp_jinja2.render_template("signed_out.html", request, {}, status=401)
    response.headers.update(HEADERS)
    response.del_cookie(COOKIE, path="/cockpit")
    return response


async def login_form(request: web.Request) -> web.Response:
    """A link preview (Telegram, LINE) fetches the address: showing a button, not signing in, keeps it unspent."""
    response = aiohttp_jinja2.render_template("login.html", request, {"token": request.match_info["token"]})
    response.headers.update(HEADERS)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    app = app_of(request)
    form = await request.post()
    token = str(form.get("token", ""))
    now = app.services.clock()
    async with app.sessions() as session:
        person_id = await auth.redeem_login(session, token, now) if token else None
        if person_id is None:
            await session.commit()
            log.info("cockpit sign-in refused (used, expired or unknown link)")
            response = aiohttp_jinja2.render_template("link_spent.html", request, {}, status=403)
            response.headers.update(HEADERS)
            return response
        hours = app.settings.cockpit_session_hours
        cookie, _ = await auth.start_session(session, person_id, now, timedelta(hours=hours))
        await session.commit()
    log.info("cockpit sign-in person_id=%s", person_id)
    response = web.Response(status=303, headers={"Location": "/cockpit"})
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=hours * 3600,
        path="/cockpit",
        httponly=True,
        samesite="Lax",
        secure=app.settings.public_url.startswith("https://"),
    )
    response.headers.update(HEADERS)
    return response


async def logout(view: View) -> web.StreamResponse:
    """Sign-out is a POST carrying the page's CSRF token; a forged cross-site form has no token and changes nothing."""
    form = await view.request.post()
    if not hmac.compare_digest(str(form.get("csrf", "")), view.csrf):
        raise web.HTTPForbidden(text="CSRF token missing or wrong")
    signed = view.request[SIGNED_IN]
    await auth.end_session(view.session, signed.session_id, view.now)
    log.info("cockpit sign-out person_id=%s", view.person.id)
    response = web.Response(status=303, headers={"Location": "/cockpit"})
    response.del_cookie(COOKIE, path="/cockpit")
    return response


async def attachment(view: View) -> web.StreamResponse:
    return await fetch_attachment(view, int(view.request.match_info["id"]))
