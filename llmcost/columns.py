"""Map one source's columns onto the canonical log (docs/reference.md §1.1) and type them.

Values are parsed leniently (strict=False) and every value that does not
parse becomes a rejection reason on its row rather than an exception, so one
bad cell never stops a run and never disappears silently.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import NamedTuple

import polars as pl
from polars.datatypes import DataTypeClass

from llmcost import scalars
from llmcost.errors import LlmcostError
from llmcost.rules import COLUMNS, EPOCH_MIN, EPOCH_MS, EPOCH_NS, EPOCH_US, FALSE, TRUE, clock, reason_expr, status_expr

# The typing rules (COLUMNS, the bool words, the epoch sizes) and the validation checks are data in
# llmcost.rules, compiled there; COLUMNS, TRUE, FALSE and EPOCH_MIN stay importable from here.
DTYPES: dict[str, pl.DataType | DataTypeClass] = {
    "timestamp": pl.Datetime("us", "UTC"),
    "string": pl.String,
    "int": pl.Int64,
    "float": pl.Float64,
    "bool": pl.Boolean,
    "status": pl.String,
}


def map_columns(names: list[str], mapping: dict[str, str], source: str) -> dict[str, str]:
    """canonical → source column: the config mapping, then exact names, then aliases."""
    lower = {n.lower(): n for n in reversed(names)}
    found: dict[str, str] = {}
    for canonical, column in COLUMNS.items():
        if canonical in mapping:
            wanted = mapping[canonical]
            if wanted not in names and wanted.lower() not in lower:
                raise LlmcostError(
                    f"{source}: columns.{canonical} names '{wanted}', which is not a "
                    f"column here (columns: {', '.join(names[:12])})"
                )
            found[canonical] = wanted if wanted in names else lower[wanted.lower()]
            continue
        for candidate in (canonical, *column.aliases):
            if candidate in lower and lower[candidate] not in found.values():
                found[canonical] = lower[candidate]
                break
    return found


def timestamp_note(names: list[str], found: dict[str, str], mapping: dict[str, str], source: str) -> list[str]:
    """Which column gave the timestamps, when the log has several candidates and none was mapped:
    months are assigned by it, so the choice must be visible."""
    if "timestamp" in mapping or "timestamp" not in found:
        return []
    candidates = {"timestamp", *COLUMNS["timestamp"].aliases}
    others = [n for n in names if n.lower() in candidates and n != found["timestamp"]]
    if not others:
        return []
    return [
        f"{source}: timestamps from column '{found['timestamp']}', not {', '.join(repr(o) for o in others)} "
        "(set columns.timestamp in llmcost.yaml to choose another)"
    ]


def canonical(
    frame: pl.LazyFrame,
    source: str,
    file_index: int,
    mapping: dict[str, str],
    *,
    anthropic: bool = False,
    default_model: str | None = None,
    timestamp_format: str | None = None,
    now: dt.datetime | None = None,
    sniffed: dict[str, tuple[str, bool]] | None = None,
) -> tuple[pl.LazyFrame, dict[str, str]]:
    """Typed canonical columns plus `_file`, `_row` and `_reason` (null when the row is good);
    `now`: the moment a timestamp counts as in the future after (default: rules.clock());
    `sniffed`: text timestamp formats known for this file by column (a kept file's, from the
    cube cache), to which a format sniffed now is added."""
    schema = frame.collect_schema()
    names = [n for n in schema.names() if n not in ("_row", "_skip", "_ts_fast")]
    found = map_columns(names, mapping, source)
    missing = [
        c for c, col in COLUMNS.items() if col.required and c not in found and not (c == "model" and default_model)
    ]
    if missing:
        raise LlmcostError(missing_columns(frame, names, missing, source))
    frame, fast, hint = _sniffed(frame, schema, found, timestamp_format, {} if sniffed is None else sniffed)
    moment = now or clock()  # one moment per load: its files share the steps
    steps = _steps(
        tuple(schema.items()), tuple(found.items()), fast is not None, hint, default_model, anthropic, moment
    )
    typed = frame.select(pl.lit(file_index, dtype=pl.UInt32).alias("_file"), *steps.select)
    for columns in steps.added:
        typed = typed.with_columns(columns)
    return typed.drop(steps.dropped), found


class Steps(NamedTuple):
    """Kept between files (`_steps`), so tuples: nobody changes them."""

    select: tuple[pl.Expr, ...]
    added: tuple[list[pl.Expr], ...]
    dropped: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def _steps(
    schema: tuple[tuple[str, pl.DataType], ...],
    mapped: tuple[tuple[str, str], ...],
    fast: bool,
    hint: str | None,
    default_model: str | None,
    anthropic: bool,
    now: dt.datetime,
) -> Steps:
    """The select, the with_columns and the columns dropped that make a file of this schema
    canonical. Built once per schema: a folder of daily files shares one, and building the
    checks' expressions took ~2 ms a file (0.2 s of a re-run over 100 kept files)."""
    types, found = dict(schema), dict(mapped)
    exprs = _typed(types, found, pl.col("_ts_fast") if fast else None, default_model)
    select = (
        pl.col("_row").cast(pl.Int64),
        (pl.col("_skip") if "_skip" in types else pl.lit(False)).alias("_skip"),
        *(e.alias(n) for n, e in exprs.items()),
        *(_given(pl.col(found[n]), types[found[n]]).alias(f"_given_{n}") for n in found),
    )
    reason = pl.when(~pl.col("_skip")).then(reason_expr(found, {"timestamp": hint} if hint else None, now))
    added = (*_convention(anthropic), [reason.alias("_reason"), status_expr().alias("status")])
    return Steps(select, added, (*(f"_given_{n}" for n in found), "error"))


def _sniffed(
    frame: pl.LazyFrame,
    schema: pl.Schema,
    found: dict[str, str],
    timestamp_format: str | None,
    known: dict[str, tuple[str, bool]],
) -> tuple[pl.LazyFrame, pl.Expr | None, str | None]:
    """Text timestamps: the frame with `_ts_fast`, parsed by the one format a sample shows (or
    the one configured, or `known` for the column), and that column; else the hint the
    rejection reason gives for dates no format read. A format only speeds the common rows up:
    the rows it leaves null go through the general parser, so a stale one costs no row."""
    if "timestamp" not in found or schema[found["timestamp"]] != pl.String:
        return frame, None, None
    column = found["timestamp"]
    fmt = (timestamp_format, "%z" in timestamp_format) if timestamp_format else known.get(column)
    if fmt is None:
        sample = frame.select(pl.col(column)).head(500).collect().to_series()
        fmt = sniff_timestamp(sample) or sniff_epoch(sample)
        if fmt is None:
            return frame, None, format_hint(sample)
        known[column] = fmt
    frame = frame.with_columns(fast_timestamp(pl.col(column), fmt).alias("_ts_fast"))
    return frame, pl.col("_ts_fast"), None


def _typed(
    schema: Mapping[str, pl.DataType], found: dict[str, str], fast: pl.Expr | None, default_model: str | None
) -> dict[str, pl.Expr]:
    """Every canonical column, typed by its kind (COLUMNS); null where the source lacks it."""
    exprs: dict[str, pl.Expr] = {}
    for name, column in COLUMNS.items():
        if name == "timestamp" and name in found:
            exprs[name] = parse_timestamp(pl.col(found[name]), schema[found[name]], fast)
        elif name in found:
            exprs[name] = _parse(pl.col(found[name]), column.kind, schema[found[name]])
        else:
            exprs[name] = pl.lit(None, dtype=DTYPES[column.kind])
    if "model" not in found and default_model:
        exprs["model"] = pl.lit(default_model)
    return exprs


def _given(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """True where the source cell holds something (so a failed parse is a rejection)."""
    if dtype == pl.String:
        return (expr.str.len_bytes() > 0).fill_null(False)
    return expr.is_not_null()


def _parse(expr: pl.Expr, kind: str, dtype: pl.DataType) -> pl.Expr:
    parse = PARSERS.get(kind)
    if parse:
        return parse(expr, dtype)
    return identifier(expr if dtype == pl.String else expr.cast(pl.String, strict=False))


def _float(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A number; " 1.5 " is 1.5. Text is cast directly; only the cells that fail are stripped
    and cast again (stripping every cell took as long as the cast: 0.13 s per 10M rows)."""
    as_float = expr.cast(pl.Float64, strict=False)
    if dtype != pl.String:
        return as_float
    return pl.coalesce(
        as_float, pl.when(as_float.is_null()).then(expr).str.strip_chars().cast(pl.Float64, strict=False)
    )


def identifier(text: pl.Expr) -> pl.Expr:
    """The one rule for ids on every input (logs, revenue, customers): the text as written,
    surrounding whitespace removed, case kept; nothing left is no id. "acme " in a log is the
    "acme" of the revenue file. (`.replace("", None)` strips once, but held ~10 MiB more per
    200 MB of text in a streaming read: tests/test_files_hostile.py.)

    Only the cells that may have whitespace at an end are stripped: Polars' strip_chars took
    ~0.15 s per 10M cells of a column. Every whitespace character is ASCII up to the space, or
    not ASCII, so a cell whose first and last characters are neither has none to strip; the
    comparisons that tell are bytewise, and read the few bytes a string view holds inline."""
    last = text.str.tail(1)
    ends = (text < "!") | (text >= "\u0080") | (last < "!") | (last >= "\u0080")
    stripped = pl.coalesce(pl.when(ends).then(text).str.strip_chars(), text)
    return pl.when(stripped.str.len_bytes() > 0).then(stripped)


def _integer(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Whole numbers; " 12 " and "12.0" (as pandas writes ints beside NaN) are accepted as 12.
    Text is cast directly; only the cells that fail are stripped and read as floats."""
    if dtype.is_integer():
        return expr.cast(pl.Int64, strict=False)
    if dtype == pl.String:
        as_int = expr.cast(pl.Int64, strict=False)
        rest = pl.when(as_int.is_null()).then(expr).str.strip_chars()
    else:
        as_int, rest = pl.lit(None, pl.Int64), expr
    as_float = rest.cast(pl.Float64, strict=False)
    whole = (as_float == as_float.floor()) & (as_float.abs() < 2.0**53)
    return pl.coalesce(as_int, pl.when(whole).then(as_float.cast(pl.Int64, strict=False)))


def _boolean(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean:
        return expr
    text = expr.cast(pl.String, strict=False).str.strip_chars().str.to_lowercase()
    return pl.when(text.is_in(TRUE)).then(True).when(text.is_in(FALSE)).then(False)


# Tried on a sample of each file; the best one parses every row first. Fixed-width
# fractions come first: Polars parses them on a fast path that `%.f` (any width) leaves,
# which halves the cost of typing a CSV's timestamps; `%.f` wins where widths vary.
ISO_FORMATS = (
    *(
        (f"%Y-%m-%d{sep}%H:%M:%S{fraction}{zone}", False)
        for sep in "T "
        for zone in ("Z", "")
        for fraction in (".%6f", ".%3f", ".%9f", "")
    ),
    ("%Y-%m-%dT%H:%M:%S%.fZ", False),
    ("%Y-%m-%dT%H:%M:%S%.f%#z", True),
    ("%Y-%m-%dT%H:%M:%S%.f", False),
    ("%Y-%m-%d %H:%M:%S%.f", False),
    ("%Y-%m-%d %H:%M:%S%.f%#z", True),
    ("%Y-%m-%d", False),
)


def sniff_timestamp(sample: pl.Series) -> tuple[str, bool] | None:
    """The ISO format that parses most of a sample of a file's timestamps (None: not ISO text)."""
    text = sample.drop_nulls().cast(pl.String).str.strip_chars()
    if text.len() == 0:
        return None
    parsed = {f: text.str.to_datetime(f[0], time_unit="us", strict=False).is_not_null().sum() for f in ISO_FORMATS}
    best = max(ISO_FORMATS, key=parsed.__getitem__)
    return best if parsed[best] else None


EPOCH_TEXT = ("epoch", False)  # the "format" of epoch numbers written as text (JSON strings, CSV read as text)


def sniff_epoch(sample: pl.Series) -> tuple[str, bool] | None:
    """EPOCH_TEXT when a sample of text timestamps is all numbers (None otherwise).

    Without it such a file goes through the general parser, which tries every ISO shape
    on every row first: ~9× slower on 2M rows than reading the numbers directly."""
    text = sample.drop_nulls().cast(pl.String).str.strip_chars()
    numbers = text.cast(pl.Float64, strict=False)
    return EPOCH_TEXT if text.len() and numbers.null_count() == 0 else None


# What every ISO reading checks first: four, two and two digits, then `T`, a space or the end.
# Polars' parser reads a space in a format as any whitespace or none, and a day as one or two
# digits: unchecked, `2026-5-110:00:00Z` read as 11 May, midnight.
ISO_SHAPE = r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)"


def _iso(text: pl.Expr, fmt: str) -> pl.Expr:
    """`text` read with the ISO strftime `fmt`, only where it has ISO_SHAPE (null elsewhere)."""
    return pl.when(text.str.contains(ISO_SHAPE)).then(text.str.to_datetime(fmt, time_unit="us", strict=False))


def fast_timestamp(expr: pl.Expr, fmt: tuple[str, bool]) -> pl.Expr:
    """Text parsed with the one format sniffed from the file, or configured (`timestamp_format`:
    read as written, not checked for ISO_SHAPE); null where it does not fit."""
    if fmt == EPOCH_TEXT:
        return _epoch(expr.str.strip_chars().cast(pl.Float64, strict=False))
    fast = _iso(expr, fmt[0]) if fmt in ISO_FORMATS else expr.str.to_datetime(fmt[0], time_unit="us", strict=False)
    return fast.cast(pl.Datetime("us", "UTC")) if fmt[1] else fast.dt.replace_time_zone("UTC")


def parse_timestamp(expr: pl.Expr, dtype: pl.DataType | DataTypeClass, fast: pl.Expr | None = None) -> pl.Expr:
    """ISO 8601 with or without zone (none = UTC), any fraction length, or epoch s/ms/µs/ns.

    With `fast` (a column parsed by fast_timestamp in an earlier step), only the rows
    it left null go through the general parser: typing text dates is the costly step
    of reading a CSV, and a single computed column keeps Polars from repeating it.
    """
    utc = pl.Datetime("us", "UTC")
    if isinstance(dtype, pl.Datetime):
        zoned = expr.dt.replace_time_zone("UTC") if dtype.time_zone is None else expr.dt.convert_time_zone("UTC")
        return zoned.cast(utc)
    if dtype == pl.Date:
        return expr.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    if dtype.is_numeric():
        return _epoch(expr.cast(pl.Float64))
    text = expr if dtype == pl.String else expr.cast(pl.String, strict=False)
    if fast is None:
        return _any_timestamp(text.str.strip_chars())
    return pl.coalesce(fast, _any_timestamp(pl.when(fast.is_null()).then(text).str.strip_chars()))


# The Polars typing of each canonical kind, as sqlcube.PARSERS types it in SQL (text: identifier)
PARSERS: dict[str, Callable[[pl.Expr, pl.DataType], pl.Expr]] = {
    "timestamp": parse_timestamp,
    "int": _integer,
    "float": _float,
    "bool": _boolean,
}


def _any_timestamp(text: pl.Expr) -> pl.Expr:
    """Every shape of §1.1.4, and so at least what any format sniffed (ISO_FORMATS) reads, to
    the same instant: a sniffed format only speeds rows up, it never decides whether one is
    rejected (Polars' lenient zone `%#z` takes `z`, `+05` and a space before the zone)."""
    utc = pl.Datetime("us", "UTC")
    written = text
    text = text.str.replace(" ", "T", literal=True).str.replace("Z", "+00:00", literal=True)
    return pl.coalesce(
        _iso(text, "%Y-%m-%dT%H:%M:%S%.f").dt.replace_time_zone("UTC"),
        _iso(text, "%Y-%m-%dT%H:%M:%S%.f%:z").cast(utc),
        _iso(text, "%Y-%m-%dT%H:%M:%S%.f%z").cast(utc),
        *(
            _iso(written, f).cast(utc) if zoned else _iso(written, f).dt.replace_time_zone("UTC")
            for f, zoned in ISO_FORMATS
        ),
        _epoch(text.cast(pl.Float64, strict=False)),
    )


def _epoch(number: pl.Expr) -> pl.Expr:
    """Epoch seconds, milliseconds, micro- or nanoseconds by size; a number shaped like a compact
    date (20260501) is that date. Anything below 10^8 seconds (March 1973) — a bare year, a
    day count — is no timestamp of an LLM call: null, so the row is rejected, never dated 1970."""
    size = number.abs()
    micros = (
        pl.when(size >= EPOCH_NS)
        .then(number / 1_000)
        .when(size >= EPOCH_US)
        .then(number)
        .when(size >= EPOCH_MS)
        .then(number * 1_000)
        .otherwise(number * 1_000_000)
    )
    whole = number == number.floor()
    compact = whole & (number >= 19000101) & (number <= 20991231)
    day = (
        pl.when(compact)
        .then(number)
        .cast(pl.Int64)
        .cast(pl.String)
        .str.to_datetime("%Y%m%d", time_unit="us", strict=False)
        .dt.replace_time_zone("UTC")
    )
    epoch = pl.when((number >= EPOCH_MIN) & (micros < 4e15)).then(micros.round().cast(pl.Int64))
    return pl.when(compact).then(day).otherwise(epoch.cast(pl.Datetime("us", "UTC")))


def _convention(anthropic: bool) -> list[list[pl.Expr]]:
    """Anthropic logs count input WITHOUT cache reads/writes; make input include them (the
    steps of with_columns that do it).

    `_cache_rows` and `_looks_openai` count the rows with cache tokens and, of those, the
    ones whose logged input already covers them — the sign that an OpenAI-style log is
    being read with the Anthropic convention (its input would be counted twice)."""
    extra = pl.col("cached_input_tokens").fill_null(0) + pl.col("cache_write_tokens").fill_null(0)
    cache_rows = (extra > 0).fill_null(False)
    looks_openai = cache_rows & (pl.col("input_tokens") >= extra).fill_null(False)
    counted = [cache_rows.cast(pl.Int64).alias("_cache_rows"), looks_openai.cast(pl.Int64).alias("_looks_openai")]
    return [counted, [pl.col("input_tokens") + extra]] if anthropic else [counted]


# Day-first or month-first dates with slashes or dots, which no ISO sniffing reads: the
# rejection reason says which `timestamp_format` would.
NUMERIC_DATE = r"^(\d{1,2})([/.])(\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}:\d{2})(:\d{2})?)?"


def format_hint(sample: pl.Series) -> str | None:
    """A `timestamp_format` for text such as 09/01/2026 10:22 or 01.09.2026, from a sample."""
    found = numeric_date_format(sample)
    return (
        (
            f"set timestamp_format: '{found}' in llmcost.yaml (or --timestamp-format '{found}') if that is how "
            "they are written"
        )
        if found
        else None
    )


def numeric_date_format(sample: pl.Series) -> str | None:
    """The strftime format of day-first or month-first dates in a sample (None: not such dates);
    `llmcost init` writes it as `timestamp_format:`, the rejection reason suggests it."""
    parts = sample.drop_nulls().cast(pl.String).str.strip_chars().str.extract_groups(NUMERIC_DATE).struct.unnest()
    parts = parts.drop_nulls(["1"])
    if parts.height == 0:
        return None
    first, second = parts["1"].cast(pl.Int32), parts["3"].cast(pl.Int32)
    separator = parts["2"][0]
    day_first = separator == "." or ((first > 12).any() and not (second > 12).any())
    date = f"%d{separator}%m{separator}%Y" if day_first else f"%m{separator}%d{separator}%Y"
    clock = (" %H:%M:%S" if parts["6"].is_not_null().any() else " %H:%M") if parts["5"].is_not_null().any() else ""
    return date + clock


def missing_columns(frame: pl.LazyFrame, names: list[str], missing: list[str], source: str) -> str:
    """Every required column that is missing, in one message, each with the columns that look
    like it — by name, and by content (date-times, whole numbers)."""
    sample = frame.select(names).head(200).collect() if names else pl.DataFrame()
    parts, example, used = [], [], set()
    for name in missing:
        alike = candidates(sample, names, name)
        shown = f" (candidates: {', '.join(repr(n) for n in alike[:4])})" if alike else ""
        parts.append(f"{name}{shown}")
        pick = next((n for n in alike if n not in used), "YOUR_COLUMN")
        used.add(pick)
        example.append(f"{name}: {pick}")
    one_model = " (or, if every call used one model, --model NAME)" if "model" in missing else ""
    return (
        f"{source}: missing {'columns' if len(missing) > 1 else 'column'} {'; '.join(parts)}. "
        f"Map them in llmcost.yaml, e.g. columns: {{{', '.join(example)}}}{one_model}; "
        f"'llmcost init {source}' writes the mapping. Columns here: {', '.join(names[:12])}"
    )


def likeness(column: str, name: str) -> float:
    """How like a canonical column's name or aliases a log's column name is (0–1, difflib's ratio)."""
    import difflib

    return max(difflib.SequenceMatcher(None, column.lower(), s).ratio() for s in (name, *COLUMNS[name].aliases))


def candidates(sample: pl.DataFrame, names: list[str], name: str) -> list[str]:
    """The columns of a sample that may hold canonical column `name`, likeliest name first: named
    alike, or holding what a required column holds (date-times, whole numbers, model names)."""
    alike = [n for n in names if likeness(n, name) >= 0.6 or _looks_like(sample[n], COLUMNS[name].kind)]
    return sorted(alike, key=lambda n: likeness(n, name), reverse=True)


def looks_like(values: pl.Series, kind: str) -> bool:
    """Whether most of a sample reads as `kind` (timestamp, int, or `string`: model names)."""
    return _looks_like(values, kind)


MODEL_NAMES = r"(?i)(gpt|claude|gemini|llama|mistral|mixtral|deepseek|qwen|grok|command|o[134]\b|o[134]-)"


def _looks_like(values: pl.Series, kind: str) -> bool:
    """Whether most of a sample of a column reads as the kind a required column needs."""
    present = values.drop_nulls()
    if present.len() == 0 or present.dtype.is_nested():
        return False
    if kind == "string":  # the model column: names of the usual model families
        return present.dtype == pl.String and (scalars.number(present.str.contains(MODEL_NAMES), "mean") or 0.0) >= 0.5
    if kind not in ("timestamp", "int"):
        return False
    if kind == "int":
        if present.dtype.is_integer():
            return True
        parsed = present.cast(pl.String).str.strip_chars().cast(pl.Int64, strict=False)
        return parsed.null_count() < 0.2 * present.len()
    if present.dtype.is_temporal():
        return True
    text = present.cast(pl.String)
    return sniff_timestamp(text) is not None or format_hint(text) is not None
