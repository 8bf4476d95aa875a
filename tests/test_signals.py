"""usage, efficiency, latency, errors, quality, downgrade, cac, drift — numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from llmcost.metrics.drift import kl_divergence
from tests.conftest import write_log

FIVE_CENTS = "models:\n  m: {input: 50, output: 0}\noutcomes: {review_cost: 1.20}\n"


def call(**extra) -> dict:
    return {"timestamp": "2026-05-10T12:00:00Z", "model": "m", "input_tokens": 1000, "output_tokens": 0, **extra}


def test_cost_per_correct_outcome_is_29_cents(run, pricing, tmp_path):
    """pm-metrics: $0.05 a call, 20 % failing, a $1.20 human review each → $0.29 per correct output."""
    pricing(FIVE_CENTS)
    rows = [call(success="true")] * 80 + [call(success="false")] * 20
    got = run("quality", write_log(tmp_path / "log.csv", rows), "-f", "json").json()[0]
    assert got["failure_rate"] == pytest.approx(0.20)
    assert got["cost_per_correct_outcome"] == pytest.approx((100 * 0.05 + 20 * 1.20) / 100) == pytest.approx(0.29)
    assert got["cost_per_successful_outcome"] == pytest.approx(5.0 / 80)


def test_quality_rates_over_the_rows_that_carry_them(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    rows = (
        [call(feedback=5, accepted="true", is_retry="false")] * 3
        + [call(feedback=1, accepted="false", is_retry="true")]
        + [call()] * 6
    )
    got = run("quality", write_log(tmp_path / "log.csv", rows), "--review-cost", "2", "-f", "json").json()[0]
    assert got["feedback_score"] == pytest.approx((3 * 5 + 1) / 4)
    assert got["feedback_rate"] == pytest.approx(4 / 10)
    assert got["acceptance_rate"] == pytest.approx(3 / 4)
    assert got["retry_rate"] == pytest.approx(1 / 4)
    assert got["success_rate"] is None and got["failure_rate"] == 0  # no success column: the error rate (none)


def test_adjusted_cac_625_against_naive_5(run, tmp_path):
    """seven-metrics #4: $50,000 of ads, 10,000 signups, 80 still there after 90 days."""
    lines = ["customer_id,signup_date,churn_date"]
    lines += [f"k{i},2026-01-15," for i in range(80)]
    lines += [f"x{i},2026-01-15,2026-02-20" for i in range(9920)]
    (tmp_path / "customers.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,50000\n")
    got = run("cac", "--customers", "customers.csv", "--spend", "spend.csv", "--as-of", "2026-06-01", "-f", "json")
    row = got.json()[0]
    assert (row["signups"], row["survivors_90d"]) == (10_000, 80)
    assert row["naive_cac"] == pytest.approx(5.0) and row["adjusted_cac"] == pytest.approx(625.0)
    early = run(
        "cac", "--customers", "customers.csv", "--spend", "spend.csv", "--as-of", "2026-03-01", "-f", "json"
    ).json()[0]
    assert early["adjusted_cac"] is None and "90 days not yet passed (until 2026-04-15)" in early["note"]


def test_cac_reads_a_churn_date_given_on_a_later_plan_row(run, tmp_path):
    """§1.4: one row per plan. x signed up 10 Jan and churned 15 Feb (day 36), said on its second
    row only: of January's 2 signups 1 survived 90 days, $1,000 ÷ 1 (naive $1,000 ÷ 2 = $500)."""
    (tmp_path / "customers.csv").write_text(
        "customer_id,signup_date,churn_date,plan,plan_from\n"
        "x,2026-01-10,,pro,2026-01-10\nx,2026-01-10,2026-02-15,tok,2026-02-01\ny,2026-01-20,,pro,\n"
    )
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,1000\n")
    got = run("cac", "--customers", "customers.csv", "--spend", "spend.csv", "--as-of", "2026-12-01", "-f", "json")
    row = got.json()[0]
    assert (row["signups"], row["survivors_90d"], row["naive_cac"], row["adjusted_cac"]) == (2, 1, 500, 1000)


def test_cac_bad_files(run, tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id,signup_date\nk,15/01/2026\n")
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,50000\n")
    result = run("cac", "--customers", "customers.csv", "--spend", "spend.csv")
    assert result.code == 2 and "customers.csv, row 1, column signup_date" in result.err


def test_kl_divergence_by_hand():
    # P = (0.5, 0.3, 0.2), Q = (0.4, 0.4, 0.2): 0.5·ln(5/4) + 0.3·ln(3/4) = 0.111572 − 0.086305 = 0.025267
    assert kl_divergence({"a": 5, "b": 3, "c": 2}, {"a": 4, "b": 4, "c": 2}) == pytest.approx(0.025267, abs=1e-6)
    assert kl_divergence({"a": 1}, {"a": 7}) == 0
    # Q has no mass where P has some: smoothed by 0.5 per bin, finite
    assert math.isfinite(kl_divergence({"a": 1, "b": 1}, {"a": 2}))


def test_drift_feature_mix_alerts_and_exits_1(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    may = [call(feature="chat")] * 50 + [call(feature="rag")] * 50
    june = [call(timestamp="2026-06-10T00:00:00Z", feature="chat")] * 90 + [
        call(timestamp="2026-06-10T00:00:00Z", feature="rag")
    ] * 10
    log = write_log(tmp_path / "log.csv", may + june)
    result = run("drift", log, "-f", "json")
    assert result.code == 1
    got = {r["period"]: r for r in result.json()}
    # 0.9·ln(0.9/0.5) + 0.1·ln(0.1/0.5) = 0.529008 − 0.160944 = 0.368064
    assert got["2026-06"]["kl_feature_mix"] == pytest.approx(0.368064, abs=1e-6)
    assert got["2026-06"]["kl_input_length"] == 0 and got["2026-06"]["alert"] is True
    assert run("drift", log, "--threshold", "0.5").code == 0
    assert run("drift", log, "--baseline", "2026-06", "-f", "json").json()[0]["baseline"] == "2026-06"


def test_usage_cost_per_customer_average_and_p95(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    rows = [
        call(customer_id=f"c{n}", timestamp=f"2026-05-10T{n:02d}:00:00Z") for n in range(1, 6) for _ in range(n * 20)
    ]  # costs $1, $2, $3, $4, $5
    got = run("usage", write_log(tmp_path / "log.csv", rows), "-f", "json").json()
    month = got["generations"][0]
    assert month["active_customers"] == 5 and month["avg_cost_per_customer"] == pytest.approx(3.0)
    assert month["p95_cost_per_customer"] == pytest.approx(4.8)  # 4 + 0.8 × (5 − 4)
    assert month["p95_inferences_per_customer"] == pytest.approx(96)
    hours = {h["hour"]: h["inferences"] for h in got["hours"]}
    assert hours[5] == 100 and hours[0] == 0
    top = {t["group"]: t for t in got["top_customers"]}
    assert top["top"]["customers"] == 1 and top["top"]["cost_share"] == pytest.approx(5 / 15)


def test_errors_rate_timeouts_and_failed_cost(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    rows = [call(status="ok")] * 6 + [call(status="error")] * 3 + [call(status="timeout")]
    got = run("errors", write_log(tmp_path / "log.csv", rows), "-f", "json").json()[0]
    assert (got["errors"], got["timeouts"]) == (4, 1)
    assert got["error_rate"] == pytest.approx(0.4) and got["timeout_share"] == pytest.approx(0.25)
    assert got["failed_cost"] == pytest.approx(0.20) and got["cost"] == pytest.approx(0.50)


def test_latency_percentiles_linear(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    rows = [call(latency_ms=ms) for ms in range(100, 1100, 100)]  # 100 … 1000
    got = run("latency", write_log(tmp_path / "log.csv", rows), "-f", "json").json()["latency"][0]
    assert got["p50_ms"] == pytest.approx(550) and got["p95_ms"] == pytest.approx(955)
    assert got["p99_ms"] == pytest.approx(991)


def test_efficiency_cache_saving_and_cost_above_target(run, pricing, tmp_path):
    pricing("models:\n  m: {input: 10, cached_input: 1, output: 20}\n")
    (tmp_path / "llmcost.yaml").write_text("use_cases: {faq: classification}\n")
    rows = [call(feature="faq", input_tokens=700, output_tokens=50, cached_input_tokens=200)] * 4
    got = run("efficiency", write_log(tmp_path / "log.csv", rows), "-f", "json").json()[0]
    assert got["cache_hit_rate"] == pytest.approx(200 / 700)
    assert got["cache_saving"] == pytest.approx(4 * 200 * (10 - 1) / 1e6)
    assert got["status"] == "above target" and got["input_target"] == "200–500"
    # 200 input tokens above 500 per call, priced at the feature's average input price per token
    input_price = (500 * 10 + 200 * 1) / 700 / 1e6
    assert got["cost_above_target"] == pytest.approx(4 * 200 * input_price)


def test_downgrade_tolerance_saving_and_refusal(run, pricing, tmp_path):
    pricing("models:\n  big: {input: 16, output: 0}\n  small: {input: 1, output: 0}\n")
    big = [call(model="big", feature="faq", accepted="true")] * 90 + [
        call(model="big", feature="faq", accepted="false")
    ] * 10
    small = [call(model="small", feature="faq", accepted="true")] * 88 + [
        call(model="small", feature="faq", accepted="false")
    ] * 12
    few = [call(model="big", feature="rag", accepted="true")] * 5 + [
        call(model="small", feature="rag", accepted="true")
    ] * 5
    got = run("downgrade", write_log(tmp_path / "log.csv", big + small + few), "-f", "json").json()
    faq = next(r for r in got if r["feature"] == "faq")
    assert faq["difference"] == pytest.approx(0.88 - 0.90)
    assert faq["verdict"].startswith("tolerant")
    assert faq["monthly_saving"] == pytest.approx(100 * (16 - 1) * 1000 / 1e6)  # one month of data
    half = 1.959964 * math.sqrt(0.9 * 0.1 / 100 + 0.88 * 0.12 / 100)
    assert faq["difference_low"] == pytest.approx(-0.02 - half)
    rag = next(r for r in got if r["feature"] == "rag")
    assert rag["verdict"].startswith("too few samples") and rag["monthly_saving"] is None


def test_downgrade_exactly_5_points_lower_is_tolerant(run, pricing, tmp_path):
    """Review: 36/40 against 34/40 is exactly 5 points; in floats 0.85 − 0.9 is −0.0500…044, which
    was below the line and "not tolerant" (reference §2.6.7: ≥ expensive − 5 points)."""
    pricing("models:\n  x: {input: 10, output: 10}\n  y: {input: 1, output: 1}\n")
    rows = [call(model="x", feature="f", accepted=str(i < 36).lower()) for i in range(40)]
    rows += [call(model="y", feature="f", accepted=str(i < 34).lower()) for i in range(40)]
    (got,) = run("downgrade", write_log(tmp_path / "log.csv", rows), "-f", "json").json()
    assert got["difference"] == -0.05 and got["verdict"] == "tolerant (not yet significant)"
    assert got["monthly_saving"] == pytest.approx(40 * (10 - 1) * 1000 / 1e6)  # one month of data


def test_usage_without_customer_ids_counts_calls_but_no_customers(run, pricing, tmp_path):
    """A log with no customer_id (or rows without one): calls and cost are counted, but the
    missing ids are not one big "customer" in the per-customer average and p95."""
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", [call()] * 3)
    got = run("usage", log, "-f", "json")
    assert got.code == 0
    period = got.json()["generations"][0]
    assert period["inferences"] == 3 and period["cost"] == pytest.approx(0.15)
    assert period["active_customers"] == 0 and period["avg_cost_per_customer"] is None
    assert "top_customers" not in got.json()
    mixed = write_log(tmp_path / "mixed.csv", [call(customer_id="a")] * 2 + [call(customer_id="")] * 4)
    period = run("usage", mixed, "-f", "json").json()["generations"][0]
    assert period["inferences"] == 6 and period["active_customers"] == 1
    assert period["avg_inferences_per_customer"] == 2 and period["avg_cost_per_customer"] == pytest.approx(0.10)


def test_row_statistics_are_of_the_priced_inferences_only(run, pricing, tmp_path):
    """Review: an unpriced call's 100,000 + 100,000 tokens were in efficiency's p95 (85,450) and
    priced at the feature's average in its cost above target ($0.97005); its hour was in usage's.
    Over the 3 priced calls: p50 input 2,000, p95 2,900; above the chat target (2,000 / 500) only
    the first call, 1,000 input tokens at a's average $10,500 / 6,000 per M, and 100 output at $8:
    $0.00255. The hours: 2 calls at 01:00, 1 at 05:00, as the 3 inferences."""
    pricing("bundled: false\nmodels:\n  a: {input: 2, output: 8, cached_input: 0.5}\n")
    (tmp_path / "llmcost.yaml").write_text("use_cases: {chat: chat}\n")
    rows = [
        call(model="a", feature="chat", input_tokens=3000, output_tokens=600, cached_input_tokens=1000),
        call(model="a", feature="chat", input_tokens=1000, output_tokens=100),
        call(model="a", feature="chat", input_tokens=2000, output_tokens=200),
        call(model="zz", feature="chat", input_tokens=100_000, output_tokens=100_000),
    ]
    rows = [{**r, "timestamp": f"2026-05-10T0{h}:00:00Z"} for r, h in zip(rows, (1, 1, 5, 2), strict=True)]
    log = write_log(tmp_path / "log.csv", rows)
    (got,) = run("efficiency", log, "-f", "json").json()
    assert got["inferences"] == 3
    assert (got["p50_input_tokens"], got["p95_input_tokens"]) == (2000, 2900)
    assert got["cost_above_target"] == pytest.approx(1000 * 10_500 / 6000 / 1e6 + 100 * 8 / 1e6, rel=1e-12)
    hours = {r["hour"]: r["inferences"] for r in run("usage", log, "-f", "json").json()["hours"] if r["inferences"]}
    assert hours == {1: 2, 5: 1}
    latency_calls = [call(model=m, latency_ms=ms) for m, ms in (("a", 100), ("a", 300), ("zz", 10_000))]
    (lat,) = run("latency", write_log(tmp_path / "l.csv", latency_calls), "-f", "json").json()["latency"]
    assert lat["p50_ms"] == 200 and lat["p95_ms"] == pytest.approx(100 + 0.95 * 200)


def test_usage_says_what_the_calls_with_no_customer_cost(run, pricing, tmp_path):
    """Review: the top and the rest summed to $0.023 of $0.033, with no word of the $0.01 call that
    has no customer id (reference §2.6.1)."""
    pricing(FIVE_CENTS)
    rows = [call(customer_id="a")] * 2 + [call(customer_id="b")] + [call(customer_id="")]
    out = run("usage", write_log(tmp_path / "log.csv", rows)).out
    assert "calls with no customer_id (1, $0.0500) are in neither the top nor the rest" in out
    assert "no customer_id (" not in run("usage", write_log(tmp_path / "all.csv", rows[:3])).out
