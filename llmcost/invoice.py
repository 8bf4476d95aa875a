"""A provider's cost export → cost per month and model (for `reconcile`).

Recognised columns (case-insensitive): the month or a date/time of the charge
(month, date, start_time, starting_at, usage_date_utc, bucket_start), the model
(model, model_name, line_item, description — OpenAI's line items read
"gpt-4o-2024-08-06, input", so the part before the comma), and the amount
(cost, cost_usd, amount, amount_value, amount.value). That covers OpenAI's and
Anthropic's cost exports and a plain `month, model, cost` CSV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from llmcost.columns import parse_timestamp
from llmcost.errors import LlmcostError
from llmcost.rules import MAX_AMOUNT
from llmcost.tablefile import read_table

if TYPE_CHECKING:
    from llmcost.cube import Window

WHEN = ("month", "date", "start_time", "starting_at", "usage_date_utc", "bucket_start", "period_start")
MODEL = ("model", "model_name", "line_item", "description")
COST = ("cost", "cost_usd", "amount", "amount_value", "amount.value", "usd")


def load_invoice(path: str) -> pl.DataFrame:
    """month (date of the 1st), model (as billed: trimmed, case kept, like every id), cost."""
    return per_month(invoice_lines(path))


def per_month(lines: pl.DataFrame) -> pl.DataFrame:
    """The lines' cost added per month and model (lines of one month are added in file order)."""
    return lines.group_by("month", "model", maintain_order=True).agg(pl.col("cost").sum()).sort("month", "model")


def within(lines: pl.DataFrame, window: Window) -> tuple[pl.DataFrame, int]:
    """The lines whose billed span meets `window`, and how many were left out.

    The logs are read for --since/--until only: an invoice line of another month would
    otherwise show as "not in logs", calls missing from the logs that were never looked for.
    A `YYYY-MM` line bills its whole month and stays when the window touches that month (as a
    log command's months do); a dated line stays when its date or time is inside the window."""
    if not window.bounded:
        return lines, 0
    meets = pl.lit(True)
    if window.since is not None:
        meets = meets & (pl.col("end") > window.since)
    if window.until is not None:
        meets = meets & (pl.col("start") < window.until)
    kept = lines.filter(meets)
    return kept, lines.height - kept.height


def invoice_lines(path: str) -> pl.DataFrame:
    """Each line: month (date of the 1st), model, cost, and [start, end) the time it bills — its
    month for `YYYY-MM`, else the instant of its date or time (end one microsecond later)."""
    raw = read_table(path, "export the costs as CSV (month, model, cost)", parquet=False)
    names = {c.lower(): c for c in raw.columns}

    def pick(options: tuple[str, ...], what: str) -> str:
        for option in options:
            if option in names:
                return names[option]
        raise LlmcostError(f"{path}: no {what} column (looked for {', '.join(options)})")

    when, model, cost = pick(WHEN, "date or month"), pick(MODEL, "model"), pick(COST, "cost")
    text = pl.col(when).str.strip_chars()
    whole = text.str.to_date("%Y-%m", strict=False).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    start = pl.coalesce(whole, parse_timestamp(text, pl.String))
    end = pl.when(whole.is_not_null()).then(whole.dt.offset_by("1mo")).otherwise(start.dt.offset_by("1us"))
    frame = raw.with_row_index("_row", offset=2).select(
        "_row",
        start.dt.date().dt.truncate("1mo").alias("month"),
        start.alias("start"),
        end.alias("end"),
        pl.col(model).str.split(",").list.first().str.strip_chars().alias("model"),
        pl.col(cost).str.strip_chars().str.replace_all(r"[$,]", "").cast(pl.Float64, strict=False).alias("cost"),
        pl.col(when).alias("_when"),
        pl.col(cost).alias("_cost"),
    )
    if row := _first(frame, pl.col("month").is_null() | pl.col("cost").is_null() | pl.col("model").is_null()):
        raise LlmcostError(
            f"{path}, line {row['_row']}: cannot read date {row['_when']!r}, model or cost {row['_cost']!r}"
        )
    # one NaN or 1e400 line would make the month's billed total NaN or infinite
    if row := _first(frame, ~pl.col("cost").is_finite()):
        raise LlmcostError(f"{path}, line {row['_row']}, column {cost}: {row['_cost']!r} is not a finite amount")
    if row := _first(frame, pl.col("cost").abs() > MAX_AMOUNT):  # 1e308 twice in a month sums to inf
        raise LlmcostError(
            f"{path}, line {row['_row']}, column {cost}: {row['_cost']!r} is beyond ±10^15, not one bill"
        )
    return frame.select("month", "model", "cost", "start", "end")


def _first(frame: pl.DataFrame, bad: pl.Expr) -> dict[str, Any] | None:
    """The first line where `bad` holds, by column name, for an error that quotes it (None: no such line)."""
    found = frame.filter(bad)
    return found.row(0, named=True) if found.height else None
