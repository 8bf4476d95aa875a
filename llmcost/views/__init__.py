"""What each command shows: metric results wrapped as Documents for the renderer.

One module per family of commands; the helpers every family needs live here. A view takes
a `Job` and the command's own choices (`period` among them) and returns an `Outcome`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from llmcost.cube import period_start
from llmcost.job import Priced
from llmcost.render import Document, Section

GROUP_COLUMNS = {"model": "model", "feature": "feature", "customer": "customer_id"}


@dataclass(frozen=True)
class Outcome:
    """A view's result: the document, the pass whose row account and warnings the run reports,
    and how many findings make a cron command exit 1 (customers flagged, periods drifting,
    models unknown, months off the invoice, rows lost): the exit code comes from the figures,
    not from the rendered document."""

    doc: Document
    priced: Priced
    alarms: int = 0


def group_keys(by: str | None, period: str | None = "month") -> dict[str, pl.Expr]:
    """Cube keys for a --by choice (and a calendar period, unless None); models are grouped by
    pricing entry after pricing."""
    keys = {"period": period_start(period)} if period else {}
    if by in ("feature", "customer"):
        keys[GROUP_COLUMNS[by]] = pl.col(GROUP_COLUMNS[by])
    return keys


def by_group(priced: pl.DataFrame, by: str | None) -> tuple[pl.DataFrame, str | None]:
    """The priced cube and the column to group on (`entry` stands for model)."""
    if by == "model":
        return priced.with_columns(pl.col("entry").alias("model")), "model"
    return priced, group_column(by)


def group_column(by: str | None) -> str | None:
    """The column a --by choice groups on (model: the pricing entry, under the name `model`)."""
    return "model" if by == "model" else GROUP_COLUMNS.get(by) if by else None


def comparison(name: str, frame: pl.DataFrame, title: str, costs: tuple[str, str], notes: list[str]) -> Section:
    """Two costs of the same calls side by side, with their difference (`metrics.reconcile.differences`)."""
    return Section(name, frame, title, money=(*costs, "difference"), change=("difference_pct",), notes=notes)
