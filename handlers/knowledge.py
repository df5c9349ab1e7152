"""Answers about duties, report deadlines, oversight groups, committee composition and the 11 mechanisms.

Every fact comes from the reference data (storage/reference) or from deadlines an admin set in the store, and every
answer that states one ends by naming where it comes from ("ที่มา: ข่าว สพฐ. 26 ส.ค. 2567").
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from pythainlp.corpus import provinces

from bot.authz import load_actor
from bot.core.context import Context
from bot.core.messages import Card, Incoming, Reply
from bot.thai.academic import RoundDue, academic_year, named_year
from bot.thai.text import clean
from handlers.common import AWAIT_SLOT, IntentHandler, days_left, field, intent_choice, show_date, show_month, text
from storage.reference.data import CommitteeKind, Group, reference
from storage.repositories.deadlines import next_due, rounds_of_year


def _cited(ctx: Context, topic: str, *, admin_dates: bool = False) -> str:
    """The source line of an answer from one reference file; with `admin_dates`, the dates shown are an admin's."""
    label = ctx.reference.source_of(topic).label(ctx.lang)
    if admin_dates:
        label += "; " + ctx.t("deadline.admin_dates")
    return ctx.t("k.source", sources=label)


async def duties_all(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    lines = [t("duties.all.header", count=len(ctx.reference.duties))]
    lines += [f"{d.number}. {field(d, 'title', lang)}" for d in ctx.reference.duties]
    lines += [t("duties.all.footer"), _cited(ctx, "duties")]
    choices = [intent_choice(t("choice.duty_n", number=d.number), "duty_one", d.number) for d in ctx.reference.duties]
    return text("\n".join(lines), *choices)


async def duty_one(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    duty = ctx.reference.duty(int(slots.get("number") or 0))
    if duty is None:
        return text(
            t("duties.no_such", count=len(ctx.reference.duties)),
            intent_choice(t("choice.duties"), "duties_all"),
        )
    body = t("duties.one", number=duty.number, title=field(duty, "title", lang), text=field(duty, "text", lang))
    body += "\n" + _cited(ctx, "duties")
    choices = []
    if duty.number in ctx.reference.report_rule.covers_duties or duty.number == 4:
        choices.append(intent_choice(t("choice.deadline"), "deadline_next"))
    choices.append(intent_choice(t("choice.duties"), "duties_all"))
    return text(body, *choices)


async def duties_mine(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    """The six duties are every member's; a registered member also hears which seats they hold."""
    t = ctx.t
    actor = await load_actor(ctx.store, ctx.identity)
    listing = await duties_all(msg, ctx, slots)
    if not actor.memberships:
        key = "duties.mine.director" if actor.is_director else "duties.mine.unregistered"
        return [*listing, Reply(text=t(key))]
    seats = "\n".join(
        t("duties.mine.seat", role=t(f"role.{m.role}", count=1), committee=m.committee_name) for m in actor.memberships
    )
    return [*listing, Reply(text=t("duties.mine.member", seats=seats))]


def _round_line(ctx: Context, r: RoundDue) -> str:
    t, lang = ctx.t, ctx.lang
    month = ctx.reference.report_rule.rounds[r.round - 1].month
    return t(
        "deadline.round_line.admin" if r.set_by_admin else "deadline.round_line",  # not "within April — by 20 March"
        round=r.round,
        semester=ctx.reference.report_rule.rounds[r.round - 1].semester,
        year=r.academic_year,
        month=show_month(r.due.year, month, lang),
        due=show_date(r.due, lang, "weekday"),
        left=days_left(r.due, ctx.today, lang),
    )


def _asked_year(msg: Incoming, ctx: Context) -> int | None:
    """The academic year the message names ("ปีการศึกษา 2569", "ปีหน้า"), if any: its dates, not the next ones."""
    return named_year(clean(msg.text), ctx.today) if msg.text else None


async def _of_year(ctx: Context, year: int, round_number: int | None = None) -> list[Reply]:
    """One academic year's report dates (one round of it, when asked): the rule's from the year it was set, and
    an admin's for any year; before the rule, none is made up."""
    t = ctx.t
    rounds = await rounds_of_year(ctx.store, ctx.reference.report_rule, year)
    source = ctx.reference.source_of("report_rule")
    first = academic_year(date.fromisoformat(source.date))
    if year < first:
        rounds = [r for r in rounds if r.set_by_admin]
    rounds = [r for r in rounds if round_number in (None, r.round)]
    if not rounds:
        return text(
            t("deadline.year.before_rule", year=year, first=first, source=source.label(ctx.lang)),
            intent_choice(t("choice.deadline_year"), "deadline_year"),
        )
    if round_number is not None:
        return _round_answer(ctx, rounds[0])
    lines = [t("deadline.year.header", year=year), *(_round_line(ctx, r) for r in rounds)]
    lines.append(t("deadline.year.rule", per_semester=ctx.reference.report_rule.min_per_semester))
    lines.append(_cited(ctx, "report_rule", admin_dates=any(r.set_by_admin for r in rounds)))
    return text("\n".join(lines), intent_choice(t("choice.howto"), "deadline_howto"))


async def deadline_next(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t = ctx.t
    if (year := _asked_year(msg, ctx)) is not None:
        return await _of_year(ctx, year)
    r = await next_due(ctx.store, ctx.reference.report_rule, ctx.today)
    body = "\n".join(
        [
            t("deadline.next.header"),
            _round_line(ctx, r),
            t("deadline.both_rounds"),
            _howto_short(ctx),
            _cited(ctx, "report_rule", admin_dates=r.set_by_admin),
        ]
    )
    other = 2 if r.round == 1 else 1
    return text(
        body,
        intent_choice(t("choice.round_n", round=other), "deadline_round", other),
        intent_choice(t("choice.deadline_year"), "deadline_year"),
        intent_choice(t("choice.howto"), "deadline_howto"),
    )


async def deadline_round(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    numbers = [r.round for r in ctx.reference.report_rule.rounds]
    wanted = slots.get("round")
    if wanted is None or int(wanted) not in numbers:
        return await deadline_next(msg, ctx, slots)
    if (year := _asked_year(msg, ctx)) is not None:
        return await _of_year(ctx, year, int(wanted))
    return _round_answer(ctx, await next_due(ctx.store, ctx.reference.report_rule, ctx.today, int(wanted)))


def _round_answer(ctx: Context, r: RoundDue) -> list[Reply]:
    """One round's dates, how to send and the source, with the year's dates and how to send to choose next."""
    t = ctx.t
    body = [t("deadline.round.header", round=r.round), _round_line(ctx, r), _howto_short(ctx)]
    body.append(_cited(ctx, "report_rule", admin_dates=r.set_by_admin))
    return text(
        "\n".join(body),
        intent_choice(t("choice.deadline_year"), "deadline_year"),
        intent_choice(t("choice.howto"), "deadline_howto"),
    )


async def deadline_year(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return await _of_year(ctx, _asked_year(msg, ctx) or academic_year(ctx.today))


def _howto_short(ctx: Context) -> str:
    rule = ctx.reference.report_rule
    return ctx.t("deadline.howto.short", channel=field(rule, "channel", ctx.lang))


async def deadline_howto(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    rule, lang = ctx.reference.report_rule, ctx.lang
    body = ctx.t(
        "deadline.howto",
        duties=", ".join(str(n) for n in rule.covers_duties),
        channel=field(rule, "channel", lang),
        recipient=field(rule, "recipient", lang),
        inform=field(rule, "inform", lang),
    )
    body += "\n" + _cited(ctx, "report_rule")
    return text(body, intent_choice(ctx.t("choice.deadline"), "deadline_next"))


def _group_card(ctx: Context, group: Group) -> Reply:
    t, lang = ctx.t, ctx.lang
    officials = "\n".join(f"{o.name} ({field(o, 'title', lang)})" for o in group.officials)
    provinces = [ctx.reference.province(name) for name in group.provinces]
    names = ", ".join(field(p, "name", lang) for p in provinces if p is not None)
    return Reply(
        card=Card(
            title=field(group, "name", lang),
            fields=(
                (t("label.officials"), officials),
                (t("label.provinces", count=len(group.provinces)), names),
            ),
            footer=_cited(ctx, "groups"),
        )
    )


@cache
def _other_provinces() -> dict[str, str]:
    """Thai provinces outside the sandbox's 20 (PyThaiNLP's bundled list, offline): Thai name -> English name."""
    ours = {p.name_th for p in reference().provinces}
    return {p["name_th"]: p["name_en"] for p in provinces(details=True) if p["name_th"] not in ours}


@cache
def _other_provinces_lowered() -> tuple[tuple[str, str], ...]:
    """(Thai name, lower-case English name) of the provinces outside the twenty, built once."""
    return tuple((name_th, name_en.lower()) for name_th, name_en in _other_provinces().items())


_OVERSIGHT = re.compile(r"กลุ่ม|ดูแล|รับผิดชอบ|พื้นที่นวัตกรรม|oversee|group|รายชื่อ|20 จังหวัด|20จังหวัด")


_PERSON_BEFORE = ("นาย", "คุณ", "ท่าน", "อ.", "อาจารย์", "ผอ.", "ผอ")


def _names_a_person(text: str, name: str) -> bool:
    """สุรินทร์ is a province and the first name of an official: นายสุรินทร์ / คุณสุรินทร์ / มั่นประสงค์ is the man."""
    compact = "".join(text.split())
    people = {o.name.removeprefix("นาย").split()[0]: o.name for g in reference().groups for o in g.officials}
    if name not in people:
        return False
    surname = people[name].split()[-1]
    others = [part for first, full in people.items() if first != name for part in (first, full.split()[-1])]
    return (
        surname in compact
        or any(f"{title}{name}" in compact for title in _PERSON_BEFORE)
        or any(other in compact for other in others)  # "สุรินทร์กับภูธร": two of the officials
    )


def other_province_rule(text: str) -> dict[str, Any] | None:
    """A question about a province that is not one of the 20: answered honestly instead of "not sure"."""
    lowered = text.lower()
    if _OVERSIGHT.search(lowered) is None:
        return None
    for name_th, name_en in _other_provinces_lowered():
        if (name_th in text and not _names_a_person(text, name_th)) or name_en in lowered:
            if reference().province(name_th) is None and not any(p.name_th in text for p in reference().provinces):
                return {"intent": "oversight_province", "other_province": name_th}
    return None


async def oversight_province(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    other = slots.get("other_province")
    if other:
        names = _other_provinces()
        shown = other if lang == "th" else names.get(str(other), str(other))
        body = t("oversight.not_listed", province=shown, count=len(ctx.reference.provinces))
        return text(
            body + "\n" + _cited(ctx, "groups"),
            *[
                intent_choice(t("choice.group_n", number=g.number), "group_info", g.number)
                for g in ctx.reference.groups
            ],
        )
    province = ctx.reference.province(str(slots.get("province") or ""))
    if province is None:
        return await _which_province(ctx)
    group = ctx.reference.group(province.group)
    assert group is not None
    officials = t("list.and").join(o.name for o in group.officials)
    body = t(
        "oversight.province",
        province=field(province, "name", lang),
        group=field(group, "name", lang),
        officials=officials,
    )
    body += "\n" + _cited(ctx, "groups")
    # One question, one message: the group's card (its ten provinces) is one tap away, not a second message.
    return text(body, intent_choice(t("choice.group_n", number=group.number), "group_info", group.number))


async def _which_province(ctx: Context) -> list[Reply]:
    t = ctx.t
    ctx.state.start(AWAIT_SLOT, intent="oversight_province", slot="province")
    total = len(ctx.reference.provinces)
    return text(
        t("oversight.which", count=total),
        *[intent_choice(t("choice.group_n", number=g.number), "group_info", g.number) for g in ctx.reference.groups],
    )


async def group_info(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    group = ctx.reference.group(int(slots.get("group") or 0))
    if group is None:
        return [_group_card(ctx, g) for g in ctx.reference.groups]
    return [_group_card(ctx, group)]


def _composition(ctx: Context, kind: CommitteeKind) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    seats = tuple((t(f"role.{s.role}", count=s.count), field(s, "title", lang)) for s in kind.seats)
    footer = t("composition.footer", members=kind.members_per_committee, committees=kind.committees)
    footer += "\n" + _cited(ctx, "committees")
    return [Reply(card=Card(title=field(kind, "name", lang), fields=seats, footer=footer))]


async def composition_area(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return _composition(ctx, ctx.reference.committee_kind("area"))


async def composition_special(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    return _composition(ctx, ctx.reference.committee_kind("special"))


async def composition_counts(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t = ctx.t
    area = ctx.reference.committee_kind("area")
    special = ctx.reference.committee_kind("special")
    seats = area.committees * area.members_per_committee + special.committees * special.members_per_committee
    body = t(
        "composition.counts",
        area_committees=area.committees,
        area_members=area.members_per_committee,
        area_total=area.committees * area.members_per_committee,
        special_members=special.members_per_committee,
        seats=seats,
    )
    return text(
        body + "\n" + _cited(ctx, "committees"),
        intent_choice(t("choice.composition_area"), "composition_area"),
        intent_choice(t("choice.composition_special"), "composition_special"),
    )


async def mechanisms_all(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    lines = [t("mechanisms.all.header", count=len(ctx.reference.mechanisms))]
    lines += [f"{m.number}. {field(m, 'short', lang)}" for m in ctx.reference.mechanisms]
    lines += [t("mechanisms.all.footer"), _cited(ctx, "mechanisms")]
    return text("\n".join(lines))


async def mechanism_one(msg: Incoming, ctx: Context, slots: dict[str, Any]) -> list[Reply]:
    t, lang = ctx.t, ctx.lang
    mechanism = ctx.reference.mechanism(int(slots.get("number") or 0))
    if mechanism is None:
        return text(
            t("mechanisms.no_such", count=len(ctx.reference.mechanisms)),
            intent_choice(t("choice.mechanisms"), "mechanisms_all"),
        )
    body = t(
        "mechanisms.one",
        number=mechanism.number,
        short=field(mechanism, "short", lang),
        text=mechanism.text_th,
    )
    return text(body + "\n" + _cited(ctx, "mechanisms"))


HANDLERS: dict[str, IntentHandler] = {
    "duties_all": duties_all,
    "duty_one": duty_one,
    "duties_mine": duties_mine,
    "deadline_next": deadline_next,
    "deadline_round": deadline_round,
    "deadline_year": deadline_year,
    "deadline_howto": deadline_howto,
    "oversight_province": oversight_province,
    "group_info": group_info,
    "composition_area": composition_area,
    "composition_special": composition_special,
    "composition_counts": composition_counts,
    "mechanisms_all": mechanisms_all,
    "mechanism_one": mechanism_one,
}
