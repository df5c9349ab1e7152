"""The progress-update conversation, one message at a time, with the draft kept in the flow state.

Stages: asking the steps still missing (school, project, status, percent, done, obstacles, help, files), the
confirmation card, the edit menu, and the offer to continue a draft the director came back to. "ยกเลิก" ends it
at any stage; only "ยืนยัน" writes, in the event's one transaction, with an audit row.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.authz import Actor, load_actor, may_report_progress, may_report_progress_in, may_update_school
from bot.core.context import Context
from bot.core.messages import Attachment, Choice, Incoming, Kind, Reply
from bot.core.router import Aside
from bot.progress.draft import (
    ASKING,
    CARD,
    DONE,
    EDITABLE,
    FILES,
    GUIDED,
    HELP,
    OBSTACLES,
    OFFER,
    PERCENT,
    PICKING,
    PROJECT,
    SCHOOL,
    STATUS,
    Draft,
)
from bot.progress.fields import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    PROJECT_MAX_CHARS,
    STATUSES,
    TEXT_MAX_CHARS,
    status_of,
)
from bot.progress.parse import Phrase, match_phrase, parse_update, project_name, read_percent, same_school
from bot.thai.answers import (
    BACK_WORDS,
    CONFIRM_WORDS,
    EDIT_WORDS,
    FINISH_WORDS,
    NONE_WORDS,
    RESTART_WORDS,
    RESUME_WORDS,
    SKIP_WORDS,
    bare,
    normalize,
)
from bot.thai.text import has_words
from handlers.flow import Answer, Flow, Step
from handlers.lists import SHORT_LIST, capped
from handlers.progress_cards import ACTION, MB, choice, confirm_card, edit_menu, offer, pick_labels, question
from storage.models import ProgressUpdate
from storage.repositories.progress import add_update, edit_update, get_update, school_names

FLOW = "progress"
_SCHOOL_MENTION = re.compile(r"^(?:โรงเรียน|ร\.?ร\.?|school)", re.I)
IDLE_OFFER_AFTER = timedelta(hours=1)  # coming back later than this, the director is asked before going on
_FREE_TEXT = (DONE, OBSTACLES, HELP)  # steps whose answer may itself start with "อัปเดต"


class _NotAnswer:
    """A reader's way of saying the message is no answer to its step (the gate decides what it is)."""


NOT_ANSWER = _NotAnswer()
Note = str | None | _NotAnswer  # None: the answer was taken; a string: ask the same step again, saying this first


async def director(msg: Incoming, ctx: Context) -> tuple[Actor, list[Reply]]:
    """The sender and, when they may not report progress here, the polite refusal."""
    actor = await load_actor(ctx.store, ctx.identity)
    if not may_report_progress_in(msg.chat_type):
        return actor, [Reply(text=ctx.t("progress.refused.group"))]
    if not actor.registered:
        return actor, [Reply(text=ctx.t("progress.refused.unregistered"))]
    if not may_report_progress(actor):
        return actor, [Reply(text=ctx.t("progress.refused.not_director"))]
    return actor, []


async def begin(msg: Incoming, ctx: Context, content: str = "") -> list[Reply]:
    """Start a new draft: guided when `content` is empty, else from what the free-form message says."""
    actor, refusal = await director(msg, ctx)
    if refusal:
        return refusal
    names = await school_names(ctx.session, actor.school_ids)
    draft = Draft()
    parsed = parse_update(content) if content else None
    if parsed is not None and parsed.school:
        named = [sid for sid, name in names.items() if same_school(parsed.school, name)]
        if not named:
            return [Reply(text=other_school(ctx, names))]
        draft.school_id = named[0] if len(named) == 1 else None
    elif len(names) == 1:
        draft.school_id = next(iter(names))
    if parsed is not None:
        draft.take(parsed)
    steps = draft.to_fix() if parsed is not None else list(GUIDED)
    draft.ask = ([SCHOOL] if draft.school_id is None else []) + steps
    return await prompt(ctx, draft)


async def reopen(ctx: Context, update: ProgressUpdate) -> list[Reply]:
    """Show a stored update (attachments loaded) in the confirmation card, to be edited and confirmed again."""
    draft = Draft(
        school_id=update.school_id,
        project=update.project,
        status=update.status,
        percent=update.percent,
        done=update.done,
        obstacles=update.obstacles,
        help_needed=update.help_needed,
        kept_files=len(update.attachments),
        update_id=update.id,
        stage=CARD,
    )
    return await prompt(ctx, draft)


async def offer_again(ctx: Context, content: str = "") -> list[Reply]:
    """A draft is open and the director asked to start another: continue, start again, or cancel?"""
    return await _offer(ctx, Draft.load(ctx.state.data), content)


async def prompt(ctx: Context, draft: Draft, note: str = "") -> list[Reply]:
    """Show where the draft stands and keep it in the state: the one way a conversation goes on."""
    if draft.stage == ASKING and not draft.ask:
        draft.stage = CARD
    if draft.stage == ASKING:
        replies = await question(ctx, draft, note)
    elif draft.stage == CARD:
        replies = await confirm_card(ctx, draft, note)
    elif draft.stage == PICKING:
        replies = await edit_menu(ctx, draft, note)
    else:
        replies = offer(ctx, draft)
    draft.touch(ctx.now)
    ctx.state.start(FLOW, **draft.dump())
    return replies


async def _offer(ctx: Context, draft: Draft, content: str = "") -> list[Reply]:
    if draft.stage != OFFER:
        draft.paused = draft.stage
    draft.stage, draft.pending = OFFER, content
    return await prompt(ctx, draft)


# --- the steps, declared for the runner --------------------------------------------------------------------------


def _asking(step: str) -> Callable[[Incoming, Context], Awaitable[list[Reply] | None]]:
    """The reader of one question: None when the message is no answer to it (the gate then decides)."""

    async def read(msg: Incoming, ctx: Context) -> list[Reply] | None:
        draft = Draft.load(ctx.state.data)
        note = await _ANSWERS[step](msg, ctx, draft)
        if note is NOT_ANSWER:
            return None
        if note is None:
            draft.ask.pop(0)
            return await prompt(ctx, draft)
        return await prompt(ctx, draft, str(note))

    return read


async def _read_card(msg: Incoming, ctx: Context) -> list[Reply] | None:
    draft = Draft.load(ctx.state.data)
    tapped, word = _tapped(msg), _word(msg)
    if tapped == "ok" or word in CONFIRM_WORDS:
        return await _save(msg, ctx, draft)
    if tapped == "edit" or word in EDIT_WORDS:
        draft.stage = PICKING
        return await prompt(ctx, draft)
    if msg.kind is Kind.MEDIA and msg.attachment is not None:
        return await prompt(ctx, draft, _add_file(ctx, draft, msg.attachment) or ctx.t("progress.file.added"))
    return None


async def _read_pick(msg: Incoming, ctx: Context) -> list[Reply] | None:
    draft = Draft.load(ctx.state.data)
    tapped, word = _tapped(msg), _word(msg)
    if tapped == "back" or word in BACK_WORDS:
        draft.stage = CARD
        return await prompt(ctx, draft)
    step = tapped[3:] if tapped and tapped.startswith("fx:") else pick_labels(ctx).get(word)
    if step is None:
        return None
    if step not in EDITABLE or (step == SCHOOL and draft.update_id is not None):
        return await prompt(ctx, draft, ctx.t("progress.retry.pick"))
    if step == FILES and draft.files_full:
        return await prompt(ctx, draft, ctx.t("progress.file.full", max=MAX_ATTACHMENTS))
    draft.stage, draft.ask = ASKING, [step]
    return await prompt(ctx, draft)


async def _read_offer(msg: Incoming, ctx: Context) -> list[Reply] | None:
    draft = Draft.load(ctx.state.data)
    tapped, word = _tapped(msg), _word(msg)
    if tapped == "go" or word in RESUME_WORDS:
        draft.stage, draft.pending = draft.paused, ""
        return await prompt(ctx, draft)
    if tapped == "new" or word in RESTART_WORDS:
        return await begin(msg, ctx, draft.pending)
    return None


async def _restart(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """ "อัปเดต…", /update or /start typed while a draft is open: continue it, or start again with the new words?"""
    draft = Draft.load(ctx.state.data)
    if msg.kind is Kind.COMMAND:
        if msg.command == "update" or (msg.command == "start" and not msg.args):
            return await _offer(ctx, draft, msg.args if msg.command == "update" else "")
        return None
    phrase = _phrase(msg, draft)
    if phrase is None or phrase.intent == "progress_history":
        return None  # the history is a request like any other: shown, then the way back
    return await _offer(ctx, draft, phrase.content)


async def _idle(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """Back after more than an hour: continue, start again, or drop the draft?"""
    draft = Draft.load(ctx.state.data)
    since = draft.idle_since()
    if draft.stage == OFFER or since is None or ctx.now - since <= IDLE_OFFER_AFTER:
        return None
    return await _offer(ctx, draft)


async def _back(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """ "ย้อนกลับ" on a question: the one before it again (its answer is kept until a new one is given)."""
    draft = Draft.load(ctx.state.data)
    if draft.stage != ASKING or not draft.ask or draft.ask[0] not in GUIDED:
        return None
    index = GUIDED.index(draft.ask[0])
    if index == 0:
        return None
    draft.ask.insert(0, GUIDED[index - 1])
    return await prompt(ctx, draft)


async def _anytime(msg: Incoming, ctx: Context) -> list[Reply] | Aside | None:
    """The history's buttons, tapped while a draft is open: "new update" and "edit the latest" offer first."""
    tapped = _tapped(msg)
    if tapped == "hist":
        return Aside()
    if tapped in ("start", "last"):
        return await _offer(ctx, Draft.load(ctx.state.data))
    return None


def _current(ctx: Context) -> str | None:
    draft = Draft.load(ctx.state.data)
    if draft.stage == ASKING:
        return draft.ask[0] if draft.ask else CARD
    return draft.stage


async def _shown(ctx: Context) -> list[Reply]:
    """The open step as `prompt` shows it, without touching the state."""
    draft = Draft.load(ctx.state.data)
    if draft.stage == ASKING and draft.ask:
        return await question(ctx, draft)
    if draft.stage in (ASKING, CARD):
        return await confirm_card(ctx, draft)
    if draft.stage == PICKING:
        return await edit_menu(ctx, draft)
    return offer(ctx, draft)


async def _choices(ctx: Context) -> tuple[Choice, ...]:
    return tuple(c for r in await _shown(ctx) for c in r.choices)


async def _question(ctx: Context) -> str:
    """The open step's question in one line (the card's footer for the card)."""
    step = _current(ctx)
    if step == SCHOOL:
        return ctx.t("progress.retry.school")
    if step == CARD:
        return ctx.t("progress.card.footer")
    replies = await _shown(ctx)
    return replies[-1].text.splitlines()[-1] if replies and replies[-1].text else ""


async def _ask(ctx: Context, note: str) -> list[Reply]:
    return await prompt(ctx, Draft.load(ctx.state.data), note)


async def _cancel(ctx: Context) -> list[Reply]:
    ctx.state.clear()
    return [Reply(text=ctx.t("progress.cancelled"))]


def _title(ctx: Context) -> str:
    project = Draft.load(ctx.state.data).project
    return ctx.t("progress.flow_title.project", project=project) if project else ctx.t("progress.flow_title")


def progress_flow() -> Flow:
    """The progress-update conversation: the questions, then the card, the edit menu, and the offer to go on."""
    free = {DONE: frozenset(), OBSTACLES: NONE_WORDS, HELP: NONE_WORDS}
    steps = {
        SCHOOL: Step(SCHOOL, Answer.CHOICE, "progress.retry.school", _asking(SCHOOL), ("sc",), "progress.retry.school"),
        PROJECT: Step(PROJECT, Answer.TEXT, "progress.ask.project", _asking(PROJECT), ("pj",)),
        STATUS: Step(STATUS, Answer.CHOICE, "progress.ask.status", _asking(STATUS), ("st",), "progress.retry.status"),
        PERCENT: Step(
            PERCENT,
            Answer.CHOICE,
            "progress.ask.percent",
            _asking(PERCENT),
            ("skip",),
            "progress.retry.percent",
            SKIP_WORDS,
        ),
        **{
            name: Step(name, Answer.TEXT, f"progress.ask.{name}", _asking(name), ("none",), words=words)
            for name, words in free.items()
        },
        FILES: Step(
            FILES, Answer.FILES, "progress.ask.files", _asking(FILES), ("fin",), "progress.retry.files", FINISH_WORDS
        ),
        CARD: Step(
            CARD, Answer.CHOICE, "progress.card.footer", _read_card, ("ok", "edit"), "progress.retry.card", media=True
        ),
        PICKING: Step(PICKING, Answer.CHOICE, "progress.pick.ask", _read_pick, ("fx", "back"), "progress.retry.pick"),
        OFFER: Step(OFFER, Answer.CHOICE, "progress.offer", _read_offer, ("go", "new")),
    }
    return Flow(
        name=FLOW,
        prefix=ACTION,
        steps=steps,
        current=_current,
        choices=_choices,
        cancel=_cancel,
        title=_title,
        question=_question,
        ask=_ask,
        restart=_restart,
        idle=_idle,
        back=_back,
        anytime=_anytime,
        commands=frozenset({"update", "start"}),
        cancel_stem="cancel",
        own=frozenset({"progress_update"}),
    )


async def _save(msg: Incoming, ctx: Context, draft: Draft) -> list[Reply]:
    """Write the update (or the edit) and its files in this event's transaction, with an audit row."""
    actor = await load_actor(ctx.store, ctx.identity)
    names = await school_names(ctx.session, actor.school_ids)
    if draft.school_id is None or not may_update_school(actor, draft.school_id) or actor.person is None:
        ctx.state.clear()
        return [Reply(text=other_school(ctx, names))]
    missing = draft.to_fix()
    if missing:
        draft.stage, draft.ask = ASKING, missing
        return await prompt(ctx, draft)
    after = (choice(ctx, "progress.choice.history", "hist"), choice(ctx, "progress.choice.new", "start"))
    platform = msg.platform.value
    if draft.update_id is None:
        update = await add_update(
            ctx.session,
            school_id=draft.school_id,
            person_id=actor.person.id,
            platform=platform,
            values=draft.values(),
            files=draft.files,
            now=ctx.now,
        )
        ctx.audit(
            "progress.create",
            update_id=update.id,
            school_id=update.school_id,
            project=update.project,
            status=update.status,
            percent=update.percent,
            attachments=len(draft.files),
        )
        ctx.state.clear()
        return [
            Reply(text=ctx.t("progress.saved", project=update.project, school=names[update.school_id]), choices=after)
        ]
    stored = await get_update(ctx.session, draft.update_id)
    ctx.state.clear()
    if stored is None or not may_update_school(actor, stored.school_id):
        return [Reply(text=other_school(ctx, names))]
    changed = await edit_update(
        ctx.session, stored, platform=platform, values=draft.values(), files=draft.files, now=ctx.now
    )
    if not changed:
        return [Reply(text=ctx.t("progress.unchanged"), choices=after)]
    ctx.audit("progress.edit", update_id=stored.id, school_id=stored.school_id, changed=changed)
    return [Reply(text=ctx.t("progress.edited", project=stored.project), choices=after)]


# --- reading one answer -----------------------------------------------------------------------


async def _school(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    actor = await load_actor(ctx.store, ctx.identity)
    names = await school_names(ctx.session, actor.school_ids)
    tapped = _tapped(msg)
    if tapped is not None and tapped.startswith("sc:"):
        chosen = int(tapped[3:]) if tapped[3:].isdigit() else None
        if chosen is None or not may_update_school(actor, chosen):
            return other_school(ctx, names)
    elif msg.kind is Kind.TEXT:
        word, ids = bare(msg.text), list(names)
        named = [sid for sid, name in names.items() if same_school(msg.text, name)]
        if word.isdigit() and 1 <= int(word) <= len(ids):
            chosen = ids[int(word) - 1]
        elif len(named) == 1:
            chosen = named[0]
        elif word.isdigit() or _SCHOOL_MENTION.match(word):
            return other_school(ctx, names)
        else:
            return NOT_ANSWER
    else:
        return NOT_ANSWER
    draft.school_id = chosen
    return None


async def _project(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    tapped = _tapped(msg)
    if tapped is not None and tapped.startswith("pj:"):
        index = int(tapped[3:]) if tapped[3:].isdigit() else -1
        if not 0 <= index < len(draft.projects):
            return ctx.t("progress.retry.text")
        draft.project = draft.projects[index]
        return None
    name = project_name(msg.text) if msg.kind is Kind.TEXT else ""
    if not name:
        return NOT_ANSWER
    if len(name) > PROJECT_MAX_CHARS:
        return ctx.t("progress.retry.too_long", limit=PROJECT_MAX_CHARS)
    draft.project = name
    return None


async def _status(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    tapped = _tapped(msg)
    if tapped is not None and tapped.startswith("st:"):
        status: str | None = tapped[3:]
    else:
        status = status_of(msg.text) if msg.kind is Kind.TEXT else None
    if status not in STATUSES:
        return NOT_ANSWER
    draft.status = status
    return None


async def _percent(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    if _tapped(msg) == "skip" or _word(msg) in SKIP_WORDS:
        draft.percent = None
        return None
    percent = read_percent(msg.text) if msg.kind is Kind.TEXT else None
    if percent is None:
        return NOT_ANSWER
    if not 0 <= percent <= 100:
        return ctx.t("progress.retry.percent")
    draft.percent = percent
    return None


async def _done(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    return _free_text(msg, ctx, draft, DONE, none_allowed=False)


async def _obstacles(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    return _free_text(msg, ctx, draft, OBSTACLES, none_allowed=True)


async def _help(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    return _free_text(msg, ctx, draft, HELP, none_allowed=True)


def _free_text(msg: Incoming, ctx: Context, draft: Draft, step: str, none_allowed: bool) -> Note:
    if none_allowed and (_tapped(msg) == "none" or _word(msg) in NONE_WORDS):
        setattr(draft, step, "")
        return None
    text = normalize(msg.text) if msg.kind is Kind.TEXT else ""
    if not has_words(text):  # an emoji or punctuation alone is not what was done, nor an obstacle
        return NOT_ANSWER
    if len(text) > TEXT_MAX_CHARS:
        return ctx.t("progress.retry.too_long", limit=TEXT_MAX_CHARS)
    setattr(draft, step, text)
    return None


async def _files(msg: Incoming, ctx: Context, draft: Draft) -> Note:
    if msg.kind is Kind.MEDIA and msg.attachment is not None:
        problem = _add_file(ctx, draft, msg.attachment)
        if problem is not None:
            return problem
        return None if draft.files_full else ""
    if _tapped(msg) == "fin" or _word(msg) in FINISH_WORDS:
        return None
    return NOT_ANSWER


def _add_file(ctx: Context, draft: Draft, attachment: Attachment) -> Note:
    """Keep a photo or document by its platform file id; refuse what is too big, of another kind, or one too many."""
    if attachment.media_type not in ATTACHMENT_TYPES:
        return ctx.t("progress.file.kind")
    if attachment.size is not None and attachment.size > MAX_ATTACHMENT_BYTES:
        return ctx.t("progress.file.too_big", size=f"{attachment.size / (1024 * 1024):.1f}", mb=MB)
    if draft.files_full:
        return ctx.t("progress.file.full", max=MAX_ATTACHMENTS)
    draft.files.append({"file_id": attachment.file_id, "media_type": attachment.media_type, "size": attachment.size})
    return None


# --- small readers ----------------------------------------------------------------------------


def other_school(ctx: Context, names: dict[int, str]) -> str:
    return ctx.t(
        "progress.refused.other_school", schools=", ".join(capped(list(names.values()), SHORT_LIST, ctx.t)) or "-"
    )


def _tapped(msg: Incoming) -> str | None:
    """The choice tapped, without "pu:"; None when the message is not a tap on a progress choice."""
    prefix = f"{ACTION}:"
    if msg.kind is Kind.ACTION and (msg.action or "").startswith(prefix):
        return (msg.action or "")[len(prefix) :]
    return None


def _word(msg: Incoming) -> str:
    return bare(msg.text) if msg.kind is Kind.TEXT else ""


def _phrase(msg: Incoming, draft: Draft) -> Phrase | None:
    """A typed "อัปเดต..." that asks for a new update, not an answer: a free-text step may begin with the word."""
    phrase = match_phrase(msg.text) if msg.kind is Kind.TEXT else None
    if phrase is not None and phrase.content and phrase.intent == "progress_update" and draft.step in _FREE_TEXT:
        return None
    return phrase


_ANSWERS: dict[str, Callable[[Incoming, Context, Draft], Awaitable[Note]]] = {
    SCHOOL: _school,
    PROJECT: _project,
    STATUS: _status,
    PERCENT: _percent,
    DONE: _done,
    OBSTACLES: _obstacles,
    HELP: _help,
    FILES: _files,
}
