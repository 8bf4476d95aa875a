"""Generation latency (posthog article): p50/p95/p99 per group, and periods whose p95 spikes."""

from __future__ import annotations

import polars as pl

SPIKE_FACTOR = 2.0  # a period whose p95 is over twice the median period's p95


def latency(rows: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    ms = pl.col("latency_ms").drop_nulls()
    aggs = [ms.count().alias("calls_with_latency"), ms.mean().alias("mean_ms"),
            *(ms.quantile(q, interpolation="linear").alias(f"p{int(q * 100)}_ms") for q in (0.5, 0.95, 0.99))]
    return (rows.group_by(keys).agg(aggs).sort(keys, nulls_last=True)) if keys else rows.select(aggs)


def spikes(per_period: pl.DataFrame) -> pl.DataFrame:
    """Mark periods whose p95 is far above the median period's p95."""
    median = per_period["p95_ms"].median()
    return per_period.with_columns(
        pl.lit(median).alias("median_period_p95_ms"),
        (pl.col("p95_ms") > SPIKE_FACTOR * median).fill_null(False).alias("spike"),
    )
