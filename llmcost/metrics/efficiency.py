"""Prompt efficiency (seven-metrics #6): tokens per inference against the article's targets,
the cache hit rate and what caching saved, the reasoning share, the cost of tokens above target."""

from __future__ import annotations

import json

import polars as pl

from llmcost import sketch
from llmcost.cube import Spelt
from llmcost.metrics.rollup import ratio, rollup

# use case: (input low, input high, output low, output high) — the article's "typical range" table.
TARGETS = {
    "classification": (200, 500, 10, 50),
    "chat": (500, 2000, 100, 500),
    "summarization": (500, 3000, 200, 1000),
    "rag": (1000, 4000, 300, 1500),
    "code_generation": (500, 2000, 200, 1500),
}
COLUMNS = (
    "inferences",
    "avg_input_tokens",
    "p50_input_tokens",
    "p95_input_tokens",
    "avg_output_tokens",
    "p50_output_tokens",
    "p95_output_tokens",
    "avg_total_tokens",
    "p50_total_tokens",
    "p95_total_tokens",
    "cache_hit_rate",
    "cache_saving",
    "reasoning_share",
    "use_case",
    "input_target",
    "output_target",
    "status",
    "cost_above_target",
)


TOKEN_QUANTILES = (0.5, 0.95)


def _values() -> dict[str, pl.Expr]:
    """The three token counts whose percentiles the table shows."""
    return {
        "input": pl.col("input_tokens"),
        "output": pl.col("output_tokens"),
        "total": pl.col("input_tokens") + pl.col("output_tokens"),
    }


def spelt_values(limits: dict[str, tuple[int, int]]) -> dict[str, tuple[Spelt, Spelt | None]]:
    """Per token count (_values): the value, and for input and output the part above the row's
    feature's target (_above), each as a cube value an engine can sum too (cube.Spelt): the
    token histograms of a log that stays in its database are cubes keyed by bucket."""
    out: dict[str, tuple[Spelt, Spelt | None]] = {}
    for name, value in _values().items():
        columns = value.meta.root_names()
        spec = columns[0] if len(columns) == 1 else "sum:" + ",".join(columns)
        above = None
        if name != "total":
            side = 0 if name == "input" else 1
            wanted = {feature: high[side] for feature, high in limits.items()}
            above = Spelt(_excess(columns[0], wanted), f"excess:{columns[0]}:{json.dumps(wanted, sort_keys=True)}")
        out[name] = (Spelt(value, spec), above)
    return out


def _excess(column: str, limits: dict[str, int]) -> pl.Expr:
    """The tokens of `column` above the row's feature's limit (0 at or below, null without one)."""
    out: pl.Expr = pl.lit(None, pl.Int64)
    for feature, limit in reversed(limits.items()):
        out = pl.when(pl.col("feature") == feature).then((pl.col(column) - limit).clip(lower_bound=0)).otherwise(out)
    return out


def _with_limits(rows: pl.LazyFrame, limits: dict[str, tuple[int, int]]) -> pl.LazyFrame:
    """Each row's feature target (input high, output high) beside it, null without one. A join
    with the small table, not `replace_strict`: Polars streams a join but holds the whole column
    for a replace."""
    table = pl.LazyFrame(
        {
            "feature": list(limits),
            "_limit_input": [v[0] for v in limits.values()],
            "_limit_output": [v[1] for v in limits.values()],
        },
        schema={"feature": pl.String, "_limit_input": pl.Int64, "_limit_output": pl.Int64},
    )
    return rows.join(table, on="feature", how="left")


def _above() -> dict[str, pl.Expr]:
    """Per row, the input and output tokens above its feature's target (null without a target)."""
    return {
        name: (pl.col(f"{name}_tokens") - pl.col(f"_limit_{name}")).clip(lower_bound=0) for name in ("input", "output")
    }


def token_cells(frames: list[pl.LazyFrame], keys: list[str], limits: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """Histograms of input, output and total tokens per group in one streaming pass, with the
    tokens above each feature's target summed exactly beside them."""
    return sketch.histogram([_with_limits(f, limits) for f in frames], keys, _values(), _above())


def token_percentiles(histogram: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, bool]:
    """p50/p95 of input, output, total tokens and the tokens above target per group, from the
    histograms; and whether a percentile is estimated."""
    found, estimated = sketch.percentiles(histogram, keys, list(TOKEN_QUANTILES))
    parts = []
    for name in _values():
        columns = [pl.col(str(q)).alias(f"p{round(q * 100)}_{name}_tokens") for q in TOKEN_QUANTILES]
        if name != "total":
            columns.append(pl.col("_extra").alias(f"excess_{name}_tokens"))
        parts.append(found.filter(pl.col("_which") == name).select(*keys, *columns))
    if not keys:
        return pl.concat(parts, how="horizontal"), estimated
    frame = parts[0]
    for part in parts[1:]:
        frame = frame.join(part, on=keys, how="full", coalesce=True, nulls_equal=True)
    return frame, estimated


def token_percentiles_exact(rows: pl.LazyFrame, keys: list[str], limits: dict[str, tuple[int, int]]) -> pl.LazyFrame:
    """The same, ranked from the values themselves (Polars' quantile holds every value of a
    group until the end): for inputs of at most sketch.EXACT_LIMIT rows."""
    aggs = [
        *(
            e.quantile(q, interpolation="linear").alias(f"p{round(q * 100)}_{name}_tokens")
            for name, e in _values().items()
            for q in TOKEN_QUANTILES
        ),
        *(e.sum().alias(f"excess_{name}_tokens") for name, e in _above().items()),
    ]
    rows = _with_limits(rows, limits)
    return rows.group_by(keys).agg(aggs) if keys else rows.select(aggs)


def efficiency(
    priced: pl.DataFrame, percentiles: pl.DataFrame, keys: list[str], use_cases: dict[str, str]
) -> pl.DataFrame:
    """Join cube averages with row percentiles; judge each feature against its use case's range."""
    frame = rollup(priced, keys)
    n = pl.col("inferences")
    frame = frame.with_columns(
        (pl.col("input_tokens") / n).alias("avg_input_tokens"),
        (pl.col("output_tokens") / n).alias("avg_output_tokens"),
        ((pl.col("input_tokens") + pl.col("output_tokens")) / n).alias("avg_total_tokens"),
        ratio("cached_input_tokens", "input_tokens").alias("cache_hit_rate"),
        pl.when(pl.col("reasoning_known") > 0)
        .then(pl.col("reasoning_tokens") / pl.col("output_tokens"))
        .alias("reasoning_share"),
    )
    frame = (
        frame.join(percentiles, on=keys, how="left", nulls_equal=True)
        if keys
        else pl.concat([frame, percentiles], how="horizontal")
    )
    return _judge(frame, keys, use_cases).select(*keys, *COLUMNS)


def _judge(frame: pl.DataFrame, keys: list[str], use_cases: dict[str, str]) -> pl.DataFrame:
    feature = pl.col("feature") if "feature" in keys else pl.lit(None, pl.String)
    use_case = feature.replace_strict(use_cases, default=None, return_dtype=pl.String)
    frame = frame.with_columns(use_case.alias("use_case"))

    def bound(i: int) -> pl.Expr:
        return pl.col("use_case").replace_strict(
            {k: v[i] for k, v in TARGETS.items()}, default=None, return_dtype=pl.Int64
        )

    in_hi, out_hi = bound(1), bound(3)
    status = (
        pl.when(pl.col("use_case").is_null())
        .then(pl.lit(""))
        .when((pl.col("avg_input_tokens") > in_hi) | (pl.col("avg_output_tokens") > out_hi))
        .then(pl.lit("above target"))
        .otherwise(pl.lit("ok"))
    )
    input_rate = ratio("input_cost", "input_tokens")
    output_rate = ratio("output_cost", "output_tokens")
    excess = pl.col("excess_input_tokens").fill_null(0) * input_rate.fill_null(0) + pl.col(
        "excess_output_tokens"
    ).fill_null(0) * output_rate.fill_null(0)
    return frame.with_columns(
        pl.when(pl.col("use_case").is_not_null())
        .then(bound(0).cast(pl.String) + pl.lit("–") + in_hi.cast(pl.String))
        .alias("input_target"),
        pl.when(pl.col("use_case").is_not_null())
        .then(bound(2).cast(pl.String) + pl.lit("–") + out_hi.cast(pl.String))
        .alias("output_target"),
        status.alias("status"),
        pl.when(pl.col("use_case").is_not_null()).then(excess).alias("cost_above_target"),
    )


def limits_by_feature(use_cases: dict[str, str]) -> dict[str, tuple[int, int]]:
    """feature → (input high, output high) for the features whose use case has a target."""
    return {f: (TARGETS[u][1], TARGETS[u][3]) for f, u in use_cases.items() if u in TARGETS}
