"""One value out of a Polars column, typed as what our columns hold.

Polars cannot know a column's dtype statically, so its stubs type `Series.sum()` as
`int | float | Decimal` and `min()`/`max()`/`mean()`/`median()` as any Python value
(dates, strings, lists…) or None. Our numeric columns are integers or Float64 (never
Decimal: money is cast to Float64 where it is read) and our month columns are dates, so
these helpers say so once, by name, instead of a `cast` at every comparison. They return
Polars' own value unchanged: an integer column still sums to an int.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import polars as pl


def total(series: pl.Series) -> float:
    """The sum of a numeric column; 0 when it is empty or all null (as Polars sums)."""
    return cast(float, series.sum())


def largest(series: pl.Series) -> float | None:
    """The maximum of a numeric column; None when it is empty or all null."""
    return cast("float | None", series.max())


def smallest(series: pl.Series) -> float | None:
    """The minimum of a numeric column; None when it is empty or all null."""
    return cast("float | None", series.min())


def mean(series: pl.Series) -> float | None:
    """The mean of a numeric or boolean column (a share of true); None when it is empty or all null."""
    return cast("float | None", series.mean())


def median(series: pl.Series) -> float | None:
    """The median of a numeric column; None when it is empty or all null."""
    return cast("float | None", series.median())


def latest(series: pl.Series) -> dt.date | None:
    """The last day of a date column (a month column holds each month's first day); None when empty."""
    return cast("dt.date | None", series.max())


def earliest(series: pl.Series) -> dt.date | None:
    """The first day of a date column; None when empty."""
    return cast("dt.date | None", series.min())
