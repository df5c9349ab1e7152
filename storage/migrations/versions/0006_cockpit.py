"""cockpit: viewers, one-time links, sessions (its reads use 0005's indexes)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cockpit_viewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_cockpit_viewers_person_id_people")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["oversight_groups.id"], name=op.f("fk_cockpit_viewers_group_id_oversight_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cockpit_viewers")),
        sa.UniqueConstraint("person_id", "scope", "group_id", name=op.f("uq_cockpit_viewers_person_id")),
    )
    op.create_table(
        "cockpit_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_cockpit_links_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cockpit_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_cockpit_links_token_hash")),
    )
    op.create_table(
        "cockpit_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_cockpit_sessions_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cockpit_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_cockpit_sessions_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("cockpit_sessions")
    op.drop_table("cockpit_links")
    op.drop_table("cockpit_viewers")
