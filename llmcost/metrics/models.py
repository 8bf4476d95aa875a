"""Cost by model: which entries (or raw names) carry the bill."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import VOLUME, rollup

COLUMNS = (
    "model",
    *VOLUME,
    "cost_share",
    "cpi",
    "avg_input_tokens",
    "avg_output_tokens",
)


def models(priced: pl.DataFrame, column: str = "entry") -> pl.DataFrame:
    """Per pricing entry (or raw model name): volume, cost, share of cost, CPI, tokens per call."""
    frame = rollup(priced.with_columns(pl.col(column).alias("model")), ["model"])
    total = frame["cost"].sum()
    n = pl.col("inferences")
    return (
        frame.with_columns(
            (pl.col("cost") / total if total else pl.lit(None, pl.Float64)).alias("cost_share"),
            (pl.col("cost") / n).alias("cpi"),
            (pl.col("input_tokens") / n).alias("avg_input_tokens"),
            (pl.col("output_tokens") / n).alias("avg_output_tokens"),
        )
        .sort("cost", descending=True)
        .select(COLUMNS)
    )
