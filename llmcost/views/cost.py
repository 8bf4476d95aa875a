"""cpi, trend, models: what inferences cost and where it goes."""

from __future__ import annotations

import polars as pl

from llmcost.job import Job
from llmcost.metrics.cpi import cpi
from llmcost.metrics.models import models
from llmcost.metrics.trend import trend, verdict
from llmcost.render import Document, Section
from llmcost.views import by_group, group_keys

CPI_MONEY = ("cost", "cpi", "token_cost", "fixed_cost", "amortized_cost")
CHANGES = ("cpi_change", "cpi_change_3m", "cpi_change_6m", "cpi_change_12m")


def cpi_document(job: Job, by: str | None) -> Document:
    priced, group = by_group(job.priced(group_keys(job, by)), by)
    frame = cpi(priced, job.options.period, group)
    title = f"Cost per inference by {job.options.period}" + (f" and {by}" if by else "")
    return Document([Section("cpi", frame, title, money=CPI_MONEY, change=("cpi_change",))], job.book.currency)


def trend_document(job: Job, by: str | None) -> Document:
    priced, group = by_group(job.priced(group_keys(job, by)), by)
    frame = trend(priced, job.options.period, group)
    overall = frame if group is None else trend(priced, job.options.period)
    notes = [verdict(overall, job.options.period)]
    section = Section("trend", frame, f"Unit-cost trend by {job.options.period}", money=("cost", "cpi"),
                      change=CHANGES, notes=notes, spark="cpi")
    return Document([section], job.book.currency)


def models_document(job: Job, raw: bool) -> Document:
    keys = {"model_as_logged": pl.col("model")} if raw else {}
    priced = job.priced(keys)
    frame = models(priced, "model_as_logged" if raw else "entry")
    section = Section("models", frame, "Cost by model" + (" (as logged)" if raw else ""),
                      money=("cost", "cpi"), percent=("cost_share",), spark="cost")
    return Document([section], job.book.currency)


