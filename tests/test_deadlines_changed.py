"""Round dates an operator sets while the bot runs are the ones the very next answer gives, in every process of the
bot: on PostgreSQL each process keeps the dates it read for as long as the database's change token of `deadlines`
stays the same (migration 0009), and every change renews the token. The clock stands at 21 Nov 2026."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select, update

from bot.adapters.console import ConsoleAdapter
from storage.models import ChangeToken, Deadline

QUESTION = "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่"


async def test_a_date_set_by_another_process_is_answered_at_once(make_app):
    answering = await make_app(connect_platforms=False)
    elsewhere = await make_app(connect_platforms=False)  # another process on the same store
    console = ConsoleAdapter(answering.processor, user_id="asker")

    async def ask() -> str:
        return "\n".join(reply.as_text() for reply in await console.ask(QUESTION))

    async def change(statement: object) -> None:
        async with elsewhere.sessions() as session:
            if isinstance(statement, Deadline):
                session.add(statement)
            else:
                await session.execute(statement)  # type: ignore[call-overload]
            await session.commit()

    assert "30 เมษายน 2570" in await ask()  # the rule's month, read and kept
    assert "30 เมษายน 2570" in await ask()

    await change(Deadline(academic_year=2569, round=2, opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31)))
    answer = await ask()
    assert "31 มีนาคม 2570" in answer and "30 เมษายน 2570" not in answer
    assert "ภายในเดือนเมษายน 2570 —" not in answer  # not "within April — by 31 March": whose date it is, and the rule's
    assert "วันที่ผู้ดูแลระบบกำหนด เอกสารระบุภายในเดือนเมษายน 2570" in answer

    await change(update(Deadline).where(Deadline.academic_year == 2569).values(due_on=date(2027, 3, 15)))
    assert "15 มีนาคม 2570" in await ask()

    await change(delete(Deadline))
    assert "30 เมษายน 2570" in await ask()


async def test_every_change_of_deadlines_renews_their_token(app):
    async def token() -> int:
        async with app.sessions() as session:
            return (await session.scalars(select(ChangeToken.token).where(ChangeToken.name == "deadlines"))).one()

    async def change(statement: object) -> None:
        async with app.sessions() as session:
            await session.execute(statement)  # type: ignore[call-overload]
            await session.commit()

    seen = [await token()]
    for statement in (
        insert(Deadline).values(academic_year=2570, round=1, opens_on=date(2027, 10, 1), due_on=date(2027, 10, 20)),
        update(Deadline).values(due_on=date(2027, 10, 25)),
        delete(Deadline),
    ):
        await change(statement)
        seen.append(await token())
    assert len(set(seen)) == 4
