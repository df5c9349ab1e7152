"""`sandboxbot cockpit link|grant|revoke`: a deployer's way in, and how officials and national admins are designated."""

from __future__ import annotations

from bot.app import App
from tests.cockpit.conftest import World
from tests.conftest import Cli


async def test_link_for_an_admin_not_for_a_plain_member(app: App, world: World, cli: Cli, web) -> None:
    ran = await cli("cockpit", "link", "chair@example.go.th", SANDBOXBOT_PUBLIC_URL="https://cockpit.example.go.th")
    assert ran.code == 0, ran.err
    url = ran.out.strip()
    assert url.startswith("https://cockpit.example.go.th/cockpit/login/")
    client = await web()
    token = url.rsplit("/", 1)[1]
    assert (await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)).status == 303
    refused = await cli("cockpit", "link", "นางเลขา ขยัน")
    assert refused.code == 1 and "cockpit grant" in refused.err and refused.out == ""


async def test_grant_and_revoke_a_group_official(app: App, world: World, cli: Cli, web) -> None:
    assert (await cli("cockpit", "link", "นางเลขา ขยัน")).code == 1
    granted = await cli("cockpit", "grant", "นางเลขา ขยัน", "--group", "1")
    assert granted.code == 0 and "กลุ่มที่ 1" in granted.out
    ran = await cli("cockpit", "link", "นางเลขา ขยัน")
    assert ran.code == 0
    client = await web()
    await client.post("/cockpit/login", data={"token": ran.out.strip().rsplit("/", 1)[1]})
    assert (await client.get("/cockpit/group/1")).status == 200
    assert (await client.get("/cockpit/group/2")).status == 404
    assert (await cli("cockpit", "revoke", "นางเลขา ขยัน", "--group", "1")).code == 0
    assert (await client.get("/cockpit")).status == 401  # the grant is checked on every page, not only at sign-in
    assert (await cli("cockpit", "grant", "นางเลขา ขยัน", "--group", "9")).code == 1


async def test_a_session_ends_when_it_expires(app: App, world: World, sign_in, clock) -> None:
    client = await sign_in(world.d.chair)
    clock.advance(hours=7, minutes=59)
    assert (await client.get("/cockpit")).status == 200
    clock.advance(minutes=2)
    assert (await client.get("/cockpit")).status == 401
