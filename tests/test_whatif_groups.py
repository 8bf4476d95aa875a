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
