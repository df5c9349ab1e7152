"""The reminder planner: at a moment, decide who gets which digest, and write it to the outbox once.

`plan` only reads (so `sandboxbot reminders preview` can show it); `commit` records each decision as a
`ReminderSent` row (series, step, recipient) next to its outbox row, in one transaction, so no run, restart or second
worker makes it twice. Only the latest due step of a series counts: after downtime a person gets one catch-up
reminder, not the backlog. Nothing is planned in quiet hours, at weekends or on Thai public holidays; what fell due
then goes out the next working morning.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translator
from bot.outbox.payload import replies_to_payload
from bot.reminders.calendar import WorkingCalendar
from bot.reminders.digest import Digest, Late, Line, render_digest, render_group
from bot.reminders.missing import Missing, missing
from bot.reminders.policy import Policy, step_name
from bot.reminders.series import Series, open_series
from storage.models import Committee, CommitteeMember, Identity, Person, PilotSchool, ReminderMark, ReminderSent
from storage.reference.data import ReferenceData
from storage.repositories.outbox import add_messages, message_values
from storage.upsert import insert_ignore_many

ESCALATED_ROLES = ("chair", "secretary")
PLANNER_LOCK = 7_007_007  # pg_advisory_xact_lock key: one planning run at a time across workers


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything a run needs besides the store: reference data, calendar, policy, the platforms that can send."""

    reference: ReferenceData
    calendar: WorkingCalendar
    policy: Policy
    platforms: tuple[str, ...]  # in order of preference: Telegram first

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.tz


@dataclass(slots=True)
class PersonPlan:
    person_id: int
    name: str
    platform: str | None
    chat_id: str | None
    lang: str
    digest: Digest = field(default_factory=Digest)
    steps: list[tuple[str, str]] = field(default_factory=list)  # (series, step) recorded with this digest


@dataclass(slots=True)
class GroupPlan:
    committee_id: int
    platform: str
    chat_id: str
    late: Late
    step: str


@dataclass(slots=True)
class Plan:
    now: datetime
    may_send: bool
    people: list[PersonPlan] = field(default_factory=list)
    groups: list[GroupPlan] = field(default_factory=list)
    escalations: list[tuple[str, str, int]] = field(default_factory=list)  # (series, step, committee) decided


def latest_step(series: Series, offsets: tuple[int, ...], calendar: WorkingCalendar, now: datetime) -> int | None:
    """The latest offset whose day (or the next working morning after it) has come; None before the first."""
    due = [o for o in offsets if calendar.first_moment(series.due - timedelta(days=o)) <= now]
    return min(due) if due else None


@dataclass(slots=True)
class _World:
    """The rows a run reads, fetched once."""

    names: dict[int, str]
    languages: dict[int, str | None]
    identities: dict[int, list[tuple[str, str, str | None]]]
    committees: dict[int, Committee]
    seats: dict[int, set[int]]  # person -> committees
    escalated: dict[int, list[int]]  # committee -> chair and secretary person ids
    schools: dict[int, str]
    marks: dict[tuple[str, int], ReminderMark]
    sent: set[tuple[str, str, str]]


async def _world(session: AsyncSession, series_keys: list[str]) -> _World:
    people = (await session.execute(select(Person.id, Person.full_name, Person.language))).all()
    identities: dict[int, list[tuple[str, str, str | None]]] = defaultdict(list)
    rows = await session.execute(
        select(Identity.person_id, Identity.platform, Identity.user_id, Identity.language)
        .join(Person, Person.id == Identity.person_id)
        .where(Person.consented_at.is_not(None))  # reached only with the PDPA consent that promised reminders
        .order_by(Identity.id)
    )
    for person_id, platform, user_id, language in rows.all():
        identities[person_id].append((platform, user_id, language))
    committees = {c.id: c for c in (await session.execute(select(Committee))).scalars()}
    seats: dict[int, set[int]] = defaultdict(set)
    escalated: dict[int, list[int]] = defaultdict(list)
    for committee_id, person_id, role in (
        await session.execute(
            select(CommitteeMember.committee_id, CommitteeMember.person_id, CommitteeMember.role)
            .where(CommitteeMember.person_id.is_not(None))  # a vacated seat is reminded of nothing
            .order_by(CommitteeMember.id)
        )
    ).all():
        seats[person_id].add(committee_id)
        if role in ESCALATED_ROLES and person_id not in escalated[committee_id]:
            escalated[committee_id].append(person_id)
    schools = dict((await session.execute(select(PilotSchool.id, PilotSchool.name))).all())
    marks = {
        (m.series, m.person_id): m
        for m in (await session.execute(select(ReminderMark).where(ReminderMark.series.in_(series_keys)))).scalars()
    }
    sent = {
        (s, st, r)
        for s, st, r in (
            await session.execute(
                select(ReminderSent.series, ReminderSent.step, ReminderSent.recipient).where(
                    ReminderSent.series.in_(series_keys)
                )
            )
        ).all()
    }
    return _World(
        names={pid: name for pid, name, _ in people},
        languages={pid: lang for pid, _, lang in people},
        identities=identities,
        committees=committees,
        seats=seats,
        escalated=escalated,
        schools=schools,
        marks=marks,
        sent=sent,
    )


def _as_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


async def plan(session: AsyncSession, rules: Rules, now: datetime, ignore_sent: bool = False) -> Plan:
    """Who would get what at `now` (nothing in quiet time); `ignore_sent` shows decisions already made too."""
    cal = rules.calendar
    result = Plan(now=now, may_send=cal.may_send(now))
    today = now.astimezone(rules.tz).date()
    series_list = await open_series(session, rules.reference.report_rule, rules.policy, today)
    if not series_list:
        return result
    world = await _world(session, [s.key for s in series_list])
    duty_numbers = tuple(d.number for d in rules.reference.duties)
    people: dict[int, PersonPlan] = {}

    def person(pid: int) -> PersonPlan:
        if pid not in people:
            people[pid] = _person(pid, world, rules.platforms)
        return people[pid]

    for series in series_list:
        gaps = await missing(session, series, duty_numbers, rules.tz)
        step = latest_step(series, series.offsets, cal, now)
        for gap in gaps:
            steps = _due_steps(series, step, gap.person_id, world, now, ignore_sent)
            if steps:
                plan_ = person(gap.person_id)
                plan_.digest.lines.append(_line(series, gap, world))
                plan_.steps.extend((series.key, s) for s in steps)
        _escalate(series, gaps, world, rules, now, ignore_sent, person, result)
    result.people = [p for p in people.values() if p.steps or p.digest.late]
    return result


def _due_steps(
    series: Series, step: int | None, pid: int, world: _World, now: datetime, ignore_sent: bool
) -> list[str]:
    """The step names to send this person now: the latest policy step, and a snoozed reminder that came due."""
    mark = world.marks.get((series.key, pid))
    recipient = f"p{pid}"
    if mark is not None and (mark.stopped_at is not None or mark.done_at is not None):
        return []
    snoozed = _as_utc(mark.snoozed_until) if mark is not None else None
    if snoozed is not None and snoozed > now:
        return []
    steps = []
    if step is not None:
        steps.append(step_name(step))
    if snoozed is not None:
        steps.append(f"z{snoozed:%Y%m%d%H%M}")
    return [s for s in steps if ignore_sent or (series.key, s, recipient) not in world.sent]


def _escalate(
    series: Series,
    gaps: list[Missing],
    world: _World,
    rules: Rules,
    now: datetime,
    ignore_sent: bool,
    person: Callable[[int], PersonPlan],
    result: Plan,
) -> None:
    """Chair and secretary (and the committee's bound group) hear who is late, on the escalation days."""
    after = [-d for d in rules.policy.escalate_after]
    step = latest_step(series, tuple(after), rules.calendar, now)
    if step is None:
        return
    name = "e" + step_name(step)
    late: dict[int, list[str]] = defaultdict(list)
    for gap in gaps:
        for committee_id in gap.committee_ids:
            late[committee_id].append(world.names.get(gap.person_id, "?"))
    for committee_id, names in late.items():
        if not ignore_sent and (series.key, name, f"c{committee_id}") in world.sent:
            continue
        committee = world.committees.get(committee_id)
        if committee is None:
            continue
        entry = Late(series, committee.name, tuple(sorted(set(names))))
        result.escalations.append((series.key, name, committee_id))
        for pid in world.escalated.get(committee_id, []):
            person(pid).digest.late.append(entry)
        if committee.group_chat_platform in rules.platforms and committee.group_chat_id:
            result.groups.append(
                GroupPlan(committee_id, committee.group_chat_platform, committee.group_chat_id, entry, name)
            )


def _person(pid: int, world: _World, platforms: tuple[str, ...]) -> PersonPlan:
    accounts = world.identities.get(pid, [])
    chosen = next(((p, u, lang) for want in platforms for p, u, lang in accounts if p == want), None)
    lang = world.languages.get(pid) or (chosen[2] if chosen else None) or "th"
    return PersonPlan(
        pid, world.names.get(pid, "?"), chosen[0] if chosen else None, chosen[1] if chosen else None, lang
    )


def _line(series: Series, gap: Missing, world: _World) -> Line:
    duties: tuple[tuple[str, tuple[int, ...]], ...] = ()
    if gap.duties:
        several = len(world.seats.get(gap.person_id, ())) > 1
        duties = tuple(
            (world.committees[c].name if several and c in world.committees else "", numbers)
            for c, numbers in gap.duties.items()
        )
    schools = tuple(world.schools.get(s, "?") for s in gap.schools)
    return Line(series, duties, schools, gap.custom)


async def lock(session: AsyncSession) -> None:
    """One planning run at a time: PostgreSQL advisory lock; SQLite's BEGIN IMMEDIATE already serialises."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PLANNER_LOCK})


async def commit(session: AsyncSession, rules: Rules, result: Plan) -> int:
    """Write the plan: decisions and outbox rows in the caller's transaction (in bulk); returns messages queued."""
    if not result.may_send:
        return 0
    today = result.now.astimezone(rules.tz).date()
    decisions = [
        {"series": series, "step": name, "recipient": f"c{committee_id}", "decided_at": result.now}
        for series, name, committee_id in result.escalations
    ]
    decisions += [
        {"series": series, "step": step, "recipient": f"p{p.person_id}", "decided_at": result.now}
        for p in result.people
        for series, step in p.steps
    ]
    fresh = set(await insert_ignore_many(session, ReminderSent, decisions, ("series", "step", "recipient")))
    messages = []
    for p in result.people:
        mine = [(series, step) for series, step in p.steps if (series, step, f"p{p.person_id}") in fresh]
        if (not mine and not p.digest.late) or p.platform is None or p.chat_id is None:
            continue  # nothing new, or unreachable (decided all the same, so not retried every run; preview shows it)
        reply = render_digest(p.digest, today, translator(p.lang))
        signature = (
            ",".join(f"{s}:{st}" for s, st in sorted(p.steps))
            + "|"
            + ",".join(sorted(f"{late.series.key}:{late.committee}" for late in p.digest.late))
        )
        messages.append(
            message_values(
                platform=p.platform,
                chat_id=p.chat_id,
                payload=replies_to_payload([reply], series=p.digest.keys, steps=[list(s) for s in p.steps]),
                available_at=result.now,
                dedupe_key=f"rem:p{p.person_id}:{today:%Y%m%d}:{hashlib.sha1(signature.encode()).hexdigest()[:16]}",
                kind="reminder",
                person_id=p.person_id,
            )
        )
    for g in result.groups:
        messages.append(
            message_values(
                platform=g.platform,
                chat_id=g.chat_id,
                payload=replies_to_payload([render_group(g.late, today, translator("th"))]),
                available_at=result.now,
                dedupe_key=f"esc:c{g.committee_id}:{g.late.series.key}:{g.step}",
                kind="escalation",
            )
        )
    return len(await add_messages(session, messages))


async def run(session: AsyncSession, rules: Rules, now: datetime) -> int:
    """One planning run in the caller's transaction: lock, plan, write."""
    if not rules.calendar.may_send(now):
        return 0
    await lock(session)
    return await commit(session, rules, await plan(session, rules, now))
