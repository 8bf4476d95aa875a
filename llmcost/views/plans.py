"""plans: margin per pricing plan, the usage at which each plan stops paying for itself, margin
by usage band, and the seven-metrics article's pricing signals with their figures."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from llmcost.cube import period_start
from llmcost.errors import LlmcostError
from llmcost.job import Job, Priced
from llmcost.metrics import plans as m
from llmcost.metrics.rollup import rollup
from llmcost.plans import NO_PLAN, Plan, load_history, segments
from llmcost.render import Document, Section
from llmcost.views import Outcome

PLAN_MONEY = ("revenue", "cost", "gross_profit", "cost_per_inference", "cost_above")
BREAK_EVEN_NOTE = (
    "break-even = calls (and tokens) in a whole customer-month at which the plan's revenue equals their cost at the "
    "plan's own cost per inference; months_above = customer-months above it (prorated for part months), "
    "cost_above = what their calls above it cost over the window"
)


@dataclass(frozen=True)
class Ledger:
    """One row per customer, plan and month (metrics.plans.ledger), the plans it was priced
    with, its notes, and the pass over the logs it came from."""

    frame: pl.DataFrame
    plans: dict[str, Plan]
    history: pl.DataFrame
    notes: list[str]
    run: Priced


def customers_path(job: Job, given: str | None = None) -> str:
    """The customers file that says who is on which plan: --customers, else `customers:`."""
    path = given or job.inputs.customers or job.config.customers
    if not path:
        raise LlmcostError(
            "plans needs a customers file with a 'plan' column (customer_id, plan, optionally plan_from): "
            "pass --customers FILE or set 'customers:' in llmcost.yaml"
        )
    return path


def load_assignments(job: Job, customers: str | None = None) -> pl.DataFrame:
    """Who is on which plan from when (plans.load_history), refused when nobody has a plan."""
    path = customers_path(job, customers)
    history = load_history(path)
    if history["plan"].null_count() == history.height:
        raise LlmcostError(f"{path}: no plan for any customer (a 'plan' column names each customer's plan)")
    return history


def plan_keys(history: pl.DataFrame) -> dict[str, pl.Expr]:
    """Cube keys for a ledger: the customer, and the day when a plan changes inside a month."""
    daily = history.filter(pl.col("plan_from").dt.day() != 1).height > 0
    return {"customer_id": pl.col("customer_id")} | ({"day": period_start("day")} if daily else {})


def ledger_of(
    job: Job, priced: pl.DataFrame, history: pl.DataFrame, plans: dict[str, Plan], proposal: m.Proposal | None = None
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """The ledger of a priced cube keyed by `plan_keys` (as logged, or re-priced by a what-if),
    and the revenue file's warnings."""
    day = "day" if "day" in priced.columns else "_month"
    usage = rollup(priced, ["customer_id", day]).select(
        "customer_id",
        pl.col(day).alias("day"),
        "inferences",
        (pl.col("input_tokens") + pl.col("output_tokens")).alias("tokens"),
        "cost",
    )
    revenue = job.revenue(priced)
    since, until = job.window.since, job.window.until
    segs = segments(history, revenue.fractions, since.date() if since else None, until.date() if until else None)
    return m.ledger(usage, history, segs, revenue.frame, plans, proposal), revenue.notes


def plan_ledger(job: Job, plans: dict[str, Plan] | None = None) -> Ledger:
    """Usage per customer, plan and month, with its revenue (the revenue file's, else the plan's)."""
    history = load_assignments(job)
    plans = job.config.plans if plans is None else plans
    run = job.priced(plan_keys(history))
    frame, warnings = ledger_of(job, run.frame, history, plans)
    return Ledger(frame, plans, history, _notes(frame, plans), run.with_notes(warnings))


def _notes(frame: pl.DataFrame, plans: dict[str, Plan]) -> list[str]:
    """Where revenue came from, and the plans llmcost.yaml does not price."""
    computed = frame.filter(pl.col("source") == "plan").height
    notes = [
        "revenue: the revenue file's where it has the customer's month, else what the plan charges for the usage "
        f"({computed:,} customer-month{'' if computed == 1 else 's'} computed from plans)"
    ]
    unpriced = sorted({p for p in frame["plan"].drop_nulls().unique() if p not in plans})
    if unpriced:
        notes.append(
            f"plan{'s' if len(unpriced) > 1 else ''} {', '.join(unpriced)} not priced under 'plans:' in llmcost.yaml: "
            "break-even uses the average revenue per customer-month"
        )
    return notes


def plan_tables(ledger: Ledger, by_month: bool, band_count: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The per-plan table, the usage bands and the signals, from one ledger."""
    plans = m.effective_plans(ledger.frame, ledger.plans)
    table = m.summary(ledger.frame, plans, by_month)
    overall = m.summary(ledger.frame, plans, False) if by_month else table
    return table, m.bands(ledger.frame, band_count), m.signals(ledger.frame, overall)


def plans_document(job: Job, by_month: bool, band_count: int) -> Outcome:
    """Margin and break-even per plan (per month with `by_month`), bands and signals."""
    ledger = plan_ledger(job)
    table, bands, signals = plan_tables(ledger, by_month, band_count)
    if by_month:
        table = table.with_columns(pl.col("month").dt.strftime("%Y-%m").alias("period")).drop("month")
        table = table.select("plan", "period", pl.exclude("plan", "period"))
    footer = _footer(ledger.frame)
    table = _whole_calls(table)
    band_name = {4: "quartile", 10: "decile"}.get(band_count, f"1/{band_count}")
    sections = [
        plan_section(ledger, table, footer),
        Section(
            "bands",
            bands,
            f"Margin by usage band ({band_name}s of each plan's customer-months by calls)",
            money=("revenue", "cost"),
            percent=("gross_margin",),
        ),
        Section("signals", signals, "Pricing signals (seven-metrics article)", notes=_signal_notes()),
    ]
    return Outcome(Document(sections, job.book.currency, single=False), ledger.run)


def plan_section(ledger: Ledger, table: pl.DataFrame, footer: dict | None, name: str = "plans") -> Section:
    """The per-plan table, read the same way in `plans` and in the report."""
    return Section(
        name,
        table,
        "Margin per plan",
        money=PLAN_MONEY,
        percent=("gross_margin", "share_above"),
        notes=[*ledger.notes, BREAK_EVEN_NOTE, f"customers with no plan are the group '{NO_PLAN}'"],
        priority=("gross_margin", "break_even_inferences", "months_above", "cost_above", "revenue", "cost"),
        footer=footer,
    )


def report_sections(job: Job) -> list[Section]:
    """The report's Plans section, when a customers file names customers' plans (else none)."""
    path = job.inputs.customers or job.config.customers
    if not path or load_history(path)["plan"].drop_nulls().is_empty():
        return []
    ledger = plan_ledger(job)
    table = m.summary(ledger.frame, m.effective_plans(ledger.frame, ledger.plans), False)
    return [plan_section(ledger, _whole_calls(table), _footer(ledger.frame), "plans")]


def _whole_calls(table: pl.DataFrame) -> pl.DataFrame:
    """Break-even shown in whole calls and tokens."""
    return table.with_columns(pl.col("break_even_inferences", "break_even_tokens").round(0).cast(pl.Int64))


def _footer(frame: pl.DataFrame) -> dict:
    """Every plan together: sums, and the margin of the sums (the article's "average" row)."""
    sums = frame.select(pl.col("inferences", "tokens", "revenue", "cost").sum()).row(0, named=True)
    revenue, cost, calls = sums["revenue"], sums["cost"], sums["inferences"]
    return sums | {
        "plan": "total",
        "customers": frame["customer_id"].n_unique(),
        "gross_profit": revenue - cost,
        "gross_margin": (revenue - cost) / revenue if revenue else None,
        "cost_per_inference": cost / calls if calls else None,
    }


def _signal_notes() -> list[str]:
    return [
        f"detected: rank correlation ≤ {m.FALLING}; a gap of {m.SPREAD:.0%} points or more between two plans' "
        "margins; the lightest quarter of paying customers positive and the heaviest negative (empty: too few to say)"
    ]
