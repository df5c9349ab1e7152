"""The packaged reference facts, checked against the source documents they were transcribed from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storage.reference.data import REFERENCE_DIR, ROLES, ReferenceData, _fold, load_reference, reference

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
SANDBOX_SEED = "003_130a65c16854b49e.txt"  # the 26 Aug 2024 committee briefing
MECHANISMS_SEED = "000_84a8b1dc43e17e51.txt"  # the 8 Sep 2021 eleven mechanisms


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _seed_lines(name: str) -> list[str]:
    return [line.strip() for line in _seed(name).splitlines()]


def _group_paragraph(number: int) -> str:
    """The paragraph under the heading line "กลุ่มที่ N" of the briefing."""
    lines = _seed_lines(SANDBOX_SEED)
    heading = lines.index(f"กลุ่มที่ {number}")
    return lines[heading + 1]


def _names(province) -> list[str]:
    return [province.name_th, province.name_en, *province.aliases]


@pytest.fixture(scope="module")
def data() -> ReferenceData:
    return load_reference()


def test_packaged_reference_is_the_loaded_one(data):
    assert reference() == data


# --- groups and provinces -------------------------------------------------------------------------------


def test_twenty_provinces_ten_per_group(data):
    assert len(data.provinces) == 20
    assert [g.number for g in data.groups] == [1, 2]
    for group in data.groups:
        assert len(group.provinces) == 10
        assert group.name_th == f"กลุ่มที่ {group.number}"
        assert group.name_en == f"Group {group.number}"
    assert len({p.name_th for p in data.provinces}) == 20
    assert len({_fold(p.name_en) for p in data.provinces}) == 20


@pytest.mark.parametrize("number", [1, 2])
def test_group_provinces_are_the_ones_in_the_source_in_order(data, number):
    paragraph = _group_paragraph(number)
    listed = paragraph.split("ได้แก่", 1)[1].split()
    listed = [word.removeprefix("และ") for word in listed]
    assert len(listed) == 10
    group_provinces = [p for p in data.provinces if p.group == number]
    for word, province in zip(listed, group_provinces, strict=True):
        assert word in _names(province), f"{word!r} in the source is not a name of {province.name_th}"
        assert any(name in paragraph for name in _names(province))
    assert data.group(number).provinces == tuple(p.name_th for p in group_provinces)


def test_officials_are_named_in_their_group_paragraph(data):
    seed = _seed(SANDBOX_SEED)
    for group in data.groups:
        assert len(group.officials) == 2
        paragraph = _group_paragraph(group.number)
        for official in group.officials:
            assert official.name in seed
            assert official.name in paragraph
            assert official.title_en
            # the source gives each official's title right next to the name, in one order or the other
            assert f"{official.title_th} {official.name}" in seed or f"{official.name} {official.title_th}" in seed


def test_no_alias_is_shared_by_two_provinces(data):
    owner: dict[str, str] = {}
    for province in data.provinces:
        for name in {_fold(n) for n in _names(province)}:
            assert name not in owner, f"{name!r} names both {owner[name]} and {province.name_th}"
            owner[name] = province.name_th


@pytest.mark.parametrize(
    ("typed", "name_en", "group"),
    [
        ("กทม.", "Bangkok", 1),
        ("กรุงเทพฯ", "Bangkok", 1),
        ("BKK", "Bangkok", 1),
        ("อุบล", "Ubon Ratchathani", 1),
        ("ubon ratchathani", "Ubon Ratchathani", 1),
        ("สุราษ", "Surat Thani", 1),
        ("ChiangMai", "Chiang Mai", 2),
        ("ยะลา", "Yala", 2),
        ("บุรีรัมย์", "Buri Ram", 2),
    ],
)
def test_province_lookup(typed, name_en, group):
    province = reference().province(typed)
    assert province is not None
    assert province.name_en == name_en
    assert province.group == group


def test_bangkok_and_yala():
    bangkok = reference().province("กทม.")
    assert bangkok is not None and bangkok.name_en == "Bangkok" and bangkok.group == 1
    assert bangkok.name_th == "กรุงเทพมหานคร"
    assert reference().province("ยะลา").group == 2
    assert reference().province("นครราชสีมา") is None


# --- duties --------------------------------------------------------------------------------------------


def test_six_duties_copied_from_the_source(data):
    lines = _seed_lines(SANDBOX_SEED)
    assert [d.number for d in data.duties] == [1, 2, 3, 4, 5, 6]
    start = lines.index("บทบาทหน้าที่ความรับผิดชอบของคณะกรรมการ")
    positions = []
    for duty in data.duties:
        assert duty.title_th in lines[start:], duty.title_th
        at = lines.index(duty.title_th, start)
        assert lines[at + 1] == duty.text_th, f"text of duty {duty.number} differs from the source"
        assert duty.title_en and duty.text_en
        assert 5 <= len(duty.keywords_th) <= 12
        positions.append(at)
    assert positions == sorted(positions), "duties are not in the order of the source"
    assert {"รายงาน", "ติดตาม", "ตรวจสอบ"} <= set(data.duty(4).keywords_th)


# --- committees ----------------------------------------------------------------------------------------


def test_area_committees_are_seventy_of_nine(data):
    area = data.committee_kind("area")
    assert area.short_th == "สพท."
    assert area.committees == 70
    assert area.members_per_committee == 9
    assert "70 คณะ แต่ละคณะมีจำนวน 9 คน" in _seed(SANDBOX_SEED)
    counts = {seat.role: seat.count for seat in area.seats}
    assert counts == {"chair": 1, "vice_chair": 1, "expert": 3, "school_rep": 3, "secretary": 1}


def test_special_committee_has_twenty_two_seats(data):
    special = data.committee_kind("special")
    assert special.short_th == "สศศ."
    assert special.committees == 1
    assert special.members_per_committee == 22
    counts = {seat.role: seat.count for seat in special.seats}
    assert counts == {"chair": 1, "vice_chair": 2, "expert": 3, "school_rep": 15, "secretary": 1}
    vice = next(s for s in special.seats if s.role == "vice_chair")
    assert "ผอ. สบน." in vice.title_th and "รอง ผอ. สศศ." in vice.title_th


def test_committee_names_and_seat_titles_appear_in_the_source(data):
    seed = _seed(SANDBOX_SEED)
    for kind in data.committee_kinds:
        assert f"{kind.name_th} ({kind.short_th})" in seed
        for seat in kind.seats:
            assert seat.role in ROLES
            assert seat.title_th in seed, seat.title_th
            assert seat.title_en
    for kind, experts, reps in (("area", 3, 3), ("special", 3, 15)):
        assert f"ผู้ทรงคุณวุฒิ {experts} คน และผู้แทนผู้บริหารสถานศึกษานำร่อง {reps} คน" in seed
        seats = {s.role: s.count for s in data.committee_kind(kind).seats}
        assert (seats["expert"], seats["school_rep"]) == (experts, reps)


# --- report rule ---------------------------------------------------------------------------------------


def test_report_rule(data):
    rule = data.report_rule
    assert [(r.round, r.month, r.semester) for r in rule.rounds] == [(1, 10, 1), (2, 4, 2)]
    assert rule.min_per_semester == 1
    assert rule.covers_duties == (1, 2, 3)
    duty = data.duty(4).text_th
    assert "ครั้งที่ 1 ภายในเดือนตุลาคม" in duty and "ครั้งที่ 2 ภายในเดือนเมษายน" in duty
    assert "ภาคเรียนละ 1 ครั้ง" in duty and "ข้อ 1 – 3" in duty
    assert rule.channel_th in duty
    assert rule.recipient_th.removesuffix(" (สพฐ.)") in duty
    assert f"แจ้ง{rule.inform_th}ทราบ" in duty
    assert rule.channel_en and rule.recipient_en and rule.inform_en


# --- mechanisms ----------------------------------------------------------------------------------------


def test_eleven_mechanisms_copied_from_the_source(data):
    seed = _collapse(_seed(MECHANISMS_SEED))
    assert "11 กลไก" in seed
    assert [m.number for m in data.mechanisms] == list(range(1, 12))
    for mechanism in data.mechanisms:
        text = _collapse(mechanism.text_th)
        assert f"{mechanism.number}. {text}" in seed, f"mechanism {mechanism.number} differs from the source"
        assert 0 < len(mechanism.short_th) <= 60
        assert mechanism.short_en
        assert 3 <= len(mechanism.keywords_th) <= 8
    assert "Management Cockpit" in data.mechanism(10).text_th
    assert "eMENSCR" in data.mechanism(9).text_th
    assert "แรงจูงใจ" in data.mechanism(11).text_th


# --- sources -------------------------------------------------------------------------------------------


def test_sources(data):
    assert [s.file for s in data.sources] == [SANDBOX_SEED, MECHANISMS_SEED]
    for source in data.sources:
        first_line = _collapse(_seed(source.file).splitlines()[0])
        assert source.title_th == first_line
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.date)
    sandbox, mechanisms = data.sources
    assert (sandbox.date, sandbox.attendees) == ("2024-08-26", 657)
    assert "26 สิงหาคม 2567" in _seed(SANDBOX_SEED)
    assert f"รวมทั้งสิ้น {sandbox.attendees} คน" in _seed(SANDBOX_SEED)
    assert (mechanisms.date, mechanisms.attendees) == ("2021-09-08", None)
    assert "(8 กันยายน 2564)" in _seed(MECHANISMS_SEED)


def test_each_reference_file_cites_the_document_it_was_copied_from(data):
    """Answers name `source_of(topic)`: the texts of that file must be in that document, not in the other."""
    copied = {
        "duties": [d.text_th for d in data.duties],
        "mechanisms": [m.text_th for m in data.mechanisms],
        "groups": [o.name for g in data.groups for o in g.officials],
        "committees": [s.title_th for k in data.committee_kinds for s in k.seats],
        "report_rule": ["ภายในเดือนตุลาคม", "ภายในเดือนเมษายน", "ระบบสารบรรณอิเล็กทรอนิกส์"],
    }
    for topic, texts in copied.items():
        cited = _collapse(_seed(data.source_of(topic).file))
        assert all(_collapse(text) in cited for text in texts), topic


def test_a_reference_file_no_document_covers_is_refused(tmp_path):
    for path in REFERENCE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("covers: [mechanisms]", "covers: []"))
    with pytest.raises(ValueError, match="mechanisms"):
        load_reference(tmp_path)
