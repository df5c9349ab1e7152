"""PDPA rights in chat (issue 10, item 8): see what is stored, withdraw consent, be erased — through the core, on a
real store; the committee's counts and the audit trail stay, without the name; the admins are told by id."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from bot.core.messages import ChatType, Incoming, Kind, Platform, Reply
from bot.directory.importer import import_file
from bot.directory.report import import_text
from bot.directory.withdrawn import fingerprint_key
from bot.i18n import translator
from storage.models import AuditLog, CheckIn, ConversationState, Identity, OutboxMessage, Person
from tests.directory import link, seed_directory
from tests.directory_import.files import write_csv
from tests.status.conftest import add_checkins

LINE_EXPERT = "U" + "e" * 32
TG_EXPERT = "5003"
LINE_CHAIR = "U" + "c" * 32
_EVENTS = itertools.count()


class Chat:
    def __init__(self, app, platform: Platform, user_id: str, chat_type: ChatType = ChatType.PRIVATE) -> None:
        self.app, self.platform, self.user_id, self.chat_type = app, platform, user_id, chat_type

    async def send(self, kind: Kind, **fields: object) -> list[Reply]:
        chat = self.user_id if self.chat_type is ChatType.PRIVATE else "group-1"
        event = f"{self.user_id}-{next(_EVENTS)}"
        msg = Incoming(self.platform, event, chat, self.user_id, kind, chat_type=self.chat_type, **fields)  # type: ignore[arg-type]
        return (await self.app.processor.process(msg)).replies

    async def send_text(self, text: str) -> list[Reply]:
        return await self.send(Kind.TEXT, text=text)

    async def say(self, text: str) -> str:
        return "\n".join(r.as_text() for r in await self.send(Kind.TEXT, text=text))

    async def tap(self, label: str, replies: list[Reply]) -> str:
        choice = next(c for r in replies for c in r.choices if c.label == label)
        return "\n".join(r.as_text() for r in await self.send(Kind.ACTION, action=choice.action, text=label))


async def _setup(app):
    async with app.sessions() as session, session.begin():
        d = await seed_directory(session)
        await link(session, d.expert, "line", LINE_EXPERT)
        await link(session, d.expert, "telegram", TG_EXPERT)
        await link(session, d.chair, "line", LINE_CHAIR)
    await add_checkins(app, d.committee, d.expert, {1: "done", 2: "blocked"})
    return d


async def test_my_data_shows_what_is_stored_and_how_to_withdraw(app):
    await _setup(app)
    shown = await Chat(app, Platform.LINE, LINE_EXPERT).say("ข้อมูลของฉันค่ะ")
    for expected in ("ดร.ผู้ทรง คุณวุฒิ", "0810000003", LINE_EXPERT, TG_EXPERT, "เช็คอิน 2 รายการ", "ถอนความยินยอม"):
        assert expected in shown
    in_group = await Chat(app, Platform.LINE, LINE_EXPERT, ChatType.GROUP).say("ข้อมูลของฉัน")
    assert "0810000003" not in in_group and "แชตส่วนตัว" in in_group


async def test_withdrawing_consent_explains_confirms_then_erases_and_tells_the_admins(app):
    d = await _setup(app)
    chat = Chat(app, Platform.LINE, LINE_EXPERT)
    ask = await chat.send(Kind.TEXT, text="ถอนความยินยอม")
    assert "ยกเลิกการเชื่อมบัญชี" in ask[0].text and "เก็บไว้โดยไม่มีชื่อ" in ask[0].text
    kept = await chat.tap("ไม่ลบ", ask)
    assert "ยังไม่ได้ลบ" in kept

    ask = await chat.send(Kind.TEXT, text="ลบข้อมูลของฉัน")
    done = await chat.tap("ยืนยันลบข้อมูล", ask)
    assert "ลบข้อมูลส่วนบุคคล" in done and "2 บัญชี" in done

    async with app.sessions() as session:
        person = await session.get(Person, d.expert)
        assert person is not None and person.erased_at is not None
        assert (person.full_name, person.phone, person.email, person.consented_at) == (f"[ลบข้อมูลแล้ว #{d.expert}]",
                                                                                        None, None, None)  # fmt: skip
        accounts = (await session.execute(select(Identity).where(Identity.person_id == d.expert))).scalars().all()
        assert accounts == []
        left = await session.execute(select(Identity.user_id).where(Identity.user_id.in_([LINE_EXPERT, TG_EXPERT])))
        assert left.scalars().all() == []
        assert (await session.execute(select(func.count()).select_from(CheckIn))).scalar_one() == 2, "counts stay"
        users = (await session.execute(select(AuditLog.user_id))).scalars().all()
        assert LINE_EXPERT not in users and TG_EXPERT not in users
        erased = (await session.execute(select(AuditLog).where(AuditLog.action == "privacy.erased"))).scalar_one()
        assert erased.person_id == d.expert
        [notice] = (await session.execute(select(OutboxMessage))).scalars().all()
        assert notice.chat_id == LINE_CHAIR and f"#{d.expert}" in str(notice.payload)
        assert "ดร.ผู้ทรง" not in str(notice.payload), "the admins are told by id, not by name"
        assert (await session.execute(select(func.count()).select_from(ConversationState))).scalar_one() == 0

    # The committee's status still counts the check-ins, without the name.
    status = await Chat(app, Platform.LINE, LINE_CHAIR).say("คณะกรรมการของฉันเช็คอินครบหรือยัง")
    assert "ผู้ทรง" not in status and "ติดปัญหา" in status
    # The same LINE account is now a stranger: whoami says it is not registered.
    assert "ดร.ผู้ทรง" not in await chat.say("ฉันคือใคร")


async def test_erasing_in_the_middle_of_a_check_in_does_not_bring_the_check_in_back(app):
    await _setup(app)
    chat = Chat(app, Platform.LINE, LINE_EXPERT)
    assert "เช็คอินหน้าที่ข้อใด" in await chat.say("เช็คอิน")
    ask = await chat.send(Kind.TEXT, text="ลบข้อมูลของฉัน")
    done = await chat.tap("ยืนยันลบข้อมูล", ask)
    assert "ลบข้อมูลส่วนบุคคล" in done and "เช็คอิน" not in done
    async with app.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(ConversationState))).scalar_one() == 0


async def test_an_unregistered_account_can_be_forgotten_too(app):
    await _setup(app)
    chat = Chat(app, Platform.TELEGRAM, "7777")
    await chat.send(Kind.TEXT, text="สวัสดีค่ะ", display_name="ชื่อเล่นลับ")
    shown = await chat.say("ข้อมูลของฉัน")
    assert "ชื่อเล่นลับ" in shown and "ยังไม่ได้ลงทะเบียน" in shown
    ask = await chat.send(Kind.TEXT, text="ถอนความยินยอม")
    assert "ลบข้อมูลของบัญชีนี้เรียบร้อย" in await chat.tap("ยืนยันลบข้อมูล", ask)
    async with app.sessions() as session:
        names = (await session.execute(select(Identity.display_name))).scalars().all()
        assert "ชื่อเล่นลับ" not in names


async def test_an_admin_reimport_does_not_bring_an_erased_person_back_and_says_why(app, tmp_path):
    await _setup(app)
    chat = Chat(app, Platform.LINE, LINE_EXPERT)
    ask = await chat.send(Kind.TEXT, text="ลบข้อมูลของฉัน")
    await chat.tap("ยืนยันลบข้อมูล", ask)

    # The office sends its usual people file again: the expert is in it, as before the erasure.
    people = write_csv(
        tmp_path / "บุคคล.csv",
        [
            ["ชื่อ-นามสกุล", "บทบาท", "รหัสคณะกรรมการ", "เบอร์โทรศัพท์", "อีเมล", "ผู้ดูแล"],
            ["ดร.ผู้ทรง คุณวุฒิ", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "081-000-0003", "", ""],
            ["นางใหม่ มาแทน", "ผู้ทรงคุณวุฒิ", "C-YALA-1", "0810000099", "", ""],
        ],
    )
    key = fingerprint_key(app.settings)
    result = await import_file(app.sessions, people, app.reference, fingerprint_key=key)
    assert result.errors == [] and result.counts is not None
    report = import_text(translator("th"), result)
    assert "แถว 2: ดร.ผู้ทรง คุณวุฒิ ไม่ได้นำเข้า" in report and "ถอนความยินยอม" in report
    async with app.sessions() as session:
        names = (await session.execute(select(Person.full_name))).scalars().all()
        assert "ดร.ผู้ทรง คุณวุฒิ" not in names, "not re-added under a new id"
        assert "นางใหม่ มาแทน" in names, "the rest of the file is imported"
        erased = (await session.execute(select(AuditLog).where(AuditLog.action == "privacy.erased"))).scalar_one()
        assert "0810000003" not in str(erased.details) and "ผู้ทรง" not in str(erased.details)
        assert (await session.execute(select(func.count()).select_from(Person))).scalar_one() == 7, "one new person"
