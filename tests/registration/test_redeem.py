"""Redeeming a code through the core (the console adapter): consent, refusal, bad codes, the lock-out."""

from __future__ import annotations

from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.core.messages import ChatType, Incoming, Kind, Platform, Reply
from storage.models import AuditLog, ConversationState, Identity, InviteCode, Person
from tests.directory import link
from tests.registration.conftest import invite, seed


def said(replies: list[Reply]) -> str:
    return "\n".join(r.as_text() for r in replies)


async def account(app, user_id: str = "local", platform: str = "console") -> Identity:
    async with app.sessions() as session:
        return (
            await session.execute(select(Identity).where(Identity.platform == platform, Identity.user_id == user_id))
        ).scalar_one()


async def audit_actions(app) -> list[str]:
    async with app.sessions() as session:
        return list((await session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars())


async def test_the_notice_comes_first_and_only_consent_links_the_account(app):
    directory = await seed(app)
    code = await invite(app, directory.director)
    console = ConsoleAdapter(app.processor)

    notice = said(await console.ask(f"ลงทะเบียน: {code[:4].lower()}-{code[4:].lower()}"))
    assert "นายผอ. โรงเรียนหนึ่ง" in notice
    assert "PDPA" in notice and "ถอนความยินยอม" in notice
    assert (await account(app)).person_id is None  # nothing personal before consent

    linked = said(await console.ask("ยินยอม"))
    assert "ลงทะเบียนเรียบร้อยแล้วค่ะ" in linked
    identity = await account(app)
    assert identity.person_id == directory.director
    async with app.sessions() as session:
        used = (await session.execute(select(InviteCode).where(InviteCode.code == code))).scalar_one()
        person = await session.get(Person, directory.director)
        state = (
            (await session.execute(select(ConversationState).where(ConversationState.flow.is_not(None))))
            .scalars()
            .all()
        )
    assert used.used_at is not None and used.used_by_identity_id == identity.id
    assert person is not None and person.consented_at is not None
    assert state == []
    assert (await audit_actions(app))[-1] == "register.linked"


async def test_register_alone_asks_for_the_code_and_takes_it_typed_loosely(app):
    directory = await seed(app)
    code = await invite(app, directory.secretary)
    console = ConsoleAdapter(app.processor)
    assert "รหัสเชิญ 8 ตัว" in said(await console.ask("ลงทะเบียน"))
    assert "นางเลขา ขยัน" in said(await console.ask(f" {code[:4].lower()} {code[4:]} "))


async def test_declining_or_cancelling_stores_nothing_and_says_how_to_come_back(app):
    directory = await seed(app)
    code = await invite(app, directory.expert)
    console = ConsoleAdapter(app.processor)
    before = await audit_actions(app)

    await console.ask(f"register {code}")
    declined = said(await console.ask("ไม่ยินยอม"))
    assert "ไม่ได้บันทึกข้อมูลใด ๆ" in declined
    assert "ลงทะเบียน รหัสเชิญ" in declined and "5 ธันวาคม 2569" in declined  # how to come back, and until when
    await console.ask(f"/start {code}")
    assert "ไม่ได้บันทึกข้อมูลใด ๆ" in said(await console.ask("ยกเลิกค่ะ"))

    async with app.sessions() as session:
        person = await session.get(Person, directory.expert)
        unused = (await session.execute(select(InviteCode).where(InviteCode.code == code))).scalar_one()
        state = (
            (await session.execute(select(ConversationState).where(ConversationState.flow.is_not(None))))
            .scalars()
            .all()
        )
    assert (await account(app)).person_id is None
    assert person is not None and person.consented_at is None
    assert unused.used_at is None
    assert state == []
    assert await audit_actions(app) == before


async def test_wrong_used_and_expired_codes_each_get_their_own_answer(app, clock):
    directory = await seed(app)
    used = await invite(app, directory.director)
    expiring = await invite(app, directory.chair, days=1)
    first = ConsoleAdapter(app.processor, user_id="first")
    await first.ask(f"ลงทะเบียน {used}")
    await first.ask("ยินยอม")

    console = ConsoleAdapter(app.processor)
    assert "ไม่พบรหัสเชิญ ABCD2345" in said(await console.ask("ลงทะเบียน abcd2345"))
    assert "ถูกใช้ลงทะเบียนไปแล้ว" in said(await console.ask(f"ลงทะเบียน {used}"))
    clock.advance(days=1)
    assert "หมดอายุแล้วเมื่อวันที่ 22 พฤศจิกายน 2569" in said(await console.ask(f"ลงทะเบียน {expiring}"))
    assert (await account(app)).person_id is None


async def test_five_wrong_codes_lock_the_account_for_fifteen_minutes_even_for_a_right_code(app, clock):
    directory = await seed(app)
    code = await invite(app, directory.director, days=30)
    console = ConsoleAdapter(app.processor)
    for guess in ("AAAA2222", "BBBB3333", "CCCC4444", "DDDD5555"):
        assert "ไม่พบรหัสเชิญ" in said(await console.ask(f"ลงทะเบียน {guess}"))
        clock.advance(minutes=1)
    locked = said(await console.ask("ลงทะเบียน EEEE6666"))  # the fifth, at 10:04
    assert "หลายครั้งเกินไป" in locked and "10:19 น." in locked

    clock.advance(minutes=10)
    refused = said(await console.ask(f"ลงทะเบียน {code}"))
    assert "10:19 น." in refused and "อีกประมาณ 5 นาที" in refused
    other = ConsoleAdapter(app.processor, user_id="someone-else")  # the lock is per account
    assert "นายผอ. โรงเรียนหนึ่ง" in said(await other.ask(f"ลงทะเบียน {code}"))

    clock.advance(minutes=5)
    assert "นายผอ. โรงเรียนหนึ่ง" in said(await console.ask(f"ลงทะเบียน {code}"))
    assert (await audit_actions(app)).count("register.failed") == 5


async def test_one_account_is_one_person(app):
    directory = await seed(app)
    async with app.sessions() as session, session.begin():
        await link(session, directory.chair, "console", "local")
    mine, theirs = await invite(app, directory.chair), await invite(app, directory.director)
    console = ConsoleAdapter(app.processor)

    refused = said(await console.ask(f"ลงทะเบียน {theirs}"))
    assert "ลงทะเบียนไว้แล้วในชื่อ นายประธาน ใจดี" in refused and "บัญชีหนึ่งใช้ได้กับคนเดียว" in refused
    assert "นายผอ." not in refused  # whose code it was stays private
    again = said(await console.ask(f"/start {mine}"))
    assert "ไม่ต้องลงทะเบียนซ้ำ" in again and "รหัสเชิญนี้ยังไม่ถูกใช้" in again
    assert "ไม่ต้องลงทะเบียนซ้ำ" in said(await console.ask("ลงทะเบียน"))
    async with app.sessions() as session:
        codes = (await session.execute(select(InviteCode))).scalars().all()
    assert all(c.used_at is None for c in codes)
    assert (await account(app)).person_id == directory.chair


async def test_in_a_group_the_code_is_refused_and_not_spent(app):
    directory = await seed(app)
    code = await invite(app, directory.director)
    in_group = Incoming(
        platform=Platform.LINE,
        event_id="group-1",
        chat_id="C-group",
        user_id="U-member",
        kind=Kind.TEXT,
        chat_type=ChatType.GROUP,
        text=f"ลงทะเบียน {code}",
    )
    answer = said((await app.processor.process(in_group)).replies)
    assert "แชตส่วนตัว" in answer
    async with app.sessions() as session:
        unused = (await session.execute(select(InviteCode).where(InviteCode.code == code))).scalar_one()
        state = (
            (await session.execute(select(ConversationState).where(ConversationState.flow.is_not(None))))
            .scalars()
            .all()
        )
    assert unused.used_at is None and state == []


async def test_the_consent_step_survives_a_restart(app, make_app):
    directory = await seed(app)
    code = await invite(app, directory.other_director)
    assert "นางผอ. โรงเรียนสอง" in said(await ConsoleAdapter(app.processor, user_id="u1").ask(f"/start {code}"))
    await app.close()

    restarted = await make_app(connect_platforms=False)
    linked = said(await ConsoleAdapter(restarted.processor, user_id="u1").ask("ยินยอมค่ะ"))
    assert "ลงทะเบียนเรียบร้อยแล้วค่ะ" in linked
    assert (await account(restarted, "u1")).person_id == directory.other_director
