"""Reading a directory file into sheets of rows: an .xlsx workbook (one sheet per table) or a .csv file (one
table, recognised by its header row). Only the shape is checked here; cell values are checked in `validate`.

Row numbers are the ones the spreadsheet shows, so an error can point at the cell to fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from bot.directory.columns import TABLES, Column, TableSpec, is_ignored
from bot.directory.values import tidy

CSV_ENCODINGS = ("utf-8-sig", "cp874")  # Excel's "CSV UTF-8", then the Thai Windows code page of plain "CSV"
CSV_DELIMITERS = ",;\t"
HEADER_SEARCH = 10  # rows looked at for the header: room for a title and a date above the table


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    params: dict[str, object] = field(default_factory=dict)


class FileProblem(Exception):
    """The file cannot be read as a directory at all; nothing is imported."""

    def __init__(self, *messages: Message) -> None:
        super().__init__(", ".join(m.msgid for m in messages))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as the spreadsheet shows it
    cells: dict[str, str]  # column key -> tidied text, "" when blank

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass(frozen=True, slots=True)
class Sheet:
    spec: TableSpec
    name: str  # the sheet's name, or the file's name for a CSV file
    is_csv: bool
    headers: dict[str, str]  # column key -> the header as written
    english: bool  # headers were written in English
    rows: tuple[Row, ...]

    def header(self, key: str) -> str:
        """The column's header as the file wrote it (or would, for a missing column)."""
        column = self.spec.column(key)
        return self.headers.get(key) or (column.en if self.english else column.th)

    @property
    def where(self) -> Message:
        return where(self.name, self.is_csv)


def where(name: str, is_csv: bool) -> Message:
    """'แผ่นงาน "บุคคล"' or 'ไฟล์ "people.csv"': the start of every message about a table."""
    return Message("directory.where.file" if is_csv else "directory.where.sheet", {"name": name})


def read_directory(path: Path) -> list[Sheet]:
    """The file's non-empty tables; raises FileProblem for anything that is not a readable directory file."""
    if not path.is_file():
        raise FileProblem(Message("directory.file.not_found", {"name": str(path)}))
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        sheets = [_read_csv(path)]
    elif suffix == ".xls":
        raise FileProblem(Message("directory.file.old_excel", {"name": path.name}))
    else:
        raise FileProblem(Message("directory.file.unsupported", {"name": path.name}))
    sheets = [s for s in sheets if s.rows]
    if not sheets:
        raise FileProblem(Message("directory.file.no_data", {"name": path.name}))
    return sheets


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook  # deferred: only the importer needs it

    if path.stat().st_size == 0:
        raise FileProblem(Message("directory.file.empty", {"name": path.name}))
    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # an untrusted file: whatever openpyxl trips on, the file is not a usable workbook
        raise FileProblem(Message("directory.file.corrupt_xlsx", {"name": path.name})) from exc
    sheets: list[Sheet] = []
    problems: list[Message] = []
    for worksheet in workbook.worksheets:
        rows = worksheet.iter_rows(min_row=1, max_row=worksheet.max_row, values_only=True)
        named = next((spec for spec in TABLES if spec.is_named(worksheet.title)), None)
        try:
            sheet = _sheet(worksheet.title, False, enumerate(rows, start=1), named)
        except FileProblem as exc:
            problems.extend(exc.messages)
            continue
        if sheet is not None:
            sheets.append(sheet)
    if problems:
        raise FileProblem(*problems)
    if not sheets:
        raise FileProblem(Message("directory.file.no_tables", {"name": path.name}))
    return sheets


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileProblem(Message("directory.file.empty", {"name": path.name}))
    if b"\x00" in data or data.startswith(b"PK\x03\x04"):
        raise FileProblem(Message("directory.file.not_text", {"name": path.name}))
    text = _decode(data, path.name)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileProblem(Message("directory.file.not_text", {"name": path.name})) from exc
    header = next((row for row in records if any(tidy(c) for c in row)), None)
    if header is None:
        raise FileProblem(Message("directory.file.empty", {"name": path.name}))
    sheet = _sheet(path.name, True, enumerate(records, start=1), None)
    if sheet is None:  # a CSV file holds exactly one table: unknown headers are an error, not a notes page
        headers = ", ".join(f'"{tidy(c)}"' for c in header if tidy(c))
        raise FileProblem(Message("directory.file.unknown_table", {"name": path.name, "headers": headers}))
    return sheet


def _decode(data: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(Message("directory.file.not_text", {"name": name}))


def _sheet(
    name: str, is_csv: bool, rows: Iterable[tuple[int, Iterable[object]]], named: TableSpec | None
) -> Sheet | None:
    """One table. Its header is the first row (of the first few) that names at least two known columns, so a title
    row above the table is read past. None for a sheet that is not a table (notes, a cover page), unless its name
    says which table it is: then its first row is taken as the header, and its problems are reported."""
    lines = [(number, cells) for number, cells in ((n, [_cell(v) for v in values]) for n, values in rows) if any(cells)]
    if not lines:
        return None
    found = next(
        (
            (i, spec)
            for i, (_, cells) in enumerate(lines[:HEADER_SEARCH])
            if (spec := named or _recognise(cells)) is not None and _score(spec, cells) >= 2
        ),
        None,
    )
    if found is None and named is None:
        return None
    at, spec = found or (0, named)
    assert spec is not None
    positions, headers, english = _columns(spec, lines[at][1], where(name, is_csv))
    body = tuple(
        Row(number, {key: cells[i] if i < len(cells) else "" for key, i in positions.items()})
        for number, cells in lines[at + 1 :]
    )
    return Sheet(spec, name, is_csv, headers, english, body)


def _score(spec: TableSpec, cells: list[str]) -> int:
    return sum(spec.match(c) is not None for c in cells if c)


def _recognise(header: list[str]) -> TableSpec | None:
    """The table whose headers this row matches best; None when none or two tie."""
    (best, spec), (second, _) = sorted(((_score(s, header), s) for s in TABLES), key=lambda x: -x[0])[:2]
    return spec if best > 0 and best > second else None


def _columns(spec: TableSpec, header: list[str], where: Message) -> tuple[dict[str, int], dict[str, str], bool]:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    problems: list[Message] = []
    english = 0
    for i, text in enumerate(header):
        if not text or is_ignored(text):
            continue
        column = spec.match(text)
        if column is None:
            unknown.append(f'"{text}"')
        elif column.key in positions:
            problems.append(Message("directory.file.duplicate_column", {"where": where, "column": text}))
        else:
            positions[column.key], headers[column.key] = i, text
            english += text.isascii()
    if unknown:
        accepted = ", ".join(f'"{c.th}"' for c in spec.columns)
        problems.append(
            Message(
                "directory.file.unknown_columns", {"where": where, "columns": ", ".join(unknown), "accepted": accepted}
            )
        )
    is_english = english * 2 > len(positions)
    for column in spec.columns:
        if column.required and column.key not in positions:
            problems.append(
                Message("directory.file.missing_column", {"where": where, "column": _name(column, is_english)})
            )
    if problems:
        raise FileProblem(*problems)
    return positions, headers, is_english


def _name(column: Column, english: bool) -> str:
    return column.en if english else column.th


def _cell(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO, everything tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return tidy(str(value))
