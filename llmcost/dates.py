"""Calendar months: reports, revenue proration and `flag-customers --month` all step by them."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

Day = TypeVar("Day", dt.date, dt.datetime)


def next_month(day: Day) -> Day:
    """The 1st of the month after `day`'s (a date-time keeps its time and zone): the exclusive end
    of `day`'s month, as every window here is half-open."""
    if day.month == 12:
        return day.replace(year=day.year + 1, month=1, day=1)
    return day.replace(month=day.month + 1, day=1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The 1st of each month from `first`'s to `last`'s, both included."""
    month, out = first.replace(day=1), []
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out
