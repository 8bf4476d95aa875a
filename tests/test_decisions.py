"""whatif, trend --explain, charts and the HTML report."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmcost.job import Inputs, Job
from llmcost.metrics.explain import explain
from tests.conftest import write_log

TWO_MODELS = "models:\n  big: {input: 16, output: 0}\n  small: {input: 1, output: 0}\n"


def calls(model: str, feature: str, n: int, customer: str = "c", day: str = "2026-05-10") -> list[dict]:
    return [
        {
            "timestamp": f"{day}T12:00:00Z",
            "model": model,
            "feature": feature,
            "customer_id": customer,
            "input_tokens": 1000,
            "output_tokens": 0,
        }
        for _ in range(n)
    ]


def metrics(result) -> dict:
    assert result.code == 0, result.err
    data = result.json()
    rows = data["whatif"] if isinstance(data, dict) else data
    return {r["metric"]: r for r in rows}


def test_route_80_percent_of_a_feature_to_a_16x_cheaper_model(run, pricing, tmp_path):
    pricing(TWO_MODELS)
    log = write_log(tmp_path / "log.csv", calls("big", "faq", 100) + calls("big", "chat", 100))
    got = metrics(run("whatif", log, "--route", "feature=faq:small@80%", "-f", "json"))
    # before: 200 calls × 1,000 tokens × $16/M = $3.20, CPI $0.016
    # after: faq 100 × (20 % × $0.016 + 80 % × $0.001) = $0.40, chat $1.60 → $2.00, CPI $0.010
    assert got["CPI"]["before"] == pytest.approx(0.016) and got["CPI"]["after"] == pytest.approx(0.010)
    assert got["total cost"]["after"] == pytest.approx(2.0)


def test_whatif_price_cache_trim_and_batch(run, pricing, tmp_path):
    pricing("models:\n  m: {input: 10, cached_input: 1, output: 0, batch_discount: 0.5}\n")
    log = write_log(tmp_path / "log.csv", calls("m", "reports", 10))
    base = 10 * 1000 * 10 / 1e6
    assert metrics(run("whatif", log, "--price", "m.input=5", "-f", "json"))["total cost"]["after"] == pytest.approx(
        base / 2
    )
    assert metrics(run("whatif", log, "--cache-hit", "0.5", "-f", "json"))["total cost"]["after"] == pytest.approx(
        10 * (500 * 10 + 500 * 1) / 1e6
    )
    assert metrics(run("whatif", log, "--trim-input", "0.3", "-f", "json"))["total cost"]["after"] == pytest.approx(
        base * 0.7
    )
    assert metrics(run("whatif", log, "--batch", "feature=reports", "-f", "json"))["total cost"][
        "after"
    ] == pytest.approx(base * 0.5)
    bad = run("whatif", log, "--route", "feature=reports:nope")
    assert bad.code == 2 and "'nope' has no price" in bad.err


def test_whatif_says_who_stops_being_flagged(run, pricing, tmp_path):
    pricing(TWO_MODELS)
    log = write_log(
        tmp_path / "log.csv", calls("big", "faq", 100, customer="heavy") + calls("small", "faq", 10, customer="light")
    )
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\nheavy,1\nlight,1\n")
    result = run(
        "whatif", log, "--revenue", "revenue.csv", "--route", "model=big:small", "--by", "customer", "-f", "json"
    )
    data = result.json()
    assert {r["metric"]: r["after"] for r in data["whatif"]}["flagged customers"] == 0
    assert data["flag_changes"] == [
        {
            "customer_id": "heavy",
            "change": "stops being flagged",
            "gross_margin_before": pytest.approx(1 - 1.6),
            "gross_margin_after": pytest.approx(1 - 0.1),
        }
    ]
    assert "same token counts and the same quality" in run("whatif", log, "--route", "model=big:small").out


def _random_log(rows: list[tuple[int, str, int, int, int]], folder: Path) -> Path:
    data = [
        {
            "timestamp": (dt.datetime(2026, 1, 1) + dt.timedelta(days=d)).isoformat() + "Z",
            "model": m,
            "input_tokens": i,
            "cached_input_tokens": min(c, i),
            "output_tokens": o,
        }
        for d, m, i, c, o in rows
    ]
    return write_log(folder / "log.csv", data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 150),
            st.sampled_from(["a", "b", "c", "gone"]),
            st.integers(1, 300_000),
            st.integers(0, 5000),
            st.integers(0, 4000),
        ),
        min_size=2,
        max_size=60,
    )
)
def test_explained_effects_add_up_to_the_change(rows):
    """On random logs (prices changing on dated entries, tiers, models appearing and leaving)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "p.yaml").write_text(
            "models:\n  a: {input: 2, cached_input: 1, output: 8}\n"
            "  b:\n    prices:\n      - {from: 2025-01-01, input: 3, output: 15}\n"
            "      - {from: 2026-03-01, input: 1, output: 5}\n"
            "    tiers:\n      - {above_input_tokens: 200000, input: 6}\n"
            "  c: {input: 0.1, output: 0.4}\n  gone: {input: 9, output: 9}\n"
            "fixed_costs:\n  - {name: db, monthly: 50}\n"
        )
        (folder / "empty.yaml").write_text("")
        job = Job(
            Inputs(
                paths=[str(_random_log(rows, folder))],
                pricing=str(folder / "p.yaml"),
                config=str(folder / "empty.yaml"),
            )
        )
        from llmcost.cube import period_start

        priced = job.priced({"period": period_start("month")}).frame
        frame = explain(priced, job.book.unit_tokens).drop_nulls("cpi_change_abs")
        for row in frame.iter_rows(named=True):
            total = row["price_effect"] + row["mix_effect"] + row["tokens_effect"] + row["fixed_effect"]
            assert total == pytest.approx(row["cpi_change_abs"], rel=1e-9, abs=1e-12)
        cpis = explain(priced, job.book.unit_tokens)["cpi"].to_list()
        from llmcost.metrics.cpi import cpi

        assert cpis == pytest.approx(cpi(priced, "month")["cpi"].to_list(), rel=1e-9)


def test_explain_attributes_a_price_cut_to_price(run, pricing, tmp_path):
    pricing(
        "models:\n  m:\n    prices:\n      - {from: 2026-01-01, input: 10, output: 0}\n"
        "      - {from: 2026-02-01, input: 5, output: 0}\n"
    )
    log = write_log(tmp_path / "log.csv", calls("m", "f", 10, day="2026-01-10") + calls("m", "f", 10, day="2026-02-10"))
    got = run("trend", log, "--explain", "-f", "json").json()[1]
    assert got["cpi_change_abs"] == pytest.approx(-0.005)
    assert got["price_effect"] == pytest.approx(-0.005)
    assert got["mix_effect"] == pytest.approx(0) and got["tokens_effect"] == pytest.approx(0)


def test_explain_gives_no_price_effect_when_cache_reads_stop_and_no_price_changed(run, pricing, tmp_path):
    """Review: January reads half its input from cache ($1 and $0.10 per M), February none. Jan CPI
    $0.55, Feb $1.00: all tokens per call. A type with no tokens was priced at $0, so the cache
    price seemed to fall 0.10 → 0 and price took −0.025 of the +0.45."""
    pricing("bundled: false\nmodels:\n  a: {input: 1.00, output: 2.00, cached_input: 0.10}\n")
    rows = [
        {
            "timestamp": "2026-01-05T00:00:00Z",
            "model": "a",
            "input_tokens": 1_000_000,
            "output_tokens": 0,
            "cached_input_tokens": 500_000,
        },
        {
            "timestamp": "2026-02-05T00:00:00Z",
            "model": "a",
            "input_tokens": 1_000_000,
            "output_tokens": 0,
            "cached_input_tokens": 0,
        },
    ]
    got = run("trend", write_log(tmp_path / "log.csv", rows), "--explain", "-f", "json").json()[1]
    assert got["cpi_change_abs"] == pytest.approx(0.45, rel=1e-12)
    assert got["price_effect"] == 0 and got["mix_effect"] == 0
    assert got["tokens_effect"] == pytest.approx(0.45, rel=1e-12)


def test_charts_only_on_terminals(run, pricing, tmp_path):
    pricing(TWO_MODELS)
    log = write_log(tmp_path / "log.csv", calls("big", "faq", 3))
    assert "Cost by model per month" not in run("models", log).out  # not a terminal
    assert run("report", log, "--html", "r.html").code == 0
    page = (tmp_path / "r.html").read_text()
    assert (
        page.count("<svg") == 2  # CPI by month, cost by model; no margin chart: nobody pays here (no revenue)
        and "<script" not in page
        and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_html_report_renders_in_headless_chromium_with_the_json_totals(run, tmp_path):
    import shutil as sh

    from tests.conftest import ROOT

    for name in ("pricing.yaml", "llmcost.yaml"):
        sh.copy(ROOT / name, tmp_path / name)
    sh.copytree(ROOT / "sample_logs", tmp_path / "sample_logs")
    result = run("report", "--html", "report.html", "-f", "json")
    assert result.code == 0, result.err
    totals = result.json()["headline"][0]
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium here to render the HTML (apt-get install chromium)")
    proc = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (tmp_path / "report.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = proc.stdout
    assert proc.returncode == 0 and "<svg" in dom, proc.stderr[-2000:]
    assert len(re.findall(r"<rect ", dom)) > 10  # the bars were laid out
    assert f"{totals['inferences']:,}" in dom
    assert f"${totals['cost']:,.2f}" in dom and f"{totals['gross_margin'] * 100:.1f}%" in dom
