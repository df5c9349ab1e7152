"""Answering a reminder: "ส่งแล้ว"/"เสร็จแล้ว" (starts the check-in or the progress update, or marks a custom deadline
done), "เตือนอีกครั้งพรุ่งนี้" (snooze to the next working morning), "ขอเลื่อน" (a recorded request; the chair is
told), "หยุดเตือน" (no more reminders of that deadline for this person; the chair still sees it as not done).

Buttons carry "rm:<verb>:<series keys>"; the same words typed answer the newest reminder the person got (14 days).
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import select

from bot.core.context import Context
from bot.core.messages import Choice, Incoming, Reply
from bot.core.router import Router
from bot.i18n import translator
from bot.outbox import enqueue
from bot.reminders.digest import ACTION, VERBS, due_phrase, title
from bot.reminders.missing import missing
from bot.reminders.planner import Rules
from bot.reminders.series import Series, series_by_key
from bot.thai.text import PARTICLES, clean
from handlers import checkin, progress
from handlers.common import show_date
from handlers.intents import IntentDispatcher
from storage.models import Committee, CommitteeMember, Identity, Person, PilotSchool
from storage.repositories.reminder_marks import last_reminded_series, reminder_mark

INTENT = "reminder_answer"
ANSWER_WINDOW = timedelta(days=14)
LABEL_LIMIT = 20

WORDS: dict[str, tuple[str, ...]] = {
    "d": ("ส่งแล้ว", "เสร็จแล้ว", "ทำแล้ว", "ส่งเรียบร้อยแล้ว", "done", "sent"),
    "z": ("เตือนอีกครั้งพรุ่งนี้", "เตือนพรุ่งนี้", "พรุ่งนี้ค่อยเตือน", "เตือนใหม่พรุ่งนี้", "remind me tomorrow", "snooze"),
    "p": ("ขอเลื่อน", "ขอเลื่อนกำหนด", "ขอเลื่อนกำหนดส่ง", "postpone", "ask to postpone"),
    "x": ("หยุดเตือน", "ไม่ต้องเตือน", "ไม่ต้องเตือนแล้ว", "เลิกเตือน", "stop reminding", "stop reminders"),
}  # fmt: skip
_VERB_OF = {word: verb for verb, words in WORDS.items() for word in words}
_WORD_STARTS = tuple(_VERB_OF)
_TRAILING = re.compile(
    r"(?:\s*(?:" + "|".join(sorted(map(re.escape, PARTICLES), key=len, reverse=True)) + r"|[.!~]))+$"
)


def phrase_rule(text: str) -> dict[str, Any] | None:
    """Exactly one of the answer words (polite particles allowed): the answer to the newest reminder."""
    cleaned = clean(text).lstrip()
    if not cleaned.startswith(_WORD_STARTS):  # what is left after the particles is a start of the text: cheap no
        return None
    said = _TRAILING.sub("", cleaned).strip()
    verb = _VERB_OF.get(said)
    return None if verb is None else {"intent": INTENT, "verb": verb}


def _rules(ctx: Context) -> Rules:
    rules = ctx.services.reminder_rules
    assert isinstance(rules, Rules), "App sets services.reminder_rules"
    return rules


def make_answer(dispatcher: IntentDispatcher):
    async def answer(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
        verb = str(slots.get("verb", ""))
        person = ctx.person
        keys = [] if person is None else await last_reminded_series(ctx.session, person.id, ctx.now - ANSWER_WINDOW)
        if not keys:
            if verb == "d":  # "เสร็จแล้ว" means other things too: understand it as usual
                match = ctx.services.recognizer.recognize(msg.text)
                if match.intent != INTENT:
                    return await dispatcher.run(match.intent, msg, ctx, {**match.slots, "intent": match.intent})
            key = "reminders.answer.unregistered" if person is None else "reminders.answer.none"
            return [Reply(text=ctx.t(key))]
        return await apply(verb, keys, msg, ctx)

    return answer


async def on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    _, verb, keys = ((msg.action or "") + "::").split(":", 2)
    keys_list = [k for k in keys.strip(":").split(",") if k]
    if verb not in VERBS or not keys_list:
        return [Reply(text=ctx.t("reminders.answer.none"))]
    if ctx.person is None:
        return [Reply(text=ctx.t("reminders.answer.unregistered"))]
    return await apply(verb, keys_list, msg, ctx)


async def apply(verb: str, keys: list[str], msg: Incoming, ctx: Context) -> list[Reply]:
    rules = _rules(ctx)
    found = [await series_by_key(ctx.session, rules.reference.report_rule, rules.policy, k, ctx.today) for k in keys]
    series = [s for s in found if s is not None]
    if not series:
        return [Reply(text=ctx.t("reminders.answer.none"))]
    titles = ", ".join(title(s, ctx.t) for s in series)
    if verb == "d":
        return await _done(series, msg, ctx)
    if verb == "z":
        until = rules.calendar.next_morning(ctx.now).astimezone(UTC)
        for s in series:
            (await reminder_mark(ctx.session, s.key, _pid(ctx), ctx.now)).snoozed_until = until
            ctx.audit("reminder.snooze", series=s.key)
        local = until.astimezone(rules.tz)
        day = show_date(local.date(), ctx.lang, "weekday" if ctx.lang == "th" else "full")
        when = f"{day} เวลา {local:%H:%M} น." if ctx.lang == "th" else f"{day}, {local:%H:%M}"
        return [Reply(text=ctx.t("reminders.snoozed", titles=titles, when=when))]
    if verb == "x":
        for s in series:
            (await reminder_mark(ctx.session, s.key, _pid(ctx), ctx.now)).stopped_at = ctx.now
            ctx.audit("reminder.stop", series=s.key)
        return [Reply(text=ctx.t("reminders.stopped", titles=titles))]
    return await _postpone(series, titles, ctx)


def _pid(ctx: Context) -> int:
    assert ctx.person is not None
    return ctx.person.id


async def _done(series: list[Series], msg: Incoming, ctx: Context) -> list[Reply]:
    if len(series) > 1:
        choices = tuple(Choice(title(s, ctx.t)[:LABEL_LIMIT], f"{ACTION}:d:{s.key}") for s in series)
        return [Reply(text=ctx.t("reminders.answer.which"), choices=choices)]
    [s] = series
    if s.deadline is not None:
        (await reminder_mark(ctx.session, s.key, _pid(ctx), ctx.now)).done_at = ctx.now
        ctx.audit("reminder.done", series=s.key)
        return [Reply(text=ctx.t("reminders.done.custom", title=s.deadline.title))]
    rules = _rules(ctx)
    duties = tuple(d.number for d in rules.reference.duties)
    gap = next((g for g in await missing(ctx.session, s, duties, rules.tz) if g.person_id == _pid(ctx)), None)
    if gap is not None and gap.duties:
        replies = await checkin.check_in(msg, ctx, {"intent": checkin.INTENT})
        return replies + ([Reply(text=ctx.t("reminders.done.also_update"))] if gap.schools else [])
    if gap is not None and gap.schools:
        return await progress.start_update(msg, ctx, {"intent": "progress_update"})
    return [Reply(text=ctx.t("reminders.done.nothing", title=title(s, ctx.t)))]


async def _postpone(series: list[Series], titles: str, ctx: Context) -> list[Reply]:
    person = ctx.person
    assert person is not None
    marks = [await reminder_mark(ctx.session, s.key, person.id, ctx.now) for s in series]
    if all(m.postpone_requested_at is not None for m in marks):
        return [Reply(text=ctx.t("reminders.postpone.already", titles=titles))]
    rules = _rules(ctx)
    told = 0
    for s, mark in zip(series, marks, strict=True):
        if mark.postpone_requested_at is not None:
            continue
        mark.postpone_requested_at = ctx.now
        ctx.audit("reminder.postpone", series=s.key)
        for chair_id, platform, chat_id, lang in await _chairs(ctx, s, person.id, rules.platforms):
            t = translator(lang)
            due = due_phrase(s, ctx.today, t)
            text = t("reminders.postpone.notice", name=person.full_name, title=title(s, t), due=due)
            row = await enqueue(
                ctx.session, platform, chat_id, [Reply(text=text)], available_at=ctx.now,
                dedupe_key=f"postpone:{s.key}:p{person.id}:p{chair_id}", kind="notice", person_id=chair_id,
            )  # fmt: skip
            told += row is not None
    key = "reminders.postpone.sent" if told else "reminders.postpone.no_chair"
    return [Reply(text=ctx.t(key, titles=titles))]


async def _chairs(
    ctx: Context, s: Series, person_id: int, platforms: tuple[str, ...]
) -> list[tuple[int, str, str, str | None]]:
    """The chairs of the committees this person answers to for `s`: (person id, platform, chat, language)."""
    session = ctx.session
    seats = select(CommitteeMember.committee_id).where(CommitteeMember.person_id == person_id)
    committees = set((await session.execute(seats)).scalars())
    areas = select(Committee.id).join(PilotSchool, PilotSchool.area_office_id == Committee.area_office_id)
    committees |= set((await session.execute(areas.where(PilotSchool.director_id == person_id))).scalars())
    if s.deadline is not None and s.deadline.committee_id in committees:
        committees = {s.deadline.committee_id}
    chairs = await session.execute(
        select(CommitteeMember.person_id, Person.language)
        .join(Person, Person.id == CommitteeMember.person_id)
        .where(CommitteeMember.committee_id.in_(committees), CommitteeMember.role == "chair")
    )
    result = []
    for chair_id, lang in dict(chairs.all()).items():
        found = await session.execute(select(Identity.platform, Identity.user_id).where(Identity.person_id == chair_id))
        accounts = dict(found.all())
        platform = next((p for p in platforms if p in accounts), None)
        if platform is not None:
            result.append((chair_id, platform, accounts[platform], lang))
    return result


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    router.actions[ACTION] = on_action
    dispatcher.add({INTENT: make_answer(dispatcher)})
    dispatcher.add_rule(phrase_rule)
