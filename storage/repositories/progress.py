"""Progress updates of pilot schools: what directors wrote before, and writing a new or edited update."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import PilotSchool, ProgressUpdate, UpdateAttachment


async def school_names(session: AsyncSession, school_ids: Iterable[int]) -> dict[int, str]:
    """id -> name of these schools, in the order of their ids."""
    ids = sorted(set(school_ids))
    if not ids:
        return {}
    rows = await session.execute(select(PilotSchool.id, PilotSchool.name).where(PilotSchool.id.in_(ids)))
    names = {school_id: name for school_id, name in rows.all()}
    return {i: names[i] for i in ids if i in names}


async def recent_projects(session: AsyncSession, school_id: int, limit: int = 5) -> list[str]:
    """The projects this school reported on before, the most recently reported first."""
    latest = func.max(ProgressUpdate.created_at)
    rows = await session.execute(
        select(ProgressUpdate.project)
        .where(ProgressUpdate.school_id == school_id)
        .group_by(ProgressUpdate.project)
        .order_by(latest.desc(), ProgressUpdate.project)
        .limit(limit)
    )
    return list(rows.scalars())


async def latest_updates(session: AsyncSession, school_ids: Sequence[int], limit: int = 3) -> list[ProgressUpdate]:
    """The newest updates of these schools, with their attachments."""
    if not school_ids:
        return []
    rows = await session.execute(
        select(ProgressUpdate)
        .where(ProgressUpdate.school_id.in_(school_ids))
        .options(selectinload(ProgressUpdate.attachments))
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def get_update(session: AsyncSession, update_id: int) -> ProgressUpdate | None:
    rows = await session.execute(
        select(ProgressUpdate).where(ProgressUpdate.id == update_id).options(selectinload(ProgressUpdate.attachments))
    )
    return rows.scalar_one_or_none()


async def add_update(
    session: AsyncSession,
    *,
    school_id: int,
    person_id: int,
    platform: str,
    values: Mapping[str, Any],
    files: Sequence[Mapping[str, Any]],
    now: datetime,
) -> ProgressUpdate:
    """A new update and its attachments, flushed so the caller can cite its id."""
    update = ProgressUpdate(
        school_id=school_id, person_id=person_id, platform=platform, created_at=now, updated_at=now, **values
    )
    session.add(update)
    await session.flush()
    _attach(session, update.id, platform, files)
    await session.flush()
    return update


async def edit_update(
    session: AsyncSession,
    update: ProgressUpdate,
    *,
    platform: str,
    values: Mapping[str, Any],
    files: Sequence[Mapping[str, Any]],
    now: datetime,
) -> list[str]:
    """Change a stored update; returns the names of what changed ("attachments" when files were added)."""
    changed = [name for name, value in values.items() if getattr(update, name) != value]
    for name in changed:
        setattr(update, name, values[name])
    if files:
        _attach(session, update.id, platform, files)
        changed.append("attachments")
    if changed:
        update.updated_at = now
    await session.flush()
    return changed


def _attach(session: AsyncSession, update_id: int, platform: str, files: Sequence[Mapping[str, Any]]) -> None:
    session.add_all(
        UpdateAttachment(
            update_id=update_id, platform=platform, file_id=f["file_id"], media_type=f["media_type"], size=f["size"]
        )
        for f in files
    )
