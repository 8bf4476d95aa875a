"""Re-priced cost from the logs against the provider's invoice, per month and model, with the
likely cause of each difference ("the dashboard doesn't match my bill")."""

from __future__ import annotations

import polars as pl

from llmcost.rules import first_match

COLUMNS = ("month", "model", "log_cost", "invoice_cost", "difference", "difference_pct", "status", "likely_cause")


def reconcile(log_cost: pl.DataFrame, invoice: pl.DataFrame, evidence: pl.DataFrame, tolerance: float) -> pl.DataFrame:
    """log_cost: month, model, log_cost, rows (log rows, priced or not); invoice: month, model,
    invoice_cost; evidence: month, days, unpriced, convention_rejected, counted_twice (what the logs of
    each month show, that month's own: one month's rejected rows are no other month's cause).

    A side is missing by its rows, not by a cost of 0: a free model billed $0 matches, and a
    model whose rows are all unpriced is in the logs (its cause is then the unpriced rows)."""
    billed = invoice.with_columns(pl.lit(True).alias("_billed"))
    frame = log_cost.join(billed, on=["month", "model"], how="full", coalesce=True)
    frame = frame.with_columns(pl.col("log_cost", "invoice_cost").fill_null(0.0))
    frame = frame.with_columns(differences("invoice_cost", "log_cost", base="invoice_cost"))
    frame = frame.join(evidence, on="month", how="left")
    off = pl.col("difference").abs() > tolerance * pl.col("invoice_cost").abs().clip(lower_bound=1e-9)
    status = first_match(
        [
            (pl.col("rows").fill_null(0) == 0, pl.lit("not in logs")),
            (pl.col("_billed").is_null(), pl.lit("not on invoice")),
            (off, pl.lit("off")),
        ],
        pl.lit("ok"),
    )
    frame = frame.with_columns(status.alias("status"))
    return frame.with_columns(_cause().alias("likely_cause")).select(COLUMNS).sort("month", "model")


def differences(a: str, b: str, base: str) -> list[pl.Expr]:
    """`difference` = a − b and `difference_pct` = difference ÷ `base` (null where `base` is 0):
    two costs of the same calls side by side, `base` the one the other is checked against."""
    gap = pl.col(a) - pl.col(b)
    return [gap.alias("difference"), pl.when(pl.col(base) != 0).then(gap / pl.col(base)).alias("difference_pct")]


def _cause() -> pl.Expr:
    month_days = (pl.col("month").dt.offset_by("1mo") - pl.col("month")).dt.total_days()
    unpriced = pl.lit("unpriced rows in the logs this month: ") + pl.col("unpriced").cast(pl.String)
    rejected = pl.lit("rows rejected for the token convention this month: ") + pl.col("convention_rejected").cast(
        pl.String
    )
    covered = pl.lit("the logs cover ") + pl.col("days").cast(pl.String) + pl.lit(" of ") + month_days.cast(pl.String)
    return first_match(
        [
            (pl.col("status") == "ok", pl.lit("")),
            (pl.col("status") == "not in logs", pl.lit("calls missing from the logs (another key, app or region?)")),
            (pl.col("status") == "not on invoice", pl.lit("another provider or account pays for these calls")),
            (pl.col("unpriced").fill_null(0) > 0, unpriced + pl.lit(" (run validate)")),
            (pl.col("convention_rejected").fill_null(0) > 0, rejected + pl.lit(" (an Anthropic-style log?)")),
            (
                pl.col("counted_twice").fill_null(False),
                pl.lit(
                    "cache tokens counted twice? token_convention is anthropic, but input_tokens already covers them"
                ),
            ),
            (pl.col("days").fill_null(0) < month_days, covered + pl.lit(" days")),
            (pl.col("difference") > 0, pl.lit("invoice higher: a price in pricing.yaml below the billed one?")),
        ],
        pl.lit("invoice lower: a discount or credit not in pricing.yaml?"),
    )
