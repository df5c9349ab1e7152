"""vacated seats: an erased person's seats keep their role and committee, lose their holder

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("committee_members") as batch:
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("vacated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("former_person_id", sa.Integer(), nullable=True))
    # Seats of people erased before this revision: vacate them the way erasure now does.
    op.execute(
        "UPDATE committee_members SET former_person_id = person_id, is_admin = false, "
        "vacated_at = (SELECT erased_at FROM people WHERE people.id = committee_members.person_id) "
        "WHERE person_id IN (SELECT id FROM people WHERE erased_at IS NOT NULL)"
    )
    op.execute("UPDATE committee_members SET person_id = NULL WHERE vacated_at IS NOT NULL")


def downgrade() -> None:
    op.execute("UPDATE committee_members SET person_id = former_person_id WHERE person_id IS NULL")
    op.execute("DELETE FROM committee_members WHERE person_id IS NULL")
    with op.batch_alter_table("committee_members") as batch:
        batch.drop_column("former_person_id")
        batch.drop_column("vacated_at")
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
