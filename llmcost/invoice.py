"""A provider's cost export → cost per month and model (for `reconcile`).

Recognised columns (case-insensitive): the month or a date/time of the charge
(month, date, start_time, starting_at, usage_date_utc, bucket_start), the model
(model, model_name, line_item, description — OpenAI's line items read
"gpt-4o-2024-08-06, input", so the part before the comma), and the amount
(cost, cost_usd, amount, amount_value, amount.value). That covers OpenAI's and
Anthropic's cost exports and a plain `month, model, cost` CSV.
"""

from __future__ import annotations

import polars as pl

from llmcost.columns import parse_timestamp
from llmcost.errors import LlmcostError
from llmcost.tablefile import read_table

WHEN = ("month", "date", "start_time", "starting_at", "usage_date_utc", "bucket_start", "period_start")
MODEL = ("model", "model_name", "line_item", "description")
COST = ("cost", "cost_usd", "amount", "amount_value", "amount.value", "usd")


def load_invoice(path: str) -> pl.DataFrame:
    """month (date of the 1st), model (as billed: trimmed, case kept, like every id), cost."""
    raw = read_table(path, "export the costs as CSV (month, model, cost)", parquet=False)
    names = {c.lower(): c for c in raw.columns}

    def pick(options: tuple[str, ...], what: str) -> str:
        for option in options:
            if option in names:
                return names[option]
        raise LlmcostError(f"{path}: no {what} column (looked for {', '.join(options)})")

    when, model, cost = pick(WHEN, "date or month"), pick(MODEL, "model"), pick(COST, "cost")
    text = pl.col(when).str.strip_chars()
    month = pl.coalesce(
        text.str.to_date("%Y-%m", strict=False), parse_timestamp(text, pl.String).dt.date().dt.truncate("1mo")
    )
    frame = raw.with_row_index("_row", offset=2).select(
        "_row",
        month.alias("month"),
        pl.col(model).str.split(",").list.first().str.strip_chars().alias("model"),
        pl.col(cost).str.strip_chars().str.replace_all(r"[$,]", "").cast(pl.Float64, strict=False).alias("cost"),
        pl.col(when).alias("_when"),
        pl.col(cost).alias("_cost"),
    )
    bad = frame.filter(pl.col("month").is_null() | pl.col("cost").is_null() | pl.col("model").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(
            f"{path}, line {row['_row']}: cannot read date {row['_when']!r}, model or cost {row['_cost']!r}"
        )
    bad = frame.filter(~pl.col("cost").is_finite())
    if bad.height:  # one NaN or 1e400 line would make the month's billed total NaN or infinite
        row = bad.row(0, named=True)
        raise LlmcostError(f"{path}, line {row['_row']}, column {cost}: {row['_cost']!r} is not a finite amount")
    return frame.group_by("month", "model").agg(pl.col("cost").sum()).sort("month", "model")
