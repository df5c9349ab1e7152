"""Re-admitting someone who withdrew consent (issue 10): `sandboxbot readmit` drops the erasure's fingerprints with an
audit entry, and the next import brings the person back; nothing else is re-admitted."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.messages import Platform
from bot.directory.importer import import_file
from bot.directory.withdrawn import fingerprint_key
from storage.models import AuditLog, CommitteeMember, Person
from tests.directory_import.files import write_csv
from tests.privacy.test_rights import LINE_EXPERT, Chat, _setup

ROWS = [
    ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"],
    ["ดร.ผู้ทรง คุณวุฒิ", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "081-000-0003", "", ""],
]


async def _import(app, tmp_path) -> list[tuple[int, str]]:
    result = await import_file(
        app.sessions,
        write_csv(tmp_path / "บุคคล.csv", ROWS),
        app.reference,
        fingerprint_key=fingerprint_key(app.settings),
    )
    assert result.errors == [] and result.counts is not None
    return result.counts.withdrawn


async def test_readmit_lets_the_next_import_bring_the_person_back_into_their_seat(make_app, cli, tmp_path):
    app = await make_app(connect_platforms=False)
    d = await _setup(app)
    chat = Chat(app, Platform.LINE, LINE_EXPERT)
    await chat.tap("ยืนยันลบข้อมูล", await chat.send_text("ลบข้อมูลของฉัน"))
    assert [name for _, name in await _import(app, tmp_path)] == ["ดร.ผู้ทรง คุณวุฒิ"], "left out before"

    unknown = await cli("readmit", "--phone", "0899999999")
    assert unknown.code == 1 and "ไม่พบ" in unknown.err
    ran = await cli("readmit", "--phone", "0810000003")  # written differently from the file: same number
    assert ran.code == 0, ran.err
    assert "รับกลับแล้ว 1 รายการ" in ran.out and f"#{d.expert}" in ran.out

    assert await _import(app, tmp_path) == [], "the next import takes them"
    async with app.sessions() as session:
        back = (await session.execute(select(Person).where(Person.full_name == "ดร.ผู้ทรง คุณวุฒิ"))).scalar_one()
        assert back.id != d.expert, "a new record: the erased one stays anonymous"
        erased = await session.get(Person, d.expert)
        assert erased is not None and erased.full_name == f"[ลบข้อมูลแล้ว #{d.expert}]"
        seat = (await session.execute(select(CommitteeMember).where(CommitteeMember.person_id == back.id))).scalar_one()
        assert (seat.role, seat.vacated_at) == ("expert", None), "back in the seat they left vacant"
        [entry] = (await session.execute(select(AuditLog).where(AuditLog.action == "privacy.readmitted"))).scalars()
        assert entry.person_id == d.expert and entry.platform == "cli"
        assert "0810000003" not in str(entry.details) and "ผู้ทรง" not in str(entry.details)

    again = await cli("readmit", "--phone", "0810000003")
    assert again.code == 1, "already re-admitted: nothing left to drop"


async def test_readmit_needs_something_to_match(cli):
    import pytest

    with pytest.raises(SystemExit) as exited:
        await cli("readmit")
    assert exited.value.code == 2
