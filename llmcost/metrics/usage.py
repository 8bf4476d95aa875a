"""Usage (posthog article): generations per period and hour, customers, cost per customer,
and what sets the top 5 % of customers apart."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.rollup import rollup

PER_CUSTOMER = ("inferences", "cost")


def per_period(priced: pl.DataFrame, group: str | None = None) -> pl.DataFrame:
    """Generation count, active customers, average and p95 inferences and cost per customer.

    Calls with no customer id count in the totals but are nobody's: they would
    otherwise make one large "customer" and skew the average and p95.
    """
    keys = ["period", *([group] if group else [])]
    by_customer = rollup(priced, [*keys, "customer_id"]).filter(pl.col("inferences") > 0)
    known = pl.col("customer_id").is_not_null()
    return (
        by_customer.group_by(keys, maintain_order=True)
        .agg(
            pl.col("inferences").sum(),
            known.sum().cast(pl.UInt32).alias("active_customers"),
            pl.col("inferences").filter(known).mean().alias("avg_inferences_per_customer"),
            pl.col("inferences")
            .filter(known)
            .quantile(0.95, interpolation="linear")
            .alias("p95_inferences_per_customer"),
            pl.col("cost").sum(),
            pl.col("cost").filter(known).mean().alias("avg_cost_per_customer"),
            pl.col("cost").filter(known).quantile(0.95, interpolation="linear").alias("p95_cost_per_customer"),
        )
        .sort(keys)
    )


def per_hour(hours: pl.DataFrame) -> pl.DataFrame:
    """Generations per UTC hour of day, with each hour's share: when the load comes."""
    total = hours["inferences"].sum()
    full = pl.DataFrame({"hour": list(range(24))}, schema={"hour": pl.Int8})
    frame = full.join(hours.with_columns(pl.col("hour").cast(pl.Int8)), on="hour", how="left")
    return frame.with_columns(pl.col("inferences").fill_null(0)).with_columns(
        (pl.col("inferences") / total if total else pl.lit(None, pl.Float64)).alias("share")
    )


def top_customers(priced: pl.DataFrame, share: float = 0.05) -> tuple[pl.DataFrame, dict]:
    """The top `share` of customers by cost against the rest: their cut of cost, tokens per call,
    and the models and features they lean on."""
    customers = rollup(priced, ["customer_id"]).filter(pl.col("inferences") > 0).sort("cost", descending=True)
    if customers.height == 0:
        return pl.DataFrame(), {}
    count = max(1, round(customers.height * share))
    top = set(customers["customer_id"].head(count).to_list())
    tagged = priced.with_columns(
        pl.when(pl.col("customer_id").is_in(list(top))).then(pl.lit("top")).otherwise(pl.lit("rest")).alias("group")
    )
    groups = rollup(tagged, ["group"])
    total_cost = groups["cost"].sum()
    n = pl.col("inferences")
    summary = groups.select(
        "group",
        pl.when(pl.col("group") == "top").then(count).otherwise(customers.height - count).alias("customers"),
        "inferences",
        "cost",
        (pl.col("cost") / total_cost).alias("cost_share"),
        (pl.col("cost") / n).alias("cost_per_inference"),
        (pl.col("input_tokens") / n).alias("input_tokens_per_call"),
        (pl.col("output_tokens") / n).alias("output_tokens_per_call"),
    ).sort("group", descending=True)
    leaning = {g: _mix(tagged.filter(pl.col("group") == g)) for g in ("top", "rest")}
    return summary, leaning


def _mix(priced: pl.DataFrame) -> dict[str, list[tuple[str, float]]]:
    """Share of cost by model and by feature: what the group spends on."""
    out: dict[str, list[tuple[str, float]]] = {}
    for column in ("entry", "feature"):
        if column not in priced.columns:
            continue
        frame = rollup(priced, [column]).filter(pl.col("cost") > 0)
        total = frame["cost"].sum()
        frame = frame.sort("cost", descending=True).head(3)
        out[column] = [(name, cost / total) for name, cost in frame.select(column, "cost").iter_rows()] if total else []
    return out
