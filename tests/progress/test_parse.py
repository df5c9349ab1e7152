"""The free-form reader and the one-word answers, as pure functions."""

from __future__ import annotations

import pytest

from bot.progress.fields import status_of
from bot.progress.parse import ParsedUpdate, Phrase, match_phrase, parse_update, project_name, read_percent, same_school
from bot.thai.answers import bare


def test_the_example_from_the_brief():
    assert parse_update("โครงการห้องเรียนกลับด้าน คืบหน้า 60% ติดปัญหางบประมาณ") == ParsedUpdate(
        project="ห้องเรียนกลับด้าน", percent=60, obstacles="งบประมาณ"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("อัปเดต โครงการห้องเรียนกลับด้าน 60%", Phrase("progress_update", "โครงการห้องเรียนกลับด้าน 60%")),
        ("อัพเดท: ห้องเรียนกลับด้าน", Phrase("progress_update", "ห้องเรียนกลับด้าน")),
        ("อัปเดตโครงการห้องเรียนกลับด้าน", Phrase("progress_update", "โครงการห้องเรียนกลับด้าน")),
        ("update project Flipped 40%", Phrase("progress_update", "project Flipped 40%")),
        ("อัปเดตความคืบหน้า", Phrase("progress_update")),
        ("ขออัปเดตความคืบหน้าค่ะ", Phrase("progress_update")),
        ("อัปเดตล่าสุดของโรงเรียน", Phrase("progress_history")),
        ("ดูอัปเดตล่าสุด", Phrase("progress_history")),
        ("latest updates", Phrase("progress_history")),
        ("แก้ไขอัปเดตล่าสุด", Phrase("progress_edit_last")),
        ("แก้ไขความคืบหน้าล่าสุดค่ะ", Phrase("progress_edit_last")),
        ("อัปเดตงาน", None),  # no space and no marker: left to the recognizer
        # typed without "อัปเดต": a project (after the school, if named) and how far along or how it goes
        ("โครงการอ่านออกเขียนได้ ตามแผน 70%", Phrase("progress_update", "โครงการอ่านออกเขียนได้ ตามแผน 70%")),
        ("รร.บ้านนา โครงการปลูกผัก 100%", Phrase("progress_update", "รร.บ้านนา โครงการปลูกผัก 100%")),
        ("โครงการไหนล่าช้าบ้าง", None),  # a question about projects
        ("โครงการของโรงเรียนคืบหน้ากี่เปอร์เซ็นต์", None),
        ("โครงการนี้ดีมาก", None),  # neither how far along nor a status
        ("กำหนดส่งรายงานเมื่อไหร่", None),
    ],
)
def test_phrases(text: str, expected: Phrase | None):
    assert match_phrase(text) == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("โครงการ ก ตามแผน", "on_track"),
        ("โครงการ ก เป็นไปตามแผนค่ะ", "on_track"),
        ("โครงการ ก สถานะตามแผน", "on_track"),
        ("โครงการ ก เสี่ยง", "at_risk"),
        ("โครงการ ก มีความเสี่ยงที่จะล่าช้า", "at_risk"),
        ("โครงการ ก ล่าช้า", "delayed"),
        ("โครงการ ก ช้ากว่าแผน", "delayed"),
        ("โครงการ ก ไม่เป็นไปตามแผน", "delayed"),
        ("โครงการ ก ไม่มีความเสี่ยง", "on_track"),
        ("project A at risk", "at_risk"),
        ("โครงการ ก ติดปัญหางบประมาณ", None),
        ("โครงการลดความเสี่ยงยาเสพติด 20%", None),  # a status word inside the project's name is not a status
        ("โครงการ ก ติดปัญหางบประมาณล่าช้า", None),  # nor is one glued inside the obstacle
    ],
)
def test_status_only_when_the_words_say_so(text: str, status: str | None):
    assert parse_update(text).status == status


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("โครงการ ก 60%", 60),
        ("โครงการ ก ๖๐%", 60),
        ("โครงการ ก 60 เปอร์เซ็นต์", 60),
        ("โครงการ ก ร้อยละ 75", 75),
        ("โครงการ ก คืบหน้า 30", 30),
        ("โครงการ ก คืบหน้าไปแล้วประมาณ 45 %", 45),
        ("โครงการ ก 150%", 150),  # kept as written: the conversation asks again
        ("โครงการ 5 ส ตามแผน", None),  # a bare number is no percentage
    ],
)
def test_percentages(text: str, percent: int | None):
    assert parse_update(text).percent == percent


def test_every_field_in_one_message():
    parsed = parse_update(
        "โรงเรียนบ้านหนึ่ง โครงการอ่านออกเขียนได้ ร้อยละ 40 ล่าช้ากว่าแผน เพราะครูย้าย "
        "ทำแล้ว อบรมครู 12 คน ต้องการความช่วยเหลือเรื่องครูอัตราจ้าง"
    )
    assert parsed == ParsedUpdate(
        project="อ่านออกเขียนได้",
        status="delayed",
        percent=40,
        done="อบรมครู 12 คน",
        obstacles="ครูย้าย",
        help_needed="ครูอัตราจ้าง",
        school="บ้านหนึ่ง",
    )


def test_saying_there_is_none_differs_from_not_saying():
    parsed = parse_update("ห้องเรียนกลับด้าน ตามแผน ไม่มีปัญหา ไม่ต้องการความช่วยเหลือ")
    assert (parsed.project, parsed.obstacles, parsed.help_needed, parsed.done) == ("ห้องเรียนกลับด้าน", "", "", None)


def test_a_project_without_the_word_is_the_text_before_the_first_marker():
    assert parse_update("ห้องเรียนกลับด้าน คืบหน้า 60%").project == "ห้องเรียนกลับด้าน"
    assert parse_update("ตามแผน ห้องเรียนกลับด้าน").project == "ห้องเรียนกลับด้าน"
    assert parse_update("นวัตกรรมการอ่าน 20%").project == "นวัตกรรมการอ่าน"
    assert parse_update("โครงการแก้ปัญหาการอ่าน 20%") == ParsedUpdate(project="แก้ปัญหาการอ่าน", percent=20)


def test_school_words_inside_other_words_are_not_schools():
    assert parse_update("โครงการกิจกรรมลูกเสือ ตามแผน").school is None
    assert parse_update("โครงการ ก ติดปัญหาโรงเรียนขาดครู").school is None


@pytest.mark.parametrize(
    ("text", "percent"),
    [("60", 60), ("๖๐%", 60), ("ร้อยละ 60", 60), ("ประมาณ 60 เปอร์เซ็นต์ค่ะ", 60), ("150", 150), ("หกสิบ", None)],
)
def test_read_percent(text: str, percent: int | None):
    assert read_percent(text) == percent


@pytest.mark.parametrize(
    ("text", "status"),
    [("ตามแผน", "on_track"), ("เสี่ยงค่ะ", "at_risk"), ("ช้า", "delayed"), ("ช้าง", None), ("On track", "on_track")],
)
def test_status_answers(text: str, status: str | None):
    assert status_of(text) == status


def test_small_readers():
    assert bare(" ยกเลิกค่ะ ") == "ยกเลิก"
    assert bare("OK!") == "ok"
    assert bare("-") == "-"
    assert project_name("โครงการห้องเรียนกลับด้านค่ะ") == "ห้องเรียนกลับด้าน"
    assert same_school("บ้านสอง", "โรงเรียนบ้านสอง")
    assert same_school("รร.บ้านสอง", "โรงเรียนบ้านสอง")
    assert not same_school("บ้านสอง", "โรงเรียนบ้านหนึ่ง")
    assert not same_school("บ", "โรงเรียนบ้านหนึ่ง")


def test_a_project_named_before_the_percentage_ends_there():
    update = parse_update("โรงเรียนบ้านตัวอย่าง โครงการห้องเรียนคุณภาพ ดำเนินการไปแล้ว 60% อบรมครูครบแล้ว ปัญหาคือขาดงบซื้อสื่อ")
    assert (update.school, update.project, update.percent) == ("บ้านตัวอย่าง", "ห้องเรียนคุณภาพ", 60)
    assert (update.done, update.obstacles) == ("อบรมครูครบแล้ว", "ขาดงบซื้อสื่อ")
    assert parse_update("โครงการ ก ทำ 2 ครั้ง").percent is None  # a count is not a percentage
