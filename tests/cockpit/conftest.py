"""A small directory with a round's worth of check-ins and updates, and web clients signed in as its people."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import App
from bot.cockpit.auth import LOGIN, issue_link
from storage.models import (
    AreaOffice,
    CheckIn,
    CockpitViewer,
    Committee,
    CommitteeMember,
    OversightGroup,
    Person,
    PilotSchool,
    ProgressUpdate,
    Province,
    ReminderMark,
    ReminderSent,
    UpdateAttachment,
)
from tests.directory import Directory, seed_directory


@dataclass(frozen=True)
class World:
    d: Directory
    yala_group: int  # oversight group number of Yala
    far_committee: int  # a committee in Krabi, the other group
    far_admin: int
    far_school: int
    official: int  # an OBEC official of Yala's group
    national: int
    attachment: int


async def seed_world(app: App) -> World:
    async with app.sessions() as session, session.begin():
        d = await seed_directory(session)
        yala = (await session.execute(select(Province).where(Province.name_th == "ยะลา"))).scalar_one()
        cm = (await session.execute(select(Province).where(Province.name_th == "กระบี่"))).scalar_one()
        group = await session.get(OversightGroup, yala.group_id)
        assert group is not None and cm.group_id != yala.group_id
        office = AreaOffice(code="SPT-KBI", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่", kind="area", province_id=cm.id)
        session.add(office)
        await session.flush()
        far = Committee(code="C-KBI", name="คณะกรรมการขับเคลื่อนฯ สพป.กระบี่", kind="area", area_office_id=office.id)
        far_admin = Person(full_name="นางสาวเหนือ ดอยสูง", phone="0899999999")
        official = Person(full_name="นายพิทักษ์ โสตถยาคม", email="official@example.go.th")
        national = Person(full_name="นางชาติ ทั่วไทย", email="national@example.go.th")
        session.add_all([far, far_admin, official, national])
        await session.flush()
        session.add(CommitteeMember(committee_id=far.id, person_id=far_admin.id, role="chair", is_admin=True))
        far_school = PilotSchool(code="1050010001", name="โรงเรียนบ้านดอย", area_office_id=office.id, province_id=cm.id)
        session.add(far_school)
        session.add(CockpitViewer(person_id=official.id, scope="group", group_id=group.id))
        session.add(CockpitViewer(person_id=national.id, scope="national"))
        # Round 2 of 2569 runs from 1 Nov 2026 to 30 Apr 2027; the clock stands at 21 Nov 2026.
        at = datetime(2026, 11, 15, 3, 0, tzinfo=UTC)
        for duty in range(1, 7):
            session.add(
                CheckIn(
                    committee_id=d.committee,
                    person_id=d.chair,
                    duty_number=duty,
                    academic_year=2569,
                    round=2,
                    status="done",
                    note=f"บันทึกหน้าที่ {duty} ประชุมแล้ว",
                    platform="telegram",
                    updated_at=at,
                )
            )
        session.add(
            CheckIn(
                committee_id=d.committee,
                person_id=d.secretary,
                duty_number=2,
                academic_year=2569,
                round=2,
                status="blocked",
                note="รอคำสั่งแต่งตั้ง",
                platform="line",
                updated_at=at,
            )
        )
        session.add(
            CheckIn(
                committee_id=d.committee,
                person_id=d.chair,
                duty_number=1,
                academic_year=2569,
                round=1,
                status="done",
                note="รอบก่อน",
                platform="telegram",
                updated_at=at - timedelta(days=60),
            )
        )
        update = ProgressUpdate(
            school_id=d.school,
            person_id=d.director,
            project="โครงการสอนภาษาไทยทวิภาษา",
            status="at_risk",
            percent=40,
            done="อบรมครูแล้ว 12 คน",
            obstacles="ครูลาคลอด 1 คน",
            help_needed="ต้องการครูอัตราจ้าง",
            platform="telegram",
            created_at=at,
            updated_at=at,
        )
        old = ProgressUpdate(
            school_id=d.school,
            person_id=d.director,
            project="โครงการสอนภาษาไทยทวิภาษา",
            status="on_track",
            percent=20,
            done="เริ่มโครงการ",
            platform="telegram",
            created_at=at - timedelta(days=70),
            updated_at=at - timedelta(days=70),
        )
        session.add_all([update, old])
        await session.flush()
        session.add_all(
            [
                ReminderSent(series="r2569-2", step="d-14", recipient=f"p{d.secretary}", decided_at=at),
                ReminderSent(series="r2569-2", step="d-7", recipient=f"p{d.secretary}", decided_at=at),
                ReminderSent(series="r2569-2", step="d-7", recipient=f"p{d.expert}", decided_at=at),
                ReminderMark(series="r2569-2", person_id=d.secretary, postpone_requested_at=at, updated_at=at),
            ]
        )
        attachment = UpdateAttachment(
            update_id=update.id, platform="line", file_id="line-msg-1", media_type="photo", size=100
        )
        session.add(attachment)
        await session.flush()
        return World(d, group.number, far.id, far_admin.id, far_school.id, official.id, national.id, attachment.id)


@pytest.fixture
async def world(app: App) -> World:
    return await seed_world(app)


SignIn = Callable[[int], Awaitable[TestClient]]


@pytest.fixture
async def web(app: App) -> AsyncIterator[Callable[[], Awaitable[TestClient]]]:
    clients: list[TestClient] = []

    async def make() -> TestClient:
        client = TestClient(TestServer(app.web_app()))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def login_token(app: App, person_id: int, minutes: int = 15) -> str:
    async with app.sessions() as session, session.begin():
        return await issue_link(session, person_id, LOGIN, app.services.clock(), timedelta(minutes=minutes))


@pytest.fixture
def sign_in(app: App, web: Callable[[], Awaitable[TestClient]]) -> SignIn:
    """A web client signed in as a person, the way a browser does it: open the link, press the button."""

    async def run(person_id: int) -> TestClient:
        client = await web()
        token = await login_token(app, person_id)
        page = await client.get(f"/cockpit/login/{token}")
        assert page.status == 200
        done = await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)
        assert done.status == 303, await done.text()
        return client

    return run


from tests.e2e.conftest import fakes, serve  # noqa: E402, F401  (the fake platforms, for the chat tests)
