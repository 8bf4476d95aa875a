"""Revenue per customer and month (docs/reference.md §1.3), validated and spread over a window.

A file without `month` is a flat monthly plan: the amount applies to every
month of the report. A file with one date column instead (`invoice_date`, `paid_at`)
is a list of invoices: each counts in its date's month, a customer's invoices of one
month summed. Any other column is read or refused (`tablefile.refuse_unused`), never
passed over. Partial months are prorated by the days the window covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path

import polars as pl

from llmcost.cube import Window
from llmcost.dates import next_month
from llmcost.errors import LlmcostError
from llmcost.ids import folded
from llmcost.load import PARQUET_DENSITY, repeated_hashes
from llmcost.rules import MAX_AMOUNT
from llmcost.tablefile import DATE_LIKE, PARQUET, input_file, reading, refuse_nested, refuse_unused, scan_table
from llmcost.yamlfile import Node, load_yaml

ALIASES = {
    "customer_id": ("customer_id", "customer", "account_id", "user_id"),
    "month": ("month", "period"),
    "revenue": ("revenue", "amount", "mrr"),
}
EXTRA = ("plan", "currency")  # read too: a plan names the row; a currency must be the pricing table's
# Above this many bytes of text (~6M rows), the repeated-row check sorts its 8-byte hashes in 16
# files on disk rather than in memory (a 1 GB file: 530 MB peak instead of 790 MB).
SPILL_BYTES = 2**27


def load_revenue(
    path: str, months: Collection[dt.date] | None = None, currency: str = "USD", fold_case: bool = False
) -> pl.DataFrame:
    """customer_id, month (date of the 1st, or null = every month), revenue.

    Ids follow the one rule for ids on every input: the text as written, surrounding
    whitespace removed, case kept (so 'acme ' here matches 'acme' in the logs); with
    `fold_case` (customer_id_match: case-insensitive) 'ACME' and 'acme' are one customer, so
    two rows of them in one month are a repeat.

    Read lazily, only the columns used: every row is checked in streaming passes and only the
    rows kept are held (those of `months`, and flat rows, when `months` is given). Reading it
    whole, with a text column per check, took 10 GB for a 1 GB CSV."""
    raw = _read(path)
    schema = raw.collect_schema()
    found, dated = _columns(path, schema)
    customer_id, revenue = found["customer_id"], found["revenue"]
    assert customer_id is not None and revenue is not None  # _columns refused a file without them
    month = found["month"] or dated
    frame = _typed(raw, schema, customer_id, revenue, month, dated is not None, found["currency"])
    key = folded("customer_id") if fold_case else pl.col("customer_id")
    repeat = None if dated else _repeat_message(month, fold_case)
    _check(
        frame,
        path,
        _file_checks(month, dated is not None, found["currency"] is not None, currency),
        repeat,
        key,
        big=_size(path) > SPILL_BYTES,
    )
    kept = frame.select("customer_id", "month", "revenue")
    if months is not None:
        kept = kept.filter(pl.col("month").is_null() | pl.col("month").is_in(list(months)))
    if dated:  # invoices: a customer's invoices of one month are that month's revenue
        kept = kept.group_by("customer_id", "month").agg(pl.col("revenue").sum())
    got = _collect(path, kept)
    return got.sort("customer_id", "month") if dated else got


def _typed(
    raw: pl.LazyFrame,
    schema: pl.Schema,
    customer_id: str,
    revenue: str,
    month: str | None,
    dated: bool,
    currency: str | None,
) -> pl.LazyFrame:
    """The columns read, under the names the checks use; each value's text kept beside it for their messages."""
    return (
        raw.with_row_index("_row", offset=1)
        .select(
            "_row",
            *(["_line"] if "_line" in schema else []),
            pl.col(customer_id).cast(pl.String).str.strip_chars().alias("customer_id"),
            _month_text(schema, month).alias("_month_text"),
            _month(schema, month, dated).alias("month"),
            pl.col(revenue).cast(pl.String).str.strip_chars().alias("_revenue_text"),
            _text_of(currency).alias("_currency"),
        )
        .with_columns(_amount(pl.col("_revenue_text")).alias("revenue"))
    )


def _amount(text: pl.Expr) -> pl.Expr:
    """The amount of a cell's text; -0 as 0 (it printed as -0.0: adding 0.0 keeps -0.0 in Polars)."""
    value = text.cast(pl.Float64, strict=False)
    return pl.when(value == 0).then(pl.lit(0.0)).otherwise(value)


def _repeat_message(month: str | None, fold_case: bool) -> str:
    """The error for a customer twice in one month of a plan (invoices may repeat: they are summed)."""
    return (
        "customer {customer_id} appears twice"
        + (" for month {_month_text}" if month else "")
        + " (one row per customer and month; ids are compared without surrounding spaces"
        + (" and case, customer_id_match: case-insensitive)" if fold_case else ")")
    )


def _columns(path: str, schema: pl.Schema) -> tuple[dict[str, str | None], str | None]:
    """The column read for each key (ALIASES, EXTRA) and, in a file with no month column, its one
    date column (read as invoice dates). Every other column is refused by name: an ignored
    `invoice_date` made each row a flat monthly plan, and one $500 invoice $3,000 of revenue."""
    columns = [c for c in schema.names() if c != "_line"]  # _line: the YAML reader's line numbers
    names = {c.lower(): c for c in columns}
    found = {k: next((names[a] for a in aliases if a in names), None) for k, aliases in ALIASES.items()}
    found |= {k: names.get(k) for k in EXTRA}
    for key in ("customer_id", "revenue"):
        if found[key] is None:
            raise LlmcostError(f"{path}: no '{key}' column (looked for {', '.join(ALIASES[key])})")
    dates = [] if found["month"] else [c for c in columns if DATE_LIKE.search(c) and c not in found.values()]
    if len(dates) > 1:
        raise LlmcostError(
            f"{path}: columns {', '.join(repr(c) for c in dates)} are all dates, and llmcost reads "
            "the month of each row from one: keep the invoice date, or add a 'month' column (YYYY-MM)"
        )
    dated = dates[0] if dates else None
    read = [c for c in (*found.values(), dated) if c is not None]
    refuse_unused(path, columns, read, "customer_id, revenue, month or one date such as invoice_date, plan, currency")
    refuse_nested(path, schema, read)
    return found, dated


def _file_checks(month: str | None, dated: bool, has_currency: bool, currency: str) -> list[tuple[pl.Expr, str]]:
    """The checks this file's columns add: a month (or invoice date) each row, and a currency
    column that is the pricing table's (an amount in EUR read as USD would be a silent misreading)."""
    checks = (
        []
        if month is None
        else [
            (pl.col("_month_text").fill_null("") == "", f"{month} is empty"),  # ,, and "" and `month:`
            (
                pl.col("month").is_null(),
                f"{month} {{_month_text!r}} is not " + ("a date (YYYY-MM-DD)" if dated else "YYYY-MM"),
            ),
        ]
    )
    if has_currency:
        other = pl.col("_currency").is_not_null() & (pl.col("_currency").str.to_uppercase() != currency.strip().upper())
        checks.append(
            (
                other,
                f"currency {{_currency!r}} is not the pricing table's {currency} (llmcost does not "
                "convert amounts: convert them, or price in that currency)",
            )
        )
    return checks


def _text_of(column: str | None) -> pl.Expr:
    """The column as trimmed text, empty as null (null when the file has no such column)."""
    if column is None:
        return pl.lit(None, pl.String)
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text != "").then(text)


def _month(schema: pl.Schema, column: str | None, dated: bool) -> pl.Expr:
    """The 1st of each row's month: from YYYY-MM text, or (`dated`) from a date as written
    (YYYY-MM-DD, with or without a time after it; YYYY-MM too); a Parquet date gives its month.
    Null where the text is not one of these, for the check to name the row."""
    if column is None:
        return pl.lit(None, pl.Date)
    if isinstance(schema[column], pl.Date | pl.Datetime):
        return pl.col(column).dt.strftime("%Y-%m").str.to_date("%Y-%m")
    text = pl.col(column).cast(pl.String).str.strip_chars()
    if not dated:
        return text.str.to_date("%Y-%m", strict=False)
    day = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).dt.month_start()
    return (
        pl.when(text.str.contains(r"^\d{4}-\d{2}-\d{2}(?:[T ]\S.*)?$"))
        .then(day)
        .when(text.str.contains(r"^\d{4}-\d{2}$"))
        .then(text.str.to_date("%Y-%m", strict=False))
    )


def _month_text(schema: pl.Schema, column: str | None) -> pl.Expr:
    """The month or date as written, for messages (a Parquet date or date-time as ISO text)."""
    if column is None:
        return pl.lit(None, pl.String)
    return pl.col(column).cast(pl.String).str.strip_chars()


def _read(path: str) -> pl.LazyFrame:
    """The file as a lazy frame (nothing read yet but the schema): CSV as text, Parquet as typed,
    YAML or JSON as the rows `_from_yaml` makes of it."""
    if input_file(path).suffix.lower() in (".yaml", ".yml", ".json"):
        return _from_yaml(path).lazy()
    return scan_table(
        path, "name it .json (a mapping of customers to amounts, or a list of rows), or give CSV, Parquet or YAML"
    )


def _collect(path: str, frame: pl.LazyFrame | Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """Run a query on the file in the streaming engine (or `frame()`, which collects); a read error
    is one `error:` line."""
    with reading(path):
        return frame() if callable(frame) else frame.collect(engine="streaming")


def _size(path: str) -> int:
    """Bytes of the file, as text (Parquet packs about five times more rows per byte)."""
    size = Path(path).stat().st_size
    return size * PARQUET_DENSITY if Path(path).suffix.lower() in PARQUET else size


def _from_yaml(path: str) -> pl.DataFrame:
    """Either {customer: amount} (flat monthly) or a list of {customer_id, month, revenue}.

    Read with every plain scalar as text: `0123:` is customer '0123', not 83, and `1.10:`
    is '1.10', not 1.1. Each value must be one value; the frame keeps each row's line."""
    data = load_yaml(path, text=True)
    if isinstance(data, Node):
        for key, value in data.items():
            _scalar(path, data, key, value)
        return pl.DataFrame(
            {
                "customer_id": [data.text_of(k) for k in data],
                "revenue": [_text(v) for v in data.values()],
                "_line": [data.line_of(k) for k in data],
            },
            schema={"customer_id": pl.String, "revenue": pl.String, "_line": pl.Int64},
        )
    if isinstance(data, list) and data:
        rows = []
        for i, item in enumerate(data, start=1):
            if not isinstance(item, Node):
                raise LlmcostError(
                    f"{path}, row {i}: each row must be a mapping such as "
                    "{customer_id: c1, month: 2026-05, revenue: 19}, not " + _shown(item)
                )
            for key, value in item.items():
                _scalar(path, item, key, value)
            rows.append({**{str(k): _text(v) for k, v in item.items()}, "_line": item.line})
        columns = list(dict.fromkeys(k for r in rows for k in r))
        return pl.DataFrame(
            {c: [r.get(c) for r in rows] for c in columns},
            schema={c: pl.Int64 if c == "_line" else pl.String for c in columns},
        )
    raise LlmcostError(
        f"{path}: revenue YAML must map customers to amounts ({{c1: 19}}), or list rows "
        f"({{customer_id, month, revenue}}), not {'an empty file' if data is None else _shown(data)}"
    )


def _scalar(path: str, node: Node, key: object, value: object) -> None:
    if isinstance(value, dict | list):
        raise LlmcostError(
            f"{path}, line {node.line_of(key)}: {node.text_of(key)}: must be one value "
            f"(an amount, a month or an id), not a {'list' if isinstance(value, list) else 'mapping'}"
        )


def _text(value: object) -> str | None:
    """Scalars arrive as text; an explicit tag (!!int 5) or an empty value may give another type."""
    return None if value is None else str(value)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    return "an empty value" if value is None else repr(value)[:40]


def _check(
    frame: pl.LazyFrame, path: str, extra: list[tuple[pl.Expr, str]], repeat: str | None, key: pl.Expr, big: bool
) -> None:
    """The first row failing each check (the common ones, then `extra`), found in one streaming
    pass (a row number per check, not a copy of the file per check); the first check that fails
    is the error. Then, with a `repeat` message, the first repeat of a customer (as `key`) and month."""
    checks = [
        (pl.col("customer_id").is_null() | (pl.col("customer_id") == ""), "customer_id is empty"),
        (pl.col("_revenue_text").is_null() | (pl.col("_revenue_text") == ""), "revenue is empty"),
        (pl.col("revenue").is_null(), "revenue {_revenue_text!r} is not a number"),
        (pl.col("revenue") < 0, "revenue {revenue} is negative"),
        (~pl.col("revenue").is_finite(), "revenue {_revenue_text!r} is not a finite amount"),
        (pl.col("revenue") > MAX_AMOUNT, "revenue {_revenue_text!r} is above 10^15, not one bill"),
        *extra,
    ]
    first = _collect(
        path, frame.select(pl.col("_row").filter(mask).min().alias(str(i)) for i, (mask, _) in enumerate(checks))
    ).row(0)
    for row, (_, message) in zip(first, checks, strict=True):
        if row is not None:
            _fail(path, _collect(path, frame.filter(pl.col("_row") == row)).row(0, named=True), message)
    if repeat is None:
        return
    twice = _first_repeat(frame, path, key, big)
    if twice is not None:
        _fail(path, twice, repeat)


def _fail(path: str, row: dict, message: str) -> None:
    where = f"line {row['_line']}" if "_line" in row else f"row {row['_row']}"
    raise LlmcostError(f"{path}, {where}: {message.format(**row)}")


def _first_repeat(frame: pl.LazyFrame, path: str, key: pl.Expr, big: bool) -> dict | None:
    """The first row whose customer (as `key`) and month an earlier row has. Hashes of the pair are
    sorted (8 bytes a row, spilled to disk for big files) and only the rows of repeated hashes are
    compared as values, so a hash collision is never called a repeat."""
    pair = pl.struct(key.alias("_key"), "month")
    keys = pair.hash(20261122).alias("_h")
    repeated = _collect(path, lambda: repeated_hashes(frame.select(keys), big))
    if repeated.height == 0:
        return None
    rows = _collect(path, frame.with_columns(keys).join(repeated.lazy(), on="_h", how="semi")).sort("_row")
    again = rows.filter(~pair.is_first_distinct())
    return again.row(0, named=True) if again.height else None


def month_fractions(window: Window, months_in_logs: list[dt.date]) -> pl.DataFrame:
    """The months of the report and the share of each the window covers (for proration).

    The months the logs touch, and of those, with a window, the ones it covers: never a month
    with no row. A month between two of the logs' months that had no row carried a flat plan's
    revenue but no fixed cost, and only under a window (a window around every row made more
    revenue than none); `--since 0001-01-01` spread a flat plan over 24,000 months."""
    first = window.since.date() if window.since else dt.date.min
    last = (window.until - dt.timedelta(microseconds=1)).date() if window.until else dt.date.max
    months = sorted(m for m in set(months_in_logs) if first.replace(day=1) <= m <= last)
    rows = []
    for month in months:
        end = next_month(month)
        start = max(month, window.since.date()) if window.since else month
        stop = min(end, window.until.date()) if window.until else end
        rows.append((month, max(0, (stop - start).days) / (end - month).days))
    return pl.DataFrame(rows, schema={"month": pl.Date, "fraction": pl.Float64}, orient="row")


def spread(revenue: pl.DataFrame, fractions: pl.DataFrame) -> pl.DataFrame:
    """Revenue per customer and month of the report, prorated; flat plans fill every month."""
    monthly = revenue.filter(pl.col("month").is_not_null()).join(fractions, on="month", how="inner")
    flat = revenue.filter(pl.col("month").is_null()).drop("month").join(fractions, how="cross")
    both = pl.concat(
        [
            monthly.select("customer_id", "month", "revenue", "fraction"),
            flat.select("customer_id", "month", "revenue", "fraction"),
        ]
    )
    return both.select("customer_id", "month", (pl.col("revenue") * pl.col("fraction")).alias("revenue"))
