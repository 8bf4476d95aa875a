"""Price a cube: token cost per cell, then fixed and amortized shares (docs/reference.md §2.1).

A cell whose model has no price in effect is *unpriced*, unless its rows
carry a logged cost, which is then used and marked `logged`. Never $0.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from llmcost.pricing import RATE_KEYS, Entry, PriceBook
from llmcost.rules import first_match, token_cost_expr

COUNTED = ("priced", "logged")  # states that are priced inferences


def price(cells: pl.DataFrame, book: PriceBook) -> pl.DataFrame:
    """Add entry, state, token_cost, fixed_cost, amortized_cost and cost to every cell."""
    rates = _rate_table(cells, book)
    out = cells.join(rates, on=["_model", "_seg", "_bucket", "_tier"], how="left", nulls_equal=True)
    has_price = pl.col("rate_input").is_not_null()
    state = first_match(
        [
            (pl.col("_state") != "ok", pl.col("_state")),
            (has_price, pl.lit("priced")),
            (pl.col("_has_cost"), pl.lit("logged")),
        ],
        pl.lit("unpriced"),
    )
    out = out.with_columns(state.alias("state"))
    token_cost = token_cost_expr(book.unit_tokens)  # batch and other service tiers are already in the rates
    out = out.with_columns(
        pl.when(pl.col("state") == "priced")
        .then(token_cost)
        .when(pl.col("state") == "logged")
        .then(pl.col("logged_cost"))
        .alias("token_cost"),
    )
    out = out.with_columns(_split_cost(book.unit_tokens))
    saving = pl.col("cached_input_tokens") * (pl.col("rate_input") - pl.col("rate_cached_input")) / book.unit_tokens
    out = out.with_columns(pl.when(pl.col("state") == "priced").then(saving).otherwise(0.0).alias("cache_saving"))
    out = _add_amortized(out, book)
    out = _add_fixed(out, book)
    counted = pl.col("state").is_in(COUNTED)
    return out.with_columns(
        pl.when(counted).then(pl.col("token_cost") + pl.col("fixed_cost") + pl.col("amortized_cost")).alias("cost"),
        pl.col("entry").fill_null(pl.col("model_name")).alias("entry"),
    )


def _rate_table(cells: pl.DataFrame, book: PriceBook) -> pl.DataFrame:
    """One row per (model, segment, bucket, service tier) seen in the cells: dozens of rows, not millions."""
    keys = cells.filter(pl.col("_state") == "ok").select("_model", "_seg", "_bucket", "_tier").unique()
    dates, thresholds = book.date_breaks(), book.tier_breaks()
    rows = []
    for model, seg, bucket, tier in keys.iter_rows():
        entry = book.resolve(model)
        day = dates[seg - 1] if seg else None
        threshold = thresholds[bucket - 1] if bucket else None
        rows.append(_rates_row(model, seg, bucket, tier, entry, day, threshold))
    schema = {
        "_model": pl.String,
        "_seg": pl.UInt32,
        "_bucket": pl.UInt32,
        "_tier": pl.String,
        "entry": pl.String,
        "model_name": pl.String,
        "price_source": pl.String,
        **{f"rate_{k}": pl.Float64 for k in RATE_KEYS},
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _rates_row(
    model: str, seg: int, bucket: int, tier: str, entry: Entry | None, day: dt.date | None, threshold: int | None
) -> tuple:
    found = entry.rates(day, threshold, tier) if entry else None
    if entry is None or found is None:
        return (model, seg, bucket, tier, None, model, None, *([None] * len(RATE_KEYS)))
    rates, _ = found
    return (model, seg, bucket, tier, entry.name, model, entry.source, *(getattr(rates, k) for k in RATE_KEYS))


def _split_cost(unit: int) -> list[pl.Expr]:
    """Token cost split into its input side and output side (for the cost of excess tokens)."""
    priced = pl.col("state") == "priced"
    return [
        pl.when(priced).then(token_cost_expr(unit, side)).otherwise(0.0).alias(f"{side}_cost")
        for side in ("input", "output")
    ]


def eligible(names: tuple[str, ...] | None) -> pl.Expr:
    if names is None:
        return pl.lit(True)
    lowered = [n.lower() for n in names]
    return pl.col("entry").str.to_lowercase().is_in(lowered) | pl.col("_model").is_in(lowered)


def _add_amortized(out: pl.DataFrame, book: PriceBook) -> pl.DataFrame:
    share = pl.lit(0.0)
    for item in book.amortized:
        share = share + pl.when(eligible(item.models)).then(item.per_inference).otherwise(0.0)
    counted = pl.col("state").is_in(COUNTED)
    return out.with_columns(pl.when(counted).then(pl.col("inferences") * share).alias("amortized_cost"))


def _add_fixed(out: pl.DataFrame, book: PriceBook) -> pl.DataFrame:
    """Each fixed cost is spread over the eligible priced inferences of its month, window or not."""
    counted = pl.col("state").is_in(COUNTED)
    fixed = pl.lit(0.0)
    for i, item in enumerate(book.fixed_costs):
        flag = f"_fixed{i}"
        n = pl.col("inferences").filter(counted & pl.col(flag)).sum().over("_month")
        out = out.with_columns(eligible(item.models).fill_null(False).alias(flag))
        out = out.with_columns((pl.when(n > 0).then(item.monthly / n).otherwise(0.0)).alias(f"{flag}_share"))
        fixed = fixed + pl.when(pl.col(flag)).then(pl.col("inferences") * pl.col(f"{flag}_share")).otherwise(0.0)
    out = out.with_columns(pl.when(counted).then(fixed).alias("fixed_cost"))
    return out.drop([c for c in out.columns if c.startswith("_fixed")])


def unallocated_fixed(cells: pl.DataFrame, book: PriceBook) -> list[str]:
    """Fixed costs of a month with no eligible inference to carry them (told, not hidden)."""
    notes = []
    months = cells.filter(pl.col("state").is_in(COUNTED))["_month"].unique().sort()
    for item in book.fixed_costs:
        carrying = cells.filter(pl.col("state").is_in(COUNTED) & eligible(item.models).fill_null(False))
        have = set(carrying["_month"].unique().to_list())
        for month in months.to_list():
            if month not in have:
                notes.append(
                    f"fixed cost '{item.name}' for {month:%Y-%m}: no inferences of its models "
                    "in the logs, so it is not included"
                )
    return notes
