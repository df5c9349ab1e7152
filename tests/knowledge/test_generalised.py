"""Questions of kinds nobody wrote an example for, answered from the fact base through the core: places and
nicknames, abbreviations, people and posts, the two meetings, what the duties and mechanisms say, several questions
in one message; and, for what the documents do not tell, no borrowed fact."""

from __future__ import annotations

import pytest

SOURCE_2024 = "ที่มา: ข่าว สพฐ. 26 ส.ค. 2567"
SOURCE_2021 = "ที่มา: ข่าว สป.ศธ. 8 ก.ย. 2564"


@pytest.mark.parametrize(
    ("question", "province", "group"),
    [
        ("เกาะช้างอยู่กลุ่มอะไรคะ", "ตราด", "กลุ่มที่ 1"),  # an island
        ("เบตงใครดูแลครับ", "ยะลา", "กลุ่มที่ 2"),  # a district
        ("ตราทอยู่กลุ่มไหน", "ตราด", "กลุ่มที่ 1"),  # one letter wrong
        ("เชียงใหมอยู่กลุ่มไหน", "เชียงใหม่", "กลุ่มที่ 2"),  # a tone mark missing
    ],
)
async def test_places_people_type(ask, question, province, group):
    answer = await ask(question)
    assert province in answer and group in answer


async def test_regions_list_the_provinces_by_group(ask):
    south = await ask("ภาคใต้มีจังหวัดไหนบ้าง")
    assert "กลุ่มที่ 1 (3 จังหวัด): กระบี่ สงขลา สุราษฎร์ธานี" in south and "ปัตตานี" in south
    assert "ภูเก็ต" in await ask("อาจารย์ภูธรดูแลภาคใต้จังหวัดไหนบ้าง")
    assert "กระบี่" not in await ask("อาจารย์ภูธรดูแลภาคใต้จังหวัดไหนบ้าง")


async def test_a_word_holding_a_short_province_name_is_no_province(ask):
    assert "นราธิวาส" not in await ask("กลไกจะประสานส่วนราชการระดับไหนบ้าง")


async def test_abbreviations_by_the_abbreviation_itself(ask):
    emenscr = await ask("eMENSCR ย่อมาจากอะไรครับ")
    assert "Electronic Monitoring and Evaluation System" in emenscr and "สศศ." not in emenscr
    board = await ask("กพฐ. ย่อมาจากอะไร")
    assert "คณะกรรมการการศึกษาขั้นพื้นฐาน" in board and SOURCE_2024 in board
    assert "สำนักงานบริหารพื้นที่นวัตกรรมการศึกษา" in await ask("สบน. คืออะไรคะ")


async def test_people_what_they_said_and_who_they_are(ask):
    assert "บูรณาการทรัพยากร" in await ask("คุณภูธรให้แนวทางเรื่องอะไรบ้างครับ")
    assert "จันทะหงษ์" in await ask("ใครพูดเรื่องการบูรณาการทรัพยากรคะ")
    assert "ว่าที่ร้อยตรี" in await ask("เลขาธิการ กพฐ. ยศอะไร")
    two = await ask("ธนุ วงษ์จินดา กับ ธนู ขวัญเดช คนเดียวกันมั้ยคะ")
    assert two.startswith("ไม่ใช่คนเดียวกัน") and "เลขาธิการ กพฐ." in two and "รองปลัด" in two
    assert "โสตถยาคม" in await ask("ใครอยู่กลุ่มเดียวกับคุณภูธรคะ")
    assert (await ask("คนที่พูดเรื่องการมีส่วนร่วมจากทุกภาคส่วนดูแลภูเก็ตมั้ย")).count("ใช่ค่ะ") == 1


async def test_which_seat_a_post_holds(ask):
    no = await ask("ผอ.สบน.เป็นรองประธาน คกก.สพท. ด้วยใช่มั้ย")
    assert no.startswith("ไม่ใช่ค่ะ") and "คณะกรรมการ สศศ." in no
    assert (await ask("ผอ.สพท. เป็นประธานกรรมการใช่มั้ยคะ")).startswith("ใช่ค่ะ")
    assert "เลขานุการ" in await ask("ผอ.กลุ่มนิเทศ เป็นอะไรใน คกก.สพท.")
    assert "เท่ากันค่ะ" in await ask("สพท.กับ สศศ. คณะกรรมการใครมีผู้ทรงคุณวุฒิมากกว่า")


async def test_the_two_meetings_told_apart_and_compared(ask):
    room = await ask("ประชุมที่ห้องไหนครับ")
    assert "ณรงค์ บุญมี" in room and SOURCE_2021 in room
    assert "3 ปี" in await ask("ข่าวกลไก 11 ข้อ กับ ข่าว 6 ภารกิจ ห่างกันกี่ปี")
    organiser = await ask("ใครจัดประชุมครั้งนี้")
    assert "สพฐ. โดย สบน." in organiser and "สำนักงานปลัดกระทรวงศึกษาธิการ จัด" not in organiser
    assert "พล.ต.อ." in await ask("รมว. เพิ่มพูน ยศอะไรคะ")


async def test_what_the_items_say(ask):
    both = await ask("ต้นทาง กลางทาง ปลายทาง อยู่ในกลไกข้อไหน")
    assert "กลไกที่ 2" in both and "กลไกที่ 3" in both
    assert (await ask("ข้อ 2 มีการนิเทศด้วยมั้ย")).startswith("ใช่ค่ะ")
    assert "หน้าที่ข้อ 3" in await ask("ข้อ 3 พัฒนาระบบกลไกของหน่วยงานไหน")
    assert (await ask("กลไกแบบมีส่วนร่วมของ ศธ. ปี 65 มี 6 ข้อใช่มั้ย")).startswith("ไม่ใช่ค่ะ")


async def test_several_questions_in_one_message_each_answered(ask):
    answer = await ask("ตราดกลุ่มไหน ใครดูแล แล้วต้องรายงานเมื่อไหร่คะ")
    for fact in ("กลุ่มที่ 1", "สุรินทร์", "ตุลาคม", "เมษายน"):
        assert fact in answer
    committee = await ask("คกก.สพท.กี่คณะ คณะละกี่คน ใครเป็นเลขาฯ")
    for fact in ("70", "9 คน", "ผู้อำนวยการกลุ่มนิเทศ"):
        assert fact in committee


@pytest.mark.parametrize(
    ("question", "not_said"),
    [
        ("ใครเป็นผู้อำนวยการโรงเรียนนำร่องในตราด", "สุรินทร์"),
        ("ใครเป็นนายกรัฐมนตรี", "เพิ่มพูน"),
        ("รองปลัดกระทรวงมหาดไทยชื่ออะไร", "ธนู"),
        ("ประชุมผู้ปกครองวันไหน", "2567"),
        ("จะมีการประชุมคณะกรรมการอีกเมื่อไหร่", "2567"),
        ("ผลการประเมินโรงเรียนนำร่องปีที่แล้วเป็นยังไง", "ที่มา"),
        ("สถานศึกษานำร่องมีกี่แห่ง", "15"),
        ("คุณพิทักษ์เบอร์โทรอะไร", "เชียงใหม่"),
    ],
)
async def test_no_borrowed_fact_for_what_the_documents_do_not_tell(ask, question, not_said):
    assert not_said not in await ask(question)


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (("ประชุม 26 ส.ค. 67 ใครเป็นประธาน", "แล้วของปี 64 ล่ะ"), "สุภัทร จำปาทอง"),
        (("สบน คืออะไร", "แล้ว สศศ ล่ะ"), "สำนักบริหารงานการศึกษาพิเศษ"),
        (("คุณภูธรให้แนวทางเรื่องอะไร", "แล้วคุณสุวิทย์ล่ะ"), "ศึกษาธิการจังหวัด"),
        (("ภาคใต้มีจังหวัดไหนบ้าง", "แล้วภาคอีสานล่ะ"), "ศรีสะเกษ"),
        (("ผอ.สพท. เป็นประธานกรรมการใช่มั้ย", "แล้วผอ.สบน.ล่ะ"), "รองประธานกรรมการของคณะกรรมการ สศศ."),
        (("กลไกข้อ 9 คืออะไร", "แล้วข้อแรกล่ะ"), "กลไกที่ 1"),
    ],
)
async def test_follow_ups_on_the_new_topics(ask, turns, expected):
    assert expected in await ask(*turns)


@pytest.mark.parametrize(
    ("question", "expected", "not_said"),
    [
        ("How many vice chairs does the special education committee have?", "2 คน", "สพท."),
        ("Who is Phitak?", "โสตถยาคม", "ขออภัย"),
        ("Is Satun in group 1?", "ไม่ใช่ค่ะ", "สตูลอยู่ในกลุ่มที่ 1"),
        ("รายงานรอบ ๒ ส่งเดือนไหนน้า", "เมษายน", "ขออภัย"),
    ],
)
async def test_english_and_chat_register(ask, question, expected, not_said):
    answer = await ask(question)
    assert expected in answer and not_said not in answer
