"""The benchmark harnesses run end to end for a moment, so they cannot rot. No timing is asserted."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys

import pytest

from bench import ab, event_cpu, http_post, instructions, startup, status_scale, webhook
from bench.load import Result


async def test_webhook_bench_runs_sandboxbot_and_a_peer_and_checks_duplicates(capsys):
    args = webhook.parse_args(
        ["--systems", "sqlite,aiohttp", "--seconds", "0.5", "--reps", "1", "--rates", "20",
         "--warmup", "0.3", "--duplicates", "5", "--registered"]
    )  # fmt: skip
    systems = await webhook.bench(args)
    table = webhook.report(systems, args)
    assert "sandboxbot telegram, SQLite" in table
    assert "sandboxbot line, SQLite" in table
    assert "bare aiohttp echo" in table
    assert "answers: ok" in table
    assert "every sender a registered member and director" in table
    registered = re.search(r"sqlite: (\d+) senders registered", capsys.readouterr().err)
    assert registered is not None and int(registered.group(1)) > 0
    for system in systems:
        assert all(r.ok > 0 for results in system.results.values() for r in results)


async def test_ab_bench_alternates_two_builds_and_reports_both():
    root = str(webhook.ROOT)
    argv = [root, root, "--store", "sqlite", "--rounds", "2", "--seconds", "0.4", "--warmup", "0.3"]
    args = ab.parse_args([*argv, "--env-b", "PYTHONMALLOC=malloc"])
    sides = await ab.bench(args)
    assert [len(side.throughput) for side in sides] == [2, 2]
    assert all(t > 0 for side in sides for t in side.throughput)
    table = ab.report(sides, args)
    assert f"A: {root} |" in table and f"B: {root} PYTHONMALLOC=malloc |" in table and "alternating" in table


def test_ab_bench_refuses_an_environment_that_is_not_key_value(capsys):
    with pytest.raises(SystemExit):
        ab.parse_args([".", ".", "--env-b", "PYTHONMALLOC"])
    assert "expected KEY=VALUE" in capsys.readouterr().err


async def test_status_bench_runs_on_a_tiny_national_dataset(capsys):
    code = await asyncio.to_thread(status_scale.main, ["--stores", "sqlite", "--scales", "0.001", "--calls", "3"])
    assert code == 0
    out = capsys.readouterr().out
    for answer in status_scale.QUESTIONS:
        assert f"| {answer} | sqlite | 0005 | 0.001 |" in out


async def test_startup_bench_starts_serve_and_gets_a_webhook_answered():
    starts = await startup.bench(2, {"telegram", "line"})
    assert all(s.port_open is not None and s.ready is not None and s.first_webhook is not None for s in starts)
    table = startup.report(starts, {"telegram", "line"})
    assert "| empty database (creates the schema) |" in table and "| restart, median of 1 |" in table


async def test_event_cpu_bench_runs_with_registered_senders(capsys):
    saved = dict(os.environ)  # the harness configures the app through the environment, as `serve` reads it
    try:
        code = await asyncio.to_thread(
            event_cpu.main, ["--events", "10", "--rounds", "1", "--warmup", "20", "--registered"]
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert code == 0
    out = capsys.readouterr().out
    assert "telegram sqlite: CPU ms/event" in out and "line sqlite: CPU ms/event" in out


async def test_http_post_bench_compares_both_clients_on_the_fake_api():
    rows = await http_post.run(posts=64)
    assert [name for name, *_ in rows] == ["aiohttp ClientSession", "http_post.PostPool"]
    assert all(one > 0 and many > 0 for _, one, many in rows)


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
async def test_instructions_bench_counts_a_peer_under_valgrind():
    args = argparse.Namespace(systems=["aiohttp"], updates=5, warmup=5, concurrency=2, env=[], cache_sim=True)
    [(label, per_update)] = await instructions.run(args)
    assert label == "bare aiohttp echo" and 50_000 < per_update["Ir"] < 50_000_000
    assert 0 < per_update["I1mr"] < per_update["Ir"] and 0 < per_update["D1mr"] < per_update["Ir"]
    table = instructions.report([(label, per_update)], args)
    assert "| bare aiohttp echo |" in table and "data read misses per update" in table


def test_webhook_ratios_pair_each_rep_with_aiogram_in_the_same_rep():
    """A machine twice as fast in rep 2 lifts both sides: the ratio stays ours/aiogram within each rep."""

    def closed(rep: int, ok: int) -> Result:
        return Result("closed", None, 1.0, ok=ok, cpu_seconds=ok / 1000, rep=rep)

    ours = webhook.System("sqlite", ("telegram",), "SQLite")
    ours.results[("telegram", "SQLite")] = [closed(0, 400), closed(1, 900), closed(2, 1200)]
    aiogram = webhook.System("aiogram", ("telegram",))
    aiogram.results[("telegram", "-")] = [closed(0, 500), closed(1, 1000), closed(2, 1000)]
    args = webhook.parse_args(["--rates", ""])
    row = next(webhook._rows([ours, aiogram], args))
    assert row[1] == "900"  # the median throughput is still shown as measured
    assert row[4] == "0.90× (0.80-1.20)"  # per rep 0.8, 0.9, 1.2; the ratio of the medians would say 0.90 too
    aiogram.results[("telegram", "-")] = [closed(0, 1000), closed(1, 500), closed(2, 1000)]
    row = next(webhook._rows([ours, aiogram], args))
    assert row[4] == "1.20× (0.40-1.80)"  # per rep 0.4, 1.8, 1.2; the ratio of the medians would say 0.90


def _bench(module: str, *argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", f"bench.{module}", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("module", ["intents", "answers", "flows", "admin", "reminders"])
def test_bench_help_prints_usage_without_running_the_benchmark(module):
    helped = _bench(module, "--help")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage:") and f"python -m bench.{module}" in helped.stdout
    after_options = helped.stdout.split("\noptions:\n")[1].splitlines()
    assert after_options and all(line.startswith("  ") for line in after_options)  # nothing printed after the help


def test_bench_refuses_an_argument_it_does_not_know():
    refused = _bench("intents", "--no-indepedent")  # a typo must not run the independent set the user meant to skip
    assert refused.returncode == 2 and "unrecognized arguments: --no-indepedent" in refused.stderr
