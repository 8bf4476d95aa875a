"""What each command shows: metric results wrapped as Documents for the renderer."""

from __future__ import annotations

import polars as pl

from llmcost.cube import Window, period_start
from llmcost.job import Job
from llmcost.metrics import dashboard as dash
from llmcost.metrics.cpi import cpi
from llmcost.metrics.margin import FlagRule, cost_per_customer, margins, sort_customers, totals
from llmcost.metrics.models import models
from llmcost.metrics.rollup import rollup
from llmcost.metrics.trend import trend, verdict
from llmcost.render import Document, Section, money, percent

GROUP_COLUMNS = {"model": "model", "feature": "feature", "customer": "customer_id"}
CPI_MONEY = ("cost", "cpi", "token_cost", "fixed_cost", "amortized_cost")
CHANGES = ("cpi_change", "cpi_change_3m", "cpi_change_6m", "cpi_change_12m")
MARGIN_MONEY = ("cost", "revenue", "gross_profit", "cost_per_inference", "revenue_per_inference")


def group_keys(job: Job, by: str | None, period: bool = True) -> dict[str, pl.Expr]:
    """Cube keys for a --by choice; models are grouped by pricing entry after pricing."""
    keys = {"period": period_start(job.options.period)} if period else {}
    if by in ("feature", "customer"):
        keys[GROUP_COLUMNS[by]] = pl.col(GROUP_COLUMNS[by])
    return keys


def by_group(priced: pl.DataFrame, by: str | None) -> tuple[pl.DataFrame, str | None]:
    """The priced cube and the column to group on (`entry` stands for model)."""
    if by == "model":
        return priced.with_columns(pl.col("entry").alias("model")), "model"
    return priced, GROUP_COLUMNS.get(by) if by else None


def cpi_document(job: Job, by: str | None) -> Document:
    priced, group = by_group(job.priced(group_keys(job, by)), by)
    frame = cpi(priced, job.options.period, group)
    title = f"Cost per inference by {job.options.period}" + (f" and {by}" if by else "")
    return Document([Section("cpi", frame, title, money=CPI_MONEY, change=("cpi_change",))], job.book.currency)


def trend_document(job: Job, by: str | None) -> Document:
    priced, group = by_group(job.priced(group_keys(job, by)), by)
    frame = trend(priced, job.options.period, group)
    overall = frame if group is None else trend(priced, job.options.period)
    notes = [verdict(overall, job.options.period)]
    section = Section("trend", frame, f"Unit-cost trend by {job.options.period}", money=("cost", "cpi"),
                      change=CHANGES, notes=notes, spark="cpi")
    return Document([section], job.book.currency)


def models_document(job: Job, raw: bool) -> Document:
    keys = {"model_as_logged": pl.col("model")} if raw else {}
    priced = job.priced(keys)
    frame = models(priced, "model_as_logged" if raw else "entry")
    section = Section("models", frame, "Cost by model" + (" (as logged)" if raw else ""),
                      money=("cost", "cpi"), percent=("cost_share",), spark="cost")
    return Document([section], job.book.currency)


def window_label(window: Window, fractions: pl.DataFrame) -> str:
    """ISO 8601 interval of the window: 2026-05-01/2026-11-01."""
    if fractions.height == 0:
        return ""
    first, last = fractions["month"].min(), fractions["month"].max()
    start = window.since.date() if window.since else first
    end = window.until.date() if window.until else (last.replace(year=last.year + 1, month=1) if last.month == 12
                                                    else last.replace(month=last.month + 1))
    return f"{start.isoformat()}/{end.isoformat()}"


def proration_notes(fractions: pl.DataFrame) -> list[str]:
    return [f"revenue for {m:%Y-%m} prorated to {f:.1%} (the share of the month the window covers)"
            for m, f in fractions.filter(pl.col("fraction") < 1).iter_rows()]


def margin_table(job: Job, priced: pl.DataFrame, rule: FlagRule, per_month: bool) -> tuple[pl.DataFrame, list[str]]:
    revenue, fractions = job.revenue(priced)
    label = None if per_month else pl.lit(window_label(job.window, fractions))
    notes = proration_notes(fractions)
    if revenue is None:
        notes.append("no revenue file: every customer is unbilled (pass --revenue FILE or set 'revenue:')")
    return margins(priced, revenue, rule, label), notes


def customers_document(job: Job, per_month: bool, sort: str, top: int | None, rule: FlagRule) -> Document:
    priced = job.priced({"customer_id": pl.col("customer_id")})
    frame, notes = margin_table(job, priced, rule, per_month)
    spread = cost_per_customer(frame)
    if spread["customers"]:
        notes.append(f"cost per customer over {spread['customers']:,} customers with usage: average "
                     f"{money(spread['average'], job.book.currency)}, p95 {money(spread['p95'], job.book.currency)}")
    footer = totals(frame)
    shown = sort_customers(frame, sort, top)
    section = Section("customers", shown, "Margin per customer", money=MARGIN_MONEY, percent=("gross_margin",),
                      notes=notes, footer=footer)
    return Document([section], job.book.currency)


def flag_document(job: Job, rule: FlagRule, latest_month: bool) -> Document:
    priced = job.priced({"customer_id": pl.col("customer_id")})
    if latest_month:
        priced = job.narrow(priced, _latest_month(priced))
    frame, notes = margin_table(job, priced, rule, per_month=False)
    flagged = sort_customers(frame.filter(pl.col("flagged")), "margin", None)
    reason = (pl.when(pl.col("unbilled"))
              .then(pl.lit("unbilled, costs ") + pl.col("cost").map_elements(money, return_dtype=pl.String))
              .otherwise(pl.lit("gross margin ") + pl.col("gross_margin").map_elements(percent, return_dtype=pl.String)
                         + pl.lit(f" below {percent(rule.threshold)}")))
    flagged = flagged.with_columns(reason.alias("why")).select(
        "customer_id", "period", "inferences", "cost", "revenue", "gross_profit", "gross_margin", "why")
    section = Section("flagged", flagged, f"Customers flagged ({flagged.height})", money=MARGIN_MONEY,
                      percent=("gross_margin",), notes=notes)
    return Document([section], job.book.currency)


def _latest_month(priced: pl.DataFrame) -> Window:
    import datetime as dt

    months = priced.filter(pl.col("state").is_in(("priced", "logged")) & pl.col("_in"))["_month"]
    last = months.max()
    if last is None:
        return Window()
    start = dt.datetime.combine(last, dt.time(), dt.UTC)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return Window(start, end)


def report_document(job: Job, rule: FlagRule) -> Document:
    """The one-page dashboard (seven-metrics article) and the sections behind it."""
    keys = {"period": period_start(job.options.period), "customer_id": pl.col("customer_id")}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    priced = job.priced(keys)
    overall = rollup(priced, []).row(0, named=True)
    customers, notes = margin_table(job, priced, rule, per_month=False)
    trend_frame = trend(priced, job.options.period)
    revenue = customers["revenue"].sum() if job.options.revenue or job.config.revenue else None
    headline = _headline(overall, revenue, customers)
    readings = _readings(headline, trend_frame, job.options.period)
    board = dash.dashboard(readings, job.config.stage, job.config.targets)
    sections = [
        Section("headline", pl.DataFrame([headline]), "Headline", money=("cost", "token_cost", "fixed_cost",
                "amortized_cost", "cpi", "revenue", "gross_profit"), percent=("gross_margin",), vertical=True),
        Section("dashboard", board, f"Dashboard (targets for the {job.config.stage} stage)",
                row_unit="unit", hide=("metric", "unit")),
        Section("trend", trend_frame.tail(6), f"CPI trend by {job.options.period}", money=("cost", "cpi"),
                change=CHANGES, notes=[verdict(trend_frame, job.options.period)], spark="cpi"),
        Section("top_models", models(priced).head(5), "Top models by cost", money=("cost", "cpi"),
                percent=("cost_share",)),
        Section("worst_customers", sort_customers(customers, "margin", 5), "Worst-margin customers",
                money=MARGIN_MONEY, percent=("gross_margin",), notes=notes),
        Section("efficiency", _efficiency(priced, job.log.has("feature")), "Prompt efficiency (tokens per inference)"),
        Section("accounting", _accounting(job), "Every row accounted for"),
    ]
    return Document(sections, job.book.currency, single=False)


def _headline(overall: dict, revenue: float | None, customers: pl.DataFrame) -> dict:
    n = overall["inferences"] or 0
    cost = overall["cost"] or 0.0
    return {
        "period": customers["period"][0] if customers.height else "",
        "inferences": n, "cost": cost, "token_cost": overall["token_cost"], "fixed_cost": overall["fixed_cost"],
        "amortized_cost": overall["amortized_cost"], "cpi": cost / n if n else None, "revenue": revenue,
        "gross_profit": revenue - cost if revenue is not None else None,
        "gross_margin": (revenue - cost) / revenue if revenue else None,
        "customers": int((customers["inferences"] > 0).sum()), "flagged_customers": int(customers["flagged"].sum()),
        "tokens_per_inference": (overall["input_tokens"] + overall["output_tokens"]) / n if n else None,
    }


def _readings(headline: dict, trend_frame: pl.DataFrame, period: str) -> dict[str, dash.Reading]:
    change = trend_frame["cpi_change_3m"].drop_nulls()
    trend_reading = (dash.Reading(change[-1]) if change.len() and period == "month"
                     else dash.Reading(None, "needs 4 months of data (--period month)"))
    return {
        "cpi": dash.Reading(headline["cpi"], None if headline["cpi"] is not None else "needs priced inferences"),
        "gross_margin": dash.Reading(headline["gross_margin"], None if headline["revenue"] else "needs --revenue"),
        "cpi_trend_3m": trend_reading,
        "prompt_tokens": dash.Reading(headline["tokens_per_inference"]),
    }


def _efficiency(priced: pl.DataFrame, has_feature: bool) -> pl.DataFrame:
    keys = ["feature"] if has_feature else []
    frame = rollup(priced, keys)
    n = pl.col("inferences")
    return frame.select(
        *keys, "inferences",
        (pl.col("input_tokens") / n).alias("input_tokens"), (pl.col("output_tokens") / n).alias("output_tokens"),
        ((pl.col("input_tokens") + pl.col("output_tokens")) / n).alias("total_tokens"),
    )


def _accounting(job: Job) -> pl.DataFrame:
    acc = job.account
    return pl.DataFrame([{"read": acc.read, "outside_window": acc.outside, "priced": acc.priced,
                          "priced_at_logged_cost": acc.counts["logged"], "unpriced": acc.counts["unpriced"],
                          "rejected": acc.counts["rejected"], "duplicates": acc.counts["duplicate"],
                          "pricing": f"{job.book.path}@{job.book.digest}"}])
def account_messages(job: Job) -> tuple[list[str], str | None]:
    """stderr lines (warnings, then the reconciliation line) and the --strict problem, if any."""
    acc = job.account
    if acc is None:
        return [], None
    lines = [f"warning: {note}" for note in job.notes]
    if acc.unknown_models:
        names = ", ".join(f"'{m}' ({n:,})" for m, n in acc.unknown_models[:5])
        more = f" and {len(acc.unknown_models) - 5} more" if len(acc.unknown_models) > 5 else ""
        lines.append(f"warning: {acc.counts['unpriced']:,} rows unpriced (no price in {job.book.path}): "
                     f"{names}{more}; run 'llmcost validate' for the full list")
    for reason, rows, file, first in acc.reasons[:5]:
        lines.append(f"warning: {rows:,} rows rejected in {file}: {reason} (first at row {first})")
    if len(acc.reasons) > 5:
        lines.append(f"warning: {len(acc.reasons) - 5} more rejection reasons; run 'llmcost validate' for all")
    lines.append(acc.line(f"{job.book.path}@{job.book.digest}"))
    problem = None
    if acc.problems:
        problem = f"{acc.counts['unpriced']:,} rows unpriced, {acc.counts['rejected']:,} rejected"
    return lines, problem


def validate_document(job: Job) -> Document:
    """The full account: counts, unknown models, rejection reasons with rows, mapping, logged vs re-priced."""
    ts = pl.col("timestamp")
    priced = job.priced({}, extra={"first": ts.min(), "last": ts.max()})
    acc = job.account
    summary = {
        "read": acc.read, "priced": acc.counts["priced"], "priced_at_logged_cost": acc.counts["logged"],
        "unpriced": acc.counts["unpriced"], "rejected": acc.counts["rejected"],
        "duplicates": acc.counts["duplicate"], "outside_window": acc.outside,
        "first": _iso(priced.filter(pl.col("state") != "rejected")["first"].min()),
        "last": _iso(priced.filter(pl.col("state") != "rejected")["last"].max()),
        "pricing": f"{job.book.path}@{job.book.digest}",
    }
    sections = [Section("summary", pl.DataFrame([summary]), "Rows", vertical=True)]
    sections.append(Section("sources", _sources(job), "Sources and column mapping"))
    if acc.unknown_models:
        unknown = pl.DataFrame(acc.unknown_models, schema=["model", "rows"], orient="row")
        sections.append(Section("unpriced", unknown, "Unpriced models (add them to the pricing file)"))
    if acc.counts["rejected"]:
        sections.append(Section("rejected", _rejections(job), "Rejected rows"))
    logged = _logged_vs_repriced(priced)
    if logged.height:
        sections.append(Section("logged_cost", logged, "Logged cost vs re-priced (token cost)",
                                money=("logged_cost", "repriced_cost", "difference"), change=("difference_pct",)))
    return Document(sections, job.book.currency, single=False)


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def _sources(job: Job) -> pl.DataFrame:
    rows = [(f, fmt, ", ".join(f"{k}←{v}" if k != v else k for k, v in m.items()))
            for f, fmt, m in zip(job.log.files, job.log.formats, job.log.mappings, strict=True)]
    return pl.DataFrame(rows, schema=["file", "format", "columns"], orient="row")


def _rejections(job: Job) -> pl.DataFrame:
    """Every reason with its count and first five row numbers, per file (a second, small pass)."""
    frame = (job.log.frame.filter(pl.col("_reason").is_not_null())
             .group_by("_file", "_reason")
             .agg(pl.len().alias("rows"), pl.col("_row").sort().head(5).alias("first_rows"))
             .sort("rows", descending=True).collect())
    files = job.log.files
    return frame.select(
        pl.col("_file").replace_strict(dict(enumerate(files)), return_dtype=pl.String).alias("file"),
        pl.col("_reason").alias("reason"), "rows",
        pl.col("first_rows").cast(pl.List(pl.String)).list.join(", ").alias("first_rows"),
    )


def _logged_vs_repriced(priced: pl.DataFrame) -> pl.DataFrame:
    """Where the log carries its own cost: the usual reason a dashboard does not match the bill."""
    both = priced.filter((pl.col("state") == "priced") & pl.col("_has_cost") & pl.col("_in"))
    if not both.height:
        return pl.DataFrame()
    return (both.group_by("entry").agg(pl.col("inferences").sum().alias("rows"),
                                       pl.col("logged_cost").sum(), pl.col("token_cost").sum().alias("repriced_cost"))
            .with_columns((pl.col("repriced_cost") - pl.col("logged_cost")).alias("difference"))
            .with_columns(pl.when(pl.col("logged_cost") != 0)
                          .then(pl.col("difference") / pl.col("logged_cost")).alias("difference_pct"))
            .rename({"entry": "model"}).sort("model"))
