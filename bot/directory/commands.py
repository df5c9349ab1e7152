"""The directory's CLI commands (`import`, `people`, `invite`): thin glue between argparse, the store and the words.

Each returns an exit code: 0 done, 1 refused with a Thai explanation (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from telegram.error import TelegramError

from bot.directory.importer import import_file
from bot.directory.invite import MAX_DAYS, candidates_text, find_person, invite_text
from bot.directory.people import people_text
from bot.directory.reader import FileProblem
from bot.directory.report import file_problem_text, import_text
from bot.directory.template import write_template
from bot.directory.values import code_key
from bot.directory.withdrawn import fingerprint_key
from bot.i18n import translator
from storage.repositories.directory import committee_by_code, list_people, load_snapshot
from storage.repositories.invites import create_invite

if TYPE_CHECKING:
    from bot.app import App

t = translator("th")  # an operator's terminal: Thai, like the bot


def _say(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout)


def template_command(path: Path) -> int:
    try:
        written = write_template(path, t)
    except OSError as exc:
        _say(t("directory.template.cannot_write", path=str(path), error=exc.strerror or str(exc)), error=True)
        return 1
    _say(t("directory.template.written", paths=", ".join(str(p) for p in written)))
    return 0


async def run(app: App, args: argparse.Namespace) -> int:
    if args.command == "invite":
        return await _invite(app, args.person, args.days)
    await app.start(connect_platforms=False)
    if args.command == "readmit":
        return await _readmit(app, args.phone, args.email, args.name)
    if args.command == "import":
        return await _import(app, Path(args.file), args.dry_run)
    return await _people(app, args.committee, args.all)


async def _import(app: App, path: Path, dry_run: bool) -> int:
    try:
        key = fingerprint_key(app.settings)
        result = await import_file(app.sessions, path, app.reference, dry_run=dry_run, fingerprint_key=key)
    except FileProblem as problem:
        _say(file_problem_text(t, problem), error=True)
        return 1
    _say(import_text(t, result), error=bool(result.errors))
    return 1 if result.errors else 0


async def _people(app: App, committee_code: str | None, include_all: bool) -> int:
    async with app.sessions() as session:
        committee = None
        if committee_code is not None:
            committee = await committee_by_code(session, code_key(committee_code))
            if committee is None:
                _say(t("directory.people.unknown_committee", code=committee_code), error=True)
                return 1
        entries = await list_people(session, committee, include_unregistered=include_all)
    _say(people_text(t, entries, app.services.tz, committee, include_all))
    return 0


async def _invite(app: App, query: str, days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        _say(t("directory.invite.bad_days", most=MAX_DAYS), error=True)
        return 1
    try:  # with a Telegram token, the app's PTB bot asks getMe for the username of the deep link
        await app.start(connect_platforms=app.settings.telegram_on)
    except TelegramError as exc:
        _say(t("directory.invite.telegram_down", error=str(exc)), error=True)
        return 1
    async with app.sessions() as session, session.begin():
        matches = find_person((await load_snapshot(session)).people, query)
        if not matches:
            _say(t("directory.invite.not_found", query=query), error=True)
            return 1
        if len(matches) > 1:
            ids = {p.id for p in matches}
            entries = [e for e in await list_people(session, include_unregistered=True) if e.id in ids]
            _say(candidates_text(t, query, entries), error=True)
            return 1
        person = matches[0]
        invite = await create_invite(session, person.id, app.services.clock(), days=days, platform="cli")
    bot_name = app.services.bot_names.get("telegram")
    _say(invite_text(t, person.full_name, invite.code, invite.expires_at, app.services.tz, bot_name))
    return 0


async def _readmit(app: App, phone: str | None, email: str | None, name: str | None) -> int:
    """Let an import bring back someone who withdrew consent and consents again (bot/directory/readmit.py)."""
    from bot.directory.readmit import readmit

    async with app.sessions() as session, session.begin():
        found = await readmit(
            session, fingerprint_key(app.settings), phone=phone, email=email, name=name, now=app.services.clock()
        )
    if not found.erasure_ids:
        _say(t("directory.readmit.not_found"), error=True)
        return 1
    _say(t("directory.readmit.done", count=len(found.erasure_ids), ids=", ".join(f"#{i}" for i in found.person_ids)))
    return 0
