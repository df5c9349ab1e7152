"""More choices than a platform can show at once (LINE: 13 quick replies) are offered as a page plus "ดูเพิ่มเติม".

The full list is kept in a conversation-state row of its own (beside the open flow's, which it never touches), so a
tap on "ดูเพิ่มเติม" shows the next page without running the request again, and a tapped choice from any page reaches
the flow as if it had been on the first. The list's last choice (usually ยกเลิก) stays on every page.
"""

from __future__ import annotations

from bot.core.clean import identifier
from bot.core.messages import Choice, Incoming, Kind, Platform, Reply
from bot.core.state import State, load_state, save_state
from bot.i18n import Translator
from storage.lean import Source

CHOICE_LIMITS = {Platform.LINE: 13, Platform.TELEGRAM: 100}
ACTION = "more"
_FLOW = "more"


def is_more(msg: Incoming) -> bool:
    return msg.kind is Kind.ACTION and (msg.action or "").startswith(f"{ACTION}:")


async def paginate(store: Source, msg: Incoming, replies: list[Reply], t: Translator) -> list[Reply]:
    """The replies with their choices cut to the platform's page; the whole list is kept for "ดูเพิ่มเติม"."""
    limit = CHOICE_LIMITS.get(msg.platform)
    unique: dict[str, Choice] = {}
    for choice in (c for r in replies for c in r.choices):
        unique.setdefault(choice.action, choice)
    choices = list(unique.values())
    if limit is None or len(choices) <= limit:
        return replies
    key = _key(msg)
    await save_state(store, key, await load_state(store, key), State(_FLOW, {"choices": _dump(choices)}))
    stripped = [Reply(text=r.text, card=r.card) for r in replies]
    last = stripped[-1]
    stripped[-1] = Reply(text=last.text, card=last.card, choices=_page(choices, 0, limit, t))
    return stripped


async def next_page(store: Source, msg: Incoming, t: Translator) -> list[Reply]:
    """The page a "ดูเพิ่มเติม" tap asks for, or a polite word when the list is gone (a newer one replaced it)."""
    state = await load_state(store, _key(msg))
    limit = CHOICE_LIMITS.get(msg.platform, 13)
    start = (msg.action or "").partition(":")[2]
    choices = [Choice(str(label), str(action)) for label, action in state.data.get("choices", [])]
    if state.flow != _FLOW or not start.isdigit() or int(start) >= len(choices):
        return [Reply(text=t("more.expired"))]
    return [Reply(text=t("more.text"), choices=_page(choices, int(start), limit, t))]


def _page(choices: list[Choice], start: int, limit: int, t: Translator) -> tuple[Choice, ...]:
    body, keep = choices[:-1], choices[-1]
    size = limit - 2  # room for "ดูเพิ่มเติม" and the kept last choice
    shown = body[start : start + size]
    more = [Choice(t("more.choice"), f"{ACTION}:{start + size}")] if start + size < len(body) else []
    return (*shown, *more, keep)


def _key(msg: Incoming) -> tuple[str, str, str]:
    return (msg.platform.value, msg.chat_id, identifier(f"{msg.user_id}#{ACTION}"))


def _dump(choices: list[Choice]) -> list[list[str]]:
    return [[c.label, c.action] for c in choices]
