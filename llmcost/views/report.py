"""report: the seven-metrics article's one-page dashboard and the sections behind it."""

from __future__ import annotations

import polars as pl

from llmcost.cube import period_start
from llmcost.job import Job
from llmcost.metrics import dashboard as dash
from llmcost.metrics.margin import FlagRule, sort_customers
from llmcost.metrics.models import models
from llmcost.metrics.rollup import rollup
from llmcost.metrics.trend import trend, verdict
from llmcost.render import Document, Section
from llmcost.views.cost import CHANGES
from llmcost.views.margin import MARGIN_MONEY, margin_table


def report_document(job: Job, rule: FlagRule) -> Document:
    """The one-page dashboard (seven-metrics article) and the sections behind it."""
    keys = {"period": period_start(job.options.period), "customer_id": pl.col("customer_id")}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    priced = job.priced(keys)
    overall = rollup(priced, []).row(0, named=True)
    customers, notes = margin_table(job, priced, rule, per_month=False)
    trend_frame = trend(priced, job.options.period)
    revenue = customers["revenue"].sum() if job.options.revenue or job.config.revenue else None
    headline = _headline(overall, revenue, customers)
    readings = _readings(headline, trend_frame, job.options.period)
    board = dash.dashboard(readings, job.config.stage, job.config.targets)
    sections = [
        Section("headline", pl.DataFrame([headline]), "Headline", money=("cost", "token_cost", "fixed_cost",
                "amortized_cost", "cpi", "revenue", "gross_profit"), percent=("gross_margin",), vertical=True),
        Section("dashboard", board, f"Dashboard (targets for the {job.config.stage} stage)",
                row_unit="unit", hide=("metric", "unit")),
        Section("trend", trend_frame.tail(6), f"CPI trend by {job.options.period}", money=("cost", "cpi"),
                change=CHANGES, notes=[verdict(trend_frame, job.options.period)], spark="cpi"),
        Section("top_models", models(priced).head(5), "Top models by cost", money=("cost", "cpi"),
                percent=("cost_share",)),
        Section("worst_customers", sort_customers(customers, "margin", 5), "Worst-margin customers",
                money=MARGIN_MONEY, percent=("gross_margin",), notes=notes),
        Section("efficiency", _efficiency(priced, job.log.has("feature")), "Prompt efficiency (tokens per inference)"),
        Section("accounting", _accounting(job), "Every row accounted for"),
    ]
    return Document(sections, job.book.currency, single=False)


def _headline(overall: dict, revenue: float | None, customers: pl.DataFrame) -> dict:
    n = overall["inferences"] or 0
    cost = overall["cost"] or 0.0
    return {
        "period": customers["period"][0] if customers.height else "",
        "inferences": n, "cost": cost, "token_cost": overall["token_cost"], "fixed_cost": overall["fixed_cost"],
        "amortized_cost": overall["amortized_cost"], "cpi": cost / n if n else None, "revenue": revenue,
        "gross_profit": revenue - cost if revenue is not None else None,
        "gross_margin": (revenue - cost) / revenue if revenue else None,
        "customers": int((customers["inferences"] > 0).sum()), "flagged_customers": int(customers["flagged"].sum()),
        "tokens_per_inference": (overall["input_tokens"] + overall["output_tokens"]) / n if n else None,
    }


def _readings(headline: dict, trend_frame: pl.DataFrame, period: str) -> dict[str, dash.Reading]:
    change = trend_frame["cpi_change_3m"].drop_nulls()
    trend_reading = (dash.Reading(change[-1]) if change.len() and period == "month"
                     else dash.Reading(None, "needs 4 months of data (--period month)"))
    return {
        "cpi": dash.Reading(headline["cpi"], None if headline["cpi"] is not None else "needs priced inferences"),
        "gross_margin": dash.Reading(headline["gross_margin"], None if headline["revenue"] else "needs --revenue"),
        "cpi_trend_3m": trend_reading,
        "prompt_tokens": dash.Reading(headline["tokens_per_inference"]),
    }


def _efficiency(priced: pl.DataFrame, has_feature: bool) -> pl.DataFrame:
    keys = ["feature"] if has_feature else []
    frame = rollup(priced, keys)
    n = pl.col("inferences")
    return frame.select(
        *keys, "inferences",
        (pl.col("input_tokens") / n).alias("input_tokens"), (pl.col("output_tokens") / n).alias("output_tokens"),
        ((pl.col("input_tokens") + pl.col("output_tokens")) / n).alias("total_tokens"),
    )


def _accounting(job: Job) -> pl.DataFrame:
    acc = job.account
    return pl.DataFrame([{"read": acc.read, "outside_window": acc.outside, "priced": acc.priced,
                          "priced_at_logged_cost": acc.counts["logged"], "unpriced": acc.counts["unpriced"],
                          "rejected": acc.counts["rejected"], "duplicates": acc.counts["duplicate"],
                          "pricing": f"{job.book.path}@{job.book.digest}"}])
