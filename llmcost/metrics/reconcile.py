"""Re-priced cost from the logs against the provider's invoice, per month and model, with the
likely cause of each difference ("the dashboard doesn't match my bill")."""

from __future__ import annotations

import polars as pl

COLUMNS = ("month", "model", "log_cost", "invoice_cost", "difference", "difference_pct", "status", "likely_cause")


def reconcile(log_cost: pl.DataFrame, invoice: pl.DataFrame, evidence: pl.DataFrame, tolerance: float) -> pl.DataFrame:
    """log_cost: month, model, log_cost; invoice: month, model, invoice_cost;
    evidence: month, days, unpriced, anthropic_hint (what the logs of each month show)."""
    frame = log_cost.join(invoice, on=["month", "model"], how="full", coalesce=True)
    frame = frame.with_columns(pl.col("log_cost", "invoice_cost").fill_null(0.0))
    frame = frame.with_columns((pl.col("invoice_cost") - pl.col("log_cost")).alias("difference"))
    frame = frame.with_columns(
        pl.when(pl.col("invoice_cost") != 0).then(pl.col("difference") / pl.col("invoice_cost")).alias("difference_pct")
    )
    frame = frame.join(evidence, on="month", how="left")
    off = pl.col("difference").abs() > tolerance * pl.col("invoice_cost").abs().clip(lower_bound=1e-9)
    status = (
        pl.when(pl.col("log_cost") == 0)
        .then(pl.lit("not in logs"))
        .when(pl.col("invoice_cost") == 0)
        .then(pl.lit("not on invoice"))
        .when(off)
        .then(pl.lit("off"))
        .otherwise(pl.lit("ok"))
    )
    frame = frame.with_columns(status.alias("status"))
    return frame.with_columns(_cause().alias("likely_cause")).select(COLUMNS).sort("month", "model")


def _cause() -> pl.Expr:
    month_days = (pl.col("month").dt.offset_by("1mo") - pl.col("month")).dt.total_days()
    return (
        pl.when(pl.col("status") == "ok")
        .then(pl.lit(""))
        .when(pl.col("status") == "not in logs")
        .then(pl.lit("calls missing from the logs (another key, app or region?)"))
        .when(pl.col("status") == "not on invoice")
        .then(pl.lit("another provider or account pays for these calls"))
        .when(pl.col("unpriced").fill_null(0) > 0)
        .then(
            pl.lit("unpriced rows in the logs this month: ")
            + pl.col("unpriced").cast(pl.String)
            + pl.lit(" (run validate)")
        )
        .when(pl.col("anthropic_hint").fill_null(0) > 0)
        .then(pl.lit("cache tokens counted twice? rows rejected for the token convention"))
        .when(pl.col("days").fill_null(0) < month_days)
        .then(
            pl.lit("the logs cover ")
            + pl.col("days").cast(pl.String)
            + pl.lit(" of ")
            + month_days.cast(pl.String)
            + pl.lit(" days")
        )
        .when(pl.col("difference") > 0)
        .then(pl.lit("invoice higher: a price in pricing.yaml below the billed one?"))
        .otherwise(pl.lit("invoice lower: a discount or credit not in pricing.yaml?"))
    )
