"""The cockpit through HTTP: sign-in by one-time link, scope on every page, sign-out with CSRF, downloads."""

from __future__ import annotations

import re

from bot.app import App
from tests.cockpit.conftest import SignIn, World, login_token


async def test_a_link_signs_in_once_and_sets_a_safe_cookie(app: App, world: World, web) -> None:
    client = await web()
    token = await login_token(app, world.d.chair)
    preview = await client.get(f"/cockpit/login/{token}")  # what a chat app's link preview does
    assert preview.status == 200 and "เข้าสู่ระบบ" in await preview.text()
    first = await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)
    assert first.status == 303
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=28800" in cookie
    page = await client.get("/cockpit")
    assert page.status == 200
    assert "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in await page.text()
    again = await (await web()).post("/cockpit/login", data={"token": token}, allow_redirects=False)
    assert again.status == 403 and "ใช้ไม่ได้แล้ว" in await again.text()


async def test_an_expired_link_opens_nothing(app: App, world: World, web, clock) -> None:
    token = await login_token(app, world.d.chair, minutes=15)
    clock.advance(minutes=16)
    client = await web()
    refused = await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)
    assert refused.status == 403
    assert (await client.get("/cockpit")).status == 401


async def test_without_a_session_every_page_is_closed(app: App, world: World, web) -> None:
    client = await web()
    for path in (
        "/cockpit",
        "/cockpit/group/1",
        f"/cockpit/committee/{world.d.committee}",
        f"/cockpit/school/{world.d.school}",
        f"/cockpit/committee/{world.d.committee}/report.docx",
    ):
        response = await client.get(path)
        assert response.status == 401, path
        assert "นายประธาน" not in await response.text()


async def test_a_committee_admin_sees_only_their_committee(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.d.chair)
    own = await client.get(f"/cockpit/committee/{world.d.committee}")
    text = await own.text()
    assert own.status == 200
    assert "นางเลขา ขยัน" in text and "โรงเรียนบ้านหนึ่ง" in text and "มีความเสี่ยง" in text
    assert "เตือนแล้ว 3 ครั้ง ถึง 2 คน · ตอบกลับ 1 คน" in text and "ขอเลื่อน" in text
    for path in (
        f"/cockpit/committee/{world.far_committee}",
        f"/cockpit/committee/{world.d.other_committee}",
        f"/cockpit/committee/{world.far_committee}/report.docx",
        f"/cockpit/committee/{world.far_committee}/report.xlsx",
        f"/cockpit/school/{world.far_school}",
        f"/cockpit/group/{world.yala_group}",
    ):
        response = await client.get(path)
        assert response.status == 404, path
        assert "ดอยสูง" not in await response.text()
    overview = await (await client.get("/cockpit")).text()
    assert "กระบี่" not in overview and "0899999999" not in overview


async def test_a_group_official_sees_their_group_not_the_other(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.official)
    overview = await (await client.get("/cockpit")).text()
    assert f"/cockpit/group/{world.yala_group}" in overview
    group = await client.get(f"/cockpit/group/{world.yala_group}")
    assert group.status == 200 and "ยะลา" in await group.text()
    assert (await client.get(f"/cockpit/committee/{world.d.committee}")).status == 200
    assert (await client.get(f"/cockpit/committee/{world.far_committee}")).status == 404
    other_group = 2 if world.yala_group == 1 else 1
    assert (await client.get(f"/cockpit/group/{other_group}")).status == 404


async def test_a_national_admin_sees_every_group(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.national)
    overview = await (await client.get("/cockpit")).text()
    assert "/cockpit/group/1" in overview and "/cockpit/group/2" in overview
    assert (await client.get(f"/cockpit/committee/{world.far_committee}")).status == 200
    satun = await client.get("/cockpit?status=behind")
    assert "สพป.สตูล" in await satun.text()


async def test_drill_down_and_filters(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.national)
    group = await (await client.get(f"/cockpit/group/{world.yala_group}")).text()
    province_id = re.search(r"/cockpit/province/(\d+)\?[^\"]*\">ยะลา", group)
    assert province_id, group
    province = await (await client.get(f"/cockpit/province/{province_id.group(1)}")).text()
    assert f"/cockpit/committee/{world.d.committee}" in province
    delayed = await (await client.get(f"/cockpit/committee/{world.d.committee}?status=none")).text()
    assert "โรงเรียนบ้านสอง" in delayed and f"/cockpit/school/{world.d.school}" not in delayed
    past = await (await client.get(f"/cockpit/committee/{world.d.committee}?year=2569&round=1")).text()
    assert "รอบที่ 1 ปีการศึกษา 2569" in past
    assert (await client.get(f"/cockpit/committee/{world.d.committee}?year=2400&round=1")).status == 404
    school = await (await client.get(f"/cockpit/school/{world.d.school}")).text()
    assert (
        "ต้องการครูอัตราจ้าง" in school and "เริ่มโครงการ" in school and f"/cockpit/attachment/{world.attachment}" in school
    )


async def test_sign_out_needs_the_pages_csrf_token(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.d.chair)
    forged = await client.post("/cockpit/logout", data={}, allow_redirects=False)
    assert forged.status == 403
    assert (await client.get("/cockpit")).status == 200
    page = await (await client.get("/cockpit")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf
    out = await client.post("/cockpit/logout", data={"csrf": csrf.group(1)}, allow_redirects=False)
    assert out.status == 303
    assert (await client.get("/cockpit")).status == 401


async def test_pages_forbid_inline_script_and_framing(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.d.chair)
    response = await client.get(f"/cockpit/committee/{world.d.committee}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_report_downloads_from_the_committee_page(world: World, sign_in: SignIn) -> None:
    client = await sign_in(world.d.chair)
    docx = await client.get(f"/cockpit/committee/{world.d.committee}/report.docx?year=2569&round=2")
    assert docx.status == 200
    assert docx.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert (await docx.read())[:2] == b"PK"
    xlsx = await client.get(f"/cockpit/committee/{world.d.committee}/report.xlsx")
    assert xlsx.status == 200 and (await xlsx.read())[:2] == b"PK"


async def test_a_vacated_seat_shows_without_a_name_and_its_check_ins_still_count(app, world: World, sign_in) -> None:
    """Issue 10: the secretary withdrew consent after reporting duty 2 blocked; the seat stays, nameless."""
    from storage.models import Person
    from storage.repositories import privacy

    client = await sign_in(world.d.chair)
    before = await (await client.get(f"/cockpit/committee/{world.d.committee}")).text()
    async with app.sessions() as session, session.begin():
        secretary = await session.get(Person, world.d.secretary)
        assert secretary is not None
        await privacy.erase_person(session, secretary, app.services.clock())
    page = await client.get(f"/cockpit/committee/{world.d.committee}")
    text = await page.text()
    assert page.status == 200 and "นางเลขา" not in text and "ลบข้อมูลแล้ว" not in text
    assert "ว่าง (ถอนตัว)" in text and "รอคำสั่งแต่งตั้ง" in text, "the seat and its blocked check-in are still there"
    overview = await (await client.get("/cockpit")).text()
    assert "นางเลขา" not in overview
    assert before.count("ติดปัญหา") == text.count("ติดปัญหา"), "the committee's counts are unchanged"
