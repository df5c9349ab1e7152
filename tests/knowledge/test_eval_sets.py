"""The evaluation sets through the real core (console adapter, a store of its own, one fresh user per item).

Development set (tests/data/eval/dev_eval.yaml): written and tuned on by the builder; the targets of issue 13 are
asserted on it.

Blind development set (tests/data/eval/blind_dev_eval.yaml): written by a helper who saw only the seeds, in the
independent set's style, and tunable. Scored before tuning (27 Nov 2026, the writer's final version): single
175/269 = 65.1%, follow-ups 26/28, out of scope 27/27 with no forbidden fact (one single answer stated one). The
test asserts the figures after tuning as floors. Two items cannot pass by construction (b164 forbids "5คน" where
the right answer is 15 คน; b266 forbids "567" and every answer about the meeting cites 2567).

Second blind development set (tests/data/eval/blind_dev_eval_2.yaml): written later the same way by another helper
who saw only the seeds; tunable. Scored before any tuning on it (27 Nov 2026, 20:20 UTC): single 217/246 = 88.2%,
follow-ups 29/30, out of scope 30/30, three single answers stating a forbidden fact. After tuning on its misses by
kind: single 238/246 = 96.7%, follow-ups 30/30, out of scope 30/30, no forbidden fact; 239/246 after the third
round. Floors below.

Third blind development set (tests/data/eval/blind_dev_eval_3.yaml): written later the same way by another helper
who saw only the seeds, half of it details stated in one sentence of a document; tunable. Scored before any tuning
on it (27 Nov 2026, 21:05 UTC): single 169/189 = 89.4%, follow-ups 20/20, out of scope 20/20, no forbidden fact.
After tuning on its misses by kind: single 185/189 = 97.9%, follow-ups 20/20, out of scope 20/20, no forbidden fact.

Fourth blind development set (tests/data/eval/blind_dev_eval_4.yaml): written later the same way by another helper
who saw only the seeds, a quarter of it yes/no checks; tunable. Scored before any tuning on it (27 Nov 2026, 21:29
UTC, with this round's first three fixes already in): single 125/155 = 80.6%, follow-ups 15/15, out of scope 15/15,
no forbidden fact. After tuning on its misses by kind: single 151/155 = 97.4%, follow-ups 15/15, out of scope 15/15,
no forbidden fact.

Independent set (tests/data/eval/independent_eval.yaml): written from the seeds alone by someone who never saw the
code, and never tuned on; only the lead scores it, when a round of tuning has ended. 27 Nov 2026, first round:
single 142/179 = 79.3%, follow-ups 17/20, out of scope 25/25, one single answer stating a forbidden fact. Second
round (tuned on the blind development set only): single 168/179 = 93.9% (target 95%: NOT reached), follow-ups
19/20 = 95.0% (target 80%: reached), out of scope 25/25 with no forbidden fact, and no single answer stating one.
Scored again after each later round (items never looked at): after blind dev 2, 168/179 (unchanged); after blind
dev 3, 170/179 = 94.97%; after blind dev 4, single 171/179 = 95.5% (target 95%: reached, by one question),
follow-ups 19/20, out of scope 25/25, no forbidden fact. The test asserts the last figures as floors.
"""

from __future__ import annotations

import pytest

from bench.grounded import (
    BLIND2_SET,
    BLIND3_SET,
    BLIND4_SET,
    BLIND_SET,
    DEV_SET,
    INDEPENDENT_SET,
    ask_all,
    load,
    summarise,
)

#: Measured once on the independent set after tuning ended (see the docstring); floors, not targets.
INDEPENDENT_SINGLE_RIGHT = 171
INDEPENDENT_FOLLOWUP_RIGHT = 19
INDEPENDENT_WRONG_FACTS_SINGLE = 0
#: Measured on the blind development set after tuning (see the docstring); floors.
BLIND_SINGLE_RIGHT = 265  # of 269
BLIND_FOLLOWUP_RIGHT = 28  # of 28
BLIND_WRONG_FACTS_SINGLE = 1  # b266: unavoidable, see the docstring
#: Measured on the second blind development set after tuning (see the docstring); floors.
BLIND2_SINGLE_RIGHT = 239  # of 246 (88.2% before tuning)
BLIND2_FOLLOWUP_RIGHT = 30  # of 30
#: Measured on the third blind development set after tuning (see the docstring); floors.
BLIND3_SINGLE_RIGHT = 185  # of 189 (89.4% before tuning)
BLIND3_FOLLOWUP_RIGHT = 20  # of 20
#: Measured on the fourth blind development set after tuning (see the docstring); floors.
BLIND4_SINGLE_RIGHT = 151  # of 155 (80.6% before tuning)
BLIND4_FOLLOWUP_RIGHT = 15  # of 15


@pytest.fixture
async def sqlite_app(make_app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the sets are about answers, not the store: one backend is enough")
    return await make_app(connect_platforms=False)


async def test_development_set_meets_the_targets(sqlite_app):
    summary = summarise(await ask_all(sqlite_app.processor, load(DEV_SET), "dev"))
    assert summary.rate("single") >= 0.95
    assert summary.rate("followup") >= 0.80
    assert sum(summary.wrong_facts.values()) == 0


async def test_blind_development_set_holds_its_measured_figures(sqlite_app):
    items = load(BLIND_SET)
    assert [sum(i["kind"] == k for i in items) for k in ("single", "followup", "out_of_scope")] == [269, 28, 27]
    summary = summarise(await ask_all(sqlite_app.processor, items, "blind"))
    assert summary.right["single"] >= BLIND_SINGLE_RIGHT
    assert summary.right["followup"] >= BLIND_FOLLOWUP_RIGHT
    assert summary.right["out_of_scope"] == summary.total["out_of_scope"]
    assert summary.wrong_facts["out_of_scope"] == 0 and summary.wrong_facts["followup"] == 0
    assert summary.wrong_facts["single"] <= BLIND_WRONG_FACTS_SINGLE


@pytest.mark.parametrize(
    ("path", "sizes", "single_right", "followup_right", "tag"),
    [
        (BLIND2_SET, [246, 30, 30], BLIND2_SINGLE_RIGHT, BLIND2_FOLLOWUP_RIGHT, "blind2"),
        (BLIND3_SET, [189, 20, 20], BLIND3_SINGLE_RIGHT, BLIND3_FOLLOWUP_RIGHT, "blind3"),
        (BLIND4_SET, [155, 15, 15], BLIND4_SINGLE_RIGHT, BLIND4_FOLLOWUP_RIGHT, "blind4"),
    ],
    ids=["second", "third", "fourth"],
)
async def test_later_blind_development_sets_hold_their_measured_figures(
    sqlite_app, path, sizes, single_right, followup_right, tag
):
    items = load(path)
    assert [sum(i["kind"] == k for i in items) for k in ("single", "followup", "out_of_scope")] == sizes
    summary = summarise(await ask_all(sqlite_app.processor, items, tag))
    assert summary.right["single"] >= single_right
    assert summary.right["followup"] >= followup_right
    assert summary.right["out_of_scope"] == summary.total["out_of_scope"]
    assert sum(summary.wrong_facts.values()) == 0


async def test_independent_set_holds_its_measured_figures(sqlite_app):
    items = load(INDEPENDENT_SET)
    assert [sum(i["kind"] == k for i in items) for k in ("single", "followup", "out_of_scope")] == [179, 20, 25]
    summary = summarise(await ask_all(sqlite_app.processor, items, "independent"))
    assert summary.right["single"] >= INDEPENDENT_SINGLE_RIGHT  # 95.5%: the 95% target, by one question
    assert summary.right["followup"] >= INDEPENDENT_FOLLOWUP_RIGHT  # 95%: target 80% reached
    assert summary.right["out_of_scope"] == summary.total["out_of_scope"]
    assert summary.wrong_facts["out_of_scope"] == 0 and summary.wrong_facts["followup"] == 0
    assert summary.wrong_facts["single"] <= INDEPENDENT_WRONG_FACTS_SINGLE
