"""Margin per pricing plan, break-even usage, usage bands and the seven-metrics article's three
pricing signals ("margin decreases as customer usage increases → hybrid pricing", "margin
varies by segment → segment your pricing", "positive for small users, negative for large →
usage tiers or throttling"). Pure functions on small frames: one row per customer, plan and
month (the *ledger*), never per log row.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import polars as pl

from llmcost.plans import NO_PLAN, PRICES, Plan, plan_on, plan_table, revenue_expr, revenue_of

USAGE = ("inferences", "tokens", "cost")
LEDGER = ("customer_id", "plan", "priced_as", "month", "fraction", *USAGE, "revenue", "source")
# The signals' thresholds: a rank correlation this negative, a spread this wide between plans.
FALLING = -0.5
SPREAD = 0.30
ACTIONS = {
    "margin falls as usage rises": "hybrid pricing: a base fee plus a price per call above an allowance",
    "margin varies across plans": "segment pricing by usage pattern",
    "small users positive, large users negative": "usage tiers or throttling (whatif --cap N)",
}


@dataclass(frozen=True)
class Proposal:
    """What a what-if prices instead: `moves` (plan → plan its customers are priced on), the plans
    it redefines (`recompute`), and the `current` plans, whose charge a changed bill is moved from."""

    current: dict[str, Plan]
    moves: dict[str, str] = field(default_factory=dict)
    recompute: frozenset[str] = frozenset()


def ledger(
    usage: pl.DataFrame,
    history: pl.DataFrame,
    segments: pl.DataFrame,
    revenue: pl.DataFrame | None,
    plans: dict[str, Plan],
    proposal: Proposal | None = None,
) -> pl.DataFrame:
    """One row per customer, plan and month: usage on that plan, the share of the month spent on
    it, and its revenue — the revenue file's where it has the customer's month (split between two
    plans of one month by days), else what the plan charges for that usage (`source` says which).

    With a `proposal`, a customer moved or on a redefined plan is charged under `plans` (its
    `priced_as`): where the revenue file has its month, the file's amount changed by the
    difference between the new plan's charge and the current one's (so that a bill changes by
    what the pricing changes, not by how the file rounds part months); else the new charge."""
    assigned = plan_on(usage, history, "day").with_columns(pl.col("day").dt.month_start().alias("month"))
    used = assigned.group_by("customer_id", "plan", "month").agg(pl.col(*USAGE).sum())
    keys = ["customer_id", "plan", "month"]
    base = segments.join(used, on=keys, how="full", coalesce=True, nulls_equal=True)
    base = base.with_columns(pl.col("fraction").fill_null(0.0), pl.col(*USAGE).fill_null(0))
    base = _with_file_revenue(base, history, revenue)
    moves = proposal.moves if proposal else {}
    base = base.with_columns((pl.col("plan").replace(moves) if moves else pl.col("plan")).alias("priced_as"))
    base = _charged(base, plans, "priced_as", "_new")
    if proposal is not None:
        base = _charged(base, proposal.current, "plan", "_now")
        changed = pl.col("priced_as").is_in(list(proposal.recompute)) | (pl.col("priced_as") != pl.col("plan"))
        file = (
            pl.when(~changed.fill_null(False))
            .then(pl.col("_file"))
            .when(pl.col("_now").is_not_null())
            .then(pl.col("_file") + pl.col("_new") - pl.col("_now"))
        )
        base = base.with_columns(file.alias("_file"))
    return base.with_columns(
        pl.coalesce("_file", "_new", pl.lit(0.0)).alias("revenue"),
        pl.when(pl.col("_file").is_not_null())
        .then(pl.lit("revenue file"))
        .when(pl.col("_new").is_not_null())
        .then(pl.lit("plan"))
        .alias("source"),
    ).select(LEDGER)


def _charged(frame: pl.DataFrame, plans: dict[str, Plan], on: str, name: str) -> pl.DataFrame:
    """`frame` with `name`: what the plan named in column `on` charges for the row's usage (null:
    a plan with no prices)."""
    table = plan_table(plans).rename({"plan": on}) if on != "plan" else plan_table(plans)
    joined = frame.join(table, on=on, how="left", maintain_order="left")
    charge = pl.when(pl.col("monthly").is_not_null()).then(revenue_expr()).alias(name)
    return joined.with_columns(charge).drop(PRICES)


def capped(frame: pl.DataFrame, cap: int, plans: dict[str, Plan]) -> pl.DataFrame:
    """Throttling at `cap` calls per customer-month: the calls above it refused (their share of
    each row's calls, tokens and cost dropped, in `refused` the calls), and revenue less what the
    plan charged for them (overage; a flat fee stays)."""
    total = pl.col("inferences").sum().over("customer_id", "month")
    keep = pl.when(total > cap).then(cap / total).otherwise(1.0)
    full = _charged(frame, plans, "priced_as", "_full")
    kept = full.with_columns((pl.col("inferences") * (1 - keep)).alias("refused"), *(pl.col(c) * keep for c in USAGE))
    kept = _charged(kept, plans, "priced_as", "_kept")
    lost = (pl.col("_full") - pl.col("_kept")).fill_null(0.0)
    return kept.with_columns(pl.col("revenue") - lost).select(*LEDGER, "refused")


def _with_file_revenue(base: pl.DataFrame, history: pl.DataFrame, revenue: pl.DataFrame | None) -> pl.DataFrame:
    """`_file`: the revenue file's amount for the row's customer and month (null: no row), split
    between the plans of one month by their share of it; a revenue row with no usage and no plan
    segment (a month outside signup–churn) still counts, on the plan of that month."""
    if revenue is None:
        return base.with_columns(pl.lit(None, pl.Float64).alias("_file"))
    money = revenue.group_by("customer_id", "month").agg(pl.col("revenue").sum().alias("_amount"))
    alone = money.join(base, on=["customer_id", "month"], how="anti")
    alone = plan_on(alone.with_columns(pl.col("month").alias("day")), history, "day").select(
        "customer_id", "plan", "month", pl.lit(0.0).alias("fraction"), *(pl.lit(0).alias(c) for c in USAGE)
    )
    both = pl.concat([base, alone], how="diagonal_relaxed").join(money, on=["customer_id", "month"], how="left")
    within = pl.col("fraction").sum().over("customer_id", "month")
    share = pl.when(within > 0).then(pl.col("fraction") / within).otherwise(1 / pl.len().over("customer_id", "month"))
    return both.with_columns((pl.col("_amount") * share).alias("_file")).drop("_amount")


def break_even(plan: Plan, cpi: float | None, tokens_per_call: float) -> float | None:
    """Calls in a whole month at which the plan's revenue stops covering their cost at `cpi`:
    the first zero of revenue(n) − cpi × n going down (the formula is piecewise linear, with a
    kink at each allowance). None when revenue keeps up at any usage (an overage above CPI)."""
    if not cpi or cpi <= 0:
        return None
    kinks = {0.0}
    if plan.per_inference_over:
        kinks.add(plan.included_inferences)
    if plan.per_1m_tokens_over and tokens_per_call > 0:
        kinks.add(plan.included_tokens / tokens_per_call)
    for start, end in itertools.pairwise([*sorted(kinks), math.inf]):
        profit = revenue_of(plan, start, start * tokens_per_call) - cpi * start
        probe = start + 1.0
        slope = revenue_of(plan, probe, probe * tokens_per_call) - cpi * probe - profit
        if profit < 0:
            return start
        if slope < 0 and start + profit / -slope <= end:
            return start + profit / -slope
    return None


def effective_plans(frame: pl.DataFrame, plans: dict[str, Plan]) -> dict[str, Plan]:
    """Each group's plan as defined, else (a plan the config does not price, or no plan) a flat
    plan at its average revenue per whole customer-month: what break-even can be measured against."""
    months = frame.group_by("plan").agg(
        pl.col("revenue").sum(), pl.col("fraction").sum().alias("months"), pl.len().alias("rows")
    )
    out = dict(plans)
    for name, revenue, covered, rows in months.iter_rows():
        label = name if name is not None else NO_PLAN
        if label not in out:
            out[label] = Plan(label, monthly=revenue / (covered or rows))
    return out


def labelled(frame: pl.DataFrame) -> pl.DataFrame:
    """Customers without a plan are a group of their own, named so."""
    return frame.with_columns(pl.col("plan").fill_null(NO_PLAN))


def summary(frame: pl.DataFrame, plans: dict[str, Plan], by_month: bool) -> pl.DataFrame:
    """Per plan (and month): customers, usage, revenue, cost, margin, CPI and break-even usage,
    with the customer-months above it and the cost of their calls above it."""
    frame = labelled(frame)
    keys = ["plan", "month"] if by_month else ["plan"]
    sums = frame.group_by(keys).agg(
        pl.col("customer_id").n_unique().alias("customers"),
        pl.struct("customer_id", "month").n_unique().alias("customer_months"),
        pl.col("inferences", "tokens", "revenue", "cost").sum(),
    )
    sums = sums.with_columns(
        (pl.col("revenue") - pl.col("cost")).alias("gross_profit"),
        _margin(),
        pl.when(pl.col("inferences") > 0).then(pl.col("cost") / pl.col("inferences")).alias("cost_per_inference"),
    )
    return _above(frame, sums.join(_break_evens(sums, plans, keys), on=keys, how="left"), keys)


def _break_evens(sums: pl.DataFrame, plans: dict[str, Plan], keys: list[str]) -> pl.DataFrame:
    """Break-even calls and tokens per whole customer-month of each row of `sums`, at its own
    CPI and tokens per call (a handful of rows: one per plan, or plan and month)."""
    rows = []
    for row in sums.iter_rows(named=True):
        calls = row["inferences"] or 0
        per_call = row["tokens"] / calls if calls else 0.0
        plan = plans.get(row["plan"])
        even = break_even(plan, row["cost_per_inference"], per_call) if plan else None
        tokens = None if even is None else even * per_call
        rows.append({**{k: row[k] for k in keys}, "break_even_inferences": even, "break_even_tokens": tokens})
    schema: dict[str, pl.DataType] = {k: sums.schema[k] for k in keys}
    schema |= {"break_even_inferences": pl.Float64(), "break_even_tokens": pl.Float64()}
    return pl.DataFrame(rows, schema=schema)


def _above(frame: pl.DataFrame, sums: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Customer-months above break-even (prorated to the share of the month on the plan), their
    share of the plan's customer-months, and what their calls above it cost at the plan's CPI."""
    rows = frame.join(sums.select(*keys, "break_even_inferences", "cost_per_inference"), on=keys, how="left")
    whole = pl.when(pl.col("fraction") > 0).then(pl.col("fraction")).otherwise(1.0)
    line = pl.col("break_even_inferences") * whole
    extra = (pl.col("inferences") - line).clip(lower_bound=0)
    above = rows.group_by(keys).agg(
        (pl.col("inferences") > line).fill_null(False).sum().alias("months_above"),
        (extra * pl.col("cost_per_inference")).fill_null(0).sum().alias("cost_above"),
    )
    out = sums.join(above, on=keys, how="left").with_columns(
        (pl.col("months_above") / pl.col("customer_months")).alias("share_above")
    )
    return out.sort(*keys)


def bands(frame: pl.DataFrame, count: int) -> pl.DataFrame:
    """Margin by usage band inside each plan: its customer-months ranked by calls and cut into
    `count` equal groups (4: quartiles, 10: deciles), lightest first."""
    frame = labelled(frame)
    rank = pl.col("inferences").rank("ordinal").over("plan") - 1
    size = pl.len().over("plan")
    cut = frame.sort("plan", "inferences", "customer_id", "month").with_columns(
        (rank * count // size + 1).cast(pl.Int64).alias("band")
    )
    out = cut.group_by("plan", "band").agg(
        pl.len().alias("customer_months"),
        pl.col("inferences").min().alias("inferences_from"),
        pl.col("inferences").max().alias("inferences_to"),
        pl.col("revenue", "cost").sum(),
    )
    return out.with_columns(_margin()).sort("plan", "band")


def _margin() -> pl.Expr:
    revenue = pl.col("revenue")
    return pl.when(revenue > 0).then((revenue - pl.col("cost")) / revenue).alias("gross_margin")


def per_customer(frame: pl.DataFrame) -> pl.DataFrame:
    """Paying customers over the window: calls, revenue, cost and margin (what the signals compare)."""
    sums = frame.group_by("customer_id").agg(pl.col("inferences", "revenue", "cost").sum())
    return sums.filter(pl.col("revenue") > 0).with_columns(_margin()).sort("customer_id")


def signals(frame: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """The article's three pricing signals: whether each shows in these figures, and the figures.
    Each needs a few rows to compare; with fewer it is undetermined (None), and says why."""
    customers = per_customer(frame)
    paid = table.filter(pl.col("revenue") > 0).sort("gross_margin")
    checks = [  # signal, its test, the rows it compares, how many it needs, what fewer means
        ("margin falls as usage rises", _falling, customers, 3, "paying customers: too few to rank"),
        ("margin varies across plans", _spread, paid, 2, "plan with revenue: nothing to compare"),
        (
            "small users positive, large users negative",
            _small_large,
            customers,
            2,
            "paying customer: nothing to compare",
        ),
    ]
    rows = [
        (name, None, f"{rows.height} {few}") if rows.height < least else (name, *test(rows))
        for name, test, rows, least, few in checks
    ]
    return pl.DataFrame(
        [{"signal": s, "detected": d, "figures": f, "action": ACTIONS[s]} for s, d, f in rows],
        schema={"signal": pl.String, "detected": pl.Boolean, "figures": pl.String, "action": pl.String},
    )


def _falling(customers: pl.DataFrame) -> tuple[bool | None, str]:
    """Spearman rank correlation of calls and gross margin across paying customers."""
    rho = customers.select(pl.corr("inferences", "gross_margin", method="spearman")).item()
    if rho is None or math.isnan(rho):
        return None, "calls or margins are all equal: no ranking"
    return rho <= FALLING, f"rank correlation of calls and margin {rho:+.2f} over {customers.height} customers"


def _spread(paid: pl.DataFrame) -> tuple[bool | None, str]:
    """The widest gap between two plans' gross margins (`paid`: plans with revenue, by margin)."""
    low, high = paid.row(0, named=True), paid.row(-1, named=True)
    gap = high["gross_margin"] - low["gross_margin"]
    return (
        gap >= SPREAD,
        f"{high['plan']} {high['gross_margin']:+.0%} against {low['plan']} {low['gross_margin']:+.0%} "
        f"({gap * 100:.0f} points)",
    )


def _small_large(customers: pl.DataFrame) -> tuple[bool | None, str]:
    """Gross margin of the lightest and heaviest quarter of paying customers by calls."""
    quarters = bands(customers.with_columns(pl.lit("all").alias("plan"), pl.lit(None).alias("month")), 4)
    low, high = quarters.row(0, named=True), quarters.row(-1, named=True)
    found = (low["gross_margin"] or 0) > 0 and (high["gross_margin"] or 0) < 0
    return (
        found,
        f"lightest quarter {low['gross_margin']:+.0%} ({low['inferences_to']:,} calls or fewer), "
        f"heaviest {high['gross_margin']:+.0%} ({high['inferences_from']:,} calls or more)",
    )


PLAN_FINDING = "plan below break-even"  # the What-to-do kind (metrics.actions.KINDS must list it)


def plan_findings(month: pl.DataFrame, plans: dict[str, Plan], command: str, currency: str = "USD") -> list[dict]:
    """What to do about each plan whose customers go past break-even in a month (`month`: that
    month's ledger): the cost of their calls above it a month, and for a flat plan the overage
    (CPI + 20 %, rounded up to the cent) that would make those calls pay, with the margin it gives."""
    from llmcost.render import money, percent

    out = []
    for row in summary(month, effective_plans(month, plans), False).iter_rows(named=True):
        even, above = row["break_even_inferences"], row["months_above"] or 0
        if even is None or not above or not row["cost_above"]:
            continue
        name, total = row["plan"], row["customer_months"]
        short = f"{name} plan breaks even at {even:,.0f} calls a month"
        detail = (
            f"{short}; {above} of {total} {name} customer{'s' if total != 1 else ''} "
            f"{'is' if above == 1 else 'are'} above it, costing {money(row['cost_above'], currency)}/month"
        )
        plan = plans.get(name)
        if plan is not None and plan.shape == "flat" and row["revenue"] > 0:
            over = math.ceil(row["cost_per_inference"] * 1.2 * 100 - 1e-9) / 100
            extra = _overage(month, name, even, over)
            after = (row["revenue"] + extra - row["cost"]) / (row["revenue"] + extra)
            detail += (
                f" — an overage of {money(over, currency)} per call above {even:,.0f} turns the plan's margin from "
                f"{percent(row['gross_margin'])} to {percent(after)}"
            )
        out.append(
            {
                "finding": PLAN_FINDING,
                "monthly_amount": row["cost_above"],
                "detail": detail,
                "command": command,
                "short": short,
            }
        )
    return out


def _overage(month: pl.DataFrame, plan: str, included: float, price: float) -> float:
    """What `price` a call above `included` (prorated) would have billed the plan's customers."""
    rows = labelled(month).filter(pl.col("plan") == plan)
    whole = pl.when(pl.col("fraction") > 0).then(pl.col("fraction")).otherwise(1.0)
    return float(rows.select(((pl.col("inferences") - included * whole).clip(lower_bound=0) * price).sum()).item())
