"""The overall limit on wrong invite codes (issue 10, item 9): many accounts guessing a few times each, each under
the per-account lock-out, are stopped together; the admins are warned once; an hour later codes work again."""

from __future__ import annotations

from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.core.messages import Reply
from storage.models import OutboxMessage
from storage.repositories.invites import GLOBAL_MAX_FAILURES
from tests.directory import link
from tests.registration.conftest import invite, seed


def said(replies: list[Reply]) -> str:
    return "\n".join(r.as_text() for r in replies)


async def test_guessing_from_many_accounts_pauses_codes_and_warns_the_admins(app, clock):
    d = await seed(app)
    async with app.sessions() as session, session.begin():
        await link(session, d.chair, "line", "U" + "a" * 32)  # the chair is the committee's admin
    code = await invite(app, d.secretary)
    for n in range(GLOBAL_MAX_FAILURES):  # 30 accounts, one wrong guess each: no account is locked out
        answer = said(await ConsoleAdapter(app.processor, user_id=f"guesser-{n}").ask(f"ลงทะเบียน ZZZZ{n:04d}"))
        assert "ไม่พบรหัส" in answer or "ไม่ถูกต้อง" in answer or "ZZZZ" in answer

    secretary = ConsoleAdapter(app.processor, user_id="secretary")
    paused = said(await secretary.ask(f"ลงทะเบียน {code}"))
    assert "พักการรับรหัสเชิญ" in paused
    async with app.sessions() as session:
        warnings = (await session.execute(select(OutboxMessage))).scalars().all()
    assert [w.chat_id for w in warnings] == ["U" + "a" * 32]
    assert "30" in str(warnings[0].payload) and "เดารหัส" in str(warnings[0].payload)

    more = ConsoleAdapter(app.processor, user_id="guesser-x")
    assert "พักการรับรหัสเชิญ" in said(await more.ask("ลงทะเบียน ZZZZ9999"))
    async with app.sessions() as session:
        assert len((await session.execute(select(OutboxMessage))).scalars().all()) == 1, "warned once"

    clock.advance(hours=1, minutes=1)
    notice = said(await secretary.ask(f"ลงทะเบียน {code}"))
    assert "นางเลขา ขยัน" in notice and "ยินยอม" in notice, "an hour later the right code is taken"
