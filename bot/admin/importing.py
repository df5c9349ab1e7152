"""A directory file an admin sent in chat: read and checked with the existing importer (bot/directory), counted in
a savepoint that is rolled back (the preview), and written only when the admin confirms.

A committee admin may change their own committees and the pilot schools of their committees' area offices; a file
that touches anything else is refused whole, naming the codes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.apply import TABLE_ORDER, Counts, apply_plan
from bot.directory.plan import CellError, Plan
from bot.directory.reader import Sheet, read_directory
from bot.directory.report import withdrawn_lines
from bot.directory.validate import validate
from bot.i18n import Translator
from storage.models import AreaOffice, Committee
from storage.reference.data import ReferenceData
from storage.repositories.directory import Outcome, load_snapshot

SUFFIXES = (".xlsx", ".csv")
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Checked:
    """A file read and validated: its plan and cell errors, and the codes it would touch outside the admin's reach."""

    plan: Plan
    errors: list[CellError]
    outside: list[str]


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """The file's sheets (reader.FileProblem for a file that is not a directory); read from a temporary copy."""
    suffix = Path(name).suffix.casefold() or ".xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return read_directory(path)


async def allowed_codes(session: AsyncSession, committee_ids: list[int]) -> tuple[set[str], set[str]]:
    """(committee codes, area office codes) an admin of these committees may change."""
    rows = await session.execute(
        select(Committee.code, AreaOffice.code)
        .outerjoin(AreaOffice, AreaOffice.id == Committee.area_office_id)
        .where(Committee.id.in_(committee_ids))
    )
    committees, offices = set(), set()
    for committee, office in rows.all():
        committees.add(committee)
        if office:
            offices.add(office)
    return committees, offices


async def check(
    session: AsyncSession, data: bytes, name: str, reference: ReferenceData, committee_ids: list[int]
) -> Checked:
    sheets = read_sheets(data, name)
    plan, errors = validate(sheets, await load_snapshot(session), reference)
    committees, offices = await allowed_codes(session, committee_ids)
    touched = {c.code for c in plan.committees} | {s.committee_code for s in plan.seats}
    outside = sorted(touched - committees)
    outside += sorted({s.office_code for s in plan.schools} - offices)
    outside += sorted({o for o in plan.offices} - offices)
    return Checked(plan, errors, sorted(set(outside)))


async def preview(session: AsyncSession, plan: Plan, fingerprint_key: bytes | None = None) -> Counts:
    """What applying the plan would change, counted inside a savepoint that is then rolled back."""
    savepoint = await session.begin_nested()
    try:
        return await apply_plan(session, plan, fingerprint_key)
    finally:
        await savepoint.rollback()
        session.expire_all()


def counts_lines(t: Translator, counts: Counts) -> list[str]:
    lines = []
    for table in TABLE_ORDER:
        count = counts.tables[table]
        if count.total():
            lines.append(
                t(
                    "directory.import.line",
                    table=t(f"directory.table.{table}"),
                    created=count[Outcome.CREATED],
                    updated=count[Outcome.UPDATED],
                    unchanged=count[Outcome.UNCHANGED],
                )
            )
    return lines + withdrawn_lines(t, counts)


def changes_anything(counts: Counts) -> bool:
    return any(counts.tables[t][Outcome.CREATED] or counts.tables[t][Outcome.UPDATED] for t in TABLE_ORDER)
