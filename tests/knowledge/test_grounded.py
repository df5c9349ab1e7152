"""Grounded answers through the core: composed facts, quoted retrieval with its source, follow-ups, and the honest
"not sure" for what the documents do not say."""

from __future__ import annotations

import pytest

from bot.adapters.console import ConsoleAdapter

SOURCE_2024 = "ที่มา: ข่าว สพฐ. 26 ส.ค. 2567"
SOURCE_2021 = "ที่มา: ข่าว สป.ศธ. 8 ก.ย. 2564"
NOT_SURE = ("ยังไม่เข้าใจคำถามนี้", "ไม่แน่ใจว่าหมายถึงเรื่องใด")


@pytest.fixture
async def chat(make_app):
    app = await make_app(connect_platforms=False)
    users = iter(range(1000))

    def new() -> ConsoleAdapter:
        return ConsoleAdapter(app.processor, user_id=f"g{next(users)}")

    async def say(console: ConsoleAdapter, text: str) -> str:
        return "\n".join(r.as_text() for r in await console.ask(text))

    class Chat:
        async def ask(self, *turns: str) -> str:
            console = new()
            answer = ""
            for turn in turns:
                answer = await say(console, turn)
            return answer

    return Chat()


async def test_yes_no_over_groups_never_says_the_wrong_group(chat):
    answer = await chat.ask("ตราดอยู่กลุ่ม 2 ใช่ไหม")
    assert answer.startswith("ไม่ใช่ค่ะ") and "กลุ่มที่ 1" in answer and "กลุ่มที่ 2" not in answer
    assert SOURCE_2024 in answer
    assert (await chat.ask("สุราษฎร์อยู่กลุ่ม1ใช่มั้ย")).startswith("ใช่ค่ะ")


async def test_comparisons(chat):
    same = await chat.ask("เชียงใหม่กับยะลากลุ่มเดียวกันไหม")
    assert same.startswith("ใช่ค่ะ") and "กลุ่มที่ 2" in same
    different = await chat.ask("สงขลากับสตูลอยู่กลุ่มเดียวกันป่ะ")
    assert different.startswith("ไม่ใช่ค่ะ") and "สงขลา กลุ่มที่ 1" in different and "สตูล กลุ่มที่ 2" in different


async def test_people_to_provinces_and_back(chat):
    answer = await chat.ask("คุณพิทักษ์ดูแลที่ไหนบ้าง")
    assert all(p in answer for p in ("เชียงใหม่", "ยะลา", "บุรีรัมย์")) and "ตราด" not in answer
    assert "10 จังหวัด" in await chat.ask("ภูธรดูแลกี่จังหวัด")
    assert (await chat.ask("พิทักษ์ดูแลตราดใช่มั้ยคะ")).startswith("ไม่ใช่ค่ะ")


async def test_nicknames_and_provinces_outside_the_twenty(chat):
    lotus = await chat.ask("จังหวัดดอกบัวอยู่กลุ่มไหนคะ")
    assert "อุบลราชธานี" in lotus and "กลุ่มที่ 1" in lotus
    korat = await chat.ask("เมืองย่าโมอยู่กลุ่มไหน")
    assert "นครราชสีมาไม่อยู่ในรายชื่อ 20 จังหวัด" in korat and "อยู่ในกลุ่มที่" not in korat


async def test_several_asks_in_one_message(chat):
    answer = await chat.ask("ส่งใคร ส่งทางไหน เดือนอะไร")
    for fact in ("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "ระบบสารบรรณอิเล็กทรอนิกส์", "ตุลาคม", "เมษายน"):
        assert fact in answer
    assert SOURCE_2024 in answer


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("สศศ. มีรองประธานกี่คน", "รองประธานกรรมการ 2 คน"),
        ("กลุ่มละกี่จังหวัด", "กลุ่มละ 10 จังหวัด"),
        ("ผู้ทรงคุณวุฒิมีกี่คน", "กรรมการผู้ทรงคุณวุฒิ 3 คน"),
        ("มีทั้งหมดกี่จังหวัด", "ทั้งหมด 20 จังหวัด"),
        ("คณะกรรมการ สศศ มีกี่คน", "รวม 22 คน"),
    ],
)
async def test_counts_of_any_part(chat, question, count):
    assert count in await chat.ask(question)


async def test_the_meetings_are_answered_from_the_documents(chat):
    chair = await chat.ask("ใครเป็นประธานการประชุมวันที่ 26 สค 67")
    assert "ธนุ วงษ์จินดา" in chair and SOURCE_2024 in chair and "“" in chair
    assert "657 คน" in await chat.ask("ประชุมมีคนเข้าร่วมกี่คน")
    workshop = await chat.ask("ใครเป็นประธานประชุมเรื่องกลไก ปี 64")
    assert "สุภัทร จำปาทอง" in workshop and SOURCE_2021 in workshop
    assert "ระบบติดตามและประเมินผลแห่งชาติ" in await chat.ask("eMENSCR คืออะไร")
    assert "ศธภ." in await chat.ask("หน่วยงานไหนเป็นหลักขับเคลื่อนกลไก 11 ข้อ")


async def test_a_duty_in_detail(chat):
    partners = await chat.ask("คณะกรรมการร่วมมือกับใครบ้าง")
    assert "องค์กรปกครองส่วนท้องถิ่น" in partners and "หน้าที่ข้อ 1" in partners
    assert "ช่วยเหลือหรือปฏิบัติงาน" in await chat.ask("คณะทำงานมีไว้ทำอะไร")


async def test_follow_ups_lean_on_the_last_topic(chat):
    assert "กลุ่มที่ 1" in await chat.ask("เชียงใหม่อยู่กลุ่มไหนคะ", "แล้วสงขลาล่ะ")
    group2 = await chat.ask("กลุ่ม 1 มีจังหวัดอะไรบ้าง", "แล้วกลุ่ม 2 ล่ะ")
    assert "บุรีรัมย์" in group2 and "ตราด" not in group2
    assert "หน้าที่ข้อ 4" in await chat.ask("หน้าที่ข้อ 3 คืออะไร", "ข้อถัดไปล่ะ")
    assert "คนพิการ" in await chat.ask("ประธานคณะกรรมการ สศศ. คือใคร", "แล้วเลขาฯ ล่ะ")
    same_group = await chat.ask("ตราดอยู่กลุ่มไหน", "กลุ่มนั้นมีจังหวัดอะไรอีก")
    assert "จันทบุรี" in same_group and "ภูเก็ต" not in same_group
    assert (await chat.ask("ตราดอยู่กลุ่ม 2 ใช่ไหม", "แล้วระยองล่ะ")).startswith("ใช่ค่ะ")


@pytest.mark.parametrize(
    "question",
    ["พรุ่งนี้ฝนตกไหมคะ", "ใครเป็นผู้ว่าราชการจังหวัดสงขลา", "ตารางสอบ O-NET ปีนี้", "ประชุมครั้งต่อไปวันที่เท่าไหร่"],
)
async def test_what_the_documents_do_not_say_gets_not_sure(chat, question):
    answer = await chat.ask(question)
    assert any(p in answer for p in NOT_SURE)
    assert "ที่มา" not in answer


async def test_an_item_beyond_the_list_is_not_a_lookalike(chat):
    answer = await chat.ask("กลไกที่ 15 คืออะไร")
    assert "11" in answer and "15 คน" not in answer
