"""Greeting, help menu, thanks, language, and the polite answers to what the bot cannot read."""

from __future__ import annotations

from typing import Any

from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Reply
from bot.i18n import LANGUAGES
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


async def greeting(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return text(ctx.t("greeting"), *menu_choices(ctx))


async def help_menu(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return text(ctx.t("help"), *menu_choices(ctx))


async def thanks(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return text(ctx.t("thanks"))


async def language(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    wanted = str(slots.get("lang") or "")
    if wanted not in LANGUAGES:
        wanted = "en" if ctx.lang == "th" else "th"
    ctx.set_language(wanted)
    return text(ctx.t("language.switched"), *menu_choices(ctx))


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


HANDLERS: dict[str, IntentHandler] = {
    "greeting": greeting,
    "help": help_menu,
    "thanks": thanks,
    "language": language,
    "unknown": unknown,
}
PERSONAL_INTENTS = ("my_status", "progress_update", "check_in", "register", "whoami")
