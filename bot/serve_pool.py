"""`sandboxbot serve --workers N`: N server processes accepting on one port (SO_REUSEPORT), one supervisor.

Each worker is a whole sandboxbot (its own event loop, engine and pool); the store keeps them consistent: an event
is recorded once whichever process gets it (the primary key of processed_events), and one conversation's events are
serialised by a transaction-scoped lock on PostgreSQL. Use PostgreSQL with several workers; on SQLite the processes
share one file lock and gain little. The supervisor migrates (SQLite) or checks the schema once, starts the
workers, forwards SIGTERM/SIGINT, and stops the rest if one dies, so that systemd or Docker restarts the whole.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import wait
from typing import Any

from bot.settings import Settings

log = logging.getLogger("sandboxbot.serve")
STOP_TIMEOUT_S = 20


def event_loop_factory() -> Any:
    """uvloop's loop when it is installed (a faster event loop for the webhook server), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


def run_serving(coro: Any) -> Any:
    with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
        return runner.run(coro)


async def _prepare(settings: Settings) -> None:
    from bot.database import prepare_database
    from storage.engine import create_engine, session_factory
    from storage.reference.data import reference

    engine = create_engine(settings.database_url)
    try:
        await prepare_database(engine, session_factory(engine), reference(), auto_upgrade=settings.is_sqlite)
    finally:
        await engine.dispose()


def _worker(argv: list[str]) -> None:
    from bot.cli import main

    sys.exit(main(argv))


def run_pool(settings: Settings, child_argvs: list[list[str]]) -> int:
    """Start one process per argv, each running `sandboxbot <argv>`; return when they have all stopped."""
    workers = len(child_argvs)
    asyncio.run(_prepare(settings))
    _clear_metrics_dir()
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each: no inherited loop or sockets
    processes = [
        context.Process(target=_worker, args=(argv,), name=f"sandboxbot-serve-{i + 1}")
        for i, argv in enumerate(child_argvs)
    ]
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for process in processes:
            if process.is_alive() and process.pid is not None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in processes:
        process.start()
    print(f"sandboxbot: {workers} workers on port {settings.port} (pids {', '.join(str(p.pid) for p in processes)})")
    status = 0
    alive = list(processes)
    while alive:
        done = wait([p.sentinel for p in alive])
        for process in [p for p in alive if p.sentinel in done]:
            alive.remove(process)
            process.join()
            _metrics_process_dead(process.pid)
            if not stopping:
                log.error("worker %s exited with %s; stopping the others", process.pid, process.exitcode)
                status = process.exitcode or 1
                stop(signal.SIGTERM, None)
    for process in processes:
        process.join(STOP_TIMEOUT_S)
    return status


def _clear_metrics_dir() -> None:
    """prometheus-client's multiprocess files of an earlier run would be added to this run's counts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and os.path.isdir(directory):
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def _metrics_process_dead(pid: int | None) -> None:
    if pid is not None and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
