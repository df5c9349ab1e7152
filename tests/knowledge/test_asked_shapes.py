"""Shapes of question the second blind development set showed failing, each fixed as a shape and tested with
paraphrases written here (not the set's items): several asks in one reply, one question one message, a province
word in a short follow-up, names written short, which-group questions with words that describe the place, a
province outside the twenty in a comparison, and an official's post without the others' posts."""

from __future__ import annotations

import pytest

from bot.core.messages import Reply

NOT_LISTED = "ไม่อยู่ในรายชื่อ 20 จังหวัด"
NOT_SURE = ("ยังไม่เข้าใจคำถามนี้", "ไม่แน่ใจว่าหมายถึงเรื่องใด")


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.as_text() for r in replies)


@pytest.mark.parametrize("question", ["ต้องส่งรายงานเมื่อไหร่ ส่งใคร", "ส่งรายงานเดือนไหน ส่งให้ใคร", "ส่งใคร ส่งทางไหน เดือนอะไร"])
async def test_several_asks_are_one_reply_saying_each_fact_once(chat, question):
    replies = await chat(question)
    assert len(replies) == 1
    lines = [line for line in replies[0].as_text().splitlines() if line.strip()]
    assert len(lines) == len(set(lines))
    assert lines[-1].startswith("ที่มา:") and sum(line.startswith("ที่มา:") for line in lines) == 1
    assert replies[0].as_text().count("ส่งรายงานเสนอต่อ") == 1  # the recipient, once
    assert "ตุลาคม" in replies[0].as_text() and "เมษายน" in replies[0].as_text()


async def test_a_bare_second_ask_about_who_or_which_group_is_about_the_first_ones_place(chat):
    answer = _text(await chat("Chiang Mai ใครดูแลคะ group ไหน"))
    assert "กลุ่มที่ 2" in answer and "สุรินทร์" not in answer


@pytest.mark.parametrize("question", ["ตราดอยู่กลุ่มไหน", "which group is Trat in?", "ใครดูแลจังหวัดตราดคะ"])
async def test_one_question_is_one_message_with_the_group_card_a_tap_away(chat, question):
    replies = await chat(question)
    assert len(replies) == 1
    assert "กลุ่มที่ 1" in replies[0].text or "group 1" in replies[0].text.lower()
    assert [c.label for c in replies[0].choices] == ["กลุ่มที่ 1"]


@pytest.mark.parametrize("follow_up", ["แล้วเลยล่ะ", "ส่วนน่านละคะ", "แล้วตากล่ะ"])
async def test_in_a_follow_up_about_a_province_a_province_word_wins_over_the_particle(chat, follow_up):
    answer = _text(await chat("ตราดอยู่กลุ่มไหน", follow_up))
    assert NOT_LISTED in answer and "กลุ่มที่ 1" not in answer


async def test_the_particle_is_still_a_particle_outside_a_place_follow_up(chat):
    assert "จังหวัดเลย" not in _text(await chat("ตราดอยู่กลุ่มไหน", "บอกมาเลย"))
    assert "จังหวัดเลย" not in _text(await chat("หน้าที่ข้อ 2 คืออะไร", "ข้อ 3 เลยล่ะ"))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("กาญจนฯ ใครดูแล", "กลุ่มที่ 2"),  # a name cut with ฯ
        ("สุพรรณฯ อยู่กลุ่มไหน", NOT_LISTED),
        ("สข. อยู่กลุ่มไหน", "กลุ่มที่ 1"),  # the official abbreviation with its dot
        ("ภก. ใครดูแลคะ", "กลุ่มที่ 2"),
        ("ประจวบฯ อยู่กลุ่มไหน", NOT_LISTED),  # ประจวบ holds จว and is no จังหวัด
    ],
)
async def test_names_written_short(chat, question, expected):
    assert expected in _text(await chat(question))


async def test_a_dotted_two_letters_elsewhere_is_no_province(chat):
    answer = _text(await chat("อีก 2 ชม. ต้องส่งรายงานไหม"))
    assert "เชียงใหม่" not in answer


@pytest.mark.parametrize(
    ("question", "group"),
    [("เมืองท่องเที่ยวภูเก็ตอยู่กลุ่มไหน", 2), ("ทำงานอยู่ที่ระยองค่ะ ถือว่าอยู่กลุ่มไหน", 2), ("เมืองพลอยขึ้นกับกลุ่มไหนคะ", 1)],
)
async def test_which_group_with_words_that_describe_the_place(chat, question, group):
    assert f"กลุ่มที่ {group}" in _text(await chat(question))


async def test_another_question_about_a_province_is_still_not_answered_with_its_group(chat):
    assert "กลุ่มที่ 1" not in _text(await chat("ใครเป็นผู้ว่าราชการจังหวัดสงขลา"))


@pytest.mark.parametrize(
    ("question", "listed", "group"),
    [("น่านอยู่กลุ่มเดียวกับตราดไหม", "ตราด", 1), ("ชลบุรีกับระยองกลุ่มเดียวกันไหม", "ระยอง", 2)],
)
async def test_a_comparison_with_a_province_outside_the_twenty(chat, question, listed, group):
    answer = _text(await chat(question))
    assert answer.startswith("ไม่ใช่ค่ะ") and f"{listed} กลุ่มที่ {group}" in answer and NOT_LISTED in answer


async def test_in_the_list_in_english(chat):
    assert NOT_LISTED in _text(await chat("Is Lampang in the sandbox list?"))


@pytest.mark.parametrize(
    ("question", "post", "not_said"),
    [("สุวิทย์ตำแหน่งอะไร", "ผู้เชี่ยวชาญ", "ผู้ช่วยเลขาธิการ"), ("คุณภูธรตำแหน่งอะไรคะ", "ผู้ช่วยเลขาธิการ", "ผู้เชี่ยวชาญ")],
)
async def test_an_officials_post_without_the_others_posts(chat, question, post, not_said):
    answer = _text(await chat(question))
    assert post in answer and not_said not in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("หน้าที่ของคณะกรรมการขับเคลื่อนนวัตกรรมมีอะไรบ้าง", "มี 6 ข้อ"),  # the committee's name is not an item
        ("what are the duties of the committee?", "มี 6 ข้อ"),
        ("list all mechanisms", "มี 11 กลไก"),
    ],
)
async def test_a_question_for_the_whole_list_gets_the_whole_list(chat, question, expected):
    assert expected in _text(await chat(question))


@pytest.mark.parametrize(
    "question", ["When is the report due?", "กำหนดส่งรายงานความก้าวหน้าเมื่อไหร่คะ", "รายงานผลกำหนดส่งเดือนไหน"]
)
async def test_when_a_report_is_due_is_the_two_months(chat, question):
    answer = _text(await chat(question))
    assert "ตุลาคม" in answer and "เมษายน" in answer


async def test_the_next_due_date_is_still_the_next_one(chat):
    assert "ครั้งถัดไป" in _text(await chat("กำหนดส่งรายงานครั้งถัดไปเมื่อไหร่"))


@pytest.mark.parametrize(
    ("question", "group", "officials"),
    [
        ("เป็นครูอยู่ที่บุรีรัมย์ค่ะ จังหวัดเราใครดูแลคะ", 2, ("ภูธร", "พิทักษ์")),
        ("ผมเป็นผอ.เขตที่กระบี่ครับ จังหวัดของเราผู้บริหารท่านไหนรับผิดชอบ", 1, ("สุรินทร์", "สุวิทย์")),
        ("ระยองขึ้นกับคุณสุวิทย์หรือคุณพิทักษ์คะ", 2, ("พิทักษ์",)),  # a choice between two officials
    ],
)
async def test_a_province_named_by_the_asker_before_the_question(chat, question, group, officials):
    answer = _text(await chat(question))
    assert f"กลุ่มที่ {group}" in answer and all(o in answer for o in officials)


async def test_committee_counts_in_english(chat):
    answer = _text(await chat("How many area-office committees are there, and how many members in each?"))
    assert "70" in answer and "9" in answer


@pytest.mark.parametrize(
    ("first", "then", "expected", "not_said"),
    [
        ("11กลไก ใครเป็นหลักขับเคลื่อนคะ", "แล้วการประชุมนี้จัดที่ไหน", "ณรงค์ บุญมี", "26 สิงหาคม 2567"),
        ("กลไกที่ 10 คืออะไร", "ประชุมนั้นใครเป็นประธาน", "8 กันยายน 2564", "ธนุ"),
        ("หน้าที่ข้อ 4 คืออะไร", "แล้วประชุมครั้งนี้จัดวันไหน", "26 สิงหาคม 2567", "2564"),
    ],
)
async def test_this_meeting_after_an_answer_from_one_document_is_that_documents_meeting(
    chat, first, then, expected, not_said
):
    answer = _text(await chat(first, then))
    assert expected in answer and not_said not in answer


async def test_a_qualifier_such_as_besides_the_chair_does_not_hide_the_question(chat):
    answer = _text(await chat("ใครเข้าร่วมประชุมบ้างคะ นอกจากประธาน"))
    assert "สุรินทร์" in answer and "สุวิทย์" in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [("ชื่อการประชุมเต็มๆคืออะไรคะ", "มอบนโยบาย"), ("ชื่อประชุมปี 64 คืออะไร", "ปลัด ศธ.ผลักดันกลไก")],
)
async def test_the_name_of_the_meeting_is_its_title(chat, question, expected):
    assert expected in _text(await chat(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ใครเป็นบรรณาธิการข่าวนี้คะ", "วงเดือน"),
        ("who edited the news? the editors please", "วงเดือน"),
        ("ใครทำกราฟิกให้ข่าวประชุมนี้", "อิศรา"),
        ("Who was the graphic designer?", "อิศรา"),
    ],
)
async def test_the_credits_of_the_news_in_english_and_loanwords(chat, question, expected):
    assert expected in _text(await chat(question))


@pytest.mark.parametrize("question", ["ร.ร.นำร่องต้องทำแผนปฏิบัติการอะไร ใครช่วย", "กรรมการช่วยโรงเรียนนำร่องทำแผนอะไรบ้าง"])
async def test_a_school_written_short_is_the_documents_pilot_school(chat, question):
    answer = _text(await chat(question))
    assert "แผนปฏิบัติการประจำปี" in answer


@pytest.mark.parametrize(
    ("question", "expected", "not_said"),
    [
        ("เลขาฯ กพฐ. ชื่ออะไรคะ", "ธนุ", "กรรมการและเลขานุการ"),
        ("ท่านเลขาฯ สพฐ. ยศอะไร", "ว่าที่ร้อยตรี", "กรรมการและเลขานุการ"),
        ("What is the name of the OBEC secretary general?", "ธนุ", "กรรมการและเลขานุการ"),
        ("which rank does the secretary-general of OBEC hold?", "ว่าที่ร้อยตรี", "กรรมการและเลขานุการ"),
        ("who is the assistant secretary-general of OBEC?", "ภูธร", "กรรมการและเลขานุการ"),
    ],
)
async def test_the_secretary_general_written_short_or_in_english_is_a_person_not_a_seat(
    chat, question, expected, not_said
):
    answer = _text(await chat(question))
    assert expected in answer and not_said not in answer


@pytest.mark.parametrize(
    "question",
    [
        "กลไกข้อไหนบ้างที่พูดถึงต้นทาง กลางทาง ปลายทาง",
        "ต้นทาง กลางทาง และปลายทาง อยู่ในกลไกข้อใดบ้าง",
        "Which mechanisms mention ต้นทาง กลางทาง ปลายทาง?",
    ],
)
async def test_which_items_say_a_phrase_names_every_item_that_says_it(chat, question):
    answer = _text(await chat(question))
    assert "กลไกที่ 2" in answer and "กลไกที่ 3" in answer and "กลไกที่ 7" not in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("หน้าที่ข้อ3ว่าด้วยเรื่องอะไร", "หน้าที่ข้อ 3"),
        ("กลไกข้อ 5 ว่าด้วยอะไรคะ", "กลไกที่ 5"),
        ("ข้อ 2 ของหน้าที่ ว่าด้วยเรื่องไหน", "หน้าที่ข้อ 2"),
    ],
)
async def test_what_an_item_is_concerned_with_is_that_item(chat, question, expected):
    assert expected in _text(await chat(question))


@pytest.mark.parametrize("question", ["กลไกข้อ 7 ออกแบบอะไรบ้าง ขอซัก 2 อย่าง", "กลไกที่ 7 ออกแบบอะไร ขอสัก 2 ตัวอย่าง"])
async def test_how_many_examples_are_wanted_does_not_hide_the_item(chat, question):
    assert "กลไกที่ 7" in _text(await chat(question))


@pytest.mark.parametrize(
    ("question", "expected", "not_said"),
    [
        ("Is Phuket one of the 20 provinces?", "กลุ่มที่ 2", NOT_LISTED),
        ("ตราดอยู่ในรายชื่อไหมคะ", "กลุ่มที่ 1", NOT_LISTED),
        ("Is Nan among the provinces?", NOT_LISTED, "กลุ่มที่"),
        ("Is Chiang Rai included in the list?", NOT_LISTED, "กลุ่มที่"),
    ],
)
async def test_whether_a_province_is_one_of_the_twenty(chat, question, expected, not_said):
    answer = _text(await chat(question))
    assert expected in answer and not_said not in answer


@pytest.mark.parametrize(
    ("question", "expected", "not_said"),
    [
        ("จังหวัดภาคใต้ที่อยู่กลุ่ม1มีอะไรบ้าง", "สงขลา", "ภูเก็ต"),
        ("จังหวัดภาคอีสานที่อยู่ในกลุ่ม 2 มีจังหวัดใดบ้าง", "บุรีรัมย์", "อุบลราชธานี"),
    ],
)
async def test_which_are_in_a_group_is_not_the_word_for_an_address(chat, question, expected, not_said):
    answer = _text(await chat(question))
    assert expected in answer and not_said not in answer


@pytest.mark.parametrize(
    "question",
    ["เชื่อมโยงยุทธศาสตร์ไปสู่แผนอะไร", "ต้องเชื่อมโยงยุทธศาสตร์สู่แผนระดับไหนคะ", "การเชื่อมโยงยุทธศาสตร์ ต้องไปสู่แผนใด"],
)
async def test_the_item_that_says_the_questions_phrase_wins_a_tie(chat, question):
    answer = _text(await chat(question))
    assert "ระดับเขตพื้นที่การศึกษา" in answer and "กลไกที่ 6" not in answer


@pytest.mark.parametrize(
    ("question", "expected", "not_said"),
    [
        ("ตามที่สุวิทย์เน้นไว้ ศธจ. ต้องทำงานร่วมกับใคร", "คณะกรรมการขับเคลื่อน", "คู่กับ"),
        ("ท่านธนุเชื่อมั่นว่าใครสำคัญต่อการขับเคลื่อน", "คณะกรรมการขับเคลื่อน", "(ยศ:"),
        ("สุวิทย์ทำงานร่วมกับใคร", "คู่กับ", "เน้นย้ำ"),
    ],
)
async def test_what_a_person_stressed_or_believes_is_what_they_said(chat, question, expected, not_said):
    answer = _text(await chat(question))
    assert expected in answer and not_said not in answer


@pytest.mark.parametrize(
    "question", ["ห้อง War Room อยู่ในกลไกข้อไหน", "ห้อง Decision Room คือกลไกที่เท่าไหร่", "ห้อง Management Cockpit คืออะไร"]
)
async def test_the_decision_room_is_a_mechanism_not_the_meetings_venue(chat, question):
    answer = _text(await chat(question))
    assert "กลไกที่ 10" in answer and "ณรงค์" not in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did the deputy permanent secretary say?", "ศธภ"),
        ("What is the regional education office?", "สำนักงานศึกษาธิการภาค"),
        ("Who is the permanent secretary?", "สุภัทร"),
    ],
)
async def test_ministry_posts_and_offices_named_in_english(chat, question, expected):
    assert expected in _text(await chat(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is Phitak's position?", "ผอ. สบน."),
        ("what position does Suwit hold", "ผู้เชี่ยวชาญ สพฐ."),
        ("Mr Khwandet's position?", "รองปลัดกระทรวงศึกษาธิการ"),
    ],
)
async def test_a_persons_position_asked_in_english_by_first_name_or_surname(chat, question, expected):
    assert expected in _text(await chat(question))


async def test_a_first_name_two_people_share_in_english_is_not_guessed(chat):
    answer = _text(await chat("what is Thanu's position"))  # ธนุ วงษ์จินดา and ธนู ขวัญเดช
    assert "ขวัญเดช" not in answer and "วงษ์จินดา" not in answer


@pytest.mark.parametrize(
    "question",
    [
        "how many people are on an area committee?",
        "how many members sit on each area committee",
        "how many people sit on an area-level committee?",
    ],
)
async def test_an_area_committee_in_english_is_the_area_offices_committee(chat, question):
    answer = _text(await chat(question))
    assert "9 คน" in answer and "22" not in answer


@pytest.mark.parametrize(
    ("question", "expected", "wrong"),
    [
        ("ขอตัวอย่างสัก 3 อย่างว่ากลไกที่ 7 ออกแบบอะไร", "กลไกที่ 7", "กลไกที่ 3"),
        ("ยกตัวอย่าง 3 ข้อว่าหน้าที่ข้อ 2 ทำอะไร", "หน้าที่ข้อ 2", "ข้อ 1 – 3"),
        ("ยกตัวอย่างสัก 2 เรื่องที่กลไกที่ 5 ทำ", "กลไกที่ 5", "กลไกที่ 2"),
    ],
)
async def test_asking_for_examples_keeps_the_item_asked_about_not_the_count(chat, question, expected, wrong):
    answer = _text(await chat(question))
    assert expected in answer and wrong not in answer


YES, NO = "ใช่ค่ะ", "ไม่ใช่ค่ะ"


@pytest.mark.parametrize(
    ("question", "verdict", "fact"),
    [
        ("การประชุมเมื่อ 26 ส.ค. มีคนเข้าร่วม 650 คนจริงมั้ย", NO, "657"),
        ("คนเข้าประชุม 657 คนใช่มั้ยคะ", YES, "657"),
        ("สศศ. มีรองประธานกรรมการ 1 คนใช่ไหม", NO, "2 คน"),
        ("คณะกรรมการเขตมีผู้แทนผู้บริหารสถานศึกษานำร่อง 3 คนใช่ป่ะ", YES, "3 คน"),
        ("หน้าที่มีทั้งหมด 7 ข้อใช่ไหมคะ", NO, "6"),
    ],
)
async def test_a_yes_no_question_stating_a_count_is_answered_yes_or_no_first(chat, question, verdict, fact):
    answer = _text(await chat(question))
    assert answer.startswith(verdict) and fact in answer


@pytest.mark.parametrize(
    ("question", "verdict"),
    [("สงขลาอยู่กลุ่ม 1 ใช่ไหม", YES), ("ตราดอยู่กลุ่ม 2 ใช่มั้ยคะ", NO), ("Is Yala in group 2?", YES)],
)
async def test_an_answer_that_says_yes_or_no_itself_says_it_once(chat, question, verdict):
    answer = _text(await chat(question))
    assert answer.startswith(verdict) and answer.count(verdict) == 1


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("ครั้งที่ 1 ต้องส่งภายในเมษายนจริงไหม", NO),  # April is round 2's month
        ("รอบ 2 ส่งเดือนเมษาใช่มั้ย", YES),
    ],
)
async def test_a_rounds_month_is_checked_against_that_round(chat, question, verdict):
    assert verdict in _text(await chat(question)).splitlines()


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("นายสุรินทร์ มั่นประสงค์ เป็นเลขาธิการ กพฐ. ใช่ไหม", NO),  # ผู้ช่วยเลขาธิการ is another post
        ("ภูธรเป็นผู้ช่วยเลขาธิการ กพฐ. ใช่มั้ยคะ", YES),
        ("ประชุม 26 ส.ค. 67 นายสุภัทรเป็นประธานใช่ไหม", NO),  # he chaired the 2021 workshop
    ],
)
async def test_a_post_said_of_a_person_is_checked_against_their_title(chat, question, verdict):
    assert _text(await chat(question)).startswith(verdict)


@pytest.mark.parametrize(
    "question",
    ["ประชุมวันที่ 26 ส.ค. ผ่าน Zoom ใช่ไหมคะ", "eMENSCR คือระบบติดตามและประเมินผลแห่งชาติจริงมั้ย"],
)
async def test_a_yes_no_question_whose_every_word_the_fact_says_is_a_yes(chat, question):
    assert _text(await chat(question)).startswith(YES)


async def test_a_claim_the_documents_do_not_make_gets_no_yes(chat):
    assert not _text(await chat("eMENSCR เป็นระบบของกระทรวงการคลังใช่ไหม")).startswith(YES)


@pytest.mark.parametrize("question", ["Management Cockpit อยู่ในกลไกข้อที่เท่าไหร่", "Is the Management Cockpit a mechanism?"])
async def test_a_question_about_the_management_cockpit_is_not_a_request_for_the_dashboard(chat, question):
    assert "กลไกที่ 10" in _text(await chat(question))


@pytest.mark.parametrize(
    ("question", "verdict"),
    [("หน้าที่ข้อ 6 เป็นงานที่ สพฐ. มอบหมายใช่มั้ย", True), ("ข้อ 6 สพม. เป็นคนมอบหมายใช่ไหม", False)],
)
async def test_a_yes_no_question_about_a_numbered_duty_is_the_duty_checked(chat, question, verdict):
    answer = _text(await chat(question))
    assert "หน้าที่ข้อ 6" in answer and answer.startswith(YES) is verdict


async def test_the_secretary_general_written_short_is_the_person(chat):
    assert "ธนุ" in _text(await chat("เลขา สพฐ. เน้นย้ำเรื่องอะไรในที่ประชุม"))


@pytest.mark.parametrize("question", ["Which system is the report sent through?", "what channel do we send reports by"])
async def test_the_reports_channel_asked_in_english(chat, question):
    assert "สารบรรณอิเล็กทรอนิกส์" in _text(await chat(question))


async def test_two_english_questions_joined_by_and_are_both_answered(chat):
    answer = _text(await chat("Who was the chair of the 26 August 2024 meeting, and how many people attended?"))
    assert "ธนุ" in answer and "657" in answer


async def test_what_a_mechanism_covers_with_a_request_for_examples_is_the_mechanism(chat):
    assert "กลไกที่ 9" in _text(await chat("กลไกที่ 9 ครอบคลุมอะไรบ้าง ขอตัวอย่างด้วย"))


async def test_the_whole_committee_in_a_second_ask_is_the_committee_the_first_named(chat):
    answer = _text(await chat("สศศ มีรองประธานกี่คน แล้วทั้งคณะมีกี่คน"))
    assert "2 คน" in answer and "22 คน" in answer and "657" not in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [("ผมเป็นครูครับ ยะลีอยุ่กลุ่มไร", "กลุ่มที่ 2"), ("หนูพิมพ์ช้าค่ะ สงขาอยุ่กลุ่มไหน", "กลุ่มที่ 1")],
)
async def test_a_misspelt_province_after_a_few_words_about_the_asker(chat, question, expected):
    assert expected in _text(await chat(question))


async def test_report_asks_after_a_group_answer_are_about_the_report_not_the_group(chat):
    answer = _text(await chat("แล้วกลุ่ม 2 มีจังหวัดอะไรบ้าง", "ส่งใคร ส่งทางไหน เดือนอะไร"))
    assert "สารบรรณอิเล็กทรอนิกส์" in answer and "เมษายน" in answer
    assert "ผู้รับผิดชอบ" not in answer  # not group 2's card again
