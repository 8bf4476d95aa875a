"""Prompt efficiency (seven-metrics #6): tokens per inference against the article's targets,
the cache hit rate and what caching saved, the reasoning share, the cost of tokens above target."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import ratio, rollup

# use case: (input low, input high, output low, output high) — the article's "typical range" table.
TARGETS = {
    "classification": (200, 500, 10, 50),
    "chat": (500, 2000, 100, 500),
    "summarization": (500, 3000, 200, 1000),
    "rag": (1000, 4000, 300, 1500),
    "code_generation": (500, 2000, 200, 1500),
}
COLUMNS = ("inferences", "avg_input_tokens", "p50_input_tokens", "p95_input_tokens", "avg_output_tokens",
           "p50_output_tokens", "p95_output_tokens", "avg_total_tokens", "p50_total_tokens", "p95_total_tokens",
           "cache_hit_rate", "cache_saving", "reasoning_share", "use_case", "input_target", "output_target",
           "status", "cost_above_target")


def token_percentiles(rows: pl.LazyFrame, keys: list[str], limits: dict[str, tuple[int, int]]) -> pl.LazyFrame:
    """Row-level: p50/p95 of input, output, total tokens, and the tokens above each group's target."""
    total = pl.col("input_tokens") + pl.col("output_tokens")
    use_case_in = pl.col("feature").replace_strict({k: v[0] for k, v in limits.items()}, default=None,
                                                   return_dtype=pl.Int64)
    use_case_out = pl.col("feature").replace_strict({k: v[1] for k, v in limits.items()}, default=None,
                                                    return_dtype=pl.Int64)
    aggs = [
        *(e.quantile(q, interpolation="linear").alias(f"p{int(q * 100)}_{name}_tokens")
          for name, e in (("input", pl.col("input_tokens")), ("output", pl.col("output_tokens")), ("total", total))
          for q in (0.5, 0.95)),
        (pl.col("input_tokens") - use_case_in).clip(lower_bound=0).sum().alias("excess_input_tokens"),
        (pl.col("output_tokens") - use_case_out).clip(lower_bound=0).sum().alias("excess_output_tokens"),
    ]
    return rows.group_by(keys).agg(aggs) if keys else rows.select(aggs)


def efficiency(priced: pl.DataFrame, percentiles: pl.DataFrame, keys: list[str],
               use_cases: dict[str, str]) -> pl.DataFrame:
    """Join cube averages with row percentiles; judge each feature against its use case's range."""
    frame = rollup(priced, keys)
    n = pl.col("inferences")
    frame = frame.with_columns(
        (pl.col("input_tokens") / n).alias("avg_input_tokens"),
        (pl.col("output_tokens") / n).alias("avg_output_tokens"),
        ((pl.col("input_tokens") + pl.col("output_tokens")) / n).alias("avg_total_tokens"),
        ratio("cached_input_tokens", "input_tokens").alias("cache_hit_rate"),
        pl.when(pl.col("reasoning_known") > 0).then(pl.col("reasoning_tokens") / pl.col("output_tokens"))
        .alias("reasoning_share"),
    )
    frame = frame.join(percentiles, on=keys, how="left", nulls_equal=True) if keys else \
        pl.concat([frame, percentiles], how="horizontal")
    return _judge(frame, keys, use_cases).select(*keys, *COLUMNS)


def _judge(frame: pl.DataFrame, keys: list[str], use_cases: dict[str, str]) -> pl.DataFrame:
    feature = pl.col("feature") if "feature" in keys else pl.lit(None, pl.String)
    use_case = feature.replace_strict(use_cases, default=None, return_dtype=pl.String)
    frame = frame.with_columns(use_case.alias("use_case"))

    def bound(i: int) -> pl.Expr:
        return pl.col("use_case").replace_strict({k: v[i] for k, v in TARGETS.items()}, default=None,
                                                 return_dtype=pl.Int64)

    in_hi, out_hi = bound(1), bound(3)
    status = (pl.when(pl.col("use_case").is_null()).then(pl.lit(""))
              .when((pl.col("avg_input_tokens") > in_hi) | (pl.col("avg_output_tokens") > out_hi))
              .then(pl.lit("above target")).otherwise(pl.lit("ok")))
    input_rate = ratio("input_cost", "input_tokens")
    output_rate = ratio("output_cost", "output_tokens")
    excess = (pl.col("excess_input_tokens").fill_null(0) * input_rate.fill_null(0)
              + pl.col("excess_output_tokens").fill_null(0) * output_rate.fill_null(0))
    return frame.with_columns(
        pl.when(pl.col("use_case").is_not_null()).then(
            bound(0).cast(pl.String) + pl.lit("–") + in_hi.cast(pl.String)).alias("input_target"),
        pl.when(pl.col("use_case").is_not_null()).then(
            bound(2).cast(pl.String) + pl.lit("–") + out_hi.cast(pl.String)).alias("output_target"),
        status.alias("status"),
        pl.when(pl.col("use_case").is_not_null()).then(excess).alias("cost_above_target"),
    )


def limits_by_feature(use_cases: dict[str, str]) -> dict[str, tuple[int, int]]:
    """feature → (input high, output high) for the features whose use case has a target."""
    return {f: (TARGETS[u][1], TARGETS[u][3]) for f, u in use_cases.items() if u in TARGETS}
