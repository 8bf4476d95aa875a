"""whatif: the same traffic re-priced under changes, before and after side by side."""

from __future__ import annotations

import polars as pl

from llmcost import scalars
from llmcost.job import Job
from llmcost.metrics import whatif as w
from llmcost.metrics.margin import FlagRule, margins
from llmcost.metrics.rollup import rollup
from llmcost.price import price
from llmcost.pricing import PriceBook
from llmcost.render import Document, Section
from llmcost.views import Outcome
from llmcost.views.margin import margin_table

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
) -> Outcome:
    """The same traffic priced as logged and again with the changes asked for, side by side."""
    _need_features(job, routes, batches, by)
    keys = {"customer_id": pl.col("customer_id")}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    run = job.priced(keys)
    before = run.frame
    book = w.with_prices(job.book, [w.parse_price(p, job.book) for p in prices])
    cells = run.cells.join(before.select("_model", "entry").unique("_model"), on="_model", how="left")
    after = price(_changed(cells, book, routes, batches, cache_hit, trim).drop("entry"), book)
    rows, changes, warnings = _compare(job, before, after, rule)
    notes = [ASSUMPTION, *_changes_text(routes, cache_hit, trim, prices, batches)]
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
    sections += _breakdown(job, before, after, rule, by)
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
        from llmcost.errors import LlmcostError

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
    calls = old["inferences"]

    def margin(cost: float) -> float | None:
        return (earned - cost) / earned if earned else None

    metrics = [
        ("CPI", "money", old["cost"] / calls if calls else None, new["cost"] / calls if calls else None),
        ("total cost", "money", old["cost"], new["cost"]),
        ("gross margin", "percent", margin(old["cost"]), margin(new["cost"])),
        ("flagged customers", "count", float(margins_before["flagged"].sum()), float(margins_after["flagged"].sum())),
    ]
    rows = pl.DataFrame(
        [
            {"metric": m, "unit": u, "current": a, "target": b, "change": (b - a) / a if a and b is not None else None}
            for m, u, a, b in metrics
        ]
    )
    rows = rows.rename({"current": "before", "target": "after"})
    flips = margins_before.select(
        "customer_id", pl.col("flagged").alias("before"), pl.col("gross_margin").alias("gross_margin_before")
    ).join(
        margins_after.select(
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
    return rows, flips.select("customer_id", "change", "gross_margin_before", "gross_margin_after"), warnings


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
    readable = (row.get("input_tokens") or 0) - (row.get("cache_write_tokens") or 0)
    if readable <= 0:
        return []
    now = (row.get("cached_input_tokens") or 0) / readable
    if now < target:
        return []
    return [
        f"the logs already read {now:.1%} of their input from cache, at or above --cache-hit {target:.0%}: "
        "calls already above it keep their own share"
    ]


def _changes_text(routes, cache_hit, trim, prices, batches) -> list[str]:
    out = [f"route {r}" for r in routes] + [f"price {p}" for p in prices] + [f"batch {b}" for b in batches]
    if cache_hit is not None:
        out.append(f"{cache_hit:.0%} of input tokens read from cache")
    if trim is not None:
        out.append(f"prompts {trim:.0%} shorter")
    return ["changes: " + "; ".join(out)] if out else ["no change given: before and after are the same"]
