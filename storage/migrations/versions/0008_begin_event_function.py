"""begin_event: an event's lock, record, new identity and context in one round trip (PostgreSQL only)

PL/pgSQL and VOLATILE, so each statement inside takes its own snapshot (READ COMMITTED): the state is read after
the conversation's advisory lock is granted and sees what the previous event of that conversation committed (one
statement, e.g. a CTE, would read with the snapshot it took before waiting for the lock). Its result columns are
the row storage/lean.py's `_context` reads (tests/operations/test_begin_event.py checks they agree); no row means
a duplicate event.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 11:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREATE = """
CREATE FUNCTION sandboxbot_begin_event(
    a_lock bigint, a_platform varchar, a_event_id varchar, a_kind varchar, a_received_at timestamptz,
    a_user_id varchar, a_display_name varchar, a_add_identity boolean, a_linked_at timestamptz,
    a_key_platform varchar, a_chat_id varchar, a_key_user_id varchar
) RETURNS TABLE (
    i_id integer, i_person_id integer, i_platform varchar, i_user_id varchar, i_display_name varchar,
    i_language varchar, i_linked_at timestamptz,
    p_id integer, p_full_name varchar, p_phone varchar, p_email varchar, p_language varchar,
    p_consented_at timestamptz, p_created_at timestamptz, p_erased_at timestamptz,
    s_found integer, s_flow varchar, s_data json
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(a_lock);
    INSERT INTO processed_events (platform, event_id, kind, received_at)
        VALUES (a_platform, a_event_id, a_kind, a_received_at) ON CONFLICT (platform, event_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN;  -- a duplicate: no row
    END IF;
    IF a_add_identity THEN
        INSERT INTO identities (platform, user_id, display_name, linked_at)
            VALUES (a_platform, a_user_id, a_display_name, a_linked_at) ON CONFLICT (platform, user_id) DO NOTHING;
    END IF;
    RETURN QUERY SELECT
        ip.i_id, ip.i_person_id, ip.i_platform, ip.i_user_id, ip.i_display_name, ip.i_language, ip.i_linked_at,
        ip.p_id, ip.p_full_name, ip.p_phone, ip.p_email, ip.p_language, ip.p_consented_at, ip.p_created_at,
        ip.p_erased_at, s.found, s.flow, s.data
    FROM (SELECT 1 AS one) AS one
    LEFT OUTER JOIN (
        SELECT i.id AS i_id, i.person_id AS i_person_id, i.platform AS i_platform, i.user_id AS i_user_id,
            i.display_name AS i_display_name, i.language AS i_language, i.linked_at AS i_linked_at,
            p.id AS p_id, p.full_name AS p_full_name, p.phone AS p_phone, p.email AS p_email,
            p.language AS p_language, p.consented_at AS p_consented_at, p.created_at AS p_created_at,
            p.erased_at AS p_erased_at
        FROM identities AS i LEFT OUTER JOIN people AS p ON p.id = i.person_id
        WHERE i.platform = a_platform AND i.user_id = a_user_id
    ) AS ip ON true
    LEFT OUTER JOIN (
        SELECT 1 AS found, c.flow, c.data FROM conversation_states AS c
        WHERE c.platform = a_key_platform AND c.chat_id = a_chat_id AND c.user_id = a_key_user_id FOR UPDATE
    ) AS s ON true;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION sandboxbot_begin_event")
