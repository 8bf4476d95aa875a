"""The Python API: the tables of `llmcost cpi`, `customers` and `trend` as Polars DataFrames.

    import llmcost
    logs = llmcost.open_logs("sample_logs/inferences.parquet", pricing="pricing.yaml",
                             revenue="sample_logs/revenue.csv")
    logs.cpi(period="month")   # the rows of `llmcost cpi -f json`
    logs.customers()           # the rows of `llmcost customers -f json`
    logs.trend(period="month") # the rows of `llmcost trend -f json`
    logs.account               # {"read": …, "priced": …, "unpriced": …, "rejected": …, "duplicates": …, …}

Each method runs the command's own view on logs loaded once, so a figure here is the figure
the command prints. Bad input raises `llmcost.LlmcostError` (its message is the command's
`error:` line); nothing is printed. Dates stay `datetime.date` where JSON writes text.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from functools import cached_property

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.inputs import Inputs
from llmcost.job import Job
from llmcost.views import Outcome

PERIODS = ("day", "week", "month")
GROUPS = ("model", "feature", "customer")
SORTS = ("margin", "cost", "revenue", "inferences")
Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def open_logs(
    paths: Paths = (),
    *,
    pricing: str | None = None,
    config: str | None = None,
    revenue: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    preset: str | None = None,
    model: str | None = None,
    input_format: str | None = None,
    catalog: bool = False,
) -> Logs:
    """Read logs (files, folders, globs or a database URI; default: `logs:` in llmcost.yaml) with
    their prices and, for margins, revenue, as the commands' options of the same names do.

    `since` is the first day of the window, `until` the day after it (dates or YYYY-MM-DD).
    Settings come from `config` (default: ./llmcost.yaml when there is one), as on the command line."""
    names = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    inputs = Inputs(
        paths=tuple(os.fspath(p) for p in names),
        pricing=pricing,
        config=config,
        revenue=revenue,
        since=_day(since, "since"),
        until=_day(until, "until"),
        preset=preset,
        model=model,
        input_format=input_format,
        catalog=catalog,
    )
    return Logs(Job(inputs))


class Logs:
    """Priced logs: each method is one command's table, computed when asked.

    Immutable: `within` returns new Logs; `account` is computed once, on first use."""

    def __init__(self, job: Job) -> None:
        self._job = job

    @property
    def job(self) -> Job:
        """The loaded settings, prices and logs, for views beyond these methods."""
        return self._job

    def within(self, since: dt.date | str | None = None, until: dt.date | str | None = None) -> Logs:
        """The same logs, not read again, for a narrower window (inside the one they were opened with)."""
        return Logs(self._job.within(_day(since, "since"), _day(until, "until")))

    def cpi(self, period: str = "month", by: str | None = None) -> pl.DataFrame:
        """Cost per inference per calendar period (and model, feature or customer), with its parts."""
        from llmcost.views.cost import cpi_document

        return _table(cpi_document(self._job, _choice(by, GROUPS, "by"), _period(period)))

    def trend(self, period: str = "month", by: str | None = None, explain: bool = False) -> pl.DataFrame:
        """CPI per period against the previous one and 3, 6 and 12 months before; `explain` splits
        each change into price, mix, tokens and fixed-cost effects (`llmcost trend --explain`)."""
        from llmcost.views.cost import trend_document

        return _table(trend_document(self._job, _choice(by, GROUPS, "by"), explain, _period(period)))

    def customers(
        self, per_month: bool = False, sort: str = "margin", top: int | None = None, threshold: float | None = None
    ) -> pl.DataFrame:
        """Revenue, cost and gross margin per customer (per month with `per_month`); `flagged` below
        `threshold` (default: flag_threshold in llmcost.yaml, else 0)."""
        from llmcost.metrics.margin import FlagRule
        from llmcost.views.margin import customers_document

        if top is not None and top < 1:
            raise LlmcostError(f"top: {top} is less than 1")
        rule = FlagRule(self._job.config.flag_threshold if threshold is None else threshold, 0, False)
        return _table(customers_document(self._job, per_month, _choice(sort, SORTS, "sort") or "margin", top, rule))

    @cached_property
    def account(self) -> dict[str, int]:
        """Every row read and where it went, as `llmcost validate` counts them."""
        return self._job.priced({}).account.summary()


def _table(outcome: Outcome) -> pl.DataFrame:
    return outcome.doc.sections[0].frame


def _period(value: str) -> str:
    return _choice(value, PERIODS, "period") or "month"


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    """`value` if one of `allowed` (or None): a typo is an error, not a silently different table."""
    if value is not None and value not in allowed:
        raise LlmcostError(f"{name}: '{value}' is not one of {', '.join(allowed)}")
    return value


def _day(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LlmcostError(f"{name}: '{value}' is not a date (YYYY-MM-DD)") from None
