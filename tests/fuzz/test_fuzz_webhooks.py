"""Hypothesis against the real webhooks (issue 10, item 4): valid shapes with mutated fields, the known probes and
junk, on both platforms. While the store is up no answer is a 5xx; afterwards the server is healthy, still answers a
plain question, and its memory has not grown. SANDBOXBOT_FUZZ_EXAMPLES raises the number of examples (default 300).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import LINE_SECRET, TELEGRAM_SECRET
from tests.fakes import builders
from tests.fuzz.bodies import SECRET_HEADER, SIGNATURE_HEADER, Delivery, delivery

EXAMPLES = int(os.environ.get("SANDBOXBOT_FUZZ_EXAMPLES", "300"))
RSS_GROWTH_LIMIT_KIB = 40 * 1024

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@st.composite
def _deliveries(draw: st.DrawFn) -> Delivery:
    """Mostly the shared generator (shapes, probes, junk); sometimes arbitrary JSON inside a valid envelope."""
    if draw(st.integers(0, 4)) > 0:
        return delivery(draw(st.randoms(use_true_random=False)), TELEGRAM_SECRET, LINE_SECRET)
    value = draw(_json_values)
    if draw(st.booleans()):
        body = json.dumps({"update_id": draw(st.integers(1, 2**40)), "message": value}).encode()
        return Delivery("/webhook/telegram", {SECRET_HEADER: TELEGRAM_SECRET}, body, "telegram arbitrary message")
    body = json.dumps({"destination": builders.LINE_BOT_USER_ID, "events": [value]}).encode()
    headers = {SIGNATURE_HEADER: builders.line_signature(LINE_SECRET, body)}
    return Delivery("/webhook/line", headers, body, "line arbitrary event")


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def test_fuzzed_deliveries_never_get_a_5xx_and_leave_the_server_healthy(serve):
    running = await serve()
    loop = asyncio.get_running_loop()

    async def post(item: Delivery) -> int:
        async with running.client.post(item.path, data=item.body, headers=item.headers) as response:
            await response.read()
            return response.status

    def send(item: Delivery) -> int:
        return asyncio.run_coroutine_threadsafe(post(item), loop).result(timeout=60)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_deliveries())
    def fuzz(item: Delivery) -> None:
        status = send(item)
        assert status < 500, f"{status} for {item.what}"

    warm_up = [delivery(random.Random(seed), TELEGRAM_SECRET, LINE_SECRET) for seed in range(40)]
    for item in warm_up:
        await post(item)
    before = _rss_kib()
    await asyncio.to_thread(fuzz)
    grown = _rss_kib() - before

    health = await running.client.get("/healthz")
    assert health.status == 200 and (await health.json())["status"] == "ok"
    update = builders.telegram_text_update(2**40, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่", chat_id=555, user_id=555)
    headers = {SECRET_HEADER: TELEGRAM_SECRET, "Content-Type": "application/json"}
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=headers)).status == 200
    assert any("ครั้งที่ 2" in text for text in running.telegram.sent_texts(555))
    assert grown < RSS_GROWTH_LIMIT_KIB, f"resident memory grew by {grown // 1024} MiB over {EXAMPLES} deliveries"
