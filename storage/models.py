"""The whole domain as typed SQLAlchemy 2 models. Times are stored in UTC."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


# --- geography and oversight -------------------------------------------------------------------


class OversightGroup(Base):
    """One of the two OBEC groups that oversee ten provinces each."""

    __tablename__ = "oversight_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    provinces: Mapped[list[Province]] = relationship(back_populates="group")
    officials: Mapped[list[Official]] = relationship(back_populates="group", order_by="Official.position")


class Official(Base):
    __tablename__ = "officials"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("oversight_groups.id"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    title_th: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    group: Mapped[OversightGroup] = relationship(back_populates="officials")
    __table_args__ = (UniqueConstraint("group_id", "name"),)


class Province(Base):
    __tablename__ = "provinces"
    id: Mapped[int] = mapped_column(primary_key=True)
    name_th: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_groups.id"))
    group: Mapped[OversightGroup | None] = relationship(back_populates="provinces")


class AreaOffice(Base):
    """An educational service area office (สพท.) or the special-education bureau (สศศ.)."""

    __tablename__ = "area_offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # "area" or "special"
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))


# --- committees and people ---------------------------------------------------------------------


class Committee(Base):
    __tablename__ = "committees"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # "area" or "special"
    area_office_id: Mapped[int | None] = mapped_column(ForeignKey("area_offices.id"))
    group_chat_platform: Mapped[str | None] = mapped_column(String(20))
    group_chat_id: Mapped[str | None] = mapped_column(String(100))
    members: Mapped[list[CommitteeMember]] = relationship(back_populates="committee")


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(5))
    consented_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]  # PDPA erasure: name replaced, contacts cleared, accounts unlinked
    identities: Mapped[list[Identity]] = relationship(back_populates="person")
    memberships: Mapped[list[CommitteeMember]] = relationship(back_populates="person")


class Identity(Base):
    """One platform account of a person; one person may use Telegram and LINE."""

    __tablename__ = "identities"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(5))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    person: Mapped[Person | None] = relationship(back_populates="identities")
    __table_args__ = (UniqueConstraint("platform", "user_id"),)


class CommitteeMember(Base):
    """A seat: chair, vice_chair, expert, school_rep or secretary; `is_admin` may run group commands.

    A seat whose holder had their data erased stays, vacated: no holder (`person_id` None), `vacated_at` set, and
    `former_person_id` (the anonymised record, no personal data) so the round's check-ins still count for the seat.
    A re-import of the same role fills it again (storage/repositories/seats.py)."""

    __tablename__ = "committee_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(20))
    is_admin: Mapped[bool] = mapped_column(default=False)
    vacated_at: Mapped[datetime | None]
    former_person_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the anonymised holder, for counts only
    committee: Mapped[Committee] = relationship(back_populates="members")
    person: Mapped[Person | None] = relationship(back_populates="memberships")
    __table_args__ = (UniqueConstraint("committee_id", "person_id", "role"),)


class PilotSchool(Base):
    """A pilot school (สถานศึกษานำร่อง) with its 10-digit school code."""

    __tablename__ = "pilot_schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    area_office_id: Mapped[int | None] = mapped_column(ForeignKey("area_offices.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    director_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


# --- duties, deadlines, reports ----------------------------------------------------------------


class Duty(Base):
    __tablename__ = "duties"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title_th: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    text_th: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)


class Mechanism(Base):
    __tablename__ = "mechanisms"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    text_th: Mapped[str] = mapped_column(Text)
    short_th: Mapped[str] = mapped_column(String(300))
    short_en: Mapped[str] = mapped_column(String(300))


class Deadline(Base):
    """A report round's due date for an academic year (BE); admins may move it, the rule fills the rest."""

    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int]
    round: Mapped[int]
    opens_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    __table_args__ = (UniqueConstraint("academic_year", "round"),)


class ChangeToken(Base):
    """A random token the database renews whenever a table it names changes (migration 0009's triggers): a process
    may keep what it read of that table for as long as the token stays the same."""

    __tablename__ = "change_tokens"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


class ProgressUpdate(Base):
    __tablename__ = "progress_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("pilot_schools.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    project: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # on_track, at_risk, delayed
    percent: Mapped[int | None]
    done: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    help_needed: Mapped[str | None] = mapped_column(Text)
    platform: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    attachments: Mapped[list[UpdateAttachment]] = relationship(back_populates="update")


class UpdateAttachment(Base):
    """A photo or document kept by platform file id, with type and size."""

    __tablename__ = "update_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("progress_updates.id"))
    platform: Mapped[str] = mapped_column(String(20))
    file_id: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(20))
    size: Mapped[int | None] = mapped_column(BigInteger)
    update: Mapped[ProgressUpdate] = relationship(back_populates="attachments")


class CheckIn(Base):
    """A member's status on one duty for one report round."""

    __tablename__ = "check_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    duty_number: Mapped[int]
    academic_year: Mapped[int]
    round: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))  # done, in_progress, not_started, blocked
    note: Mapped[str | None] = mapped_column(Text)
    platform: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("committee_id", "person_id", "duty_number", "academic_year", "round"),)


class InviteCode(Base):
    __tablename__ = "invite_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"))


# --- plumbing ----------------------------------------------------------------------------------


class ProcessedEvent(Base):
    """Every inbound event counts once: (platform, event id) is the key."""

    __tablename__ = "processed_events"
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    ignored_reason: Mapped[str | None] = mapped_column(String(60))  # kind "ignored": why the bot could not use it


class ConversationState(Base):
    """A half-finished conversation, per (platform, chat, user), so restarts lose nothing."""

    __tablename__ = "conversation_states"
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A proactive message, written in the same transaction as its cause and sent by a worker (bot/outbox).

    status: pending -> sending (claimed; `claimed_at` is the lease) -> sent | failed. `retry_key` is the LINE
    X-Line-Retry-Key of a push; `batch_key` the one of the multicast the row was claimed into.
    """

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    retry_key: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid.uuid4()), unique=True)
    claimed_at: Mapped[datetime | None]
    batch_key: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(
        String(30), default="message", server_default="message"
    )  # message, reminder, escalation, notice
    person_id: Mapped[int | None] = mapped_column(Integer)  # the recipient, when a person (no FK: keep history)
    __table_args__ = (
        Index("ix_outbox_status_available", "status", "available_at"),
        Index("ix_outbox_person_kind", "person_id", "kind"),
    )


class AuditLog(Base):
    """Who did what, when, from which platform."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# --- cockpit (issue 11): who may open the web cockpit, one-time links and sessions ---------------------------


class CockpitViewer(Base):
    """A person who sees more than their own committees: a whole oversight group (an OBEC group official) or
    everything (a national admin). Granted with `sandboxbot cockpit grant`; committee admins need no row."""

    __tablename__ = "cockpit_viewers"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    scope: Mapped[str] = mapped_column(String(20))  # "national" or "group"
    group_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_groups.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("person_id", "scope", "group_id"),)


class CockpitLink(Base):
    """A link sent to one person: "login" works once and opens a session; "report" downloads one committee's
    report until it expires. Only the SHA-256 of the token is kept."""

    __tablename__ = "cockpit_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class CockpitSession(Base):
    """A signed-in browser: the cookie holds the token, the row its hash, its CSRF token and its expiry."""

    __tablename__ = "cockpit_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


# The cockpit's reads use the national-scale indexes below (issue 12): a school's updates by date, attachments by
# update, an area office's schools.


# --- admin commands in group chats (issue 9) ----------------------------------------------------------------------

# A group chat serves one committee at most (a committee has one group: its two columns).
Index("ux_committees_group_chat", Committee.group_chat_platform, Committee.group_chat_id, unique=True)
# --- reminders (issue 7) -----------------------------------------------------------------------


class CustomDeadline(Base):
    """An admin's own deadline: for one committee, one province or everyone; acted on by an audience.

    audience: "members" (committee seats), "directors" (pilot-school directors) or a seat role ("chair",
    "secretary", ...). `offsets` overrides the reminder policy (days before the due date; negative: after).
    """

    __tablename__ = "custom_deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(20))  # everyone, committee, province
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    audience: Mapped[str] = mapped_column(String(20), default="members")
    offsets: Mapped[list[int] | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]


class ReminderMark(Base):
    """A person's answer to one series of reminders (a report round "r2569-2" or a custom deadline "d7")."""

    __tablename__ = "reminder_marks"
    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    done_at: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]
    postpone_requested_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("series", "person_id"),)


class ReminderSent(Base):
    """One reminder step of one series decided for one person (or one escalation for one committee): never twice."""

    __tablename__ = "reminder_sent"
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    step: Mapped[str] = mapped_column(String(30), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(60), primary_key=True)  # "p<person id>" or "g<committee id>"
    outbox_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- indexes for national scale (issue 12; migration 0005) -------------------------------------
# The status answers read by these columns; without them each read scans a table that grows every year.

Index("ix_progress_updates_school_newest", ProgressUpdate.school_id, ProgressUpdate.created_at.desc(),
      ProgressUpdate.id.desc())  # fmt: skip
Index("ix_progress_updates_person_id", ProgressUpdate.person_id)
Index("ix_update_attachments_update_id", UpdateAttachment.update_id)
Index("ix_pilot_schools_director_id", PilotSchool.director_id)
Index("ix_pilot_schools_area_office_code", PilotSchool.area_office_id, PilotSchool.code)
Index("ix_committee_members_person_id", CommitteeMember.person_id)
Index("ix_identities_person_id", Identity.person_id)
Index("ix_committees_area_office_id", Committee.area_office_id)
Index("ix_invite_codes_person_id", InviteCode.person_id)
