"""No silent misreading (issue 14, item 7): a revenue, customers or spend file's every column is
read for what it is or refused by name; ids that differ from the logs only by case are named (or
joined with `customer_id_match: case-insensitive`); a run that priced nothing exits 2.

Every expected amount is worked out by hand: model m costs $1 per million input tokens, and each
log row below is one call of 1,000,000 input tokens, so $1.00 a call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import one_error

PRICES = "models:\n  m: {input: 1, output: 2}\n"
HEADER = "timestamp,model,input_tokens,output_tokens,customer_id"
SIX_MONTHS = [f"2026-{m:02d}-10T00:00:00Z,m,1000000,0,c1" for m in range(1, 7)]  # $1 in each of Jan-Jun


def files(tmp_path: Path, log: list[str], **texts: str) -> None:
    """l.csv (header + `log` rows), p.yaml, and each name=text given (dots as '_': r_csv → r.csv)."""
    (tmp_path / "l.csv").write_text("\n".join([HEADER, *log]) + "\n")
    (tmp_path / "p.yaml").write_text(PRICES)
    for name, text in texts.items():
        (tmp_path / name.replace("_", ".")).write_text(text)


def by_month(result) -> dict[str, float]:
    """Revenue per month of `customers --per-month -f json` (one customer)."""
    assert result.code == 0, result.err
    return {r["period"]: r["revenue"] for r in result.json()}


# --- revenue read for what it is: an invoice date gives the month ------------------------------


def test_the_issue_case_one_500_invoice_is_500_not_3000(run, tmp_path):
    """The issue's own case: one $500 invoice (customer_id, invoice_date, revenue) over a 6-month
    log. Read as a flat monthly plan it was $500 × 6 = $3,000; it is $500, in March only."""
    files(tmp_path, SIX_MONTHS, r_csv="customer_id,invoice_date,revenue\nc1,2026-03-15,500\n")
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 0, result.err
    (c1,) = result.json()
    assert (c1["revenue"], c1["cost"], c1["gross_profit"]) == (500.0, 6.0, 494.0)
    monthly = by_month(
        run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "--per-month", "-f", "json")
    )
    assert monthly == {"2026-01": 0.0, "2026-02": 0.0, "2026-03": 500.0, "2026-04": 0.0, "2026-05": 0.0, "2026-06": 0.0}


def test_a_window_around_every_row_counts_the_same_months_of_revenue_as_no_window(run, tmp_path):
    """Review: calls in March and May, none in April, a flat $100 a month. A window around all of
    them counted April too ($300 against $200 without one), while April's $30 fixed cost was
    left out: only the months the logs touch carry revenue, with or without a window."""
    files(tmp_path, ["2026-03-10T00:00:00Z,m,1000000,0,c1", "2026-05-10T00:00:00Z,m,1000000,0,c1"])
    (tmp_path / "p.yaml").write_text(PRICES + "fixed_costs:\n  - {name: infra, monthly: 30}\n")
    (tmp_path / "r.csv").write_text("customer_id,revenue\nc1,100\n")
    base = ["customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json"]
    for window in ([], ["--since", "2026-03-01", "--until", "2026-06-01"], ["--since", "0001-01-01"]):
        result = run(*base, *window)
        assert result.code == 0, result.err
        (c1,) = result.json()
        assert (c1["revenue"], c1["cost"]) == (200.0, 62.0), window  # March and May: 2 × (100; 1 + 30)
    monthly = by_month(run(*base, "--per-month", "--since", "2026-03-01", "--until", "2026-06-01"))
    assert monthly == {"2026-03": 100.0, "2026-05": 100.0}


@pytest.mark.parametrize(
    ("column", "dates"),
    [
        ("invoice_date", ["2026-02-01", "2026-04-03", "2026-04-28"]),
        ("paid_at", ["2026-02-01T09:00:00Z", "2026-04-03 10:00:00", "2026-04-28T23:59:59+02:00"]),
        ("billing_date", ["2026-02-01", "2026-04-03", "2026-04-28"]),
        ("period_start", ["2026-02", "2026-04", "2026-04"]),
        ("Date", ["2026-02-01", "2026-04-03", "2026-04-28"]),
    ],
)
def test_invoices_count_in_their_month_and_one_month_is_summed(run, tmp_path, column, dates):
    """$100 in February, then $70 and $30 in April: April is their sum, $100; no other month has any.
    A date with a time counts in the date as written."""
    rows = "".join(f"c1,{d},{a}\n" for d, a in zip(dates, (100, 70, 30), strict=True))
    files(tmp_path, SIX_MONTHS, r_csv=f"customer_id,{column},revenue\n{rows}")
    monthly = by_month(
        run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "--per-month", "-f", "json")
    )
    assert monthly == {
        "2026-01": 0.0,
        "2026-02": 100.0,
        "2026-03": 0.0,
        "2026-04": 100.0,
        "2026-05": 0.0,
        "2026-06": 0.0,
    }


def test_parquet_and_yaml_invoices(run, tmp_path):
    """A typed Parquet date column and a YAML list of invoices are read the same way: $500 in March."""
    files(tmp_path, SIX_MONTHS, r_yaml="- {customer_id: c1, invoice_date: 2026-03-15, revenue: 500}\n")
    pl.DataFrame({"customer_id": ["c1"], "invoice_date": [dt.date(2026, 3, 15)], "revenue": [500.0]}).write_parquet(
        tmp_path / "r.parquet"
    )
    for name in ("r.yaml", "r.parquet"):
        monthly = by_month(
            run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", name, "--per-month", "-f", "json")
        )
        assert monthly["2026-03"] == 500.0 and sum(monthly.values()) == 500.0, name


def test_an_invoice_date_that_is_not_a_date_is_named(run, tmp_path):
    files(tmp_path, SIX_MONTHS, r_csv="customer_id,invoice_date,revenue\nc1,2026-03-15,5\nc1,15/03/2026,5\n")
    one_error(
        run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv"),
        "r.csv, row 2: invoice_date '15/03/2026' is not a date (YYYY-MM-DD)",
    )


# --- any other column is read or refused, never passed over ----------------------------------


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("customer_id,revenue,notes\nc1,5,refunded\n", ["r.csv: column 'notes' is not used by llmcost", "remove it"]),
        ("customer_id,revenue,total\nc1,5,6\n", ["r.csv: column 'total' (an amount) is not used by llmcost"]),
        ("customer_id,revenue,arr\nc1,5,60\n", ["column 'arr' (an amount) is not used"]),
        ("customer_id,revenue,amount\nc1,5,6\n", ["column 'amount' (an amount) is not used"]),
        ("customer_id,revenue,status\nc1,5,void\n", ["column 'status' is not used"]),
        (
            "customer_id,month,invoice_date,revenue\nc1,2026-03,2026-03-15,5\n",
            ["column 'invoice_date' (a date) is not used"],
        ),
        (
            "customer_id,invoice_date,due_date,revenue\nc1,2026-03-15,2026-04-15,5\n",
            ["r.csv: columns 'invoice_date', 'due_date' are all dates", "add a 'month' column"],
        ),
        (
            "customer_id,revenue,currency\nc1,5,USD\nc1x,5,EUR\n",
            ["r.csv, row 2: currency 'EUR' is not the pricing table's USD"],
        ),
    ],
    ids=["notes", "total", "arr", "revenue and amount", "status", "month and a date", "two dates", "currency"],
)
def test_a_revenue_column_llmcost_does_not_read_is_an_error(run, tmp_path, text, needles):
    files(tmp_path, SIX_MONTHS, r_csv=text)
    one_error(run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv"), *needles)


def test_label_columns_plan_and_the_pricing_currency_are_read(run, tmp_path):
    """name, email, plan and a currency that is the pricing table's change nothing: $5 a month × 6."""
    files(tmp_path, SIX_MONTHS, r_csv="customer_id,name,email,plan,currency,revenue\nc1,Acme,a@x.io,pro,usd,5\n")
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 0, result.err
    assert result.json()[0]["revenue"] == 30.0


@pytest.mark.parametrize(
    ("customers", "spend", "needles"),
    [
        (
            "customer_id,signup_date,notes\nc1,2026-01-05,trial\n",
            "month,spend\n2026-01,100\n",
            [
                "c.csv: column 'notes' is not used by llmcost",
                "customer_id, signup_date, churn_date, plan, plan_from, channel",
            ],
        ),
        (
            "customer_id,signup_date,cancelled_at\nc1,2026-01-05,2026-02-01\n",
            "month,spend\n2026-01,100\n",
            ["c.csv: column 'cancelled_at' (a date) is not used"],
        ),
        (
            "customer_id,signup_date\nc1,2026-01-05\n",
            "month,spend,channel\n2026-01,100,ads\n",
            ["s.csv: column 'channel' is not used by llmcost (columns read: month, spend"],
        ),
        (
            "customer_id,signup_date\nc1,2026-01-05\n",
            "month,spend,refund\n2026-01,100,40\n",
            ["s.csv: column 'refund' (an amount) is not used"],
        ),
    ],
    ids=["customers notes", "customers churn under another name", "spend channel", "spend refund"],
)
def test_customers_and_spend_columns_are_read_or_refused(run, tmp_path, customers, spend, needles):
    (tmp_path / "c.csv").write_text(customers)
    (tmp_path / "s.csv").write_text(spend)
    one_error(run("cac", "--customers", "c.csv", "--spend", "s.csv", "--as-of", "2026-06-01"), *needles)


def test_the_sample_customers_file_with_plan_and_channel_still_reads(run, tmp_path):
    (tmp_path / "c.csv").write_text(
        "customer_id,signup_date,churn_date,plan,channel,email\nc1,2026-01-05,,pro,ads,a@x.io\n"
    )
    (tmp_path / "s.csv").write_text("month,spend\n2026-01,100\n")
    result = run("cac", "--customers", "c.csv", "--spend", "s.csv", "--as-of", "2026-06-01")
    assert result.code == 0, result.err


# --- ids that differ only by case -----------------------------------------------------------

CASE_LOG = ["2026-05-10T00:00:00Z,m,1000000,0,Acme", "2026-05-10T00:00:00Z,m,1000000,0,beta"]


def test_case_only_ids_are_named_with_the_setting_that_joins_them(run, tmp_path):
    files(
        tmp_path,
        CASE_LOG,
        r_csv="customer_id,revenue\n ACME ,10\nbeta,3\n",
        c_csv="customer_id,signup_date\nBETA,2026-01-01\n",
        llmcost_yaml="customers: c.csv\n",
    )
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2, result.err
    assert "r.csv" in warnings[0] and "'ACME' (logs: 'Acme')" in warnings[0]
    assert "c.csv" in warnings[1] and "'BETA' (logs: 'beta')" in warnings[1]
    assert all("set 'customer_id_match: case-insensitive' in llmcost.yaml" in w for w in warnings)
    revenue = {r["customer_id"]: r["revenue"] for r in result.json()}
    assert revenue == {"ACME": 10.0, "Acme": 0.0, "beta": 3.0}  # not joined: ACME's $10 is not Acme's


def test_case_insensitive_setting_joins_ids_under_the_logs_spelling(run, tmp_path):
    """'ACME ' in the file is the logs' 'Acme': $10 of revenue against $1 of cost, shown as 'Acme';
    no warning, for the revenue or the customers file."""
    files(
        tmp_path,
        CASE_LOG,
        r_csv="customer_id,revenue\n ACME ,10\nBETA,3\n",
        c_csv="customer_id,signup_date\nacme,2026-01-01\n",
        llmcost_yaml="customers: c.csv\ncustomer_id_match: case-insensitive\n",
    )
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 0, result.err
    assert "warning:" not in result.err
    got = {r["customer_id"]: (r["revenue"], r["cost"], r["gross_profit"]) for r in result.json()}
    assert got == {"Acme": (10.0, 1.0, 9.0), "beta": (3.0, 1.0, 2.0)}


def test_case_insensitive_invoices_of_two_spellings_are_summed(run, tmp_path):
    files(
        tmp_path,
        CASE_LOG,
        llmcost_yaml="customer_id_match: case-insensitive\n",
        r_csv="customer_id,invoice_date,revenue\nacme,2026-05-02,4\nACME,2026-05-20,6\n",
    )
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert {r["customer_id"]: r["revenue"] for r in result.json()} == {"Acme": 10.0, "beta": 0.0}


@pytest.mark.parametrize(
    ("yaml", "log", "revenue", "needles"),
    [
        (
            "customer_id_match: case_insensitive\n",
            CASE_LOG,
            "customer_id,revenue\nacme,1\n",
            [
                "llmcost.yaml, line 1: customer_id_match must be exact or case-insensitive, not 'case_insensitive'",
                "did you mean 'case-insensitive'",
            ],
        ),
        (
            "stage: early\ncustomer_id_match: [exact]\n",
            CASE_LOG,
            "customer_id,revenue\nacme,1\n",
            ["llmcost.yaml, line 2: customer_id_match must be text"],
        ),
        (
            "customer_id_match: case-insensitive\n",
            CASE_LOG,
            "customer_id,revenue\nacme,1\nACME,2\n",
            ["r.csv, row 2: customer ACME appears twice", "case-insensitive"],
        ),
        (
            "customer_id_match: case-insensitive\n",
            [*CASE_LOG, "2026-05-11T00:00:00Z,m,1,0,ACME"],
            "customer_id,revenue\nacme,1\n",
            ["r.csv: customer 'acme' matches 2 ids in the logs", "('ACME', 'Acme')"],
        ),
    ],
    ids=["unknown value", "not text", "one customer twice", "two log spellings"],
)
def test_case_insensitive_errors(run, tmp_path, yaml, log, revenue, needles):
    files(tmp_path, log, r_csv=revenue, llmcost_yaml=yaml)
    one_error(run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv"), *needles)


# --- nothing priced: exit 2 with the reason, for every command cron may run ---------------------

NOTHING = {
    "every row rejected": (
        ["not-a-time,m,10,5,c1", "2026-05-10T00:00:00Z,m,-3,5,c1"],
        "nothing priced: every row was rejected (2 rows; first: l.csv row 1: timestamp",
    ),
    "every row unpriced": (
        ["2026-05-10T00:00:00Z,mystery-model-9000,10,5,c1"] * 2,
        "nothing priced: every row is unpriced (2 rows; no price in p.yaml",
    ),
    "empty log": ([], "no rows in l.csv: nothing to price"),
}


@pytest.mark.parametrize("command", ["report", "customers", "flag-customers", "cpi"])
@pytest.mark.parametrize("case", list(NOTHING))
def test_a_run_that_priced_nothing_exits_2_with_its_reason(run, tmp_path, command, case):
    log, reason = NOTHING[case]
    files(tmp_path, log, r_csv="customer_id,revenue\nc1,5\n")
    revenue = [] if command == "cpi" else ["--revenue", "r.csv"]  # cpi reads no revenue
    result = run(command, "l.csv", "--pricing", "p.yaml", *revenue, "-f", "csv")
    line = one_error(result, reason)
    assert result.out == "", result.out  # no empty table for cron to take as a result
    assert line.startswith("error: ")


@pytest.mark.parametrize(
    "revenue", ["customer_id,revenue\nc1,-0\n", "customer_id,month,revenue\nc1,2026-01,-0\nc2,2026-01,-0.0\n"]
)
def test_revenue_minus_zero_is_zero_not_minus_zero_in_the_csv(run, tmp_path, revenue):
    """Review: -0 printed as -0.0; the first fix (+ 0.0) held for a one-row file only."""
    files(tmp_path, SIX_MONTHS[:1], r_csv=revenue)
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "csv")
    assert result.code == 0, result.err
    assert "-0.0" not in result.out and result.out.splitlines()[1].split(",")[6] == "0.0"  # revenue
