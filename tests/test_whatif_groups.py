"""whatif --by model|feature: where the money moves, worked out by hand; feature changes on logs
without features are an error, not a silent no-op; a cache target the logs already beat is said."""

from __future__ import annotations

import pytest

from tests.conftest import row, write_log

PRICES = "models:\n  big: {input: 10, output: 0}\n  small: {input: 1, output: 0}\n"


def calls(feature: bool = True) -> list[dict]:
    extra = (lambda f: {"feature": f}) if feature else (lambda f: {})
    return [row(model="big", input_tokens=1000, output_tokens=0, customer_id="c", **extra("a"))] * 3 + [
        row(model="small", input_tokens=1000, output_tokens=0, customer_id="c", **extra("b"))
    ] * 2


def test_by_model_shows_the_cost_moving_from_one_model_to_the_other(run, pricing, tmp_path):
    pricing(PRICES)
    log = write_log(tmp_path / "log.csv", calls())
    got = run("whatif", log, "--route", "model=big:small", "--by", "model", "-f", "json").json()["by_model"]
    rows = {r["model"]: r for r in got}
    assert rows["big"]["cost_before"] == pytest.approx(3 * 1000 * 10 / 1e6)
    assert rows["big"]["cost_after"] == 0 and rows["big"]["inferences_after"] == 0
    assert rows["small"]["inferences_after"] == 5 and rows["small"]["cost_after"] == pytest.approx(5 * 1000 / 1e6)
    assert rows["small"]["change"] == pytest.approx(3 * 1000 / 1e6)
    assert [r["model"] for r in got] == ["big", "small"]  # the largest saving first


def test_by_feature_and_a_share_of_the_traffic(run, pricing, tmp_path):
    pricing(PRICES)
    log = write_log(tmp_path / "log.csv", calls())
    got = run("whatif", log, "--route", "feature=a:small@50%", "--by", "feature", "-f", "json").json()["by_feature"]
    rows = {r["feature"]: r for r in got}
    assert rows["a"]["cost_after"] == pytest.approx((1.5 * 10 + 1.5 * 1) * 1000 / 1e6)
    assert rows["b"]["change"] == 0


@pytest.mark.parametrize("args", [("--route", "feature=a:small"), ("--batch", "feature=a"), ("--by", "feature")])
def test_feature_changes_need_a_feature_column(run, pricing, tmp_path, args):
    pricing(PRICES)
    log = write_log(tmp_path / "log.csv", calls(feature=False))
    result = run("whatif", log, *args)
    assert result.code == 2 and result.err.strip().splitlines() == [
        f"error: {' '.join(args)}: the logs have no feature column (map one with 'columns:' in llmcost.yaml), "
        "so only model=NAME changes apply"
    ]


def test_a_cache_target_the_logs_already_beat_is_said(run, pricing, tmp_path):
    pricing("models:\n  big: {input: 10, cached_input: 1, output: 0}\n")
    log = write_log(
        tmp_path / "log.csv", [row(model="big", input_tokens=1000, output_tokens=0, cached_input_tokens=900)] * 2
    )
    result = run("whatif", log, "--cache-hit", "0.5")
    assert "the logs already read 90.0% of their input from cache, at or above --cache-hit 50%" in result.out
    assert "already read" not in run("whatif", log, "--cache-hit", "0.95").out


# --- found by review: worked out by hand, $1 per million input tokens on m1 ---------------------

DATED = (
    "bundled: false\nmodels:\n  m1: {input: 1.0, output: 0}\n"
    "  m3:\n    prices:\n      - {from: 2026-04-01, input: 5.0, output: 0}\n"
)


def test_a_route_to_a_model_not_priced_at_some_calls_dates_is_refused(run, pricing, tmp_path):
    """March's call moved to m3, priced from April only, vanished from "after": CPI $2.50 on 2 calls
    where 1 was priced. Refused, with the date m3's prices start; inside that date it prices."""
    pricing(DATED)
    rows = [
        row(model="m1", timestamp=f"2026-0{m}-10T00:00:00Z", input_tokens=1_000_000, output_tokens=0) for m in (3, 4)
    ]
    log = write_log(tmp_path / "log.csv", rows)
    refused = run("whatif", log, "--route", "model=m1:m3")
    assert refused.code == 2 and refused.err.splitlines()[0] == (
        "error: whatif: m3 has no price in effect at the date of 1 of the calls moved to it "
        "(its prices start 2026-04-01); narrow the window (--since) or route them to a model priced then"
    )
    got = run("whatif", log, "--route", "model=m1:m3", "--since", "2026-04-01", "-f", "json").json()
    assert {r["metric"]: (r["before"], r["after"]) for r in got}["CPI"] == (1.0, 5.0)


def test_cpi_after_a_route_that_prices_unpriced_calls_is_per_call_priced_after(run, pricing, tmp_path):
    """zz has no price: 1 call priced before ($1), 2 after ($1 each). CPI stays $1, not $2."""
    pricing(DATED)
    rows = [row(model=m, input_tokens=1_000_000, output_tokens=0) for m in ("zz", "m1")]
    got = run("whatif", write_log(tmp_path / "log.csv", rows), "--route", "model=zz:m1", "-f", "json").json()
    metrics = {r["metric"]: (r["before"], r["after"]) for r in got}
    assert metrics["CPI"] == (1.0, 1.0) and metrics["total cost"] == (1.0, 2.0)


def test_cache_hit_is_the_share_of_all_input_read_from_cache(run, pricing, tmp_path):
    """2M input tokens, 0.5M of them written to the cache: --cache-hit 0.5 reads 1M from it.
    0.5M uncached × $1 + 1M × $0.1 + 0.5M written × $2 = $1.60 (it was $1.825: a 37.5 % hit rate)."""
    pricing("bundled: false\nmodels:\n  m1: {input: 1, cached_input: 0.1, cache_write: 2, output: 0}\n")
    rows = [
        row(model="m1", input_tokens=1_000_000, output_tokens=0, cache_write_tokens=500_000),
        row(model="m1", input_tokens=1_000_000, output_tokens=0),
    ]
    got = run("whatif", write_log(tmp_path / "log.csv", rows), "--cache-hit", "0.5", "-f", "json").json()
    assert {r["metric"]: r["after"] for r in got}["total cost"] == pytest.approx(1.6, rel=1e-12)


@pytest.mark.parametrize("value", ["1.2.3", ".", "1e3", "-1"])
def test_a_price_that_is_not_a_number_is_a_usage_error(run, pricing, tmp_path, value):
    pricing(PRICES)
    result = run("whatif", write_log(tmp_path / "log.csv", calls()), "--price", f"big.input={value}")
    assert result.code == 2 and result.err.splitlines()[0] == (
        f"error: --price 'big.input={value}': write MODEL.RATE=VALUE with RATE one of "
        "input, cached_input, cache_write, cache_write_1h, output"
    )


def test_a_route_from_a_model_no_call_has_is_an_error_not_no_change(run, pricing, tmp_path):
    pricing(PRICES)
    result = run("whatif", write_log(tmp_path / "log.csv", calls()), "--route", "model=bog:small")
    assert result.code == 2 and result.err.splitlines()[0] == (
        "error: --route model=bog: no call in the logs has that model (did you mean 'big'?)"
    )


def test_a_price_too_large_for_a_float_and_a_share_refused_say_so(run, pricing, tmp_path):
    """Review: --price m.input=<400 digits> was inf (CPI inf, exit 0); a refused route of 40 %
    said "0 of the calls"."""
    pricing(DATED)
    rows = [
        row(model="m1", timestamp=f"2026-0{m}-10T00:00:00Z", input_tokens=1_000_000, output_tokens=0) for m in (3, 4)
    ]
    log = write_log(tmp_path / "log.csv", rows)
    huge = run("whatif", log, "--price", "m1.input=" + "1" * 400)
    assert huge.code == 2 and huge.err.splitlines()[0].endswith("… is too large a price")
    share = run("whatif", log, "--route", "model=m1:m3@40%")
    assert share.code == 2 and "at the date of 0.4 of the calls moved to it" in share.err
