"""Checking every cell of a directory file against the rules and the store, before anything is written.

All errors are collected (a ministry office fixes a file once, not once per error). People are matched by e-mail,
then phone, then exact full name: e-mail and phone are personal and survive a change of title or spelling of a name,
while many people share no e-mail at all in these lists, so the name is the last resort. The same order merges rows
of one person inside the file (a person may hold two seats), and finds them again in the store on a re-import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bot.directory import values
from bot.directory.columns import Table
from bot.directory.plan import (
    CellError,
    CommitteeRecord,
    OfficeRecord,
    PersonRecord,
    Plan,
    SchoolRecord,
    SeatRecord,
)
from bot.directory.reader import Message, Row, Sheet
from storage.reference.data import ROLES, ReferenceData
from storage.repositories.directory import Snapshot

CHECK_ORDER = (Table.COMMITTEES, Table.PEOPLE, Table.SCHOOLS)
PERSON_KEYS = ("email", "phone", "full_name")  # the order in which a person is recognised


def validate(sheets: list[Sheet], snapshot: Snapshot, reference: ReferenceData) -> tuple[Plan, list[CellError]]:
    """The plan for a valid file, and every cell error found (an empty list means the plan may be applied)."""
    checker = _Checker(sheets, snapshot, reference)
    checks = {
        Table.COMMITTEES: checker.check_committees,
        Table.PEOPLE: checker.check_people,
        Table.SCHOOLS: checker.check_schools,
    }
    for table in CHECK_ORDER:  # later tables refer to earlier ones
        for sheet in sheets:
            if sheet.spec.table is table:
                checks[table](sheet)
        if table is Table.PEOPLE:
            checker.match_stored_people()
    return checker.plan, sorted(checker.errors, key=lambda e: e.order)


class _Checker:
    def __init__(self, sheets: list[Sheet], snapshot: Snapshot, reference: ReferenceData) -> None:
        self.sheets = sheets
        self.snapshot = snapshot
        self.reference = reference
        self.plan = Plan()
        self.errors: list[CellError] = []
        self.committee_rows: dict[str, int] = {}
        self.office_rows: dict[str, int] = {}  # every office code the file gives, even on rows with errors
        self.office_from: dict[str, int] = {}  # the row each planned office comes from
        self.seat_rows: dict[tuple[str, int, str], int] = {}
        self.school_rows: dict[str, int] = {}
        self.person_sheets: list[Sheet] = []
        self.in_file: dict[str, dict[str, int]] = {key: {} for key in PERSON_KEYS}  # key -> index in plan.people
        self.broken_names: set[str] = set()  # people rows with errors: not reported again as unknown directors
        self.stored_by: dict[str, dict[str, list[int]]] = {key: defaultdict(list) for key in PERSON_KEYS}
        for person in snapshot.people:
            keys = (values.email_key(person.email), values.phone_key(person.phone), values.name_key(person.full_name))
            for column, key in zip(PERSON_KEYS, keys, strict=True):
                if key:
                    self.stored_by[column][key].append(person.id)

    # --- cells ------------------------------------------------------------------------------------------------------

    def error(self, sheet: Sheet, row: int, key: str, msgid: str, /, **params: object) -> None:
        position = [c.key for c in sheet.spec.columns].index(key)
        order = (next(i for i, s in enumerate(self.sheets) if s is sheet), row, position)
        self.errors.append(CellError(sheet.where, row, sheet.header(key), Message(msgid, params), order))

    def cell(self, sheet: Sheet, row: Row, key: str, parse: Callable[[str], Any], required: bool = False) -> Any:
        """The parsed cell, or None when blank or wrong (wrong cells are recorded)."""
        raw = row.get(key)
        if not raw:
            if required:
                self.error(sheet, row.number, key, "directory.cell.required")
            return None
        try:
            return parse(raw)
        except values.Invalid as exc:
            self.error(sheet, row.number, key, exc.msgid, **exc.params)
            return None

    def province(self, raw: str) -> str:
        province = self.reference.province(raw)
        if province is None:
            raise values.Invalid("directory.cell.province", value=raw)
        return province.name_th

    def once(self, seen: dict[Any, int], key: Any, sheet: Sheet, row: int, column: str) -> bool:
        """False (and an error) when `key` was already given on an earlier row."""
        if key in seen:
            self.error(sheet, row, column, "directory.cell.duplicate", row=seen[key])
            return False
        seen[key] = row
        return True

    # --- tables -----------------------------------------------------------------------------------------------------

    def check_committees(self, sheet: Sheet) -> None:
        for row in sheet.rows:
            before = len(self.errors)
            code = self.cell(sheet, row, "code", values.code, required=True)
            name = self.cell(sheet, row, "name", lambda v: values.text(v, values.TITLE_LIMIT), required=True)
            kind = self.cell(sheet, row, "kind", values.kind, required=True)
            office_code = self.cell(sheet, row, "office_code", values.code, required=True)
            office_name = self.cell(sheet, row, "office_name", lambda v: values.text(v, values.TITLE_LIMIT), True)
            province = self.cell(sheet, row, "province", self.province)
            if code is not None:
                self.once(self.committee_rows, code, sheet, row.number, "code")
            if office_code is not None:
                self.office_rows.setdefault(office_code, row.number)
            if len(self.errors) > before:
                continue
            office = OfficeRecord(office_code, office_name, kind, province)
            known = self.plan.offices.get(office_code)
            if known is not None and known != office:
                first = self.office_from[office_code]
                self.error(sheet, row.number, "office_name", "directory.cell.office_conflict", row=first)
                continue
            self.plan.offices[office_code] = office
            self.office_from.setdefault(office_code, row.number)
            self.plan.committees.append(CommitteeRecord(code, name, kind, office_code))

    def check_people(self, sheet: Sheet) -> None:
        file_committees = set(self.committee_rows)  # rows with errors count too: their errors are already shown
        for row in sheet.rows:
            before = len(self.errors)
            name = self.cell(sheet, row, "full_name", lambda v: values.text(v, values.NAME_LIMIT), required=True)
            role = self.cell(sheet, row, "role", values.role, required=True)
            committee = self.cell(sheet, row, "committee", values.code)
            phone = self.cell(sheet, row, "phone", values.phone)
            email = self.cell(sheet, row, "email", values.email)
            is_admin = bool(self.cell(sheet, row, "admin", values.yes_no))
            if role in ROLES and committee is None and not row.get("committee"):
                self.error(sheet, row.number, "committee", "directory.cell.committee_needed")
            if committee is not None and committee not in file_committees | self.snapshot.committee_codes:
                self.error(sheet, row.number, "committee", "directory.cell.unknown_committee", value=committee)
            if role == values.DIRECTOR and is_admin:
                self.error(sheet, row.number, "admin", "directory.cell.admin_without_seat")
            if len(self.errors) > before:
                if name:
                    self.broken_names.add(values.name_key(name))
                continue
            person = self.person(sheet, row.number, name, phone, email)
            if person is None or role == values.DIRECTOR:
                continue
            if self.once(self.seat_rows, (committee, person, role), sheet, row.number, "role"):
                self.plan.seats.append(SeatRecord(committee, person, role, is_admin))

    def person(self, sheet: Sheet, row: int, name: str, phone: str | None, email: str | None) -> int | None:
        """The index of this row's person in the plan, merging rows of one person; None on a contradiction."""
        keys = dict(zip(PERSON_KEYS, (email, phone, values.name_key(name)), strict=True))
        column, found = next(
            ((c, self.in_file[c][k]) for c, k in keys.items() if k is not None and k in self.in_file[c]), ("", None)
        )
        if found is None:
            self.plan.people.append(PersonRecord(name, phone, email, row))
            self.person_sheets.append(sheet)
            found = len(self.plan.people) - 1
        else:
            known = self.plan.people[found]
            if column != "full_name" and values.name_key(known.full_name) != keys["full_name"]:
                self.error(
                    sheet, row, column, "directory.cell.shared_contact", row=known.first_row, name=known.full_name
                )
                return None
            clashes = [
                (c, theirs)
                for c, mine, theirs in (("phone", phone, known.phone), ("email", email, known.email))
                if mine and theirs and mine != theirs
            ]
            for c, theirs in clashes:
                self.error(sheet, row, c, "directory.cell.conflict", row=known.first_row, value=theirs)
            if clashes:
                return None
            known.phone, known.email = known.phone or phone, known.email or email
        for c, k in keys.items():
            if k is not None:
                self.in_file[c].setdefault(k, found)
        return found

    def match_stored_people(self) -> None:
        """Find each person of the file in the store: e-mail, then phone, then exact name."""
        claimed: dict[int, PersonRecord] = {}
        for person, sheet in zip(self.plan.people, self.person_sheets, strict=True):
            keys = (person.email, person.phone, values.name_key(person.full_name))
            column, ids = next(
                ((c, self.stored_by[c][k]) for c, k in zip(PERSON_KEYS, keys, strict=True) if k in self.stored_by[c]),
                ("full_name", []),
            )
            if len(ids) > 1:
                shown = person.full_name if column == "full_name" else keys[PERSON_KEYS.index(column)]
                self.error(sheet, person.first_row, column, "directory.cell.ambiguous", value=shown, ids=_ids(ids))
            elif ids and ids[0] in claimed:
                other = claimed[ids[0]].first_row
                self.error(sheet, person.first_row, "full_name", "directory.cell.same_stored_person", row=other)
            elif ids:
                claimed[ids[0]] = person
                person.stored_id = ids[0]

    def check_schools(self, sheet: Sheet) -> None:
        offices = set(self.office_rows) | self.snapshot.office_codes
        for row in sheet.rows:
            before = len(self.errors)
            code = self.cell(sheet, row, "code", values.school_code, required=True)
            name = self.cell(sheet, row, "name", lambda v: values.text(v, values.TITLE_LIMIT), required=True)
            office_code = self.cell(sheet, row, "office_code", values.code, required=True)
            province = self.cell(sheet, row, "province", self.province)
            director = self.cell(sheet, row, "director", lambda v: values.text(v, values.NAME_LIMIT))
            if code is not None:
                self.once(self.school_rows, code, sheet, row.number, "code")
            if office_code is not None and office_code not in offices:
                self.error(sheet, row.number, "office_code", "directory.cell.unknown_office", value=office_code)
            director_person, director_id = self.director(sheet, row.number, director) if director else (None, None)
            if len(self.errors) > before:
                continue
            self.plan.schools.append(SchoolRecord(code, name, office_code, province, director_person, director_id))

    def director(self, sheet: Sheet, row: int, name: str) -> tuple[int | None, int | None]:
        """The director as a person of the file, or else of the store (errors when unknown or ambiguous)."""
        key = values.name_key(name)
        if key in self.in_file["full_name"]:
            return self.in_file["full_name"][key], None
        ids = self.stored_by["full_name"].get(key, [])
        if len(ids) == 1:
            return None, ids[0]
        if len(ids) > 1:
            self.error(sheet, row, "director", "directory.cell.ambiguous", value=name, ids=_ids(ids))
        elif key not in self.broken_names:
            self.error(sheet, row, "director", "directory.cell.unknown_person", value=name)
        return None, None


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)
