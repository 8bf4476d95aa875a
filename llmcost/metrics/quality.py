"""Quality and outcomes (all four articles): feedback, acceptance, retries, success, escalation,
cost per successful outcome and cost per correct outcome with human review."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import ratio, rollup

COLUMNS = (
    "inferences",
    "cost",
    "feedback_score",
    "feedback_rate",
    "acceptance_rate",
    "retry_rate",
    "success_rate",
    "escalation_rate",
    "failure_rate",
    "cost_per_successful_outcome",
    "cost_per_correct_outcome",
)


def quality(priced: pl.DataFrame, keys: list[str], review_cost: float | None) -> pl.DataFrame:
    """Rates over the rows that carry each signal; outcomes estimated for the rest.

    failure_rate is 1 − success_rate where `success` is logged, else the error rate.
    cost per successful outcome = cost ÷ (success_rate × inferences);
    cost per correct outcome = (cost + failure_rate × inferences × review_cost) ÷ inferences.
    """
    frame = rollup(priced, keys)
    frame = frame.with_columns(
        ratio("feedback_sum", "feedback_known").alias("feedback_score"),
        ratio("feedback_known", "inferences").alias("feedback_rate"),
        ratio("accepted_true", "accepted_known").alias("acceptance_rate"),
        ratio("retry_true", "retry_known").alias("retry_rate"),
        ratio("success_true", "success_known").alias("success_rate"),
        ratio("escalated_true", "escalated_known").alias("escalation_rate"),
    )
    failure = (
        pl.when(pl.col("success_known") > 0).then(1 - pl.col("success_rate")).otherwise(ratio("errors", "inferences"))
    )
    frame = frame.with_columns(failure.alias("failure_rate"))
    successes = pl.when(pl.col("success_known") > 0).then(pl.col("success_rate")).otherwise(
        1 - pl.col("failure_rate")
    ) * pl.col("inferences")
    review = pl.lit(review_cost, dtype=pl.Float64)
    frame = frame.with_columns(
        pl.when(successes > 0).then(pl.col("cost") / successes).alias("cost_per_successful_outcome"),
        pl.when(pl.col("inferences") > 0)
        .then((pl.col("cost") + pl.col("failure_rate") * pl.col("inferences") * review) / pl.col("inferences"))
        .alias("cost_per_correct_outcome"),
    )
    return frame.select(*keys, *COLUMNS)
