"""Revenue per customer and month (SPEC §1.3), validated and spread over a window.

A file without `month` is a flat monthly plan: the amount applies to every
month of the report. Partial months are prorated by the days the window covers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from llmcost.cube import Window
from llmcost.errors import LlmcostError
from llmcost.yamlfile import load_yaml

ALIASES = {"customer_id": ("customer_id", "customer", "account_id", "user_id"),
           "month": ("month", "period"), "revenue": ("revenue", "amount", "mrr")}


def load_revenue(path: str) -> pl.DataFrame:
    """customer_id, month (date of the 1st, or null = every month), revenue."""
    raw = _read(path)
    names = {c.lower(): c for c in raw.columns}
    found = {k: next((names[a] for a in aliases if a in names), None) for k, aliases in ALIASES.items()}
    for key in ("customer_id", "revenue"):
        if found[key] is None:
            raise LlmcostError(f"{path}: no '{key}' column (looked for {', '.join(ALIASES[key])})")
    frame = raw.with_row_index("_row", offset=1).select(
        "_row",
        pl.col(found["customer_id"]).cast(pl.String).str.strip_chars().alias("customer_id"),
        (pl.col(found["month"]).cast(pl.String).str.strip_chars() if found["month"]
         else pl.lit(None, pl.String)).alias("_month_text"),
        pl.col(found["revenue"]).cast(pl.String).str.strip_chars().alias("_revenue_text"),
    ).with_columns(
        pl.col("_revenue_text").cast(pl.Float64, strict=False).alias("revenue"),
        pl.col("_month_text").str.to_date("%Y-%m", strict=False).alias("month"),
    )
    _check(frame, path, monthly=found["month"] is not None)
    return frame.select("customer_id", "month", "revenue")


def _read(path: str) -> pl.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise LlmcostError(f"{path}: no such file")
    suffix = file.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            return _from_yaml(path)
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(file)
        return pl.read_csv(file, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(f"{path}: cannot read: {str(exc).strip().splitlines()[0]}") from None


def _from_yaml(path: str) -> pl.DataFrame:
    """Either {customer: amount} (flat monthly) or a list of {customer_id, month, revenue}."""
    data = load_yaml(path)
    if isinstance(data, dict):
        return pl.DataFrame({"customer_id": [str(k) for k in data], "revenue": [str(v) for v in data.values()]})
    if isinstance(data, list) and all(isinstance(x, dict) for x in data):
        return pl.DataFrame([{k: str(v) for k, v in x.items()} for x in data])
    raise LlmcostError(f"{path}: revenue YAML must map customers to amounts, or list rows")


def _check(frame: pl.DataFrame, path: str, monthly: bool) -> None:
    def fail(mask: pl.Expr, message: str) -> None:
        bad = frame.filter(mask)
        if bad.height:
            first = bad.row(0, named=True)
            raise LlmcostError(f"{path}, row {first['_row']}: {message.format(**first)}")

    fail(pl.col("customer_id").is_null() | (pl.col("customer_id") == ""), "customer_id is empty")
    fail(pl.col("revenue").is_null(), "revenue {_revenue_text!r} is not a number")
    fail(pl.col("revenue") < 0, "revenue {revenue} is negative")
    fail(~pl.col("revenue").is_finite(), "revenue {_revenue_text!r} is not a finite amount")
    if monthly:
        fail(pl.col("month").is_null(), "month {_month_text!r} is not YYYY-MM")
    keys = ["customer_id", "month"]
    fail(frame.select(~pl.struct(keys).is_first_distinct()).to_series(), "customer {customer_id} appears twice"
         + (" for month {_month_text}" if monthly else "") + " (one row per customer and month)")


def month_fractions(window: Window, months_in_logs: list[dt.date]) -> pl.DataFrame:
    """The months of the report and the share of each the window covers (for proration)."""
    if window.since is None and window.until is None:
        months = sorted(set(months_in_logs))
    else:
        first = (window.since.date() if window.since else min(months_in_logs, default=None))
        last = ((window.until - dt.timedelta(microseconds=1)).date() if window.until
                else max(months_in_logs, default=None))
        months = _month_range(first, last) if first and last else []
    rows = []
    for month in months:
        end = _next_month(month)
        start = max(month, window.since.date()) if window.since else month
        stop = min(end, window.until.date()) if window.until else end
        rows.append((month, max(0, (stop - start).days) / (end - month).days))
    return pl.DataFrame(rows, schema={"month": pl.Date, "fraction": pl.Float64}, orient="row")


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    month, out = first.replace(day=1), []
    while month <= last:
        out.append(month)
        month = _next_month(month)
    return out


def spread(revenue: pl.DataFrame, fractions: pl.DataFrame) -> pl.DataFrame:
    """Revenue per customer and month of the report, prorated; flat plans fill every month."""
    monthly = revenue.filter(pl.col("month").is_not_null()).join(fractions, on="month", how="inner")
    flat = revenue.filter(pl.col("month").is_null()).drop("month").join(fractions, how="cross")
    both = pl.concat([monthly.select("customer_id", "month", "revenue", "fraction"),
                      flat.select("customer_id", "month", "revenue", "fraction")])
    return both.select("customer_id", "month", (pl.col("revenue") * pl.col("fraction")).alias("revenue"))
