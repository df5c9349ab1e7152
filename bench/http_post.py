"""CPU per POST, aiohttp's client against the keep-alive pool of bot/adapters/http_post.py: `python -m bench.http_post`.

Both post the same LINE reply body to the benchmark's fake API (bench/fake_api.py, another process) over kept-alive
connections, one at a time and 32 at once; the figure is this process's CPU time per POST (`time.process_time`).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

import aiohttp

from bench import webhook as wb
from bot.adapters.http_post import PostPool

PATH = "/v2/bot/message/reply"
BODY = '{"replyToken":"x","messages":[{"type":"text","text":"กำหนดส่งรายงาน"}],"notificationDisabled":false}'.encode()
HEADERS = {"Authorization": "Bearer bench", "Content-Type": "application/json"}


async def cpu_us_per_post(post: Callable[[], Awaitable[None]], posts: int, concurrency: int) -> float:
    async def client(n: int) -> None:
        for _ in range(n):
            await post()

    await asyncio.gather(*(client(20) for _ in range(concurrency)))  # warm: connections open
    start = time.process_time()
    await asyncio.gather(*(client(posts // concurrency) for _ in range(concurrency)))
    return (time.process_time() - start) / (posts // concurrency * concurrency) * 1e6


async def run(posts: int) -> list[tuple[str, float, float]]:
    fake, api = await wb.start_fake()
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100), trust_env=False)
    pool = PostPool(api, HEADERS)

    async def with_aiohttp() -> None:
        async with session.post(api + PATH, data=BODY, headers=HEADERS) as response:
            await response.read()
            assert response.status == 200

    async def with_pool() -> None:
        assert (await pool.post(PATH, BODY))[0] == 200

    rows = []
    try:
        for name, post in (("aiohttp ClientSession", with_aiohttp), ("http_post.PostPool", with_pool)):
            rows.append((name, await cpu_us_per_post(post, posts, 1), await cpu_us_per_post(post, posts, 32)))
    finally:
        await session.close()
        pool.close()
        fake.terminate()
        await fake.wait()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=4000)
    args = parser.parse_args()
    try:
        import uvloop

        rows = uvloop.run(run(args.posts))
    except ImportError:
        rows = asyncio.run(run(args.posts))
    print("| client | CPU µs/POST, one at a time | CPU µs/POST, 32 at once |\n|---|---|---|")
    for name, one, many in rows:
        print(f"| {name} | {one:.0f} | {many:.0f} |")


if __name__ == "__main__":
    main()
