"""Pricing plans: what a customer pays as a function of its usage (llmcost.yaml `plans:`, or
`whatif --plans FILE`), and which plan each customer is on (the customers file's `plan`, from
its `plan_from` date).

A plan is read the way pricing.yaml is: unknown keys (with "did you mean"), negative or
non-numeric amounts and an allowance without its overage price are an `error:` naming the
file and line. Every shape is one formula, each term zero unless the plan gives it:

    revenue = monthly × f + per_inference × calls
              + per_inference_over × max(0, calls − included_inferences × f)
              + per_1m_tokens_over × max(0, tokens − included_tokens × f) ÷ 1,000,000

where f is the share of the month the customer was on the plan inside the window (a partial
month pays, and includes, that share). Revenue from the revenue file still wins where it has a
row: plans compute revenue for what-ifs and for customers with no revenue row.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from typing import Any

import polars as pl

from llmcost.customers import one_per_customer
from llmcost.errors import LlmcostError, did_you_mean
from llmcost.rules import MAX_AMOUNT
from llmcost.tablefile import read_table, refuse_nested, refuse_unused
from llmcost.yamlfile import Node, load_yaml

NO_PLAN = "no plan"  # the group of customers the customers file gives no plan
# An allowance means nothing without the price of what goes over it.
NEEDS = {"included_inferences": "per_inference_over", "included_tokens": "per_1m_tokens_over"}
HISTORY_COLUMNS = ("customer_id", "plan", "plan_from", "signup_date", "churn_date")


@dataclass(frozen=True)
class Plan:
    """One plan's prices (per month, per call, per call or per 1M tokens above an allowance)."""

    name: str
    monthly: float = 0.0
    per_inference: float = 0.0
    included_inferences: float = 0.0
    per_inference_over: float = 0.0
    included_tokens: float = 0.0
    per_1m_tokens_over: float = 0.0

    @property
    def shape(self) -> str:
        """flat, included inferences, included tokens or usage: how the article's pricing advice reads it."""
        if self.per_1m_tokens_over:
            return "included tokens"
        if self.per_inference_over:
            return "included inferences"
        return "usage" if self.per_inference else "flat"


PRICES = tuple(f.name for f in fields(Plan) if f.name != "name")


def parse_plans(path: str, node: Any, where: str = "plans") -> dict[str, Plan]:
    """`{name: {monthly: 19, …}}` as Plans; names are ids (the key as written, trimmed)."""
    if not isinstance(node, Node):
        raise LlmcostError(
            f"{path}: {where} must be a mapping of plan names to prices, such as {{starter: {{monthly: 19}}}}"
        )
    return {node.text_of(key).strip(): _plan(path, node, key, where) for key in node}


def _plan(path: str, parent: Node, key: Any, where: str) -> Plan:
    """One plan, checked key by key in file order so the first mistake is the one named."""
    name = parent.text_of(key).strip()
    here = f"{where}.{name}"
    node = parent[key]
    if not isinstance(node, Node) or not node:
        raise _fail(path, parent, key, f"{here} must be a mapping of prices, such as {{monthly: 19}}")
    for price in node:
        if price not in PRICES:
            raise _fail(path, node, price, f"unknown key '{price}' in {here}{did_you_mean(price, PRICES)}")
    values = {str(k): _amount(path, node, str(k), here) for k in node}
    for allowance, over in NEEDS.items():
        if allowance in values and over not in values:
            raise _fail(path, node, allowance, f"{here}.{allowance} needs {over} (the price above the allowance)")
    return Plan(name, **values)


def _amount(path: str, node: Node, key: str, where: str) -> float:
    """A finite amount ≥ 0 (NaN would compare false with every usage, and never charge)."""
    value = node[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(path, node, key, f"{where}.{key} must be a finite number, not {_shown(value)}")
    if value < 0:
        raise _fail(path, node, key, f"{where}.{key} must be ≥ 0, not {value}")
    if value > MAX_AMOUNT:  # two customers on a plan of 1e308 made revenue inf
        raise _fail(path, node, key, f"{where}.{key} must be at most 10^15, not {value:g}")
    return float(value)


def _shown(value: object) -> str:
    return "empty" if value is None else repr(value) if len(repr(value)) <= 40 else type(value).__name__


def _fail(path: str, node: Node, key: Any, message: str) -> LlmcostError:
    return LlmcostError(f"{path}, line {node.line_of(key)}: {message}")


def load_plans(path: str) -> dict[str, Plan]:
    """A plans file: the `plans:` mapping of an llmcost.yaml-like file, or the mapping alone."""
    data = load_yaml(path)
    if isinstance(data, Node) and set(data) == {"plans"}:
        return parse_plans(path, data["plans"])
    return parse_plans(path, data)


def plan_table(plans: dict[str, Plan]) -> pl.DataFrame:
    """One row per plan with its prices, to join on `plan`."""
    schema = {"plan": pl.String, **dict.fromkeys(PRICES, pl.Float64)}
    rows = [{"plan": name, **{p: getattr(plan, p) for p in PRICES}} for name, plan in plans.items()]
    return pl.DataFrame(rows, schema=schema)


def revenue_expr(calls: str = "inferences", tokens: str = "tokens", fraction: str = "fraction") -> pl.Expr:
    """The module docstring's formula, on columns of `plan_table` joined to usage."""
    f = pl.col(fraction)
    over_calls = (pl.col(calls) - pl.col("included_inferences") * f).clip(lower_bound=0)
    over_tokens = (pl.col(tokens) - pl.col("included_tokens") * f).clip(lower_bound=0)
    return (
        pl.col("monthly") * f
        + pl.col("per_inference") * pl.col(calls)
        + pl.col("per_inference_over") * over_calls
        + pl.col("per_1m_tokens_over") * over_tokens / 1_000_000
    )


def revenue_of(plan: Plan, calls: float, tokens: float, fraction: float = 1.0) -> float:
    """The same formula for one customer-month (break-even search, findings, tests)."""
    return (
        plan.monthly * fraction
        + plan.per_inference * calls
        + plan.per_inference_over * max(0.0, calls - plan.included_inferences * fraction)
        + plan.per_1m_tokens_over * max(0.0, tokens - plan.included_tokens * fraction) / 1_000_000
    )


def load_history(path: str) -> pl.DataFrame:
    """customer_id, plan (null: none), plan_from (null: from the start), signup_date, churn_date.

    A customer who changed plan has one row per plan, each from its `plan_from` date; the
    same customer twice from the same date is an error naming the row. Its signup and churn
    dates, given on any of its rows, hold for every plan (the same dates as adjusted CAC's)."""
    frame = read_table(path, "give a CSV or Parquet file with columns customer_id, plan, plan_from")
    refuse_nested(path, frame.schema, frame.columns)
    frame = frame.with_row_index("_row", offset=1)
    if "customer_id" not in frame.columns:
        raise LlmcostError(f"{path}: no 'customer_id' column (columns: {', '.join(frame.columns[1:])})")
    known = (*HISTORY_COLUMNS, "channel")
    refuse_unused(path, frame.columns[1:], known, ", ".join(known))
    frame = frame.with_columns(
        *(pl.lit(None, pl.String).alias(c) for c in HISTORY_COLUMNS if c not in frame.columns),
    ).with_columns(
        pl.col("customer_id").cast(pl.String).str.strip_chars(),
        _text("plan"),
    )
    dates = {c: _date(frame, path, c) for c in ("plan_from", "signup_date", "churn_date")}
    frame = frame.with_columns(**dates)
    _refuse(frame, path, pl.col("customer_id").fill_null("") == "", "customer_id", "customer_id is empty")
    again = ~pl.struct("customer_id", "plan_from").is_first_distinct()
    _refuse(frame, path, again, "plan_from", "customer {customer_id} has two plans from the same date")
    frame = one_per_customer(one_per_customer(frame, path, "signup_date"), path, "churn_date")
    return frame.select(HISTORY_COLUMNS).sort("customer_id", "plan_from", nulls_last=False)


def _text(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text != "").then(text).alias(column)


def _date(frame: pl.DataFrame, path: str, column: str) -> pl.Expr:
    """A YYYY-MM-DD column as dates (empty: null); a Parquet date as it is."""
    if isinstance(frame.schema[column], pl.Date | pl.Datetime):
        return pl.col(column).cast(pl.Date)
    text = pl.col(column).cast(pl.String).str.strip_chars()
    parsed = text.str.to_date("%Y-%m-%d", strict=False)
    _refuse(frame, path, (text != "") & parsed.is_null(), column, "{" + column + "!r} is not a date (YYYY-MM-DD)")
    return parsed


def _refuse(frame: pl.DataFrame, path: str, mask: pl.Expr, column: str, message: str) -> None:
    bad = frame.filter(mask.fill_null(False))
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(f"{path}, row {row['_row']}, column {column}: {message.format(**row)}")


def segments(
    history: pl.DataFrame, fractions: pl.DataFrame, since: dt.date | None, until: dt.date | None
) -> pl.DataFrame:
    """customer_id, plan, month, fraction: the share of each report month a customer spent on
    each plan inside the window, between signup and churn (what prorates its fee and allowance)."""
    plans = history.with_columns(
        pl.col("plan_from").shift(-1).over("customer_id").alias("_next"),
    )
    start = pl.max_horizontal("month", pl.col("plan_from"), pl.col("signup_date"), *([pl.lit(since)] if since else []))
    stop = pl.min_horizontal(
        pl.col("month").dt.offset_by("1mo"), "_next", "churn_date", *([pl.lit(until)] if until else [])
    )
    days = (stop - start).dt.total_days().clip(lower_bound=0)
    month_days = (pl.col("month").dt.offset_by("1mo") - pl.col("month")).dt.total_days()
    return (
        plans.join(fractions.select("month"), how="cross")
        .with_columns((days / month_days).alias("fraction"))
        .filter(pl.col("fraction") > 0)
        .select("customer_id", "plan", "month", "fraction")
    )


def plan_on(frame: pl.DataFrame, history: pl.DataFrame, day: str) -> pl.DataFrame:
    """`frame` with the plan each customer was on at `day` (a Date column): its latest row
    from on or before that day (a row with no plan_from counts from the start). Both sides are
    sorted by date as a whole, hence within each customer, which is what the as-of join needs."""
    starts = history.select("customer_id", "plan", pl.col("plan_from").fill_null(dt.date(1, 1, 1)).alias("_from")).sort(
        "_from"
    )
    return (
        frame.sort(day)
        .join_asof(starts, left_on=day, right_on="_from", by="customer_id", strategy="backward", check_sortedness=False)
        .drop("_from")
    )
