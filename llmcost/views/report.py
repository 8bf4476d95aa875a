"""report: the seven-metrics article's one-page dashboard and the sections behind it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
from dataclasses import dataclass

import polars as pl

from llmcost import scalars
from llmcost.charts import Chart
from llmcost.cube import Spelt, Window, period_start
from llmcost.customers import load_customers, load_spend
from llmcost.dates import next_month
from llmcost.job import Job, Priced
from llmcost.metrics import actions as act
from llmcost.metrics import dashboard as dash
from llmcost.metrics.accounting import Account
from llmcost.metrics.cac import cac, latest_adjusted
from llmcost.metrics.downgrade import downgrade, tolerance
from llmcost.metrics.efficiency import TARGETS as TOKEN_TARGETS
from llmcost.metrics.efficiency import limits_by_feature, spelt_values
from llmcost.metrics.explain import explain
from llmcost.metrics.margin import FlagRule, sort_customers
from llmcost.metrics.models import models
from llmcost.metrics.rollup import counted, ratio, rollup
from llmcost.metrics.trend import trend, verdict
from llmcost.price import COUNTED, eligible
from llmcost.render import Document, Section, money, percent
from llmcost.secrets import redact
from llmcost.views import Outcome
from llmcost.views.cost import CHANGES, MODEL_COST_NOTE, MODEL_PRIORITY, cost_by_model_chart
from llmcost.views.margin import margin_chart, margin_section, margin_table


def report_document(job: Job, rule: FlagRule, period: str = "month", as_of: dt.date | None = None) -> Outcome:
    """The one-page dashboard (seven-metrics article) and the sections behind it, per `period`."""
    money_run, signals_run = _cubes(job, period)
    priced, signals = money_run.frame, signals_run.frame
    overall = rollup(priced, []).row(0, named=True)
    by_customer, notes, warnings = margin_table(job, priced, rule, per_month=False)
    trend_frame = trend(priced, period)
    revenue = scalars.total(by_customer["revenue"]) if job.revenue_path else None
    headline = _headline(overall, revenue, by_customer)
    readings = _readings(headline, trend_frame, period)
    readings.update(_flywheel(signals, job, period))
    comparisons = _comparisons(signals, job)
    readings["downgrade_tolerance"] = _downgrade(signals, comparisons)
    readings["adjusted_cac"] = _cac(
        job.inputs.customers or job.config.customers,
        job.inputs.spend or job.config.spend,
        as_of or dt.datetime.now(dt.UTC).date(),
    )
    top_models = models(priced)
    efficiency = _efficiency(signals, job.log.has("feature"))
    found = _findings(job, priced, signals, rule, comparisons)
    _concrete(readings, found, job, top_models, efficiency, comparisons)
    board = dash.dashboard(readings, job.config.stage, job.config.targets)
    sections = [
        Section("actions", found.frame, "What to do", money=("monthly_amount",), notes=found.notes, listed="numbered"),
        _headline_section(job, headline),
        _dashboard_section(job, board, readings),
        _trend_section(trend_frame, period),
        _top_models_section(priced, top_models),
        _worst_customers_section(by_customer, notes),
        *_plans_section(job),
        Section("efficiency", efficiency, "Prompt efficiency (tokens per inference)"),
        Section("accounting", _accounting(job, signals_run.account), "Every row accounted for", vertical=True),
    ]
    return Outcome(Document(sections, job.book.currency, single=False), signals_run.with_notes(warnings))


def _plans_section(job: Job) -> list[Section]:
    """Margin and break-even per plan, when the customers file says who is on which plan (issue 17)."""
    from llmcost.views.plans import report_sections

    return report_sections(job)


def _headline_section(job: Job, headline: dict) -> Section:
    """The window's totals, one per line, with what the cost lines are made of."""
    return Section(
        "headline",
        pl.DataFrame([headline]),
        "Headline",
        money=("cost", "token_cost", "fixed_cost", "amortized_cost", "cpi", "revenue", "gross_profit"),
        percent=("gross_margin",),
        vertical=True,
        notes=_cost_notes(job),
    )


def _dashboard_section(job: Job, board: pl.DataFrame, readings: dict[str, dash.Reading]) -> Section:
    """The seven metrics against the stage's targets, each note saying what a reading is based on."""
    return Section(
        "dashboard",
        board,
        f"Dashboard: each value against its target for the {job.config.stage} stage",
        notes=[f"{dash.TARGETS[k][0]}: {r.basis}" for k, r in readings.items() if r.basis],
        row_unit="unit",
        hide=("metric", "unit"),
        listed="plain",
    )


def _trend_section(trend_frame: pl.DataFrame, period: str) -> Section:
    """The last six periods' CPI, with the trend's verdict and a chart."""
    return Section(
        "trend",
        trend_frame.tail(6),
        f"CPI trend by {period}",
        money=("cost", "cpi"),
        change=CHANGES,
        notes=[verdict(trend_frame, period)],
        spark="cpi",
        chart=Chart("bars", f"CPI by {period}", trend_frame, "period", "cpi"),
    )


def _top_models_section(priced: pl.DataFrame, top_models: pl.DataFrame) -> Section:
    """The five costliest models, charted by month whatever --period is."""
    return Section(
        "top_models",
        top_models.head(5),
        f"Top models by cost ({_of(5, top_models.height)})",
        money=("cost", "cpi"),
        percent=("cost_share",),
        notes=[MODEL_COST_NOTE],
        priority=MODEL_PRIORITY,
        chart=cost_by_model_chart(priced.with_columns(period_start_month())),
    )


def _worst_customers_section(by_customer: pl.DataFrame, notes: list[str]) -> Section:
    """The five worst margins, and a histogram of every paying customer's."""
    return margin_section(
        "worst_customers",
        sort_customers(by_customer, "margin", 5),
        f"Worst-margin customers ({_of(5, by_customer.height)})",
        notes,
        chart=margin_chart(by_customer),
    )


def _of(shown: int, every: int) -> str:
    """How much of the whole a top-N table is: "5 of 187", or "all 3"."""
    return f"{shown:,} of {every:,}" if every > shown else f"all {every:,}"


def _cubes(job: Job, period: str) -> tuple[Priced, Priced]:
    """Money per customer, and quality signals per feature, as two passes over the rows.

    One cube keyed by customer × feature would hold a cell for nearly every row of a
    big log (with ~20 signal sums each): two narrow cubes keep memory flat."""
    start = period_start(period)
    money = job.priced({"period": start, "customer_id": pl.col("customer_id")})
    by_feature = {"feature": pl.col("feature")} if job.log.has("feature") else {}
    return money, job.priced({"period": start, **by_feature}, signals=True)


def _headline(overall: dict, revenue: float | None, customers: pl.DataFrame) -> dict:
    n = overall["inferences"] or 0
    cost = overall["cost"] or 0.0
    return {
        "period": customers["period"][0] if customers.height else "",
        "inferences": n,
        "cost": cost,
        "token_cost": overall["token_cost"],
        "fixed_cost": overall["fixed_cost"],
        "amortized_cost": overall["amortized_cost"],
        "cpi": cost / n if n else None,
        "revenue": revenue,
        "gross_profit": revenue - cost if revenue is not None else None,
        "gross_margin": (revenue - cost) / revenue if revenue else None,
        "customers": int((customers["inferences"] > 0).sum()),
        "flagged_customers": int(customers["flagged"].sum()),
        "tokens_per_inference": (overall["input_tokens"] + overall["output_tokens"]) / n if n else None,
    }


def _readings(headline: dict, trend_frame: pl.DataFrame, period: str) -> dict[str, dash.Reading]:
    change = trend_frame["cpi_change_3m"].drop_nulls()
    trend_reading = (
        dash.Reading(change[-1])
        if change.len() and period == "month"
        else dash.Reading(None, "needs 4 months of data (--period month)")
    )
    return {
        "cpi": dash.Reading(headline["cpi"], None if headline["cpi"] is not None else "needs priced inferences"),
        "gross_margin": dash.Reading(headline["gross_margin"], None if headline["revenue"] else "needs --revenue"),
        "cpi_trend_3m": trend_reading,
        "prompt_tokens": dash.Reading(headline["tokens_per_inference"]),
    }


def _cost_notes(job: Job) -> list[str]:
    """What the cost lines are made of, so every number on the page is explained."""
    fixed = ", ".join(f"{f.name} ({f.monthly:,.0f} a month)" for f in job.book.fixed_costs) or "none"
    amortized = (
        ", ".join(f"{a.name} ({a.total:,.0f} over {a.over_inferences:,} calls)" for a in job.book.amortized) or "none"
    )
    return [
        f"cost = token cost (tokens × {job.book.path} prices) + fixed costs spread over each month's calls "
        f"[{fixed}] + amortized one-off costs [{amortized}]; cpi = cost ÷ inferences; "
        "gross margin = (revenue − cost) ÷ revenue"
    ]


def period_start_month() -> pl.Expr:
    """The report's cube is keyed by --period; the cost-by-model chart is always by month."""
    return pl.col("_month").alias("period")


def _flywheel(priced: pl.DataFrame, job: Job, period: str) -> dict[str, dash.Reading]:
    """The article's practical proxies: retry rate over time (lower is better) and feedback collected."""
    frame = rollup(priced, ["period"]).with_columns(ratio("retry_true", "retry_known").alias("retry_rate"))
    out = {"feedback_rate": dash.Reading(None, "needs a feedback column")}
    if job.log.has("feedback"):
        total = scalars.total(frame["inferences"])
        out["feedback_rate"] = dash.Reading(scalars.total(frame["feedback_known"]) / total if total else None)
    rates = frame["retry_rate"].drop_nulls()
    if not job.log.has("is_retry"):
        out["flywheel_retry_trend"] = dash.Reading(None, "needs an is_retry column")
    elif period != "month" or rates.len() < 4 or not rates[-4]:
        out["flywheel_retry_trend"] = dash.Reading(None, "needs 4 months of data (--period month)")
    else:
        detail = (
            f"retries went from {percent(rates[-4])} to {percent(rates[-1])} of calls in 3 months → "
            f"{_command(job, 'quality', '--period month' + _window_options(job))}"
        )
        out["flywheel_retry_trend"] = dash.Reading((rates[-1] - rates[-4]) / rates[-4], detail=detail)
    return out


def _comparisons(priced: pl.DataFrame, job: Job) -> pl.DataFrame | None:
    """downgrade's table on the report's cube (None without a feature column)."""
    if not job.log.has("feature"):
        return None
    months = counted(priced)["_month"].n_unique()
    return downgrade(priced, months)


def _downgrade(priced: pl.DataFrame, comparisons: pl.DataFrame | None) -> dash.Reading:
    if comparisons is None:
        return dash.Reading(None, "needs a feature column")
    summary = tolerance(comparisons, priced)
    value = summary["tolerance"]
    if value is None:
        return dash.Reading(None, "needs two models per feature and satisfaction")
    return dash.Reading(
        value,
        basis=f"share of the traffic that could be judged ({summary['judged_share']:.0%} of "
        "all: features with several models and 30+ rated calls each); see llmcost downgrade",
    )


def _cac(customers: str | None, spend: str | None, as_of: dt.date) -> dash.Reading:
    if not customers or not spend:
        return dash.Reading(None, "needs --customers and --spend")
    latest = latest_adjusted(cac(load_customers(customers), load_spend(spend), as_of))
    if not latest:
        return dash.Reading(None, "needs a cohort 90 days old")
    return dash.Reading(
        latest[1],
        basis=f"the {latest[0]} signup cohort, the newest whose 90 days have passed "
        "(spend ÷ customers still active); see llmcost cac",
    )


def _efficiency(priced: pl.DataFrame, has_feature: bool) -> pl.DataFrame:
    keys = ["feature"] if has_feature else []
    frame = rollup(priced, keys)
    n = pl.col("inferences")
    return frame.select(
        *keys,
        "inferences",
        (pl.col("input_tokens") / n).alias("input_tokens"),
        (pl.col("output_tokens") / n).alias("output_tokens"),
        ((pl.col("input_tokens") + pl.col("output_tokens")) / n).alias("total_tokens"),
    )


def _accounting(job: Job, acc: Account) -> pl.DataFrame:
    return pl.DataFrame([{**acc.summary(), "pricing": f"{job.book.path}@{job.book.digest}"}])


# --- What to do -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """The report's 'now': the latest month with priced calls, as far as the window covers it."""

    start: dt.date
    since: dt.date
    until: dt.date

    @classmethod
    def within(cls, start: dt.date, window: Window) -> Month:
        """Calendar month `start` clipped to the window."""
        end = next_month(start)
        since = max(start, window.since.date()) if window.since else start
        return cls(start, since, min(end, window.until.date()) if window.until else end)

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def end(self) -> dt.date:
        return next_month(self.start)

    @property
    def whole(self) -> bool:
        return (self.since, self.until) == (self.start, self.end)

    def options(self, whole: bool = False) -> str:
        """--since/--until of the month (the whole calendar month with `whole`)."""
        since, until = (self.start, self.end) if whole else (self.since, self.until)
        return f"--since {since.isoformat()} --until {until.isoformat()}"


@dataclass
class Findings:
    """The What to do section, and what the dashboard's actions borrow from it."""

    frame: pl.DataFrame
    notes: list[str]
    all: list[dict] = dataclasses.field(default_factory=list)  # largest first, including those left out
    trend: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None = None  # monthly CPI, effects, by model


def _findings(
    job: Job, priced: pl.DataFrame, signals: pl.DataFrame, rule: FlagRule, comparisons: pl.DataFrame | None
) -> Findings:
    """Every finding of metrics.actions on the report's cubes, ranked, with the section's notes."""
    month = _latest_month(job, priced)
    if month is None:
        return Findings(pl.DataFrame(schema=act.SCHEMA), ["nothing to act on: no priced calls in the window"])
    currency, window = job.book.currency, _window_options(job)
    this = _in_month(priced, month)
    found: list[dict] = []
    if job.revenue_path:
        found += _customer_findings(job, this, rule, month)
    if comparisons is not None:
        found += act.downgrades(comparisons, _command(job, "downgrade", window), currency)
    found += act.excess_tokens(
        _excess(job, signals, month), month.label, _command(job, "efficiency", month.options()), currency
    )
    trend_frames = _monthly(job, priced, month)
    found += act.rising_cpi(*trend_frames, _command(job, "trend", "--explain" + window), currency)
    fixed, commands = _fixed(job, priced, month)
    found += act.fixed_costs(fixed, month.label, commands, currency)
    found += _plan_findings(job, month, currency)
    month_cost = rollup(this, [])["cost"][0] or 0.0
    frame, left = act.rank(found, month_cost)
    ranked = sorted(found, key=lambda f: -f["monthly_amount"])
    return Findings(frame, _notes(job, month, frame, left, month_cost), ranked, trend_frames)


def _plan_findings(job: Job, month: Month, currency: str) -> list[dict]:
    """Plans whose customers go past break-even in the month, when llmcost.yaml describes the plans
    and the customers file says who is on which."""
    from llmcost.metrics.plans import plan_findings
    from llmcost.views.plans import plan_ledger

    if not job.config.plans or not (job.inputs.customers or job.config.customers):
        return []
    ledger = plan_ledger(job)
    this = ledger.frame.filter(pl.col("month") == month.start)
    return plan_findings(this, ledger.plans, _command(job, "plans", month.options()), currency)


def _notes(job: Job, month: Month, frame: pl.DataFrame, left: list[dict], month_cost: float) -> list[str]:
    """Which month the figures are for and how they are ranked; what was left out or could not be looked at."""
    which = (
        "month in the logs"
        if not job.window.bounded
        else "whole month in the window"
        if month.whole
        else f"month (only the part the window covers, {month.since} up to {month.until})"
    )
    if frame.height:
        head = (
            f"figures for {month.label}, the latest {which}"
            + (
                "; a cheaper model's saving is downgrade's monthly average over the window"
                if (frame["finding"] == act.DOWNGRADE).any()
                else ""
            )
            + "; ranked by money at stake a month, largest first; findings can overlap (a customer's loss, "
            "its prompts' tokens, a cheaper model for them), so they are not a sum"
        )
    else:
        head = (
            f"nothing to act on in {month.label}: no paying customer loses money, no usage is unbilled, no "
            "cheaper model is tolerated, no tokens cost above target, CPI is not rising and no fixed cost "
            "outweighs its calls' token cost"
        )
    notes = [head]
    if left:
        notes.append(
            f"{len(left)} smaller finding{'s' if len(left) != 1 else ''} under "
            f"{money(act.FLOOR_SHARE * month_cost, job.book.currency)} a month "
            f"({act.FLOOR_SHARE:.1%} of {month.label}'s cost) left out"
        )
    if not job.revenue_path:
        notes.append("customers losing money and unbilled usage need revenue: --revenue FILE or 'revenue:'")
    return notes


def _latest_month(job: Job, priced: pl.DataFrame) -> Month | None:
    """The latest month with priced calls that the window covers whole, else (a window shorter than a
    month) the latest month as far as the window covers it: a month cut short by --until would
    understate every monthly figure."""
    months = [Month.within(m, job.window) for m in sorted(counted(priced)["_month"].unique().drop_nulls())]
    whole = [m for m in months if m.whole]
    return (whole or months)[-1] if months else None


def _in_month(priced: pl.DataFrame, month: Month) -> pl.DataFrame:
    """The cube with its window narrowed to `month` (fixed shares stay those of the whole month)."""
    return priced.with_columns((pl.col("_in") & (pl.col("_month") == month.start)).alias("_in"))


def _window_options(job: Job) -> str:
    since, until = job.inputs.since, job.inputs.until
    return (f" --since {since.isoformat()}" if since else "") + (f" --until {until.isoformat()}" if until else "")


def _command(job: Job, name: str, options: str = "", revenue: bool = False) -> str:
    """A command line that shows a finding's detail on the same inputs as this report (logs, pricing,
    settings and revenue given on its command line; secrets in URIs hidden)."""
    opts = job.inputs
    parts = ["llmcost", name, *(shlex.quote(redact(p)) for p in opts.paths)]
    if options.strip():
        parts.append(options.strip())
    given = {
        "--config": opts.config,
        "--pricing": opts.pricing,
        "--revenue": opts.revenue if revenue else None,
        "--preset": opts.preset,
        "--model": opts.model,
        "--input-format": opts.input_format,
        "--table": opts.table,
        "--query": opts.query,
        "--engine": opts.engine,  # the same engine and order, so the detail repeats the run as it was made
        "--order-by": opts.order_by,
        "--timestamp-format": opts.timestamp_format,
    }
    parts += [f"{flag} {shlex.quote(value)}" for flag, value in given.items() if value]
    return " ".join(parts + (["--catalog"] if opts.catalog else []))


def _customer_findings(job: Job, this: pl.DataFrame, rule: FlagRule, month: Month) -> list[dict]:
    """Paying customers losing money and unbilled usage in the month, with what drives each loss."""
    # revenue is prorated over the window's months: the month's alone here, as `customers` would
    window = Window(*(dt.datetime.combine(d, dt.time(), dt.UTC) for d in (month.since, month.until)))
    margins = margin_table(job, this, rule, per_month=False, window=window).frame
    losers = margins.filter((pl.col("revenue") > 0) & (pl.col("gross_profit") < -act.NOISE * pl.col("revenue")))
    shown = losers.sort(["gross_profit", "customer_id"]).head(act.SHOWN_CUSTOMERS)["customer_id"].to_list()
    top = _command(job, "customers", f"{month.options()} --top {max(losers.height, 1)}", revenue=True)
    unbilled = _command(job, "flag-customers", f"--include-unbilled {month.options()}", revenue=True)
    currency = job.book.currency
    return act.losing_customers(margins, _drivers(job, this, shown, month), month.label, top, currency) + act.unbilled(
        margins, month.label, unbilled, currency
    )


def _drivers(job: Job, this: pl.DataFrame, customers: list[str], month: Month) -> pl.DataFrame:
    """Cost, calls and input tokens per model (and feature) of `customers` in the month.

    Models are in the report's cube already; features are not (a customer × feature cube can
    hold a cell per row), so a third pass keys by feature only the rows of these few customers."""
    if not customers:
        return pl.DataFrame(
            schema={
                "customer_id": pl.String,
                "entry": pl.String,
                "cost": pl.Float64,
                "inferences": pl.Int64,
                "input_tokens": pl.Int64,
            }
        )
    keys = ["customer_id", "entry"]
    if job.log.has("feature"):
        who = pl.col("customer_id").is_in(customers)
        if job.log.remote is None:  # a cube of the few customers named only
            side = job.priced(
                {
                    "customer_id": pl.when(who).then(pl.col("customer_id")),
                    "feature": pl.when(who).then(pl.col("feature")),
                }
            )
        else:  # an engine groups by plain columns; the filter below keeps the customers named
            side = job.priced({"customer_id": pl.col("customer_id"), "feature": pl.col("feature")})
        this = _in_month(side.frame, month)  # its account and notes are the report's cubes' own: not kept
        keys.append("feature")
    frame = counted(this).filter(pl.col("customer_id").is_in(customers))
    return rollup(frame, keys).select(*keys, "cost", "inferences", "input_tokens")


def _limits(job: Job) -> dict[str, tuple[int, int]]:
    """Each feature's token limits, from its use case's targets (none without a feature column)."""
    return limits_by_feature(job.config.use_cases) if job.log.has("feature") else {}


def _excess(job: Job, signals: pl.DataFrame, month: Month) -> pl.DataFrame:
    """Per feature with a target, in the month: average tokens and the cost of the tokens above the
    use case's range, as `efficiency` prices them (excess tokens × the feature's average price per
    input or output token)."""
    limits = _limits(job)
    if not limits:
        return pl.DataFrame(schema={"feature": pl.String, "cost_above_target": pl.Float64})
    tokens = _tokens_above(job, month, limits)
    per = rollup(_in_month(signals, month), ["feature"]).filter(pl.col("feature").is_in(list(limits)))
    use_case = {f: job.config.use_cases[f] for f in limits}
    bounds = {f: TOKEN_TARGETS[u] for f, u in use_case.items()}
    n, feature = pl.col("inferences"), pl.col("feature")
    return per.join(tokens, on="feature", how="left").with_columns(
        feature.replace_strict(use_case, return_dtype=pl.String).alias("use_case"),
        feature.replace_strict({f: f"{b[0]}–{b[1]}" for f, b in bounds.items()}, return_dtype=pl.String).alias(
            "input_target"
        ),
        feature.replace_strict({f: f"{b[2]}–{b[3]}" for f, b in bounds.items()}, return_dtype=pl.String).alias(
            "output_target"
        ),
        (pl.col("input_tokens") / n).alias("avg_input_tokens"),
        (pl.col("output_tokens") / n).alias("avg_output_tokens"),
        (
            pl.col("excess_input_tokens").fill_null(0) * ratio("input_cost", "input_tokens").fill_null(0)
            + pl.col("excess_output_tokens").fill_null(0) * ratio("output_cost", "output_tokens").fill_null(0)
        ).alias("cost_above_target"),
    )


def _tokens_above(job: Job, month: Month, limits: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """Input and output tokens above each feature's limits in the month, summed exactly per row by
    the cube (efficiency.spelt_values: an engine sums them too)."""
    values = spelt_values(limits)
    extra: dict[str, tuple[str, pl.Expr | Spelt]] = {}
    for side in ("input", "output"):
        above = values[side][1]
        assert above is not None  # input and output have a target, total none
        extra[f"excess_{side}_tokens"] = ("sum", above)
    cells = job.priced({"feature": pl.col("feature")}, extra).frame
    inside = (
        (pl.col("_state") == "ok")
        & pl.col("_in")
        & (pl.col("_month") == month.start)
        & pl.col("feature").is_in(list(limits))
    )
    sums = [pl.col(f"excess_{side}_tokens").sum().cast(pl.Int64) for side in ("input", "output")]
    return cells.filter(inside).group_by("feature").agg(sums)


def _monthly(job: Job, priced: pl.DataFrame, month: Month) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """CPI per month up to the findings' month, trend --explain's effects per month, and calls and token
    cost per month and model (by calendar month whatever --period the report has: the findings are a
    month's money)."""
    by_month = priced.with_columns(pl.col("_month").alias("period"))
    monthly = rollup(by_month, ["period"]).with_columns((pl.col("cost") / pl.col("inferences")).alias("cpi"))
    monthly = monthly.filter(pl.col("period") <= month.start)
    return monthly, explain(by_month, job.book.unit_tokens), rollup(by_month, ["period", "entry"])


def _fixed(job: Job, priced: pl.DataFrame, month: Month) -> tuple[pl.DataFrame, dict[str, str]]:
    """Each fixed cost with the calls it is spread over in the month and their token cost, and the
    command showing them. The whole calendar month counts, window or not: the fee is spread over it."""
    cells = priced.filter(pl.col("state").is_in(COUNTED) & (pl.col("_month") == month.start))
    rows, commands = [], {}
    for item in job.book.fixed_costs:
        part = cells.filter(eligible(item.models).fill_null(False))  # the calls price.py spreads it over
        rows.append(
            {
                "name": item.name,
                "monthly": float(item.monthly),
                "models": ", ".join(item.models) if item.models is not None else None,
                "inferences": int(part["inferences"].sum()),
                "token_cost": float(part["token_cost"].sum()),
            }
        )
        by = "--by model " if item.models is not None else ""
        commands[item.name] = _command(job, "cpi", by + month.options(whole=True))
    schema = {
        "name": pl.String,
        "monthly": pl.Float64,
        "models": pl.String,
        "inferences": pl.Int64,
        "token_cost": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema), commands


def _concrete(
    readings: dict[str, dash.Reading],
    found: Findings,
    job: Job,
    top_models: pl.DataFrame,
    efficiency: pl.DataFrame,
    comparisons: pl.DataFrame | None,
) -> None:
    """Give each dashboard reading the concrete action the data names (shown when the metric is off):
    the largest finding of the matching kind, else who or what the report's own tables point at."""
    loss = _first(found, act.LOSS) or _first(found, act.UNBILLED)
    details = {
        "cpi": _gist(_first(found, act.DOWNGRADE)) or _top_model(job, top_models),
        "gross_margin": _gist(loss),
        "cpi_trend_3m": _trend_detail(found, job),
        "prompt_tokens": _gist(_first(found, act.EXCESS)) or _longest_prompts(job, efficiency),
        "downgrade_tolerance": _not_tolerant(job, comparisons),
    }
    for key, detail in details.items():
        if detail and key in readings:
            readings[key] = dataclasses.replace(readings[key], detail=detail)


def _first(found: Findings, kind: str) -> dict | None:
    return next((f for f in found.all if f["finding"] == kind), None)


def _gist(finding: dict | None) -> str | None:
    return f"{finding['short']} → {finding['command']}" if finding else None


def _top_model(job: Job, top_models: pl.DataFrame) -> str | None:
    if not top_models.height:
        return None
    top = top_models.row(0, named=True)
    return (
        f"{top['model']} carries {percent(top['cost_share'])} of cost at {money(top['cpi'], job.book.currency)} "
        f"a call → {_command(job, 'models', _window_options(job))}"
    )


def _longest_prompts(job: Job, efficiency: pl.DataFrame) -> str | None:
    if not efficiency.height or "feature" not in efficiency.columns:
        return None
    top = efficiency.sort(["total_tokens", "feature"], descending=[True, False], nulls_last=True).row(0, named=True)
    return (
        f"{top['feature']} averages {top['total_tokens']:,.0f} tokens a call → "
        f"{_command(job, 'efficiency', _window_options(job))}"
    )


def _not_tolerant(job: Job, comparisons: pl.DataFrame | None) -> str | None:
    """The judged features where no cheaper model kept satisfaction within 5 points."""
    if comparisons is None or not comparisons.height:
        return None
    judged = comparisons.filter(~pl.col("verdict").str.starts_with("too few"))
    tolerant = set(judged.filter(pl.col("verdict").str.starts_with("tolerant"))["feature"])
    refused = sorted(set(judged["feature"]) - tolerant)
    if not refused:
        return None
    return (
        f"no cheaper model within 5 points for {', '.join(refused)} → "
        f"{_command(job, 'downgrade', _window_options(job))}"
    )


def _trend_detail(found: Findings, job: Job) -> str | None:
    """The effect that pushed CPI up most over the last 3 months (trend --explain), if any did."""
    if found.trend is None:
        return None
    monthly, effects, by_model = found.trend
    span = act.cpi_rise(monthly)
    if span is None:
        return None
    then, now = span[0]["period"], span[1]["period"]
    driver = act.main_driver(effects, then, now)
    if driver is None:
        return None
    factor, amount = driver
    toward = act.mix_toward(by_model, then, now) if factor == "mix" else None
    return (
        f"{act.FACTORS[factor]} added {money(amount, job.book.currency)} a call since {then:%Y-%m}"
        + (f", toward {toward}" if toward else "")
        + f" → {_command(job, 'trend', '--explain' + _window_options(job))}"
    )
