"""The same data and options give the same bytes, run after run.

A cron diff of two days' output, a cached report or a golden file is only useful if an
unchanged input prints an unchanged output. Polars may return a group_by's groups in any
order, and a float sum taken in another order differs in its last digits: a CPI printed as
0.061568905193945124 once and 0.06156890519394513 the next time (issue 15, item 4). The
runs are in-process on the bundled sample, where the group order varies from one call to
the next as it does between processes.
"""

from __future__ import annotations

import json
from decimal import Decimal

import polars as pl
import pytest

from llmcost.cube import unfixed
from llmcost.inputs import Inputs
from llmcost.job import Job
from llmcost.metrics.actions import main_driver
from llmcost.metrics.explain import explain
from llmcost.rules import FIXED_POINT
from llmcost.views import group_keys
from tests.conftest import ROOT, row, write_log

RUNS = 5
COMMANDS = [
    ("trend", "--explain", "-f", "json"),  # its effects sum each period's models and token types
    ("report", "-f", "json"),  # the rising-CPI action's "+$0.000133 a call" comes from them
    ("pricing", "check", "-f", "csv"),  # rows of models with the same row count
    ("customers", "-f", "csv"),
    ("latency", "--by", "model", "--period", "week", "-f", "csv"),  # means of a streaming group-by
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) if a[1][0] != "-" else a[0] for a in COMMANDS])
def test_identical_runs_write_identical_bytes(run, monkeypatch, args):
    monkeypatch.chdir(ROOT)  # the bundled sample and its llmcost.yaml, read only
    results = [run(*args) for _ in range(RUNS)]
    assert results[0].code in (0, 1), results[0].err
    outputs = {r.out for r in results}
    assert len(outputs) == 1, _first_difference(results[0].out, next(o for o in outputs if o != results[0].out))


def _first_difference(one: str, other: str) -> str:
    """The first line that differs, to say which figure moved rather than dump two documents."""
    for a, b in zip(one.splitlines(), other.splitlines(), strict=False):
        if a != b:
            return f"{a!r} != {b!r}"
    return "one output is a prefix of the other"


# model → calls: four models tie at 2 calls (one priced through gpt-4o's glob, one unknown).
TIED = {"gpt-4o": 2, "gpt-4o-mini": 2, "gpt-4o-2024-08-06": 2, "zeta-unknown": 2, "claude-sonnet-4": 3}


def test_pricing_check_lists_most_rows_first_then_by_name(run, pricing, tmp_path):
    """Models with as many rows come in name order, not in the order a group_by returned them."""
    pricing()
    calls = [row(f"2026-05-{day + 1:02d}T10:00:00Z", model) for model, n in TIED.items() for day in range(n)]
    write_log(tmp_path / "calls.csv", calls)
    expected = sorted(TIED.items(), key=lambda item: (-item[1], item[0]))
    for _ in range(RUNS * 2):
        result = run("pricing", "check", "calls.csv", "--pricing", "pricing.yaml", "-f", "json")
        assert result.code == 1, result.err  # zeta-unknown is priced by nothing
        assert [(r["model"], r["rows"]) for r in result.json()] == expected


def test_explain_is_the_same_whatever_the_order_of_the_cube(monkeypatch):
    """The effects, and the rising-CPI action's main driver read from them, do not depend on the
    order of the priced cube's rows, nor on the order a group_by returns its groups."""
    monkeypatch.chdir(ROOT)
    job = Job(Inputs())
    priced = job.priced(group_keys(None, "month")).frame
    runs = [explain(priced.sample(fraction=1.0, shuffle=True, seed=seed), job.book.unit_tokens) for seed in range(RUNS)]
    for other in runs[1:]:
        assert other.equals(runs[0]), pl.concat([runs[0], other], how="vertical")  # every bit, not approximately
    periods = runs[0]["period"].to_list()
    drivers = {main_driver(effects, periods[0], periods[-1]) for effects in runs}
    assert len(drivers) == 1 and None not in drivers, drivers


@pytest.mark.parametrize("command", [("validate", "-f", "json"), ("customers", "-f", "csv")])
def test_logged_costs_and_feedback_add_up_the_same_in_any_row_order(run, pricing, tmp_path, command):
    """Floats added in another order differ in their last bits ((0.1 + 0.2) + 0.3 is not
    0.1 + (0.2 + 0.3)), and Polars' streaming group-by adds a cell's rows in thread order: the
    same files printed 0.9528247668443072 on one run and …071 on the next. The cube adds them in
    fixed point, so the order cannot matter, and the sum is the exact one (0.6, not 0.6000000000000001)."""
    pricing()
    values = [0.1, 0.2, 0.3, 1e-3, 7.77]
    calls = [row(model="gpt-4o-mini", customer_id="acme", cost=v, feedback=v) for v in values]
    outputs = set()
    for order in (calls, calls[::-1], calls[2:] + calls[:2]):
        write_log(tmp_path / "calls.csv", order)
        result = run(*command, "calls.csv", "--pricing", "pricing.yaml")
        assert result.code in (0, 1), result.err
        outputs.add(result.out)
    assert len(outputs) == 1, outputs
    if command[0] == "validate":
        logged = json.loads(outputs.pop())["logged_cost"][0]["logged_cost"]
        assert logged == float(sum(Decimal(str(v)) for v in values)) == 8.371


def test_a_logged_cost_or_score_beyond_a_trillion_is_rejected(run, pricing, tmp_path):
    """Beyond ±10^12 a value is a unit mistake, and fixed-point sums stay far from overflowing."""
    pricing()
    calls = [row(cost=2e12), row(feedback=-3e12), row(feedback=5e300), row(cost=1e12, feedback=-1e12)]
    write_log(tmp_path / "calls.csv", calls)
    result = run("validate", "calls.csv", "--pricing", "pricing.yaml", "-f", "json")
    reasons = {r["reason"]: r["first_rows"] for r in result.json()["rejected"]}
    assert reasons == {
        "cost: above 10^12 in one call": "1",
        "feedback: below -10^12": "2",
        "feedback: above 10^12 in one call": "3",
    }


def test_fixed_point_sums_come_back_as_the_engines_divide_them():
    """Polars divides by a scalar as a multiplication by its inverse: 7 × 10^14 units came back as
    0.7000000000000001 (the engines' SQL said 0.7). Each sum is, as in SQL, the sum as a float
    divided by 10^15, both steps correctly rounded."""
    units = [7 * 10**14, 1, 3 * 10**14, 123_456_789_012_345_678, 10**27, -(10**14), 0]
    units += [(7**k) % 10**24 for k in range(1, 2000)]
    back = unfixed(pl.DataFrame({"logged_cost": units}, schema={"logged_cost": pl.Int128}))["logged_cost"]
    assert back.to_list() == [float(u) / float(FIXED_POINT) for u in units]  # as IEEE 754 says
    assert back[0] == 0.7


def test_models_spelled_in_other_cases_are_one_cell_of_the_cube(pricing, tmp_path, monkeypatch):
    """The cube groups rows by the model as written and lowercases the cells' pricing key after
    (a rule applied per distinct name, not per row): the cells are then summed again, so
    "GPT-4o" and "gpt-4o" rows are one cell with both rows' tokens, not two cells of one key."""
    pricing()
    monkeypatch.chdir(tmp_path)
    spellings = ["gpt-4o", "GPT-4o", "Gpt-4O", " gpt-4o "]
    write_log(tmp_path / "calls.csv", [row(model=m, input_tokens=1000 * (i + 1)) for i, m in enumerate(spellings)])
    job = Job(Inputs(paths=("calls.csv",), pricing="pricing.yaml"))
    cells = job.priced(group_keys(None, "month")).cells.filter(pl.col("_state") == "ok")
    assert cells["_model"].to_list() == ["gpt-4o"]
    assert cells["inferences"].to_list() == [4]
    assert cells["input_tokens"].to_list() == [10_000]


def test_the_packed_pricing_keys_come_back_as_they_went_in():
    """`_seg`, `_bucket`, `_in` and `_has_cost` are summed as one integer key (cube.PACKED) and
    unpacked on the cells: every value and every null of each comes back, in its own type."""
    from llmcost.cube import PACKED, _packed, _unpacked

    keys = pl.DataFrame(
        {
            "_seg": [0, 3, None, 2**30 - 2, 1, None],
            "_bucket": [0, None, 5, 7, 2**30 - 2, None],
            "_in": [True, False, None, True, None, None],
            "_has_cost": [False, None, True, True, False, None],
        },
        schema={"_seg": pl.UInt32, "_bucket": pl.UInt32, "_in": pl.Boolean, "_has_cost": pl.Boolean},
    )
    packed = keys.select(_packed({k: pl.col(k) for k in PACKED}))
    assert packed["_pack"].n_unique() == keys.height
    back = _unpacked(packed).select(keys.columns)
    assert back.equals(keys), back
    assert back.schema == keys.schema
