"""usage, efficiency, latency, errors, quality, downgrade, drift, cac: the metrics beyond cost."""

from __future__ import annotations

import datetime as dt

import polars as pl

from llmcost import scalars, sketch
from llmcost.config import Config
from llmcost.cube import BATCH_BYTES, Spelt, hour_of_day, period_start
from llmcost.customers import load_customers, load_spend
from llmcost.errors import LlmcostError
from llmcost.job import Job, Priced
from llmcost.metrics import cac as cac_metric
from llmcost.metrics import efficiency as efficiency_metric
from llmcost.metrics import latency as latency_metric
from llmcost.metrics import usage as usage_metric
from llmcost.metrics.downgrade import MIN_SAMPLES, TOLERANCE, downgrade, tolerance
from llmcost.metrics.drift import drift, length_bin
from llmcost.metrics.efficiency import efficiency, limits_by_feature
from llmcost.metrics.errors import errors
from llmcost.metrics.quality import quality
from llmcost.metrics.rollup import counted, period_label, rollup
from llmcost.render import Document, Section, money, percent
from llmcost.views import GROUP_COLUMNS, Outcome, by_group, group_column, group_keys

RATES = ("feedback_rate", "acceptance_rate", "retry_rate", "success_rate", "escalation_rate", "failure_rate")


def _need(job: Job, column: str, what: str) -> None:
    if not job.log.has(column):
        raise LlmcostError(
            f"{what} needs a '{column}' column, and {', '.join(job.log.files[:3])} has none "
            f"(map one with 'columns:' in llmcost.yaml)"
        )


def _keyed(
    job: Job, by: str | None, period: str | None, extra: dict[str, pl.Expr] | None = None
) -> tuple[Priced, pl.DataFrame, list[str]]:
    """Cube per (period if asked) × group: the pass, its cube with `period` labelled, and its keys."""
    run = job.priced({**group_keys(by, period), **(extra or {})}, signals=True)
    return run, _labelled(run.frame, by, period), _names(by, period)


def _labelled(frame: pl.DataFrame, by: str | None, period: str | None) -> pl.DataFrame:
    """Priced cells with the table's keys: `model` as pricing entry, `period` labelled."""
    priced, _ = by_group(frame, by)
    return priced.with_columns(period_label(period).alias("period")) if period else priced


def _names(by: str | None, period: str | None) -> list[str]:
    """The table's key columns: the period if asked, then the group."""
    group = group_column(by)
    return (["period"] if period else []) + ([group] if group else [])


def _row_keys(rows: pl.LazyFrame, names: list[str], period: str | None) -> pl.LazyFrame:
    """The same keys on row level: period label and `model` as pricing entry."""
    if "period" in names:
        rows = rows.with_columns(period_start(period or "month").alias("period"))
        rows = rows.with_columns(period_label(period or "month").alias("period"))
    if "model" in names:
        rows = rows.with_columns(pl.col("entry").alias("model"))
    return rows


def usage_document(job: Job, by: str | None, period: str | None = None) -> Outcome:
    """Generations and customers per period (default month), by hour of day, and the top 5 %."""
    period = period or "month"
    keys = {"period": period_start(period), "customer_id": pl.col("customer_id")}
    if by == "feature":
        keys["feature"] = pl.col("feature")
    run = job.priced(keys)
    priced = run.frame
    if by == "model":
        priced = priced.with_columns(pl.col("entry").alias("model"))
    group = GROUP_COLUMNS.get(by) if by and by != "customer" else None
    per_period = usage_metric.per_period(priced, group).with_columns(period_label(period).alias("period"))
    by_hour = usage_metric.per_hour(_good(job.priced({"hour": hour_of_day()}).frame, ["hour"]))
    top, leaning = usage_metric.top_customers(priced.filter(pl.col("customer_id").is_not_null()))
    busiest = by_hour.filter(pl.col("inferences") > 0).sort("inferences", descending=True).head(3)["hour"].to_list()
    notes = [f"busiest hours (UTC): {', '.join(f'{h:02d}:00' for h in busiest)}"]
    notes += (
        _top_notes(top, leaning) + _no_customer_note(priced, job.book.currency)
        if job.log.has("customer_id")
        else ["no customer_id column in the logs: no per-customer figures (map one with 'columns:' in llmcost.yaml)"]
    )
    money_cols = ("cost", "avg_cost_per_customer", "p95_cost_per_customer")
    sections = [
        Section("generations", per_period, f"Generations and customers by {period}", money=money_cols),
        Section(
            "hours",
            by_hour,
            "Generations by hour of day (UTC)",
            percent=("share",),
            spark="inferences",
            notes=notes[:1],
        ),
        Section(
            "top_customers",
            top,
            "The top 5 % of customers by cost against the rest",
            money=("cost", "cost_per_inference"),
            percent=("cost_share",),
            notes=notes[1:],
        ),
    ]
    if not top.height:  # no customer ids: say so under the hours rather than print an empty table
        sections[1].notes.extend(sections.pop().notes)
    return Outcome(Document(sections, job.book.currency, single=False), run)


def _no_customer_note(priced: pl.DataFrame, currency: str) -> list[str]:
    """The calls with no customer id are in no customer's share: say what they cost, so that the
    top and the rest are not read as all of the cost (reference §2.6.1)."""
    unowned = rollup(priced.filter(pl.col("customer_id").is_null()), [])
    calls = int(unowned["inferences"].sum()) if unowned.height else 0
    if not calls:
        return []
    cost = money(scalars.total(unowned["cost"]), currency)
    return [f"calls with no customer_id ({calls:,}, {cost}) are in neither the top nor the rest"]


def _top_notes(top: pl.DataFrame, leaning: dict) -> list[str]:
    if not top.height:  # no customer with calls in the window: no table, no columns
        return []
    leaders = top.filter(pl.col("group") == "top")
    if leaders.height == 0:
        return []
    first = leaders.row(0, named=True)
    notes = [f"the top {first['customers']:,} customers carry {percent(first['cost_share'])} of cost"]
    for group in ("top", "rest"):
        for column, label in (("entry", "models"), ("feature", "features")):
            mix = leaning.get(group, {}).get(column)
            if mix:
                notes.append(f"{group}: {label} by cost — " + ", ".join(f"{n} {percent(s)}" for n, s in mix))
    return notes


def efficiency_document(job: Job, by: str | None, period: str | None = None) -> Outcome:
    """Tokens per inference per feature (or --by) against the use case's targets; caching's saving."""
    by = by or ("feature" if job.log.has("feature") else None)
    run, priced, names = _keyed(job, by, period)
    limits = limits_by_feature(job.config.use_cases)
    remote = job.log.remote is not None
    if remote:  # the engine sums the token histograms as cubes: no row leaves it
        pct, estimated = efficiency_metric.token_percentiles(_token_cells(job, by, period, names, limits), names)
    elif sketch.fits(_good_rows(priced)):  # few rows: rank the values themselves, as Polars does
        batches = _batches(job, priced, names, period)
        rows = pl.concat(batches)
        pct, estimated = job.collect(efficiency_metric.token_percentiles_exact(rows, names, limits)), False
    else:
        batches = _batches(job, priced, names, period)
        cells = job.collect(lambda: efficiency_metric.token_cells(batches, names, limits))
        pct, estimated = efficiency_metric.token_percentiles(cells, names)
    frame = efficiency(priced, pct, names, job.config.use_cases if "feature" in names else {})
    notes = [sketch.note("p50 and p95 tokens", remote)] if estimated else []
    if "feature" in names and not job.config.use_cases:
        notes.append(
            "no targets: map features to use cases with 'use_cases:' in llmcost.yaml "
            "(classification, chat, summarization, rag, code_generation)"
        )
    saved = scalars.total(frame["cache_saving"])
    if saved:
        notes.append(f"prompt caching saved {money(saved, job.book.currency)} against uncached input prices")
    section = Section(
        "efficiency",
        frame,
        "Prompt efficiency (tokens per inference)",
        money=("cache_saving", "cost_above_target"),
        percent=("cache_hit_rate", "reasoning_share"),
        notes=notes,
    )
    return Outcome(Document([section], job.book.currency), run)


def latency_document(job: Job, by: str | None, period: str | None = None) -> Outcome:
    """Latency percentiles per model (or --by, and `period` if given), and spikes per period (default week)."""
    _need(job, "latency_ms", "latency")
    by = by or "model"
    spikes_by = period or "week"
    remote = job.log.remote is not None
    if remote:  # the engine sums the latencies' histogram as one cube: no row leaves it
        run, table, spikes, names = _latency_cells(job, by, period, spikes_by)
        frame, estimated = latency_metric.latency(table, names)
        per_period, period_estimated = latency_metric.latency(spikes, ["period"])
    else:  # the rows, ranked when few, else a histogram of them (a lighter pass than a cube's)
        run, priced, names = _keyed(job, by, period)
        batches = _batches(job, priced, names, period)
        frame, estimated = _latency(job, priced, batches, names)
        per_period, period_estimated = _latency(
            job, priced, [b.with_columns(period_start(spikes_by).alias("period")) for b in batches], ["period"]
        )
    marked = latency_metric.spikes(per_period).with_columns(period_label(spikes_by).alias("period"))
    spiking = marked.filter(pl.col("spike"))["period"].to_list()
    notes = [f"spikes (p95 over twice the median {spikes_by}'s): {', '.join(spiking) if spiking else 'none'}"]
    return Outcome(
        Document(
            [
                Section(
                    "latency",
                    frame,
                    f"Generation latency by {by}",
                    notes=[sketch.note("p50, p95 and p99", remote)] if estimated else [],
                ),
                Section(
                    "periods",
                    marked,
                    f"p95 latency by {spikes_by}",
                    spark="p95_ms",
                    notes=notes + ([sketch.note("p95", remote)] if period_estimated else []),
                ),
            ],
            job.book.currency,
            single=False,
        ),
        run,
    )


def _latency_cells(
    job: Job, by: str | None, period: str | None, spikes_by: str
) -> tuple[Priced, pl.DataFrame, pl.DataFrame, list[str]]:
    """The latency histograms (llmcost.sketch) of the table (per group, and `period`) and of the
    spikes (per `spikes_by`), from one cube keyed by both and each latency's bucket: its calls and
    the sum of their latencies are signals, its smallest and largest latency extremes, so an
    engine sums it where the log lives."""
    value = pl.col("latency_ms")
    keys = {**group_keys(by, period), "_spike": period_start(spikes_by), "_b": sketch.bucket(value)}
    run = job.priced(keys, {"_lo": ("min", value), "_hi": ("max", value)}, signals=True)
    names = _names(by, period)
    good = counted(_labelled(run.frame, by, period))  # the rows `job.rows` gives: the priced inferences

    def cells(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
        summed = frame.group_by(*keys, "_b").agg(
            pl.col("latency_known").sum().alias("_n"),
            pl.col("_lo").min(),
            pl.col("_hi").max(),
            pl.col("latency_sum").sort().sum().alias("_sum"),  # sorted: the same float in any order
        )
        return summed.with_columns(
            pl.lit("latency_ms").alias("_which"),
            pl.lit(None, pl.Float64).alias("_extra"),
        )

    return run, cells(good, names), cells(good.with_columns(pl.col("_spike").alias("period")), ["period"]), names


def _token_cells(
    job: Job, by: str | None, period: str | None, names: list[str], limits: dict[str, tuple[int, int]]
) -> pl.DataFrame:
    """The token histograms (llmcost.sketch) per `names`, one cube per token count keyed by its
    bucket, with the tokens above each feature's target summed exactly beside them."""
    parts = []
    for name, (value, above) in efficiency_metric.spelt_values(limits).items():
        keys: dict[str, pl.Expr | Spelt] = {
            **group_keys(by, period),
            "_b": Spelt(sketch.bucket(value.expr), f"bucket:{value.spec}"),
        }
        extra = {"_lo": ("min", value), "_hi": ("max", value), **({"_x": ("sum", above)} if above else {})}
        good = counted(_labelled(job.priced(keys, extra).frame, by, period))
        cells = good.group_by(*names, "_b").agg(
            pl.col("inferences").sum().cast(pl.Int64).alias("_n"),
            pl.col("_lo").min().cast(pl.Float64),
            pl.col("_hi").max().cast(pl.Float64),
            (pl.col("_x").sum() if above else pl.lit(None)).cast(pl.Float64).alias("_extra"),
        )
        parts.append(cells.with_columns(pl.lit(name).alias("_which"), pl.lit(0.0).alias("_sum")))
    return pl.concat(parts, how="diagonal_relaxed")


def _batches(job: Job, priced: pl.DataFrame, names: list[str], period: str | None) -> list[pl.LazyFrame]:
    """The good rows with the table's keys, a batch of files at a time (as the cube reads them)."""
    return [_row_keys(job.rows(priced, batch), names, period) for batch in job.log.batches(BATCH_BYTES)]


def _latency(job: Job, priced: pl.DataFrame, batches: list[pl.LazyFrame], keys: list[str]) -> tuple[pl.DataFrame, bool]:
    """Latency per `keys`: ranked from the values when the rows are few, else from a histogram."""
    if sketch.fits(_good_rows(priced)):
        return job.collect(lambda: latency_metric.exact(pl.concat(batches), keys)), False
    return latency_metric.latency(job.collect(lambda: latency_metric.cells(batches, keys)), keys)


def _good_rows(priced: pl.DataFrame) -> int:
    """The priced inferences' rows: what `job.rows` gives."""
    return int(_good(priced, [])["inferences"].sum())


def _good(priced: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The cells' calls per `keys`, of the rows `job.rows` gives (a count that needs no rows)."""
    good = counted(priced)
    return good.group_by(keys).agg(pl.col("inferences").sum()) if keys else good.select("inferences")


def errors_document(job: Job, by: str | None, period: str | None = None) -> Outcome:
    """Error rate, timeouts and the cost of failed calls per group (and period)."""
    _need(job, "status", "errors")
    run, priced, names = _keyed(job, by, period, {"status": pl.col("status")})
    frame = errors(priced, names)
    section = Section(
        "errors",
        frame,
        "Errors and timeouts",
        money=("cost", "failed_cost"),
        percent=("error_rate", "timeout_share", "failed_cost_share"),
    )
    return Outcome(Document([section], job.book.currency), run)


def quality_document(job: Job, by: str | None, review_cost: float | None, period: str | None = None) -> Outcome:
    """Outcome rates and the cost per successful and per correct outcome; value-to-cost with revenue."""
    run, priced, names = _keyed(job, by, period)
    review = review_cost if review_cost is not None else job.book.review_cost
    frame = quality(priced, names, review)
    notes = []
    if review is None:
        notes.append(
            "cost per correct outcome needs a review cost: 'outcomes: {review_cost: …}' in the "
            "pricing file, or --review-cost"
        )
    revenue, _, warnings = job.revenue(priced)
    if revenue is not None and frame["cost"].sum():
        earned, spent = scalars.total(revenue["revenue"]), scalars.total(frame["cost"])
        notes.append(
            f"value-to-cost ratio: revenue {money(earned, job.book.currency)} ÷ AI cost "
            f"{money(spent, job.book.currency)} = {earned / spent:.1f}×"
        )
    section = Section(
        "quality",
        frame,
        "Quality and outcomes",
        money=("cost", "cost_per_successful_outcome", "cost_per_correct_outcome"),
        percent=RATES,
        notes=notes,
    )
    return Outcome(Document([section], job.book.currency), run.with_notes(warnings))


def downgrade_document(job: Job) -> Outcome:
    """Per feature on several models: the cheaper model's satisfaction against the expensive one's."""
    _need(job, "feature", "downgrade")
    run = job.priced({"feature": pl.col("feature")}, signals=True)
    priced = run.frame
    months = counted(priced)["_month"].n_unique()
    if not any(job.log.has(c) for c in ("accepted", "success", "feedback")):
        raise LlmcostError("downgrade needs user satisfaction: an 'accepted', 'success' or 'feedback' column")
    frame = downgrade(priced, months)
    summary = tolerance(frame, priced)
    notes = [
        f"tolerant = the cheaper model's satisfaction within {TOLERANCE * 100:.0f} points of the expensive "
        f"one's (signal: acceptance, else task success, else feedback, per feature); no verdict under "
        f"{MIN_SAMPLES} labelled calls per model; 95 % interval of the difference"
    ]
    if summary["tolerance"] is not None:
        notes.append(
            f"downgrade tolerance: {percent(summary['tolerance'])} of the traffic that could be judged "
            f"({percent(summary['judged_share'])} of all traffic); moving it would save about "
            f"{money(summary['monthly_saving'] or 0, job.book.currency)} a month "
            "(same token counts, token cost only)"
        )
    section = Section(
        "downgrade",
        frame,
        "Model downgrade tolerance by feature",
        money=("expensive_cpi", "cheaper_cpi", "monthly_saving"),
        percent=("expensive_satisfaction", "cheaper_satisfaction"),
        change=("difference", "difference_low", "difference_high"),
        notes=notes,
    )
    return Outcome(Document([section], job.book.currency), run)


def drift_document(job: Job, baseline: str | None, threshold: float, period: str = "month") -> Outcome:
    """KL divergence of input lengths and feature mix per period against a baseline; each alert an alarm."""
    keys: dict[str, pl.Expr | Spelt] = {"period": period_start(period), "_len_bin": length_bin()}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    run = job.priced(keys)
    priced = run.frame.with_columns(period_label(period).alias("period"))
    if "feature" not in priced.columns:
        priced = priced.with_columns(pl.lit(None, pl.String).alias("feature"))
    counts = rollup(priced, ["period", "_len_bin", "feature"])
    frame = drift(counts, baseline, threshold)
    alerts = frame.filter(pl.col("alert"))["period"].to_list() if frame.height else []
    notes = [
        f"KL divergence D(period ‖ baseline) in nats; alert above {threshold}: "
        + (", ".join(alerts) if alerts else "none")
    ]
    doc = Document(
        [Section("drift", frame, f"Input drift against {frame['baseline'][0] if frame.height else '—'}", notes=notes)],
        job.book.currency,
    )
    return Outcome(doc, run, alarms=len(alerts))


def cac_document(config: Config, customers: str | None, spend: str | None, as_of: dt.date) -> Document:
    customers = customers or config.customers
    spend = spend or config.spend
    if not customers or not spend:
        raise LlmcostError(
            "cac needs --customers FILE (customer_id, signup_date, churn_date) and --spend FILE "
            "(month, spend), or 'customers:' and 'spend:' in llmcost.yaml"
        )
    frame = cac_metric.cac(load_customers(customers), load_spend(spend), as_of)
    notes = [
        f"adjusted CAC = spend ÷ customers still active {cac_metric.SURVIVAL_DAYS} days after signup, "
        f"as of {as_of.isoformat()}; naive CAC = spend ÷ all signups"
    ]
    section = Section(
        "cac",
        frame,
        "Customer acquisition cost by signup cohort",
        money=("spend", "naive_cac", "adjusted_cac"),
        notes=notes,
    )
    return Document([section])


# The signals whose only options are --by and --period: the CLI registers one command per entry.
BY_AND_PERIOD = {
    "usage": usage_document,
    "efficiency": efficiency_document,
    "latency": latency_document,
    "errors": errors_document,
}
