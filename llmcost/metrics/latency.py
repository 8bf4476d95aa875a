"""Generation latency (posthog article): p50/p95/p99 per group, and periods whose p95 spikes.

The percentiles come from a histogram built in one streaming pass (llmcost.sketch), so memory
does not grow with the rows; `exact` ranks the values themselves when they are few enough.
"""

from __future__ import annotations

import polars as pl

from llmcost import scalars, sketch
from llmcost.rules import fixed_expr, unfix

SPIKE_FACTOR = 2.0  # a period whose p95 is over twice the median period's p95
QUANTILES = (0.5, 0.95, 0.99)
PERCENTILES = tuple(f"p{round(q * 100)}_ms" for q in QUANTILES)


def cells(frames: list[pl.LazyFrame], keys: list[str]) -> pl.DataFrame:
    """The latency histogram per `keys`, one batch of rows at a time."""
    return sketch.histogram(frames, keys, {"latency_ms": pl.col("latency_ms")})


def latency(histogram: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, bool]:
    """Calls with a latency, mean and p50/p95/p99 per group; and whether a percentile is estimated."""
    found, estimated = sketch.percentiles(histogram, keys, list(QUANTILES))
    n = pl.col("_n")
    frame = found.select(
        *keys,
        n.alias("calls_with_latency"),
        pl.when(n > 0).then(pl.col("_sum") / n).alias("mean_ms"),
        *(pl.col(str(q)).alias(name) for q, name in zip(QUANTILES, PERCENTILES, strict=True)),
    )
    return frame.sort(keys, nulls_last=True), estimated


def exact(rows: pl.LazyFrame, keys: list[str]) -> pl.DataFrame:
    """The same table ranked from the values themselves (Polars' quantile holds every value of a
    group until the end): for inputs of at most sketch.EXACT_LIMIT rows. The mean is a sum in
    fixed point over the count: a float mean of a streaming group-by varied in its last digit
    from one run to the next."""
    ms = pl.col("latency_ms").drop_nulls()
    aggs = [
        ms.count().alias("calls_with_latency"),
        fixed_expr(ms).sum().alias("_fixed"),
        *(ms.quantile(q, interpolation="linear").alias(name) for q, name in zip(QUANTILES, PERCENTILES, strict=True)),
    ]
    frame = (rows.group_by(keys).agg(aggs).sort(keys, nulls_last=True) if keys else rows.select(aggs)).collect()
    mean = unfix(frame["_fixed"]) / frame["calls_with_latency"].cast(pl.Float64)
    n = pl.col("calls_with_latency")
    return (
        frame.with_columns(pl.when(n > 0).then(mean).alias("_fixed"))
        .rename({"_fixed": "mean_ms"})
        .select(*keys, "calls_with_latency", "mean_ms", *PERCENTILES)
    )


def spikes(per_period: pl.DataFrame) -> pl.DataFrame:
    """Mark periods whose p95 is far above the median period's p95."""
    median = scalars.number(per_period["p95_ms"], "median")
    limit = None if median is None else SPIKE_FACTOR * median  # no p95 in any period: no spike
    return per_period.with_columns(
        pl.lit(median).alias("median_period_p95_ms"),
        (pl.col("p95_ms") > pl.lit(limit, dtype=pl.Float64)).fill_null(False).alias("spike"),
    )
