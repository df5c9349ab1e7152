"""The few statements every event runs, sent straight to the driver inside the event's (or a session's) transaction.

Through SQLAlchemy each of them cost more CPU than everything SQLite does for it (statement objects, compiled-cache
lookups, result and ORM loading machinery, a greenlet hop per call). Here each is a fixed SQL string on the raw
connection: sqlite3 keeps its own prepared-statement cache and asyncpg prepares each string once per connection.
They run in the transaction that is open on that connection (the event's, bot/core/event_store.py, or a session's,
see `driver`), so they commit or roll back with everything else. Values are converted with
the column types' own SQLAlchemy processors, so rows read and written here are the same as through the ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_dict, instance_state
from sqlalchemy.util import greenlet_spawn

from storage.models import ConversationState, Deadline, Identity, Person, ProcessedEvent, utcnow
from storage.sqlite_inline import inline_sqlite3

Row = tuple[Any, ...]


class Driver:
    """Run one statement on the raw connection: qmark placeholders (`?`), rewritten for asyncpg. An event's driver on
    PostgreSQL also carries the deadlines' change token its begin read, and the process's copies they are kept in."""

    dialect: Any
    deadlines_token: int | None = None
    kept_deadlines: KeptReads | None = None

    async def fetchone(self, sql: str, params: Sequence[Any]) -> Row | None:
        raise NotImplementedError

    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]:
        raise NotImplementedError

    async def execute(self, sql: str, params: Sequence[Any]) -> None:
        raise NotImplementedError

    def defer(self, sql: str, params: Sequence[Any]) -> bool:
        """Send this write with the transaction's COMMIT instead of now, where the driver can (an event's own
        transaction on PostgreSQL, storage/pg_event.py); False: the caller runs it now."""
        return False


class Sqlite(Driver):
    def __init__(self, dialect: Any, connection: Any) -> None:
        self.dialect = dialect
        self._conn = connection

    async def fetchone(self, sql: str, params: Sequence[Any]) -> Row | None:
        if isinstance(self._conn, sqlite3.Connection):  # inline: sqlite3 on the loop's thread (storage/sqlite_inline)
            return self._conn.execute(sql, params).fetchone()
        async with self._conn.execute(sql, params) as cursor:  # aiosqlite on its worker thread
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]:
        if isinstance(self._conn, sqlite3.Connection):
            return self._conn.execute(sql, params).fetchall()
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Sequence[Any]) -> None:
        if isinstance(self._conn, sqlite3.Connection):
            self._conn.execute(sql, params)
        else:
            await (await self._conn.execute(sql, params)).close()


class Asyncpg(Driver):
    def __init__(self, dialect: Any, adapted: Any) -> None:
        self.dialect = dialect
        self._adapted = adapted
        self._conn = adapted.driver_connection

    async def _begun(self) -> None:
        # SQLAlchemy's asyncpg adapter begins its transaction lazily, at the first statement it runs itself.
        if self._adapted._transaction is None:
            await self._adapted._start_transaction()

    async def fetchone(self, sql: str, params: Sequence[Any]) -> Row | None:
        await self._begun()
        row = await self._conn.fetchrow(numbered(sql), *params)
        return None if row is None else tuple(row)

    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]:
        await self._begun()
        return [tuple(row) for row in await self._conn.fetch(numbered(sql), *params)]

    async def execute(self, sql: str, params: Sequence[Any]) -> None:
        await self._begun()
        await self._conn.execute(numbered(sql), *params)


_NUMBERED: dict[str, str] = {}


def numbered(sql: str) -> str:
    """`?` placeholders as asyncpg's `$1, $2, ...` (our statements have no `?` inside literals)."""
    out = _NUMBERED.get(sql)
    if out is None:
        parts = sql.split("?")
        out = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
        _NUMBERED[sql] = out
    return out


class Source(Protocol):
    """An event's store (bot/core/event_store.py): its driver, or its session where it has none."""

    db: Driver | None

    @property
    def session(self) -> AsyncSession: ...

    @property
    def opened(self) -> AsyncSession | None: ...

    def pending(self) -> AsyncSession | None: ...


async def driver(source: AsyncSession | Source) -> Driver:
    """The raw connection of the session's transaction (beginning it, as the session would); one per session. An
    event's store and its session carry their connection's driver from the start."""
    if not isinstance(source, AsyncSession):
        if source.db is not None:
            return source.db
        source = source.session
    session = source
    event_driver = session.info.get(EVENT_DRIVER)
    if event_driver is not None:
        return event_driver
    cached = session.info.get(_DRIVER)
    transaction = session.sync_session.get_transaction()
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    connection = await greenlet_spawn(session.sync_session.connection)  # one hop; begins the transaction
    db = driver_of(connection)
    session.info[_DRIVER] = (session.sync_session.get_transaction(), db)
    return db


async def reading(source: AsyncSession | Source) -> Driver:
    """`driver`, for a read that must see what the event's session has pending: written first, as an ORM query's
    autoflush would (a seat or deadline added earlier in this event counts)."""
    session = source if isinstance(source, AsyncSession) else source.pending()
    if session is not None and (session.new or session.dirty or session.deleted):
        await session.flush()
    return await driver(source)


EVENT_DRIVER = "lean.event_driver"
_DRIVER = "lean.driver"


def driver_of(connection: Connection) -> Driver:
    """The driver of a SQLAlchemy connection whose transaction has begun."""
    adapted = connection.connection.dbapi_connection
    dialect = connection.dialect
    if dialect.name == "postgresql":
        return Asyncpg(dialect, adapted)
    aio = adapted.driver_connection  # aiosqlite.Connection
    return Sqlite(dialect, inline_sqlite3(aio) or aio)


# --- value conversion, by the column types' own processors ------------------------------------------------------

_processors: dict[tuple[str, int, str], Callable[[Any], Any] | None] = {}
_row_processors: dict[tuple[str, int], list[Callable[[Any], Any] | None]] = {}


def _processor(dialect: Any, column: Any, kind: str) -> Callable[[Any], Any] | None:
    key = (dialect.name, id(column), kind)
    if key not in _processors:
        impl = column.type.dialect_impl(dialect)
        _processors[key] = impl.bind_processor(dialect) if kind == "bind" else impl.result_processor(dialect, None)
    return _processors[key]


def _bind(db: Driver, column: Any, value: Any) -> Any:
    process = _processor(db.dialect, column, "bind")
    return value if process is None or value is None else process(value)


def _result(db: Driver, columns: tuple[Any, ...], row: Sequence[Any]) -> list[Any]:
    """The row's values as the columns' types return them; `columns` is one of this module's constant tuples (the
    processors are looked up once per dialect and tuple)."""
    processors = _row_processors.get((db.dialect.name, id(columns)))
    if processors is None:
        processors = [_processor(db.dialect, column, "result") for column in columns]
        _row_processors[(db.dialect.name, id(columns))] = processors
    return [
        value if process is None or value is None else process(value)
        for process, value in zip(processors, row, strict=True)
    ]


# --- the statements ----------------------------------------------------------------------------------------------

_E = ProcessedEvent.__table__
_RECORD = (
    "INSERT INTO processed_events (platform, event_id, kind, received_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, event_id) DO NOTHING RETURNING event_id"
)


_LOCK_AND_RECORD = (  # PostgreSQL: the conversation's advisory lock first, in the same round trip
    "INSERT INTO processed_events (platform, event_id, kind, received_at) "
    "SELECT ?::varchar, ?::varchar, ?::varchar, ?::timestamptz "
    "FROM (SELECT pg_advisory_xact_lock(?::bigint)) AS locked "
    "ON CONFLICT (platform, event_id) DO NOTHING RETURNING event_id"
)


async def record_event(db: Driver, platform: str, event_id: str, kind: str, lock: int | None = None) -> bool:
    """Insert (platform, event id) unless it is there; True when this call inserted it (the event is new). With
    `lock` (PostgreSQL), take that transaction-scoped advisory lock first, in the same statement."""
    values = (platform, event_id, kind, _bind(db, _E.c.received_at, utcnow()))
    if lock is not None:
        return await db.fetchone(_LOCK_AND_RECORD, (*values, lock)) is not None
    return await db.fetchone(_RECORD, values) is not None


_I = Identity.__table__
_P = Person.__table__
_ADD_IDENTITY = (
    "INSERT INTO identities (platform, user_id, display_name, linked_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, user_id) DO NOTHING"
)
_I_COLUMNS = tuple(_I.columns)
_P_COLUMNS = tuple(_P.columns)
_IP_COLUMNS = _I_COLUMNS + _P_COLUMNS
_IDENTITY = (
    "SELECT "
    + ", ".join([f"i.{c.name}" for c in _I_COLUMNS] + [f"p.{c.name}" for c in _P_COLUMNS])
    + " FROM identities AS i LEFT OUTER JOIN people AS p ON p.id = i.person_id"
    + " WHERE i.platform = ? AND i.user_id = ?"
)


_CONTEXT = (  # the identity with its person, and the conversation's state, in one round trip
    "SELECT "
    + ", ".join([f"ip.i_{c.name}" for c in _I_COLUMNS] + [f"ip.p_{c.name}" for c in _P_COLUMNS])
    + ", s.found, s.flow, s.data FROM (SELECT 1 AS one) AS one LEFT OUTER JOIN (SELECT "
    + ", ".join([f"i.{c.name} AS i_{c.name}" for c in _I_COLUMNS] + [f"p.{c.name} AS p_{c.name}" for c in _P_COLUMNS])
    + " FROM identities AS i LEFT OUTER JOIN people AS p ON p.id = i.person_id"
    + " WHERE i.platform = ? AND i.user_id = ?) AS ip ON 1 = 1"
    + " LEFT OUTER JOIN (SELECT 1 AS found, flow, data FROM conversation_states"
    + " WHERE platform = ? AND chat_id = ? AND user_id = ?{lock}) AS s ON 1 = 1"
)


async def load_context(
    db: Driver, platform: str, user_id: str, key: tuple[str, str, str]
) -> tuple[Identity | None, tuple[str | None, Any] | None]:
    """`load_identity` and `load_state` in one statement (the state row locked FOR UPDATE on PostgreSQL)."""
    sql = _CONTEXT.format(lock=" FOR UPDATE" if db.dialect.name == "postgresql" else "")
    row = await db.fetchone(sql, (platform, user_id, *key))
    assert row is not None  # one row always: the outer joins hang off a one-row select
    return _context(db, row)


def _context(db: Driver, row: Sequence[Any]) -> tuple[Identity | None, tuple[str | None, Any] | None]:
    split = len(_I_COLUMNS) + len(_P_COLUMNS)
    identity = _identity(db, row[:split]) if row[0] is not None else None
    if row[split] is None:
        return identity, None
    flow, data = _result(db, _S_COLUMNS, row[split + 1 :])
    return identity, (flow, data)


_BEGIN = "SELECT * FROM sandboxbot_begin_event(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # migration 0008: `_CONTEXT`'s row


async def begin_event(
    db: Driver,
    event: tuple[str, str, str],
    lock: int,
    user: tuple[str | None, str | None, bool],
    key: tuple[str, str, str],
) -> tuple[Identity | None, tuple[str | None, Any] | None] | None:
    """PostgreSQL: `record_event` of (platform, event id, kind) under `lock`, `add_identity` of `user` (user id,
    display name, whether to add it) and `load_context`, in one call of the database's function (migration 0008).
    None for a duplicate event, and then nothing else was done."""
    now = utcnow()
    params = (
        lock,
        *event,
        _bind(db, _E.c.received_at, now),
        *user,
        _bind(db, _I.c.linked_at, now),
        *key,
    )
    row = await db.fetchone(_BEGIN, params)
    if row is None:
        return None
    db.deadlines_token = row[-1]  # migration 0009: the last column
    return _context(db, row[:-1])


async def add_identity(db: Driver, platform: str, user_id: str, display_name: str | None) -> None:
    """Create the account's identity row unless it exists."""
    await db.execute(_ADD_IDENTITY, (platform, user_id, display_name, _bind(db, _I.c.linked_at, utcnow())))


async def load_identity(db: Driver, platform: str, user_id: str) -> Identity | None:
    """The identity and its person in one query, as loaded objects not yet in a session (`attach` puts them in
    one): handlers read them, and change them like any other once attached. `person.identities` is left unloaded."""
    row = await db.fetchone(_IDENTITY, (platform, user_id))
    return None if row is None else _identity(db, row)


def _identity(db: Driver, row: Sequence[Any]) -> Identity:
    values = _result(db, _IP_COLUMNS, row)
    identity_values = dict(zip(_I_KEYS, values[: len(_I_COLUMNS)], strict=True))
    person_values = dict(zip(_P_KEYS, values[len(_I_COLUMNS) :], strict=True))
    person = _loaded(Person, person_values) if person_values["id"] is not None else None
    identity_values["person"] = person  # no backref: person.identities stays unloaded
    return _loaded(Identity, identity_values)


_I_KEYS = [c.key for c in _I_COLUMNS]
_P_KEYS = [c.key for c in _P_COLUMNS]


def _loaded(model: type[Any], values: dict[str, Any]) -> Any:
    """An object with these values, made the way SQLAlchemy's loader makes a queried row's
    (sqlalchemy/orm/loading.py `_instance`): a new instance, its dict filled and keyed; detached until `attach`.
    Through the constructor, `make_transient_to_detached` and `Session.add` this was ~7% of an event's CPU."""
    mapper = model.__mapper__
    key = mapper.identity_key_from_primary_key((values["id"],))
    obj = mapper.class_manager.new_instance()
    state = instance_state(obj)
    instance_dict(obj).update(values)
    state.key = key
    state.identity_token = key[2]
    return obj


def attach(session: AsyncSession, obj: Any) -> None:
    """Put a loaded object (`load_context`'s) into the session as if the session had loaded it, with any change
    made to it meanwhile pending; nothing happens if the session holds that row already."""
    sync = session.sync_session
    state = instance_state(obj)
    if state.key in sync.identity_map:
        return
    state.session_id = sync.hash_key
    sync.identity_map.add(state)


_S = ConversationState.__table__
_S_COLUMNS = (_S.c.flow, _S.c.data)
_LOAD_STATE = "SELECT flow, data FROM conversation_states WHERE platform = ? AND chat_id = ? AND user_id = ?"
_SAVE_STATE = (
    "INSERT INTO conversation_states (platform, chat_id, user_id, flow, data, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET flow = excluded.flow, data = excluded.data, "
    "updated_at = excluded.updated_at"
)
_DELETE_STATE = "DELETE FROM conversation_states WHERE platform = ? AND chat_id = ? AND user_id = ?"


async def load_state(db: Driver, key: tuple[str, str, str]) -> tuple[str | None, Any] | None:
    """(flow, data) of the conversation's state row, locked FOR UPDATE on PostgreSQL; None when there is none."""
    sql = _LOAD_STATE + (" FOR UPDATE" if db.dialect.name == "postgresql" else "")
    row = await db.fetchone(sql, key)
    if row is None:
        return None
    flow, data = _result(db, _S_COLUMNS, row)
    return flow, data


async def save_state(
    db: Driver, key: tuple[str, str, str], flow: str | None, data: Any, *, at_commit: bool = False
) -> None:
    """`at_commit`: nothing else runs in the transaction before its COMMIT, so the write may go with it."""
    params = (*key, flow, _bind(db, _S.c.data, data), _bind(db, _S.c.updated_at, utcnow()))
    if not (at_commit and db.defer(_SAVE_STATE, params)):
        await db.execute(_SAVE_STATE, params)


async def delete_state(db: Driver, key: tuple[str, str, str]) -> None:
    await db.execute(_DELETE_STATE, key)


_D = Deadline.__table__
_D_COLUMNS = (_D.c.academic_year, _D.c.round, _D.c.opens_on, _D.c.due_on)
_DEADLINES = "SELECT academic_year, round, opens_on, due_on FROM deadlines WHERE academic_year IN ({years})"


async def deadlines(source: AsyncSession | Source, years: Sequence[int]) -> list[tuple[int, int, Any, Any]]:
    """(academic year, round, opens on, due on) of the deadlines an admin set for these years (every deadline
    question reads them). An event on PostgreSQL that has not opened its session (so has changed nothing of them)
    takes the process's copy while the deadlines' change token its begin read is the one the copy was read under
    (migration 0009): no round trip."""
    db = await reading(source)
    key, token = tuple(years), db.deadlines_token
    kept = None if isinstance(source, AsyncSession) or source.opened is not None or token is None else db.kept_deadlines
    if kept is not None:
        found = kept.get(key, token)
        if found is not None:
            return list(found)
    rows = await db.fetchall(_DEADLINES.format(years=", ".join("?" * len(years))), key)
    read = [tuple(_result(db, _D_COLUMNS, row)) for row in rows]
    if kept is not None:
        kept.keep(key, token, tuple(read))  # (read after the token: as new as it, or newer)
    return read  # type: ignore[return-value]


class KeptReads:
    """What this process read of a table, by key, with the change token it was read under; a lookup under another
    token finds nothing. Bounded: full, it starts again."""

    def __init__(self, size: int = 64) -> None:
        self._kept: dict[Any, tuple[int, Any]] = {}
        self._size = size

    def get(self, key: Any, token: int) -> Any | None:
        kept = self._kept.get(key)
        return kept[1] if kept is not None and kept[0] == token else None

    def keep(self, key: Any, token: int, value: Any) -> None:
        if len(self._kept) >= self._size and key not in self._kept:
            self._kept.clear()
        self._kept[key] = (token, value)


_ROLES = (  # a person's seats with their committees, and the schools they direct, in one round trip
    "SELECT c.id, c.name, c.area_office_id, m.role, m.is_admin, NULL FROM committee_members AS m"
    " JOIN committees AS c ON c.id = m.committee_id WHERE m.person_id = ?"
    " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, s.id FROM pilot_schools AS s WHERE s.director_id = ?"
    " ORDER BY 1, 6"
)


async def roles(db: Driver, person_id: int) -> tuple[list[tuple[int, str, int | None, str, bool]], list[int]]:
    """(committee id, committee name, area office id, role, is admin) of each seat the person holds, by committee,
    and the ids of the pilot schools they direct, in id order."""
    seats, schools = [], []
    for committee_id, name, area_office_id, role, is_admin, school_id in await db.fetchall(
        _ROLES, (person_id, person_id)
    ):
        if school_id is None:
            seats.append((committee_id, name, area_office_id, role, bool(is_admin)))
        else:
            schools.append(school_id)
    return seats, schools
