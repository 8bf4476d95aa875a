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
from typing import Literal, cast

import polars as pl

Statistic = Literal["max", "min", "mean", "median"]


def total(series: pl.Series) -> float:
    """The sum of a numeric column; 0 when it is empty or all null (as Polars sums)."""
    return cast(float, series.sum())


def number(series: pl.Series, how: Statistic) -> float | None:
    """The max, min, mean or median of a numeric column (the mean of a boolean column is its
    share of true); None when it is empty or all null."""
    return cast("float | None", getattr(series, how)())


def day(series: pl.Series, how: Literal["max", "min"]) -> dt.date | None:
    """The last (max) or first (min) day of a date column (a month column holds each month's
    first day); None when it is empty."""
    return cast("dt.date | None", getattr(series, how)())
