"""The downloadable form a ministry office fills in: an .xlsx workbook (a note, then one sheet per table, with
headers, one example row, widths, drop-down lists and a hint on every header), or one .csv file per table.

The example rows are a valid directory of their own, so importing the untouched template shows what lands where.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bot.directory.columns import TABLES, TableSpec
from bot.directory.values import KIND_WORDS, ROLE_WORDS
from bot.i18n import Translator

TEMPLATE_ROWS = 1000  # rows that get drop-down lists
REQUIRED_FILL = "FCE4D6"
HEADER_FILL = "DDEBF7"
#: Columns offered as drop-down lists: the first word of each choice (other accepted words still import).
CHOICES = {
    "kind": tuple(words[0] for words in KIND_WORDS.values()),
    "role": tuple(words[0] for words in ROLE_WORDS.values()),
    "admin": ("ใช่", "ไม่ใช่"),
}


def write_template(path: Path, t: Translator) -> list[Path]:
    """Write the template; returns the files written (one .xlsx, or three .csv beside `path`)."""
    if path.suffix.casefold() == ".csv":
        return [_write_csv(path.with_name(f"{path.stem}-{spec.table.value}.csv"), spec) for spec in TABLES]
    return [_write_xlsx(path.with_suffix(".xlsx") if path.suffix.casefold() != ".xlsx" else path, t)]


def _write_csv(path: Path, spec: TableSpec) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel open Thai text correctly
        writer = csv.writer(fh)
        writer.writerow([c.th for c in spec.columns])
        writer.writerow([c.example for c in spec.columns])
    return path


def _write_xlsx(path: Path, t: Translator) -> Path:
    from openpyxl import Workbook  # deferred: only the template and the importer need it
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    note = workbook.active
    note.title = t("directory.template.note_sheet")
    for number, line in enumerate(t("directory.template.note").splitlines(), start=1):
        note.cell(row=number, column=1, value=line).font = Font(bold=number == 1, size=14 if number == 1 else 11)
    note.column_dimensions["A"].width = 110
    for spec in TABLES:
        sheet = workbook.create_sheet(spec.sheet_th)
        for index, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            header = sheet.cell(row=1, column=index, value=column.th)
            header.font = Font(bold=True)
            header.fill = PatternFill("solid", fgColor=REQUIRED_FILL if column.required else HEADER_FILL)
            header.alignment = Alignment(vertical="center")
            hint = t(f"directory.template.hint.{spec.table.value}.{column.key}")
            header.comment = Comment(hint, "sandboxbot", width=320, height=120)
            sheet.cell(row=2, column=index, value=column.example)
            dimension = sheet.column_dimensions[letter]
            dimension.width = max(column.width, len(column.th) + 4)
            if column.as_text:
                dimension.number_format = "@"  # codes and phones keep their leading zeros
            if column.key in CHOICES:
                listed = DataValidation(
                    type="list", formula1=f'"{",".join(CHOICES[column.key])}"', allow_blank=True, showErrorMessage=False
                )
                sheet.add_data_validation(listed)
                listed.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        sheet.freeze_panes = "A2"
    workbook.save(path)
    return path
