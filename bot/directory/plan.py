"""What a valid file asks the store to become: records in the stored form, and the cell errors that block them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.directory.reader import Message


@dataclass(frozen=True, slots=True)
class CellError:
    """One wrong cell: where it is (sheet, row as the spreadsheet shows it, column header) and what is wrong."""

    where: Message
    row: int
    column: str
    problem: Message
    order: tuple[int, int, int]  # sheet, row, column: errors are listed in reading order


@dataclass(frozen=True, slots=True)
class OfficeRecord:
    code: str
    name: str
    kind: str
    province: str | None  # Province.name_th


@dataclass(frozen=True, slots=True)
class CommitteeRecord:
    code: str
    name: str
    kind: str
    office_code: str


@dataclass(slots=True)
class PersonRecord:
    """A person as the file describes them, merged over their rows; `stored_id` is the store's match, if any."""

    full_name: str
    phone: str | None
    email: str | None
    first_row: int
    stored_id: int | None = None


@dataclass(frozen=True, slots=True)
class SeatRecord:
    committee_code: str
    person: int  # index into Plan.people
    role: str
    is_admin: bool


@dataclass(frozen=True, slots=True)
class SchoolRecord:
    code: str
    name: str
    office_code: str
    province: str | None
    director_person: int | None  # index into Plan.people, when the file lists the director
    director_id: int | None  # a person already in the store, otherwise


@dataclass(slots=True)
class Plan:
    offices: dict[str, OfficeRecord] = field(default_factory=dict)
    committees: list[CommitteeRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    seats: list[SeatRecord] = field(default_factory=list)
    schools: list[SchoolRecord] = field(default_factory=list)
