"""One reminder run to 657 members (the size of the seed's meeting): `python -m bench.reminders`.

Telegram: the planner queues one digest per member, the outbox worker sends them through a fake Bot API that enforces
Telegram's limits (30 messages/s overall, 1/s per chat, 20/min per group; 429 with retry_after otherwise). The rate
is (messages - 1) / (last arrival - first arrival) at the fake. The bar (issue 7): at least 95% of 30 msg/s, and no
429. LINE: the same run to 657 LINE users whose digests are identical goes
as ⌈657/500⌉ = 2 multicast calls. SQLite (WAL) in a temporary directory; the fakes are tests/fakes.
"""

from __future__ import annotations

import asyncio
import math
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bench import cli
from bot.app import App
from bot.reminders.planner import run
from bot.settings import Settings
from storage.models import AreaOffice, Committee, CommitteeMember, Identity, Person
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi

MEMBERS = 657
COMMITTEES = 20
TOKEN = "123456:BENCH-token"
NOW = datetime(2027, 4, 23, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok")).astimezone(UTC)  # 7 days before round 2


async def seed(app: App, platform: str) -> None:
    async with app.sessions() as session, session.begin():
        committees = []
        for n in range(COMMITTEES):
            office = AreaOffice(code=f"BENCH-{n}", name=f"สำนักงานเขตพื้นที่ทดสอบ {n}", kind="area")
            session.add(office)
            await session.flush()
            committee = Committee(code=f"B-{n}", name=f"คณะกรรมการทดสอบ {n}", kind="area", area_office_id=office.id)
            session.add(committee)
            committees.append(committee)
        await session.flush()
        for n in range(MEMBERS):
            person = Person(full_name=f"กรรมการ {n}", consented_at=NOW)
            session.add(person)
            await session.flush()
            role = "chair" if n < COMMITTEES else "expert"
            session.add(CommitteeMember(committee_id=committees[n % COMMITTEES].id, person_id=person.id, role=role))
            user_id = str(100_000 + n) if platform == "telegram" else f"U{n:032x}"
            session.add(Identity(platform=platform, user_id=user_id, person_id=person.id))


async def one_run(platform: str, directory: Path) -> dict[str, float]:
    async with FakeTelegramApi(TOKEN, enforce_limits=True) as telegram, FakeLineApi("bench-token") as line:
        creds: dict[str, object] = (
            {"telegram_token": TOKEN, "telegram_api_url": telegram.root}
            if platform == "telegram"
            else {"line_channel_secret": "bench-secret", "line_access_token": "bench-token", "line_api_url": line.root}
        )
        url = f"sqlite+aiosqlite:///{directory / f'{platform}.db'}"
        app = App(Settings(_env_file=None, database_url=url, **creds), clock=lambda: NOW)  # type: ignore[arg-type]
        await app.start()
        try:
            await seed(app, platform)
            started = time.perf_counter()
            async with app.sessions() as session, session.begin():
                queued = await run(session, app.services.reminder_rules, NOW)
            planned = time.perf_counter() - started
            worker = app.outbox_worker()
            started = time.perf_counter()
            await worker.drain(max_passes=1000)
            sending = time.perf_counter() - started
        finally:
            await app.close()
        if platform == "telegram":
            sent = [c for c in telegram.calls_to("sendMessage") if c.status == 200]
            span = sent[-1].at - sent[0].at
            times = [c.at for c in sent]
            peak = max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))
            return {
                "queued": queued,
                "plan_s": planned,
                "send_s": sending,
                "delivered": len(sent),
                "rate": (len(sent) - 1) / span,
                "http_429": sum(1 for c in telegram.calls if c.status == 429),
                "peak": peak,
            }
        recipients = sum(len(body["to"]) for body in line.multicasts()) + len(line.pushes())
        return {
            "queued": queued,
            "plan_s": planned,
            "send_s": sending,
            "multicasts": len(line.multicasts()),
            "pushes": len(line.pushes()),
            "recipients": recipients,
        }


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tg = await one_run("telegram", Path(tmp))
        ln = await one_run("line", Path(tmp))
    rate = tg["rate"]
    print(
        f"Telegram: {int(tg['delivered'])}/{MEMBERS} digests delivered; planned in {tg['plan_s']:.2f} s, sent in "
        f"{tg['send_s']:.1f} s at {rate:.2f} msg/s = {100 * rate / 30:.1f}% of 30 msg/s; "
        f"HTTP 429: {int(tg['http_429'])}; most in any 1-s window: {int(tg['peak'])}"
    )
    bar = rate >= 0.95 * 30 and tg["http_429"] == 0 and tg["delivered"] == MEMBERS
    print(f"  bar (≥ 95% of 30 msg/s, zero 429, all delivered): {'met' if bar else 'NOT met'}")
    expected = math.ceil(MEMBERS / 500)
    print(f"LINE: {int(ln['recipients'])}/{MEMBERS} recipients in {int(ln['multicasts'])} multicast call(s) and "
          f"{int(ln['pushes'])} push(es) (⌈{MEMBERS}/500⌉ = {expected}); planned in {ln['plan_s']:.2f} s, "
          f"sent in {ln['send_s']:.2f} s")  # fmt: skip
    line_bar = ln["multicasts"] == expected and ln["pushes"] == 0 and ln["recipients"] == MEMBERS
    print(f"  bar (⌈N/500⌉ multicasts, every member once): {'met' if line_bar else 'NOT met'}")


if __name__ == "__main__":
    cli.parse(__doc__)
    asyncio.run(main())
