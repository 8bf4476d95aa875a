"""The one pass over the rows: canonical log → a small table of token sums.

Cost is linear in tokens once the price (model, dated version, tier, batch)
is fixed, so the rows are summed per (metric keys × model × price segment ×
tier bucket × batch × month) in a single streaming group-by and priced
afterwards. The big scan never joins, sorts or carries a cost column; every
later step works on a frame of thousands of rows, not millions.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

import polars as pl

from llmcost import rules, scalars
from llmcost.errors import LlmcostError
from llmcost.incremental import per_file, summed
from llmcost.load import Log
from llmcost.pricing import PriceBook
from llmcost.rules import (
    PERIODS,
    SEGMENT,
    TIER_BUCKET,
    bucket_expr,
    fixed_expr,
    period_expr,
    row_ok_expr,
    row_state_expr,
    service_tier_expr,
    signal_expr,
)

TOKENS = ("input_tokens", "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens")
INTERNAL = ("_model", "_seg", "_bucket", "_tier", "_month", "_in", "_state", "_reason", "_has_cost")


# Per-row values of the quality and outcome columns (rules.SIGNALS), summed per cell. They are
# projected into plain columns before the group-by: a streaming group-by aggregates plain
# columns in constant memory, expressions inside it do not.
SIGNALS: dict[str, pl.Expr] = {s.name: signal_expr(s) for s in rules.SIGNALS}
EXTREMES = {name: how for name, (how, _) in rules.EXTREMES.items()}
# The float sums, added in fixed point (rules.FIXED_POINT): the logged cost and measures' values.
FIXED = ("logged_cost", *(s.name for s in rules.SIGNALS if s.how == "value" and s.column in rules.SUMMED_MEASURES))


# Keys lowercased on the cells, not on the rows: a text rule applied once per distinct value
# (a dozen models) instead of once per row (~0.4 s per 10M rows), then the cells re-summed.
LOWERED = ("_model",)


LAST_MONTH = dt.datetime(9999, 12, 1, tzinfo=dt.UTC)  # the last month Python's dates can name


@dataclass(frozen=True)
class Window:
    """`since` inclusive, `until` exclusive (UTC); None = open."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def contains(self, ts: pl.Expr) -> pl.Expr:
        inside = pl.lit(True)
        if self.since is not None:
            inside = inside & (ts >= self.since)
        if self.until is not None:
            inside = inside & (ts < self.until)
        return inside

    def read(self, rows: pl.LazyFrame) -> pl.LazyFrame:
        """The rows a pass reads: those of every month the window touches (all, unbounded)."""
        return rows.filter(self.months(pl.col("timestamp"))) if self.bounded else rows

    def months(self, ts: pl.Expr) -> pl.Expr:
        """Rows of every calendar month the window touches (fixed costs need whole months)."""
        inside = pl.lit(True)
        if self.since is not None:
            inside = inside & (ts >= _month_start(self.since))
        last = self.until - dt.timedelta(microseconds=1) if self.until is not None else None
        if last is not None and last < LAST_MONTH:  # --until in December 9999 has no month after it
            inside = inside & (ts < _next_month(last))
        return ts.is_null() | inside


def _month_start(moment: dt.datetime) -> dt.datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(moment: dt.datetime) -> dt.datetime:
    start = _month_start(moment)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


def period_start(period: str, ts: pl.Expr | None = None) -> pl.Expr:
    """The UTC calendar day, ISO week (Monday) or month a timestamp falls in, as a date."""
    if period not in PERIODS:
        raise LlmcostError(f"unknown period {period!r} (day, week or month)")
    return period_expr(period, pl.col("timestamp") if ts is None else ts)


def hour_of_day() -> pl.Expr:
    """The UTC hour of the day a call started in (0–23): a cube key like a period, so that
    `usage`'s hours are summed where the log lives rather than from its rows."""
    return pl.col("timestamp").dt.hour()


@dataclass(frozen=True)
class Spelt:
    """A cube key or extra value that is not a plain column, with the spec the SQL compiler builds
    it from (sqlcube.value_sql: "sum:a,b", "excess:column:{feature: limit}", "bucket:<spec>"),
    so that an engine sums it too; the Polars pass reads `expr`."""

    expr: pl.Expr
    spec: str


def _plain(value: pl.Expr | Spelt) -> pl.Expr:
    return value.expr if isinstance(value, Spelt) else value


BATCH_BYTES = 2**29  # text-equivalent input (~5M rows) summed per pass; see Log.batches


def cube(
    log: Log,
    book: PriceBook,
    keys: Mapping[str, pl.Expr | Spelt],
    window: Window,
    extra: Mapping[str, tuple[str, pl.Expr | Spelt]] | None = None,
    signals: bool = False,
) -> pl.DataFrame:
    """Collect token sums per `keys` plus the internal pricing keys; with `signals`, also
    the quality sums (only the commands that read them pay for them). `extra` adds
    mergeable aggregates, as (name: ("min" | "max" | "sum", expression)). A log that stays in
    its database is summed there (llmcost.engines)."""
    if log.remote is not None:
        from llmcost.engines import remote_cube

        breaks = (tuple(book.date_breaks()), tuple(book.tier_breaks()))
        return remote_cube(log.remote, breaks, keys, window, extra, signals)
    plain = {k: _plain(e) for k, e in keys.items()}
    sums_of = {k: (how, _plain(e)) for k, (how, e) in (extra or {}).items()}
    ok = row_ok_expr()
    wrapped = {k: pl.when(ok).then(e).alias(k) for k, e in {**plain, **_internal(book, window)}.items()}
    order = [*wrapped, "_state", "_reason"]  # the cells' key columns, as finish() sorts them
    group = [e for k, e in wrapped.items() if k not in PACKED] + [_packed(wrapped)]
    group += [row_state_expr().alias("_state"), pl.col("_reason")]
    # No row numbers in here: mixed with computed columns they stop the plan streaming.
    # Where rejected rows were, rejections() asks separately, only when there are some.
    values, sums, extremes = _values(signals, sums_of)
    names = [e.meta.output_name() for e in group]
    # Text keys travel as categoricals (4-byte codes): batches merge on them much faster
    # and in less memory than on strings; they are text again in the result.
    unmarked = log.raw[0].with_columns(pl.lit(False).alias("_dup"))  # the schema, without reading the ids
    texts = [n for n, t in unmarked.select(group).collect_schema().items() if t == pl.String]
    group = [e.cast(pl.Categorical) if e.meta.output_name() in texts else e for e in group]
    first = [
        pl.len().alias("inferences"),
        *(_sum(c) for c in sums[1:]),
        *(getattr(pl.col(c), how)() for c, how in extremes.items()),
    ]
    merge = [*(_sum(c) for c in sums), *(getattr(pl.col(c), how)() for c, how in extremes.items())]
    total = _unpacked(_summed(log, window, [*group, *values], names, first, merge, texts))
    return finish(unfixed(total.select(*order, pl.exclude(order))), len(order))


# The small pricing keys, packed into one integer for the group-by and unpacked on the cells:
# fewer, narrower keys hash faster (customers on 10M Parquet rows: the cells pass 3.1 s → 2.7 s).
# Each field's code keeps null apart (0 for a number, 2 for a flag): name → (kind, lowest bit).
PACKED = {"_seg": ("number", 34), "_bucket": ("number", 4), "_in": ("flag", 2), "_has_cost": ("flag", 0)}
NUMBER_BITS = 30  # a segment or tier number below 2^30 (dates and tiers are a handful)


def _packed(wrapped: dict[str, pl.Expr]) -> pl.Expr:
    codes = [
        ((wrapped[k].cast(pl.UInt64) + 1).fill_null(0) if kind == "number" else wrapped[k].cast(pl.UInt64).fill_null(2))
        * 2**bit
        for k, (kind, bit) in PACKED.items()
    ]
    return reduce(operator.add, codes).alias("_pack")


def _unpacked(cells: pl.DataFrame) -> pl.DataFrame:
    fields = []
    for k, (kind, bit) in PACKED.items():
        code = (pl.col("_pack") // 2**bit) % (2**NUMBER_BITS if kind == "number" else 4)
        if kind == "number":
            fields.append(pl.when(code > 0).then(code - 1).cast(pl.UInt32).alias(k))
        else:
            fields.append(pl.when(code < 2).then(code == 1).alias(k))
    return cells.with_columns(fields).drop("_pack")


def finish(cells: pl.DataFrame, keys: int) -> pl.DataFrame:
    """Token sums back in 64 bits, and the cells sorted by their `keys` first columns: every float
    sum after this is done in the same order for the same data, whatever the input format,
    engine or thread timing — identical numbers, always."""
    cells = _narrow_tokens(cells)
    return cells.sort(cells.columns[:keys], nulls_last=True)


def unfixed(cells: pl.DataFrame) -> pl.DataFrame:
    """The fixed-point sums (FIXED) back as floats (rules.unfix)."""
    return cells.with_columns(rules.unfix(cells[c]) for c in FIXED if c in cells.columns)


def _values(signals: bool, extra: dict[str, tuple[str, pl.Expr]]) -> tuple[list[pl.Expr], list[str], dict[str, str]]:
    """The per-row values summed or compared per cell; the names of the sums (row count first)
    and of the extremes (name: "min" | "max")."""
    chosen = SIGNALS if signals else {}
    extremes = {**(EXTREMES if signals else {}), **{k: how for k, (how, _) in extra.items()}}
    values = [
        *(pl.col(t).fill_null(0).alias(t) for t in TOKENS),
        fixed_expr(pl.col("cost")).alias("logged_cost"),
        *((fixed_expr(e) if k in FIXED else e).alias(k) for k, e in chosen.items()),
        pl.col("_cache_rows"),
        pl.col("_looks_openai"),
        *(pl.col("feedback").alias(k) for k in EXTREMES if signals),
        *(e.alias(k) for k, (_, e) in extra.items()),
    ]
    sums = ["inferences", *TOKENS, "logged_cost", *chosen, "_cache_rows", "_looks_openai"]
    return values, sums, extremes


def _internal(book: PriceBook, window: Window) -> dict[str, pl.Expr]:
    """The keys pricing needs: model, price segment, tier bucket, service tier, month, in-window."""
    ts = pl.col("timestamp")
    dates = [dt.datetime.combine(d, dt.time(), dt.UTC) for d in book.date_breaks()]
    return {
        "_model": pl.col("model"),  # lowercased on the cells (LOWERED)
        "_seg": bucket_expr(SEGMENT, dates, ts),
        "_bucket": bucket_expr(TIER_BUCKET, book.tier_breaks()),
        "_tier": service_tier(),
        "_month": period_start("month"),
        "_in": window.contains(ts),
        "_has_cost": pl.col("cost").is_not_null(),
    }


PRICE_KEYS = ("_model", "_seg", "_bucket", "_tier", "_has_cost")  # what a cell's price state depends on


def price_keys(book: PriceBook) -> dict[str, pl.Expr]:
    """The keys a row's price state depends on (price.price: its rates, else its logged cost), on
    the rows as on the cells: the model lowercased as the cells' is (LOWERED)."""
    keys = _internal(book, Window())
    return {k: pl.col("model").str.to_lowercase() if k == "_model" else keys[k] for k in PRICE_KEYS}


def _summed(
    log: Log,
    window: Window,
    columns: list[pl.Expr],
    names: list[str],
    first: list[pl.Expr],
    merge: list[pl.Expr],
    texts: list[str],
) -> pl.DataFrame:
    """Sum a unit of sources at a time (a big file, or a batch of small ones: llmcost.incremental,
    which keeps each big file's cells between runs) and merge the units: sums add, extremes
    compare. Text keys are text again in each unit's cells (they are kept, and merged)."""

    def cells_of(rows: pl.LazyFrame) -> pl.DataFrame:
        frame = window.read(rows)
        # Projected to plain columns first: a streaming group-by aggregates plain columns
        # in constant memory per group, expressions inside it do not.
        cells = frame.select(*columns).group_by(names).agg(first).collect()
        cells = cells.with_columns(pl.col(texts).cast(pl.String))
        lowered = cells.select(pl.col(LOWERED).str.to_lowercase())
        if lowered.equals(cells.select(LOWERED)):  # the usual log: summed again for nothing (0.1 s a file)
            return cells
        return cells.with_columns(lowered).group_by(names).agg(merge)

    def merged(parts: list[pl.DataFrame]) -> pl.DataFrame:
        # Streaming: its order varies by thread, but every sum is of integers (FIXED).
        return pl.concat([p.lazy() for p in parts]).group_by(names).agg(merge).collect()

    plan = ["cells", names, [_said(e) for e in [*columns, *first]], [window.since, window.until]]
    return summed(log, plan, cells_of, merged)


def _said(expr: pl.Expr) -> str:
    """An expression written out in full, for the cache's key (a Python function in it has no
    serial form: its text then)."""
    try:
        return expr.meta.serialize(format="json")
    except (pl.exceptions.PolarsError, TypeError, ValueError):
        return str(expr)


def _sum(column: str) -> pl.Expr:
    """Token sums in 128 bits: Int64 sums wrap around silently (two huge counts made a month
    cost −$9.2 trillion). Rows above 10^12 tokens are rejected, so 128 bits never overflow."""
    return pl.col(column).cast(pl.Int128).sum() if column in TOKENS else pl.col(column).sum()


def _narrow_tokens(cells: pl.DataFrame) -> pl.DataFrame:
    """Back to Int64 for pricing, after checking that every sum fits (9.2 × 10^18 tokens)."""
    limit = 2**63 - 1
    too_big = [t for t in TOKENS if cells.height and (scalars.number(cells[t], "max") or 0) > limit]
    if too_big:
        raise LlmcostError(
            f"{too_big[0]} sums to more than {limit:,} tokens in one group: "
            "check the token columns' units, or split the log by month"
        )
    return cells.with_columns(pl.col(TOKENS).cast(pl.Int64))


def rejections(log: Log, window: Window) -> pl.DataFrame:
    """Per file and reason: rejected rows, the first row number and the first five (a second,
    small pass, run only when the cube counted rejected rows; each big file's from the cache)."""
    if log.remote is not None:
        from llmcost.engines import remote_rejections

        return remote_rejections(log.remote, ((), ()), window)

    def listed(rows: pl.LazyFrame) -> pl.DataFrame:
        frame = window.read(rows)
        first = pl.col("_row").sort()
        return (
            frame.filter(pl.col("_reason").is_not_null() & ~pl.col("_dup"))
            .group_by("_file", "_reason")
            .agg(pl.len().alias("rows"), first.first().alias("first_row"), first.head(5).alias("first_rows"))
            .collect()
        )

    return per_file(log, ["rejections", window.since, window.until], listed)


def rejected_months(log: Log, window: Window, wanted: bool = True) -> pl.DataFrame:
    """Per reason and month (`_month`) inside the window: rejected rows. The cube keeps no key of a
    rejected row (its date may be what is wrong), so what a month's rows were rejected for is this
    second small pass (each big file's from the cache), run only when `wanted`. A log in a
    database is not read row by row: there, no months (an empty frame)."""
    if log.remote is not None or not wanted:
        return pl.DataFrame(schema={"_reason": pl.String, "_month": pl.Date, "rows": pl.UInt32})
    ts = pl.col("timestamp")

    def listed(rows: pl.LazyFrame) -> pl.DataFrame:
        frame = window.read(rows)
        mine = frame.filter(pl.col("_reason").is_not_null() & ~pl.col("_dup") & window.contains(ts) & ts.is_not_null())
        return mine.group_by("_reason", period_start("month").alias("_month")).agg(pl.len().alias("rows")).collect()

    found = per_file(log, ["rejected months", window.since, window.until], listed)
    return found.group_by("_reason", "_month").agg(pl.col("rows").sum()).sort("_month", "_reason")


def service_tier() -> pl.Expr:
    """standard, batch, flex or priority: `batch` = true is the batch tier; anything else is standard."""
    return service_tier_expr()
