"""Sum priced cells up to the keys a metric reports, and label periods."""

from __future__ import annotations

import polars as pl

from llmcost.cube import SIGNALS, TOKENS
from llmcost.price import COUNTED

MONEY = ("token_cost", "fixed_cost", "amortized_cost", "cost", "cache_saving", "input_cost", "output_cost")
# The volume and cost columns every per-key table leads with, in this order.
VOLUME = ("inferences", "input_tokens", "output_tokens", "cost")
OFFSETS = {"day": "1d", "week": "1w", "month": "1mo"}


def counted(priced: pl.DataFrame) -> pl.DataFrame:
    """Priced inferences inside the window: what every money metric sums."""
    return priced.filter(pl.col("state").is_in(COUNTED) & pl.col("_in"))


def rollup(priced: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Inferences, tokens and cost components per `keys` (sorted by them)."""
    sums = [pl.col(c).sum() for c in ("inferences", *TOKENS, *MONEY, *SIGNALS) if c in priced.columns]
    frame = counted(priced)
    if not keys:
        return frame.select(sums)
    return frame.group_by(keys, maintain_order=True).agg(sums).sort(keys, nulls_last=True)


def ratio(numerator: str, denominator: str) -> pl.Expr:
    """numerator ÷ denominator, empty (not 0, not NaN) when the denominator is 0."""
    return pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator))


def with_change(frame: pl.DataFrame, value: str, group: list[str], lags: dict[str, str]) -> pl.DataFrame:
    """Relative change of `value` against the same group `lag` earlier: (now − then) ÷ then."""
    for name, lag in lags.items():
        then = frame.select(
            *group,
            pl.col("period").dt.offset_by(lag).alias("period"),
            pl.col(value).alias("_then"),
        )
        frame = frame.join(then, on=["period", *group], how="left", nulls_equal=True)
        change = pl.when(pl.col("_then") > 0).then((pl.col(value) - pl.col("_then")) / pl.col("_then"))
        frame = frame.with_columns(change.alias(name)).drop("_then")
    return frame


def period_label(period: str) -> pl.Expr:
    """ISO 8601: 2026-03-14, 2026-W11, 2026-03."""
    col = pl.col("period")
    if period == "month":
        return col.dt.strftime("%Y-%m")
    if period == "week":
        return col.dt.strftime("%G-W%V")
    return col.dt.strftime("%Y-%m-%d")
