"""Customers (signup, churn) and marketing spend per month (SPEC §1.4), for adjusted CAC."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from llmcost.errors import LlmcostError


def _read(path: str) -> pl.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise LlmcostError(f"{path}: no such file")
    try:
        if file.suffix.lower() in (".parquet", ".pq"):
            return pl.read_parquet(file).with_row_index("_row", offset=1)
        return pl.read_csv(file, infer_schema=False).with_row_index("_row", offset=1)
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(f"{path}: cannot read: {str(exc).strip().splitlines()[0]}") from None


def _need(frame: pl.DataFrame, path: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        if column not in frame.columns:
            raise LlmcostError(f"{path}: no '{column}' column (columns: {', '.join(frame.columns[1:])})")


def _dates(frame: pl.DataFrame, path: str, column: str, fmt: str, required: bool) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    parsed = text.str.to_date(fmt, strict=False)
    bad = frame.filter((text.is_not_null() & (text != "") & parsed.is_null()) | (required & parsed.is_null()))
    if bad.height:
        row = bad.row(0, named=True)
        want = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else "YYYY-MM"
        raise LlmcostError(f"{path}, row {row['_row']}, column {column}: {row[column]!r} is not a date ({want})")
    return parsed.alias(column)


def load_customers(path: str) -> pl.DataFrame:
    frame = _read(path)
    _need(frame, path, ("customer_id", "signup_date"))
    if "churn_date" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("churn_date"))
    return frame.select(pl.col("customer_id").cast(pl.String),
                        _dates(frame, path, "signup_date", "%Y-%m-%d", True),
                        _dates(frame, path, "churn_date", "%Y-%m-%d", False))


def load_spend(path: str) -> pl.DataFrame:
    frame = _read(path)
    _need(frame, path, ("month", "spend"))
    spend = pl.col("spend").cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    bad = frame.filter(spend.is_null() | (spend < 0))
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(f"{path}, row {row['_row']}, column spend: {row['spend']!r} is not an amount ≥ 0")
    frame = frame.select(_dates(frame, path, "month", "%Y-%m", True), spend.alias("spend"))
    twice = frame.filter(pl.col("month").is_duplicated())
    if twice.height:
        raise LlmcostError(f"{path}: month {twice['month'][0]:%Y-%m} appears twice (one row per month)")
    return frame
