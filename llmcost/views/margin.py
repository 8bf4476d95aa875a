"""customers and flag-customers: who makes money and who loses it."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import polars as pl

from llmcost import scalars
from llmcost.charts import Chart
from llmcost.cube import Window
from llmcost.dates import next_month
from llmcost.job import Job
from llmcost.metrics.margin import FlagRule, cost_per_customer, margin_histogram, margins, sort_customers, totals
from llmcost.metrics.rollup import counted
from llmcost.render import Document, Section, money, percent
from llmcost.views import Outcome

MARGIN_MONEY = ("cost", "revenue", "gross_profit", "cost_per_inference", "revenue_per_inference")
# On a narrow terminal, what says who loses money stays longest; token counts go first.
MARGIN_PRIORITY = (
    "gross_margin",
    "cost",
    "revenue",
    "gross_profit",
    "flagged",
    "unbilled",
    "inferences",
    "cost_per_inference",
    "revenue_per_inference",
    "input_tokens",
    "output_tokens",
)


def window_label(window: Window, fractions: pl.DataFrame) -> str:
    """ISO 8601 interval of the window: 2026-05-01/2026-11-01."""
    first, last = scalars.day(fractions["month"], "min"), scalars.day(fractions["month"], "max")
    if first is None or last is None:  # no month in the window
        return ""
    start = window.since.date() if window.since else first
    end = window.until.date() if window.until else next_month(last)
    return f"{start.isoformat()}/{end.isoformat()}"


def proration_notes(fractions: pl.DataFrame) -> list[str]:
    return [
        f"revenue for {m:%Y-%m} prorated to {f:.1%} (the share of the month the window covers)"
        for m, f in fractions.filter(pl.col("fraction") < 1).iter_rows()
    ]


def flag_note(rule: FlagRule) -> str:
    """What `flagged` and `unbilled` mean for this run (the rule comes from options or config)."""
    floor = f", with at least {rule.min_inferences:,} inferences" if rule.min_inferences else ""
    unbilled = "; unbilled customers with costs too" if rule.include_unbilled else ""
    return (
        f"flagged = a paying customer whose gross margin is below {percent(rule.threshold)}{floor}{unbilled}; "
        "unbilled = no revenue for the customer in the revenue file"
    )


def margin_section(name: str, frame: pl.DataFrame, title: str, notes: list[str], **extra: Any) -> Section:
    """A table of customer margins, read the same way wherever it appears (command or report)."""
    return Section(
        name,
        frame,
        title,
        money=MARGIN_MONEY,
        percent=("gross_margin",),
        notes=notes,
        priority=MARGIN_PRIORITY,
        **extra,
    )


def margin_chart(frame: pl.DataFrame) -> Chart | None:
    """The histogram of paying customers' gross margins under a margin table; none when nobody
    pays (no revenue file): an all-zero chart would only look like a finding."""
    if not frame.height or not (frame["revenue"] > 0).any():
        return None
    return Chart(
        "bars", "Paying customers by gross margin", margin_histogram(frame), "margin", "customers", unit="count"
    )


class Margins(NamedTuple):
    """Margin per customer over a window, the notes under its table, and the warnings for stderr."""

    frame: pl.DataFrame
    notes: list[str]
    warnings: tuple[str, ...]


def margin_table(
    job: Job, priced: pl.DataFrame, rule: FlagRule, per_month: bool, window: Window | None = None
) -> Margins:
    """Each customer's margin in `window` (default: the Job's), revenue prorated to it."""
    window = window or job.window
    revenue = job.revenue(priced, window)
    label = None if per_month else pl.lit(window_label(window, revenue.fractions))
    notes = [*proration_notes(revenue.fractions), flag_note(rule)]
    if revenue.frame is None:
        notes.append("no revenue file: every customer is unbilled (pass --revenue FILE or set 'revenue:')")
    return Margins(margins(priced, revenue.frame, rule, label), notes, revenue.notes)


def customers_document(job: Job, per_month: bool, sort: str, top: int | None, rule: FlagRule) -> Outcome:
    """Margin per customer (per month with `per_month`), sorted, the first `top`, totals of all."""
    run = job.priced({"customer_id": pl.col("customer_id")})
    frame, notes, warnings = margin_table(job, run.frame, rule, per_month)
    spread = cost_per_customer(frame)
    if spread["customers"]:
        unit = "customer-month" if per_month else "customer"  # per month, each row is a customer's month
        count = spread["customers"]
        notes.append(
            f"cost per {unit} over {count:,} {unit}{'' if count == 1 else 's'} with usage: average "
            f"{money(spread['average'], job.book.currency)}, p95 {money(spread['p95'], job.book.currency)}"
        )
    footer = totals(frame)
    shown = sort_customers(frame, sort, top)
    footer["customer_id"] = total_label(shown, frame)
    section = margin_section("customers", shown, "Margin per customer", notes, footer=footer, chart=margin_chart(frame))
    return Outcome(Document([section], job.book.currency), run.with_notes(warnings))


def flag_document(job: Job, rule: FlagRule, latest_month: bool) -> Outcome:
    """The customers below the rule (in the latest month with `latest_month`); each is an alarm."""
    run = job.priced({"customer_id": pl.col("customer_id")})
    if latest_month:
        run = run.within(_latest_month(run.frame))
    frame, notes, warnings = margin_table(job, run.frame, rule, per_month=False, window=run.window)
    flagged = sort_customers(frame.filter(pl.col("flagged")), "margin", None)
    flagged = flagged.with_columns(_flag_reason(rule, job.book.currency).alias("why")).select(
        "customer_id", "period", "inferences", "cost", "revenue", "gross_profit", "gross_margin", "why"
    )
    section = margin_section("flagged", flagged, f"Customers flagged ({flagged.height})", notes)
    return Outcome(Document([section], job.book.currency), run.with_notes(warnings), alarms=flagged.height)


def _flag_reason(rule: FlagRule, currency: str) -> pl.Expr:
    """Why a row is flagged, in words that stand alone: flag-customers prints no `unbilled` column.

    A customer with a revenue of 0 is flagged as unbilled ones are (FlagRule), but is not
    unbilled (it has a row) and has no margin (÷ 0), so it gets its own words: keyed on either
    column alone, its `why` would be empty or say "unbilled" of a customer the file lists."""
    costs = pl.lit(", costs ") + pl.col("cost").map_elements(lambda v: money(v, currency), return_dtype=pl.String)
    margin = pl.col("gross_margin").map_elements(percent, return_dtype=pl.String)
    return (
        pl.when(pl.col("unbilled"))
        .then(pl.lit("unbilled") + costs)
        .when(pl.col("revenue") == 0)
        .then(pl.lit(f"revenue {money(0.0, currency)}") + costs)
        .otherwise(pl.lit("gross margin ") + margin + pl.lit(f" below {percent(rule.threshold)}"))
    )


def total_label(shown: pl.DataFrame, every: pl.DataFrame) -> str:
    """The footer's label: with --top the sums are still of every customer, and it says so."""
    if shown.height >= every.height:
        return "total"
    customers = every["customer_id"].n_unique()
    return f"total of all {customers:,}" if customers == every.height else f"total of all {every.height:,} rows"


def _latest_month(priced: pl.DataFrame) -> Window:
    months = counted(priced)["_month"]
    last = scalars.day(months, "max")
    if last is None:
        return Window()
    last = min(last, dt.datetime.now(dt.UTC).date().replace(day=1))  # never a month still to come
    start = dt.datetime.combine(last, dt.time(), dt.UTC)
    return Window(start, next_month(start))
