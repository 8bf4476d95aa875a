"""Errors (posthog article): error rate, the share of errors that are timeouts, cost of failed calls."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import ratio, rollup

COLUMNS = (
    "inferences",
    "errors",
    "error_rate",
    "timeouts",
    "timeout_share",
    "cost",
    "failed_cost",
    "failed_cost_share",
)


def errors(priced: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Needs `status` among the cube keys so the cost of failed calls can be split out."""
    frame = rollup(priced, keys)
    failed = rollup(priced.filter(pl.col("status") != "ok"), keys).select(*keys, pl.col("cost").alias("failed_cost"))
    if keys:
        frame = frame.join(failed, on=keys, how="left", nulls_equal=True)
    else:
        frame = frame.with_columns(pl.lit(failed["failed_cost"].sum() if failed.height else 0.0).alias("failed_cost"))
    return (
        frame.with_columns(pl.col("failed_cost").fill_null(0.0))
        .with_columns(
            ratio("errors", "inferences").alias("error_rate"),
            ratio("timeouts", "errors").alias("timeout_share"),
            ratio("failed_cost", "cost").alias("failed_cost_share"),
        )
        .select(*keys, *COLUMNS)
    )
