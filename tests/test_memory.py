"""Memory flat in the rows (issue 13, item 17): percentiles from a streaming histogram, revenue read
lazily, report months clamped to the logs. The memory figures themselves are measured by
`bench/hostile.py` (see bench/README.md, "Memory with rows"); these tests pin the numbers."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmcost import revenue, sketch
from llmcost.cube import Window
from llmcost.errors import LlmcostError
from llmcost.revenue import load_revenue, month_fractions
from tests.conftest import write_log

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUANTILES = [0.0, 0.25, 0.5, 0.95, 0.99, 1.0]
# Values 2 % or more apart never share a 1 % bucket: a histogram of them holds every value exactly.
SPREAD = [0.0, *(round(10 * 1.02**k, 6) for k in range(0, 600, 7))]


def exact(values: dict[int, list[float]], q: float) -> dict[int, float | None]:
    """Polars' own linear percentile per group: the reference."""
    frame = pl.DataFrame(
        {"g": [g for g, vs in values.items() for _ in vs], "v": [v for vs in values.values() for v in vs]},
        schema={"g": pl.Int64, "v": pl.Float64},
    )
    found = frame.group_by("g").agg(pl.col("v").quantile(q, interpolation="linear"))
    return dict(found.iter_rows())


def sketched(values: dict[int, list[float]]) -> tuple[dict[float, dict[int, float]], bool]:
    rows = pl.DataFrame(
        {"g": [g for g, vs in values.items() for _ in vs], "v": [v for vs in values.values() for v in vs]},
        schema={"g": pl.Int64, "v": pl.Float64},
    )
    # two batches, so the merge of partial histograms is exercised too
    half = rows.height // 2
    cells = sketch.histogram([rows.head(half).lazy(), rows.tail(rows.height - half).lazy()], ["g"], {"v": pl.col("v")})
    found, estimated = sketch.percentiles(cells, ["g"], QUANTILES)
    return {q: dict(found.select("g", str(q)).iter_rows()) for q in QUANTILES}, estimated


groups = st.dictionaries(
    st.integers(0, 3), st.lists(st.sampled_from(SPREAD), min_size=1, max_size=40), min_size=1, max_size=4
)
# Crowded too: many values inside one bucket, piled at its ends, where an estimate strays most.
crowded = st.tuples(st.sampled_from([1.0, 37.0, 1000.0, 2.5e6]), st.floats(0, 0.0099)).map(lambda p: p[0] * (1 + p[1]))
anything = st.dictionaries(
    st.integers(0, 3),
    st.lists(
        st.one_of(
            st.just(0.0),
            st.floats(1e-3, 1e12),
            st.integers(0, 10**12).map(float),
            crowded,
            st.sampled_from([1000.0, 1009.9]),
        ),
        min_size=1,
        max_size=60,
    ),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(groups)
def test_few_distinct_values_give_polars_exact_percentiles(values):
    got, estimated = sketched(values)
    assert not estimated
    for q in QUANTILES:
        assert got[q] == exact(values, q)


@SETTINGS
@given(anything)
def test_any_values_within_the_stated_error(values):
    got, _ = sketched(values)
    for q in QUANTILES:
        for g, want in exact(values, q).items():
            assert abs(got[q][g] - want) <= sketch.STATED_ERROR * want, (q, g, got[q][g], want)


def test_one_bucket_of_many_values_is_estimated_and_said():
    values = {1: [1000.0 + i for i in range(10)]}  # 1000 … 1009: one or two 1 % buckets
    got, estimated = sketched(values)
    assert estimated
    assert got[0.0][1] == 1000.0 and got[1.0][1] == 1009.0  # a bucket's ends are exact
    assert got[0.5][1] == pytest.approx(1004.5, rel=sketch.STATED_ERROR)


def test_null_values_keep_their_group_with_empty_percentiles():
    rows = pl.LazyFrame({"g": [1, 1, 2], "v": [5.0, 7.0, None]})
    found, _ = sketch.percentiles(sketch.histogram([rows], ["g"], {"v": pl.col("v")}), ["g"], [0.5])
    assert found.sort("g").select("g", "_n", "0.5").rows() == [(1, 2, 6.0), (2, 0, None)]


def call(**extra) -> dict:
    return {"timestamp": "2026-05-10T12:00:00Z", "model": "m", "input_tokens": 1000, "output_tokens": 10, **extra}


PRICES = "models:\n  m: {input: 10, output: 20}\n"


def test_latency_past_the_exact_limit_says_it_is_estimated(run, pricing, tmp_path, monkeypatch):
    """More rows than EXACT_LIMIT: the histogram answers, within its bound, and says so."""
    monkeypatch.setattr(sketch, "EXACT_LIMIT", 5)
    pricing(PRICES)
    rows = [call(latency_ms=1000 + i) for i in range(10)] + [call(latency_ms=5000)]
    got = run("latency", write_log(tmp_path / "log.csv", rows), "-f", "json").json()
    row = got["latency"][0]
    # by hand: sorted 1000 … 1009, 5000; p50 is the 6th value, 1005; p99 = 1009 + 0.9 × (5000 − 1009)
    assert row["calls_with_latency"] == 11 and row["mean_ms"] == pytest.approx((10 * 1000 + 45 + 5000) / 11)
    assert row["p50_ms"] == pytest.approx(1005, rel=sketch.STATED_ERROR)
    assert row["p99_ms"] == pytest.approx(1009 + 0.9 * (5000 - 1009), rel=sketch.STATED_ERROR)
    assert any("within 1 % of the exact value" in n for n in got["latency_notes"])


def test_latency_past_the_limit_exact_when_values_are_apart(run, pricing, tmp_path, monkeypatch):
    monkeypatch.setattr(sketch, "EXACT_LIMIT", 0)
    pricing(PRICES)
    rows = [call(latency_ms=ms) for ms in range(100, 1100, 100)]  # 100 … 1000, each its own bucket
    got = run("latency", write_log(tmp_path / "log.csv", rows), "-f", "json").json()
    row = got["latency"][0]
    assert row["p50_ms"] == 550 and row["p95_ms"] == pytest.approx(955, rel=1e-12)  # as test_signals, by hand
    assert row["p99_ms"] == pytest.approx(991, rel=1e-12)
    assert "latency_notes" not in got


def test_efficiency_past_the_limit_keeps_tokens_above_target_exact(run, pricing, tmp_path, monkeypatch):
    monkeypatch.setattr(sketch, "EXACT_LIMIT", 0)
    pricing(PRICES)
    (tmp_path / "llmcost.yaml").write_text("use_cases: {faq: classification}\n")  # input ≤ 500, output ≤ 50
    rows = [call(feature="faq", input_tokens=700 + i, output_tokens=40 + 3 * i) for i in range(8)]
    got = run("efficiency", write_log(tmp_path / "log.csv", rows), "-f", "json").json()[0]
    inputs, outputs = [700 + i for i in range(8)], [40 + 3 * i for i in range(8)]
    above_in, above_out = sum(x - 500 for x in inputs), sum(max(0, y - 50) for y in outputs)
    per_in, per_out = 10 / 1e6, 20 / 1e6  # the feature's price per input and output token
    assert got["cost_above_target"] == pytest.approx(above_in * per_in + above_out * per_out, rel=1e-12)
    assert got["p50_input_tokens"] == pytest.approx(703.5, rel=sketch.STATED_ERROR)
    assert got["p95_output_tokens"] == pytest.approx(58 + 0.65 * 3, rel=sketch.STATED_ERROR)
    table = run("efficiency", tmp_path / "log.csv").out
    assert "p50 and p95 tokens estimated from a histogram" in table


def test_since_year_one_spreads_a_flat_plan_over_the_logs_months_only(run, pricing, tmp_path):
    """--since 0001-01-01 made a row per month for 2,000 years per customer (and aborted at scale)."""
    pricing(PRICES)
    rows = [call(customer_id="c1", timestamp=f"2026-0{m}-10T00:00:00Z") for m in (5, 6, 7)]
    log = write_log(tmp_path / "log.csv", rows)
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\nc1,19\n")
    got = run("customers", log, "--revenue", "revenue.csv", "--since", "0001-01-01", "-f", "json")
    assert got.code == 0, got.err
    assert got.json()[0]["revenue"] == 3 * 19  # May, June, July: the months the window shares with the logs
    late = run("customers", log, "--revenue", "revenue.csv", "--until", "9999-12-31", "-f", "json")
    assert late.code == 0 and "Traceback" not in late.err and "internal error" not in late.err, late.err
    assert late.json()[0]["revenue"] == 3 * 19


def test_month_fractions_clamped_to_the_logs():
    utc = dt.UTC
    logs = [dt.date(2026, 5, 1), dt.date(2026, 7, 1)]
    far = month_fractions(Window(dt.datetime(1, 1, 1, tzinfo=utc), dt.datetime(9999, 12, 31, tzinfo=utc)), logs)
    # June has no row: no revenue, as without a window (it carries no fixed cost either)
    assert far.rows() == [(dt.date(2026, 5, 1), 1.0), (dt.date(2026, 7, 1), 1.0)]
    assert far.rows() == month_fractions(Window(), logs).rows()
    part = month_fractions(Window(dt.datetime(2026, 5, 17, tzinfo=utc), None), logs)
    assert part.rows()[0] == (dt.date(2026, 5, 1), 15 / 31)  # 17–31 May
    assert month_fractions(Window(dt.datetime(2027, 1, 1, tzinfo=utc), None), []).height == 0


@pytest.mark.parametrize("spill", [False, True])
def test_revenue_keeps_only_the_months_asked_but_checks_every_row(tmp_path, monkeypatch, spill):
    if spill:  # the repeated-row check as a big file does it: hashes sorted in files on disk
        monkeypatch.setattr(revenue, "SPILL_BYTES", 0)
    path = tmp_path / "revenue.csv"
    lines = ["customer_id,month,revenue"] + [f"c{i},2016-{m:02d},{i}" for i in range(1, 4) for m in range(1, 13)]
    path.write_text("\n".join(lines) + "\n")
    got = load_revenue(str(path), months=[dt.date(2016, 3, 1)])
    assert got.sort("customer_id").rows() == [(f"c{i}", dt.date(2016, 3, 1), float(i)) for i in range(1, 4)]
    path.write_text("\n".join([*lines, "c9,2016-01,5", "c2,2016-07,1"]) + "\n")  # row 38 repeats row 19
    with pytest.raises(LlmcostError, match=r"row 38: customer c2 appears twice for month 2016-07"):
        load_revenue(str(path), months=[dt.date(2016, 3, 1)])
    path.write_text("\n".join([*lines, "c9,2016-01,-5"]) + "\n")
    with pytest.raises(LlmcostError, match=r"row 37: revenue -5.0 is negative"):
        load_revenue(str(path), months=[dt.date(2016, 3, 1)])


def test_gamma_bound_is_what_the_readme_says():
    """An estimate and the true value share a bucket [lo, hi] with hi ÷ lo ≤ γ: at most γ − 1 apart."""
    assert sketch.GAMMA == 1.01 and math.isclose(sketch.STATED_ERROR, sketch.GAMMA - 1)
