"""/import ("นำเข้าข้อมูล"), in a private chat: the admin sends an .xlsx or .csv; the bot checks it with the
directory importer, shows what would change, and writes nothing until the admin confirms.

Telegram documents come through getFile, LINE file messages through the content API (bot.core.ports). The file is
fetched again on confirmation rather than kept in the conversation state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.admin.importing import MAX_BYTES, SUFFIXES, changes_anything, check, counts_lines, preview
from bot.core.context import Context
from bot.core.messages import Incoming, Kind, Reply
from bot.core.ports import DownloadUnavailable
from bot.directory.apply import apply_plan
from bot.directory.importer import AUDIT_ACTION
from bot.directory.reader import FileProblem
from bot.directory.report import cell_error_text, file_problem_text
from bot.directory.withdrawn import fingerprint_key
from handlers.admin import confirm
from handlers.admin.scope import admin_scope, in_group

FLOW = "admin_import"
MAX_ERRORS_SHOWN = 10


async def on_import(msg: Incoming, ctx: Context) -> list[Reply]:
    if in_group(msg):
        return [Reply(text=ctx.t("admin.import.private_only"))]
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    ctx.state.start(FLOW, committee_id=scope.committee.id)
    return [Reply(text=ctx.t("admin.import.send_file"))]


async def on_flow(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """Waiting for the file: a document is read; "ยกเลิก" stops; anything else is answered as usual."""
    if msg.kind is Kind.TEXT and confirm.POLITE.sub("", msg.text.strip()) in confirm.NO_WORDS:
        ctx.state.clear()
        return [Reply(text=ctx.t("admin.confirm.cancelled"))]
    if msg.kind is not Kind.MEDIA or msg.attachment is None:
        return None
    attachment = msg.attachment
    name = attachment.name or ""
    if Path(name).suffix.casefold() not in SUFFIXES:
        return [Reply(text=ctx.t("admin.import.wrong_type", name=name or "-"))]
    if attachment.size is not None and attachment.size > MAX_BYTES:
        return [Reply(text=ctx.t("admin.import.too_big", mb=MAX_BYTES // (1024 * 1024)))]
    committee_id = int(ctx.state.data["committee_id"])
    checked = await _checked(msg, ctx, attachment.file_id, name, committee_id)
    if isinstance(checked, list):
        return checked
    counts = await preview(ctx.session, checked.plan, fingerprint_key(ctx.services.settings))
    if not changes_anything(counts):
        ctx.state.clear()
        return [Reply(text=ctx.t("admin.import.nothing_new", name=name))]
    lines = [ctx.t("admin.import.preview", name=name), *counts_lines(ctx.t, counts), ctx.t("admin.import.ask")]
    return confirm.ask(
        ctx, "import", "\n".join(lines), file_id=attachment.file_id, name=name, committee_id=committee_id
    )


async def _checked(msg: Incoming, ctx: Context, file_id: str, name: str, committee_id: int) -> Any:
    """The checked plan, or the replies saying why the file cannot be imported (the flow keeps waiting)."""
    try:
        data = await ctx.services.platforms.download(msg.platform.value, file_id)
    except DownloadUnavailable:
        return [Reply(text=ctx.t("admin.import.download_failed"))]
    try:
        checked = await check(ctx.session, data, name, ctx.reference, [committee_id])
    except FileProblem as problem:
        return [Reply(text=file_problem_text(ctx.t, problem))]
    if checked.errors:
        shown = [f"• {cell_error_text(ctx.t, e)}" for e in checked.errors[:MAX_ERRORS_SHOWN]]
        more = len(checked.errors) - MAX_ERRORS_SHOWN
        lines = [ctx.t("directory.import.errors", name=name, count=len(checked.errors)), *shown]
        if more > 0:
            lines.append(ctx.t("admin.import.more_errors", count=more))
        return [Reply(text="\n".join(lines))]
    if checked.outside:
        return [Reply(text=ctx.t("admin.import.outside", codes=", ".join(checked.outside)))]
    return checked


@confirm.executor("import")
async def do_import(msg: Incoming, ctx: Context, data: dict[str, Any]) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    name = str(data["name"])
    checked = await _checked(msg, ctx, str(data["file_id"]), name, scope.committee.id)
    if isinstance(checked, list):
        return checked
    counts = await apply_plan(ctx.session, checked.plan, fingerprint_key(ctx.services.settings))
    ctx.audit(AUDIT_ACTION, file=name, counts=counts.as_dict(), committee=scope.committee.code, chat_id=msg.chat_id)
    return [Reply(text="\n".join([ctx.t("directory.import.done", name=name), *counts_lines(ctx.t, counts)]))]
