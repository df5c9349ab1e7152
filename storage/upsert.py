"""Dialect-aware INSERT ... ON CONFLICT, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


def _insert(session: AsyncSession, model: type[Base]) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model.__table__)  # Core: no ORM bulk path


async def insert_ignore(session: AsyncSession, model: type[Base], **values: Any) -> bool:
    """Insert one row unless it conflicts with an existing one; True when this call inserted it."""
    pk = [model.__table__.c[c.name] for c in model.__table__.primary_key.columns]
    stmt = _insert(session, model).values(**values).on_conflict_do_nothing().returning(*pk)
    return (await session.execute(stmt)).first() is not None


async def upsert(session: AsyncSession, model: type[Base], keys: tuple[str, ...], **values: Any) -> None:
    """Insert one row, or update its non-key columns when a row with the same `keys` exists."""
    stmt = _insert(session, model).values(**values)
    updates = {name: stmt.excluded[name] for name in values if name not in keys}
    await session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates))


async def upsert_many(
    session: AsyncSession, model: type[Base], keys: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """`upsert` for many rows of the same columns, as one statement executed for all of them."""
    if not rows:
        return
    stmt = _insert(session, model)
    updates = {name: stmt.excluded[name] for name in rows[0] if name not in keys}
    await session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates), rows)


async def insert_ignore_many(
    session: AsyncSession, model: type[Base], rows: list[dict[str, Any]], returning: tuple[str, ...], chunk: int = 400
) -> list[tuple[Any, ...]]:
    """Insert many rows, skipping those that conflict; returns the `returning` columns of the rows inserted."""
    inserted: list[tuple[Any, ...]] = []
    columns = [model.__table__.c[name] for name in returning]
    for start in range(0, len(rows), chunk):
        stmt = _insert(session, model).values(rows[start : start + chunk]).on_conflict_do_nothing().returning(*columns)
        inserted.extend(tuple(row) for row in (await session.execute(stmt)).all())
    return inserted
