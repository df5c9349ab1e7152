"""indexes for national scale: every foreign key the status answers read by, newest update per school

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-27 14:00:00

Measured with bench/status_scale.py on 1M progress updates: without these, every read of a school's updates scans
the whole table (and on SQLite holds the write lock meanwhile). See docs/BENCHMARKS.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name, table, columns (text, so that DESC is kept)
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_progress_updates_school_newest", "progress_updates", ("school_id", "created_at DESC", "id DESC")),
    ("ix_progress_updates_person_id", "progress_updates", ("person_id",)),
    ("ix_update_attachments_update_id", "update_attachments", ("update_id",)),
    ("ix_pilot_schools_director_id", "pilot_schools", ("director_id",)),
    ("ix_pilot_schools_area_office_code", "pilot_schools", ("area_office_id", "code")),
    ("ix_committee_members_person_id", "committee_members", ("person_id",)),
    ("ix_identities_person_id", "identities", ("person_id",)),
    ("ix_committees_area_office_id", "committees", ("area_office_id",)),
    ("ix_invite_codes_person_id", "invite_codes", ("person_id",)),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, [sa.text(c) for c in columns])


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
