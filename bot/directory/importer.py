"""One import, start to end: read the file, check it whole against the store, then write it in one transaction.

A file with any error writes nothing; a dry run does all the work, counts included, and rolls it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.directory.apply import Counts, apply_plan
from bot.directory.plan import CellError
from bot.directory.reader import read_directory
from bot.directory.validate import validate
from storage.reference.data import ReferenceData
from storage.repositories.audit import add_audit
from storage.repositories.directory import load_snapshot

AUDIT_ACTION = "directory.import"


@dataclass(frozen=True, slots=True)
class ImportResult:
    file: str
    errors: list[CellError]
    counts: Counts | None  # None when there were errors
    dry_run: bool


async def import_file(
    sessions: async_sessionmaker[AsyncSession],
    path: Path,
    reference: ReferenceData,
    *,
    dry_run: bool = False,
    fingerprint_key: bytes | None = None,
) -> ImportResult:
    """Raises reader.FileProblem for a file that is not a directory at all. With `fingerprint_key` (the signing
    secret), people who had their data erased are left out and listed (bot/directory/withdrawn.py)."""
    sheets = read_directory(path)
    async with sessions() as session:
        plan, errors = validate(sheets, await load_snapshot(session), reference)
        if errors:
            await session.rollback()
            return ImportResult(path.name, errors, None, dry_run)
        counts = await apply_plan(session, plan, fingerprint_key)
        add_audit(session, AUDIT_ACTION, platform="cli", file=path.name, counts=counts.as_dict())
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    return ImportResult(path.name, [], counts, dry_run)
