"""reminders: outbox claims and retry keys, custom deadlines, reminder marks and decisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:30:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retry_key", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("batch_key", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=30), nullable=False, server_default="message"))
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    for (row_id,) in conn.execute(sa.text("SELECT id FROM outbox")).all():
        conn.execute(sa.text("UPDATE outbox SET retry_key = :k WHERE id = :i"), {"k": str(uuid.uuid4()), "i": row_id})
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("retry_key", existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_outbox_retry_key"), ["retry_key"])
        batch_op.create_index("ix_outbox_person_kind", ["person_id", "kind"], unique=False)

    op.create_table(
        "custom_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("offsets", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], name=op.f("fk_custom_deadlines_committee_id_committees")
        ),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"], name=op.f("fk_custom_deadlines_created_by_people")),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_custom_deadlines_province_id_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_deadlines")),
    )
    op.create_table(
        "reminder_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("postpone_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_reminder_marks_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_marks")),
        sa.UniqueConstraint("series", "person_id", name=op.f("uq_reminder_marks_series")),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("recipient", sa.String(length=60), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("series", "step", "recipient", name=op.f("pk_reminder_sent")),
    )


def downgrade() -> None:
    op.drop_table("reminder_sent")
    op.drop_table("reminder_marks")
    op.drop_table("custom_deadlines")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_person_kind")
        batch_op.drop_constraint(op.f("uq_outbox_retry_key"), type_="unique")
        batch_op.drop_column("person_id")
        batch_op.drop_column("kind")
        batch_op.drop_column("batch_key")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("retry_key")
