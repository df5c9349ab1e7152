"""The words of an import, from the catalogs: file problems, cell errors by row and column, and the summary."""

from __future__ import annotations

from bot.directory.apply import TABLE_ORDER, Counts
from bot.directory.importer import ImportResult
from bot.directory.plan import CellError
from bot.directory.reader import FileProblem, Message
from bot.i18n import Translator
from storage.repositories.directory import Outcome


def render(t: Translator, message: Message) -> str:
    """A message whose parameters may themselves be messages (a "where" inside an error)."""
    params = {k: render(t, v) if isinstance(v, Message) else v for k, v in message.params.items()}
    return t(message.msgid, **params)


def file_problem_text(t: Translator, problem: FileProblem) -> str:
    return "\n".join(render(t, m) for m in problem.messages)


def cell_error_text(t: Translator, error: CellError) -> str:
    return t(
        "directory.cell.location",
        where=render(t, error.where),
        row=error.row,
        column=error.column,
        problem=render(t, error.problem),
    )


def import_text(t: Translator, result: ImportResult) -> str:
    if result.errors:
        lines = [t("directory.import.errors", name=result.file, count=len(result.errors))]
        lines += [f"• {cell_error_text(t, e)}" for e in result.errors]
        return "\n".join(lines)
    assert result.counts is not None
    header = "directory.import.dry_run" if result.dry_run else "directory.import.done"
    lines = [t(header, name=result.file)]
    for table in TABLE_ORDER:
        count = result.counts.tables[table]
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
    lines += withdrawn_lines(t, result.counts)
    return "\n".join(lines)


def withdrawn_lines(t: Translator, counts: Counts) -> list[str]:
    """One line per person left out because they withdrew consent and had their data erased."""
    return [t("directory.import.withdrawn", row=row, name=name) for row, name in counts.withdrawn]
