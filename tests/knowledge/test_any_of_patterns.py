"""Knowledge patterns rewritten so that the regex engine can skip to their first letters (alternations joined bare
instead of in groups, lookbehinds looked back for after the first letter or digit): each must find what its former
form, kept here as the oracle, found, on every text of tests/data, on every pair of the patterns' words and on
random texts of those words, digits and dots."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import compose, counts, meetings, people
from tests.data_texts import data_texts, joined

#: The two posts whose patterns looked back for รอง first, as they were; the other posts are unchanged.
_OLD_CHAIRS = (
    r"(?<!รอง)ผอ\.?สพท|(?<!รอง)ผู้อำนวยการสำนักงานเขตพื้นที่|(?<!รอง)ผอ\.?เขต",
    r"(?<!รอง)ผอ\.?สศศ|(?<!รอง)ผู้อำนวยการสำนักบริหารงานการศึกษาพิเศษ",
)
OLD_POSTS = [re.compile(p) for p in (*(post.pattern.pattern for post in people.POSTS[:5]), *_OLD_CHAIRS)]
OLD_ANY_POST = re.compile("|".join(f"(?:{p.pattern})" for p in OLD_POSTS))
OLD_COUNTED = re.compile(r"(?<!ที่)(?<!ข้อ)(?<!ครั้ง)(?<!กลุ่ม)(?<![\d.])(\d+)(คน|คณะ|ข้อ|กลไก|ประการ|จังหวัด)")
OLD_CUES = {
    meetings.M2024: re.compile(
        r"2567|(?<!\d)67(?!\d)|ส\.?ค\.?|สิงหา|ภารกิจ|ชี้แจง|สพท|สศศ|สบน|นวัตกรรม|657|ขับเคลื่อนพื้นที่|กพฐ|ธนุ|2024|aug|"
        r"sandbox|มอบนโยบาย|ซักซ้อม|เพิ่มพูน|รมว"
    ),
    meetings.M2021: re.compile(
        r"2564|(?<!\d)64(?!\d)|ก\.?ย\.?|กันยา|กลไก|มีส่วนร่วม|ปลัด|สป\.?ศธ|ปีงบ|2565|(?<!\d)65(?!\d)|เชิงปฏิบัติการ|ณรงค์|"
        r"ศธภ|emenscr|xyz|cockpit|สุภัทร|ธนู|สมใจ|workshop|2021|mechanism"
    ),
}
_STRONG = [pattern for name, pattern, _ in meetings.ATTRIBUTES if name in meetings._STRONG]
OLD_ANY_STRONG = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _STRONG))
OLD_ANY_MONTH = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in compose._MONTHS))
_ALL_OLD = [*OLD_POSTS, OLD_COUNTED, *OLD_CUES.values(), *_STRONG, *(p for _, p in compose._MONTHS)]

_WORDS = sorted(
    {w for p in _ALL_OLD for w in re.findall(r"[ก-๛a-z0-9]+", p.pattern)}
    | {"รอง", "ที่", "ข้อ", "ครั้ง", "กลุ่ม", ".", "1", "7", "๖", "๗", "0.5", "|", " "}
    | {f"{n}{unit}" for n in ("1", "๗", "25") for unit in ("คน", "คณะ", "ข้อ", "กลไก", "ประการ", "จังหวัด")}
)
_TEXTS = st.lists(
    st.sampled_from(_WORDS) | st.text(alphabet="0123456789๖๗.รองผอสพทคน \n|", max_size=3), max_size=7
).map("".join)


def _assert_same(text: str) -> None:
    for post, old in zip(people.POSTS, OLD_POSTS, strict=True):
        new_match, old_match = post.pattern.search(text), old.search(text)
        assert (new_match and new_match.span()) == (old_match and old_match.span()), text
        assert post.pattern.sub("|", text) == old.sub("|", text), text
    assert bool(people._ANY_POST.search(text)) == bool(OLD_ANY_POST.search(text)), text
    assert counts._COUNTED.findall(text) == OLD_COUNTED.findall(text), text
    assert [m for m, p in meetings._CUES.items() if p.search(text)] == [
        m for m, p in OLD_CUES.items() if p.search(text)
    ]
    assert bool(meetings._ANY_STRONG.search(text)) == bool(OLD_ANY_STRONG.search(text)), text
    assert bool(compose._ANY_MONTH.search(text)) == bool(OLD_ANY_MONTH.search(text)), text


def test_the_patterns_are_joined_without_flags():
    assert all(p.flags == re.UNICODE for p in _ALL_OLD)  # so that joining them bare reads each as before


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_random_texts_as_before(text):
    _assert_same(text)


def test_every_pair_of_words_as_before():
    for text in joined(["", *_WORDS], _WORDS):
        _assert_same(text)


def test_every_text_of_the_data_as_before():
    texts = data_texts()
    assert len(texts) > 5000
    for text in texts:
        _assert_same(text)
        _assert_same("".join(text.split()))


def test_what_is_looked_back_for_still_counts():
    assert counts.counts_said("ข้อ 3 มี 70คณะ") == {"คณะ": {70}}
    assert people.POSTS[5].pattern.search("รองผอ.สพท") is None and people.POSTS[5].pattern.search("ผอ.สพท")
