"""The `sandboxbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import ConfigError, Settings

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("sandboxbot")

DESCRIPTION = """sandboxbot — ผู้ช่วยคณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษา
A Thai-first Telegram and LINE bot for the Education Sandbox committees.
Settings come from SANDBOXBOT_* environment variables or a .env file (see README)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sandboxbot", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the webhook server (เปิดเซิร์ฟเวอร์รับ webhook ของ Telegram และ LINE)")
    serve.add_argument(
        "--telegram-polling",
        action="store_true",
        help="receive Telegram updates by long polling instead of the webhook (no public HTTPS needed)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="N server processes on one port (SO_REUSEPORT); use with PostgreSQL (default: 1)",
    )
    serve.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)  # set for pool workers
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not send reminders and other queued messages from this process (run `sandboxbot worker` instead)",
    )
    sub.add_parser(
        "worker",
        help="send reminders and queued messages, without a web server (ส่งข้อความเตือนและข้อความในคิว)",
        description="Runs the outbox worker and the reminder planner. Several workers may share one PostgreSQL "
        "database; on SQLite run one.",
    )

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (คุยกับบอทในเทอร์มินัล)")
    chat.add_argument("--json", action="store_true", help="print one JSON object per input line, for scripts")
    chat.add_argument("--user", default="local", help="who is talking: a console user id (default: local)")

    db = sub.add_parser("db", help="database schema (โครงสร้างฐานข้อมูล)")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply migrations up to the newest schema (alembic upgrade head)")

    telegram = sub.add_parser("telegram", help="Telegram set-up")
    tg_sub = telegram.add_subparsers(dest="telegram_command", required=True, metavar="ACTION")
    setup = tg_sub.add_parser("setup", help="register the webhook (with the secret) and the Thai command menu")
    setup.add_argument("--webhook-url", required=True, help="public HTTPS URL ending in /webhook/telegram")
    _add_directory_commands(sub)
    from bot.cockpit.arguments import add_commands as add_cockpit_commands

    add_cockpit_commands(sub)
    from bot.reminders.arguments import add_arguments

    add_arguments(sub)
    return parser


def _add_directory_commands(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser(
        "import",
        help="import committees, people and pilot schools from .xlsx or .csv (นำเข้าทำเนียบคณะกรรมการ บุคคล โรงเรียนนำร่อง)",
        description="Import the directory from an .xlsx workbook (sheets คณะกรรมการ, บุคคล, โรงเรียนนำร่อง) or a .csv "
        "file holding one of those tables. The whole file is checked first: any error is reported by row and column "
        "and nothing is written. Re-importing updates rows instead of adding them again.",
    )
    imp.add_argument("file", nargs="?", metavar="FILE", help="the .xlsx or .csv file to import")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing (ตรวจอย่างเดียว)")
    imp.add_argument(
        "--template",
        metavar="PATH",
        help="write a blank form instead: PATH.xlsx (three sheets and a note) or, for PATH.csv, "
        "PATH-committees.csv, PATH-people.csv and PATH-schools.csv (แบบฟอร์มสำหรับกรอก)",
    )

    people = sub.add_parser("people", help="list who is registered (รายชื่อผู้ลงทะเบียน)")
    people.add_argument("--committee", metavar="CODE", help="only this committee's members and its area's directors")
    people.add_argument("--all", action="store_true", help="include people who have not linked an account yet")

    readmit = sub.add_parser(
        "readmit",
        help="let the next import bring back someone who withdrew consent and consents again (รับกลับหลังถอนความยินยอม)",
        description="Erasure keeps keyed fingerprints so imports leave a withdrawn person out. With the person's "
        "renewed consent, drop them (matched by any value given; an audit entry records it, not the value); the next "
        "import adds the person again.",
    )
    who = readmit.add_argument_group("the person, as they had it before erasure (one or more)")
    who.add_argument("--phone", help="phone number")
    who.add_argument("--email", help="e-mail address")
    who.add_argument("--name", help="full name, exactly")

    invite = sub.add_parser("invite", help="make a one-time registration code for a person (สร้างรหัสเชิญ)")
    invite.add_argument("person", metavar="PERSON", help="a person id, an e-mail or an exact full name")
    invite.add_argument("--days", type=int, default=14, help="days the code stays valid (default: 14)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "import" and (args.file is None) == (args.template is None):
        parser.error("import needs FILE, or --template PATH (not both)")
    if args.command == "readmit" and not (args.phone or args.email or args.name):
        parser.error("readmit needs --phone, --email or --name")
    level = logging.INFO if args.command in ("serve", "worker") else logging.WARNING  # keep the chat free of log lines
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
        settings.check()
        if settings.log_format == "json":
            from bot.logjson import use_json_logs

            use_json_logs()
        if args.command == "serve":
            return _serve_command(args, settings)
        return asyncio.run(_run(args, settings))
    except ConfigError as exc:
        print(f"sandboxbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _serve_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve_pool import run_pool, run_serving

    if args.workers < 1:
        raise ConfigError("--workers must be 1 or more")
    if args.workers == 1:
        return run_serving(_run(args, settings))
    if args.telegram_polling:
        raise ConfigError("--telegram-polling needs one process: leave out --workers")
    # one outbox worker per pool (the first process), or none with --no-worker
    argvs = [["serve", "--reuse-port", *(["--no-worker"] if args.no_worker or i else [])] for i in range(args.workers)]
    return run_pool(settings, argvs)


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        return await _db_upgrade(settings)
    if args.command == "import" and args.template:
        from bot.directory.commands import template_command

        return template_command(Path(args.template))
    if args.command == "serve":
        from bot.serving import serve

        return await serve(
            settings, _stop_on_signals(), args.telegram_polling, worker=not args.no_worker, reuse_port=args.reuse_port
        )
    from bot.app import App

    app = App(settings)
    try:
        if args.command == "chat":
            await app.start(connect_platforms=False)
            return await _chat(app, args)
        if args.command == "telegram":
            return await _telegram_setup(app, args)
        if args.command in ("cockpit", "report"):
            from bot.cockpit.commands import run as run_cockpit

            return await run_cockpit(app, args)
        if args.command in ("deadline", "reminders"):
            from bot.reminders.commands import run as reminders_run

            return await reminders_run(app, args)
        if args.command in ("import", "people", "invite", "readmit"):
            from bot.directory.commands import run

            return await run(app, args)
        await app.start()
        return await _worker(app)
    finally:
        await app.close()


async def _db_upgrade(settings: Settings) -> int:
    from storage.engine import create_engine
    from storage.migrate import current_revision, upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        print(f"database at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()
    return 0


async def _chat(app: App, args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter

    console = ConsoleAdapter(app.processor, user_id=args.user)
    interactive = sys.stdin.isatty() and not args.json
    if interactive:
        print("sandboxbot — พิมพ์คำถามเป็นภาษาไทยได้เลยค่ะ (Ctrl-D เพื่อออก)")
    await console.run(sys.stdin, sys.stdout, as_json=args.json, interactive=interactive)
    return 0


async def _telegram_setup(app: App, args: argparse.Namespace) -> int:
    from handlers.routes import ADMIN_COMMANDS, COMMANDS

    if not app.settings.telegram_on:
        raise ConfigError("SANDBOXBOT_TELEGRAM_TOKEN is not set")
    await app.start()
    assert app.telegram is not None
    await app.telegram.setup(
        args.webhook_url, [(name, description) for name, description, _ in COMMANDS], list(ADMIN_COMMANDS)
    )
    print(f"webhook set to {args.webhook_url}; {len(COMMANDS)} commands registered")
    return 0


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def _warn_clock(app: App) -> None:
    if app.settings.clock_start is not None:
        log.warning(
            "SANDBOXBOT_CLOCK_START is set: the clock started at %s and runs on from there (demo/acceptance mode)",
            app.settings.clock_start.isoformat(),
        )


async def _worker(app: App) -> int:
    stop = _stop_on_signals()
    _warn_clock(app)
    worker = app.outbox_worker()
    print(f"sandboxbot worker running — platforms: {', '.join(s.platform for s in worker.senders) or 'none'}")
    try:
        await worker.run(stop)
    finally:
        await worker.close()
    return 0
