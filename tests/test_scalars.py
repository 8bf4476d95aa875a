"""llmcost.scalars: one value out of a column, typed, and unchanged from what Polars gives.

The helpers exist for mypy (Polars types `sum()`/`max()` as any Python value), so what matters
at run time is that they hand back Polars' own value: an int column still sums to an int, an
empty column is 0 or None as Polars says. Plus the two places where a typed value turned a
crash on an all-null column into an answer.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from rich.console import Console

from llmcost import scalars
from llmcost.charts import Chart, terminal
from llmcost.metrics.latency import spikes


def test_total_keeps_the_column_type_and_is_zero_when_empty() -> None:
    ints = scalars.total(pl.Series([3, 4, None]))
    assert ints == 7 and type(ints) is int  # f"{n:,}" of a count must not read 7.0
    assert scalars.total(pl.Series([0.5, 0.25])) == 0.75
    assert scalars.total(pl.Series([], dtype=pl.Float64)) == 0
    assert scalars.total(pl.Series([None, None], dtype=pl.Int64)) == 0


def test_extremes_and_averages_are_none_without_values() -> None:
    values = pl.Series([2.5, None, -1.0, 4.0])
    assert (scalars.number(values, "min"), scalars.number(values, "max")) == (-1.0, 4.0)
    assert scalars.number(values, "mean") == (2.5 - 1.0 + 4.0) / 3
    assert scalars.number(values, "median") == 2.5
    empty = pl.Series([None, None], dtype=pl.Float64)
    assert [scalars.number(empty, how) for how in ("min", "max", "mean", "median")] == [None] * 4


def test_mean_of_booleans_is_the_share_true() -> None:
    assert scalars.number(pl.Series([True, False, True, True]), "mean") == 0.75


def test_dates() -> None:
    months = pl.Series([dt.date(2026, 3, 1), None, dt.date(2025, 12, 1)])
    assert (scalars.day(months, "min"), scalars.day(months, "max")) == (dt.date(2025, 12, 1), dt.date(2026, 3, 1))
    assert scalars.day(pl.Series([], dtype=pl.Date), "max") is None


def test_spikes_without_any_p95_marks_none() -> None:
    """Periods with no latency at all: no median to compare with, so no spike (was a TypeError)."""
    per_period = pl.DataFrame(
        {"period": ["2026-W01", "2026-W02"], "p95_ms": [None, None]}, schema={"period": pl.String, "p95_ms": pl.Float64}
    )
    assert spikes(per_period)["spike"].to_list() == [False, False]
    marked = spikes(pl.DataFrame({"p95_ms": [100.0, 110.0, 500.0]}))  # median 110: 500 > 2 × 110
    assert marked["spike"].to_list() == [False, False, True]


def test_a_stacked_chart_without_series_draws_bars() -> None:
    """The SVG reads "stacked" as "has series"; the terminal chart now does too (was a TypeError)."""
    frame = pl.DataFrame({"month": ["2026-01", "2026-02"], "cost": [1.0, 3.0]})
    console = Console(width=80, no_color=True)
    with console.capture() as out:
        console.print(terminal(Chart("stacked", "Cost", frame, "month", "cost"), str))
    lines = [line for line in out.get().splitlines() if "█" in line]
    assert [line.count("█") for line in lines] == [10, 30]  # bars scaled to the largest, 30 wide


def test_a_stacked_chart_of_one_period_compares_its_series() -> None:
    """With one month, each model's sparkline was one full block ($49.11 and $0.80 looked equal,
    found by a newcomer run on a one-month log): one period draws bars scaled across the series."""
    frame = pl.DataFrame({"period": ["2026-02"] * 3, "model": ["a", "b", "c"], "cost": [1.0, 49.0, 0.5]})
    console = Console(width=80, no_color=True)
    with console.capture() as out:
        console.print(terminal(Chart("stacked", "Cost by model", frame, "period", "cost", series="model"), str))
    bars = {line.split()[0]: line.count("█") for line in out.get().splitlines() if line.split()[0] in "abc"}
    assert bars == {"a": 1, "b": 30, "c": 0}, out.get()
