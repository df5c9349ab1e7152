"""An event's own transaction on PostgreSQL (storage/pg_event.py): BEGIN goes with the first statement, which is
then inside the transaction whether it is the driver's or a session's; the state write goes with the COMMIT, its
values sent as text and stored exactly whatever they hold; a write that fails rolls the event back and leaves a usable
connection, one cancelled before its answer closes it; the connection goes back to the pool able to roll back
again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from asyncpg.prepared_stmt import PreparedStatement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.event_store import EventTransactions
from storage import engine as engine_settings
from storage import lean
from storage.engine import create_engine
from storage.pg_event import ConnectionLost, EventAsyncpg
from tests.spy import first_arguments

pytestmark = pytest.mark.postgresql

# quotes, backslashes, dollar quotes, comments and statement ends: what a hand-made literal would get wrong
_TRICKY = st.sampled_from(["'", "''", "\\", "\\'", "$$", "$x$", ";", "--", "/*", "*/", "E'", '"', "\n", "ก", "😀"])
_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")  # what cleaned text holds
_TEXT = st.lists(st.one_of(_TRICKY, st.text(_CHARACTERS, max_size=8)), max_size=12)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's event transaction")
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def transactions(engine: AsyncEngine) -> AsyncIterator[EventTransactions]:
    transactions = EventTransactions(async_sessionmaker(engine, expire_on_commit=False))
    yield transactions
    await transactions.close()


async def _saved(engine: AsyncEngine, key: tuple[str, str, str]) -> tuple[str | None, object] | None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT flow, data FROM conversation_states WHERE platform = :p AND chat_id = :c AND user_id = :u"
                ),
                {"p": key[0], "c": key[1], "u": key[2]},
            )
        ).first()
    return None if row is None else (row[0], row[1])


async def _event_write(transactions: EventTransactions, key: tuple[str, str, str], flow: str, data: object) -> bool:
    async with transactions.open() as store:
        assert isinstance(store.db, EventAsyncpg)
        await lean.save_state(store.db, key, flow, data, at_commit=True)
        return bool(store.db._deferred)


async def test_state_written_with_the_commit_is_stored_exactly(engine: AsyncEngine, transactions: EventTransactions):
    seen: set[str] = set()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(parts=_TEXT, more=_TEXT)
    def check(parts: list[str], more: list[str]) -> None:
        value, other = "".join(parts), "".join(more)
        key = ("telegram", f"chat'{len(seen)}", value[:90])
        seen.add(key[1])
        data = {"text": value, other: [other, 1, None, True]}
        deferred = _run(_event_write(transactions, key, other[:50], data))
        assert deferred  # the write went with the COMMIT, not on its own
        assert _run(_saved(engine, key)) == (other[:50], data)

    loop = asyncio.get_running_loop()

    def _run(coro: object) -> object:
        return asyncio.run_coroutine_threadsafe(coro, loop).result()  # type: ignore[arg-type]

    await asyncio.to_thread(check)
    async with engine.connect() as conn:
        count = await conn.scalar(text("SELECT count(*) FROM conversation_states"))
    assert count == len(seen)  # nothing but the rows written: no literal ran as SQL of its own


async def test_backslashes_are_stored_exactly_whatever_standard_conforming_strings_says(
    engine: AsyncEngine, transactions: EventTransactions
):
    key = ("telegram", "chat-off", "user")
    async with transactions.open() as store:
        assert isinstance(store.db, EventAsyncpg)
        await store.db.execute("SET LOCAL standard_conforming_strings = off", ())  # where \\ in a literal escapes
        await lean.save_state(store.db, key, "it's \\", {"text": "it's \\ here"}, at_commit=True)
        assert store.db._deferred  # still goes with the COMMIT: values, not literals
    assert await _saved(engine, key) == ("it's \\", {"text": "it's \\ here"})


async def test_the_state_write_and_the_commit_go_in_one_round_trip(
    engine: AsyncEngine, transactions: EventTransactions, monkeypatch: pytest.MonkeyPatch
):
    sent = _simple_queries(monkeypatch)
    fetched = _prepared_fetches(monkeypatch)
    key = ("line", "chat-rt", "user")
    async with transactions.open() as store:
        assert store.db is not None
        await store.db.fetchone("SELECT count(*) FROM deadlines", ())  # the event's first statement
        await lean.save_state(store.db, key, "asking", {"n": 1}, at_commit=True)
        sent.clear()
        fetched.clear()
    assert sent == []  # neither the write nor COMMIT went as a query of its own
    assert fetched == ["COMMIT"]  # one round trip: the write's messages went just before COMMIT's
    assert await _saved(engine, key) == ("asking", {"n": 1})


async def test_a_commit_cancelled_before_its_answer_closes_its_connection(
    engine: AsyncEngine, transactions: EventTransactions
):
    """The write waits for a row another transaction holds; cancelled then, the event's connection is closed, not
    given to the next event in a state nobody knows, and the next event gets a working one. (Whether the cancelled
    write lands is not known to the bot, as with any commit whose answer never came: its COMMIT was sent.)"""
    key = ("telegram", "chat-locked", "user")
    await _event_write(transactions, key, "before", {})
    first = await _backend(transactions)
    async with engine.connect() as other:
        await other.execute(
            text("SELECT 1 FROM conversation_states WHERE chat_id = 'chat-locked' FOR UPDATE")
        )  # held until `other` ends
        task = asyncio.create_task(_event_write(transactions, key, "after", {}))
        await asyncio.sleep(0.5)
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await other.rollback()
    assert await _backend(transactions) != first
    await _event_write(transactions, key, "later", {"n": 2})
    assert await _saved(engine, key) == ("later", {"n": 2})


async def test_a_refused_write_rolls_the_event_back_and_the_connection_stays_usable(
    engine: AsyncEngine, transactions: EventTransactions
):
    too_long = ("telegram", "c" * 150, "user")  # chat_id is VARCHAR(100): refused only when the COMMIT's query runs
    with pytest.raises(Exception, match="too long"):
        async with transactions.open() as store:
            assert store.db is not None
            await store.db.execute("INSERT INTO deadlines (academic_year, round, opens_on, due_on) "
                                   "VALUES (2599, 1, '2056-10-01', '2056-10-31')", ())  # fmt: skip
            await lean.save_state(store.db, too_long, "asking", {}, at_commit=True)
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM deadlines WHERE academic_year = 2599")) == 0
    for _ in range(3):  # the pool's connections still work
        await _event_write(transactions, ("telegram", "chat-ok", "user"), "asking", {"n": 1})
    assert await _saved(engine, ("telegram", "chat-ok", "user")) == ("asking", {"n": 1})


async def test_a_session_after_an_event_can_still_roll_back(engine: AsyncEngine, transactions: EventTransactions):
    """The event's connection is in autocommit only for the event: back in the pool it rolls back as before."""
    await _event_write(transactions, ("telegram", "chat-1", "user"), "asking", {})
    await transactions.close()  # the events' connection goes back to the pool
    sessions = async_sessionmaker(engine)
    async with sessions() as session:  # the pool's one idle connection: the event's
        await _insert_deadline(session)
        await session.rollback()
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM deadlines WHERE academic_year = 2598")) == 0


async def _insert_deadline(session: AsyncSession) -> None:
    await session.execute(
        text(
            "INSERT INTO deadlines (academic_year, round, opens_on, due_on)"
            " VALUES (2598, 1, '2055-10-01', '2055-10-31')"
        )
    )


async def test_text_a_driver_cannot_send_is_written_at_once_and_the_connection_survives(
    engine: AsyncEngine, transactions: EventTransactions
):
    """A lone surrogate (cleaned away before it reaches a state, but not by this driver's doing) fails the write with
    parameters, as it always did, instead of breaking the connection mid-query."""
    with pytest.raises(asyncpg.DataError, match="surrogates not allowed"):
        await _event_write(transactions, ("telegram", "chat-s", "user"), "asking\ud800", {"text": "ab"})
    await _event_write(transactions, ("telegram", "chat-s", "user"), "asking", {"text": "ab"})
    assert await _saved(engine, ("telegram", "chat-s", "user")) == ("asking", {"text": "ab"})


async def _backend(transactions: EventTransactions) -> int:
    """The server process of the connection an event gets."""
    async with transactions.open() as store:
        assert store.db is not None
        row = await store.db.fetchone("SELECT pg_backend_pid()", ())
        assert row is not None
        return int(row[0])


async def test_events_keep_their_connection_and_give_it_back_when_it_lay_idle(
    engine: AsyncEngine, transactions: EventTransactions, monkeypatch: pytest.MonkeyPatch
):
    """Back to back, events use the same connection without the pool; one idle for the ping time goes through the
    pool again, which pings it (storage/engine.py), and a dead one is replaced there, not failed in an event."""
    pings = first_arguments(monkeypatch, engine.sync_engine.dialect, "do_ping")
    monkeypatch.setattr(engine_settings, "PING_IDLE_S", 0.2)

    first = await _backend(transactions)
    assert [await _backend(transactions) for _ in range(3)] == [first] * 3 and pings == []
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    await asyncio.sleep(0.3)
    replaced = await _backend(transactions)  # back through the pool: pinged, found dead, replaced
    assert replaced != first and len(pings) == 1


async def test_events_keep_at_most_half_the_pool(database_url: str):
    """A burst of events on a small pool leaves half of it to sessions and workers, which still get a connection."""
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's event transaction")
    engine = create_engine(database_url, pool_size=4, pool_timeout=2)
    transactions = EventTransactions(async_sessionmaker(engine))
    try:

        async def event() -> None:
            async with transactions.open() as store:
                assert store.db is not None
                await store.db.fetchone("SELECT pg_sleep(0.2)", ())

        await asyncio.gather(*(event() for _ in range(4)))  # four at once: all four of the pool's connections
        async with engine.connect() as first, engine.connect() as second:  # two came back to the pool
            assert await first.scalar(text("SELECT 1")) == 1 and await second.scalar(text("SELECT 1")) == 1
    finally:
        await transactions.close()
        await engine.dispose()


async def test_a_session_that_met_a_dead_connection_leaves_the_next_event_a_working_one(
    engine: AsyncEngine, transactions: EventTransactions
):
    with pytest.raises((ConnectionLost, DBAPIError)):
        async with transactions.open() as store:
            assert store.db is not None
            row = await store.db.fetchone("SELECT pg_backend_pid()", ())
            assert row is not None
            async with engine.connect() as other:
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": row[0]})
            await store.session.execute(text("SELECT 1"))  # a handler's ORM statement
    async with transactions.open() as store:
        assert store.db is not None
        assert await store.db.fetchone("SELECT 1", ()) == (1,)


class _Failed(Exception):
    pass


_DEADLINE_2597 = (
    "INSERT INTO deadlines (academic_year, round, opens_on, due_on) VALUES (2597, 1, '2054-10-01', '2054-10-31')"
)


async def _deadlines_2597(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM deadlines WHERE academic_year = 2597")) or 0)


def _simple_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every query sent with asyncpg's `execute` (BEGIN on its own would be one)."""
    sent: list[str] = []
    real = asyncpg.Connection.execute

    async def recording(self: asyncpg.Connection, query: str, *args: object, **kwargs: object) -> str:
        sent.append(query)
        return await real(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "execute", recording)
    return sent


def _prepared_fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query of every prepared statement fetched (each one round trip)."""
    fetched: list[str] = []
    real = PreparedStatement.fetchrow

    async def recording(self: PreparedStatement, *args: object, **kwargs: object) -> object:
        fetched.append(self.get_query())
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(PreparedStatement, "fetchrow", recording)
    return fetched


async def test_the_first_fetch_carries_begin_and_is_inside_the_transaction(
    engine: AsyncEngine, transactions: EventTransactions, monkeypatch: pytest.MonkeyPatch
):
    sent = _simple_queries(monkeypatch)
    with pytest.raises(_Failed):
        async with transactions.open() as store:
            assert store.db is not None
            assert await store.db.fetchone(_DEADLINE_2597 + " RETURNING academic_year", ()) == (2597,)
            raise _Failed  # the handler failed: nothing of the event may stay
    assert await _deadlines_2597(engine) == 0
    assert "BEGIN" not in sent  # it went with the fetch, not in a round trip of its own
    async with transactions.open() as store:  # and the same, ending well, is kept
        assert store.db is not None
        await store.db.fetchone(_DEADLINE_2597 + " RETURNING academic_year", ())
    assert await _deadlines_2597(engine) == 1
    assert "BEGIN" not in sent


async def test_a_session_statement_before_the_drivers_is_inside_the_transaction(
    engine: AsyncEngine, transactions: EventTransactions
):
    with pytest.raises(_Failed):
        async with transactions.open() as store:
            await store.session.execute(text(_DEADLINE_2597))  # a handler's ORM statement first
            assert store.db is not None
            assert await store.db.fetchone("SELECT count(*) FROM deadlines WHERE academic_year = 2597", ()) == (1,)
            raise _Failed
    assert await _deadlines_2597(engine) == 0
    async with transactions.open() as store:
        await store.session.execute(text(_DEADLINE_2597))
    assert await _deadlines_2597(engine) == 1


async def test_a_first_fetch_the_server_refuses_leaves_the_connection_working(
    engine: AsyncEngine, transactions: EventTransactions
):
    first = await _backend(transactions)
    with pytest.raises(asyncpg.DivisionByZeroError):
        async with transactions.open() as store:
            assert store.db is not None
            await store.db.fetchone("SELECT 1 / (count(*) - count(*)) FROM deadlines", ())
    assert await _backend(transactions) == first  # rolled back and kept, not in a failed transaction
    async with transactions.open() as store:
        assert store.db is not None
        await store.db.execute(_DEADLINE_2597, ())
    assert await _deadlines_2597(engine) == 1


async def test_a_first_fetch_cancelled_before_its_answer_closes_its_connection(
    engine: AsyncEngine, transactions: EventTransactions
):
    """Cancelled after BEGIN went out but before the answer came: the connection is closed, not given to the next
    event with a transaction it did not begin."""
    started = asyncio.Event()
    pids: list[int] = []

    async def slow_event() -> None:
        async with transactions.open() as store:
            assert store.db is not None
            pid = await store.db.fetchone("SELECT pg_backend_pid()", ())
            assert pid is not None
            pids.append(int(pid[0]))
            await store.db.execute("COMMIT", ())  # the next event on this connection starts with BEGIN owed again
            store.db.begin()
            started.set()
            await store.db.fetchone("SELECT pg_sleep(5)", ())

    task = asyncio.create_task(slow_event())
    await started.wait()
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with transactions.open() as store:
        assert store.db is not None
        row = await store.db.fetchone("SELECT pg_backend_pid()", ())
        assert row is not None and int(row[0]) != pids[0]
        await store.db.execute(_DEADLINE_2597, ())
    assert await _deadlines_2597(engine) == 1
