"""Progress updates from pilot-school directors: start one (guided, or free-form in one message), see the latest
three, edit the latest. The conversation itself is in progress_flow; what it shows is in progress_cards."""

from __future__ import annotations

from typing import Any

from bot.authz import (
    Actor,
    load_actor,
    may_report_progress,
    may_report_progress_in,
    may_view_school,
    viewable_area_offices,
)
from bot.core.context import Context
from bot.core.messages import Incoming, Reply
from bot.core.router import Router
from bot.progress.parse import match_phrase
from handlers.flow import Runner
from handlers.intents import IntentDispatcher
from handlers.progress_cards import ACTION, area_cards, choice, history
from handlers.progress_flow import FLOW, begin, director, offer_again, progress_flow, reopen
from storage.repositories.progress import latest_updates, school_names
from storage.repositories.status import area_latest, area_office_name

HISTORY_SIZE = 3


async def start_update(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """ "อัปเดตความคืบหน้า", "/update", or "อัปเดต โครงการ... 60%": a new draft, unless one is already open."""
    _, refusal = await director(msg, ctx)
    if refusal:
        return refusal
    content = str(slots.get("content") or "")
    if ctx.state.flow == FLOW:
        return await offer_again(ctx, content)
    return await begin(msg, ctx, content)


async def show_history(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """ "อัปเดตล่าสุดของโรงเรียน": the last three updates of the director's schools as cards; for a committee member
    who directs no school, what each pilot school of the committee's area reported last."""
    actor = await load_actor(ctx.store, ctx.identity)
    if actor.registered and not may_report_progress(actor) and viewable_area_offices(actor):
        return await _area_latest(msg, ctx, actor)
    actor, refusal = await director(msg, ctx)
    if refusal:
        return refusal
    updates = await latest_updates(ctx.session, actor.school_ids, HISTORY_SIZE)
    if not updates:
        return [Reply(text=ctx.t("progress.history.none"), choices=(choice(ctx, "progress.choice.new", "start"),))]
    return history(ctx, updates, await school_names(ctx.session, actor.school_ids))


async def _area_latest(msg: Incoming, ctx: Context, actor: Actor) -> list[Reply]:
    if not may_report_progress_in(msg.chat_type):
        return [Reply(text=ctx.t("progress.refused.group"))]
    replies: list[Reply] = []
    for office in viewable_area_offices(actor):
        items = [
            (i.school.name, i.latest)
            for i in await area_latest(ctx.session, office)
            if may_view_school(actor, i.school)
        ]
        if not items:
            continue
        replies += area_cards(ctx, await area_office_name(ctx.session, office), items)
    if not replies:
        return [Reply(text=ctx.t("progress.area.no_schools"))]
    return replies


async def start_progress_update(msg: Incoming, ctx: Context, content: str = "") -> list[Reply]:
    """Start an update for the sender (e.g. from a reminder's button): guided, or from the words given."""
    return await start_update(msg, ctx, {"intent": "progress_update", "content": content})


async def edit_latest(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """ "แก้ไขอัปเดตล่าสุด": the latest update of the director's schools, back in the confirmation card."""
    actor, refusal = await director(msg, ctx)
    if refusal:
        return refusal
    if ctx.state.flow == FLOW:
        return await offer_again(ctx)
    updates = await latest_updates(ctx.session, actor.school_ids, 1)
    if not updates:
        return [Reply(text=ctx.t("progress.history.none"), choices=(choice(ctx, "progress.choice.new", "start"),))]
    return await reopen(ctx, updates[0])


async def on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    """A progress choice tapped with no draft open: the history's buttons, or a card already confirmed."""
    what = (msg.action or "").partition(":")[2]
    if what == "start":
        return await start_update(msg, ctx, {})
    if what == "hist":
        return await show_history(msg, ctx, {})
    if what == "last":
        return await edit_latest(msg, ctx, {})
    return [Reply(text=ctx.t("progress.no_draft"), choices=(choice(ctx, "progress.choice.new", "start"),))]


async def on_update_command(msg: Incoming, ctx: Context) -> list[Reply]:
    if not msg.addressed:
        return []
    return await start_update(msg, ctx, {"content": msg.args})


def phrase_rule(text: str) -> dict[str, Any] | None:
    """ "อัปเดต..." with or without content, "อัปเดตล่าสุดของโรงเรียน", "แก้ไขอัปเดตล่าสุด"."""
    phrase = match_phrase(text)
    return None if phrase is None else {"intent": phrase.intent, "content": phrase.content}


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """Add this feature's commands, flows, actions, intent handlers and phrase rules."""
    router.commands["update"] = on_update_command
    router.flows[FLOW] = Runner(progress_flow(), dispatcher)
    router.actions[ACTION] = on_action
    dispatcher.add(
        {"progress_update": start_update, "progress_history": show_history, "progress_edit_last": edit_latest}
    )
    dispatcher.add_rule(phrase_rule)
