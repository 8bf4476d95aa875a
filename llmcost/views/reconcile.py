"""reconcile: the logs re-priced against a provider's invoice, and the same cost as FinOps FOCUS
rows (`--format focus`) for cloud-cost tools."""

from __future__ import annotations

import polars as pl

from llmcost.cube import rejected_months
from llmcost.invoice import invoice_lines, per_month, within
from llmcost.job import Job, Priced
from llmcost.metrics.reconcile import reconcile
from llmcost.metrics.rollup import rollup
from llmcost.price import COUNTED
from llmcost.render import Document
from llmcost.rules import ANTHROPIC_HINT
from llmcost.views import Outcome, comparison
from llmcost.views.validate import counted_twice, window_text


def reconcile_document(job: Job, invoice_path: str, tolerance: float) -> Outcome:
    """Re-priced token cost per month and model against the invoice; FOCUS rows for --format focus.
    Each month and model off by more than `tolerance` is an alarm."""
    keys = {"day": pl.col("timestamp").dt.date(), "customer_id": pl.col("customer_id"), "feature": pl.col("feature")}
    run = job.priced(keys)
    priced = run.frame
    invoice, left_out = within(invoice_lines(invoice_path), run.window)
    names = {m: (entry.name if (entry := job.book.resolve(m)) else m) for m in invoice["model"].unique()}
    invoice = invoice.with_columns(pl.col("model").replace_strict(names, return_dtype=pl.String))
    invoice = per_month(invoice).rename({"cost": "invoice_cost"})
    frame = reconcile(_log_cost(priced), invoice, _evidence(job, run), tolerance)
    frame = frame.with_columns(pl.col("month").dt.strftime("%Y-%m"))
    notes = [
        f"log_cost = token cost re-priced with {job.book.path} (no fixed or amortized costs); "
        f"off = more than {tolerance:.0%} apart"
    ]
    if left_out:
        notes.append(
            f"{left_out:,} invoice line{'s' * (left_out != 1)} outside the window {window_text(run.window)} "
            "left out (the logs were read for the window only)"
        )
    doc = Document(
        [comparison("reconcile", frame, "Logs against the invoice", ("log_cost", "invoice_cost"), notes)],
        job.book.currency,
        focus=focus_rows(priced, job.book.currency),
    )
    return Outcome(doc, run, alarms=int((frame["status"] != "ok").sum()))


def _log_cost(priced: pl.DataFrame) -> pl.DataFrame:
    """Per month and model: the re-priced token cost and the log rows, unpriced ones included —
    a model is "not in logs" only when it has no rows there, not when its cost is 0 (free, or
    unpriced: then the unpriced rows are the cause)."""
    keyed = priced.with_columns(pl.col("entry").alias("model"), pl.col("_month").alias("month"))
    cost = rollup(keyed, ["month", "model"]).select("month", "model", pl.col("token_cost").alias("log_cost"))
    logged = keyed.filter((pl.col("_state") == "ok") & pl.col("_in"))  # priced, logged or unpriced
    rows = logged.group_by("month", "model").agg(pl.col("inferences").sum().alias("rows"))
    return rows.join(cost, on=["month", "model"], how="left")


def _evidence(job: Job, run: Priced) -> pl.DataFrame:
    """Per month, each of its own rows: days with priced rows, unpriced rows, rows rejected for the
    token convention, and whether the Anthropic convention reads an OpenAI-style log there — so one
    month's rejected rows are never another month's cause. Of the window only (`_in`): the cube
    keeps whole months for fixed costs, and a week's window over a month of logs would otherwise
    read "the logs cover 31 of 31 days"."""
    months = run.frame.filter(pl.col("_month").is_not_null() & pl.col("_in"))
    counted = pl.col("state").is_in(COUNTED)
    days = pl.col("day").filter(counted).n_unique().alias("days")
    unpriced = pl.col("inferences").filter(pl.col("state") == "unpriced").sum().alias("unpriced")
    frame = months.group_by("_month").agg(days, unpriced, counted_twice(job, months).alias("counted_twice"))
    rejected = _rejected_for_convention(job, run)
    return frame.join(rejected, on="_month", how="full", coalesce=True).rename({"_month": "month"})


def _rejected_for_convention(job: Job, run: Priced) -> pl.DataFrame:
    """Per month: rows rejected for the token convention (their cells have no month: a second pass,
    run only when there are some)."""
    some = run.frame.filter(pl.col("_reason") == ANTHROPIC_HINT).height > 0
    months = job.collect(lambda: rejected_months(job.log, run.window, some))
    return months.filter(pl.col("_reason") == ANTHROPIC_HINT).select(
        "_month", pl.col("rows").alias("convention_rejected")
    )


def focus_rows(priced: pl.DataFrame, currency: str) -> pl.DataFrame:
    """FinOps FOCUS columns, one row per day × model × customer × feature, for cloud-cost tools."""
    frame = rollup(priced.with_columns(pl.col("entry").alias("model")), ["day", "model", "customer_id", "feature"])
    tags = pl.struct(pl.col("customer_id"), pl.col("feature")).struct.json_encode()
    return frame.select(
        BilledCost=pl.col("token_cost"),
        EffectiveCost=pl.col("cost"),
        ListCost=pl.col("token_cost"),
        BillingCurrency=pl.lit(currency),
        ChargePeriodStart=_utc(pl.col("day")),
        ChargePeriodEnd=_utc(pl.col("day").dt.offset_by("1d")),
        ChargeCategory=pl.lit("Usage"),
        ChargeDescription=pl.format("LLM inference: {}", "model"),
        ServiceName=pl.lit("LLM inference"),
        ServiceCategory=pl.lit("AI and Machine Learning"),
        ResourceId=pl.col("model"),
        ConsumedQuantity=pl.col("input_tokens") + pl.col("output_tokens"),
        ConsumedUnit=pl.lit("Tokens"),
        PricingQuantity=pl.col("inferences"),
        PricingUnit=pl.lit("Inferences"),
        Tags=tags,
    )


def _utc(day: pl.Expr) -> pl.Expr:
    """A day as the ISO 8601 UTC timestamp FOCUS wants, for the start and the end of a charge period alike."""
    return day.cast(pl.Datetime("us", "UTC")).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
