"""Unit-cost trend (docs/reference.md §2.4): CPI per period against 1, 3, 6 and 12 months earlier."""

from __future__ import annotations

import polars as pl

from llmcost.metrics.cpi import cpi
from llmcost.metrics.rollup import period_label, with_change
from llmcost.render import percent

# Lags per period: months are calendar months; weeks and days use 13/26/52 weeks and 91/182/365 days.
LAGS = {
    "month": {"cpi_change_3m": "3mo", "cpi_change_6m": "6mo", "cpi_change_12m": "12mo"},
    "week": {"cpi_change_3m": "13w", "cpi_change_6m": "26w", "cpi_change_12m": "52w"},
    "day": {"cpi_change_3m": "91d", "cpi_change_6m": "182d", "cpi_change_12m": "365d"},
}
COLUMNS = ("inferences", "cost", "cpi", "cpi_change", "cpi_change_3m", "cpi_change_6m", "cpi_change_12m")


def trend(priced: pl.DataFrame, period: str, group: str | None = None) -> pl.DataFrame:
    """CPI per period with its change against each lag; empty where there is no earlier period."""
    keys = [group] if group else []
    frame = cpi(priced, period, group, label=False)
    frame = with_change(frame, "cpi", keys, LAGS[period])
    return frame.select(period_label(period).alias("period"), *keys, *COLUMNS)


def verdict(frame: pl.DataFrame, period: str) -> str:
    """The article's reading of the 3-month change: as fast as the market, slower, or flat/rising."""
    overall = frame.filter(pl.col("cpi").is_not_null())
    if overall.height < 2:
        return "Trend: needs at least two periods of data."
    last = overall.tail(1)
    change = last["cpi_change_3m"][0]
    basis = "over 3 months"
    if change is None:
        first_cpi, last_cpi = overall["cpi"][0], overall["cpi"][-1]
        change = (last_cpi - first_cpi) / first_cpi if first_cpi else None
        basis = f"since {overall['period'][0]} (less than 3 months of data)"
    if change is None:
        return "Trend: no CPI to compare."
    text = percent(change, signed=True)
    if change <= -0.10:
        return f"CPI {text} {basis}: falling as fast as the market (10–20 % per quarter)."
    if change < -0.02:
        return f"CPI {text} {basis}: falling slower than the market — evaluate cheaper models or providers."
    return f"CPI {text} {basis}: flat or rising — audit model choices and prompt lengths."
