"""report: the seven-metrics article's one-page dashboard and the sections behind it."""

from __future__ import annotations

import datetime as dt

import polars as pl

from llmcost.charts import Chart
from llmcost.cube import period_start
from llmcost.job import Job
from llmcost.metrics import dashboard as dash
from llmcost.metrics.cac import cac, latest_adjusted
from llmcost.metrics.downgrade import downgrade, tolerance
from llmcost.metrics.margin import FlagRule, margin_histogram, sort_customers
from llmcost.metrics.models import models
from llmcost.metrics.rollup import ratio, rollup
from llmcost.metrics.trend import trend, verdict
from llmcost.people import load_customers, load_spend
from llmcost.render import Document, Section
from llmcost.views.cost import CHANGES, MODEL_COST_NOTE, cost_by_model_chart
from llmcost.views.margin import MARGIN_MONEY, margin_table


def report_document(job: Job, rule: FlagRule, customers: str | None = None, spend: str | None = None,
                    as_of: dt.date | None = None) -> Document:
    """The one-page dashboard (seven-metrics article) and the sections behind it."""
    priced, signals = _cubes(job)
    overall = rollup(priced, []).row(0, named=True)
    by_customer, notes = margin_table(job, priced, rule, per_month=False)
    trend_frame = trend(priced, job.options.period)
    revenue = by_customer["revenue"].sum() if job.options.revenue or job.config.revenue else None
    headline = _headline(overall, revenue, by_customer)
    readings = _readings(headline, trend_frame, job.options.period)
    readings.update(_flywheel(signals, job))
    readings["downgrade_tolerance"] = _downgrade(signals, job)
    readings["adjusted_cac"] = _cac(customers or job.config.customers, spend or job.config.spend,
                                    as_of or dt.datetime.now(dt.UTC).date())
    board = dash.dashboard(readings, job.config.stage, job.config.targets)
    sections = [
        Section("headline", pl.DataFrame([headline]), "Headline", money=("cost", "token_cost", "fixed_cost",
                "amortized_cost", "cpi", "revenue", "gross_profit"), percent=("gross_margin",), vertical=True,
                notes=_cost_notes(job)),
        Section("dashboard", board, f"Dashboard (targets for the {job.config.stage} stage)",
                notes=[f"{dash.TARGETS[k][0]}: {r.basis}" for k, r in readings.items() if r.basis],
                row_unit="unit", hide=("metric", "unit")),
        Section("trend", trend_frame.tail(6), f"CPI trend by {job.options.period}", money=("cost", "cpi"),
                change=CHANGES, notes=[verdict(trend_frame, job.options.period)], spark="cpi",
                chart=Chart("bars", f"CPI by {job.options.period}", trend_frame, "period", "cpi")),
        Section("top_models", models(priced).head(5), "Top models by cost", money=("cost", "cpi"),
                percent=("cost_share",), notes=[MODEL_COST_NOTE], chart=cost_by_model_chart(priced.with_columns(
                    period_start_month()))),
        Section("worst_customers", sort_customers(by_customer, "margin", 5), "Worst-margin customers",
                money=MARGIN_MONEY, percent=("gross_margin",), notes=notes,
                chart=Chart("bars", "Paying customers by gross margin", margin_histogram(by_customer), "margin",
                            "customers", unit="count")),
        Section("efficiency", _efficiency(signals, job.log.has("feature")), "Prompt efficiency (tokens per inference)"),
        Section("accounting", _accounting(job), "Every row accounted for"),
    ]
    return Document(sections, job.book.currency, single=False)


def _cubes(job: Job) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Money per customer, and quality signals per feature, as two passes over the rows.

    One cube keyed by customer × feature would hold a cell for nearly every row of a
    big log (with ~20 signal sums each): two narrow cubes keep memory flat."""
    period = period_start(job.options.period)
    money = job.priced({"period": period, "customer_id": pl.col("customer_id")})
    by_feature = {"feature": pl.col("feature")} if job.log.has("feature") else {}
    return money, job.priced({"period": period, **by_feature}, signals=True)


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


def _cost_notes(job: Job) -> list[str]:
    """What the cost lines are made of, so every number on the page is explained."""
    fixed = ", ".join(f"{f.name} ({f.monthly:,.0f} a month)" for f in job.book.fixed_costs) or "none"
    amortized = ", ".join(f"{a.name} ({a.total:,.0f} over {a.over_inferences:,} calls)"
                          for a in job.book.amortized) or "none"
    return [f"cost = token cost (tokens × {job.book.path} prices) + fixed costs spread over each month's calls "
            f"[{fixed}] + amortized one-off costs [{amortized}]; cpi = cost ÷ inferences; "
            "gross margin = (revenue − cost) ÷ revenue"]


def period_start_month() -> pl.Expr:
    """The report's cube is keyed by --period; the cost-by-model chart is always by month."""
    return pl.col("_month").alias("period")


def _flywheel(priced: pl.DataFrame, job: Job) -> dict[str, dash.Reading]:
    """The article's practical proxies: retry rate over time (lower is better) and feedback collected."""
    frame = rollup(priced, ["period"]).with_columns(ratio("retry_true", "retry_known").alias("retry_rate"))
    out = {"feedback_rate": dash.Reading(None, "needs a feedback column")}
    if job.log.has("feedback"):
        total = frame["inferences"].sum()
        out["feedback_rate"] = dash.Reading(frame["feedback_known"].sum() / total if total else None)
    rates = frame["retry_rate"].drop_nulls()
    if not job.log.has("is_retry"):
        out["flywheel_retry_trend"] = dash.Reading(None, "needs an is_retry column")
    elif job.options.period != "month" or rates.len() < 4 or not rates[-4]:
        out["flywheel_retry_trend"] = dash.Reading(None, "needs 4 months of data (--period month)")
    else:
        out["flywheel_retry_trend"] = dash.Reading((rates[-1] - rates[-4]) / rates[-4])
    return out


def _downgrade(priced: pl.DataFrame, job: Job) -> dash.Reading:
    if not job.log.has("feature"):
        return dash.Reading(None, "needs a feature column")
    months = priced.filter(pl.col("_in") & pl.col("state").is_in(("priced", "logged")))["_month"].n_unique()
    summary = tolerance(downgrade(priced, months), priced)
    value = summary["tolerance"]
    if value is None:
        return dash.Reading(None, "needs two models per feature and satisfaction")
    return dash.Reading(value, basis=f"share of the traffic that could be judged ({summary['judged_share']:.0%} of "
                        "all: features with several models and 30+ rated calls each); see llmcost downgrade")


def _cac(customers: str | None, spend: str | None, as_of: dt.date) -> dash.Reading:
    if not customers or not spend:
        return dash.Reading(None, "needs --customers and --spend")
    latest = latest_adjusted(cac(load_customers(customers), load_spend(spend), as_of))
    if not latest:
        return dash.Reading(None, "needs a cohort 90 days old")
    return dash.Reading(latest[1], basis=f"the {latest[0]} signup cohort, the newest whose 90 days have passed "
                        "(spend ÷ customers still active); see llmcost cac")


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
