"""customers, trend, models, flag-customers, report — against the seed articles' worked examples."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.conftest import write_log

# Every call of model "m" costs exactly $0.05: 1,000 input tokens at $50 per million.
FIVE_CENTS = "models:\n  m: {input: 50, output: 0}\n"


def calls(customer: str, n: int, month: str = "2026-05", model: str = "m") -> list[dict]:
    return [
        {
            "timestamp": f"{month}-{1 + i % 28:02d}T12:00:00Z",
            "model": model,
            "input_tokens": 1000,
            "output_tokens": 0,
            "customer_id": customer,
        }
        for i in range(n)
    ]


@pytest.fixture
def article(tmp_path, pricing):
    """seven-metrics #2: small user $50 / 500 calls, power user $200 / 8,000 calls, $0.05 each."""
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", calls("small", 500) + calls("power", 8000))
    (tmp_path / "revenue.csv").write_text("customer_id,month,revenue\nsmall,2026-05,50\npower,2026-05,200\n")
    return log


def test_margin_table_from_the_article(run, article):
    rows = {r["customer_id"]: r for r in run("customers", article, "--revenue", "revenue.csv", "-f", "json").json()}
    assert rows["small"]["cost"] == pytest.approx(25) and rows["small"]["gross_margin"] == pytest.approx(0.5)
    assert rows["power"]["cost"] == pytest.approx(400) and rows["power"]["gross_margin"] == pytest.approx(-1.0)
    assert rows["power"]["flagged"] and not rows["small"]["flagged"]
    total_revenue, total_cost = D(250), D(425)
    margin = (total_revenue - total_cost) / total_revenue  # −70 %, the article's "average" row
    together = sum(r["revenue"] - r["cost"] for r in rows.values()) / sum(r["revenue"] for r in rows.values())
    assert together == pytest.approx(float(margin)) == pytest.approx(-0.70)
    table = run("customers", article, "--revenue", "revenue.csv").out
    assert "−70.0%" in table  # the footer shows the margin of the totals


def test_the_footer_counts_unbilled_customers_as_it_counts_flagged(run, article, monkeypatch):
    """With no revenue file every customer is unbilled; the footer said Flagged 0 and left
    Unbilled blank, which read as "none unbilled" (a newcomer's one-month log)."""
    monkeypatch.setenv("COLUMNS", "250")
    table = run("customers", article).out
    header = next(line for line in table.splitlines() if "Unbilled" in line)
    footer = next(line for line in table.splitlines() if line.strip().startswith("total"))
    assert header.rstrip().endswith("Unbilled") and footer.split()[-2:] == ["0", "2"], (header, footer)


def test_cost_per_inference_five_cents_on_a_49_dollar_plan(run, pricing, tmp_path):
    """seven-metrics #1: $0.05 × 1,000 inferences = $50 a month against $49 of revenue: −$1."""
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", calls("c", 1000))
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\nc,49\n")  # flat monthly plan
    row = run("customers", log, "--revenue", "revenue.csv", "-f", "json").json()[0]
    assert row["cost_per_inference"] == pytest.approx(0.05)
    assert row["gross_profit"] == pytest.approx(-1.0)
    assert row["flagged"] is True


def test_flat_revenue_applies_to_every_month_and_prorates(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    # calls on every day to the 28th, so the half-month window below holds some (a run that
    # prices nothing is an error)
    log = write_log(tmp_path / "log.csv", calls("c", 28, "2026-05") + calls("c", 10, "2026-06"))
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\nc,31\nidle,100\n")
    rows = {r["customer_id"]: r for r in run("customers", log, "--revenue", "revenue.csv", "-f", "json").json()}
    assert rows["c"]["revenue"] == pytest.approx(62) and rows["c"]["period"] == "2026-05-01/2026-07-01"
    assert rows["idle"]["inferences"] == 0 and rows["idle"]["cost"] == 0  # revenue and no usage: listed
    partial = run(
        "customers", log, "--revenue", "revenue.csv", "--since", "2026-05-17", "--until", "2026-06-01", "-f", "json"
    )
    got = {r["customer_id"]: r for r in partial.json()}
    assert got["c"]["revenue"] == pytest.approx(31 * 15 / 31)
    assert got["c"]["period"] == "2026-05-17/2026-06-01"
    assert "prorated" in run("customers", log, "--revenue", "revenue.csv", "--since", "2026-05-17").out


def test_unbilled_customers_are_listed_and_flagged_only_when_asked(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", calls("paying", 10) + calls("free", 20))
    (tmp_path / "revenue.csv").write_text("customer_id,month,revenue\npaying,2026-05,100\n")
    rows = {r["customer_id"]: r for r in run("customers", log, "--revenue", "revenue.csv", "-f", "json").json()}
    assert rows["free"]["unbilled"] is True and rows["free"]["gross_margin"] is None
    assert rows["free"]["flagged"] is False
    assert run("flag-customers", log, "--revenue", "revenue.csv").code == 0
    flagged = run("flag-customers", log, "--revenue", "revenue.csv", "--include-unbilled", "-f", "json")
    assert flagged.code == 1 and [r["customer_id"] for r in flagged.json()] == ["free"]


@pytest.mark.parametrize(("currency", "symbol"), [("USD", "$"), ("EUR", "€")])
def test_every_flagged_customer_says_why(run, pricing, tmp_path, currency, symbol):
    """A revenue of 0 is flagged with --include-unbilled as a missing revenue row is, but it is
    not unbilled and has no margin: its `why` was empty. Amounts are in the pricing currency."""
    pricing(f"currency: {currency}\n{FIVE_CENTS}")
    log = write_log(tmp_path / "log.csv", calls("zero", 20) + calls("absent", 10) + calls("losing", 40))
    (tmp_path / "revenue.csv").write_text("customer_id,month,revenue\nzero,2026-05,0\nlosing,2026-05,1\n")
    result = run("flag-customers", log, "--revenue", "revenue.csv", "--include-unbilled", "-f", "csv")
    assert result.code == 1
    assert result.csv().select("customer_id", "why").rows() == [
        ("losing", "gross margin −100.0% below 0.0%"),
        ("zero", f"revenue {symbol}0.00, costs {symbol}1.00"),
        ("absent", f"unbilled, costs {symbol}0.500"),
    ]


def test_tables_say_what_flagged_and_unbilled_mean(run, article):
    table = run("customers", article, "--revenue", "revenue.csv", "--threshold", "0.2").out
    assert "flagged = a paying customer whose gross margin is below 20.0%;" in table
    assert "unbilled = no revenue for the customer in the revenue file" in table
    strict = run(
        "flag-customers", article, "--revenue", "revenue.csv", "--min-inferences", "50", "--include-unbilled"
    ).out
    assert "below 0.0%, with at least 50 inferences; unbilled customers with costs too;" in strict
    assert "flagged = " in run("report", article, "--revenue", "revenue.csv").out


def test_customers_sort_top_and_columns(run, article):
    result = run("customers", article, "--revenue", "revenue.csv", "-f", "csv", "--sort", "cost", "--top", "1")
    frame = result.csv()
    assert frame.columns[:12] == [
        "customer_id",
        "period",
        "inferences",
        "input_tokens",
        "output_tokens",
        "cost",
        "revenue",
        "gross_profit",
        "gross_margin",
        "cost_per_inference",
        "revenue_per_inference",
        "flagged",
    ]
    assert frame["customer_id"].to_list() == ["power"]


def test_per_month_rows(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", calls("c", 10, "2026-05") + calls("c", 30, "2026-06"))
    (tmp_path / "revenue.csv").write_text("customer_id,month,revenue\nc,2026-05,1\nc,2026-06,1\n")
    rows = run("customers", log, "--revenue", "revenue.csv", "--per-month", "-f", "json").json()
    got = sorted((r["period"], r["inferences"], r["revenue"]) for r in rows)
    assert got == [("2026-05", 10, 1.0), ("2026-06", 30, 1.0)]


def test_flag_customers_exit_codes_and_quiet(run, article, tmp_path):
    assert run("flag-customers", article, "--revenue", "revenue.csv").code == 1
    quiet = run("flag-customers", article, "--revenue", "revenue.csv", "--quiet")
    assert (quiet.code, quiet.out, quiet.err) == (1, "", "")
    assert run("flag-customers", article, "--revenue", "revenue.csv", "--threshold", "-2").code == 0
    assert run("flag-customers", article, "--revenue", "revenue.csv", "--min-inferences", "9000").code == 0
    assert run("flag-customers", article, "--revenue", "nope.csv").code == 2
    got = run("flag-customers", article, "--revenue", "revenue.csv", "-f", "json").json()
    assert [r["customer_id"] for r in got] == ["power"]
    assert "below 0.0%" in got[0]["why"]


def test_flag_customers_defaults_to_the_latest_month(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    # April: c loses money; May (the latest month): it does not.
    log = write_log(tmp_path / "log.csv", calls("c", 100, "2026-04") + calls("c", 10, "2026-05"))
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\nc,2\n")
    assert run("flag-customers", log, "--revenue", "revenue.csv").code == 0
    april = run("flag-customers", log, "--revenue", "revenue.csv", "--month", "2026-04", "-f", "csv")
    assert april.code == 1 and april.csv()["period"].to_list() == ["2026-04-01/2026-05-01"]


def test_hostile_customer_id_is_neutralised_in_csv(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    hostile = '=HYPERLINK("http://evil.example","x")'
    log = write_log(tmp_path / "log.csv", calls(hostile, 2) + calls("-2+3", 1) + calls("@sum", 1))
    out = run("customers", log, "-f", "csv").csv()
    assert set(out["customer_id"].to_list()) == {"'" + hostile, "'-2+3", "'@sum"}
    # JSON is for programs: values stay exact
    assert hostile in {r["customer_id"] for r in run("customers", log, "-f", "json").json()}


def test_trend_formula_on_a_hand_made_series(run, pricing, tmp_path):
    """(CPI_now − CPI_then) ÷ CPI_then, against 1, 3 and 6 months earlier."""
    pricing("models:\n  m: {input: 1000000, output: 0}\n")  # cost = input_tokens dollars
    cpis = {"2026-01": 8, "2026-02": 6, "2026-03": 5, "2026-04": 4, "2026-05": 4, "2026-06": 3, "2026-07": 2}
    rows = [
        {"timestamp": f"{m}-10T00:00:00Z", "model": "m", "input_tokens": c, "output_tokens": 0}
        for m, c in cpis.items()
        for _ in range(3)
    ]
    got = {r["period"]: r for r in run("trend", write_log(tmp_path / "log.csv", rows), "-f", "json").json()}
    assert got["2026-01"]["cpi_change"] is None
    assert got["2026-02"]["cpi_change"] == pytest.approx((6 - 8) / 8)
    assert got["2026-04"]["cpi_change_3m"] == pytest.approx((4 - 8) / 8)
    assert got["2026-07"]["cpi_change_3m"] == pytest.approx((2 - 4) / 4)
    assert got["2026-07"]["cpi_change_6m"] == pytest.approx((2 - 8) / 8)
    assert got["2026-07"]["cpi_change_12m"] is None
    table = run("trend", write_log(tmp_path / "log.csv", rows)).out
    assert "falling as fast as the market" in table


def test_trend_by_model_and_gaps(run, pricing, tmp_path):
    pricing("models:\n  a: {input: 1000000, output: 0}\n  b: {input: 1000000, output: 0}\n")
    rows = [
        {"timestamp": "2026-01-05T00:00:00Z", "model": "a", "input_tokens": 2, "output_tokens": 0},
        {"timestamp": "2026-03-05T00:00:00Z", "model": "a", "input_tokens": 1, "output_tokens": 0},
        {"timestamp": "2026-02-05T00:00:00Z", "model": "b", "input_tokens": 4, "output_tokens": 0},
        {"timestamp": "2026-03-05T00:00:00Z", "model": "b", "input_tokens": 5, "output_tokens": 0},
    ]
    got = run("trend", write_log(tmp_path / "log.csv", rows), "--by", "model", "-f", "json").json()
    by = {(r["period"], r["model"]): r for r in got}
    assert by[("2026-03", "a")]["cpi_change"] is None  # no February for a: no previous period
    assert by[("2026-03", "b")]["cpi_change"] == pytest.approx(0.25)


def test_models_share_and_raw(run, pricing, tmp_path):
    pricing("models:\n  big: {input: 10, output: 0, match: ['big-*']}\n  small: {input: 1, output: 0}\n")
    rows = calls("c", 3, model="big-2024") + calls("c", 1, model="big") + calls("c", 6, model="small")
    log = write_log(tmp_path / "log.csv", rows)
    got = {r["model"]: r for r in run("models", log, "-f", "json").json()}
    assert got["big"]["cost"] == pytest.approx(4 * 1000 * 10 / 1e6)
    assert got["big"]["cost_share"] == pytest.approx(0.04 / (0.04 + 0.006))
    assert got["small"]["avg_input_tokens"] == 1000
    raw = {r["model"] for r in run("models", log, "--raw", "-f", "json").json()}
    assert raw == {"big-2024", "big", "small"}


def test_report_sections_targets_and_needs(run, article):
    got = run("report", article, "-f", "json").json()
    assert {"headline", "dashboard", "trend", "top_models", "worst_customers", "efficiency", "accounting"} <= set(got)
    board = {r["metric"]: r for r in got["dashboard"]}
    assert board["cpi"]["current"] == pytest.approx(0.05) and board["cpi"]["status"] == "off"
    assert board["cpi"]["action"].startswith(
        "Optimize model choice: m carries 100.0% of cost at $0.0500 a call → llmcost models "
    )
    assert board["gross_margin"]["status"] == "needs --revenue"
    with_revenue = run("report", article, "--revenue", "revenue.csv", "-f", "json").json()
    assert with_revenue["headline"][0]["gross_margin"] == pytest.approx(-0.70)
    assert with_revenue["headline"][0]["flagged_customers"] == 1
    assert with_revenue["accounting"][0]["read"] == 8500


def test_report_targets_follow_stage_and_overrides(run, article, tmp_path):
    (tmp_path / "llmcost.yaml").write_text("stage: growth\ntargets: {prompt_tokens: 5000}\n")
    board = {r["metric"]: r for r in run("report", article, "-f", "json").json()["dashboard"]}
    assert board["cpi"]["target"] == 0.02
    assert board["prompt_tokens"]["target"] == 5000 and board["prompt_tokens"]["status"] == "ok"


def test_report_markdown_and_output_file(run, article, tmp_path):
    md = run("report", article, "-f", "markdown").out
    assert "### Dashboard" in md and "| Label |" in md
    result = run("customers", article, "-f", "csv", "-o", "out.csv")
    assert result.out == "" and (tmp_path / "out.csv").read_text().startswith("customer_id,period")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_every_format_gives_the_same_numbers(run, article):
    import io
    import json

    import polars as pl

    as_csv = pl.read_csv(io.StringIO(run("customers", article, "--revenue", "revenue.csv", "-f", "csv").out))
    as_json = pl.DataFrame(json.loads(run("customers", article, "--revenue", "revenue.csv", "-f", "json").out))
    for column in ("cost", "revenue", "gross_margin", "inferences"):
        assert as_csv[column].to_list() == as_json[column].to_list()


def test_report_rows_from_issue_four_say_what_they_need(run, article):
    board = {r["metric"]: r for r in run("report", article, "-f", "json").json()["dashboard"]}
    assert board["adjusted_cac"]["status"] == "needs --customers and --spend"
    assert board["downgrade_tolerance"]["status"] == "needs a feature column"
    assert board["feedback_rate"]["status"] == "needs a feedback column"
    assert board["flywheel_retry_trend"]["status"] == "needs an is_retry column"


def test_report_adjusted_cac_row(run, article, tmp_path):
    (tmp_path / "customers.csv").write_text(
        "customer_id,signup_date,churn_date\na,2026-01-02,\nb,2026-01-05,2026-01-20\n"
    )
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,300\n")
    got = run("report", article, "--customers", "customers.csv", "--spend", "spend.csv", "-f", "json").json()
    board = {r["metric"]: r for r in got["dashboard"]}
    assert board["adjusted_cac"]["current"] == pytest.approx(300.0)  # one of two signups stayed 90 days
    assert board["adjusted_cac"]["status"] == "off" and board["adjusted_cac"]["action"] == "Target specific verticals"
    assert any("the 2026-01 signup cohort" in note for note in got["dashboard_notes"])


def test_markup_in_values_is_shown_as_text_in_tables(run, pricing, tmp_path):
    pricing(FIVE_CENTS)
    log = write_log(tmp_path / "log.csv", calls("[red]x[/red]", 1) + calls("[/]", 1))
    result = run("customers", log)
    assert result.code == 0, result.err
    assert "[red]x[/red]" in result.out and "[/]" in result.out


def test_equal_margins_come_out_in_customer_order_whatever_the_input_order():
    import polars as pl

    from llmcost.metrics.margin import sort_customers

    frame = pl.DataFrame(
        {
            "customer_id": ["c", "a", "b"],
            "period": ["2026-01"] * 3,
            "gross_margin": [0.5, 0.5, 0.1],
            "cost": [1.0, 1.0, 2.0],
            "revenue": [2.0, 2.0, 2.2],
            "inferences": [3, 3, 3],
        }
    )
    for order in (frame, frame.reverse()):
        assert sort_customers(order, "margin", None)["customer_id"].to_list() == ["b", "a", "c"]
        assert sort_customers(order, "inferences", None)["customer_id"].to_list() == ["a", "b", "c"]


def test_report_reads_rejected_rows_once_for_its_two_cubes(run, tmp_path, monkeypatch, pricing):
    """report sums money and signals in two passes; where rows were rejected, the second
    pass reuses the first's list instead of scanning the log again."""
    import llmcost.job

    pricing(FIVE_CENTS)
    calls_made = []
    real = llmcost.job.rejections
    monkeypatch.setattr(llmcost.job, "rejections", lambda *a: calls_made.append(1) or real(*a))
    rows = [*calls("c", 3), {**calls("c", 1)[0], "input_tokens": "oops"}]
    got = run("report", write_log(tmp_path / "log.csv", rows), "-f", "json").json()
    assert got["accounting"][0]["rejected"] == 1 and got["accounting"][0]["read"] == 4
    assert len(calls_made) == 1
