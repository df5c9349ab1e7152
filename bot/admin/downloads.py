"""GET /files/{token}: the export or chart a signed link names, made fresh for its one committee.

A link carries the committee, what to make and the day it was asked for; it works until it expires
(SANDBOXBOT_LINK_TTL_MINUTES). 404 for a link this deployment did not sign, 410 for an expired one.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.admin.chart import PNG_MIME, build_chart
from bot.admin.export import XLSX_MIME, build_export
from bot.admin.progress import round_progress
from bot.admin.signing import LinkExpired, LinkInvalid
from bot.core.context import Services
from bot.i18n import translator
from storage.models import Committee

log = logging.getLogger(__name__)

EXPORT, CHART = "export", "chart"


def claims_for(kind: str, committee_id: int, day: date) -> dict[str, object]:
    return {"k": kind, "c": committee_id, "d": day.isoformat()}


def chart_title(committee: Committee, round_number: int, year: int, lang: str) -> str:
    return translator(lang)("admin.chart.title", name=committee.name, round=round_number, year=year)


class DownloadRoute:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], services: Services) -> None:
        self.sessions, self.services = sessions, services

    async def handle(self, request: web.Request) -> web.Response:
        t = translator("th")
        assert self.services.links is not None
        token = request.match_info["token"]
        try:
            claims = self.services.links.read(token)
            kind, committee_id, day = str(claims["k"]), int(claims["c"]), date.fromisoformat(str(claims["d"]))
        except LinkExpired:
            return web.Response(status=410, text=t("admin.link.expired"), content_type="text/plain")
        except (LinkInvalid, KeyError, ValueError, TypeError):
            return web.Response(status=404, text=t("admin.link.invalid"), content_type="text/plain")
        async with self.sessions() as session:
            committee = await session.get(Committee, committee_id)
            if committee is None or kind not in (EXPORT, CHART):
                return web.Response(status=404, text=t("admin.link.invalid"), content_type="text/plain")
            tz = self.services.tz
            if kind == EXPORT:
                moment = datetime.combine(day, time(12), tzinfo=tz).astimezone(UTC)
                name, data = await build_export(session, committee, self.services.reference, moment, tz, t)
                mime = XLSX_MIME
            else:
                progress = await round_progress(session, committee, self.services.reference, day, tz)
                due = progress.period.due
                title = chart_title(committee, due.round, due.academic_year, "th")
                data = await asyncio.to_thread(build_chart, progress, t, title)  # drawing stays off the event loop
                name, mime = f"{committee.code}-chart.png", PNG_MIME
        log.info("served %s for committee %s", kind, committee_id)
        disposition = "attachment" if kind == EXPORT else "inline"
        headers = {
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "private, no-store",
        }
        return web.Response(body=data, content_type=mime, headers=headers)
