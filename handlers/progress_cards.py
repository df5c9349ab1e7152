"""What the director sees during a progress update: each question, the confirmation card, the edit menu, the
offer to continue a draft, and the history cards. Rendering only; the conversation lives in progress_flow."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.authz import load_actor
from bot.core.context import Context
from bot.core.messages import Card, Choice, Reply
from bot.progress.draft import EDITABLE, FILES, HELP, OBSTACLES, PERCENT, PROJECT, SCHOOL, STATUS, Draft
from bot.progress.fields import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, STATUSES
from handlers.common import show_date
from handlers.lists import LONG_LIST, capped
from storage.models import ProgressUpdate
from storage.repositories.progress import recent_projects, school_names

ACTION = "pu"  # every progress choice is "pu:<what>"; ids stay ASCII and short for Telegram's 64 bytes
MB = MAX_ATTACHMENT_BYTES // (1024 * 1024)


def choice(ctx: Context, label_id: str, what: str) -> Choice:
    return Choice(ctx.t(label_id), f"{ACTION}:{what}")


def cancel_choice(ctx: Context) -> Choice:
    return choice(ctx, "progress.choice.cancel", "cancel")


def status_label(ctx: Context, status: str) -> str:
    return ctx.t(f"progress.status.{status}")


async def question(ctx: Context, draft: Draft, note: str = "") -> list[Reply]:
    """The question of the step the draft is at, with its choices; `note` says why it is asked again."""
    step = draft.step
    t = ctx.t
    choices: list[Choice] = []
    if step == SCHOOL:
        names = await school_names(ctx.session, await _own_schools(ctx))
        numbered = [f"{n}. {name}" for n, name in enumerate(names.values(), 1)]
        listed = "\n".join(capped(numbered, LONG_LIST, t))
        text = t("progress.ask.school", schools=listed)
        choices = [Choice(name, f"{ACTION}:sc:{sid}") for sid, name in names.items()]
    elif step == PROJECT:
        draft.projects = await recent_projects(ctx.session, draft.school_id) if draft.school_id else []
        text = t("progress.ask.project.earlier" if draft.projects else "progress.ask.project")
        choices = [Choice(name, f"{ACTION}:pj:{i}") for i, name in enumerate(draft.projects)]
    elif step == STATUS:
        text = t("progress.ask.status", project=draft.project or "")
        choices = [Choice(status_label(ctx, s), f"{ACTION}:st:{s}") for s in STATUSES]
    elif step == PERCENT:
        text = t("progress.ask.percent")
        choices = [choice(ctx, "progress.choice.skip", "skip")]
    elif step in (OBSTACLES, HELP):
        text = t(f"progress.ask.{step}")
        choices = [choice(ctx, "progress.choice.none", "none")]
    elif step == FILES:
        if draft.files:
            text = t("progress.ask.files.more", count=draft.file_count, max=MAX_ATTACHMENTS)
            choices = [choice(ctx, "progress.choice.finish", "fin")]
        else:
            text = t("progress.ask.files", max=MAX_ATTACHMENTS - draft.kept_files, mb=MB)
            choices = [choice(ctx, "progress.choice.skip", "fin")]
    else:
        text = t(f"progress.ask.{step}")
    return [Reply(text="\n".join(p for p in (note, text) if p), choices=(*choices, cancel_choice(ctx)))]


async def confirm_card(ctx: Context, draft: Draft, note: str = "") -> list[Reply]:
    """The draft as a card, with ยืนยัน / แก้ไข / ยกเลิก."""
    t = ctx.t
    school = (await school_names(ctx.session, [draft.school_id] if draft.school_id else [])).get(draft.school_id or 0)
    title = t("progress.card.title_edit" if draft.update_id else "progress.card.title")
    fields = (
        (t("progress.field.school"), school or "-"),
        *_update_fields(
            ctx, draft.project, draft.status, draft.percent, draft.done, draft.obstacles, draft.help_needed
        ),
        (t("progress.field.files"), _files(ctx, draft.file_count)),
    )
    choices = (
        choice(ctx, "progress.choice.confirm", "ok"),
        choice(ctx, "progress.choice.edit", "edit"),
        cancel_choice(ctx),
    )
    return [Reply(text=note, choices=choices, card=Card(title, fields, t("progress.card.footer")))]


async def edit_menu(ctx: Context, draft: Draft, note: str = "") -> list[Reply]:
    """Which field to change; the school only for a new update of a director with several schools."""
    several = draft.update_id is None and len(await _own_schools(ctx)) > 1
    steps = [s for s in EDITABLE if s != SCHOOL or several]
    choices = [choice(ctx, f"progress.pick.{s}", f"fx:{s}") for s in steps]
    choices.append(choice(ctx, "progress.choice.back", "back"))
    text = "\n".join(p for p in (note, ctx.t("progress.pick.ask")) if p)
    return [Reply(text=text, choices=(*choices, cancel_choice(ctx)))]


def pick_labels(ctx: Context) -> dict[str, str]:
    """Typed field names that choose a field in the edit menu, lower case -> step."""
    return {ctx.t(f"progress.pick.{s}").lower(): s for s in EDITABLE}


def offer(ctx: Context, draft: Draft) -> list[Reply]:
    """A draft is open: continue it, start again, or drop it."""
    t = ctx.t
    text = t("progress.offer.project", project=draft.project) if draft.project else t("progress.offer")
    choices = (
        choice(ctx, "progress.choice.resume", "go"),
        choice(ctx, "progress.choice.restart", "new"),
        cancel_choice(ctx),
    )
    return [Reply(text=text, choices=choices)]


def history(ctx: Context, updates: list[ProgressUpdate], names: dict[int, str]) -> list[Reply]:
    """One card per update, newest first, with the dates in Thai (พ.ศ.)."""
    t = ctx.t
    schools = ", ".join(dict.fromkeys(names[u.school_id] for u in updates))
    replies = [Reply(text=t("progress.history.header", count=len(updates), schools=schools))]
    for update in updates:
        sent, edited = _local_date(ctx, update.created_at), _local_date(ctx, update.updated_at)
        footer = t("progress.history.sent", date=show_date(sent, ctx.lang))
        if update.updated_at > update.created_at:
            footer = t("progress.history.edited", date=show_date(sent, ctx.lang), edited=show_date(edited, ctx.lang))
        fields = (
            (t("progress.field.school"), names[update.school_id]),
            *_update_fields(
                ctx,
                update.project,
                update.status,
                update.percent,
                update.done,
                update.obstacles,
                update.help_needed,
            ),
            (t("progress.field.files"), _files(ctx, len(update.attachments))),
        )
        replies.append(Reply(card=Card(update.project, fields, footer)))
    replies[-1] = Reply(
        card=replies[-1].card,
        choices=(choice(ctx, "progress.choice.edit_last", "last"), choice(ctx, "progress.choice.new", "start")),
    )
    return replies


def area_cards(ctx: Context, office: str, items: list[tuple[str, ProgressUpdate | None]]) -> list[Reply]:
    """What each pilot school of an area reported last, for committee members: a card per school that reported,
    one line naming those that never did."""
    t = ctx.t
    replies = [Reply(text=t("progress.area.header", office=office))]
    for name, update in items:
        if update is None:
            continue
        footer = t("progress.history.sent", date=show_date(_local_date(ctx, update.created_at), ctx.lang))
        fields = _update_fields(
            ctx, update.project, update.status, update.percent, update.done, update.obstacles, update.help_needed
        )
        replies.append(Reply(card=Card(name, fields, footer)))
    silent = [name for name, update in items if update is None]
    if silent:
        replies.append(Reply(text=t("progress.area.never", schools=", ".join(silent))))
    return replies


def _update_fields(
    ctx: Context,
    project: str | None,
    status: str | None,
    percent: int | None,
    done: str | None,
    obstacles: str | None,
    help_needed: str | None,
) -> tuple[tuple[str, str], ...]:
    t = ctx.t
    return (
        (t("progress.field.project"), project or "-"),
        (t("progress.field.status"), status_label(ctx, status) if status else "-"),
        (t("progress.field.percent"), "-" if percent is None else t("progress.value.percent", percent=percent)),
        (t("progress.field.done"), _text(ctx, done)),
        (t("progress.field.obstacles"), _text(ctx, obstacles)),
        (t("progress.field.help_needed"), _text(ctx, help_needed)),
    )


def _text(ctx: Context, value: str | None) -> str:
    """None was not said ("-"); "" was said to be none (ไม่มี)."""
    if value is None:
        return "-"
    return value or ctx.t("progress.value.none")


def _files(ctx: Context, count: int) -> str:
    return ctx.t("progress.value.files", count=count) if count else ctx.t("progress.value.none")


def _local_date(ctx: Context, moment: datetime) -> date:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ctx.services.tz).date()


async def _own_schools(ctx: Context) -> tuple[int, ...]:
    return (await load_actor(ctx.store, ctx.identity)).school_ids
