"""one committee per group chat

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 13:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ux_committees_group_chat", "committees", ["group_chat_platform", "group_chat_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_committees_group_chat", table_name="committees")
