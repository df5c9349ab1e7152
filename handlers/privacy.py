"""PDPA rights in chat: "ข้อมูลของฉัน" shows what the store holds about me; "ถอนความยินยอม" / "ลบข้อมูลของฉัน" explains
what will go and what will stay, asks once more, then unlinks my accounts and anonymises me
(storage/repositories/privacy.py). The admins of my committees are told through the outbox, by internal id only.
Both belong in a one-on-one chat: in a group others would read the answer.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from bot.authz import load_actor, may_show_contacts
from bot.core.context import Context
from bot.core.messages import Card, Choice, Incoming, Kind, Reply
from bot.core.router import Router
from bot.directory.withdrawn import ERASED_ACTION, fingerprint_key, fingerprints
from bot.i18n import translator
from bot.thai.text import clean
from handlers.intents import IntentDispatcher
from storage.models import Committee, CommitteeMember, Identity, Person
from storage.repositories import people, privacy

FLOW = "privacy.erase"
ACTION = "pdpa"
CONFIRM, KEEP = f"{ACTION}:erase", f"{ACTION}:keep"
_PARTICLES = re.compile(r"(\s*(นะ)?(คะ|ค่ะ|ครับ|จ้ะ|จ้า|ด้วย))+$")
MY_DATA = frozenset({"ข้อมูลของฉัน", "ดูข้อมูลของฉัน", "ข้อมูลส่วนตัวของฉัน", "my data", "show my data"})
ERASE = frozenset(
    {"ถอนความยินยอม", "ลบข้อมูลของฉัน", "ลบข้อมูลส่วนตัว", "ลบข้อมูลส่วนตัวของฉัน", "withdraw consent", "delete my data"}
)
YES = frozenset({"ยืนยัน", "ยืนยันลบ", "ลบเลย", "confirm", "yes"})
NO = frozenset({"ยกเลิก", "ไม่ลบ", "ไม่", "cancel", "no"})
_PHRASES = tuple(MY_DATA | ERASE)


def register(router: Router, dispatcher: IntentDispatcher) -> None:
    router.flows[FLOW] = on_confirm_flow
    router.actions[ACTION] = on_action
    dispatcher.add({"my_data": my_data, "erase_me": ask_to_erase})
    dispatcher.add_rule(read_phrase)


def _bare(message: str) -> str:
    return _PARTICLES.sub("", clean(message))


def read_phrase(message: str) -> dict[str, Any] | None:
    if not clean(message).startswith(_PHRASES):  # only particles go at the end: a phrase starts the message
        return None
    word = _bare(message)
    if word in MY_DATA:
        return {"intent": "my_data"}
    if word in ERASE:
        return {"intent": "erase_me"}
    return None


async def my_data(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """Everything stored about this account and the person behind it, with how to have it erased."""
    if not msg.addressed:
        return []
    t = ctx.t
    if not may_show_contacts(msg.chat_type):
        return [Reply(text=t("privacy.private_only"))]
    identity = ctx.identity
    actor = await load_actor(ctx.store, identity)
    person = actor.person
    footer = t("privacy.mine.footer")
    choices = (Choice(t("privacy.choice.erase"), f"{ACTION}:ask"),)
    if person is None:
        fields = [(t("privacy.field.account"), f"{identity.platform if identity else msg.platform} {msg.user_id}")]
        fields.append((t("privacy.field.display_name"), (identity.display_name if identity else None) or "-"))
        card = Card(title=t("privacy.mine.title"), fields=tuple(fields), footer=t("privacy.mine.unregistered"))
        return [Reply(card=card, text=footer, choices=choices)]
    fields = [
        (t("privacy.field.name"), person.full_name),
        (t("privacy.field.phone"), person.phone or "-"),
        (t("privacy.field.email"), person.email or "-"),
    ]
    fields += [
        (t("privacy.field.seat"), f"{t(f'directory.role.{m.role}')} {m.committee_name}") for m in actor.memberships
    ]
    fields += [(t("privacy.field.school"), s.name) for s in await people.schools_directed(ctx.session, person.id)]
    for account in await people.linked_accounts(ctx.session, person.id):
        fields.append((t("privacy.field.account"), f"{account.platform} {account.user_id}"))
    if person.consented_at is not None:
        fields.append((t("privacy.field.consent"), person.consented_at.date().isoformat()))
    counts = await privacy.footprint(ctx.session, person.id)
    fields.append(
        (
            t("privacy.field.records"),
            t(
                "privacy.records",
                updates=counts.progress_updates,
                checkins=counts.check_ins,
                audit=counts.audit_entries,
            ),
        )
    )
    card = Card(title=t("privacy.mine.title"), fields=tuple(fields))
    return [Reply(card=card, text=footer, choices=choices)]


async def ask_to_erase(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """What erasure removes and what it keeps, then one more tap to confirm."""
    if not msg.addressed:
        return []
    if not may_show_contacts(msg.chat_type):
        return [Reply(text=ctx.t("privacy.private_only"))]
    ctx.state.start(FLOW)
    key = "privacy.erase.explain" if ctx.person is not None else "privacy.erase.explain_unregistered"
    return [Reply(text=ctx.t(key), choices=_confirm_choices(ctx))]


async def on_confirm_flow(msg: Incoming, ctx: Context) -> list[Reply] | None:
    """The question is open: a typed yes/no counts like a tap; anything else closes it and is answered as usual."""
    if msg.kind is Kind.TEXT and _bare(msg.text) in YES:
        return await _erase(msg, ctx)
    if (msg.kind is Kind.TEXT and _bare(msg.text) in NO) or (msg.kind is Kind.COMMAND and msg.command == "cancel"):
        ctx.state.clear()
        return [Reply(text=ctx.t("privacy.erase.kept"))]
    if msg.kind is Kind.ACTION and (msg.action or "").startswith(f"{ACTION}:"):
        return None
    ctx.state.clear()
    return None


async def on_action(msg: Incoming, ctx: Context) -> list[Reply]:
    if msg.action == f"{ACTION}:ask":
        return await ask_to_erase(msg, ctx, {})
    if ctx.state.flow != FLOW:
        return [Reply(text=ctx.t("privacy.erase.stale"))]
    if msg.action == CONFIRM:
        return await _erase(msg, ctx)
    ctx.state.clear()
    return [Reply(text=ctx.t("privacy.erase.kept"))]


async def _erase(msg: Incoming, ctx: Context) -> list[Reply]:
    ctx.state.forget()  # a parked flow (a half-written update, a check-in) is personal data too
    identity, person = ctx.identity, ctx.person
    t = ctx.t
    if identity is None:
        return [Reply(text=t("privacy.erase.done_unregistered"))]
    if person is None:
        await privacy.forget_account(ctx.session, identity)
        return [Reply(text=t("privacy.erase.done_unregistered"))]
    seats = list(
        (await ctx.session.execute(select(CommitteeMember).where(CommitteeMember.person_id == person.id))).scalars()
    )
    kept = fingerprints(fingerprint_key(ctx.services.settings), person.full_name, person.phone, person.email)
    ctx.audit(ERASED_ACTION, seats=len(seats), fingerprints=kept)  # a later import leaves this person out
    await _tell_admins(ctx, person, seats)
    accounts = await privacy.erase_person(ctx.session, person, ctx.now)
    ctx.identity = None
    return [Reply(text=t("privacy.erase.done", accounts=accounts))]


async def _tell_admins(ctx: Context, person: Person, seats: list[CommitteeMember]) -> None:
    """Each admin of the person's committees hears of it through the outbox: by internal id, never by name."""
    for seat in seats:
        admins = await ctx.session.execute(
            select(Identity, Person)
            .join(CommitteeMember, CommitteeMember.person_id == Identity.person_id)
            .join(Person, Person.id == Identity.person_id)
            .where(
                CommitteeMember.committee_id == seat.committee_id,
                CommitteeMember.is_admin.is_(True),
                Identity.person_id != person.id,
            )
        )
        for admin, admin_person in admins.all():
            t = translator(admin_person.language or admin.language)
            committee = await ctx.session.get(Committee, seat.committee_id)
            name = committee.name if committee is not None else str(seat.committee_id)
            text = t("privacy.admin_notice", id=person.id, role=t(f"directory.role.{seat.role}"), committee=name)
            await ctx.enqueue(
                admin.platform,
                admin.user_id,
                [Reply(text=text)],
                dedupe_key=f"pdpa:{person.id}:{seat.id}:{admin.id}",
                kind="notice",
            )


def _confirm_choices(ctx: Context) -> tuple[Choice, ...]:
    return (Choice(ctx.t("privacy.choice.confirm"), CONFIRM), Choice(ctx.t("privacy.choice.keep"), KEEP))
