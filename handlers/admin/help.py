"""/help admin ("คำสั่งผู้ดูแล"): the admin commands, in Thai (English for those who chose it)."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Incoming, Reply

ADMIN_WORDS = ("admin", "ผู้ดูแล", "แอดมิน")


def asks_admin_help(msg: Incoming) -> bool:
    return msg.args.strip().lower().startswith(ADMIN_WORDS)


async def on_admin_help(msg: Incoming, ctx: Context) -> list[Reply]:
    return [Reply(text=ctx.t("admin.help"))]
