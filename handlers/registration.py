"""Registration: a one-time invite code links this platform account to a person in the directory, after PDPA
consent; and "ฉันคือใคร" shows who the bot thinks you are.

Both steps that wait for the user are flows in the store, so a restart between them loses nothing: FLOW_CODE (the
bot asked for the code) and FLOW_CONSENT (the notice is shown; only the invite id is kept). Nothing personal is
written before "ยินยอม". One account is one person; a person links each platform account with a code of its own.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from bot.authz import Membership, load_actor, may_register, may_show_contacts
from bot.core.context import Context
from bot.core.messages import Card, Choice, Incoming, Kind, Platform, Reply
from bot.core.router import Router
from bot.thai import answers
from bot.thai.answers import AGREE_WORDS, DECLINE_WORDS
from handlers import invite_guard, start
from handlers.common import intent_choice, show_date, text
from handlers.flow import Answer, Flow, Runner, Step
from handlers.intents import IntentDispatcher
from storage.models import Identity, InviteCode, Person
from storage.repositories import invites, people
from storage.repositories.invites import InviteProblem, as_utc

FLOW_CODE = "register.code"
FLOW_CONSENT = "register.consent"
ACTION = "reg"
AGREE, DECLINE = f"{ACTION}:yes", f"{ACTION}:no"
NOTICE_VERSION = 2  # recorded with each consent; raise it when the wording of registration.notice changes

# "ลงทะเบียน ABCD2345", "ลงทะเบียน: abcd-2345", "register code ABCD 2345", or in the code flow just "abcd2345".
_CODE_TEXT = re.compile(
    r"^(?P<verb>ลงทะเบียน|register|sign\s*up)?\s*(?:ด้วย)?\s*(?:รหัส(?:เชิญ)?|(?:invite\s*)?code)?\s*[:：]?\s*"
    r"(?P<code>[a-z0-9][a-z0-9\s\-]*?)?\s*(?:นะ)?(?:คะ|ค่ะ|ครับ)?$",
    re.IGNORECASE,
)


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    """Add this feature's commands, flows, actions, intent handlers and phrase rules."""
    router.commands["start"] = on_start
    router.commands["register"] = on_register_command
    router.commands["whoami"] = on_whoami_command
    router.flows[FLOW_CODE] = Runner(code_flow(), dispatcher)
    router.flows[FLOW_CONSENT] = Runner(consent_flow(), dispatcher)
    router.actions[ACTION] = on_action
    dispatcher.add({"register": register_intent, "whoami": whoami})
    dispatcher.add_rule(read_phrase)


# --- reading what people type ------------------------------------------------------------------------------------


def read_phrase(message: str) -> dict[str, Any] | None:
    """The rule for "ลงทะเบียน" with or without a code; other sentences with ลงทะเบียน go to the recognizer."""
    match = _CODE_TEXT.match(message.strip())
    if match is None or match["verb"] is None:
        return None
    if match["code"] is None:
        return {"intent": "register"}
    code = _typed_code(message)
    return None if code is None else {"intent": "register", "code": code}


def _typed_code(message: str) -> str | None:
    """The code in "ลงทะเบียน CODE", or typed on its own while the bot waits for one.

    "register me", "hello", "thanks" are words, not codes: a code (or a mistyped one) has eight characters or a
    digit, so words fall through to the recognizer instead of counting as wrong guesses."""
    match = _CODE_TEXT.match(message.strip())
    if match is None or match["code"] is None:
        return None
    code = invites.normalize_code(match["code"])
    plausible = len(code) == invites.CODE_LENGTH or any(c.isdigit() for c in code)
    return code if plausible and 4 <= len(code) <= 16 and code.isascii() and code.isalnum() else None


# --- entry points -------------------------------------------------------------------------------------------------


async def on_start(msg: Incoming, ctx: Context) -> list[Reply]:
    """ "/start CODE" is what Telegram sends for the deep link t.me/<bot>?start=CODE; plain "/start" greets."""
    if not msg.addressed:
        return []
    if msg.args:
        return await redeem(msg, ctx, msg.args)
    return await start.greeting(msg, ctx, {"intent": "greeting"})


async def on_register_command(msg: Incoming, ctx: Context) -> list[Reply]:
    if not msg.addressed:
        return []
    return await register_intent(msg, ctx, {"intent": "register", "code": msg.args} if msg.args else {})


async def on_whoami_command(msg: Incoming, ctx: Context) -> list[Reply]:
    return await whoami(msg, ctx, {"intent": "whoami"}) if msg.addressed else []


async def register_intent(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """With a code: try it. Without: ask for it (a flow), unless this account is registered already."""
    if slots.get("code"):
        return await redeem(msg, ctx, str(slots["code"]))
    if not may_register(msg.chat_type) or ctx.identity is None:
        return _private_only(msg, ctx)
    if ctx.person is not None:
        return _already(ctx, ctx.person)
    ctx.state.start(FLOW_CODE)
    return text(ctx.t("registration.ask_code"), Choice(ctx.t("registration.choice.cancel"), DECLINE))


async def _read_code(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """The bot asked for a code: a code-like answer is tried; "ไม่" or the ยกเลิก button ends the question."""
    if msg.action == DECLINE or (msg.kind is Kind.TEXT and answers.bare(msg.text) in DECLINE_WORDS):
        return _cancelled(ctx)
    code = _typed_code(msg.text) if msg.kind is Kind.TEXT else None
    return None if code is None else await redeem(msg, ctx, code)


async def _read_consent(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """The notice is shown: a typed yes/no counts like a tap."""
    word = answers.bare(msg.text) if msg.kind is Kind.TEXT else ""
    if msg.action == AGREE or word in AGREE_WORDS:
        return await _consented(msg, ctx)
    if msg.action == DECLINE or word in DECLINE_WORDS:
        return await _declined(ctx)
    return None


async def _new_code(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """ "ลงทะเบียน CODE" (or /register CODE, /start CODE) while a step is open: start over with that code."""
    if msg.kind is Kind.COMMAND:
        ctx.state.clear()
        return await (on_start(msg, ctx) if msg.command == "start" else on_register_command(msg, ctx))
    code = (read_phrase(msg.text) or {}).get("code") if msg.kind is Kind.TEXT else None
    return await redeem(msg, ctx, str(code)) if code else None


async def _cancel_code(ctx: Context) -> list[Reply]:
    return _cancelled(ctx)


async def _code_choices(ctx: Context) -> tuple[Choice, ...]:
    return (Choice(ctx.t("registration.choice.cancel"), DECLINE),)


async def _consent_buttons(ctx: Context) -> tuple[Choice, ...]:
    return _consent_choices(ctx)


def _title(ctx: Context) -> str:
    return ctx.t("registration.flow_title")


def code_flow() -> Flow:
    """The bot asked for an invite code."""
    step = Step("code", Answer.CHOICE, "registration.ask_code.short", _read_code, ("no",), "registration.code.retry")
    return Flow(
        name=FLOW_CODE,
        prefix=ACTION,
        steps={"code": step},
        current=lambda ctx: "code",
        choices=_code_choices,
        cancel=_cancel_code,
        title=_title,
        restart=_new_code,
        commands=frozenset({"register", "start"}),
    )


def consent_flow() -> Flow:
    """The PDPA notice is shown; nothing personal is written before ยินยอม."""
    step = Step(
        "consent",
        Answer.CHOICE,
        "registration.consent.short",
        _read_consent,
        ("yes", "no"),
        "registration.consent.remind",
        words=AGREE_WORDS | DECLINE_WORDS,
    )
    return Flow(
        name=FLOW_CONSENT,
        prefix=ACTION,
        steps={"consent": step},
        current=lambda ctx: "consent",
        choices=_consent_buttons,
        cancel=_declined,
        title=_title,
        restart=_new_code,
        commands=frozenset({"register", "start"}),
    )


async def on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    """The ยินยอม / ไม่ยินยอม / ยกเลิก buttons; a stale button (the step is over) says so."""
    flow = ctx.state.flow
    if flow == FLOW_CONSENT and msg.action == AGREE:
        return await _consented(msg, ctx)
    if flow == FLOW_CONSENT and msg.action == DECLINE:
        return await _declined(ctx)
    if flow == FLOW_CODE and msg.action == DECLINE:
        return _cancelled(ctx)
    if ctx.person is not None:
        return _already(ctx, ctx.person)
    return text(ctx.t("registration.nothing_pending"))


# --- redeeming a code ---------------------------------------------------------------------------------------------


async def redeem(msg: Incoming, ctx: Context, typed: str) -> list[Reply]:
    """Check a typed code and show the consent notice; nothing is linked or spent here."""
    identity = ctx.identity
    if not may_register(msg.chat_type) or identity is None:
        return _private_only(msg, ctx)
    until = await invites.locked_until(ctx.session, identity.platform, identity.user_id, ctx.now)
    if until is not None:
        return _locked(ctx, until)  # even a right code: otherwise guessing would go on
    if (pause := await invite_guard.paused(ctx)) is not None:
        return pause
    code = invites.normalize_code(typed)
    invite = await invites.find_invite(ctx.session, code) if invites.CODE_SHAPE.fullmatch(code) else None
    if invite is None:
        return await _wrong_code(ctx, identity, code)
    if identity.person_id is not None:
        return await _linked_elsewhere(ctx, identity, invite)
    problem = invites.invite_problem(invite, ctx.now)
    if problem is not None:
        ctx.state.clear()
        return _problem(ctx, problem, invite)
    person = await ctx.session.get(Person, invite.person_id)
    assert person is not None  # a foreign key
    ctx.state.start(FLOW_CONSENT, invite_id=invite.id)
    notice = ctx.t("registration.notice", name=person.full_name, platform=_platform(ctx, identity.platform))
    return text(notice, *_consent_choices(ctx))


async def _wrong_code(ctx: Context, identity: Identity, code: str) -> list[Reply]:
    invites.record_failure(ctx.session, identity.platform, identity.user_id, ctx.now, reason="unknown")
    await ctx.session.flush()
    await invite_guard.after_failure(ctx)
    until = await invites.locked_until(ctx.session, identity.platform, identity.user_id, ctx.now)
    if until is not None:
        ctx.state.clear()
        return _locked(ctx, until)
    ctx.state.start(FLOW_CODE)
    return text(
        ctx.t("registration.code.unknown", code=code[:16]), Choice(ctx.t("registration.choice.cancel"), DECLINE)
    )


async def _linked_elsewhere(ctx: Context, identity: Identity, invite: InviteCode) -> list[Reply]:
    """This account already belongs to someone: the same person needs no code; another person may not take it."""
    ctx.state.clear()
    person = await ctx.session.get(Person, identity.person_id)
    assert person is not None
    if invite.person_id != person.id:
        return text(ctx.t("registration.other_person", name=person.full_name))
    replies = _already(ctx, person)
    if invites.invite_problem(invite, ctx.now) is None:
        replies.append(Reply(text=ctx.t("registration.already.code_kept")))
    return replies


async def _consented(msg: Incoming, ctx: Context) -> list[Reply]:
    """Check the code again (time has passed, another account may have spent it), then link and record consent."""
    invite_id = ctx.state.data.get("invite_id")
    ctx.state.clear()
    identity = ctx.identity
    invite = await ctx.session.get(InviteCode, invite_id) if isinstance(invite_id, int) else None
    if invite is None or identity is None:
        return text(ctx.t("registration.nothing_pending"))
    if identity.person_id is not None:
        return await _linked_elsewhere(ctx, identity, invite)
    problem = invites.invite_problem(invite, ctx.now)
    if problem is None and not await invites.spend_invite(ctx.session, invite.id, identity.id, ctx.now):
        problem = InviteProblem.USED
    if problem is not None:
        return _problem(ctx, problem, invite)
    person = await ctx.session.get(Person, invite.person_id)
    assert person is not None
    people.link_account(identity, person, ctx.now)
    ctx.audit("register.linked", invite_id=invite.id, consent_notice=NOTICE_VERSION, consented_at=ctx.now.isoformat())
    linked = ctx.t("registration.linked", name=person.full_name, platform=_platform(ctx, identity.platform))
    return text(linked, intent_choice(ctx.t("registration.choice.whoami"), "whoami"))


async def _declined(ctx: Context) -> list[Reply]:
    invite_id = ctx.state.data.get("invite_id")
    ctx.state.clear()
    invite = await ctx.session.get(InviteCode, invite_id) if isinstance(invite_id, int) else None
    if invite is None:
        return _cancelled(ctx)
    return text(ctx.t("registration.declined", date=_date(ctx, invite.expires_at)))


def _cancelled(ctx: Context) -> list[Reply]:
    ctx.state.clear()
    return text(ctx.t("registration.cancelled"))


# --- answers ------------------------------------------------------------------------------------------------------


def _consent_choices(ctx: Context) -> tuple[Choice, Choice]:
    return Choice(ctx.t("registration.choice.agree"), AGREE), Choice(ctx.t("registration.choice.decline"), DECLINE)


def _problem(ctx: Context, problem: InviteProblem, invite: InviteCode) -> list[Reply]:
    if problem is InviteProblem.EXPIRED:
        return text(ctx.t("registration.code.expired", date=_date(ctx, invite.expires_at)))
    return text(ctx.t("registration.code.used"))


def _already(ctx: Context, person: Person) -> list[Reply]:
    return text(
        ctx.t("registration.already", name=person.full_name),
        intent_choice(ctx.t("registration.choice.whoami"), "whoami"),
    )


def _locked(ctx: Context, until: datetime) -> list[Reply]:
    minutes = max(1, math.ceil((until - ctx.now).total_seconds() / 60))
    local = until.astimezone(ctx.services.tz).strftime("%H:%M")
    return text(ctx.t("registration.locked", time=local, minutes=minutes))


def _private_only(msg: Incoming, ctx: Context) -> list[Reply]:
    bot_name = ctx.services.bot_names.get(Platform.TELEGRAM.value)
    if msg.platform is Platform.TELEGRAM and bot_name:
        return text(ctx.t("registration.private_only.telegram", link=f"https://t.me/{bot_name}"))
    return text(ctx.t("registration.private_only"))


def _platform(ctx: Context, platform: str) -> str:
    return ctx.t(f"registration.platform.{platform}")


def _date(ctx: Context, moment: datetime) -> str:
    return show_date(as_utc(moment).astimezone(ctx.services.tz).date(), ctx.lang)


# --- who am I -----------------------------------------------------------------------------------------------------


async def whoami(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """Name, seats, schools, linked accounts and consent date; phone and e-mail only in a private chat."""
    t = ctx.t
    actor = await load_actor(ctx.store, ctx.identity)
    person = actor.person
    if person is None:
        return text(t("whoami.unregistered"), intent_choice(t("registration.choice.register"), "register"))
    fields = [(t("whoami.name"), person.full_name)]
    fields += [(t("whoami.seat"), _seat(ctx, m)) for m in actor.memberships]
    schools = await people.schools_directed(ctx.session, person.id)
    fields += [(t("whoami.school"), t("whoami.school_value", name=s.name, code=s.code)) for s in schools]
    if not actor.memberships and not schools:
        fields.append((t("whoami.seat"), t("whoami.no_seat")))
    accounts = await people.linked_accounts(ctx.session, person.id)
    fields.append((t("whoami.accounts"), ", ".join(_account(ctx, a) for a in accounts)))
    if person.consented_at is not None:
        fields.append((t("whoami.consent"), _date(ctx, person.consented_at)))
    private = may_show_contacts(msg.chat_type)
    if private:
        fields += [(t(key), value) for key, value in (("whoami.phone", person.phone), ("whoami.email", person.email))]
    footer = t("whoami.footer") if private else t("whoami.footer.group")
    return [Reply(card=Card(title=t("whoami.title"), fields=tuple((k, v or "-") for k, v in fields), footer=footer))]


def _seat(ctx: Context, seat: Membership) -> str:
    key = "whoami.seat_admin" if seat.is_admin else "whoami.seat_value"
    return ctx.t(key, role=ctx.t(f"registration.role.{seat.role}"), committee=seat.committee_name)


def _account(ctx: Context, account: Identity) -> str:
    name = _platform(ctx, account.platform)
    this = ctx.identity is not None and account.id == ctx.identity.id
    return ctx.t("whoami.this_account", platform=name) if this else name
