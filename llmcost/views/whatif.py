"""whatif: the same traffic re-priced under changes, before and after side by side."""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from llmcost import scalars
from llmcost.errors import LlmcostError
from llmcost.job import Job
from llmcost.metrics import whatif as w
from llmcost.metrics.margin import FlagRule, flagged, margins
from llmcost.metrics.plans import Proposal, capped, labelled
from llmcost.metrics.rollup import rollup
from llmcost.plans import load_plans
from llmcost.price import price
from llmcost.pricing import PriceBook
from llmcost.render import Document, Section
from llmcost.views import Outcome
from llmcost.views.margin import margin_table
from llmcost.views.plans import ledger_of, load_assignments, plan_keys

ASSUMPTION = (
    "Assumes the same token counts and the same quality on the new model or setting; "
    "'llmcost downgrade' measures the quality side."
)


def whatif_document(
    job: Job,
    routes: list[str],
    cache_hit: float | None,
    trim: float | None,
    prices: list[str],
    batches: list[str],
    rule: FlagRule,
    by: str | None,
    plan_change: w.PlanChange | None = None,
) -> Outcome:
    """The same traffic priced as logged and again with the changes asked for, side by side;
    with `plan_change`, revenue too, re-computed under the plans proposed."""
    _need_features(job, routes, batches, by)
    keys = {"customer_id": pl.col("customer_id")}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    history = load_assignments(job) if plan_change else None
    run = job.priced(keys | (plan_keys(history) if history is not None else {}))
    before = run.frame
    book = w.with_prices(job.book, [w.parse_price(p, job.book) for p in prices])
    cells = run.cells.join(before.select("_model", "entry").unique("_model"), on="_model", how="left")
    after = price(_changed(cells, book, routes, batches, cache_hit, trim).drop("entry"), book)
    _refuse_unpriced(before, after, book)
    if plan_change is not None and history is not None:
        plan_run = _plan_compare(job, before, after, rule, history, plan_change)
        rows, changes, warnings, more = plan_run.rows, plan_run.flips, plan_run.warnings, plan_run.notes
        extra = _plan_sections(plan_run, by) + (_breakdown(job, before, after, rule, by) if by != "customer" else [])
    else:
        rows, changes, warnings = _compare(job, before, after, rule)
        more, extra = [], _breakdown(job, before, after, rule, by)
    notes = [ASSUMPTION, *_changes_text(routes, cache_hit, trim, prices, batches, plan_change), *more]
    if cache_hit is not None:
        notes += _cache_note(rollup(before, []), cache_hit)
    sections = [Section("whatif", rows, "What if", row_unit="unit", hide=("unit",), change=("change",), notes=notes)]
    if changes.height:
        sections.append(
            Section(
                "flag_changes",
                changes,
                "Customers whose flag changes",
                percent=("gross_margin_before", "gross_margin_after"),
            )
        )
    sections += extra
    return Outcome(Document(sections, job.book.currency, single=len(sections) == 1), run.with_notes(warnings))


def _changed(
    cells: pl.DataFrame,
    book: PriceBook,
    routes: list[str],
    batches: list[str],
    cache_hit: float | None,
    trim: float | None,
) -> pl.DataFrame:
    """The logged cells with each change asked for, applied in a fixed order: routes, batch, cache hits, trim."""
    for text in routes:
        cells = w.apply_route(cells, w.parse_route(text), book)
    for text in batches:
        column, value = _batch_rule(text)
        cells = w.apply_batch(cells, column, value, book)
    if cache_hit is not None:
        cells = w.apply_cache(cells, cache_hit)
    if trim is not None:
        cells = w.apply_trim(cells, trim)
    return cells


def _batch_rule(text: str) -> tuple[str, str]:
    """--batch feature=NAME or model=NAME as (column, value)."""
    column, _, value = text.partition("=")
    if column not in ("feature", "model") or not value:
        raise LlmcostError(f"--batch {text!r}: write feature=NAME or model=NAME")
    return column, value


def _breakdown(job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule, by: str | None) -> list[Section]:
    """--by: cost per model or feature before and after, or each customer's margin."""
    if by in ("model", "feature"):
        column = "entry" if by == "model" else "feature"
        return [
            Section(
                f"by_{by}",
                _per_group(before, after, column, by),
                f"Cost by {by}",
                money=("cost_before", "cost_after", "change"),
            )
        ]
    if by == "customer":
        return [
            Section(
                "customers",
                _per_customer(job, before, after, rule),
                "Margin per customer",
                money=("revenue", "cost_before", "cost_after"),
                percent=("margin_before", "margin_after"),
            )
        ]
    return []


def _totals(priced: pl.DataFrame) -> dict:
    row = rollup(priced, []).row(0, named=True)
    return {"cost": row["cost"] or 0.0, "inferences": row["inferences"] or 0}


def _compare(
    job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule
) -> tuple[pl.DataFrame, pl.DataFrame, tuple[str, ...]]:
    """The metrics before and after, the customers whose flag changes, and the revenue file's warnings."""
    old, new = _totals(before), _totals(after)
    margins_before, _, warnings = margin_table(job, before, rule, per_month=False)
    label = margins_before["period"][0] if margins_before.height else ""
    margins_after = margins(after, job.revenue(before).frame, rule, pl.lit(label))
    earned = scalars.total(margins_before["revenue"])

    def margin(cost: float) -> float | None:
        return (earned - cost) / earned if earned else None

    def cpi(totals: dict) -> float | None:  # per priced call: a route can price calls that were not
        return totals["cost"] / totals["inferences"] if totals["inferences"] else None

    metrics = [
        ("CPI", "money", cpi(old), cpi(new)),
        ("total cost", "money", old["cost"], new["cost"]),
        ("gross margin", "percent", margin(old["cost"]), margin(new["cost"])),
        ("flagged customers", "count", float(margins_before["flagged"].sum()), float(margins_after["flagged"].sum())),
    ]
    return _metric_rows(metrics), _flag_flips(margins_before, margins_after), warnings


def _refuse_unpriced(before: pl.DataFrame, after: pl.DataFrame, book: PriceBook) -> None:
    """A route to a model with no price at some calls' dates would drop those calls from "after"
    and compare less traffic with more (reference §2.10): refused, with the date its prices start."""
    old, new = _unpriced(before), _unpriced(after)
    lost = {model: calls - old.get(model, 0.0) for model, calls in new.items() if calls - old.get(model, 0.0) > 1e-9}
    if not lost:
        return
    model, calls = min(lost.items())
    entry = book.resolve(model)
    starts = sorted(v.start for v in entry.versions if v.start is not None) if entry else []
    since = f" (its prices start {starts[0].isoformat()})" if starts else ""
    raise LlmcostError(
        f"whatif: {model} has no price in effect at the date of {_calls(calls)} of the calls moved to it{since}; "
        "narrow the window (--since) or route them to a model priced then"
    )


def _calls(calls: float) -> str:
    """Calls as counted: whole, or to a tenth when a route moves a share (40 % of 1 call is 0.4)."""
    return f"{calls:,.0f}" if calls == round(calls) else f"{calls:,.1f}"


def _unpriced(priced: pl.DataFrame) -> dict[str, float]:
    """Unpriced calls inside the window, per pricing model."""
    rows = (
        priced.filter((pl.col("state") == "unpriced") & pl.col("_in"))
        .group_by("_model")
        .agg(pl.col("inferences").sum())
    )
    return dict(rows.iter_rows())


def _metric_rows(metrics: list[tuple[str, str, float | None, float | None]]) -> pl.DataFrame:
    """metric, unit, before, after, change = (after − before) ÷ before."""
    rows = pl.DataFrame(
        [
            {"metric": m, "unit": u, "current": a, "target": b, "change": (b - a) / a if a and b is not None else None}
            for m, u, a, b in metrics
        ]
    )
    return rows.rename({"current": "before", "target": "after"})


def _flag_flips(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """The customers whose flag differs between two margin tables (customer_id, flagged, gross_margin)."""
    flips = before.select(
        "customer_id", pl.col("flagged").alias("before"), pl.col("gross_margin").alias("gross_margin_before")
    ).join(
        after.select(
            "customer_id", pl.col("flagged").alias("after"), pl.col("gross_margin").alias("gross_margin_after")
        ),
        on="customer_id",
        how="full",
        coalesce=True,
        nulls_equal=True,
    )
    flips = flips.filter(pl.col("before").fill_null(False) != pl.col("after").fill_null(False)).with_columns(
        pl.when(pl.col("after"))
        .then(pl.lit("starts being flagged"))
        .otherwise(pl.lit("stops being flagged"))
        .alias("change")
    )
    return flips.select("customer_id", "change", "gross_margin_before", "gross_margin_after")


def _per_customer(job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule) -> pl.DataFrame:
    old = margin_table(job, before, rule, per_month=False).frame
    new = margins(after, job.revenue(before).frame, rule, pl.lit(old["period"][0] if old.height else ""))
    return (
        old.select(
            "customer_id", "revenue", pl.col("cost").alias("cost_before"), pl.col("gross_margin").alias("margin_before")
        )
        .join(
            new.select("customer_id", pl.col("cost").alias("cost_after"), pl.col("gross_margin").alias("margin_after")),
            on="customer_id",
            how="left",
            nulls_equal=True,
        )
        .sort("margin_after", nulls_last=True)
    )


def _need_features(job: Job, routes: list[str], batches: list[str], by: str | None) -> None:
    """A feature route, batch or split on logs without a feature column is an error, not a no-op."""
    from llmcost.errors import LlmcostError

    if job.log.has("feature"):
        return
    asked = [f"--route {r}" for r in routes if r.strip().startswith("feature=")]
    asked += [f"--batch {b}" for b in batches if b.strip().startswith("feature=")]
    asked += ["--by feature"] if by == "feature" else []
    if asked:
        raise LlmcostError(
            f"{asked[0]}: the logs have no feature column (map one with 'columns:' in "
            "llmcost.yaml), so only model=NAME changes apply"
        )


def _per_group(before: pl.DataFrame, after: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    """Cost per model (pricing entry) or feature before and after: where the money moves to."""

    def costs(frame: pl.DataFrame, when: str) -> pl.DataFrame:
        return rollup(frame, [column]).select(
            pl.col(column).alias(name),
            pl.col("inferences").alias(f"inferences_{when}"),
            pl.col("cost").alias(f"cost_{when}"),
        )

    both = costs(before, "before").join(costs(after, "after"), on=name, how="full", coalesce=True, nulls_equal=True)
    filled = both.with_columns(pl.col("^(inferences|cost)_(before|after)$").fill_null(0))
    calls = filled["inferences_after"]
    if (calls == calls.round(0)).all():  # a route of a share (@80%) moves fractions of calls; else whole calls
        filled = filled.with_columns(pl.col("inferences_after").round(0).cast(pl.Int64))
    change = pl.col("cost_after") - pl.col("cost_before")
    return filled.with_columns(pl.when(change.abs() < 1e-9).then(0.0).otherwise(change).alias("change")).sort(
        "change", name, nulls_last=True
    )  # float noise of re-summing is no change


def _cache_note(totals: pl.DataFrame, target: float) -> list[str]:
    """Say so when the logs already read more from cache than the what-if asks: nothing changes then."""
    row = totals.row(0, named=True) if totals.height else {}
    inputs = row.get("input_tokens") or 0
    if inputs <= 0:
        return []
    now = (row.get("cached_input_tokens") or 0) / inputs  # the cache hit rate, reference §2.6.2
    if now < target:
        return []
    return [
        f"the logs already read {now:.1%} of their input from cache, at or above --cache-hit {target:.0%}: "
        "calls already above it keep their own share"
    ]


def _changes_text(routes, cache_hit, trim, prices, batches, plan_change: w.PlanChange | None = None) -> list[str]:
    out = [f"route {r}" for r in routes] + [f"price {p}" for p in prices] + [f"batch {b}" for b in batches]
    if cache_hit is not None:
        out.append(f"{cache_hit:.0%} of input tokens read from cache")
    if trim is not None:
        out.append(f"prompts {trim:.0%} shorter")
    if plan_change is not None:
        out += [f"plans from {plan_change.plans}"] if plan_change.plans else []
        out += [f"move {m}" for m in plan_change.moves]
        out += [f"cap {plan_change.cap:,} calls per customer-month"] if plan_change.cap is not None else []
    return ["changes: " + "; ".join(out)] if out else ["no change given: before and after are the same"]


class PlanRun(NamedTuple):
    """A plan what-if: the metrics before and after, flag changes, warnings and notes, per plan
    and per customer bill."""

    rows: pl.DataFrame
    flips: pl.DataFrame
    warnings: tuple[str, ...]
    notes: list[str]
    by_plan: pl.DataFrame
    bills: pl.DataFrame


def _plan_compare(
    job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule, history: pl.DataFrame, change: w.PlanChange
) -> PlanRun:
    """Revenue as billed (the revenue file, else the current plans) against revenue under the
    proposed plans (the --plans file's over llmcost.yaml's, customers moved, calls capped), on
    the traffic as logged and as re-priced."""
    current = job.config.plans
    offered = load_plans(change.plans) if change.plans else {}
    proposed = {**current, **offered}
    on = set(history["plan"].drop_nulls().to_list())
    moves = dict(w.parse_move(text, proposed, on) for text in change.moves)
    old, warnings = ledger_of(job, before, history, current)
    new, _ = ledger_of(job, after, history, proposed, Proposal(current, moves, frozenset(offered)))
    if change.cap is not None:
        new = capped(new, change.cap, proposed)
    old_customers, new_customers = _customer_margins(old, rule), _customer_margins(new, rule)
    metrics = [*_money_metrics(old, new), _flag_metric(old_customers, new_customers)]
    notes = [PLAN_NOTE]
    if change.cap is not None:
        refused, calls = float(new["refused"].sum()), float(old["inferences"].sum())
        metrics.append(("refused calls", "count", 0.0, refused))
        notes.append(
            f"--cap {change.cap:,}: {refused:,.0f} calls refused, {refused / calls if calls else 0:.1%} of traffic"
        )
    return PlanRun(
        _metric_rows(metrics),
        _flag_flips(old_customers, new_customers),
        warnings,
        notes,
        _by_plan(old, new),
        _bills(old, new),
    )


PLAN_NOTE = (
    "revenue before: the revenue file's where it has the customer's month, else the current plan's; after: "
    "the proposed plan's for customers moved or on a plan the --plans file prices, calls above --cap dropped"
)


def _money_metrics(old: pl.DataFrame, new: pl.DataFrame) -> list[tuple[str, str, float | None, float | None]]:
    """CPI, total cost, revenue and gross margin of two ledgers."""
    a, b = (f.select(pl.col("inferences", "cost", "revenue").sum()).row(0, named=True) for f in (old, new))

    def ratio(x: float, y: float) -> float | None:
        return x / y if y else None

    return [
        ("CPI", "money", ratio(a["cost"], a["inferences"]), ratio(b["cost"], b["inferences"])),
        ("total cost", "money", a["cost"], b["cost"]),
        ("revenue", "money", a["revenue"], b["revenue"]),
        (
            "gross margin",
            "percent",
            ratio(a["revenue"] - a["cost"], a["revenue"]),
            ratio(b["revenue"] - b["cost"], b["revenue"]),
        ),
    ]


def _flag_metric(old: pl.DataFrame, new: pl.DataFrame) -> tuple[str, str, float | None, float | None]:
    return ("flagged customers", "count", float(old["flagged"].sum()), float(new["flagged"].sum()))


def _customer_margins(ledger: pl.DataFrame, rule: FlagRule) -> pl.DataFrame:
    """Each customer's calls, revenue, cost, margin and flag over the window, from a ledger."""
    sums = ledger.group_by("customer_id").agg(pl.col("inferences", "revenue", "cost").sum())
    margin = pl.when(pl.col("revenue") > 0).then((pl.col("revenue") - pl.col("cost")) / pl.col("revenue"))
    return sums.with_columns(margin.alias("gross_margin")).with_columns(flagged(rule).alias("flagged"))


def _by_plan(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Per plan the customers are on: revenue, cost and margin before and after (a moved plan
    is shown as 'starter → pro')."""

    before, after = (
        _sums(
            frame,
            "plan",
            when,
            pl.col("priced_as").drop_nulls().first().alias(f"priced_{when}"),
            pl.col("customer_id").n_unique().alias(f"customers_{when}"),
        )
        for frame, when in ((old, "before"), (new, "after"))
    )
    both = before.join(after, on="plan", how="full", coalesce=True)
    moved = pl.col("priced_after").is_not_null() & (pl.col("priced_after") != pl.col("plan"))
    return both.select(
        pl.when(moved).then(pl.col("plan") + " → " + pl.col("priced_after")).otherwise(pl.col("plan")).alias("plan"),
        pl.col("customers_before").alias("customers"),
        "revenue_before",
        "revenue_after",
        "cost_before",
        "cost_after",
        _margin_of("before"),
        _margin_of("after"),
    ).sort("plan")


def _sums(frame: pl.DataFrame, key: str, when: str, *first: pl.Expr) -> pl.DataFrame:
    """Per `key`: the `first` columns, then revenue and cost, named for `when` (before, after)."""
    return (
        labelled(frame)
        .group_by(key)
        .agg(*first, pl.col("revenue").sum().alias(f"revenue_{when}"), pl.col("cost").sum().alias(f"cost_{when}"))
    )


def _margin_of(when: str) -> pl.Expr:
    revenue, cost = pl.col(f"revenue_{when}"), pl.col(f"cost_{when}")
    return pl.when(revenue > 0).then((revenue - cost) / revenue).alias(f"margin_{when}")


def _bills(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Each customer's bill and cost before and after, the biggest change of bill first."""

    plans = pl.col("plan").unique().sort().str.join(", ").alias("plan")
    before, after = (_sums(frame, "customer_id", when, plans) for frame, when in ((old, "before"), (new, "after")))
    both = before.join(after.drop("plan"), on="customer_id", how="left", nulls_equal=True)
    change = pl.col("revenue_after") - pl.col("revenue_before")
    change = pl.when(change.abs() < 1e-9).then(0.0).otherwise(change).alias("bill_change")  # float noise: no change
    return both.with_columns(change, _margin_of("before"), _margin_of("after")).sort(
        pl.col("bill_change").abs(), "customer_id", descending=[True, False], nulls_last=True
    )


def _plan_sections(run: PlanRun, by: str | None) -> list[Section]:
    """Per plan before and after; with --by customer, the bills that change most."""
    money = ("revenue_before", "revenue_after", "cost_before", "cost_after", "bill_change")
    sections = [
        Section(
            "plans", run.by_plan, "Revenue and margin per plan", money=money, percent=("margin_before", "margin_after")
        )
    ]
    if by == "customer":
        sections.append(
            Section(
                "customers",
                run.bills,
                "Customers whose bill changes most",
                money=money,
                percent=("margin_before", "margin_after"),
            )
        )
    return sections
