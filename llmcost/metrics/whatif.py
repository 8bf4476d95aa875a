"""What if? The same logged traffic re-priced under changes: routing to another model, more
prompt caching, shorter prompts, new prices, batch. Same token counts, same quality assumed.

Changes work on the cube's cells (token sums per model, feature, customer…), never on the
rows: a route moves a share of each matching cell's calls and tokens to the target model.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

import polars as pl

from llmcost.cube import TOKENS
from llmcost.errors import LlmcostError, did_you_mean
from llmcost.pricing import RATE_KEYS, Entry, PriceBook, Rates

SCALED = (*TOKENS, "inferences", "logged_cost")


@dataclass(frozen=True)
class Route:
    column: str  # feature or model
    value: str
    target: str
    share: float


def parse_route(text: str) -> Route:
    """'feature=faq:gpt-4o-mini@80%' or 'model=gpt-4o:gpt-4o-mini' (share optional)."""
    match = re.fullmatch(r"(feature|model)=([^:]+):([^@]+)(?:@(\d+(?:\.\d+)?)%?)?", text.strip())
    if not match:
        raise LlmcostError(f"--route {text!r}: write feature=NAME:MODEL or model=NAME:MODEL, optionally @80%")
    share = float(match.group(4)) / 100 if match.group(4) else 1.0
    if not 0 < share <= 1:
        raise LlmcostError(f"--route {text!r}: the share must be between 0 and 100 %")
    return Route(match.group(1), match.group(2), match.group(3), share)


def parse_price(text: str, book: PriceBook) -> tuple[str, str, float]:
    """'gpt-4o.input=2.00' → (entry name, rate, value)."""
    match = re.fullmatch(r"(.+)\.(\w+)=(\d+(?:\.\d*)?|\.\d+)", text.strip())
    if not match or match.group(2) not in RATE_KEYS:
        raise LlmcostError(f"--price {text!r}: write MODEL.RATE=VALUE with RATE one of {', '.join(RATE_KEYS)}")
    entry = book.resolve(match.group(1))
    if entry is None:
        raise LlmcostError(f"--price {text!r}: '{match.group(1)}' has no price in {book.path}")
    value = float(match.group(3))
    if not math.isfinite(value):  # 400 digits are a float of inf: every cost after it too
        raise LlmcostError(f"--price {text!r}: {match.group(3)[:20]}… is too large a price")
    return entry.name, match.group(2), value


def _matches(column: str, value: str, book: PriceBook) -> pl.Expr:
    if column == "feature":
        return pl.col("feature") == value
    entry = book.resolve(value)
    name = (entry.name if entry else value).lower()
    return (pl.col("entry").str.to_lowercase() == name) | (pl.col("_model") == value.lower())


def apply_route(cells: pl.DataFrame, route: Route, book: PriceBook) -> pl.DataFrame:
    if book.resolve(route.target) is None:
        raise LlmcostError(f"--route: '{route.target}' has no price in {book.path}")
    hit = (pl.col("_state") == "ok") & _matches(route.column, route.value, book).fill_null(False)
    if cells.filter(hit).is_empty():  # a typo moved nothing, and the table said "no change"
        logged = cells.filter(pl.col("_state") == "ok")["entry" if route.column == "model" else "feature"]
        hint = did_you_mean(route.value, logged.drop_nulls().unique().sort())
        raise LlmcostError(f"--route {route.column}={route.value}: no call in the logs has that {route.column}{hint}")
    moved = cells.filter(hit).with_columns(
        *(pl.col(c) * route.share for c in SCALED),
        pl.lit(route.target.lower()).alias("_model"),
        pl.lit(False).alias("_has_cost"),
    )
    kept = cells.filter(hit).with_columns(*(pl.col(c) * (1 - route.share) for c in SCALED))
    return pl.concat([cells.filter(~hit), kept, moved], how="diagonal_relaxed")


def apply_cache(cells: pl.DataFrame, share: float) -> pl.DataFrame:
    """That share of the input tokens read from cache where less is, so that the cache hit rate
    (reference §2.6.2: cached ÷ input) becomes `share`; tokens written to the cache are not also
    read from it, so a cell writing much reaches less. (It was a share of the input not written:
    --cache-hit 0.5 made a hit rate of 37.5 % where a quarter of the input was written.)"""
    readable = pl.col("input_tokens") - pl.col("cache_write_tokens")
    asked = pl.min_horizontal(pl.col("input_tokens") * share, readable)
    return cells.with_columns(pl.max_horizontal(pl.col("cached_input_tokens"), asked).alias("cached_input_tokens"))


def apply_trim(cells: pl.DataFrame, share: float) -> pl.DataFrame:
    """Prompts `share` shorter: every kind of input token scaled alike."""
    inputs = ("input_tokens", "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens")
    return cells.with_columns(pl.col(c) * (1 - share) for c in inputs)


def apply_batch(cells: pl.DataFrame, column: str, value: str, book: PriceBook) -> pl.DataFrame:
    hit = (pl.col("_state") == "ok") & _matches(column, value, book).fill_null(False)
    return cells.with_columns(pl.when(hit).then(pl.lit("batch")).otherwise(pl.col("_tier")).alias("_tier"))


def with_prices(book: PriceBook, changes: list[tuple[str, str, float]]) -> PriceBook:
    """A copy of the book with some rates replaced in every dated version."""
    if not changes:
        return book
    entries = []
    for entry in book.entries:
        mine = {rate: value for name, rate, value in changes if name == entry.name}
        if mine:
            versions = tuple(dataclasses.replace(v, rates=Rates(**{**vars(v.rates), **mine})) for v in entry.versions)
            entry = dataclasses.replace(entry, versions=versions)
        entries.append(entry)
    by_name: dict[str, Entry] = {e.name.lower(): e for e in entries}
    return dataclasses.replace(book, entries=tuple(entries), _by_name=by_name, _from_catalog={})


@dataclass(frozen=True)
class PlanChange:
    """whatif's plan changes: proposed plans (a file), customers moved between plans, a cap."""

    plans: str | None = None
    moves: tuple[str, ...] = ()
    cap: int | None = None


def parse_move(text: str, known: dict[str, object], on: set[str]) -> tuple[str, str]:
    """'starter->pro' → ('starter', 'pro'): a plan customers are on, and a plan that has prices."""
    source, arrow, target = (part.strip() for part in text.partition("->"))
    if not arrow or not source or not target:
        raise LlmcostError(f"--move {text!r}: write FROM->TO, e.g. 'starter->pro'")
    if source not in on:
        raise LlmcostError(f"--move {text!r}: no customer is on plan '{source}'{did_you_mean(source, on)}")
    if target not in known:
        raise LlmcostError(
            f"--move {text!r}: plan '{target}' has no prices (in 'plans:' of llmcost.yaml or the --plans file)"
            + did_you_mean(target, [str(k) for k in known])
        )
    return source, target
