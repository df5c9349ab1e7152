"""A vacated seat (its holder erased their data, issue 10) is reminded of nothing, and the chair's overdue notice
does not name it."""

from __future__ import annotations

from storage.models import Person
from storage.repositories import privacy
from tests.reminders.conftest import World, local


async def test_nobody_is_reminded_for_a_vacated_seat(world: World, clock) -> None:
    async with world.app.sessions() as session, session.begin():
        person = await session.get(Person, world.people.expert)
        assert person is not None
        await privacy.erase_person(session, person, clock.now)
    clock.now = local(2027, 4, 23, 9, 0)  # 7 days before round 2 is due: six people were reminded before
    sent = await world.tick()
    assert len(sent) == 5 and all(s.person_id != world.people.expert for s in sent)
    clock.now = local(2027, 5, 5, 9, 0)  # overdue: the chair hears who is missing, and not of the vacant seat
    for message in await world.tick():
        assert "ลบข้อมูลแล้ว" not in message.text and "None" not in message.text
