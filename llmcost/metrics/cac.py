"""Adjusted CAC (seven-metrics #4): marketing spend ÷ customers still active 90 days after signup,
per signup cohort month, next to the naive CAC on all signups."""

from __future__ import annotations

import datetime as dt

import polars as pl

SURVIVAL_DAYS = 90


def cac(customers: pl.DataFrame, spend: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """customers: customer_id, signup_date, churn_date (dates); spend: month (date), spend."""
    day90 = pl.col("signup_date") + pl.duration(days=SURVIVAL_DAYS)
    survived = pl.col("churn_date").is_null() | (pl.col("churn_date") > day90)
    cohorts = (
        customers.with_columns(pl.col("signup_date").dt.truncate("1mo").alias("month"))
        .group_by("month")
        .agg(
            pl.len().alias("signups"),
            survived.sum().alias("survivors_90d"),
            day90.max().alias("matures_on"),
        )
    )
    frame = spend.join(cohorts, on="month", how="full", coalesce=True).sort("month")
    matured = pl.col("matures_on") <= as_of
    return frame.select(
        pl.col("month").dt.strftime("%Y-%m").alias("cohort"),
        pl.col("spend").fill_null(0.0),
        pl.col("signups").fill_null(0),
        pl.when(matured).then(pl.col("survivors_90d")).alias("survivors_90d"),
        pl.when(pl.col("signups") > 0).then(pl.col("spend").fill_null(0.0) / pl.col("signups")).alias("naive_cac"),
        pl.when(matured & (pl.col("survivors_90d") > 0))
        .then(pl.col("spend").fill_null(0.0) / pl.col("survivors_90d"))
        .alias("adjusted_cac"),
        pl.when(pl.col("signups").fill_null(0) == 0)
        .then(pl.lit("no signups"))
        .when(~matured)
        .then(pl.lit("90 days not yet passed (until ") + pl.col("matures_on").dt.strftime("%Y-%m-%d") + pl.lit(")"))
        .when(pl.col("survivors_90d") == 0)
        .then(pl.lit("no customer survived 90 days"))
        .otherwise(pl.lit(""))
        .alias("note"),
    )


def latest_adjusted(frame: pl.DataFrame) -> tuple[str, float] | None:
    """The newest cohort with an adjusted CAC: what the dashboard shows."""
    done = frame.filter(pl.col("adjusted_cac").is_not_null())
    return (done["cohort"][-1], done["adjusted_cac"][-1]) if done.height else None
