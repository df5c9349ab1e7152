"""The chat side, through the real SDKs and the fake platforms: /cockpit gives a one-time link in private only;
/report sends a DOCX on Telegram and expiring links on LINE; a bound group gets its own committee's report."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

from docx import Document as read_docx

from storage.models import Committee
from tests.cockpit.conftest import World, seed_world
from tests.directory import link
from tests.e2e.chats import TG_HEADERS, LineChat, TelegramChat, shown
from tests.e2e.conftest import Running
from tests.fakes import builders

URL = re.compile(r"http://\S+")


async def _setup(serve: Callable[[], object]) -> tuple[Running, World]:
    running: Running = await serve()  # type: ignore[misc]
    world = await seed_world(running.app)
    async with running.app.sessions() as session, session.begin():
        await link(session, world.d.chair, "telegram", "1001")
        await link(session, world.d.expert, "line", builders.LINE_USER_ID)
        await link(session, world.official, "telegram", "1002")
        committee = await session.get(Committee, world.d.committee)
        assert committee is not None
        committee.group_chat_platform, committee.group_chat_id = "telegram", "-1001200300400"
    return running, world


async def test_cockpit_link_in_private_signs_in_once(serve) -> None:
    running, _ = await _setup(serve)
    chair = TelegramChat(running, 1001)
    answer = await chair.say("ขอลิงก์แดชบอร์ดหน่อยค่ะ")
    assert "ใช้ได้ครั้งเดียว" in answer
    url = URL.search(answer)
    assert url and "/cockpit/login/" in url.group(0)
    token = url.group(0).rsplit("/", 1)[1]
    client = running.client
    assert (await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)).status == 303
    assert (await client.get("/cockpit")).status == 200
    assert (await client.post("/cockpit/login", data={"token": token}, allow_redirects=False)).status == 403


async def test_no_cockpit_link_in_a_group_or_for_a_plain_member(serve) -> None:
    running, _ = await _setup(serve)
    group = builders.telegram_text_update(
        5001, "/cockpit", chat_id=-1001200300400, user_id=1001, chat_type="supergroup"
    )
    await running.client.post("/webhook/telegram", data=json.dumps(group), headers=TG_HEADERS)
    said = running.telegram.sent_texts(-1001200300400)
    assert said and "แชตส่วนตัว" in said[-1] and "/cockpit/login/" not in said[-1]
    member = LineChat(running)
    reply = shown(await member.say("/cockpit"))
    assert "ผู้ดูแลคณะกรรมการ" in reply and "/cockpit/login/" not in reply


async def test_report_on_telegram_is_a_docx_document(serve) -> None:
    running, _ = await _setup(serve)
    chair = TelegramChat(running, 1001)
    await chair.say("/report")
    sent = running.telegram.calls_to("sendDocument")
    assert sent, running.telegram.sent_texts(1001)
    document = sent[-1].params["document"]
    assert document.filename.endswith(".docx") and "ครั้งที่2" in document.filename
    assert "ครั้งที่ 2 ปีการศึกษา 2569" in sent[-1].params["caption"]
    text = "\n".join(p.text for p in read_docx(io.BytesIO(document.data)).paragraphs)
    assert "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1" in text


async def test_report_in_a_bound_group_is_that_committees(serve) -> None:
    running, _ = await _setup(serve)
    update = builders.telegram_text_update(
        5002, "/report รอบ 1/2569", chat_id=-1001200300400, user_id=1001, chat_type="supergroup"
    )
    await running.client.post("/webhook/telegram", data=json.dumps(update), headers=TG_HEADERS)
    sent = running.telegram.calls_to("sendDocument")
    assert sent and str(sent[-1].params["chat_id"]) == "-1001200300400"
    assert "ครั้งที่ 1 ปีการศึกษา 2569" in sent[-1].params["caption"]


async def test_report_on_line_is_an_expiring_link(serve, clock) -> None:
    running, _ = await _setup(serve)
    member = LineChat(running)
    reply = await member.say("/report")
    links = URL.findall("\n".join(m.get("text", "") for m in reply["messages"]))
    assert len(links) == 2 and all("/report/" in u for u in links), reply
    docx_path = links[0].split("127.0.0.1:8080", 1)[1]
    response = await running.client.get(docx_path)
    assert response.status == 200 and (await response.read())[:2] == b"PK"
    assert (await running.client.get(docx_path)).status == 200  # LINE's browser may open a link twice
    clock.advance(hours=25)
    assert (await running.client.get(docx_path)).status == 404


async def test_attachment_is_fetched_from_line_on_demand(serve) -> None:
    running, world = await _setup(serve)
    running.line.contents["line-msg-1"] = (b"\xff\xd8\xff-photo-bytes", "image/jpeg")
    official = TelegramChat(running, 1002)
    token = URL.search(await official.say("/cockpit")).group(0).rsplit("/", 1)[1]  # type: ignore[union-attr]
    await running.client.post("/cockpit/login", data={"token": token})
    photo = await running.client.get(f"/cockpit/attachment/{world.attachment}")
    assert photo.status == 200 and await photo.read() == b"\xff\xd8\xff-photo-bytes"
    assert photo.headers["Content-Security-Policy"].startswith("sandbox")
