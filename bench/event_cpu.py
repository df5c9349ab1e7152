"""CPU time per webhook event inside one process: `python -m bench.event_cpu [--store sqlite|postgresql]`.

The whole webhook handler (secret or signature check, parse, record, identity, state, understand, answer, commit,
reply) is called with an in-memory request, without the HTTP server and the client around it, and timed with
`time.process_time`, so that the figure hardly depends on what else the shared machine runs. The traffic is the
webhook benchmark's (bench/webhook.py: 400 users, its four texts); with `--registered` every sender is a registered
committee member who directs a school, as most real senders are. `--profile FILE` writes a cProfile of the loop.
Replies go to the benchmark's fake API (started here); Telegram answers in the webhook body when it can.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import webhook as wb
from bench.registered import register_everyone


class _Request:
    """What the webhook handlers read from an aiohttp request: headers, the length and the body."""

    def __init__(self, body: bytes, headers: dict[str, str]) -> None:
        self._body, self.headers, self.content_length = body, headers, len(body)

    async def read(self) -> bytes:
        return self._body


async def run(args: argparse.Namespace) -> None:
    fake, api = await wb.start_fake()
    workdir = Path(tempfile.mkdtemp(prefix="sbcpu-"))
    pg_url = None
    if args.store == "postgresql":
        pg_url = url = await wb.create_pg_database()
    else:
        url = f"sqlite+aiosqlite:///{workdir / 'cpu.db'}"
    os.environ.update(
        SANDBOXBOT_DATABASE_URL=url,
        SANDBOXBOT_TELEGRAM_TOKEN=wb.TOKEN,
        SANDBOXBOT_TELEGRAM_API_URL=api,
        SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET=wb.TG_SECRET,
        SANDBOXBOT_LINE_CHANNEL_SECRET=wb.LINE_SECRET,
        SANDBOXBOT_LINE_ACCESS_TOKEN=wb.LINE_TOKEN,
        SANDBOXBOT_LINE_API_URL=api,
        SANDBOXBOT_TELEGRAM_WEBHOOK_REPLY="true",
    )
    from bot.app import App
    from bot.settings import Settings

    app = App(Settings())
    await app.start()
    gc.collect()
    gc.freeze()  # as `serve` does after start-up: no timed round pays for a full collection of the start-up objects
    traffic = wb.Traffic()
    try:
        for platform in args.platforms:
            handler = app.telegram.webhook if platform == "telegram" else app.line.webhook  # type: ignore[union-attr]

            async def one(platform: str = platform, handler: object = handler) -> None:
                if platform == "line":
                    body = traffic.line()
                    headers = {"X-Line-Signature": wb.line_signature(body)}
                else:
                    body = traffic.telegram()
                    headers = {"X-Telegram-Bot-Api-Secret-Token": wb.TG_SECRET}
                response = await handler(_Request(body, headers))  # type: ignore[operator]
                assert response.status == 200, response.status

            for _ in range(args.warmup):
                await one()
            if args.registered:
                await register_everyone(app.sessions)
                for _ in range(args.warmup):
                    await one()
            per_event = []
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            for _ in range(args.rounds):
                if profiler:
                    profiler.enable()
                cpu = time.process_time()
                for _ in range(args.events):
                    await one()
                cpu = time.process_time() - cpu
                if profiler:
                    profiler.disable()
                per_event.append(cpu / args.events * 1000)
            if profiler:
                profiler.dump_stats(f"{args.profile}.{platform}")
            print(
                f"{platform} {args.store}: CPU ms/event median {statistics.median(per_event):.3f} "
                f"(rounds: {', '.join(f'{x:.3f}' for x in per_event)})",
                flush=True,
            )
    finally:
        await app.close()
        fake.terminate()
        await fake.wait()
        if pg_url:
            await wb.drop_pg_database(pg_url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--platforms", default="telegram,line")
    parser.add_argument("--events", type=int, default=400, help="events per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=800, help="events before timing (registers the users)")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats to FILE.<platform>")
    parser.add_argument(
        "--registered", action="store_true", help="after warm-up, every sender is a registered member and director"
    )
    args = parser.parse_args(argv)
    args.platforms = [p for p in args.platforms.split(",") if p]
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    try:
        import uvloop

        uvloop.run(run(args))
    except ImportError:
        asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
