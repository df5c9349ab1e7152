"""Replies the platforms accept, always (issue 10, item 10).

One property test renders every reply the bot can make — every corpus question, every command, every flow step it
reaches by tapping, for a committee of 60 with every duty blocked and a director of 40 schools — and checks each
payload against the platforms' documented limits, as the strict fakes check them. Hypothesis then does the same for
arbitrary replies: Thai with marks, emoji, long lines, many long labels.
"""

from __future__ import annotations

import itertools

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters import line_convert, telegram_convert
from bot.adapters.text_limits import distinct_labels, split_text, utf16_len
from bot.core.messages import Card, Choice, Incoming, Kind, Platform, Reply
from handlers.routes import COMMANDS
from storage.models import CheckIn, CommitteeMember, Person, PilotSchool
from tests.directory import link, seed_directory
from tests.fakes.line_api import message_errors
from tests.fakes.telegram_api import message_error

CORPUS = yaml.safe_load(open("tests/data/intent_corpus.yaml", encoding="utf-8"))
# One question per distinct labelled answer (intent and slots): the answers, not the phrasings, are what is rendered.
QUESTIONS = sorted(
    {repr(sorted((k, str(v)) for k, v in item.items() if k != "text")): item["text"] for part in CORPUS.values()
     for item in part}.values()
)  # fmt: skip
PHRASES = [
    "สถานะของฉัน",
    "คณะกรรมการของฉันเช็คอินครบหรือยัง",
    "โรงเรียนไหนในเขตยังไม่ส่ง",
    "โรงเรียนของฉันส่งอัปเดตล่าสุดเมื่อไร",
    "ฉันคือใคร",
    "ลงทะเบียน",
    "ลงทะเบียน ABCD2345",
    "ข้อมูลของฉัน",
    "👥" * 3000,
    "ก" * 6000,
]
FLOWS = ["อัปเดตความคืบหน้า", "เช็คอิน", "/checkin", "/update", "/register", "ลงทะเบียน"]
_MARK = regex.compile(r"^\p{M}")


def line_problems(replies: list[Reply]) -> list[tuple[str, str]]:
    messages = [m.to_dict() for m in line_convert.render(replies)]
    return message_errors({"replyToken": "x", "messages": messages})


def telegram_problems(replies: list[Reply]) -> list[str]:
    problems = []
    for reply in replies:
        for kwargs in telegram_convert.render(reply):
            params = dict(kwargs)
            if "reply_markup" in params:
                params["reply_markup"] = params["reply_markup"].to_dict()
            problem = message_error(params)
            if problem is not None:
                problems.append(problem)
    return problems


async def _big_directory(app) -> dict[str, int]:
    """Committee 1 grows to 60 members with every duty blocked; its director runs 40 schools with look-alike names."""
    async with app.sessions() as session, session.begin():
        d = await seed_directory(session)
        people = [Person(full_name=f"นางสาวกรรมการ ทดสอบยาวมากนามสกุลยาว {n} 👥") for n in range(56)]
        session.add_all(people)
        await session.flush()
        for person in people:
            session.add(CommitteeMember(committee_id=d.committee, person_id=person.id, role="expert"))
            for duty in range(1, 7):
                session.add(
                    CheckIn(
                        committee_id=d.committee,
                        person_id=person.id,
                        duty_number=duty,
                        academic_year=2569,
                        round=2,
                        status="blocked",
                        note="ติดปัญหา",
                        platform="line",
                    )
                )
        for n in range(40):
            session.add(
                PilotSchool(
                    code=f"10950{n:05d}",
                    name=f"โรงเรียนบ้านหนองบัวลำภูวิทยาคม เขต {n}",
                    area_office_id=d.area_office,
                    director_id=d.director,
                )
            )
        for who, person in (("chair", d.chair), ("director", d.director), ("expert", d.expert)):
            await link(session, person, "line", f"U{who:0>32}"[-33:])
            await link(session, person, "telegram", str(9000 + person))
        return {"chair": d.chair, "director": d.director, "expert": d.expert}


class Driver:
    def __init__(self, app, platform: Platform, user_id: str) -> None:
        self.app, self.platform, self.user_id = app, platform, user_id

    async def send(self, kind: Kind, **fields: object) -> list[Reply]:
        event = f"{self.platform}-{self.user_id}-{next(_ids)}"
        msg = Incoming(self.platform, event, self.user_id, self.user_id, kind, **fields)  # type: ignore[arg-type]
        return (await self.app.processor.process(msg)).replies


_ids = itertools.count()


async def test_every_reply_the_bot_makes_fits_both_platforms(app):
    ids = await _big_directory(app)
    seen: list[tuple[Platform, list[Reply]]] = []
    users = [("line", f"U{who:0>32}"[-33:]) for who in ids] + [("telegram", str(9000 + pid)) for pid in ids.values()]
    users.append(("line", "U" + "f" * 32))  # unregistered
    for number, (platform_name, user_id) in enumerate(users):
        driver = Driver(app, Platform(platform_name), user_id)
        for text in [*(QUESTIONS if number in (0, 3) else ()), *PHRASES]:  # the corpus as the chair on each platform
            seen.append((driver.platform, await driver.send(Kind.TEXT, text=text)))
        for name, _, _ in COMMANDS:
            seen.append((driver.platform, await driver.send(Kind.COMMAND, text=f"/{name}", command=name)))
        for opener in FLOWS:  # every step reached by tapping the first choice, then the last
            for pick in (0, -1):
                replies = await driver.send(Kind.TEXT, text=opener)
                for _ in range(12):
                    seen.append((driver.platform, replies))
                    choices = [c for r in replies for c in r.choices]
                    if not choices:
                        break
                    replies = await driver.send(Kind.ACTION, action=choices[pick].action, text=choices[pick].label)
                await driver.send(Kind.COMMAND, text="/cancel", command="cancel")
    problems = []
    for platform, replies in seen:
        if not replies:
            continue
        found = line_problems(replies) if platform is Platform.LINE else telegram_problems(replies)
        problems += [(platform, replies[0].as_text()[:60], p) for p in found]
    assert problems == []
    assert len(seen) > 500


async def test_a_director_of_40_schools_pages_through_them_on_line_and_picks_one(app):
    await _big_directory(app)
    driver = Driver(app, Platform.LINE, f"U{'director':0>32}"[-33:])
    replies = await driver.send(Kind.TEXT, text="อัปเดตความคืบหน้า")
    choices = [c for r in replies for c in r.choices]
    assert len(choices) == 13
    assert choices[-1].label == "ยกเลิก" and choices[-2].label == "ดูเพิ่มเติม"
    assert "และอีก" in replies[-1].text, "the numbered list in the text is capped too"
    shown = {c.action for c in choices[:-2]}
    pages = 1
    while choices[-2].label == "ดูเพิ่มเติม":
        replies = await driver.send(Kind.ACTION, action=choices[-2].action, text=choices[-2].label)
        choices = list(replies[-1].choices)
        assert choices[-1].label == "ยกเลิก" and len(choices) <= 13
        shown |= {c.action for c in choices if c.label not in ("ดูเพิ่มเติม", "ยกเลิก")}
        pages += 1
    assert len(shown) == 41 and pages == 4  # 40 schools and the seeded one, 11 a page
    last_school = next(c for c in choices if c.label != "ยกเลิก")
    replies = await driver.send(Kind.ACTION, action=last_school.action, text=last_school.label)
    assert "โครงการ" in replies[0].as_text(), "the flow moved on to its next step"
    labels = [m.to_dict() for m in line_convert.render(replies)]
    assert message_errors({"messages": labels}) == []


# --- the same, for arbitrary replies -----------------------------------------------------------------------------

_THAI = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮะาำิีึืุูเแโใไ่้๊๋ั็์ๆฯ"
_texts = st.text(
    alphabet=st.sampled_from([*_THAI, " ", "\n", ".", "👥", "🔄", "⛔", "a", "1", "\u200b"]), max_size=6000
)
_labels = st.text(alphabet=st.sampled_from([*_THAI, " ", "👥", "1", "2"]), min_size=1, max_size=60)
_choices = st.lists(
    st.builds(Choice, _labels, st.from_regex(r"[a-z]{1,8}:[0-9]{1,40}", fullmatch=True)), max_size=13
).map(lambda cs: tuple({c.action: c for c in cs}.values()))
_cards = st.none() | st.builds(
    Card, _labels, st.lists(st.tuples(_labels, _labels), max_size=8).map(tuple), st.text(max_size=100)
)
_replies = st.lists(st.builds(Reply, _texts, _choices, _cards), min_size=1, max_size=9)


@settings(max_examples=150, deadline=None)
@given(_replies)
def test_any_replies_render_within_both_platforms_limits(replies):
    assert line_problems(replies) == []
    assert telegram_problems(replies) == []
    if len(replies) <= 5:
        sent = "\n".join(m.to_dict().get("text", "") for m in line_convert.render(replies))
        for reply in replies:  # nothing dropped: every word of every text reply arrives
            if reply.card is None:
                assert set(reply.text.split()) <= set(sent.split()) | {""}


@settings(max_examples=200, deadline=None)
@given(_texts, st.sampled_from([20, 300, 4096, 5000]))
def test_splits_fit_and_never_cut_a_grapheme_cluster(text, limit):
    parts = split_text(text, limit)
    assert all(utf16_len(part) <= limit for part in parts)
    if not regex.search(r"\n\p{M}", text):  # a mark after a line break stands alone in the text itself
        assert all(not _MARK.match(part) for part in parts[1:]), "a part starts with a vowel or tone mark"
    assert "".join("".join(parts).split()) == "".join(text.split()), "only whitespace is lost at the cuts"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 2"],
         ["…กษาเชียงใหม่ เขต 1", "…กษาเชียงใหม่ เขต 2"]),
        (["ยกเลิก", "ดูเพิ่มเติม"], ["ยกเลิก", "ดูเพิ่มเติม"]),
    ],
)  # fmt: skip
def test_long_labels_keep_their_distinguishing_end(labels, expected):
    assert distinct_labels(labels, 20) == expected


@given(st.lists(_labels, min_size=1, max_size=13))
def test_labels_stay_distinct_and_short(labels):
    shown = distinct_labels(labels, 20)
    assert all(utf16_len(label) <= 20 for label in shown)
    assert len(set(shown)) == len(set(labels))
    assert all(not _MARK.match(label.lstrip("…")) for label, was in zip(shown, labels, strict=True) if label != was)
