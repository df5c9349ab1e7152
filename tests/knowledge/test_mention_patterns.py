"""The mention reader's patterns were rewritten so that none starts with ^ or a lookbehind (the regex engine then skips
to an alternative's first letters): every flag must be what the former patterns, kept here as the oracle, gave, on
every text of tests/data and on random texts built from the patterns' own words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import mentions
from bot.knowledge.service import build_knowledge
from bot.thai.text import clean
from storage.reference.data import reference
from tests.data_texts import data_texts, joined

_WHEN = r"(?<!ครั้ง)(?<!รอบ)(?<!งวด)(?<!ปี)(?<!เดือน)(?<!ภาค)(?<!วัน)(?<!สัปดาห์)"
_LATER = r"(?!report|meeting|round|deadline|time|year|month|week|semester|due|submission|term|รายงาน|ประชุม|กำหนด)"
#: The former patterns, as they were.
OLD = {
    "yesno": re.compile(
        r"^(?:is|are|does|do|did|can)(?=[a-zก-๛])|จริงไหม|จริงมั้ย|จริงมั๊ย|จริงหรือเปล่า|จริงรึเปล่า|จริงป่ะ|ด้วย(?:ไหม|มั้ย|มั๊ย)|ใช่ไหม|ใช่มั้ย|ใช่มั๊ย|ใช่ป่ะ|ใช่เปล่า|ใช่หรือไม่|ใช่รึ|ใช่ป่าว|หรือเปล่า|รึเปล่า|หรือป่าว|รึป่าว|ป่ะ$|ป่าว$|หรือไม่$|ไหม$|มั้ย$|มั๊ย$|ใช่ปะ|ปะ$|(?:ป่ะ|ป่าว|ปะ|ไหม|มั้ย)(?:คะ|ค่ะ|ครับ|คับ|นะ|จ้ะ|จ๊ะ)$"
    ),
    "count": re.compile(r"(?<!เ)กี่(?!ย)|จำนวน|howmany|เท่าไหร่|เท่าไร"),
    "follow": re.compile(
        r"ด้วย(?:ไหม|มั้ย|หรือเปล่า|รึเปล่า|ป่ะ|ปะ)|^(?:แล้ว|และ|ส่วน|งั้น|ถ้า|whatabout|howabout|and)|ล่ะ|หล่ะ|ละ$|ละคะ$|ละครับ$|อ่ะ$|ถัดไป|ต่อไป|ก่อนหน้า|(?:กลุ่ม|ข้อ|จังหวัด|คน|ท่าน|อัน)(?:นั้น|นี้)|อีก"
    ),
    "next": re.compile(rf"{_WHEN}(?:ถัดไป|ต่อไป)|ข้อต่อ|next{_LATER}"),
    "previous": re.compile(rf"{_WHEN}ก่อนหน้า|ข้อที่แล้ว|previous{_LATER}"),
    "any_report_ask": re.compile("|".join(f"(?:{p.pattern})" for p in mentions.REPORT_ASKS.values())),
    "latin": re.compile(r"[a-z]+"),
}
OLD_ABBREVIATIONS = re.compile(
    "|".join(
        re.escape(k) if k.endswith(".") else "(?<![ก-๛])" + re.escape(k)
        for k in sorted(mentions._EXPANDED, key=len, reverse=True)
    )
)
OLD_NOT_A_SEAT = re.compile(
    r"ผู้ช่วยเลขา\S?|ฝ่ายเลขา(?:นุการ)?|เลขาธิการ|เลขาฯ?\.?(?:กพฐ|สพฐ)|ประธานาธิบดี|ประธานสภา|ประธานบริษัท|ประธานการประชุม|ประธานประชุม|ประธานในการประชุม|ประธานในที่ประชุม"
)


def _new(name: str, text: str) -> bool:
    """The same question asked of the rewritten module."""
    return {
        "yesno": lambda: mentions._YESNO_OPENING.match(text) is not None or bool(mentions._YESNO.search(text)),
        "count": lambda: bool(mentions._COUNT.search(text)),
        "follow": lambda: mentions._follows(text),
        "next": lambda: bool(mentions._NEXT.search(text)),
        "previous": lambda: bool(mentions._PREVIOUS.search(text)),
        "any_report_ask": lambda: bool(mentions._ANY_REPORT_ASK.search(text)),
        "latin": lambda: bool(mentions._LATIN_LETTER.search(text)),
    }[name]()


def _words() -> list[str]:
    """The words of the former patterns, and the words of time and seats they are read with."""
    patterns = [p.pattern for p in (*OLD.values(), OLD_ABBREVIATIONS, OLD_NOT_A_SEAT)]
    found = {w for p in patterns for w in re.findall(r"[ก-๛a-z]+", p)}
    return sorted(found | set(mentions._EXPANDED) | {word for word, _ in mentions.ROLE_WORDS})


_PIECES = _words()
#: Short words, words of time and provinces that are everyday words, drawn as often as all the others together:
#: what a lookaround or an anchor looks at ("เ" before กี่, "วัน" before ต่อไป, "แล้ว" before ตาก).
_CONTEXT = sorted({w for w in _PIECES if len(w) <= 3} | set(mentions._WHEN) | mentions._OTHER_SKIP)
_TEXTS = st.lists(
    st.sampled_from(_PIECES) | st.sampled_from(_CONTEXT) | st.text(alphabet="กคจวรเยี่ัฯ.ſabnxt19 \n|", max_size=3),
    max_size=7,
).map("".join)


def _old_compact(text: str) -> str:
    cleaned = clean(text)
    if OLD["latin"].search(cleaned):
        cleaned = mentions._ENGLISH_WORDS.sub(lambda match: f" {mentions._ENGLISH[match.group()]} ", cleaned)
    return OLD_ABBREVIATIONS.sub(lambda match: mentions._EXPANDED[match.group()], mentions._squash(cleaned))


def _old_roles(compact: str) -> list[str]:
    seats, roles = OLD_NOT_A_SEAT.sub("", compact), []
    for word, role in mentions.ROLE_WORDS:
        if word in seats:
            seats = seats.replace(word, " ")
            if role not in roles:
                roles.append(role)
    return roles


def _expand(match: re.Match[str]) -> str:
    return mentions._EXPANDED[match.group()]


def _assert_same(text: str) -> None:
    for name, pattern in OLD.items():
        assert _new(name, text) == bool(pattern.search(text)), (name, text)
    assert mentions._ABBREVIATIONS.sub(_expand, text) == OLD_ABBREVIATIONS.sub(_expand, text), text
    assert mentions._without_non_seats(text) == OLD_NOT_A_SEAT.sub("", text), text


@pytest.fixture(scope="module")
def reader() -> mentions.MentionReader:
    return build_knowledge(reference()).reader


_NEVER = re.compile("(?!)")
#: The module as it was: the former patterns in place of the new ones, and the new openings never matching.
_AS_BEFORE = {
    "_YESNO": OLD["yesno"],
    "_YESNO_OPENING": _NEVER,
    "_COUNT": OLD["count"],
    "_FOLLOW": OLD["follow"],
    "_FOLLOW_OPENING": _NEVER,
    "_NEXT": OLD["next"],
    "_PREVIOUS": OLD["previous"],
    "_ANY_REPORT_ASK": OLD["any_report_ask"],
    "_LATIN_LETTER": OLD["latin"],
    "_ABBREVIATIONS": OLD_ABBREVIATIONS,
    "_without_non_seats": lambda compact: OLD_NOT_A_SEAT.sub("", compact),
}


def _assert_read_same(reader: mentions.MentionReader, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    m, topic = reader.read(text), reader.read(text, place_topic=True)
    c = _old_compact(text)
    assert m.compact == c, text
    assert m.yesno == (bool(OLD["yesno"].search(c)) or c.startswith("ใช่")), text
    assert (m.count, m.follow) == (bool(OLD["count"].search(c)), bool(OLD["follow"].search(c))), text
    assert m.step == (1 if OLD["next"].search(c) else -1 if OLD["previous"].search(c) else 0), text
    asks = [n for n, p in mentions.REPORT_ASKS.items() if p.search(c)] if OLD["any_report_ask"].search(c) else []
    assert (m.report_asks, m.roles) == (asks, _old_roles(c)), text
    with monkeypatch.context() as patched:
        for name, value in _AS_BEFORE.items():
            patched.setattr(mentions, name, value)
        assert (m, topic) == (reader.read(text), reader.read(text, place_topic=True)), text


@settings(max_examples=5000, deadline=None)
@given(_TEXTS)
def test_every_pattern_answers_as_the_former_one(text):
    _assert_same(text)
    _assert_same(mentions._squash(text))


def test_every_text_of_the_data_is_read_as_before(reader, monkeypatch):
    texts = data_texts()
    assert len(texts) > 5000
    for text in texts:
        _assert_same(text)
        _assert_read_same(reader, text[:300], monkeypatch)


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_random_texts_are_read_as_before(reader, text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_read_same(reader, text, monkeypatch)


def test_the_rewritten_forms_still_tell_apart():
    assert mentions._follows("แล้วสงขลาล่ะ") and mentions._follows("andtrang") and not mentions._follows("สงขลา")
    assert not mentions._NEXT.search("รายงานครั้งต่อไป") and mentions._NEXT.search("ข้อถัดไป")
    assert not mentions._COUNT.search("เกี่ยวกับ") and mentions._COUNT.search("กี่คน")


def test_every_pair_of_words_answers_as_before():
    words = sorted({*_PIECES, *_CONTEXT})
    for text in joined(["", *words], words):
        _assert_same(text)


def test_every_word_before_a_short_word_is_read_as_before(reader, monkeypatch):
    for text in joined(["", *sorted({*_PIECES, *_CONTEXT})], _CONTEXT):
        _assert_read_same(reader, text, monkeypatch)
