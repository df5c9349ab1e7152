"""Admin-defined deadlines (beside the report rounds): add, list, move, remove. Shared by the CLI
(`sandboxbot deadline ...`) and the group-chat admin commands; callers check permissions (bot.authz)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Committee, CustomDeadline, Province

SCOPES = ("everyone", "committee", "province")
ROLES = ("chair", "vice_chair", "expert", "school_rep", "secretary")
AUDIENCES = ("members", "directors", *ROLES)


class DeadlineError(ValueError):
    """Bad input for a deadline; the message says what to fix."""


async def add_custom_deadline(
    session: AsyncSession,
    *,
    title: str,
    due_on: date,
    now: datetime,
    committee_id: int | None = None,
    province_id: int | None = None,
    audience: str = "members",
    offsets: list[int] | None = None,
    created_by: int | None = None,
) -> CustomDeadline:
    """A deadline for one committee, one province (neither: everyone), acted on by `audience`."""
    title = " ".join(title.split())
    if not title or len(title) > 300:
        raise DeadlineError("title must be 1-300 characters")
    if committee_id is not None and province_id is not None:
        raise DeadlineError("a deadline is for one committee or one province, not both")
    if audience not in AUDIENCES:
        raise DeadlineError(f"audience must be one of {', '.join(AUDIENCES)}")
    scope = "committee" if committee_id is not None else "province" if province_id is not None else "everyone"
    row = CustomDeadline(
        title=title,
        due_on=due_on,
        scope=scope,
        committee_id=committee_id,
        province_id=province_id,
        audience=audience,
        offsets=offsets,
        created_by=created_by,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def custom_deadlines(
    session: AsyncSession, *, include_removed: bool = False, committee_id: int | None = None
) -> list[CustomDeadline]:
    """Deadlines by due date; with `committee_id`, those that concern that committee (its own and everyone's; a
    province's are included by the caller when it knows the committee's province)."""
    query = select(CustomDeadline).order_by(CustomDeadline.due_on, CustomDeadline.id)
    if not include_removed:
        query = query.where(CustomDeadline.removed_at.is_(None))
    rows = list((await session.execute(query)).scalars())
    if committee_id is not None:
        rows = [r for r in rows if r.committee_id in (None, committee_id)]
    return rows


async def get_custom_deadline(session: AsyncSession, deadline_id: int) -> CustomDeadline:
    row = await session.get(CustomDeadline, deadline_id)
    if row is None or row.removed_at is not None:
        raise DeadlineError(f"no deadline with id {deadline_id}")
    return row


async def move_custom_deadline(session: AsyncSession, deadline_id: int, due_on: date) -> CustomDeadline:
    """A new due date; reminder steps already sent for the old date are not repeated, later ones follow the new."""
    row = await get_custom_deadline(session, deadline_id)
    row.due_on = due_on
    await session.flush()
    return row


async def rename_custom_deadline(session: AsyncSession, deadline_id: int, title: str) -> CustomDeadline:
    row = await get_custom_deadline(session, deadline_id)
    title = " ".join(title.split())
    if not title or len(title) > 300:
        raise DeadlineError("title must be 1-300 characters")
    row.title = title
    await session.flush()
    return row


async def remove_custom_deadline(session: AsyncSession, deadline_id: int, now: datetime) -> CustomDeadline:
    """Kept (removed_at set) so answers and history still resolve; no reminder goes out for it any more."""
    row = await get_custom_deadline(session, deadline_id)
    row.removed_at = now
    await session.flush()
    return row


async def committee_by_code(session: AsyncSession, code: str) -> Committee:
    row = (await session.execute(select(Committee).where(Committee.code == code))).scalar_one_or_none()
    if row is None:
        raise DeadlineError(f"no committee with code {code!r}")
    return row


async def province_id_by_name(session: AsyncSession, name_th: str) -> int:
    row = (await session.execute(select(Province.id).where(Province.name_th == name_th))).scalar_one_or_none()
    if row is None:
        raise DeadlineError(f"no province named {name_th!r}")
    return row
