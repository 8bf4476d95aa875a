"""Customer margin (docs/reference.md §2.3) and flags (§2.5): who makes money and who loses it."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from llmcost import scalars
from llmcost.metrics.rollup import VOLUME, rollup

COLUMNS = (
    "customer_id",
    "period",
    *VOLUME,
    "revenue",
    "gross_profit",
    "gross_margin",
    "cost_per_inference",
    "revenue_per_inference",
    "flagged",
    "unbilled",
)
SORTS = {
    "margin": ("gross_margin", False),
    "cost": ("cost", True),
    "revenue": ("revenue", True),
    "inferences": ("inferences", True),
}


@dataclass(frozen=True)
class FlagRule:
    """Flag paying customers below `threshold`; unbilled ones only when asked."""

    threshold: float = 0.0
    min_inferences: int = 0
    include_unbilled: bool = False


def margins(
    priced: pl.DataFrame, revenue: pl.DataFrame | None, rule: FlagRule, period_label: pl.Expr | None = None
) -> pl.DataFrame:
    """One row per customer (per month when `period_label` is None → whole window)."""
    per_month = period_label is None
    keys = ["customer_id", "_month"] if per_month else ["customer_id"]
    usage = rollup(priced, keys).select(*keys, "inferences", "input_tokens", "output_tokens", "cost")
    if revenue is None:
        revenue = pl.DataFrame(schema={"customer_id": pl.String, "month": pl.Date, "revenue": pl.Float64})
    money = revenue.rename({"month": "_month"}).group_by(keys).agg(pl.col("revenue").sum())
    frame = usage.join(money, on=keys, how="full", coalesce=True, nulls_equal=True)
    frame = frame.with_columns(
        pl.col("inferences", "input_tokens", "output_tokens").fill_null(0),
        pl.col("cost").fill_null(0.0),
        pl.col("revenue").is_null().alias("unbilled"),
        pl.col("revenue").fill_null(0.0),
    )
    frame = _ratios(frame)
    label = pl.col("_month").dt.strftime("%Y-%m") if period_label is None else period_label
    frame = frame.with_columns(label.alias("period"), flagged(rule).alias("flagged"))
    return frame.select(COLUMNS)


def _ratios(frame: pl.DataFrame) -> pl.DataFrame:
    revenue, cost, n = pl.col("revenue"), pl.col("cost"), pl.col("inferences")
    return frame.with_columns(
        (revenue - cost).alias("gross_profit"),
        pl.when(revenue > 0).then((revenue - cost) / revenue).alias("gross_margin"),
        pl.when(n > 0).then(cost / n).alias("cost_per_inference"),
        pl.when(n > 0).then(revenue / n).alias("revenue_per_inference"),
    )


def flagged(rule: FlagRule) -> pl.Expr:
    enough = pl.col("inferences") >= rule.min_inferences
    paying = (pl.col("revenue") > 0) & (pl.col("gross_margin") < rule.threshold)
    unbilled = pl.lit(rule.include_unbilled) & (pl.col("revenue") == 0) & (pl.col("cost") > 0)
    return (enough & (paying | unbilled)).fill_null(False)


def sort_customers(frame: pl.DataFrame, by: str, top: int | None) -> pl.DataFrame:
    """Worst margin first by default: paying customers by margin, then unbilled ones by cost."""
    column, descending = SORTS[by]
    # Ties (equal margins are common) fall back to customer and period: the same rows
    # always come out in the same order, so a diff of two runs shows only real changes.
    ties = [c for c in ("customer_id", "period") if c in frame.columns and c != column]
    if by == "margin":
        frame = frame.sort(
            ["gross_margin", "cost", *ties], descending=[False, True] + [False] * len(ties), nulls_last=True
        )
    else:
        frame = frame.sort([column, *ties], descending=[descending] + [False] * len(ties), nulls_last=True)
    return frame.head(top) if top else frame


def totals(frame: pl.DataFrame) -> dict[str, float | str | None]:
    """The footer: sums, and the margin of the sums (not the mean of margins)."""
    sums = frame.select(pl.col("inferences", "input_tokens", "output_tokens", "cost", "revenue").sum())
    row = _ratios(sums).row(0, named=True)
    row["customer_id"] = "total"
    row["flagged"] = int(frame["flagged"].sum())
    if "unbilled" in frame.columns:  # counted like flagged (it was left blank: nine unbilled read as none)
        row["unbilled"] = int(frame["unbilled"].sum())
    return row


def cost_per_customer(frame: pl.DataFrame) -> dict[str, float | int | None]:
    """Average and p95 (linear interpolation) of cost per customer with usage."""
    active = frame.filter(pl.col("inferences") > 0)["cost"]
    if active.len() == 0:
        return {"customers": 0, "average": None, "p95": None}
    return {
        "customers": active.len(),
        "average": scalars.number(active, "mean"),
        "p95": active.quantile(0.95, interpolation="linear"),
    }


BINS = (-1.0, -0.5, 0.0, 0.25, 0.5, 0.75)
BIN_LABELS = ("< −100%", "−100…−50%", "−50…0%", "0…25%", "25…50%", "50…75%", "≥ 75%")


def margin_histogram(frame: pl.DataFrame) -> pl.DataFrame:
    """Paying customers per gross-margin band: is the loss a few customers or a pattern?"""
    paying = frame.filter(pl.col("gross_margin").is_not_null())
    band = pl.lit(pl.Series(BINS)).search_sorted(pl.col("gross_margin"), side="right")
    counts = dict(paying.select(band.alias("band")).group_by("band").len().iter_rows())
    return pl.DataFrame({"margin": list(BIN_LABELS), "customers": [counts.get(i, 0) for i in range(len(BIN_LABELS))]})
