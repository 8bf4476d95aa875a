"""whatif: the same traffic re-priced under changes, before and after side by side."""

from __future__ import annotations

import polars as pl

from llmcost.job import Job
from llmcost.metrics import whatif as w
from llmcost.metrics.margin import FlagRule, margins
from llmcost.metrics.rollup import rollup
from llmcost.price import price
from llmcost.render import Document, Section
from llmcost.views.margin import margin_table

ASSUMPTION = ("Assumes the same token counts and the same quality on the new model or setting; "
              "'llmcost downgrade' measures the quality side.")


def whatif_document(job: Job, routes: list[str], cache_hit: float | None, trim: float | None,
                    prices: list[str], batches: list[str], rule: FlagRule, by_customer: bool) -> Document:
    keys = {"customer_id": pl.col("customer_id")}
    if job.log.has("feature"):
        keys["feature"] = pl.col("feature")
    before = job.priced(keys)
    book = w.with_prices(job.book, [w.parse_price(p, job.book) for p in prices])
    cells = job.cells.join(before.select("_model", "entry").unique("_model"), on="_model", how="left")
    for text in routes:
        cells = w.apply_route(cells, w.parse_route(text), book)
    for text in batches:
        column, _, value = text.partition("=")
        if column not in ("feature", "model") or not value:
            from llmcost.errors import LlmcostError

            raise LlmcostError(f"--batch {text!r}: write feature=NAME or model=NAME")
        cells = w.apply_batch(cells, column, value, book)
    if cache_hit is not None:
        cells = w.apply_cache(cells, cache_hit)
    if trim is not None:
        cells = w.apply_trim(cells, trim)
    after = price(cells.drop("entry"), book)
    rows, changes = _compare(job, before, after, rule)
    notes = [ASSUMPTION, *_changes_text(routes, cache_hit, trim, prices, batches)]
    sections = [Section("whatif", rows, "What if", row_unit="unit", hide=("unit",), change=("change",), notes=notes)]
    if changes.height:
        sections.append(Section("flag_changes", changes, "Customers whose flag changes", percent=(
            "gross_margin_before", "gross_margin_after")))
    if by_customer:
        sections.append(Section("customers", _per_customer(job, before, after, rule), "Margin per customer",
                                money=("revenue", "cost_before", "cost_after"),
                                percent=("margin_before", "margin_after")))
    return Document(sections, job.book.currency, single=len(sections) == 1)


def _totals(priced: pl.DataFrame) -> dict:
    row = rollup(priced, []).row(0, named=True)
    return {"cost": row["cost"] or 0.0, "inferences": row["inferences"] or 0}


def _compare(job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule) -> tuple[pl.DataFrame, pl.DataFrame]:
    old, new = _totals(before), _totals(after)
    margins_before, _ = margin_table(job, before, rule, per_month=False)
    revenue, _ = job.revenue(before)
    label = margins_before["period"][0] if margins_before.height else ""
    margins_after = margins(after, revenue, rule, pl.lit(label))
    earned = margins_before["revenue"].sum()
    calls = old["inferences"]

    def margin(cost: float) -> float | None:
        return (earned - cost) / earned if earned else None

    metrics = [("CPI", "money", old["cost"] / calls if calls else None, new["cost"] / calls if calls else None),
               ("total cost", "money", old["cost"], new["cost"]),
               ("gross margin", "percent", margin(old["cost"]), margin(new["cost"])),
               ("flagged customers", "count", float(margins_before["flagged"].sum()),
                float(margins_after["flagged"].sum()))]
    rows = pl.DataFrame([{"metric": m, "unit": u, "current": a, "target": b,
                          "change": (b - a) / a if a and b is not None else None} for m, u, a, b in metrics])
    rows = rows.rename({"current": "before", "target": "after"})
    flips = margins_before.select("customer_id", pl.col("flagged").alias("before"),
                                  pl.col("gross_margin").alias("gross_margin_before")).join(
        margins_after.select("customer_id", pl.col("flagged").alias("after"),
                             pl.col("gross_margin").alias("gross_margin_after")), on="customer_id", how="full",
        coalesce=True, nulls_equal=True)
    flips = flips.filter(pl.col("before").fill_null(False) != pl.col("after").fill_null(False)).with_columns(
        pl.when(pl.col("after")).then(pl.lit("starts being flagged")).otherwise(pl.lit("stops being flagged"))
        .alias("change"))
    return rows, flips.select("customer_id", "change", "gross_margin_before", "gross_margin_after")


def _per_customer(job: Job, before: pl.DataFrame, after: pl.DataFrame, rule: FlagRule) -> pl.DataFrame:
    old, _ = margin_table(job, before, rule, per_month=False)
    revenue, _ = job.revenue(before)
    new = margins(after, revenue, rule, pl.lit(old["period"][0] if old.height else ""))
    return old.select("customer_id", "revenue", pl.col("cost").alias("cost_before"),
                      pl.col("gross_margin").alias("margin_before")).join(
        new.select("customer_id", pl.col("cost").alias("cost_after"), pl.col("gross_margin").alias("margin_after")),
        on="customer_id", how="left", nulls_equal=True).sort("margin_after", nulls_last=True)


def _changes_text(routes, cache_hit, trim, prices, batches) -> list[str]:
    out = [f"route {r}" for r in routes] + [f"price {p}" for p in prices] + [f"batch {b}" for b in batches]
    if cache_hit is not None:
        out.append(f"{cache_hit:.0%} of input tokens read from cache")
    if trim is not None:
        out.append(f"prompts {trim:.0%} shorter")
    return ["changes: " + "; ".join(out)] if out else ["no change given: before and after are the same"]
