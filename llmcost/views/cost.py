"""cpi, trend, models: what inferences cost and where it goes."""

from __future__ import annotations

import polars as pl

from llmcost.charts import Chart
from llmcost.cube import period_start
from llmcost.job import Job
from llmcost.metrics.cpi import cpi
from llmcost.metrics.explain import COLUMNS as EXPLAIN_COLUMNS
from llmcost.metrics.explain import explain
from llmcost.metrics.models import models
from llmcost.metrics.rollup import period_label, rollup
from llmcost.metrics.trend import trend, verdict
from llmcost.render import Document, Section
from llmcost.views import Outcome, by_group, group_keys

CPI_MONEY = ("cost", "cpi", "token_cost", "fixed_cost", "amortized_cost")
CHANGES = ("cpi_change", "cpi_change_3m", "cpi_change_6m", "cpi_change_12m")
# On a narrow terminal a model's cost and share stay longest; raw token counts go first.
MODEL_PRIORITY = ("cost", "cost_share", "cpi", "inferences", "avg_input_tokens", "avg_output_tokens")
# Parts that add up stay together: cost = token + fixed + amortized; the effects sum to the change.
CPI_PRIORITY = ("cpi", "cost", "token_cost", "fixed_cost", "amortized_cost", "inferences", "cpi_change")


def cpi_document(job: Job, by: str | None, period: str = "month") -> Outcome:
    """CPI per `period` (and --by group), with its components."""
    run = job.priced(group_keys(by, period))
    priced, group = by_group(run.frame, by)
    frame = cpi(priced, period, group)
    title = f"Cost per inference by {period}" + (f" and {by}" if by else "")
    section = Section("cpi", frame, title, money=CPI_MONEY, change=("cpi_change",), priority=CPI_PRIORITY)
    return Outcome(Document([section], job.book.currency), run)


def trend_document(job: Job, by: str | None, explained: bool = False, period: str = "month") -> Outcome:
    """CPI per `period` against earlier periods, or (`explained`) each change split into effects."""
    run = job.priced(group_keys(by, period))
    priced, group = by_group(run.frame, by)
    if explained:
        return Outcome(_explained(job, priced, period), run)
    frame = trend(priced, period, group)
    overall = frame if group is None else trend(priced, period)
    notes = [verdict(overall, period)]
    chart = Chart("bars", f"CPI by {period}", overall, "period", "cpi")
    section = Section(
        "trend",
        frame,
        f"Unit-cost trend by {period}",
        money=("cost", "cpi"),
        change=CHANGES,
        notes=notes,
        spark="cpi",
        chart=chart,
    )
    return Outcome(Document([section], job.book.currency), run)


def _explained(job: Job, priced: pl.DataFrame, period: str) -> Document:
    """trend --explain: each period's CPI change split into effects that add up exactly."""
    frame = explain(priced.with_columns(pl.col("entry")), job.book.unit_tokens)
    frame = frame.with_columns(period_label(period).alias("period")).select(EXPLAIN_COLUMNS)
    notes = [
        "effects in currency per inference, summing to cpi_change_abs: price (list prices, tiers, batch), "
        "mix (traffic between models), tokens (tokens per call), fixed (fixed and amortized cost per call); "
        "a Shapley split of the token CPI, so nothing is left over; tables round effects to two significant "
        "digits and show ≈ 0 for one under a thousandth of the largest (--format csv has every digit)"
    ]
    section = Section(
        "explain",
        frame,
        f"Why CPI moved, by {period}",
        money=("cpi",),
        effect=EXPLAIN_COLUMNS[2:],
        notes=notes,
        priority=EXPLAIN_COLUMNS[2:],
    )
    return Document([section], job.book.currency)


MODEL_COST_NOTE = (
    "cost = the model's token cost + its share of fixed costs (spread over the calls of the "
    "models each covers) and of amortized costs; cost_share = share of all cost"
)


def models_document(job: Job, raw: bool) -> Outcome:
    """Cost per pricing entry, or per model name as logged (`raw`)."""
    keys = {"period": period_start("month"), **({"model_as_logged": pl.col("model")} if raw else {})}
    column = "model_as_logged" if raw else "entry"
    run = job.priced(keys)
    frame = models(run.frame, column)
    section = Section(
        "models",
        frame,
        "Cost by model" + (" (as logged)" if raw else ""),
        money=("cost", "cpi"),
        percent=("cost_share",),
        spark="cost",
        notes=[MODEL_COST_NOTE],
        chart=cost_by_model_chart(run.frame, column),
        priority=MODEL_PRIORITY,
    )
    return Outcome(Document([section], job.book.currency), run)


def cost_by_model_chart(priced: pl.DataFrame, column: str = "entry") -> Chart:
    """Cost per month and model, for the stacked chart."""
    frame = rollup(priced.with_columns(pl.col(column).alias("model")), ["period", "model"])
    frame = frame.with_columns(period_label("month").alias("period")).select("period", "model", "cost")
    return Chart("stacked", "Cost by model per month", frame, "period", "cost", series="model")
