"""Every fact the bot states comes from the reference data: checked in the replies, not only the intent label."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adapters.console import ConsoleAdapter
from storage.reference.data import reference


@pytest.fixture
async def ask(make_app):
    console = ConsoleAdapter((await make_app(connect_platforms=False)).processor, user_id="asker")

    async def ask(text: str) -> str:
        return "\n".join(reply.as_text() for reply in await console.ask(text))

    return ask


async def test_every_province_gets_its_group_and_officials(ask):
    ref = reference()
    for province in ref.provinces:
        answer = await ask(f"ใครดูแลจังหวัด{province.name_th}คะ")
        group = ref.group(province.group)
        assert group.name_th in answer, province.name_th
        for official in group.officials:
            assert official.name in answer, province.name_th
        other = ref.group(2 if province.group == 1 else 1)
        assert other.officials[0].name not in answer


async def test_short_forms_of_provinces_are_understood(ask):
    assert "กลุ่มที่ 1" in await ask("กทม.อยู่กลุ่มไหน")
    assert "กลุ่มที่ 1" in await ask("อุบลใครดูแลคะ")


async def test_each_duty_by_number_quotes_the_source(ask):
    for duty in reference().duties:
        answer = await ask(f"หน้าที่ข้อ {duty.number} คืออะไรคะ")
        assert duty.text_th in answer


async def test_all_six_duties_are_listed(ask):
    answer = await ask("หน้าที่ของคณะกรรมการมีอะไรบ้าง")
    for duty in reference().duties:
        assert f"{duty.number}. {duty.title_th}" in answer


async def test_each_mechanism_by_number_and_the_list(ask):
    for mechanism in reference().mechanisms:
        assert mechanism.text_th in await ask(f"กลไกที่ {mechanism.number} คืออะไร")
    listing = await ask("กลไก 11 ข้อมีอะไรบ้าง")
    assert all(m.short_th in listing for m in reference().mechanisms)


async def test_group_provinces(ask):
    answer = await ask("กลุ่มที่ 1 มีจังหวัดอะไรบ้าง")
    for name in reference().group(1).provinces:
        assert name in answer or reference().province(name).name_th in answer


async def test_composition_and_counts(ask):
    area = await ask("คณะกรรมการ สพท. ประกอบด้วยใครบ้าง")
    assert "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา (ผอ. สพท.)" in area and "รวม 9 คน" in area
    special = await ask("องค์ประกอบคณะกรรมการ สศศ.")
    assert "ผู้แทนผู้บริหารสถานศึกษานำร่อง" in special and "(15)" in special
    counts = await ask("คณะกรรมการมีทั้งหมดกี่คณะ กี่คน")
    assert "70 คณะ" in counts and "630 คน" in counts
    assert "657" not in counts  # the seats of the committees, not the meeting's attendance (a different number)


async def test_deadlines_from_the_report_rule(ask):
    """The clock stands at 21 Nov 2026: round 2 of academic year 2569 is next (30 Apr 2570), round 1 in Oct 2570."""
    nxt = await ask("ส่งรายงานครั้งต่อไปเมื่อไหร่")
    assert "ครั้งที่ 2" in nxt and "30 เมษายน 2570" in nxt and "อีก 160 วัน" in nxt
    first = await ask("รายงานรอบ 1 ส่งเมื่อไหร่คะ")
    assert "31 ตุลาคม 2570" in first and "ปีการศึกษา 2570" in first
    year = await ask("ปีการศึกษานี้ต้องส่งรายงานวันไหนบ้าง")
    assert "31 ตุลาคม 2569" in year and "เลยกำหนดมาแล้ว 21 วัน" in year and "30 เมษายน 2570" in year
    how = await ask("ส่งรายงานทางไหนคะ")
    assert "ระบบสารบรรณอิเล็กทรอนิกส์" in how and "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน" in how


@pytest.mark.parametrize(
    "text",
    ["", "ก" * 10_000, "😀😀😀", "ทดสอบ test テスト тест 123", "'; DROP TABLE people; --", "หวยงวดนี้ออกอะไร"],
    ids=["empty", "10k", "emoji", "mixed", "sql", "lottery"],
)
async def test_bad_input_gets_a_clear_thai_answer(make_app, text):
    console = ConsoleAdapter((await make_app(connect_platforms=False)).processor)
    replies = await console.ask(text)
    assert replies, "every message gets an answer"
    assert any("ค่ะ" in r.as_text() for r in replies)


async def test_english_is_remembered_per_person(make_app):
    app = await make_app(connect_platforms=False)
    console = ConsoleAdapter(app.processor, user_id="teacher")
    await console.ask("English please")
    [answer] = await console.ask("when is report round 2 due")
    assert "30 April 2027" in answer.text
    again = ConsoleAdapter((await make_app(connect_platforms=False)).processor, user_id="teacher")
    [answer] = await again.ask("/lang th")
    assert "ภาษาไทย" in answer.text


async def test_a_province_outside_the_twenty_is_answered_honestly(ask):
    answer = await ask("ขอนแก่นอยู่กลุ่มไหนคะ")
    assert "ขอนแก่นไม่อยู่ในรายชื่อ 20 จังหวัด" in answer


async def test_my_duties_name_my_seat_once_registered(make_app):
    from tests.directory import link, seed_directory

    app = await make_app(connect_platforms=False)
    async with app.sessions() as session, session.begin():
        directory = await seed_directory(session)
        await link(session, directory.secretary, "console", "secretary")
    console = ConsoleAdapter(app.processor, user_id="secretary")
    answer = "\n".join(r.as_text() for r in await console.ask("หน้าที่ของฉันมีอะไรบ้าง"))
    assert "กรรมการและเลขานุการ" in answer and "สพป.ยะลา เขต 1" in answer


NEWS_2024 = "ที่มา: ข่าว สพฐ. 26 ส.ค. 2567"


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("ใครดูแลจังหวัดยะลา", NEWS_2024),
        ("ขอนแก่นอยู่กลุ่มไหนคะ", NEWS_2024),
        ("กลุ่มที่ 1 มีจังหวัดอะไรบ้าง", NEWS_2024),
        ("หน้าที่ของคณะกรรมการมีอะไรบ้าง", NEWS_2024),
        ("หน้าที่ข้อ 4 คืออะไรคะ", NEWS_2024),
        ("คณะกรรมการ สพท. ประกอบด้วยใครบ้าง", NEWS_2024),
        ("คณะกรรมการมีทั้งหมดกี่คณะ กี่คน", NEWS_2024),
        ("ส่งรายงานครั้งต่อไปเมื่อไหร่", NEWS_2024),
        ("ปีการศึกษานี้ต้องส่งรายงานวันไหนบ้าง", NEWS_2024),
        ("ส่งรายงานทางไหนคะ", NEWS_2024),
        ("กลไก 11 ข้อมีอะไรบ้าง", "ที่มา: ข่าว สป.ศธ. 8 ก.ย. 2564"),
        ("กลไกที่ 10 คืออะไร", "ที่มา: ข่าว สป.ศธ. 8 ก.ย. 2564"),
    ],
)
async def test_every_answered_fact_names_its_document(ask, question, source):
    answer = await ask(question)
    assert source in answer
    assert answer.count("ที่มา:") == 1, answer


async def test_a_question_back_names_no_source(ask):
    answer = await ask("ใครดูแลจังหวัดนี้คะ")
    assert "ต้องการทราบจังหวัดใด" in answer and "ที่มา:" not in answer


async def test_dates_an_admin_set_are_cited_as_the_admins(make_app):
    from storage.models import Deadline

    app = await make_app(connect_platforms=False)
    console = ConsoleAdapter(app.processor, user_id="asker")
    before = "\n".join(r.as_text() for r in await console.ask("ส่งรายงานครั้งต่อไปเมื่อไหร่"))
    assert "ผู้ดูแลระบบ" not in before
    async with app.sessions() as session, session.begin():
        session.add(Deadline(academic_year=2569, round=2, opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31)))
    after = "\n".join(r.as_text() for r in await console.ask("ส่งรายงานครั้งต่อไปเมื่อไหร่"))
    assert "31 มีนาคม 2570" in after
    assert f"{NEWS_2024}; วันที่ตามที่ผู้ดูแลระบบกำหนด" in after
