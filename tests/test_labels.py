"""Labels for people, numbers for machines (issue 14, item 4).

Tables and Markdown say "Token cost"; CSV and JSON keep docs/reference.md §3.2's snake_case names and full
precision. Columns empty in every row are left out of tables only; sub-cent effects read as
two significant digits or "≈ 0"; whatif's counts change as counts; --top footers say what
their total covers.
"""

from __future__ import annotations

import re

import polars as pl
import pytest

from llmcost.labels import label
from llmcost.render import effect
from tests.conftest import ROOT

SAMPLE = [str(ROOT / "sample_logs" / "inferences.parquet"), "--pricing", str(ROOT / "pricing.yaml")]
REVENUE = ["--revenue", str(ROOT / "sample_logs" / "revenue.csv")]


def _markdown_header(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith("| "))
    return [cell.strip() for cell in line.strip("|").split("|")]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("token_cost", "Token cost"),
        ("gross_margin", "Gross margin"),
        ("cpi_change_3m", "CPI change (3 mo)"),
        ("customer_id", "Customer"),
        ("p95_ms", "p95 (ms)"),
        ("kl_something_new", "KL something new"),
        ("brand_new_column", "Brand new column"),
    ],
)
def test_labels_read_as_words(name, shown):
    assert label(name) == shown


def test_tables_say_labels_and_machines_keep_names(run):
    markdown = run("customers", *SAMPLE, *REVENUE, "--top", "2", "-f", "markdown").out
    assert _markdown_header(markdown)[:2] == ["Customer", "Period"]
    assert "Gross margin" in _markdown_header(markdown) and "gross_margin" not in markdown
    csv = run("customers", *SAMPLE, *REVENUE, "--top", "2", "-f", "csv").csv()
    assert csv.columns[:2] == ["customer_id", "period"] and "gross_margin" in csv.columns
    table = run("customers", *SAMPLE, *REVENUE, "--top", "2").out
    assert "Gross margin" in table and "gross_margin" not in table.split("\n\n")[0]


def test_gross_margin_in_csv_stays_a_fraction(run):
    rows = run("customers", *SAMPLE, *REVENUE, "-f", "csv").csv().filter(pl.col("revenue") > 0)
    for row in rows.iter_rows(named=True):
        assert row["gross_margin"] == pytest.approx((row["revenue"] - row["cost"]) / row["revenue"])
        assert row["gross_margin"] <= 1


def test_the_headline_is_a_list_of_label_value(run):
    report = run("report", *SAMPLE, *REVENUE, "-f", "json").json()
    calls = report["headline"][0]["inferences"]
    markdown = run("report", *SAMPLE, *REVENUE, "-f", "markdown").out
    headline = markdown.split("### Headline")[1].split("###")[0]
    assert "| field | value |" not in markdown and f"- Calls: {calls:,}\n" in headline
    table = run("report", *SAMPLE, *REVENUE).out
    assert re.search(rf"(?m)^Calls:\s+{calls:,}$", table)
    assert not re.search(r"(?m)^field\s+value", table)


def test_a_column_empty_in_every_row_is_left_out_of_tables_only(run):
    """Six months of data: no 12-month change anywhere, so no such column for people."""
    rows = run("trend", *SAMPLE, "-f", "json").json()
    assert rows and all(r["cpi_change_12m"] is None for r in rows)
    assert any(r["cpi_change_3m"] is not None for r in rows)
    markdown = run("trend", *SAMPLE, "-f", "markdown").out
    assert "CPI change (12 mo)" not in markdown and "CPI change (3 mo)" in _markdown_header(markdown)
    assert "CPI change (12 mo)" not in run("trend", *SAMPLE).out


def test_effects_round_to_two_digits_or_read_about_zero():
    assert effect(-0.00000062, 0.0286) == "≈ 0"
    assert effect(0.0, 0.0286) == "≈ 0"
    assert effect(-0.0000455, 0.0286) == "−$0.000046"
    assert effect(0.00178, 0.0286) == "+$0.0018"
    assert effect(-0.0286, 0.0286) == "−$0.029"
    assert effect(1234.5, 2000.0) == "+$1,234.50"
    assert effect(None, 1.0) == ""


def test_trend_explain_shows_no_float_noise(run):
    """Each effect in the table is "≈ 0" exactly when it is under a thousandth of the largest one."""
    rows = run("trend", *SAMPLE, "--explain", "-f", "json").json()
    columns = ("cpi_change_abs", "price_effect", "mix_effect", "tokens_effect", "fixed_effect")
    largest = max(abs(r[c]) for r in rows for c in columns if r[c] is not None)
    table = run("trend", *SAMPLE, "--explain", "-f", "markdown").out
    lines = {
        line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")]
        for line in table.splitlines()
        if re.match(r"\| \d{4}-\d\d \|", line)
    }
    for row in rows:
        cells = lines[row["period"]][2:]
        for column, shown in zip(columns, cells, strict=True):
            value = row[column]
            if value is None:
                assert shown == ""
            elif abs(value) < largest / 1000:
                assert shown == "≈ 0", (column, value, shown)
            else:
                digits = re.sub(r"[^0-9.]", "", shown)
                assert shown[0] == ("−" if value < 0 else "+") and len(digits.strip("0.")) <= 3
                assert float(digits) == pytest.approx(abs(value), rel=0.05), (column, value, shown)


def test_whatif_counts_change_as_counts(run):
    rows = run("whatif", *SAMPLE, *REVENUE, "--route", "feature=codegen:gpt-4o", "-f", "json").json()
    count = next(r for r in rows if r["unit"] == "count")
    markdown = run("whatif", *SAMPLE, *REVENUE, "--route", "feature=codegen:gpt-4o", "-f", "markdown").out
    line = next(line for line in markdown.splitlines() if line.startswith(f"| {count['metric']} |"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    difference = round(count["after"] - count["before"])
    assert cells[1:] == [f"{count['before']:,.0f}", f"{count['after']:,.0f}", f"{difference:+d}".replace("-", "−")]
    assert "%" not in line


def test_top_footers_say_what_the_total_covers(run):
    every = run("customers", *SAMPLE, *REVENUE, "-f", "csv").csv()
    top = run("customers", *SAMPLE, *REVENUE, "--top", "3").out
    assert f"total of all {every.height:,}" in top
    whole = run("customers", *SAMPLE, *REVENUE).out
    assert re.search(r"(?m)^ *total ", whole) and "total of all" not in whole
    report = run("report", *SAMPLE, *REVENUE).out
    assert f"Worst-margin customers (5 of {every.height:,})" in report
    models = run("models", *SAMPLE, "-f", "csv").csv()
    assert models.height > 5 and f"Top models by cost (5 of {models.height})" in report


def test_per_month_spread_counts_customer_months(run, pricing, tmp_path):
    """Per month, each row is a customer's month: the note under the table says so (2 customers
    over 2 months are 3 customer-months here, not 3 customers)."""
    from tests.conftest import row, write_log

    pricing("models:\n  m: {input: 1, output: 0}\n")
    rows = [
        row("2026-05-10T00:00:00Z", model="m", input_tokens=1_000_000, output_tokens=0, customer_id="a"),
        row("2026-06-10T00:00:00Z", model="m", input_tokens=1_000_000, output_tokens=0, customer_id="a"),
        row("2026-06-11T00:00:00Z", model="m", input_tokens=3_000_000, output_tokens=0, customer_id="b"),
    ]
    log = write_log(tmp_path / "log.csv", rows)
    assert (
        "cost per customer-month over 3 customer-months with usage: average $1.67"
        in run("customers", log, "--period", "month").out
    )
    assert "cost per customer over 2 customers with usage: average $2.50" in run("customers", log).out
