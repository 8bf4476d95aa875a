"""Every rule the cube applies, once, as plain data — and its compiler to Polars expressions.

The pipeline types and validates each row, drops repeated request ids, sorts calls into
price segments, long-context tier buckets, service tiers and periods, classifies their
status and prices their tokens. Each of those rules is written below as data (names,
tuples, frozen dataclasses: nothing engine-specific), so that a second compiler (SQL,
next) is held against the same data as the Polars one (tests/test_rules.py). The
second half of the module is the Polars compiler; columns.py, load.py, cube.py and
price.py build their expressions with it and write none of these rules themselves.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

import polars as pl

# ---------------------------------------------------------------------------------------------
# Column typing (docs/reference.md §1.1)


@dataclass(frozen=True)
class Column:
    """A canonical column: its kind (timestamp, int, float, bool, string, status), the source
    names it is recognised under, and whether a log must have it."""

    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: dict[str, Column] = {
    # The call's start before `created_at`, which gateways (LiteLLM) fill with the insert time.
    "timestamp": Column("timestamp", ("start_time", "starttime", "request_time", "ts", "time", "created_at"), True),
    "model": Column("string", ("model_name", "model_used", "engine"), True),
    "input_tokens": Column("int", ("prompt_tokens", "tokens_in", "prompttokens"), True),
    "output_tokens": Column("int", ("completion_tokens", "tokens_out", "completiontokens"), True),
    "cached_input_tokens": Column("int", ("cached_tokens", "cache_read_input_tokens")),
    "cache_write_tokens": Column("int", ("cache_creation_input_tokens",)),
    "cache_write_1h_tokens": Column("int"),
    "customer_id": Column("string", ("customer", "user_id", "user", "end_user", "account_id", "tenant_id", "org_id")),
    "feature": Column("string", ("use_case", "endpoint", "route")),
    "request_id": Column("string", ("id", "requestid")),
    "cost": Column("float", ("spend", "cost_usd", "total_cost", "calculatedtotalcost")),
    "latency_ms": Column("float", ("latency", "duration_ms", "response_time_ms")),
    "status": Column("status"),
    "error": Column("string"),
    "batch": Column("bool"),
    "service_tier": Column("string"),
    "feedback": Column("float"),
    "accepted": Column("bool"),
    "success": Column("bool"),
    "is_retry": Column("bool"),
    "escalated": Column("bool", ("human_override", "overridden", "escalation")),
    "reasoning_tokens": Column("int", ("reasoning_output_tokens",)),
}
TOKEN_COLUMNS = (
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "reasoning_tokens",
)
MAX_TOKENS = 10**12  # per call: no model reads a trillion tokens; bigger is a unit or parsing mistake
MEASURES = ("cost", "latency_ms", "feedback")  # float columns: finite, and (but feedback) ≥ 0
# Floats summed per cell (the logged cost, feedback scores) are added in fixed point: whole
# 10^-15 units in 128-bit integers add exactly, so a sum is the same whatever the order the
# rows arrive in (Polars' streaming group-by adds them in thread order). A call's value beyond
# ±10^12 is rejected: no call costs a trillion dollars, and 128 bits then never overflow.
FIXED_POINT = 10**15
# Summed in fixed point (fixed_expr): the same sum in any order, on every engine; rejected beyond
# ±MAX_MEASURE, so that every path (ranked, histogram, engine) reads the same values.
SUMMED_MEASURES = ("cost", "latency_ms", "feedback")
MAX_MEASURE = 1e12
# One revenue amount (a customer's month, or an invoice): 10^15 in any currency is no bill, and
# amounts below it never add up to infinity (two of 1e308 made revenue `inf` and margin NaN).
MAX_AMOUNT = 1e15
TRUE = ("true", "t", "yes", "y", "1")  # bool cells, trimmed and lower-cased
FALSE = ("false", "f", "no", "n", "0")
EPOCH_MIN = 1e8  # below this a number is not epoch seconds of a log (1973-03-03)
EPOCH_MS = 1e11  # above this an epoch number is milliseconds (1e11 s is the year 5138)
EPOCH_US = 1e14  # … microseconds
EPOCH_NS = 1e17  # … nanoseconds (OTLP's *UnixNano)
# Rows dated after now are rejected: one skewed clock would otherwise make "the latest month"
# a month to come. A day of tolerance covers logs written in local time without a zone.
FUTURE_TOLERANCE = dt.timedelta(days=1)
FUTURE = "in the future (after {cutoff:%Y-%m-%d %H:%M} UTC; a skewed clock?)"  # names its moment
# What a cell that is there but does not read as its column's kind is said to be, by kind.
UNPARSED = {
    "timestamp": "not a date-time (ISO 8601, a compact date, or epoch time from 1973 on)",
    "int": "not a whole number",
    "float": "not a number",
    "bool": "not true/false",
    "status": "unknown",
}
ANTHROPIC_HINT = (
    "cached_input_tokens + cache_write_tokens exceed input_tokens "
    "(Anthropic-style log? set token_convention: anthropic)"
)

# ---------------------------------------------------------------------------------------------
# Validation: the first failing check of a row is its rejection reason


@dataclass(frozen=True)
class Check:
    """One validation rule; CHECKS lists them in first-match order.

    `test` is one of a closed vocabulary (each row's value is the *typed* cell, `given` is
    whether the source cell held anything):
      missing   nothing given              unparsed  given, but not of the column's kind
      null      no value (given or not)    future    after now + `limit` seconds
      below     value < `limit`            above     value > `limit`
      not_finite NaN or ±infinity          exceeds   sum of `parts` > the column (nulls as 0)
    A check applies when the source has its column, or `always`. The rejection reason is
    "<column>: <reason>" — the column named as "<column> (column '<source name>')" when the
    source calls it otherwise — or the bare `reason` when not `named`. A reason may hold
    `{cutoff}`, the moment a `future` check compares with."""

    column: str
    test: str
    reason: str
    limit: float | None = None
    parts: tuple[str, ...] = ()
    always: bool = False
    named: bool = True


TESTS = ("missing", "unparsed", "null", "future", "below", "above", "not_finite", "exceeds")
REQUIRED_ORDER = ("timestamp", "model", "input_tokens", "output_tokens")


def _checks() -> tuple[Check, ...]:
    """CHECKS in their order: required columns first (missing, then unreadable), a model and
    a date that make sense, optional cells of the wrong kind, impossible token counts and
    measures, and token counts that contradict each other."""
    required = [
        c
        for name in REQUIRED_ORDER
        for c in (Check(name, "missing", "missing"), *([_unparsed(name)] if name != "model" else []))
    ]
    sane = [
        Check("model", "null", "missing", always=True),
        Check("timestamp", "future", FUTURE, limit=FUTURE_TOLERANCE.total_seconds(), always=True),
    ]
    typed = [
        _unparsed(name) for name, column in COLUMNS.items() if column.kind != "string" and name not in REQUIRED_ORDER
    ]
    return (*required, *sane, *typed, *_impossible(), *_contradictions())


def _unparsed(name: str) -> Check:
    """A cell given but not of its column's kind (a date, a number…)."""
    return Check(name, "unparsed", UNPARSED[COLUMNS[name].kind])


def _impossible() -> list[Check]:
    """Token counts and measures no call can have."""
    tokens = [
        c
        for name in TOKEN_COLUMNS
        for c in (
            Check(name, "below", "negative", limit=0),
            Check(name, "above", "above 10^12, not a token count", limit=MAX_TOKENS),
        )
    ]
    # NaN and infinity parse as floats, and poison every sum they enter
    measures = [
        c
        for name in MEASURES
        for c in (
            Check(name, "not_finite", "not a finite number"),
            *([Check(name, "below", "negative", limit=0)] if name != "feedback" else []),
        )
    ]
    measures += [
        c
        for name in SUMMED_MEASURES
        for c in (
            *([Check(name, "below", "below -10^12", limit=-MAX_MEASURE)] if name == "feedback" else []),
            Check(name, "above", "above 10^12 in one call", limit=MAX_MEASURE),
        )
    ]
    return tokens + measures


def _contradictions() -> list[Check]:
    """Token counts whose parts exceed their whole: a log that counts them otherwise than we read it."""
    return [
        Check(
            "input_tokens",
            "exceeds",
            ANTHROPIC_HINT,
            parts=("cached_input_tokens", "cache_write_tokens"),
            always=True,
            named=False,
        ),
        Check(
            "cache_write_tokens",
            "exceeds",
            "cache_write_1h_tokens exceed cache_write_tokens",
            parts=("cache_write_1h_tokens",),
            always=True,
            named=False,
        ),
    ]


CHECKS: tuple[Check, ...] = _checks()

# ---------------------------------------------------------------------------------------------
# Status classification


@dataclass(frozen=True)
class Status:
    """How `status` (text or HTTP code) and `error` classify a call as ok, error or timeout,
    first match: no status or an `ok` text → ok; a `timeout` text, or one containing
    `timeout_word` → timeout; a number below `ok_below` → ok; anything else → error. Then
    an `error` cell other than the `no_error` texts makes an ok call an error."""

    ok: tuple[str, ...]
    timeout: tuple[str, ...]
    timeout_word: str
    ok_below: int
    no_error: tuple[str, ...]


STATUS = Status(
    ok=("ok", "success", "succeeded", "completed", "complete", "200", "", "default", "debug", "info", "warning"),
    timeout=("timeout", "timed_out", "timedout", "time_out", "408", "504"),
    timeout_word="timeout",
    ok_below=400,
    no_error=("false", "0", "none"),
)
OK_STATUS, TIMEOUT_STATUS = STATUS.ok, STATUS.timeout

# ---------------------------------------------------------------------------------------------
# Which rows count


@dataclass(frozen=True)
class Dedupe:
    """Rows sharing `key` are one inference: the `keep` ("last" or "first") in `order` wins.
    Rows without a key and skipped rows are never duplicates."""

    key: str
    keep: str
    order: tuple[str, ...]


DEDUPE = Dedupe(key="request_id", keep="last", order=("_file", "_row"))
# A row's state, first match (else "ok"): a flag column that is true, or `_reason` present.
ROW_STATES = (("skipped", "_skip"), ("rejected", "_reason"), ("duplicate", "_dup"))

# ---------------------------------------------------------------------------------------------
# Pricing keys of a call


@dataclass(frozen=True)
class Breaks:
    """A value's bucket: how many breaks (from the price book) lie before it. With `at_break`
    "after", a value equal to a break is past it (a price dated D applies from D on); with
    "before" it is not (a tier "above N input tokens" starts at N + 1)."""

    column: str
    at_break: str


SEGMENT = Breaks("timestamp", "after")  # price segment: dated price versions
TIER_BUCKET = Breaks("input_tokens", "before")  # long-context tiers


@dataclass(frozen=True)
class ServiceTiers:
    """A call's price variant: `flagged` when the `flag` column is true; else the logged
    `column` value (trimmed, lower-cased) looked up in `names`; else `default`."""

    column: str
    flag: str
    flagged: str
    names: Mapping[str, str]
    default: str


SERVICE_TIERS = ServiceTiers(
    column="service_tier",
    flag="batch",
    flagged="batch",
    names={"batch": "batch", "flex": "flex", "priority": "priority"},
    default="standard",
)
# ---------------------------------------------------------------------------------------------
# Quality and outcome signals


@dataclass(frozen=True)
class Signal:
    """A per-row value summed per cell, so that rates roll up to any key. `how`:
    value  the column, null as 0            known  1 where the column has a value
    true   1 where the column is true       above  1 where the column > `limit`
    is     1 where the column = `text`      is_not 1 where the column ≠ `text`"""

    name: str
    how: str
    column: str
    limit: float | None = None
    text: str | None = None


SIGNALS = (
    Signal("reasoning_tokens", "value", "reasoning_tokens"),
    Signal("reasoning_known", "known", "reasoning_tokens"),
    Signal("errors", "is_not", "status", text="ok"),
    Signal("timeouts", "is", "status", text="timeout"),
    Signal("latency_sum", "value", "latency_ms"),  # with a histogram's buckets: latency's mean (llmcost.sketch)
    Signal("latency_known", "known", "latency_ms"),
    Signal("feedback_sum", "value", "feedback"),
    Signal("feedback_known", "known", "feedback"),
    *(
        s
        for column in ("accepted", "success", "is_retry", "escalated")
        for s in (
            Signal(f"{column.removeprefix('is_')}_true", "true", column),
            Signal(f"{column.removeprefix('is_')}_known", "known", column),
        )
    ),
    # satisfaction from feedback, under both usual scales (chosen later from the range seen)
    Signal("feedback_ge4", "above", "feedback", limit=3.999999),
    Signal("feedback_positive", "above", "feedback", limit=0.0),
    Signal("feedback_over_half", "above", "feedback", limit=0.5),
)
# Mergeable but not additive: kept per cell, never summed by rollup.
EXTREMES = {"feedback_min": ("min", "feedback"), "feedback_max": ("max", "feedback")}

# Truncation units of a timestamp (UTC): the calendar day, the ISO week (from Monday), the calendar month.
PERIODS = ("day", "week", "month")

# ---------------------------------------------------------------------------------------------
# Token cost


@dataclass(frozen=True)
class TokenPrice:
    """One type of token and its price: `tokens` minus the `minus` columns (tokens counted
    as another type), times the rate `rate_<rate>`; `side` says input or output cost."""

    name: str
    tokens: str
    minus: tuple[str, ...]
    rate: str
    side: str


# Cost = Σ tokens × rate ÷ the price book's unit, in this order; batch and other service tiers
# are already in the rates.
TOKEN_PRICES = (
    TokenPrice("uncached", "input_tokens", ("cached_input_tokens", "cache_write_tokens"), "input", "input"),
    TokenPrice("cached", "cached_input_tokens", (), "cached_input", "input"),
    TokenPrice("write5m", "cache_write_tokens", ("cache_write_1h_tokens",), "cache_write", "input"),
    TokenPrice("write1h", "cache_write_1h_tokens", (), "cache_write_1h", "input"),
    TokenPrice("output", "output_tokens", (), "output", "output"),
)

# =============================================================================================
# The Polars compiler


def first_match(cases: list[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    """when(c1).then(v1).when(c2).then(v2)….otherwise(…): the value of the first true case
    (one chained when, which Polars evaluates as one expression)."""
    (condition, value), *rest = cases
    chain: Any = pl.when(condition).then(value)
    for condition, value in rest:
        chain = chain.when(condition).then(value)
    return chain.otherwise(otherwise)


def label(name: str, found: Mapping[str, str]) -> str:
    """A column as a rejection reason names it: with its source name when that differs."""
    source = found.get(name)
    return f"{name} (column '{source}')" if source and source != name else name


def check_expr(check: Check, now: dt.datetime | None = None) -> pl.Expr:
    """True where a row fails `check` (null counts as passing, as in a when/then chain).
    `given_<column>` columns say whether the source cell held anything."""
    col = pl.col(check.column)
    test = check.test
    if test == "missing":
        return pl.col(f"_given_{check.column}").not_()
    if test == "unparsed":
        return pl.col(f"_given_{check.column}") & col.is_null()
    if test == "null":
        return col.is_null()
    if test == "future":
        return col > _cutoff(check, now)
    if test == "below":
        return col < check.limit
    if test == "above":
        return col > check.limit
    if test == "not_finite":
        return ~col.is_finite()
    if test == "exceeds":
        parts = reduce(operator.add, (pl.col(p).fill_null(0) for p in check.parts))
        return parts > col.fill_null(0)
    raise ValueError(f"unknown check test {test!r}")


def clock() -> dt.datetime:
    """The moment a run calls 'now' (the future-timestamp check, whose reason names it): one
    home, so that both compilers of a check read the same clock and a test can pin it."""
    return dt.datetime.now(dt.UTC)


def _cutoff(check: Check, now: dt.datetime | None) -> dt.datetime:
    return (now or clock()) + dt.timedelta(seconds=check.limit or 0)


def check_reason(
    check: Check, found: Mapping[str, str], hints: Mapping[str, str] | None = None, now: dt.datetime | None = None
) -> str:
    """The rejection reason of a row failing `check`; a hint for the column (how to read its
    dates) follows an `unparsed` reason."""
    text = check.reason.format(cutoff=_cutoff(check, now)) if check.test == "future" else check.reason
    hint = (hints or {}).get(check.column) if check.test == "unparsed" else None
    text = f"{text}; {hint}" if hint else text
    return f"{label(check.column, found)}: {text}" if check.named else text


def reason_expr(
    found: Mapping[str, str],
    hints: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    checks: tuple[Check, ...] = CHECKS,
) -> pl.Expr:
    """The first check a row fails, as its rejection reason; null for a good row. Only the
    checks on columns the source has (`found`: canonical → source name) apply."""
    now = now or clock()
    chosen = [c for c in checks if c.always or c.column in found]
    cases = [(check_expr(c, now), pl.lit(check_reason(c, found, hints, now))) for c in chosen]
    return first_match(cases, pl.lit(None, dtype=pl.String))


def status_expr(rule: Status = STATUS) -> pl.Expr:
    """ok / error / timeout from the typed `status` and `error` columns."""
    text = pl.col("status").str.to_lowercase()
    code = text.cast(pl.Int64, strict=False)
    from_status = (
        pl.when(text.is_null() | text.is_in(rule.ok))
        .then(pl.lit("ok"))
        .when(text.is_in(rule.timeout) | text.str.contains(rule.timeout_word, literal=True))
        .then(pl.lit("timeout"))
        .when(code.is_not_null() & (code < rule.ok_below))
        .then(pl.lit("ok"))
        .otherwise(pl.lit("error"))
    )
    error = pl.col("error")
    has_error = error.is_not_null() & ~error.str.to_lowercase().is_in(rule.no_error)
    return pl.when(has_error & (from_status == "ok")).then(pl.lit("error")).otherwise(from_status)


def duplicate_candidates(rule: Dedupe = DEDUPE) -> pl.Expr:
    """The rows that take part in deduplication: not skipped, with a key."""
    return ~pl.col("_skip") & pl.col(rule.key).is_not_null()


def duplicate_expr(rule: Dedupe = DEDUPE) -> pl.Expr:
    """True for the rows that lose to another row of their key, on rows sorted by `rule.order`."""
    key = pl.col(rule.key)
    return ~(key.is_last_distinct() if rule.keep == "last" else key.is_first_distinct())


def _flag(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() if column == "_reason" else pl.col(column)


def row_state_expr() -> pl.Expr:
    """skipped, rejected, duplicate or ok, first match (ROW_STATES)."""
    return first_match([(_flag(column), pl.lit(name)) for name, column in ROW_STATES], pl.lit("ok"))


def row_ok_expr() -> pl.Expr:
    """True for a row in no ROW_STATES state: the rows that are priced."""
    return reduce(operator.and_, (~_flag(column) for _, column in ROW_STATES))


def bucket_expr(rule: Breaks, breaks: list, expr: pl.Expr | None = None) -> pl.Expr:
    """How many breaks lie before the value: a price segment or tier bucket number.

    A sum of comparisons, not `search_sorted` against a literal series: breaks are few (a
    handful of price dates and tier thresholds), and plain comparisons stream — the search
    made the pass ~40 % slower and bigger on a 5M-row CSV."""
    if not breaks:
        return pl.lit(0, dtype=pl.UInt32)
    value = pl.col(rule.column) if expr is None else expr
    passed = [(value >= b) if rule.at_break == "after" else (value > b) for b in breaks]
    return pl.sum_horizontal(p.cast(pl.UInt32) for p in passed).cast(pl.UInt32)


def service_tier_expr(rule: ServiceTiers = SERVICE_TIERS) -> pl.Expr:
    """The price variant of a call (standard, batch, flex, priority)."""
    tier = pl.col(rule.column).str.to_lowercase().str.strip_chars()
    cases = [
        (pl.col(rule.flag).fill_null(False), pl.lit(rule.flagged)),
        *((tier == logged, pl.lit(variant)) for logged, variant in rule.names.items()),
    ]
    return first_match(cases, pl.lit(rule.default))


_EVERY = {"day": "1d", "week": "1w", "month": "1mo"}  # PERIODS as Polars truncation intervals


def period_expr(period: str, ts: pl.Expr) -> pl.Expr:
    """The date a timestamp's period (PERIODS) starts on."""
    return ts.dt.truncate(_EVERY[period]).dt.date()


def token_terms(prices: tuple[TokenPrice, ...] = TOKEN_PRICES) -> dict[str, tuple[pl.Expr, pl.Expr]]:
    """Per token type: (its tokens, its rate) over cells carrying token sums and `rate_*` columns."""
    return {
        p.name: (reduce(operator.sub, (pl.col(c) for c in p.minus), pl.col(p.tokens)), pl.col(f"rate_{p.rate}"))
        for p in prices
    }


def token_cost_expr(unit: int, side: str | None = None) -> pl.Expr:
    """Σ tokens × rate ÷ unit over every token type (or those of one `side`), summed in
    TOKEN_PRICES order so that the floats are the same wherever it is computed."""
    terms = token_terms(tuple(p for p in TOKEN_PRICES if side is None or p.side == side))
    return reduce(operator.add, (tokens * rate for tokens, rate in terms.values())) / unit


def signal_expr(signal: Signal) -> pl.Expr:
    """A signal's per-row value (SIGNALS)."""
    col = pl.col(signal.column)
    how = signal.how
    if how == "value":
        return col.fill_null(0.0 if COLUMNS[signal.column].kind == "float" else 0)
    if how == "known":
        return col.is_not_null().cast(pl.Int64)
    if how == "true":
        return col.fill_null(False).cast(pl.Int64)
    if how == "above":
        return (col > signal.limit).fill_null(False).cast(pl.Int64)
    if how in ("is", "is_not"):
        return ((col == signal.text) if how == "is" else (col != signal.text)).cast(pl.Int64)
    raise ValueError(f"unknown signal {how!r}")


def fixed_expr(value: pl.Expr, limit: float = MAX_MEASURE) -> pl.Expr:
    """A summed measure in whole 10^-15 units (FIXED_POINT): integers add exactly in any order.
    Null beyond ±limit, NaN included (such a row is rejected: its cell is never priced);
    the SQL compiler (sqlcube.fixed_sql) draws the same line."""
    fits = value.abs() <= limit
    return pl.when(fits).then((value * FIXED_POINT).round()).cast(pl.Int128)


def unfix(sums: pl.Series) -> pl.Series:
    """Fixed-point sums (fixed_expr) back as floats: the sum as a float over 10^15, a correctly
    rounded division as in the engines' SQL. Series by series: Polars divides by a scalar as a
    multiplication by its inverse, which printed 0.7 as 0.7000000000000001 (half were a bit off)."""
    unit = pl.Series([float(FIXED_POINT)]).new_from_index(0, sums.len())
    return sums.cast(pl.Float64) / unit
