"""The cube as one SQL query, compiled from the same rules as the Polars pass (llmcost.rules).

A database holding the logs sums them itself and sends back only the cube: a few thousand
cells of integer token sums, never the rows. The query holds no price — only the date and
tier breakpoints — so history is re-priced by changing pricing.yaml, not by re-reading it.

The query is a SQLGlot tree, written once and printed in each engine's dialect. Its stages:
  typed    every canonical column cast from the source's own type (guarded casts: a cell
           that does not read as its kind is NULL, and the row is rejected for it)
  checked  the first failing check (rules.CHECKS, same order) as `_reason`; status classified
  deduped  ids that repeat, found by a GROUP BY over the ids alone; a window numbers only
           the rows of those ids (the last in `order` wins); every other row passes as is
  cube     the row's state (rules.ROW_STATES), the command's keys and the pricing keys for
           counted rows, and integer sums per cell
Tested cell for cell against the Polars cube on DuckDB, PostgreSQL and chdb (tests/test_engines.py).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

import sqlglot
from sqlglot import exp

from llmcost import rules, sketch
from llmcost.cube import TOKENS, Window
from llmcost.rules import (
    CHECKS,
    COLUMNS,
    DEDUPE,
    EPOCH_MIN,
    EPOCH_MS,
    EPOCH_NS,
    EPOCH_US,
    FALSE,
    ROW_STATES,
    SEGMENT,
    SERVICE_TIERS,
    STATUS,
    TIER_BUCKET,
    TRUE,
    Breaks,
    Check,
    check_reason,
)

# What a source column holds, as the compiler needs to know it to cast it.
KINDS = ("int", "float", "bool", "text", "timestamp", "date", "any")
SQL_TYPES = {
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "string": "TEXT",
    "status": "TEXT",
    "timestamp": "TIMESTAMP",
}
FIXED_TYPE = "DECIMAL(38, 0)"  # a fixed-point sum (rules.FIXED_POINT): 128 bits, as in Polars
# Text shapes read as numbers and dates. No backslashes: every dialect reads these the same.
WHOLE = "^[+-]?[0-9]{1,18}$"  # fits BIGINT: cast directly, exactly
NUMBER = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"
# Polars reads these words as floats (any case, a sign): NaN and infinity, rejected as not finite
NOT_FINITE = {"nan": "^[+-]?nan$", "infinity": "^[+]?inf(inity)?$", "-infinity": "^-inf(inity)?$"}
# Calendar dates that exist (the database's cast fails on 2026-02-30; Polars reads it as no date):
# 31-day months, 30-day months, February to the 28th, and the 29th in leap years (no year 0000).
_YEAR = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"


def _day(sep: str, year: str = _YEAR) -> str:
    return (
        f"({year}{sep}(0[13578]|1[02]){sep}(0[1-9]|[12][0-9]|3[01])|{year}{sep}(0[469]|11){sep}(0[1-9]|[12][0-9]|30)"
        f"|{year}{sep}02{sep}(0[1-9]|1[0-9]|2[0-8])|{_LEAP}{sep}02{sep}29)"
    )


# ISO 8601 as Polars reads it on every file: a date, or a date and a time with seconds, a fraction
# of up to 9 digits (cut to microseconds, as Polars does) and a zone (Z, ±HH:MM or ±HHMM).
ISO = f"^{_day('-')}([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{{1,9}})?(Z|[+-][0-9]{{2}}:?[0-9]{{2}})?)?$"
# A compact date (20260501), as text or a whole number: years 1900-2099 (columns._epoch)
COMPACT = f"^{_day('', '(19|20)[0-9]{2}')}$"
# Polars strips Unicode white space around every cell; TRIM alone strips spaces. These are the
# ASCII ones (tab, line feed, vertical tab, form feed, carriage return, space), written as CHR()
# so that the SQL text holds no control character: CHR of a code above 127 is a byte in
# ClickHouse and Spark, which would cut UTF-8 text apart.
WHITESPACE = (9, 10, 11, 12, 13, 32)
EXACT_FLOAT = 2.0**53  # a float above this is no exact whole number (rules: `_integer`)
MAX_DOUBLE = 1.7976931348623157e308


@dataclass(frozen=True)
class Field:
    """A canonical column as the source holds it: the SQL of its raw value and the value's kind
    (KINDS; "any" when the type was not read, e.g. --show-sql without connecting: cast via text)."""

    sql: exp.Expr
    kind: str


@dataclass(frozen=True)
class Relation:
    """What the query reads: a table, a query or files (`source`), the canonical columns in it,
    and the order in which "the last row of an id wins" (ascending; files: file then row)."""

    source: exp.Expr
    fields: Mapping[str, Field]
    found: Mapping[str, str]  # canonical → the source's own name, for rejection reasons
    order: tuple[exp.Expr, ...]
    skip: exp.Expr | None = None  # rows that are not model calls (a preset's rule)
    default_model: str | None = None
    anthropic: bool = False
    hints: Mapping[str, str] = field(default_factory=dict)
    query: str | None = None  # --query's SQL, put in place of RAW_QUERY as the user wrote it
    # Files read by the engine, in order: `order[0]` is then a row's file (its place, or
    # DuckDB's file name), and rejected rows are numbered and named per file
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class CubeQuery:
    """One command's cube over a relation: its `keys` (name → a canonical column,
    "period:<day|week|month>", "hour" or "bucket:<column>"), the pricing breakpoints, the
    window and `now` (for the future-date check). A value: `tree()` is the SQLGlot tree,
    `sql(dialect)` its text."""

    relation: Relation
    keys: Mapping[str, str]
    window: Window
    date_breaks: tuple[dt.datetime, ...]
    tier_breaks: tuple[int, ...]
    now: dt.datetime
    signals: bool = False
    extra: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # name → (min|max, column)

    def tree(self) -> exp.Select:
        return cube_tree(self)

    def sql(self, dialect: str, pretty: bool = True) -> str:
        return render(self.tree(), dialect, pretty, self.relation.query)

    def rejections_sql(self, dialect: str) -> str:
        return render(rejections_tree(self), dialect, True, self.relation.query)

    def count_sql(self, dialect: str) -> str:
        return render(count_tree(self), dialect, True, self.relation.query)


# ---------------------------------------------------------------------------------------------
# Small builders


def portable(name: str, *args: exp.Expr) -> exp.Expr:
    """A step every engine spells its own way (PORTABLE), written as a placeholder call
    `LLMCOST_<name>(…)` in the tree and spelt out for the dialect by `render`."""
    return exp.Anonymous(this=f"LLMCOST_{name.upper()}", expressions=list(args))


def json_field(value: exp.Expr, path: tuple[str, ...]) -> exp.Expr:
    """A field of JSON text (or PostgreSQL JSON/JSONB) as text."""
    return portable("json", value, *(exp.Literal.string(p) for p in path))


def duration_ms(start: exp.Expr, end: exp.Expr) -> exp.Expr:
    """Milliseconds from one UTC TIMESTAMP to another."""
    return portable("duration_ms", start, end)


def col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def lit(value: object) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, dt.datetime):
        text = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        return exp.cast(exp.Literal.string(text), SQL_TYPES["timestamp"])
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    if isinstance(value, int | float):
        return exp.Literal.number(repr(value) if isinstance(value, float) else value)
    return exp.Literal.string(str(value))


def case(cases: Sequence[tuple[exp.Expr, exp.Expr]], otherwise: exp.Expr | None = None) -> exp.Case:
    """The value of the first true case (rules.first_match, in SQL)."""
    out = exp.Case()
    for condition, value in cases:
        out = out.when(condition, value)
    return out.else_(otherwise) if otherwise is not None else out


def matches(text: exp.Expr, pattern: str) -> exp.Expr:
    return exp.RegexpLike(this=text, expression=exp.Literal.string(pattern))


def is_in(value: exp.Expr, texts: tuple[str, ...] | list[str]) -> exp.Expr:
    return exp.In(this=value, expressions=[exp.Literal.string(t) for t in texts])


def coalesce(value: exp.Expr, default: object) -> exp.Expr:
    return exp.func("COALESCE", value, lit(default))


def as_int(value: exp.Expr) -> exp.Expr:
    """1 where true, else 0 (a NULL condition counts as false, as in rules.first_match)."""
    return case([(value, lit(1))], lit(0))


# ---------------------------------------------------------------------------------------------
# Typing (rules.COLUMNS kinds; columns.py does the same in Polars)


def trimmed(value: exp.Expr, kind: str) -> exp.Expr:
    """The cell as text without surrounding white space (Polars' strip_chars: Unicode white space),
    spelt per engine by `_trim`."""
    return portable("trim", value if kind == "text" else exp.cast(value, "TEXT"))


TRIM_ANYWAY = ("postgres",)  # engines where trimming every cell is cheaper than testing its edges


def _trim(text: exp.Expression, dialect: str) -> exp.Expression:
    """ASCII white space trimmed off `text`. Trimming a set of characters is slow in DuckDB (1.6 s
    per column per million rows): there, and in every engine but PostgreSQL, only the cells that
    start or end with white space are trimmed, the others kept as they are. In PostgreSQL the
    test costs more than the trim (1M ids: 638 ms tested, 286 ms trimmed), so every cell is."""
    chars = exp.Concat(expressions=[exp.Chr(expressions=[lit(code)]) for code in WHITESPACE])
    if dialect in TRIM_ANYWAY:
        return exp.Trim(this=text, expression=chars)
    spaces = [exp.Chr(expressions=[lit(code)]) for code in WHITESPACE]
    edge = exp.or_(
        exp.In(this=exp.Left(this=text.copy(), expression=lit(1)), expressions=spaces),
        exp.In(this=exp.Right(this=text.copy(), expression=lit(1)), expressions=[s.copy() for s in spaces]),
    )
    return case([(edge, exp.Trim(this=text.copy(), expression=chars))], text)


def typed(name: str, source: Field) -> exp.Expr:
    """The canonical column `name` from its source field, NULL where it does not read."""
    parse = PARSERS.get(COLUMNS[name].kind)
    if parse:
        return parse(source.sql, source.kind)
    # strings and status: the text, trimmed; nothing left is no value (columns.identifier)
    return exp.Nullif(this=trimmed(source.sql, source.kind), expression=exp.Literal.string(""))


def _number(value: exp.Expr, kind: str) -> exp.Expr:
    if kind in ("int", "float"):
        return exp.cast(value, "DOUBLE")
    return _float(trimmed(value, kind))


def _float(text: exp.Expr) -> exp.Expr:
    """A number written as text, and NaN or infinity as Polars reads them (then rejected as not
    finite, with the reason Polars gives, rather than as not a number)."""
    word = exp.Lower(this=text.copy())
    special = [(matches(word.copy(), shape), exp.cast(lit(n.title()), "DOUBLE")) for n, shape in NOT_FINITE.items()]
    return case([(matches(text, NUMBER), exp.cast(text.copy(), "DOUBLE")), *special])


def _integer(value: exp.Expr, kind: str) -> exp.Expr:
    if kind == "int":
        return exp.cast(value, "BIGINT")
    if kind == "float":
        return _whole(value)
    text = trimmed(value, kind)
    return case(
        [(matches(text, WHOLE), exp.cast(text, "BIGINT")), (matches(text, NUMBER), _whole(exp.cast(text, "DOUBLE")))]
    )


def _whole(number: exp.Expr) -> exp.Expr:
    """A float that is an exact whole number, as BIGINT; else NULL ("12.0" is 12, "12.5" is no count)."""
    whole = exp.and_(
        exp.EQ(this=number, expression=exp.Floor(this=number)),
        exp.LT(this=exp.Abs(this=number), expression=lit(EXACT_FLOAT)),
    )
    return case([(whole, exp.cast(number, "BIGINT"))])


def _boolean(value: exp.Expr, kind: str) -> exp.Expr:
    if kind == "bool":
        return value
    if kind == "float":  # "1.0" is not true/false (columns._boolean reads the float's text)
        return exp.cast(exp.null(), "BOOLEAN")
    text = exp.Lower(this=trimmed(value, kind))
    return case([(is_in(text, TRUE), exp.true()), (is_in(text, FALSE), exp.false())])


def _timestamp(value: exp.Expr, kind: str) -> exp.Expr:
    """A UTC TIMESTAMP (the session's time zone is UTC on every engine, see llmcost.engines):
    typed dates and times as they are, ISO 8601 text (a zone, or UTC without one), and
    epoch numbers in seconds to nanoseconds by size."""
    if kind == "timestamp":
        return exp.cast(value, SQL_TYPES["timestamp"])
    if kind == "date":
        return exp.cast(value, SQL_TYPES["timestamp"])
    if kind in ("int", "float"):
        return epoch(exp.cast(value, "DOUBLE"))
    text = trimmed(value, kind)
    iso = portable("iso_timestamp", _microseconds(text))
    return case([(matches(text, ISO), iso), (matches(text, NUMBER), epoch(exp.cast(text.copy(), "DOUBLE")))])


# The SQL typing of each canonical kind, as columns.PARSERS types it in Polars (text: trimmed)
PARSERS: dict[str, Callable[[exp.Expr, str], exp.Expr]] = {
    "timestamp": _timestamp,
    "int": _integer,
    "float": _number,
    "bool": _boolean,
}


def _microseconds(text: exp.Expr) -> exp.Expr:
    """ISO text with a fraction of 7 to 9 digits cut to 6: Polars truncates to microseconds, the
    databases round (.9999995 would move a call into the next second, day or month)."""
    head = exp.Substring(this=text.copy(), start=lit(1), length=lit(26))
    cases = [
        (
            matches(text.copy(), f"^.{{19}}[.][0-9]{{{digits}}}"),
            exp.Concat(expressions=[head.copy(), exp.Substring(this=text.copy(), start=lit(21 + digits))]),
        )
        for digits in (9, 8, 7)
    ]
    return case(cases, text)


def epoch(number: exp.Expr) -> exp.Expr:
    """Epoch seconds, milliseconds, micro- or nanoseconds by size (rules.EPOCH_*); below
    EPOCH_MIN (March 1973) no timestamp of a model call: NULL, and the row is rejected."""
    size = exp.Abs(this=number)
    micros = case(
        [
            (exp.GTE(this=size, expression=lit(EPOCH_NS)), exp.Div(this=number, expression=lit(1000))),
            (exp.GTE(this=size, expression=lit(EPOCH_US)), number),
            (exp.GTE(this=size, expression=lit(EPOCH_MS)), exp.Mul(this=number, expression=lit(1000))),
        ],
        exp.Mul(this=number, expression=lit(1_000_000)),
    )
    sane = exp.and_(exp.GTE(this=number, expression=lit(EPOCH_MIN)), exp.LT(this=micros, expression=lit(4e15)))
    whole = exp.cast(exp.Round(this=micros), "BIGINT")
    compact = exp.and_(
        exp.GTE(this=number.copy(), expression=lit(19000101)), exp.LTE(this=number.copy(), expression=lit(20991231))
    )
    digits = exp.cast(exp.cast(number.copy(), "BIGINT"), "TEXT")  # whole: the range and COMPACT say so
    return case(
        [
            (exp.and_(compact, exp.EQ(this=number.copy(), expression=exp.Floor(this=number.copy()))), _compact(digits)),
            (sane, exp.UnixToTime(this=whole, scale=exp.UnixToTime.MICROS)),
        ]
    )


def _compact(digits: exp.Expr) -> exp.Expr:
    """A compact date (20260501) as a TIMESTAMP, NULL when no such day exists (columns._epoch)."""
    parts = [exp.Substring(this=digits.copy(), start=lit(a), length=lit(n)) for a, n in ((1, 4), (5, 2), (7, 2))]
    iso = exp.Concat(expressions=[parts[0], lit("-"), parts[1], lit("-"), parts[2]])
    return case([(matches(digits, COMPACT), exp.cast(exp.cast(iso, "DATE"), SQL_TYPES["timestamp"]))])


def given(source: Field) -> exp.Expr:
    """True where the source cell holds anything (a failed cast is then a rejection)."""
    if source.kind in ("text", "any"):
        return exp.func("COALESCE", exp.GT(this=exp.Length(this=source.sql), expression=lit(0)), exp.false())
    return exp.Not(this=exp.Is(this=source.sql, expression=exp.null()))


# ---------------------------------------------------------------------------------------------
# Rules compiled to conditions (rules.py compiles the same data to Polars)


def check_sql(check: Check, now: dt.datetime) -> exp.Expr:
    """True where a row fails `check`; NULL counts as passing, as in a CASE."""
    value = col(check.column)
    test = check.test
    if test == "missing":
        return exp.Not(this=col(f"_given_{check.column}"))
    if test == "unparsed":
        return exp.and_(col(f"_given_{check.column}"), exp.Is(this=value, expression=exp.null()))
    if test == "null":
        return exp.Is(this=value, expression=exp.null())
    if test == "future":  # the moment the reason names (rules._cutoff), to the microsecond
        return exp.GT(this=value, expression=lit(rules._cutoff(check, now)))
    if test == "below":
        return exp.LT(this=value, expression=lit(check.limit))
    if test == "above":
        return exp.GT(this=value, expression=lit(check.limit))
    if test == "not_finite":
        return exp.Not(this=finite(value))
    if test == "exceeds":
        parts = reduce(operator.add, (coalesce(col(p), 0) for p in check.parts))
        return exp.GT(this=parts, expression=coalesce(value, 0))
    raise ValueError(f"unknown check test {test!r}")


def finite(value: exp.Expr) -> exp.Expr:
    """True for a finite number: x * 0 is 0, but NaN for NaN and ±infinity. Not ABS(x) <= MAX:
    NaN orders above every number in some engines, below none in others, and DuckDB folds
    comparisons with a Parquet file's min/max statistics, which leave NaN out (the NaN row
    then passed as finite; so did isnan)."""
    operand = value if isinstance(value, exp.Column | exp.Paren) else exp.paren(value)
    return exp.EQ(this=exp.Mul(this=operand, expression=lit(0)), expression=lit(0))


def reason_sql(relation: Relation, now: dt.datetime) -> exp.Expr:
    """The first check a row fails, as its rejection reason (rules.reason_expr); NULL when good."""
    found = relation.found
    chosen = [c for c in CHECKS if c.always or c.column in relation.fields]
    cases = [(check_sql(c, now), lit(check_reason(c, found, relation.hints, now))) for c in chosen]
    return case([(col("_skip"), exp.cast(exp.null(), "TEXT")), *cases])


def status_sql(rule: rules.Status = STATUS) -> exp.Expr:
    """ok / error / timeout (rules.status_expr)."""
    text = exp.Lower(this=col("status"))
    code = case([(matches(text, WHOLE), exp.cast(text.copy(), "BIGINT"))])
    from_status = case(
        [
            (exp.or_(exp.Is(this=text, expression=exp.null()), is_in(text, rule.ok)), lit("ok")),
            (
                exp.or_(is_in(text, rule.timeout), exp.Like(this=text, expression=lit(f"%{rule.timeout_word}%"))),
                lit("timeout"),
            ),
            (exp.LT(this=code, expression=lit(rule.ok_below)), lit("ok")),
        ],
        lit("error"),
    )
    error = col("error")
    has_error = exp.and_(
        exp.Not(this=exp.Is(this=error, expression=exp.null())),
        exp.Not(this=is_in(exp.Lower(this=error), rule.no_error)),
    )
    return case(
        [(exp.and_(has_error, exp.EQ(this=from_status.copy(), expression=lit("ok"))), lit("error"))], from_status
    )


def state_sql() -> exp.Expr:
    """skipped, rejected, duplicate or ok, first match (rules.ROW_STATES)."""
    flags = {"_skip": col("_skip"), "_reason": exp.Not(this=exp.Is(this=col("_reason"), expression=exp.null()))}
    return case([(flags.get(column, col(column)), lit(name)) for name, column in ROW_STATES], lit("ok"))


def bucket_sql(rule: Breaks, breaks: tuple) -> exp.Expr:
    """How many breaks lie before the value (rules.bucket_expr)."""
    if not breaks:
        return lit(0)
    value = col(rule.column)
    passed = [
        as_int(
            exp.GTE(this=value, expression=lit(b))
            if rule.at_break == "after"
            else exp.GT(this=value, expression=lit(b))
        )
        for b in breaks
    ]
    return reduce(operator.add, passed)


def service_tier_sql(rule: rules.ServiceTiers = SERVICE_TIERS) -> exp.Expr:
    tier = exp.Lower(this=exp.Trim(this=col(rule.column)))
    cases = [
        (coalesce(col(rule.flag), False), lit(rule.flagged)),
        *((exp.EQ(this=tier.copy(), expression=lit(logged)), lit(variant)) for logged, variant in rule.names.items()),
    ]
    return case(cases, lit(rule.default))


def period_sql(period: str, ts: exp.Expr | None = None) -> exp.Expr:
    """The date a timestamp's period starts on (rules.PERIODS; weeks start on Monday)."""
    if period not in rules.PERIODS:
        raise ValueError(f"unknown period {period!r}")
    value = col("timestamp") if ts is None else ts
    return exp.cast(exp.TimestampTrunc(this=value, unit=exp.var(period.upper())), "DATE")


def signal_sql(signal: rules.Signal) -> exp.Expr:
    value = col(signal.column)
    how = signal.how
    if how == "value":
        return coalesce(value, 0.0 if COLUMNS[signal.column].kind == "float" else 0)
    if how == "known":
        return as_int(exp.Not(this=exp.Is(this=value, expression=exp.null())))
    if how == "true":
        return as_int(coalesce(value, False))
    if how == "above":  # Polars orders NaN above every number (finite() says why not `>` alone)
        nan_or_inf = exp.and_(exp.Not(this=finite(value)), exp.Not(this=exp.LT(this=value.copy(), expression=lit(0))))
        return as_int(exp.or_(exp.GT(this=value.copy(), expression=lit(signal.limit)), nan_or_inf))
    if how in ("is", "is_not"):
        test = exp.EQ if how == "is" else exp.NEQ
        return as_int(test(this=value, expression=lit(signal.text)))
    raise ValueError(f"unknown signal {how!r}")


def window_sql(window: Window, ts: exp.Expr) -> exp.Expr:
    """In the window (Window.contains)."""
    inside: list[exp.Expr] = []
    if window.since is not None:
        inside.append(exp.GTE(this=ts, expression=lit(window.since)))
    if window.until is not None:
        inside.append(exp.LT(this=ts.copy(), expression=lit(window.until)))
    return exp.and_(*inside) if inside else exp.true()


def months_sql(window: Window, ts: exp.Expr) -> exp.Expr | None:
    """Rows of every calendar month the window touches (Window.months), or None: every row."""
    if not window.bounded:
        return None
    from llmcost.cube import LAST_MONTH, _month_start, _next_month

    inside: list[exp.Expr] = []
    if window.since is not None:
        inside.append(exp.GTE(this=ts, expression=lit(_month_start(window.since))))
    last = window.until - dt.timedelta(microseconds=1) if window.until is not None else None
    if last is not None and last < LAST_MONTH:
        inside.append(exp.LT(this=ts.copy(), expression=lit(_next_month(last))))
    if not inside:
        return None
    return exp.or_(exp.Is(this=ts.copy(), expression=exp.null()), exp.paren(exp.and_(*inside)))


# ---------------------------------------------------------------------------------------------
# The query


def _typed_select(relation: Relation) -> exp.Select:
    """Stage 1: order columns, `_skip`, every canonical column typed, whether each was given."""
    columns: list[exp.Expr] = [exp.alias_(o, f"_o{i}", quoted=True) for i, o in enumerate(relation.order)]
    columns.append(exp.alias_(relation.skip if relation.skip is not None else exp.false(), "_skip", quoted=True))
    for name, column in COLUMNS.items():
        if name in relation.fields:
            value = typed(name, relation.fields[name])
        elif name == "model" and relation.default_model:
            value = lit(relation.default_model)
        else:
            value = exp.cast(exp.null(), SQL_TYPES[column.kind])
        columns.append(exp.alias_(value, name, quoted=True))
    columns += [exp.alias_(given(f), f"_given_{n}", quoted=True) for n, f in relation.fields.items()]
    return exp.select(*columns).from_(relation.source)


def _convention(relation: Relation) -> exp.Select:
    """Stage 2: `_cache_rows`/`_looks_openai` (columns._convention), and input counted with
    cache reads and writes in an Anthropic-style log."""
    extra = coalesce(col("cached_input_tokens"), 0) + coalesce(col("cache_write_tokens"), 0)
    cache_rows = exp.GT(this=extra, expression=lit(0))
    looks_openai = exp.and_(cache_rows.copy(), exp.GTE(this=col("input_tokens"), expression=extra.copy()))
    names = [f"_o{i}" for i in range(len(relation.order))] + ["_skip", *COLUMNS]
    names += [f"_given_{n}" for n in relation.fields]
    columns: list[exp.Expr] = []
    for name in names:
        if name == "input_tokens" and relation.anthropic:
            columns.append(exp.alias_(exp.Add(this=col(name), expression=extra.copy()), name, quoted=True))
        else:
            columns.append(col(name))
    columns += [exp.alias_(as_int(cache_rows), "_cache_rows", quoted=True)]
    columns += [exp.alias_(as_int(looks_openai), "_looks_openai", quoted=True)]
    return exp.select(*columns).from_("typed")


def _checked(query: CubeQuery) -> exp.Select:
    """Stage 3: the rejection reason, then status classified (the checks read the typed status)."""
    keep = [c for c in _stage2_names(query.relation) if c != "status"]
    return exp.select(
        *(col(c) for c in keep),
        exp.alias_(status_sql(), "status", quoted=True),
        exp.alias_(reason_sql(query.relation, query.now), "_reason", quoted=True),
    ).from_("converted")


def _stage2_names(relation: Relation) -> list[str]:
    names = [f"_o{i}" for i in range(len(relation.order))] + ["_skip", *COLUMNS]
    return [*names, "_cache_rows", "_looks_openai"]


def _deduped(query: CubeQuery) -> exp.Union:
    """Stage 4: `_dup` for the rows that lose to a later row of their id (rules.DEDUPE). Only
    the ids that repeat are numbered in a window; every other row passes through. The repeated
    ids are joined (a hash join everywhere), not tested with IN: PostgreSQL checks a NOT IN list
    row by row once it outgrows work_mem (20,000 repeated ids: minutes)."""

    def c(name: str) -> exp.Column:
        return exp.column(name, table="c", quoted=True)

    key, found = c(DEDUPE.key), exp.column(DEDUPE.key, table="r", quoted=True)
    rows, ids = _aliased("checked", "c"), _aliased("repeated", "r")
    on = exp.EQ(this=key, expression=found)
    names = [*_stage2_names(query.relation), "_reason"]
    desc = DEDUPE.keep == "last"
    order = [exp.Ordered(this=c(f"_o{i}"), desc=desc, nulls_first=not desc) for i in range(len(query.relation.order))]
    rank = exp.Window(this=exp.RowNumber(), partition_by=[key.copy()], order=exp.Order(expressions=order))
    single = exp.select(
        *(exp.alias_(c(n), n, quoted=True) for n in names), exp.alias_(exp.false(), "_dup", quoted=True)
    )
    single = single.from_(rows).join(ids, on=on, join_type="left")
    single = single.where(exp.or_(exp.Is(this=found.copy(), expression=exp.null()), c("_skip")))
    twins = exp.select(
        *(exp.alias_(c(n), n, quoted=True) for n in names),
        exp.alias_(exp.GT(this=rank, expression=lit(1)), "_dup", quoted=True),
    )
    twins = twins.from_(rows.copy()).join(ids.copy(), on=on.copy(), join_type="inner").where(exp.Not(this=c("_skip")))
    return exp.union(single, twins, distinct=False)


def _aliased(table: str, alias: str) -> exp.Table:
    return exp.Table(
        this=exp.to_identifier(table, quoted=True), alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True))
    )


def _repeated() -> exp.Select:
    key = col(DEDUPE.key)
    return (
        exp.select(key)
        .from_("checked")
        .where(exp.and_(exp.Not(this=col("_skip")), exp.Not(this=exp.Is(this=key.copy(), expression=exp.null()))))
        .group_by(key.copy())
        .having(exp.GT(this=exp.Count(this=exp.Star()), expression=lit(1)))
    )


def key_sql(spec: str) -> exp.Expr:
    """A command's key: a canonical column, "period:<day|week|month>", "hour" (of the day, UTC) or
    "bucket:<column>" (the column's histogram bucket, llmcost.sketch)."""
    if spec.startswith("period:"):
        return period_sql(spec.split(":", 1)[1])
    if spec == "hour":
        return exp.cast(exp.Extract(this=exp.var("HOUR"), expression=col("timestamp")), "SMALLINT")
    if spec.startswith("bucket:"):
        return log_bucket_sql(value_sql(spec.split(":", 1)[1]))
    return value_sql(spec)


def _pricing_keys(query: CubeQuery) -> dict[str, exp.Expr]:
    """The keys pricing needs (cube._internal): model, price segment, tier bucket, service tier,
    month, in the window, whether a cost was logged."""
    return {
        "_model": exp.Lower(this=col("model")),
        "_seg": bucket_sql(SEGMENT, query.date_breaks),
        "_bucket": bucket_sql(TIER_BUCKET, query.tier_breaks),
        "_tier": service_tier_sql(),
        "_month": period_sql("month"),
        "_in": window_sql(query.window, col("timestamp")),
        "_has_cost": exp.Not(this=exp.Is(this=col("cost"), expression=exp.null())),
    }


def _values(query: CubeQuery) -> list[exp.Expr]:
    """The sums per cell (cube._values, same names and order)."""
    sums: list[exp.Expr] = [exp.alias_(exp.Count(this=exp.Star()), "inferences", quoted=True)]
    sums += [exp.alias_(exp.Sum(this=coalesce(col(t), 0)), t, quoted=True) for t in TOKENS]
    sums.append(exp.alias_(fixed_sum(col("cost")), "logged_cost", quoted=True))
    if query.signals:
        sums += [exp.alias_(_signal_sum(s), s.name, quoted=True) for s in rules.SIGNALS]
    sums += [exp.alias_(exp.Sum(this=col(c)), c, quoted=True) for c in ("_cache_rows", "_looks_openai")]
    extremes = {**(rules.EXTREMES if query.signals else {}), **query.extra}
    sums += [exp.alias_(extreme_sql(how, column), name, quoted=True) for name, (how, column) in extremes.items()]
    return sums


def _signal_sum(signal: rules.Signal) -> exp.Expr:
    if signal.how == "value" and signal.column in rules.SUMMED_MEASURES:
        return fixed_sum(col(signal.column))
    return exp.Sum(this=signal_sql(signal))


def fixed_sum(value: exp.Expr) -> exp.Expr:
    """A float column's sum, added in fixed point as the Polars cube adds it (rules.fixed_expr):
    whole 10^-15 units in DECIMAL(38, 0), exact in any order, back to a float at the end."""
    fits = exp.and_(finite(value), exp.LTE(this=exp.Abs(this=value.copy()), expression=lit(rules.MAX_MEASURE)))
    # 0, not NULL, where it does not fit: ClickHouse casts the value under a NULL too (NaN fails)
    scaled = case([(fits, exp.Mul(this=value.copy(), expression=lit(float(rules.FIXED_POINT))))], lit(0.0))
    total = exp.Sum(this=portable("exact_decimal", exp.Round(this=scaled)))
    return coalesce(
        exp.Div(this=exp.cast(total, "DOUBLE"), expression=exp.cast(lit(float(rules.FIXED_POINT)), "DOUBLE")), 0.0
    )


def extreme_sql(how: str, column: str) -> exp.Expr:
    """MIN or MAX as Polars takes them: a float column's NaN only when there is nothing else
    (PostgreSQL and DuckDB order NaN above every number, so MAX would pick it); or a SUM.
    `column` is a value spec (value_sql)."""
    if how == "sum":
        return exp.Sum(this=value_sql(column))
    agg = exp.Min if how == "min" else exp.Max
    if column not in COLUMNS or COLUMNS[column].kind != "float":
        return agg(this=value_sql(column))
    infinite = exp.EQ(this=exp.Abs(this=col(column)), expression=exp.cast(lit("Infinity"), "DOUBLE"))
    number = case([(exp.or_(finite(col(column)), infinite), col(column))])
    return exp.func("COALESCE", agg(this=number), agg(this=col(column)))


def value_sql(spec: str) -> exp.Expr:
    """A value a command sums or keys on (cube.Spelt): a column; "sum:a,b" (their sum); or
    "excess:column:{json feature → limit}", the part of the column above its row's feature's
    limit (0 at or below it, NULL for a feature without one)."""
    if spec.startswith("sum:"):
        columns: list[exp.Expr] = [col(c) for c in spec[4:].split(",")]
        # in parentheses: a tree built by hand prints no precedence (`a + b * 0` was a + (b * 0))
        return exp.paren(reduce(lambda a, b: exp.Add(this=a, expression=b), columns))
    if spec.startswith("bins:"):  # how many edges lie at or below the value (drift.length_bin)
        _, column, edges = spec.split(":", 2)
        steps = [as_int(exp.GTE(this=col(column), expression=lit(int(e)))) for e in edges.split(",")]
        return exp.paren(reduce(lambda a, b: exp.Add(this=a, expression=b), steps))
    if spec.startswith("excess:"):
        _, column, limits = spec.split(":", 2)
        above = [
            (
                exp.EQ(this=col("feature"), expression=lit(feature)),
                case(
                    [
                        (
                            exp.GT(this=col(column), expression=lit(limit)),
                            exp.Sub(this=col(column), expression=lit(limit)),
                        )
                    ],
                    lit(0),
                ),
            )
            for feature, limit in json.loads(limits).items()
        ]
        return case(above) if above else exp.cast(exp.null(), "BIGINT")
    return col(spec)


def log_bucket_sql(value: exp.Expr) -> exp.Expr:
    """sketch.bucket: ⌈ln v ÷ ln γ⌉ for v > 0, ZERO_BUCKET for 0, NULL for NULL. The logarithm
    is taken of 1 where v is not a positive finite number: ClickHouse evaluates every branch
    of a CASE, and a NaN cast to an integer fails there (such rows are rejected anyway)."""
    positive = exp.GT(this=value.copy(), expression=lit(0))
    safe = case([(exp.and_(finite(value.copy()), positive.copy()), value.copy())], lit(1.0))
    ratio = exp.Div(this=exp.Ln(this=safe), expression=exp.cast(lit(math.log(sketch.GAMMA)), "DOUBLE"))
    index = exp.cast(exp.Ceil(this=ratio), "INT")
    known = exp.Not(this=exp.Is(this=value.copy(), expression=exp.null()))
    return case([(positive, index), (known, lit(sketch.ZERO_BUCKET))])


def cube_tree(query: CubeQuery) -> exp.Select:
    """The whole query: stages as CTEs, then the group-by over the command's and pricing's keys."""
    ok = exp.EQ(this=state_sql(), expression=lit("ok"))
    keys = {**{k: key_sql(v) for k, v in query.keys.items()}, **_pricing_keys(query)}
    grouped = [exp.alias_(case([(ok.copy(), value)]), name, quoted=True) for name, value in keys.items()]
    grouped += [exp.alias_(state_sql(), "_state", quoted=True), col("_reason")]
    body = exp.select(*grouped, *_values(query)).from_("deduped")
    inside = months_sql(query.window, col("timestamp"))
    if inside is not None:
        body = body.where(inside)
    body = body.group_by(*(exp.Literal.number(i + 1) for i in range(len(grouped))))
    return _with_stages(body, query)


def _with_stages(body: exp.Select, query: CubeQuery) -> exp.Select:
    return (
        body.with_("typed", as_=_typed_select(query.relation))
        .with_("converted", as_=_convention(query.relation))
        .with_("checked", as_=_checked(query))
        .with_("repeated", as_=_repeated())
        .with_("deduped", as_=_deduped(query))
    )


def rejections_tree(query: CubeQuery) -> exp.Select:
    """Per file and reason: the rejected rows' numbers (1 = a file's first row in `order`), the
    first five of each, and how many there are — a second small query, run only when the cube
    counted rejections. A source that is not files is one file, 0."""
    order = [exp.Ordered(this=col(f"_o{i}")) for i in range(len(query.relation.order))]
    row = exp.Window(this=exp.RowNumber(), order=exp.Order(expressions=order))
    per_file = bool(query.relation.files)
    numbered = exp.select(
        col("_reason"),
        col("_dup"),
        col("timestamp"),
        exp.alias_(col("_o0") if per_file else lit(0), "_file", quoted=True),
        exp.alias_(row, "_row", quoted=True),
    ).from_("deduped")
    if per_file:  # numbered across the files in order, then from each file's first row
        first = exp.Window(this=exp.Min(this=col("_row")), partition_by=[col("_file")])
        within = exp.Add(this=exp.Sub(this=col("_row"), expression=first), expression=lit(1))
        numbered = exp.select(
            col("_reason"), col("_dup"), col("timestamp"), col("_file"), exp.alias_(within, "_row", quoted=True)
        ).from_(numbered.subquery("across"))
    group = [col("_file"), col("_reason")]
    rank = exp.Window(
        this=exp.RowNumber(),
        partition_by=[g.copy() for g in group],
        order=exp.Order(expressions=[exp.Ordered(this=col("_row"))]),
    )
    total = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[g.copy() for g in group])
    rejected = exp.and_(exp.Not(this=exp.Is(this=col("_reason"), expression=exp.null())), exp.Not(this=col("_dup")))
    inside = months_sql(query.window, col("timestamp"))
    if inside is not None:
        rejected = exp.and_(rejected, inside)
    ranked = (
        exp.select(*group, col("_row"), exp.alias_(rank, "_k", quoted=True), exp.alias_(total, "rows", quoted=True))
        .from_("numbered")
        .where(rejected)
    )
    body = (
        exp.select(col("_file"), col("_reason"), col("_row"), col("rows"))
        .from_("ranked")
        .where(exp.LTE(this=col("_k"), expression=lit(5)))
    )
    body = _with_stages(body, query).with_("numbered", as_=numbered).with_("ranked", as_=ranked)
    return body


def count_tree(query: CubeQuery) -> exp.Select:
    """The rows of the relation in the window's months, counted apart from the cube: read =
    priced + unpriced + rejected + duplicates + skipped must equal it."""
    body = exp.select(exp.alias_(exp.Count(this=exp.Star()), "rows", quoted=True)).from_("typed")
    inside = months_sql(query.window, col("timestamp"))
    if inside is not None:
        body = body.where(inside)
    return body.with_("typed", as_=_typed_select(query.relation))


# ---------------------------------------------------------------------------------------------
# Dialects

MATERIALIZE = ("postgres", "duckdb")  # dialects that take AS [NOT] MATERIALIZED


# The steps engines spell differently, per dialect (others: the default), as SQL with {0}, {1}… for
# the arguments. Timestamps are UTC wall times: each engine's session time zone is UTC.
PORTABLE: dict[str, dict[str, str]] = {
    # A whole-valued DOUBLE as DECIMAL(38, 0), every digit kept. Only DuckDB's cast keeps them:
    # PostgreSQL converts through 15 significant digits, Spark through the shortest decimal text,
    # ClickHouse loses some above 10^19. Elsewhere it is cut at 2^32 into two BIGINTs, each
    # exact, added as DECIMAL.
    "exact_decimal": {
        "default": "CAST(FLOOR({0} / CAST(4294967296 AS DOUBLE)) AS BIGINT) * CAST(4294967296 AS DECIMAL(38, 0))"
        " + CAST({0} - FLOOR({0} / CAST(4294967296 AS DOUBLE)) * CAST(4294967296 AS DOUBLE) AS BIGINT)",
        "duckdb": "CAST({0} AS DECIMAL(38, 0))",
    },
    "iso_timestamp": {
        "default": "CAST(CAST({0} AS TIMESTAMPTZ) AS TIMESTAMP)",
        "clickhouse": "parseDateTime64BestEffortOrNull({0}, 6, 'UTC')",
        "spark": "CAST({0} AS TIMESTAMP)",
    },
    "json": {
        "default": "JSON_EXTRACT_SCALAR({0}, {path})",
        "postgres": "JSONB_EXTRACT_PATH_TEXT(CAST({0} AS JSONB), {keys})",
        "duckdb": "json_extract_string({0}, {path})",
        "clickhouse": "nullIf(JSONExtractRaw({0}, {keys}), '')",
        "spark": "GET_JSON_OBJECT({0}, {path})",
        "snowflake": "JSON_EXTRACT_PATH_TEXT({0}, {dotted})",
    },
    "duration_ms": {
        "default": "TIMESTAMP_DIFF({1}, {0}, MICROSECOND) / 1000.0",
        "postgres": "EXTRACT(EPOCH FROM ({1} - {0})) * 1000",
        "duckdb": "(epoch_us({1}) - epoch_us({0})) / 1000.0",
        "clickhouse": "dateDiff('microsecond', {0}, {1}) / 1000.0",
        "spark": "(unix_micros({1}) - unix_micros({0})) / 1000.0",
        "snowflake": "TIMESTAMPDIFF(MICROSECOND, {0}, {1}) / 1000.0",
        "trino": "date_diff('millisecond', {0}, {1})",
    },
}
TIMESTAMP_TYPES = {"clickhouse": "DateTime64(6)"}  # ClickHouse's DateTime is whole seconds


RAW_QUERY = "LLMCOST_RAW_QUERY"  # where --query's own text goes


def render(tree: exp.Select, dialect: str, pretty: bool = True, query: str | None = None) -> str:
    """The tree in `dialect`. Only the small `repeated` CTE is materialised where the dialect
    can say so; the others are inlined (PostgreSQL would otherwise write every row to disk)."""
    tree = tree.copy()
    for cte in tree.find_all(exp.CTE):
        if dialect in MATERIALIZE:
            cte.set("materialized", cte.alias == "repeated")
    spelt = tree.transform(lambda node: _spelt(node, dialect))
    assert isinstance(spelt, exp.Select)
    tree = _clickhouse(spelt) if dialect == "clickhouse" else spelt
    text = tree.sql(dialect=dialect, pretty=pretty, identify=True)
    return text.replace(f"{RAW_QUERY}()", query.strip().rstrip(";")) if query else text


# Every ClickHouse query carries its settings, so that the SQL --show-sql prints runs the same in a
# console: UTC wall times; NULL, not a type's default, where a join finds no row; and a name in
# a SELECT means the column read, not an alias of the same SELECT (ClickHouse's default, under
# which `CAST(x AS …) AS x, length(x)` would measure the cast).
CLICKHOUSE_SETTINGS = {
    "session_timezone": "UTC",
    "join_use_nulls": 1,
    "prefer_column_name_to_alias": 1,
    "cast_keep_nullable": 1,
}


def _clickhouse(tree: exp.Select) -> exp.Select:
    """The query as ClickHouse must read it to agree with the other engines."""
    settings = [exp.EQ(this=exp.var(k), expression=lit(v)) for k, v in CLICKHOUSE_SETTINGS.items()]
    out = tree.transform(_nan_greatest)
    assert isinstance(out, exp.Select)
    out.set("settings", settings)
    return out


def _nan_greatest(node: exp.Expression) -> exp.Expression:
    """`x > c` true for a NaN float column, as in Polars, DuckDB and PostgreSQL, which sort NaN
    above every number (ClickHouse: no comparison with NaN is true)."""
    if not isinstance(node, exp.GT | exp.GTE) or not isinstance(node.this, exp.Column):
        return node
    column = COLUMNS.get(node.this.name)
    if column is None or column.kind != "float":
        return node
    return exp.paren(exp.or_(node, exp.func("isNaN", node.this.copy())))


def _spelt(node: exp.Expression, dialect: str) -> exp.Expression:
    """A PORTABLE placeholder written out for `dialect`; ClickHouse timestamps with microseconds."""
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.TIMESTAMP and dialect in TIMESTAMP_TYPES:
        return exp.DataType.build(TIMESTAMP_TYPES[dialect], dialect=dialect)
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.DATE and dialect == "clickhouse":
        return exp.DataType.build("Date32", dialect=dialect)  # Date starts in 1970: a week of 1970 in 1969
    if not (isinstance(node, exp.Anonymous) and str(node.this).startswith("LLMCOST_")) or node.this == RAW_QUERY:
        return node
    # the arguments' own placeholders and types first: transform() does not enter a replaced node
    spelt_args = [a.transform(lambda n: _spelt(n, dialect)) for a in node.expressions]
    if node.this == "LLMCOST_TRIM":  # built as a tree, not from a text form
        return _trim(spelt_args[0], dialect)
    forms = PORTABLE[str(node.this).removeprefix("LLMCOST_").lower()]
    args = [a.sql(dialect=dialect, identify=True) for a in spelt_args]
    keys = [str(a.this) for a in node.expressions[1:]]
    quoted = {
        "keys": ", ".join(exp.Literal.string(k).sql(dialect) for k in keys),
        "path": exp.Literal.string("$" + "".join(f".{k}" for k in keys)).sql(dialect),
        "dotted": exp.Literal.string(".".join(keys)).sql(dialect),
    }
    spelt = sqlglot.parse_one(forms.get(dialect, forms["default"]).format(*args, **quoted), read=dialect)
    assert isinstance(spelt, exp.Expression)
    return spelt


def parses(text: str, dialect: str) -> bool:
    """Whether `text` parses back in `dialect` (tests hold --show-sql to this)."""
    return bool(sqlglot.parse(text, read=dialect))
