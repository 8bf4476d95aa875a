"""Cost per inference (docs/reference.md §2.2): total cost ÷ priced inferences, with its components."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import OFFSETS, period_label, rollup, with_change

COLUMNS = ("inferences", "cost", "cpi", "cpi_change", "token_cost", "fixed_cost", "amortized_cost")


def cpi(priced: pl.DataFrame, period: str, group: str | None = None, *, label: bool = True) -> pl.DataFrame:
    """One row per period (and group): CPI and its change against the previous period."""
    keys = ["period", *([group] if group else [])]
    frame = rollup(priced, keys).with_columns((pl.col("cost") / pl.col("inferences")).alias("cpi"))
    frame = with_change(frame, "cpi", keys[1:], {"cpi_change": OFFSETS[period]})
    if not label:
        return frame
    return frame.select(period_label(period).alias("period"), *keys[1:], *COLUMNS)
