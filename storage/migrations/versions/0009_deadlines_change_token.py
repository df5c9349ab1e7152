"""change token of deadlines: a process may keep the admin-set deadlines it read while the token stays the same

Every deadline question read `deadlines`; on PostgreSQL that was a round trip of its own in the middle of the
event. Now the table `change_tokens` holds a random token per watched table, renewed by a trigger in the same
transaction as every change of `deadlines` (so a token is never seen without its change), and
`sandboxbot_begin_event` returns the token with the event's context: a process reads `deadlines` again only when
the token differs from the one its copy was read under (storage/lean.py `deadlines`). A random token, not a counter,
so that a database restored from a backup cannot show an old number with other rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 13:00:00
"""

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_RENEW = """
CREATE FUNCTION sandboxbot_renew_deadlines_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_tokens SET token = (random() * 9.2e18)::bigint WHERE name = 'deadlines';
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = (
    "CREATE TRIGGER deadlines_change_token AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deadlines "
    "FOR EACH STATEMENT EXECUTE FUNCTION sandboxbot_renew_deadlines_token()"
)
_SQLITE_TRIGGER = (  # SQLite has row triggers only; random() is a 64-bit integer there
    "CREATE TRIGGER deadlines_change_token_{event} AFTER {event} ON deadlines FOR EACH ROW "
    "BEGIN UPDATE change_tokens SET token = random() WHERE name = 'deadlines'; END"
)
_SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")

# migration 0008's function with one more column, the deadlines' token (read in the same snapshot as the context)
_BEGIN_EVENT = """
CREATE FUNCTION sandboxbot_begin_event(
    a_lock bigint, a_platform varchar, a_event_id varchar, a_kind varchar, a_received_at timestamptz,
    a_user_id varchar, a_display_name varchar, a_add_identity boolean, a_linked_at timestamptz,
    a_key_platform varchar, a_chat_id varchar, a_key_user_id varchar
) RETURNS TABLE (
    i_id integer, i_person_id integer, i_platform varchar, i_user_id varchar, i_display_name varchar,
    i_language varchar, i_linked_at timestamptz,
    p_id integer, p_full_name varchar, p_phone varchar, p_email varchar, p_language varchar,
    p_consented_at timestamptz, p_created_at timestamptz, p_erased_at timestamptz,
    s_found integer, s_flow varchar, s_data json, t_deadlines bigint
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
        ip.p_erased_at, s.found, s.flow, s.data,
        (SELECT t.token FROM change_tokens AS t WHERE t.name = 'deadlines')
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
    op.create_table(
        "change_tokens",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("INSERT INTO change_tokens (name, token) VALUES ('deadlines', (random() * 9.2e18)::bigint)")
        op.execute(_PG_RENEW)
        op.execute(_PG_TRIGGER)
        op.execute("DROP FUNCTION sandboxbot_begin_event")
        op.execute(_BEGIN_EVENT)
    else:
        op.execute("INSERT INTO change_tokens (name, token) VALUES ('deadlines', random())")
        for event in _SQLITE_EVENTS:
            op.execute(_SQLITE_TRIGGER.format(event=event))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION sandboxbot_begin_event")
        op.execute(importlib.import_module("storage.migrations.versions.0008_begin_event_function")._CREATE)
        op.execute("DROP TRIGGER deadlines_change_token ON deadlines")
        op.execute("DROP FUNCTION sandboxbot_renew_deadlines_token")
    else:
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER deadlines_change_token_{event}")
    op.drop_table("change_tokens")
