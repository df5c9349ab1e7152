"""/status in a bound group ("สถานะกลุ่ม"): this round's check-ins and school updates, compact enough for a phone.

A card (a Flex bubble on LINE; lines of text on Telegram) with the counts and the first few names; the full lists
behind a button. Names only: a group never sees a phone number or an e-mail address.
"""

from __future__ import annotations

from bot.admin.progress import MemberProgress, RoundProgress, round_progress
from bot.core.context import Context
from bot.core.messages import Card, Choice, Incoming, Reply
from handlers.admin.scope import Scope, admin_scope
from handlers.common import days_left, show_date

COMPACT = 4  # names shown per line in the card; the rest are counted
FULL_ACTION = "adm:full"


async def progress_of(ctx: Context, scope: Scope) -> RoundProgress:
    return await round_progress(ctx.session, scope.committee, ctx.reference, ctx.today, ctx.services.tz)


def round_label(ctx: Context, progress: RoundProgress) -> str:
    due = progress.period.due
    return ctx.t(
        "admin.status.round",
        round=due.round,
        year=due.academic_year,
        due=show_date(due.due, ctx.lang, "short4") if ctx.lang == "th" else show_date(due.due, ctx.lang),
        left=days_left(due.due, ctx.today, ctx.lang),
    )


def _names(ctx: Context, names: list[str], limit: int | None) -> str:
    if not names:
        return "-"
    if limit is None or len(names) <= limit:
        return ", ".join(names)
    return ctx.t("admin.status.more", names=", ".join(names[:limit]), count=len(names) - limit)


def _partial(ctx: Context, member: MemberProgress) -> str:
    return ctx.t("admin.status.partial_item", name=member.name, numbers=", ".join(str(n) for n in member.missing))


def _fields(ctx: Context, p: RoundProgress, limit: int | None) -> tuple[tuple[str, str], ...]:
    total, schools = len(p.members), len(p.schools)
    sent = [s.school.name for s in p.schools if s.sent]
    silent = [s.school.name for s in p.schools if not s.sent]
    fields = [
        (ctx.t("admin.status.f.round"), round_label(ctx, p)),
        (
            ctx.t("admin.status.f.complete", count=len(p.complete), total=total),
            _names(ctx, [m.name for m in p.complete], limit),
        ),
        (
            ctx.t("admin.status.f.partial", count=len(p.partial)),
            _names(ctx, [_partial(ctx, m) for m in p.partial], limit),
        ),
        (ctx.t("admin.status.f.none", count=len(p.none_yet)), _names(ctx, [m.name for m in p.none_yet], limit)),
    ]
    if schools:
        fields += [
            (ctx.t("admin.status.f.sent", count=len(sent), total=schools), _names(ctx, sent, limit)),
            (ctx.t("admin.status.f.silent", count=len(silent)), _names(ctx, silent, limit)),
        ]
    return tuple(fields)


async def on_status(msg: Incoming, ctx: Context) -> list[Reply]:
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    p = await progress_of(ctx, scope)
    card = Card(title=ctx.t("admin.status.title", name=scope.committee.name), fields=_fields(ctx, p, COMPACT))
    return [Reply(card=card, choices=(Choice(ctx.t("admin.status.full"), FULL_ACTION),))]


async def on_full(msg: Incoming, ctx: Context) -> list[Reply]:
    """Every name, as plain lines (a long list reads better as text than as a card)."""
    scope = await admin_scope(msg, ctx)
    if isinstance(scope, list):
        return scope
    p = await progress_of(ctx, scope)
    lines = [ctx.t("admin.status.title", name=scope.committee.name)]
    lines += [f"{name}: {value}" for name, value in _fields(ctx, p, None)]
    return [Reply(text="\n".join(lines))]
