"""What each command shows: metric results wrapped as Documents for the renderer.

One module per family of commands; the helpers every family needs live here.
"""

from __future__ import annotations

import polars as pl

from llmcost.cube import period_start
from llmcost.job import Job
from llmcost.metrics.accounting import Account

GROUP_COLUMNS = {"model": "model", "feature": "feature", "customer": "customer_id"}


def group_keys(job: Job, by: str | None, period: bool = True) -> dict[str, pl.Expr]:
    """Cube keys for a --by choice; models are grouped by pricing entry after pricing."""
    keys = {"period": period_start(job.options.period or "month")} if period else {}
    if by in ("feature", "customer"):
        keys[GROUP_COLUMNS[by]] = pl.col(GROUP_COLUMNS[by])
    return keys


def period_of(job: Job) -> str:
    """The run's calendar period; "month" when the command has no --period (validate), as the cube keys read it."""
    return job.options.period or "month"


def account_of(job: Job) -> Account:
    """The row account `job.priced()` recorded. A view reads it after pricing, so None is a bug, not bad input."""
    if job.account is None:
        raise RuntimeError("the row account is read before job.priced() ran")
    return job.account


def by_group(priced: pl.DataFrame, by: str | None) -> tuple[pl.DataFrame, str | None]:
    """The priced cube and the column to group on (`entry` stands for model)."""
    if by == "model":
        return priced.with_columns(pl.col("entry").alias("model")), "model"
    return priced, GROUP_COLUMNS.get(by) if by else None


