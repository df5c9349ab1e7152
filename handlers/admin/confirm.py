"""Ask before changing or sending anything: one pending question per (chat, person), answered by a button or by
typing ยืนยัน / ยกเลิก. Self-contained on purpose, so it ports onto the declarative flow runner as one step.

The buttons carry a nonce: a tap on an older question, or by someone other than the admin who asked (the state is
per person), finds nothing pending and changes nothing.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Kind, Reply

FLOW = "admin_confirm"
PREFIX = "adm"
YES_WORDS = frozenset({"ยืนยัน", "ตกลง", "ใช่", "yes", "ok", "confirm"})
NO_WORDS = frozenset({"ยกเลิก", "ไม่", "ไม่ใช่", "no", "cancel"})
POLITE = re.compile(r"(?:\s*(?:ค่ะ|คะ|ครับ|นะ|จ้า))+$")

Executor = Callable[[Incoming, Context, dict[str, Any]], Awaitable[list[Reply]]]
EXECUTORS: dict[str, Executor] = {}


def executor(op: str) -> Callable[[Executor], Executor]:
    """Register what a confirmed `op` does; it re-checks the admin's rights itself."""

    def register(run: Executor) -> Executor:
        EXECUTORS[op] = run
        return run

    return register


def ask(ctx: Context, op: str, question: str, **data: Any) -> list[Reply]:
    nonce = secrets.token_hex(3)
    ctx.state.start(FLOW, op=op, nonce=nonce, **data)
    yes = Choice(ctx.t("admin.confirm.yes"), f"{PREFIX}:ok:{nonce}")
    no = Choice(ctx.t("admin.confirm.no"), f"{PREFIX}:no:{nonce}")
    return [Reply(text=question, choices=(yes, no))]


async def on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    """adm:ok:<nonce> or adm:no:<nonce>."""
    _, verb, nonce = ((msg.action or "") + "::").split(":")[:3]
    if ctx.state.flow != FLOW or ctx.state.data.get("nonce") != nonce:
        return [Reply(text=ctx.t("admin.confirm.stale"))]
    return await _answer(msg, ctx, verb == "ok")


async def on_typed(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """Typed ยืนยัน / ยกเลิก answer the pending question; anything else is routed as usual (it stays pending)."""
    if msg.kind is not Kind.TEXT or not msg.addressed:
        return None
    word = POLITE.sub("", msg.text.strip()).strip().lower()
    if word in YES_WORDS:
        return await _answer(msg, ctx, True)
    if word in NO_WORDS:
        return await _answer(msg, ctx, False)
    return None


async def _answer(msg: Incoming, ctx: Context, yes: bool) -> list[Reply]:
    data = dict(ctx.state.data)
    ctx.state.clear()
    if not yes:
        return [Reply(text=ctx.t("admin.confirm.cancelled"))]
    run = EXECUTORS.get(str(data.get("op")))
    if run is None:
        return [Reply(text=ctx.t("admin.confirm.stale"))]
    return await run(msg, ctx, data)
