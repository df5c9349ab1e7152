"""bench.paired: its confidence interval covers the median as often as it says, and the harness runs end to end.
No timing is asserted."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest

from bench import paired, webhook


def test_the_interval_is_the_order_statistics_the_binomial_allows():
    assert paired.median_interval([float(v) for v in range(1, 13)]) == (6.5, 3.0, 10.0)  # n = 12: 3rd and 10th
    assert paired.median_interval([float(v) for v in range(1, 7)]) == (3.5, 1.0, 6.0)  # n = 6: the whole range
    assert paired.median_interval([1.0, 2.0, 3.0, 4.0, 5.0]) is None  # no 95% interval from five values


@pytest.mark.parametrize("n", [6, 12, 20, 31])
def test_the_interval_covers_the_true_median_at_least_95_percent_of_the_time(n):
    chance = random.Random(n)
    trials, covered = 4000, 0
    for _ in range(trials):  # a skewed noise: the true median of expovariate(1) is ln 2
        interval = paired.median_interval([chance.expovariate(1.0) for _ in range(n)])
        assert interval is not None
        covered += interval[1] <= 0.6931 <= interval[2]
    assert covered / trials >= 0.94  # the exact coverage is 96-99%; a k one too large drops it to 78-89%


def test_the_verdict_needs_the_whole_interval_on_one_side_of_one():
    assert paired.verdict([1.02, 1.05, 1.1, 1.2, 1.3, 1.4, 1.03, 1.08, 1.15, 1.01, 1.06, 1.09]) == "met"
    assert paired.verdict([0.9, 0.95, 0.97, 0.99, 0.92, 0.93, 0.98, 0.96, 0.91, 0.94, 1.1, 1.2]) == "not met"
    assert paired.verdict([0.9, 1.1, 0.95, 1.05, 0.97, 1.03, 0.99, 1.01, 0.98, 1.02, 0.96, 1.04]) == "not shown"
    assert paired.verdict([1.5, 1.6, 1.7]) == "too few blocks"


async def test_paired_bench_runs_abba_blocks_against_an_echo():
    args = paired.parse_args(
        ["--systems", "sqlite", "--platforms", "telegram,line", "--blocks", "2", "--seconds", "0.3",
         "--warmup", "0.3", "--echo", "aiohttp"]
    )  # fmt: skip
    rows, echo_rates = await paired.bench(args)
    assert [(row.label, len(row.ratios)) for row in rows] == [
        ("sandboxbot telegram, SQLite", 2), ("sandboxbot line, SQLite", 2)
    ]  # fmt: skip
    assert all(r > 0 for row in rows for r in row.ratios + row.cpu_ratios) and len(echo_rates) == 4
    table = paired.report(rows, echo_rates, args)
    assert "| bare aiohttp echo |" in table and table.count("too few blocks") == 2


def test_paired_bench_refuses_a_system_it_does_not_have(capsys):
    with pytest.raises(SystemExit):
        paired.parse_args(["--systems", "sqlite,mysql"])
    assert "--systems: a comma list of sqlite, postgresql" in capsys.readouterr().err


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or not hasattr(os, "sched_setaffinity"), reason="needs two CPUs")
def test_another_placement_pins_a_process_family_and_gives_its_cpus_back():
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time; subprocess.Popen(['sleep', '30']); time.sleep(30)"]
    )
    try:
        for _ in range(100):  # until the child is there
            if len(webhook.family(parent.pid)) == 2:
                break
            time.sleep(0.05)
        family = webhook.family(parent.pid)
        assert len(family) == 2
        before = {pid: os.sched_getaffinity(pid) for pid in family}
        paired.pin(parent.pid, 0)
        assert all(os.sched_getaffinity(pid) == {0} for pid in family)
        paired.unpin(parent.pid, before)
        assert {pid: os.sched_getaffinity(pid) for pid in family} == before
    finally:
        for pid in webhook.family(parent.pid)[1:]:
            os.kill(pid, 9)
        parent.kill()
        parent.wait()
