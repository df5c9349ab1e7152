"""/export ("ส่งออกข้อมูล") and /chart ("กราฟความคืบหน้า").

Telegram gets the XLSX as a document and the chart as a photo. LINE bots cannot send files: the export goes as a
signed, expiring download link, privately (asked in the group, the group sees one line); the chart is an image
message whose address is such a link.
"""

from __future__ import annotations

import asyncio

from bot.admin.chart import PNG_MIME, build_chart
from bot.admin.downloads import CHART, EXPORT, chart_title, claims_for
from bot.admin.export import XLSX_MIME, build_export
from bot.admin.progress import round_progress
from bot.core.context import Context
from bot.core.messages import Incoming, OutFile, Platform, Reply
from handlers.admin.private import send_privately
from handlers.admin.scope import admin_scope, audit


def _minutes(ctx: Context) -> int:
    assert ctx.services.links is not None
    return ctx.services.links.ttl_seconds // 60


async def on_export(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    committee = scope.committee
    audit(ctx, msg, "admin.export", committee)
    if msg.platform is Platform.LINE:
        assert ctx.services.links is not None
        url = ctx.services.links.url(claims_for(EXPORT, committee.id, ctx.today), "/export.xlsx")
        link = Reply(text=ctx.t("admin.export.link", name=committee.name, url=url, minutes=_minutes(ctx)))
        if not scope.in_group:
            return [link]
        await send_privately(ctx, msg, [link])
        return [Reply(text=ctx.t("admin.export.sent_privately"))]
    name, data = await build_export(ctx.session, committee, ctx.reference, ctx.now, ctx.services.tz, ctx.t)
    caption = ctx.t("admin.export.caption", name=committee.name)
    return [Reply(text=caption, file=OutFile(name=name, data=data, mime=XLSX_MIME))]


async def on_chart(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    committee = scope.committee
    progress = await round_progress(ctx.session, committee, ctx.reference, ctx.today, ctx.services.tz)
    due = progress.period.due
    title = chart_title(committee, due.round, due.academic_year, ctx.lang)
    if msg.platform is Platform.LINE:
        assert ctx.services.links is not None
        url = ctx.services.links.url(claims_for(CHART, committee.id, ctx.today), "/chart.png")
        return [Reply(text=title, image_url=url)]
    data = await asyncio.to_thread(build_chart, progress, ctx.t, title)  # ~1 s of drawing: not on the event loop
    return [Reply(text=title, file=OutFile(name=f"{committee.code}-chart.png", data=data, mime=PNG_MIME, kind="photo"))]
