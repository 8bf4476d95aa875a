"""Model downgrade tolerance (seven-metrics #7): for features served by several models, is the
cheaper model's user satisfaction within 5 points of the expensive one's, and what would moving save?"""

from __future__ import annotations

import math
from fractions import Fraction

import polars as pl

from llmcost import scalars
from llmcost.metrics.rollup import rollup

TOLERANCE = 0.05  # "within 5 points" (the article: ≥ expensive − 5 %)
MIN_SAMPLES = 30  # fewer satisfaction-labelled calls than this on either model: no verdict
Z95 = 1.959964


def satisfaction_signal(priced: pl.DataFrame) -> tuple[str, str, str] | None:
    """(name, satisfied column, known column) for these cells: acceptance, else task success,
    else feedback (≥ 4 on a 1–5 scale, > 0 for thumbs, > 0.5 on a 0–1 scale)."""
    if priced["accepted_known"].sum():
        return "acceptance", "accepted_true", "accepted_known"
    if priced["success_known"].sum():
        return "task success", "success_true", "success_known"
    if priced["feedback_known"].sum():
        low, high = scalars.number(priced["feedback_min"], "min"), scalars.number(priced["feedback_max"], "max")
        if high is not None and high > 1:
            return "feedback ≥ 4 of 5", "feedback_ge4", "feedback_known"
        if low is not None and low < 0:
            return "thumbs up", "feedback_positive", "feedback_known"
        return "feedback > 0.5", "feedback_over_half", "feedback_known"
    return None


def downgrade(priced: pl.DataFrame, months: int) -> pl.DataFrame:
    """One row per (feature, cheaper model) compared with the feature's most expensive model;
    each feature judged on the satisfaction signal its own rows carry."""
    per = (
        rollup(priced, ["feature", "entry"])
        .filter(pl.col("inferences") > 0)
        .with_columns((pl.col("token_cost") / pl.col("inferences")).alias("cpi"))
    )
    rows = []
    for (feature,), group in per.group_by("feature", maintain_order=True):
        if feature is None:  # calls without a feature are no one task: nothing to compare them on
            continue
        signal = satisfaction_signal(priced.filter(pl.col("feature") == feature))
        if group.height < 2 or signal is None:
            continue
        name, yes, known = signal
        group = group.with_columns(pl.col(yes).alias("_yes"), pl.col(known).alias("_n")).sort("cpi", descending=True)
        top = group.row(0, named=True)
        for cheap in group.tail(group.height - 1).iter_rows(named=True):
            rows.append({**_compare(feature, top, cheap, months), "signal": name})
    return pl.DataFrame(rows).sort("feature", "cheaper_model") if rows else pl.DataFrame()


def _difference(cheap: dict, top: dict) -> float:
    """The cheaper model's share of satisfied calls minus the expensive one's, as the float nearest
    the exact difference of the two fractions: 34/40 − 36/40 in floats is −0.050000000000000044,
    which is below "5 points lower" and made an exact 5-point gap "not tolerant"."""
    counts = (cheap["_yes"], cheap["_n"], top["_yes"], top["_n"])
    if all(float(c).is_integer() for c in counts):
        return float(Fraction(int(counts[0]), int(counts[1])) - Fraction(int(counts[2]), int(counts[3])))
    return counts[0] / counts[1] - counts[2] / counts[3]


def _compare(feature: str, top: dict, cheap: dict, months: int) -> dict:
    p_top = top["_yes"] / top["_n"] if top["_n"] else None
    p_cheap = cheap["_yes"] / cheap["_n"] if cheap["_n"] else None
    enough = top["_n"] >= MIN_SAMPLES and cheap["_n"] >= MIN_SAMPLES
    diff = low = high = None
    if p_top is not None and p_cheap is not None:
        diff = _difference(cheap, top)
        half = Z95 * math.sqrt(p_top * (1 - p_top) / top["_n"] + p_cheap * (1 - p_cheap) / cheap["_n"])
        low, high = diff - half, diff + half
    if not enough:
        verdict = f"too few samples (need {MIN_SAMPLES} labelled calls on each model)"
    elif diff is not None and low is not None and diff >= -TOLERANCE:  # enough samples: both known
        verdict = "tolerant" + (" (confident)" if low >= -TOLERANCE else " (not yet significant)")
    else:
        verdict = "not tolerant"
    saving = top["inferences"] * (top["cpi"] - cheap["cpi"]) / months if months else None
    return {
        "feature": feature,
        "expensive_model": top["entry"],
        "cheaper_model": cheap["entry"],
        "expensive_inferences": top["inferences"],
        "cheaper_inferences": cheap["inferences"],
        "expensive_samples": top["_n"],
        "cheaper_samples": cheap["_n"],
        "expensive_satisfaction": p_top,
        "cheaper_satisfaction": p_cheap,
        "difference": diff,
        "difference_low": low,
        "difference_high": high,
        "expensive_cpi": top["cpi"],
        "cheaper_cpi": cheap["cpi"],
        "monthly_saving": saving if verdict.startswith("tolerant") else None,
        "verdict": verdict,
    }


def tolerance(comparisons: pl.DataFrame, priced: pl.DataFrame) -> dict[str, float | None]:
    """Share of traffic in features whose cheaper model is tolerated, over all traffic and over
    the traffic that could be judged (features with several models and enough samples)."""
    total = rollup(priced, [])["inferences"][0] or 0
    if comparisons.height == 0 or not total:
        return {"tolerance": None, "judged_share": None, "monthly_saving": None}
    per_feature = rollup(priced, ["feature"])
    judged = comparisons.filter(~pl.col("verdict").str.starts_with("too few"))["feature"].unique()
    tolerant = comparisons.filter(pl.col("verdict").str.starts_with("tolerant"))["feature"].unique()
    judged_n = scalars.total(per_feature.filter(pl.col("feature").is_in(judged.implode()))["inferences"])
    tolerant_n = scalars.total(per_feature.filter(pl.col("feature").is_in(tolerant.implode()))["inferences"])
    best = (
        comparisons.filter(pl.col("monthly_saving").is_not_null())
        .group_by("feature")
        .agg(pl.col("monthly_saving").max())["monthly_saving"]
    )
    return {
        "tolerance": tolerant_n / judged_n if judged_n else None,
        "judged_share": judged_n / total,
        "monthly_saving": scalars.total(best),
    }
