"""The Python API (issue 15, items 2 and 3): the commands' tables as DataFrames, immutable results.

Each API call is checked against the CLI's own JSON for the same inputs on the bundled sample:
two routes to one figure, neither copied from the other's output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import llmcost
from tests.conftest import ROOT

LOGS = str(ROOT / "sample_logs" / "inferences.parquet")
PRICING = str(ROOT / "pricing.yaml")
REVENUE = str(ROOT / "sample_logs" / "revenue.csv")
FILES = [LOGS, "--pricing", PRICING]


# The README's "Python" section, run as written (from the repository's root).
def _readme_python() -> str:
    """The README's Python snippet itself (the ```python block under "## Python"), so the docs cannot drift."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python\n") :]
    return section[section.index("```python\n") + len("```python\n") : section.index("```\n", 10)]


README_PYTHON = _readme_python()


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> str:
    """An empty settings file: the API and the CLI read the same inputs, and no ./llmcost.yaml."""
    path = tmp_path_factory.mktemp("settings") / "empty.yaml"
    path.write_text("")
    return str(path)


@pytest.fixture(scope="module")
def logs(empty) -> llmcost.Logs:
    return llmcost.open_logs([LOGS], pricing=PRICING, revenue=REVENUE, config=empty)


def as_json(frame: pl.DataFrame) -> list[dict]:
    """The frame as JSON rows, dates as YYYY-MM-DD (JSON has no date type)."""
    return json.loads(frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).write_json())


@pytest.fixture
def cli(run, empty):
    """`llmcost ARGS -f json` on the sample, with the same empty settings file."""

    def _json(*args: str) -> list[dict] | dict:
        result = run(*args, *FILES, "--config", empty, "-f", "json", "-q")
        assert result.code == 0, result.err
        return result.json()

    return _json


@pytest.mark.parametrize(("period", "by"), [("month", None), ("week", "model"), ("day", "customer")])
def test_cpi_is_the_commands_table(logs, cli, period, by):
    args = ["cpi", "--period", period, *(["--by", by] if by else [])]
    assert as_json(logs.cpi(period=period, by=by)) == cli(*args)


def test_trend_and_its_explanation_are_the_commands_tables(logs, cli):
    assert as_json(logs.trend(period="month")) == cli("trend", "--period", "month")
    # the Shapley effects sum in a parallel group-by: the last digit can differ from run to run
    explained, printed = as_json(logs.trend(explain=True)), cli("trend", "--explain")
    assert [sorted(row) for row in explained] == [sorted(row) for row in printed]
    for mine, theirs in zip(explained, printed, strict=True):
        assert mine == {
            k: pytest.approx(v, rel=1e-9, abs=1e-15) if isinstance(v, float) else v for k, v in theirs.items()
        }


def test_customers_is_the_commands_table(logs, cli):
    assert as_json(logs.customers()) == cli("customers", "--revenue", REVENUE)
    assert as_json(logs.customers(per_month=True, sort="cost", top=3, threshold=0.2)) == cli(
        "customers", "--revenue", REVENUE, "--period", "month", "--sort", "cost", "--top", "3", "--threshold", "0.2"
    )


def test_account_is_validates_count(logs, cli):
    summary = cli("validate")["summary"][0]
    assert logs.account == {k: summary[k] for k in logs.account}
    assert set(logs.account) >= {"read", "priced", "unpriced", "rejected", "duplicates"}
    # and it adds up: every row read is in one state
    acc = logs.account
    assert acc["read"] == sum(v for k, v in acc.items() if k != "read")


def test_a_narrower_window_is_new_logs_with_the_figures_of_opening_that_window(logs, empty):
    narrow = logs.within("2026-06-01", dt.date(2026, 8, 1))
    opened = llmcost.open_logs(
        LOGS, pricing=PRICING, revenue=REVENUE, since="2026-06-01", until="2026-08-01", config=empty
    )
    assert narrow.cpi().to_dicts() == opened.cpi().to_dicts()
    assert narrow.account == opened.account
    assert (narrow.job.inputs.since, narrow.job.inputs.until) == (dt.date(2026, 6, 1), dt.date(2026, 8, 1))
    assert logs.job.window.since is None and logs.cpi()["period"][0] == "2026-05"  # the original is untouched


def test_readme_python_section_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(README_PYTHON, scope)
    assert isinstance(scope["logs"].cpi(period="month"), pl.DataFrame)
    assert scope["logs"].account["read"] > 0


def test_import_llmcost_loads_no_cli_or_dataframes():
    """A notebook's `import llmcost` costs nothing: Typer, Rich and Polars load on first use only."""
    code = (
        "import sys, llmcost; print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'rich', 'click', "
        "'polars'})); print(llmcost.__all__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    loaded, names = out.splitlines()
    assert loaded == "[]"
    assert {"open_logs", "Logs", "LlmcostError"} <= set(eval(names))
    assert all(getattr(llmcost, name) is not None for name in llmcost.__all__)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: llmcost.open_logs("no-such-file.csv", pricing=PRICING), "no-such-file.csv"),
        (lambda: llmcost.open_logs(LOGS, pricing="no-such-pricing.yaml"), "no-such-pricing.yaml"),
        (lambda: llmcost.open_logs(LOGS, pricing=PRICING, since="2026-09-01", until="2026-08-01"), "not before"),
        (lambda: llmcost.open_logs(LOGS, pricing=PRICING, since="2026/09/01"), "not a date"),
    ],
)
def test_bad_input_raises_llmcost_error(call, needle):
    with pytest.raises(llmcost.LlmcostError, match=needle):
        call()


@pytest.mark.parametrize(
    ("method", "kwargs", "needle"),
    [
        ("cpi", {"period": "fortnight"}, "period"),
        ("trend", {"by": "team"}, "by"),
        ("customers", {"sort": "name"}, "sort"),
        ("customers", {"top": 0}, "top"),
    ],
)
def test_bad_choices_raise_llmcost_error(logs, method, kwargs, needle):
    with pytest.raises(llmcost.LlmcostError, match=needle):
        getattr(logs, method)(**kwargs)


def test_jobs_and_priced_results_are_frozen(logs):
    """Item 3: a pass returns its own frozen result; nothing a pass does changes the Job."""
    from llmcost.job import Priced

    job = logs.job
    first = job.priced({})
    assert isinstance(first, Priced)
    for target, name in ((job, "window"), (job, "book"), (first, "account"), (first, "notes")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, None)
    job.priced({"customer_id": pl.col("customer_id")})
    assert job.priced({}).account == first.account  # no pass leaves state behind for the next


def test_narrowing_a_pass_returns_a_new_one(logs):
    from llmcost.cube import Window

    run = logs.job.priced({"customer_id": pl.col("customer_id")})
    june = Window(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    narrowed = run.within(june)
    assert narrowed.window == june and run.window == logs.job.window
    assert narrowed.account.outside > 0 and run.account.outside == 0
    assert narrowed.account.read == run.account.read


def test_flag_customers_exit_code_counts_the_flagged(logs):
    """The exit code comes from the figures: as many alarms as customers the margin table flags."""
    from llmcost.metrics.margin import FlagRule
    from llmcost.views.margin import flag_document

    outcome = flag_document(logs.job, FlagRule(0.2, 0, False), latest_month=False)
    assert outcome.alarms == logs.customers(threshold=0.2)["flagged"].sum() > 0


def test_pricing_show_and_the_commands_load_prices_one_way(run):
    """`pricing show` lists the entries of the book `load_book` gives, the one every command prices with."""
    from llmcost.config import load_config
    from llmcost.job import load_book

    book = load_book(PRICING, load_config(None))
    shown = run("pricing", "show", "--pricing", PRICING, "-f", "json").json()
    assert [row["model"] for row in shown] == [entry.name for entry in book.entries]
