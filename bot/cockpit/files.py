"""Attachments of progress updates, fetched from the platform's file API when a viewer opens one.

The store keeps only the platform's file id; the bytes pass through to the browser and are never written down.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.cockpit.queries import committees_in_scope, committees_of_office
from storage.models import PilotSchool, ProgressUpdate, UpdateAttachment

if TYPE_CHECKING:
    from bot.cockpit.web import View

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024  # the Bot API's download limit
INLINE = {"photo": "image/jpeg", "image": "image/jpeg"}


async def fetch_attachment(view: View, attachment_id: int) -> web.StreamResponse:
    item = await view.session.get(UpdateAttachment, attachment_id)
    if item is None:
        raise web.HTTPNotFound()
    update = await view.session.get(ProgressUpdate, item.update_id)
    school = await view.session.get(PilotSchool, update.school_id) if update else None
    owners = set(await committees_of_office(view.session, school.area_office_id if school else None))
    if not owners or not any(c.id in owners for c in await committees_in_scope(view.session, view.scope)):
        raise web.HTTPNotFound()
    try:
        data = await _download(view, item)
    except Exception as exc:  # the platform refused or is unreachable: say so, keep the page working
        log.warning("attachment %s not fetched from %s: %s", item.id, item.platform, type(exc).__name__)
        data = None
    if data is None:
        raise web.HTTPBadGateway(text="ดึงไฟล์จากแพลตฟอร์มไม่ได้ในขณะนี้ค่ะ (ไฟล์อาจหมดอายุบนแพลตฟอร์มแล้ว)")
    content_type = INLINE.get(item.media_type, "application/octet-stream")
    disposition = "inline" if item.media_type in INLINE else f'attachment; filename="file-{item.id}"'
    return web.Response(
        body=data,
        content_type=content_type,
        headers={
            "Content-Disposition": disposition,
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


async def _download(view: View, item: UpdateAttachment) -> bytes | None:
    """Through the platform ports the app registers (Telegram getFile, LINE's content API)."""
    if item.size is not None and item.size > MAX_BYTES:
        return None
    return await view.app.services.platforms.download(item.platform, item.file_id)
