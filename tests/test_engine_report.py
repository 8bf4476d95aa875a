"""The report on an engine, on the repository's own sample (llmcost.yaml: use cases, revenue,
plans): every finding is the Polars path's own."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("frozen_clock")  # Polars and the engine read one clock


@pytest.mark.slow
def test_report_on_duckdb_matches_polars(run, monkeypatch):
    """Every finding, tokens above target included (summed per row by the cube, a CASE on the
    feature), its command on the same engine."""
    monkeypatch.chdir(ROOT)
    polars = run("report", "-f", "json")
    duckdb = run("report", "--engine", "duckdb", "-f", "json")
    assert polars.code == duckdb.code == 0, duckdb.err
    here, there = polars.json(), duckdb.json()
    expected = here["actions"]
    assert any(a["finding"] == "tokens above target" for a in expected)
    assert there["actions"] and all(a["command"].endswith(" --engine duckdb") for a in there["actions"])
    got = [{**a, "command": a["command"].replace(" --engine duckdb", "")} for a in there["actions"]]
    assert [a["finding"] for a in got] == [a["finding"] for a in expected]
    assert [a["monthly_amount"] for a in got] == pytest.approx([a["monthly_amount"] for a in expected], rel=1e-12)
    assert got == expected or [a["detail"] for a in got] == [a["detail"] for a in expected]
    for name in ("headline", "customers", "plans"):
        if name in here:
            assert there[name] == here[name], name


def test_next_commands_repeat_the_source_engine_and_order(monkeypatch):
    """A finding's command names the same table, engine and order as the run it came from."""
    from llmcost.inputs import Inputs
    from llmcost.views import report

    class Job:  # what _command reads of a job
        inputs = Inputs(paths=("postgresql://me:secret@db/logs",), table="calls", engine="local", order_by="seq")

    command = report._command(Job(), "customers", "--top 2")  # type: ignore[arg-type]
    assert command == (
        "llmcost customers 'postgresql://me:***@db/logs' --top 2 --table calls --engine local --order-by seq"
    )
