"""Greeting, help menu, thanks, language, and the polite answers to what the bot cannot read."""

from __future__ import annotations

from typing import Any

from bot.authz import Actor, checkin_committees, load_actor, may_report_progress
from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Reply
from bot.i18n import LANGUAGES
from bot.thai import answers
from handlers.common import IntentHandler, intent_choice, text


def menu_choices(ctx: Context) -> list[Choice]:
    t = ctx.t
    other = "en" if ctx.lang == "th" else "th"
    return [
        intent_choice(t("choice.duties"), "duties_all"),
        intent_choice(t("choice.deadline"), "deadline_next"),
        intent_choice(t("choice.oversight"), "group_info"),
        intent_choice(t("choice.composition"), "composition_counts"),
        intent_choice(t("choice.mechanisms"), "mechanisms_all"),
        intent_choice(t(f"choice.lang_{other}"), "language", other),
    ]


def _roles(actor: Actor) -> list[str]:
    """Which personal parts of the menu this person gets: register, or director / member / admin."""
    if not actor.registered:
        return ["unregistered"]
    roles = []
    if may_report_progress(actor):
        roles.append("director")
    if checkin_committees(actor):
        roles.append("member")
    if any(m.is_admin for m in actor.memberships):
        roles.append("admin")
    return roles


_ROLE_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "unregistered": (("choice.register", "register"),),
    "director": (("choice.progress_update", "progress_update"), ("choice.progress_history", "progress_history")),
    "member": (
        ("choice.check_in", "check_in"),
        ("choice.my_status", "my_status"),
        ("choice.school_updates", "progress_history"),
        ("committee.choice.members", "committee_members"),
    ),
    "admin": (("choice.not_registered", "committee_unregistered"),),
}


async def role_menu(ctx: Context) -> tuple[str, list[Choice]]:
    """The lines of help and the buttons that fit this person's roles, then the general ones."""
    roles = _roles(await load_actor(ctx.store, ctx.identity))
    lines = "\n".join(ctx.t(f"help.role.{role}") for role in roles)
    personal: dict[str, Choice] = {}
    for role in roles:
        for label, intent in _ROLE_CHOICES[role]:
            personal.setdefault(intent, intent_choice(ctx.t(label), intent))
    return lines, [*personal.values(), *menu_choices(ctx)]


async def greeting(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    _, choices = await role_menu(ctx)
    return text(ctx.t("greeting"), *choices)


async def help_menu(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    lines, choices = await role_menu(ctx)
    body = "\n".join(part for part in (ctx.t("help"), lines, ctx.t("help.menu")) if part)
    return text(body, *choices)


async def thanks(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return text(ctx.t("thanks"))


async def acknowledge(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """ "โอเคค่ะ", "ครับ", "555": a short friendly word, no menu of six buttons."""
    return text(ctx.t("ack.laugh" if answers.is_laughter(msg.text) else "ack"))


async def language(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    wanted = str(slots.get("lang") or "")
    if wanted not in LANGUAGES:
        wanted = "en" if ctx.lang == "th" else "th"
    ctx.set_language(wanted)
    _, choices = await role_menu(ctx)
    return text(ctx.t("language.switched"), *choices)


async def unknown(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """Never a confident wrong answer: say so, and offer the closest things the bot can answer."""
    t = ctx.t
    alternatives = [a for a in slots.get("alternatives", ()) if a != "unknown"][:3]
    choices = [intent_choice(t(f"intent.{a}"), a) for a in alternatives] or menu_choices(ctx)
    key = "unknown.close" if alternatives else "unknown"
    return text(t(key), *choices)


async def personal_next_step(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """Personal questions whose features are not built yet: say what to do next."""
    return text(ctx.t(f"next_step.{slots['intent']}"), *menu_choices(ctx))


async def on_joined(msg: Incoming, ctx: Context) -> list[Reply]:
    return text(ctx.t("joined"), *menu_choices(ctx))


async def on_media(msg: Incoming, ctx: Context) -> list[Reply]:
    return text(ctx.t("media.not_expected"), *menu_choices(ctx))


async def on_sticker(msg: Incoming, ctx: Context) -> list[Reply]:
    return text(ctx.t("sticker"), *menu_choices(ctx))


async def on_unknown_command(msg: Incoming, ctx: Context) -> list[Reply]:
    return text(ctx.t("command.unknown", command=msg.command or ""), *menu_choices(ctx))


async def on_silent(msg: Incoming, ctx: Context) -> list[Reply]:
    """Recorded (the processor did that), nothing to say: unfollow, leave, members joining or leaving."""
    return []


async def nothing_open(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """ "ยกเลิก" when no conversation is open: nothing to cancel, and nothing was saved by it."""
    return text(ctx.t("flow.nothing_open"))


HANDLERS: dict[str, IntentHandler] = {
    "greeting": greeting,
    "help": help_menu,
    "thanks": thanks,
    "acknowledge": acknowledge,
    "nothing_open": nothing_open,
    "language": language,
    "unknown": unknown,
}
PERSONAL_INTENTS = ("my_status", "progress_update", "check_in", "register", "whoami")
