"""Input drift (pm-metrics article): KL divergence D(current ‖ baseline), in nats, of the binned
input-token length and of the feature mix; alert above 0.15."""

from __future__ import annotations

import math

import polars as pl

from llmcost.cube import Spelt

# Input-length bins: powers of two from 128 tokens to 128k (13 bins with the open ends).
LENGTH_EDGES = [128 * 2**i for i in range(11)]
SMOOTHING = 0.5  # added to every bin of both distributions, only when the baseline has an empty bin in use


def kl_divergence(current: dict[str, float], baseline: dict[str, float]) -> float:
    """D(P‖Q) = Σ p·ln(p/q) over the bins of P, in nats; counts are normalised here.
    If Q has an empty bin where P has mass, both get SMOOTHING per bin (else it is infinite)."""
    bins = sorted(set(current) | set(baseline))
    p = [current.get(b, 0.0) for b in bins]
    q = [baseline.get(b, 0.0) for b in bins]
    if any(pi > 0 and qi == 0 for pi, qi in zip(p, q, strict=True)):
        p = [x + SMOOTHING for x in p]
        q = [x + SMOOTHING for x in q]
    sp, sq = sum(p), sum(q)
    if not sp or not sq:
        return float("nan")
    return sum((pi / sp) * math.log((pi / sp) / (qi / sq)) for pi, qi in zip(p, q, strict=True) if pi > 0)


def length_bin() -> Spelt:
    """Bin index of a row's input tokens (0: under 128, 11: 128k and over): how many edges lie at
    or below it, as a cube key an engine computes too (sqlcube.value_sql "bins:")."""
    index = pl.lit(pl.Series(LENGTH_EDGES)).search_sorted(pl.col("input_tokens"), side="right").cast(pl.UInt8)
    return Spelt(index, f"bins:input_tokens:{','.join(map(str, LENGTH_EDGES))}")


def drift(counts: pl.DataFrame, baseline: str | None, threshold: float) -> pl.DataFrame:
    """counts: period (label), _len_bin, feature, inferences. One row per period."""
    periods = counts["period"].unique().sort().to_list()
    if not periods:
        return pl.DataFrame()
    base = baseline or periods[0]
    if base not in periods:
        from llmcost.errors import LlmcostError

        raise LlmcostError(f"--baseline {base}: no such period in the logs ({periods[0]} … {periods[-1]})")

    def dist(period: str, column: str) -> dict[str, float]:
        frame = counts.filter(pl.col("period") == period).group_by(column).agg(pl.col("inferences").sum())
        return {str(k): float(v) for k, v in frame.iter_rows()}

    rows = []
    for period in periods:
        length = kl_divergence(dist(period, "_len_bin"), dist(base, "_len_bin"))
        mix = kl_divergence(dist(period, "feature"), dist(base, "feature"))
        n = int(counts.filter(pl.col("period") == period)["inferences"].sum())
        alert = (length > threshold) or (mix > threshold)
        rows.append(
            {
                "period": period,
                "baseline": base,
                "inferences": n,
                "kl_input_length": length,
                "kl_feature_mix": mix,
                "alert": bool(alert),
            }
        )
    return pl.DataFrame(rows)
