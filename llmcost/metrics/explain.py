"""Why did CPI move? Each period's change split into price, model mix, tokens per call and
fixed-cost dilution, adding up exactly (a Shapley split of the token CPI).

Token CPI of a period = Σ_models share_m × Σ_types tokens_per_call_m,j × price_m,j, where
share is the model's part of the inferences, tokens_per_call its tokens of each type
(uncached input, cached input, 5-minute and 1-hour cache writes, output) per call, and
price its average price per token of that type in the period (so list-price changes,
tiers and batch discounts all show as price). The change between two periods is split
among the three factors by their Shapley values — the average of each factor's marginal
effect over every order of switching them from old to new — which sum to the change with
no residual. Fixed and amortized cost per inference changes are the fixed effect.
"""

from __future__ import annotations

import math
from itertools import permutations

import polars as pl

from llmcost import scalars
from llmcost.price import COUNTED
from llmcost.rules import token_terms

TYPES = token_terms()  # token type: (tokens, rate), the terms price.py sums
FACTORS = ("price", "mix", "tokens")
COLUMNS = ("period", "cpi", "cpi_change_abs", "price_effect", "mix_effect", "tokens_effect", "fixed_effect")


def components(priced: pl.DataFrame, unit: int) -> pl.DataFrame:
    """Per period and model and token type: tokens and cost (logged-cost rows: one 'call' unit)."""
    counted = priced.filter(pl.col("state").is_in(COUNTED) & pl.col("_in"))
    parts = []
    for name, (tokens, rate) in TYPES.items():
        parts.append(
            counted.filter(pl.col("state") == "priced").select(
                "period",
                "entry",
                "inferences",
                pl.lit(name).alias("type"),
                tokens.cast(pl.Float64).alias("tokens"),
                (tokens * rate / unit).alias("cost"),
            )
        )
    parts.append(
        counted.filter(pl.col("state") == "logged").select(
            "period",
            "entry",
            "inferences",
            pl.lit("logged").alias("type"),
            pl.col("inferences").cast(pl.Float64).alias("tokens"),
            pl.col("token_cost").alias("cost"),
        )
    )
    return summed(pl.concat(parts), ["period", "entry", "type"], "tokens", "cost")


def summed(frame: pl.DataFrame, keys: list[str], *columns: str) -> pl.DataFrame:
    """`columns` summed per `keys`, the same to the last bit on every run.

    Polars returns a group_by's groups in any order, and a float sum taken in another order
    differs in its last digits: trend --explain printed another CPI from one run to the next,
    and the report's rising-CPI action another "+$0.000133 a call". So each group's values
    are added in sorted order, and the groups come out sorted by key."""
    return frame.group_by(keys).agg(pl.col(c).sort().sum() for c in columns).sort(keys, nulls_last=True)


def explain(priced: pl.DataFrame, unit: int) -> pl.DataFrame:
    """One row per period with the change against the previous period split into effects."""
    parts = components(priced, unit)
    counted = priced.filter(pl.col("state").is_in(COUNTED) & pl.col("_in"))
    other = (pl.col("fixed_cost") + pl.col("amortized_cost")).alias("other")
    calls = summed(counted.select("period", "entry", "inferences", other), ["period", "entry"], "inferences", "other")
    periods = sorted(calls["period"].unique().to_list())
    state = {
        p: _period_state(parts.filter(pl.col("period") == p), calls.filter(pl.col("period") == p)) for p in periods
    }
    rows, previous = [], None
    for period in periods:
        now = state[period]
        cpi = _token_cpi(now["share"], now["q"], now["p"]) + now["fixed"]
        row = {
            "period": period,
            "cpi": cpi,
            "cpi_change_abs": None,
            "price_effect": None,
            "mix_effect": None,
            "tokens_effect": None,
            "fixed_effect": None,
        }
        if previous is not None:
            then = state[previous]
            effects = shapley(then, now)
            row.update({f"{k}_effect": v for k, v in effects.items()})
            row["fixed_effect"] = now["fixed"] - then["fixed"]
            row["cpi_change_abs"] = cpi - (_token_cpi(then["share"], then["q"], then["p"]) + then["fixed"])
        rows.append(row)
        previous = period
    return pl.DataFrame(rows, schema={"period": pl.Date, **{c: pl.Float64 for c in COLUMNS[1:]}})


def _period_state(parts: pl.DataFrame, calls: pl.DataFrame) -> dict:
    n = scalars.total(calls["inferences"])
    share = {m: c / n for m, c in calls.select("entry", "inferences").iter_rows()}
    per_model_calls = dict(calls.select("entry", "inferences").iter_rows())
    q, p = {}, {}
    for model, kind, tokens, cost in parts.select("entry", "type", "tokens", "cost").iter_rows():
        q[(model, kind)] = tokens / per_model_calls[model]
        if tokens:  # no tokens, no price seen: shapley() takes the other period's (a price of 0
            p[(model, kind)] = cost / tokens  # made cache reads that stopped look like a price cut)
    return {"share": share, "q": q, "p": p, "fixed": math.fsum(calls["other"]) / n if n else 0.0}


def _token_cpi(share: dict, q: dict, p: dict) -> float:
    """Σ share × tokens per call × price, correctly rounded (fsum): the same whatever order the
    dicts were filled in, so two runs print the same effects."""
    return math.fsum(share.get(m, 0.0) * q[(m, k)] * p.get((m, k), 0.0) for (m, k) in q)


def shapley(then: dict, now: dict) -> dict[str, float]:
    """Shapley values of price, mix and tokens for the token CPI from `then` to `now`.
    A model or token type present in one period only keeps its other period's tokens and
    prices, so its appearance or disappearance counts as mix."""

    def merged(name: str, primary: dict, fallback: dict) -> dict:
        return {**fallback[name], **primary[name]}

    factors = {
        "price": (merged("p", then, now), merged("p", now, then)),
        "mix": (then["share"], now["share"]),
        "tokens": (merged("q", then, now), merged("q", now, then)),
    }

    def value(switched: frozenset[str]) -> float:
        pick = {f: factors[f][1 if f in switched else 0] for f in FACTORS}
        return _token_cpi(pick["mix"], pick["tokens"], pick["price"])

    effects = dict.fromkeys(FACTORS, 0.0)
    orders = list(permutations(FACTORS))
    for order in orders:
        done: frozenset[str] = frozenset()
        for factor in order:
            effects[factor] += (value(done | {factor}) - value(done)) / len(orders)
            done = done | {factor}
    return effects
