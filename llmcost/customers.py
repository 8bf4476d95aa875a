"""The customers file (signup, churn) and the marketing-spend file (docs/reference.md §1.4): the two inputs of
adjusted CAC — what acquiring a customer cost, and who was acquired when."""

from __future__ import annotations

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.rules import MAX_AMOUNT
from llmcost.tablefile import read_table, refuse_nested, refuse_unused

CUSTOMER_COLUMNS = ("customer_id", "signup_date", "churn_date", "plan", "plan_from", "channel")
SPEND_COLUMNS = ("month", "spend")


def _read(path: str, columns: str) -> pl.DataFrame:
    """CSV or Parquet, every CSV cell as text, each row numbered from 1 (a folder, binary or JSON
    file is one `error:` line)."""
    frame = read_table(path, f"give a CSV or Parquet file with columns {columns}")
    refuse_nested(path, frame.schema, frame.columns)
    return frame.with_row_index("_row", offset=1)


def _need(frame: pl.DataFrame, path: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        if column not in frame.columns:
            raise LlmcostError(f"{path}: no '{column}' column (columns: {', '.join(frame.columns[1:])})")


def _dates(frame: pl.DataFrame, path: str, column: str, fmt: str, required: bool) -> pl.Expr:
    """Text dates in `fmt`; a Parquet date or date-time column is taken as it is."""
    if isinstance(frame.schema[column], pl.Date | pl.Datetime):
        parsed = pl.col(column).cast(pl.Date)
        parsed = parsed.dt.truncate("1mo") if fmt == "%Y-%m" else parsed
        text = parsed.cast(pl.String)
    else:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        parsed = text.str.to_date(fmt, strict=False)
    bad = frame.filter((text.is_not_null() & (text != "") & parsed.is_null()) | (required & parsed.is_null()))
    if bad.height:
        row = bad.row(0, named=True)
        want = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else "YYYY-MM"
        raise LlmcostError(f"{path}, row {row['_row']}, column {column}: {row[column]!r} is not a date ({want})")
    return parsed.alias(column)


def load_customers(path: str) -> pl.DataFrame:
    """customer_id, signup_date, churn_date. Ids follow the rule for ids on every input: the
    text as written, surrounding whitespace removed, case kept; each customer once, with the
    dates given on any of its rows (one_per_customer)."""
    frame = _read(path, "customer_id, signup_date, churn_date")
    _need(frame, path, ("customer_id", "signup_date"))
    refuse_unused(path, frame.columns[1:], CUSTOMER_COLUMNS, ", ".join(CUSTOMER_COLUMNS))
    if "churn_date" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("churn_date"))
    frame = frame.with_columns(pl.col("customer_id").cast(pl.String).str.strip_chars())
    # a customer who changed plan has one row per plan, each from its `plan_from` date (llmcost.plans)
    once = pl.struct("customer_id", "plan_from") if "plan_from" in frame.columns else pl.col("customer_id")
    for mask, message in (
        (pl.col("customer_id").fill_null("") == "", "customer_id is empty"),
        (
            ~once.is_first_distinct() & (pl.col("customer_id") != ""),
            "customer {customer_id} appears twice (one row per customer; ids are compared without surrounding spaces)",
        ),
    ):
        bad = frame.filter(mask)
        if bad.height:
            row = bad.row(0, named=True)
            raise LlmcostError(f"{path}, row {row['_row']}, column customer_id: {message.format(**row)}")
    frame = frame.with_columns(
        _dates(frame, path, "signup_date", "%Y-%m-%d", True),
        _dates(frame, path, "churn_date", "%Y-%m-%d", False),
    )
    frame = one_per_customer(one_per_customer(frame, path, "signup_date"), path, "churn_date")
    return frame.select("customer_id", "signup_date", "churn_date").unique(
        "customer_id", keep="first", maintain_order=True
    )


def one_per_customer(frame: pl.DataFrame, path: str, column: str) -> pl.DataFrame:
    """A customer's signup or churn date given on any of its rows holds for all of them: a
    customer with one row per plan (§1.4) may give its churn date on the last plan's row only,
    and adjusted CAC (one row per customer) and plans (one per plan) must read the same date.
    Two different dates for one customer is an error naming the row."""
    one = pl.col(column).min().over("customer_id").alias("_one")
    bad = frame.with_columns(one).filter(pl.col(column).is_not_null() & (pl.col(column) != pl.col("_one")))
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(
            f"{path}, row {row['_row']}, column {column}: customer {row['customer_id']} has {column} "
            f"{row[column]} here and {row['_one']} on another row (one {column} per customer)"
        )
    return frame.with_columns(one.alias(column))


def load_spend(path: str) -> pl.DataFrame:
    """month, spend: a finite amount ≥ 0 per month (NaN or inf spend would make every CAC NaN)."""
    frame = _read(path, "month, spend")
    _need(frame, path, ("month", "spend"))
    refuse_unused(path, frame.columns[1:], SPEND_COLUMNS, ", ".join(SPEND_COLUMNS))
    spend = pl.col("spend").cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    bad = frame.filter(spend.is_null() | ~spend.is_finite() | (spend < 0))
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(f"{path}, row {row['_row']}, column spend: {row['spend']!r} is not a finite amount ≥ 0")
    if (big := frame.filter(spend > MAX_AMOUNT)).height:  # months of 1e308 add up to inf
        row = big.row(0, named=True)
        raise LlmcostError(f"{path}, row {row['_row']}, column spend: {row['spend']!r} is above 10^15, not one month's")
    frame = frame.select(_dates(frame, path, "month", "%Y-%m", True), spend.alias("spend"))
    twice = frame.filter(pl.col("month").is_duplicated())
    if twice.height:
        raise LlmcostError(f"{path}: month {twice['month'][0]:%Y-%m} appears twice (one row per month)")
    return frame
