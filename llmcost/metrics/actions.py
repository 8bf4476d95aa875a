"""What to do: the report's findings, one line each with its money a month and the command that
shows the detail, ranked by money at stake per month.

Every figure already exists in another command; this module only reads those small frames and
says what they mean in money a month, so that the first thing a reader sees is where money is
lost and what to run next. A finding's `monthly_amount` is:

* a paying customer losing money — its loss (cost − revenue) in the report's latest month;
* customers with usage and no revenue (unbilled) — their cost in that month;
* a cheaper model `downgrade` judged tolerant — the monthly saving `downgrade` prints (its own
  average over the window's months; the feature's largest, as its summary counts it);
* tokens above a feature's prompt-efficiency target — what they cost in the latest month;
* a rising CPI — the rise per call (latest month against 3 months earlier, else the first
  month) × the latest month's calls: what this month costs more than at the old CPI;
* a fixed cost carried by too few calls (its monthly amount above the token cost of the calls
  it is spread over, in the latest month) — the monthly amount itself, the money to justify.

Ranking: largest monthly_amount first; ties by kind (the order above), then by text, so two
runs on the same data list the same lines. Findings below FLOOR_SHARE of the latest month's
cost are left out (and counted in a note): a list of what to do is read top down.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from llmcost import scalars
from llmcost.render import money, percent

LOSS = "customer losing money"
UNBILLED = "unbilled usage"
DOWNGRADE = "cheaper model"
EXCESS = "tokens above target"
RISING = "rising CPI"
FIXED = "fixed cost, few calls"
PLAN = "plan below break-even"  # metrics.plans.plan_findings
KINDS = (LOSS, UNBILLED, DOWNGRADE, EXCESS, RISING, FIXED, PLAN)
SCHEMA = {"finding": pl.String, "monthly_amount": pl.Float64, "detail": pl.String, "command": pl.String}
FLOOR_SHARE = 0.005  # findings under 0.5 % of the month's cost are noise on a to-do list
NOISE = 1e-9  # relative: differences this small are float rounding, not findings
SHOWN_CUSTOMERS = 5  # losing customers listed one by one; the rest in one line
FACTORS = {
    "price": "prices",
    "mix": "model mix",
    "tokens": "tokens per call",
    "fixed": "fixed and amortized cost per call",
}


def _finding(kind: str, amount: float, detail: str, command: str, short: str) -> dict:
    """A finding; `short` is its gist for the dashboard's action column (not a column of the section)."""
    return {"finding": kind, "monthly_amount": float(amount), "detail": detail, "command": command, "short": short}


def _who(customer: str) -> str:
    """Usage with no customer_id is a customer with an empty id: say so rather than print nothing."""
    return customer if customer else "(no customer_id)"


def losing_customers(
    margins: pl.DataFrame, drivers: pl.DataFrame, month: str, command: str, currency: str = "USD"
) -> list[dict]:
    """Paying customers whose cost exceeds their revenue in `month`, the largest loss first.

    `margins`: customer_id, inferences, cost, revenue, gross_profit for the month. `drivers`:
    customer_id, entry, feature (optional), cost, inferences, input_tokens per customer and
    model (and feature) for the shown customers: what carries each one's cost."""
    losers = margins.filter((pl.col("revenue") > 0) & (pl.col("gross_profit") < -NOISE * pl.col("revenue"))).sort(
        ["gross_profit", "customer_id"]
    )
    out = []
    for row in losers.head(SHOWN_CUSTOMERS).iter_rows(named=True):
        loss = -row["gross_profit"]
        detail = (
            f"{_who(row['customer_id'])} lost {money(loss, currency)} in {month} on "
            f"{money(row['revenue'], currency)} of revenue: {row['inferences']:,} calls"
            + _driver(drivers.filter(pl.col("customer_id") == row["customer_id"]), currency)
        )
        short = f"{_who(row['customer_id'])} lost {money(loss, currency)} in {month}"
        out.append(_finding(LOSS, loss, detail, command, short))
    rest = losers.slice(SHOWN_CUSTOMERS)
    if rest.height:
        loss = -scalars.total(rest["gross_profit"])
        first = rest.row(0, named=True)
        noun = "customer" if rest.height == 1 else "customers"
        short = f"{rest.height:,} more paying {noun} lost {money(loss, currency)} together in {month}"
        detail = f"{short} (largest: {_who(first['customer_id'])}, {money(-first['gross_profit'], currency)})"
        out.append(_finding(LOSS, loss, detail, command, short))
    return out


def _driver(cells: pl.DataFrame, currency: str) -> str:
    """', 87% of the cost on MODEL in FEATURE (avg prompt N tokens)': what to change first."""
    total = cells["cost"].sum() if cells.height else 0.0
    if not total:
        return ""
    keys = [c for c in ("entry", "feature") if c in cells.columns]
    parts = cells.group_by(keys).agg(pl.col("cost", "inferences", "input_tokens").sum())
    top = parts.sort(["cost", *keys], descending=[True] + [False] * len(keys), nulls_last=True).row(0, named=True)
    where = f" on {top['entry']}"
    if "feature" in keys:
        where += f" in {top['feature']}" if top["feature"] is not None else " in calls without a feature"
    prompt = top["input_tokens"] / top["inferences"] if top["inferences"] else 0
    return f", {percent(top['cost'] / total)} of the cost{where} (avg prompt {prompt:,.0f} tokens)"


def unbilled(margins: pl.DataFrame, month: str, command: str, currency: str = "USD") -> list[dict]:
    """Customers with usage and no revenue in `month`: one line, their total cost and the largest."""
    free = margins.filter(pl.col("unbilled") & (pl.col("cost") > 0)).sort(
        ["cost", "customer_id"], descending=[True, False]
    )
    if free.height == 0:
        return []
    cost = scalars.total(free["cost"])
    largest = ", ".join(
        f"{_who(c)} {money(v, currency)}" for c, v in free.head(3).select("customer_id", "cost").iter_rows()
    )
    noun = "customer" if free.height == 1 else "customers"
    short = f"{free.height:,} {noun} with usage and no revenue cost {money(cost, currency)} in {month}"
    return [_finding(UNBILLED, cost, f"{short} (largest: {largest})", command, short)]


def downgrades(comparisons: pl.DataFrame, command: str, currency: str = "USD") -> list[dict]:
    """Per feature, the cheaper model `downgrade` judged tolerant that saves the most a month."""
    if comparisons.height == 0:
        return []
    found = comparisons.filter(pl.col("monthly_saving") > 0).sort(
        ["feature", "monthly_saving", "cheaper_model"], descending=[False, True, False]
    )
    out = []
    for row in found.unique("feature", keep="first", maintain_order=True).iter_rows(named=True):
        detail = (
            f"{row['feature']}: {row['cheaper_model']} satisfies {percent(row['cheaper_satisfaction'])} "
            f"against {row['expensive_model']}'s {percent(row['expensive_satisfaction'])} "
            f"({row['signal']}, {row['cheaper_samples']:,} and {row['expensive_samples']:,} rated calls), "
            f"{row['verdict']}: moving {row['expensive_model']}'s {row['expensive_inferences']:,} calls "
            f"saves {money(row['monthly_saving'], currency)} a month"
        )
        short = (
            f"{row['feature']} on {row['cheaper_model']} instead of {row['expensive_model']} saves "
            f"{money(row['monthly_saving'], currency)} a month"
        )
        out.append(_finding(DOWNGRADE, row["monthly_saving"], detail, command, short))
    return out


def excess_tokens(frame: pl.DataFrame, month: str, command: str, currency: str = "USD") -> list[dict]:
    """Features whose tokens above their use case's target range cost money in `month`.

    `frame`: feature, use_case, input_target, output_target, avg_input_tokens,
    avg_output_tokens, cost_above_target for the month."""
    out = []
    for row in frame.filter(pl.col("cost_above_target") > 0).iter_rows(named=True):
        detail = (
            f"{row['feature']} ({row['use_case']}: input {row['input_target']}, output "
            f"{row['output_target']} tokens): avg {row['avg_input_tokens']:,.0f} in and "
            f"{row['avg_output_tokens']:,.0f} out; the tokens above the range cost "
            f"{money(row['cost_above_target'], currency)} in {month}"
        )
        short = f"{row['feature']}'s tokens above target cost {money(row['cost_above_target'], currency)} in {month}"
        out.append(_finding(EXCESS, row["cost_above_target"], detail, command, short))
    return out


def cpi_rise(monthly: pl.DataFrame) -> tuple[dict, dict] | None:
    """(then, now) rows of `monthly` (period, inferences, cpi): the latest month and the month 3
    months before it, else the first month (as the trend verdict reads it)."""
    rows = monthly.filter(pl.col("cpi").is_not_null() & (pl.col("inferences") > 0)).sort("period")
    if rows.height < 2:
        return None
    now = rows.row(rows.height - 1, named=True)
    back = _months_before(now["period"], 3)
    earlier = rows.filter((pl.col("period") == back) & (pl.col("cpi") > 0))
    then = earlier.row(0, named=True) if earlier.height else rows.row(0, named=True)
    return then, now


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def main_driver(effects: pl.DataFrame, then: dt.date, now: dt.date) -> tuple[str, float] | None:
    """The trend --explain effect that pushed CPI up most from `then` to `now` (summed over the
    months between: the effects of each month add up to its change, so their sums add up to
    the whole change); None when none pushed it up."""
    span = effects.filter((pl.col("period") > then) & (pl.col("period") <= now))
    sums = {f: scalars.total(span[f"{f}_effect"].fill_null(0.0)) for f in FACTORS}
    factor = max(sums, key=lambda f: (sums[f], f))
    return (factor, sums[factor]) if sums[factor] > 0 else None


def mix_toward(by_model: pl.DataFrame, then: dt.date, now: dt.date) -> str | None:
    """The model whose gain in share of calls added most to the token CPI (Δshare × its token CPI):
    where traffic moved when the mix effect is the driver."""

    def shares(day: dt.date) -> dict[str, tuple[float, float]]:
        part = by_model.filter(pl.col("period") == day)
        total = part["inferences"].sum()
        return {
            m: (n / total, c / n)
            for m, n, c in part.select("entry", "inferences", "token_cost").iter_rows()
            if n and total
        }

    before, after = shares(then), shares(now)
    gains = {
        m: (after.get(m, (0.0, 0.0))[0] - before.get(m, (0.0, 0.0))[0]) * (after.get(m) or before[m])[1]
        for m in {*before, *after}
    }
    best = max(sorted(gains), key=lambda m: gains[m], default=None)
    return best if best is not None and gains[best] > 0 else None


def rising_cpi(
    monthly: pl.DataFrame, effects: pl.DataFrame, by_model: pl.DataFrame, command: str, currency: str = "USD"
) -> list[dict]:
    """CPI higher in the latest month than 3 months before (else the first month), with the
    explain effect that drove it. `monthly`: period (date), inferences, cpi; `effects`: the
    trend --explain frame (period as a date); `by_model`: period, entry, inferences, token_cost."""
    found = cpi_rise(monthly)
    if found is None:
        return []
    then, now = found
    rise = now["cpi"] - then["cpi"]
    if rise <= NOISE * then["cpi"]:  # equal CPIs summed in another order differ in the last bits
        return []
    short = (
        f"CPI rose {percent(rise / then['cpi'])} from {money(then['cpi'], currency)} "
        f"({then['period']:%Y-%m}) to {money(now['cpi'], currency)} ({now['period']:%Y-%m})"
    )
    detail = (
        f"{short}: {money(rise * now['inferences'], currency)} more on {now['period']:%Y-%m}'s "
        f"{now['inferences']:,} calls" + driver_text(effects, by_model, then["period"], now["period"], currency)
    )
    return [_finding(RISING, rise * now["inferences"], detail, command, short)]


def driver_text(
    effects: pl.DataFrame, by_model: pl.DataFrame, then: dt.date, now: dt.date, currency: str = "USD"
) -> str:
    """'; main driver: model mix, +$0.0019 a call (toward MODEL)', or '' when nothing pushed up."""
    driver = main_driver(effects, then, now)
    if driver is None:
        return ""
    factor, amount = driver
    toward = mix_toward(by_model, then, now) if factor == "mix" else None
    return f"; main driver: {FACTORS[factor]}, +{money(amount, currency)} a call" + (
        f" (toward {toward})" if toward else ""
    )


def fixed_costs(frame: pl.DataFrame, month: str, command: dict[str, str], currency: str = "USD") -> list[dict]:
    """Fixed costs whose monthly amount exceeds the token cost of the calls that carry them.

    `frame`: name, monthly, models (None = every model), inferences, token_cost for the
    month; `command`: the command per fixed cost name."""
    out = []
    for row in frame.filter((pl.col("inferences") > 0) & (pl.col("monthly") > pl.col("token_cost"))).iter_rows(
        named=True
    ):
        n = f"{row['inferences']:,}"
        calls = f"{n} calls of {row['models']}" if row["models"] else f"all {n} calls"
        per_call = row["monthly"] / row["inferences"]
        times = f", {row['monthly'] / row['token_cost']:,.1f}× their token cost" if row["token_cost"] > 0 else ""
        short = (
            f"{row['name']} ({money(row['monthly'], currency)} a month) is spread over {calls} in {month}, "
            f"whose tokens cost {money(row['token_cost'], currency)}"
        )
        detail = f"{short}: {money(per_call, currency)} a call{times}"
        out.append(_finding(FIXED, row["monthly"], detail, command[row["name"]], short))
    return out


def rank(findings: list[dict], month_cost: float) -> tuple[pl.DataFrame, list[dict]]:
    """The findings ranked by money a month (largest first; ties by kind, then text), and the ones
    left out for being under FLOOR_SHARE of the month's cost."""
    floor = FLOOR_SHARE * month_cost if month_cost > 0 else 0.0
    ordered = sorted(findings, key=lambda f: (-f["monthly_amount"], KINDS.index(f["finding"]), f["detail"]))
    real = [f for f in ordered if f["monthly_amount"] > NOISE * max(month_cost, 0.0)]
    kept = [f for f in real if f["monthly_amount"] >= floor]
    left = [f for f in real if f["monthly_amount"] < floor]
    return pl.DataFrame([{k: f[k] for k in SCHEMA} for f in kept], schema=SCHEMA), left
