"""Revenue per customer and month (SPEC §1.3), validated and spread over a window.

A file without `month` is a flat monthly plan: the amount applies to every
month of the report. Partial months are prorated by the days the window covers.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from llmcost.cube import Window
from llmcost.errors import LlmcostError
from llmcost.yamlfile import Node, input_file, load_yaml, looks_like_json

ALIASES = {"customer_id": ("customer_id", "customer", "account_id", "user_id"),
           "month": ("month", "period"), "revenue": ("revenue", "amount", "mrr")}
NESTED = (pl.List, pl.Array, pl.Struct, pl.Object)


def load_revenue(path: str) -> pl.DataFrame:
    """customer_id, month (date of the 1st, or null = every month), revenue.

    Ids follow the one rule for ids on every input: the text as written, surrounding
    whitespace removed, case kept (so 'acme ' here matches 'acme' in the logs)."""
    raw = _read(path)
    names = {c.lower(): c for c in raw.columns if not c.startswith("_")}
    found = {k: next((names[a] for a in aliases if a in names), None) for k, aliases in ALIASES.items()}
    for key in ("customer_id", "revenue"):
        if found[key] is None:
            raise LlmcostError(f"{path}: no '{key}' column (looked for {', '.join(ALIASES[key])})")
    for column in (c for c in found.values() if c is not None):
        if isinstance(raw.schema[column], NESTED):
            raise LlmcostError(f"{path}: column {column} holds {raw.schema[column]} values, not one value per row")
    where = (pl.lit("line ") + pl.col("_line").cast(pl.String) if "_line" in raw.columns
             else pl.lit("row ") + pl.int_range(1, pl.len() + 1).cast(pl.String))
    frame = raw.select(
        where.alias("_where"),
        pl.col(found["customer_id"]).cast(pl.String).str.strip_chars().alias("customer_id"),
        _month_text(raw, found["month"]).alias("_month_text"),
        pl.col(found["revenue"]).cast(pl.String).str.strip_chars().alias("_revenue_text"),
    ).with_columns(
        pl.col("_revenue_text").cast(pl.Float64, strict=False).alias("revenue"),
        pl.col("_month_text").str.to_date("%Y-%m", strict=False).alias("month"),
    )
    _check(frame, path, monthly=found["month"] is not None)
    return frame.select("customer_id", "month", "revenue")


def _month_text(raw: pl.DataFrame, column: str | None) -> pl.Expr:
    """YYYY-MM text; a Parquet date or date-time column gives its month."""
    if column is None:
        return pl.lit(None, pl.String)
    if isinstance(raw.schema[column], pl.Date | pl.Datetime):
        return pl.col(column).dt.strftime("%Y-%m")
    return pl.col(column).cast(pl.String).str.strip_chars()


def _read(path: str) -> pl.DataFrame:
    file = input_file(path)
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return _from_yaml(path)
    try:
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(file)
        if looks_like_json(file):
            raise LlmcostError(f"{path}: looks like JSON; name it .json (a mapping of customers to amounts, "
                               "or a list of rows), or give CSV, Parquet or YAML")
        return pl.read_csv(file, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(f"{path}: cannot read: {str(exc).strip().splitlines()[0]}") from None
    except OSError as exc:
        raise LlmcostError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _from_yaml(path: str) -> pl.DataFrame:
    """Either {customer: amount} (flat monthly) or a list of {customer_id, month, revenue}.

    Read with every plain scalar as text: `0123:` is customer '0123', not 83, and `1.10:`
    is '1.10', not 1.1. Each value must be one value; the frame keeps each row's line."""
    data = load_yaml(path, text=True)
    if isinstance(data, Node):
        for key, value in data.items():
            _scalar(path, data, key, value)
        return pl.DataFrame({"customer_id": [data.text_of(k) for k in data],
                             "revenue": [_text(v) for v in data.values()], "_line": [data.line_of(k) for k in data]},
                            schema={"customer_id": pl.String, "revenue": pl.String, "_line": pl.Int64})
    if isinstance(data, list) and data:
        rows = []
        for i, item in enumerate(data, start=1):
            if not isinstance(item, Node):
                raise LlmcostError(f"{path}, row {i}: each row must be a mapping such as "
                                   "{customer_id: c1, month: 2026-05, revenue: 19}, not " + _shown(item))
            for key, value in item.items():
                _scalar(path, item, key, value)
            rows.append({**{str(k): _text(v) for k, v in item.items()}, "_line": item.line})
        columns = list(dict.fromkeys(k for r in rows for k in r))
        return pl.DataFrame({c: [r.get(c) for r in rows] for c in columns},
                            schema={c: pl.Int64 if c == "_line" else pl.String for c in columns})
    raise LlmcostError(f"{path}: revenue YAML must map customers to amounts ({{c1: 19}}), or list rows "
                       f"({{customer_id, month, revenue}}), not {'an empty file' if data is None else _shown(data)}")


def _scalar(path: str, node: Node, key: object, value: object) -> None:
    if isinstance(value, dict | list):
        raise LlmcostError(f"{path}, line {node.line_of(key)}: {node.text_of(key)}: must be one value "
                           f"(an amount, a month or an id), not a {'list' if isinstance(value, list) else 'mapping'}")


def _text(value: object) -> str | None:
    """Scalars arrive as text; an explicit tag (!!int 5) or an empty value may give another type."""
    return None if value is None else str(value)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    return "an empty value" if value is None else repr(value)[:40]


def _check(frame: pl.DataFrame, path: str, monthly: bool) -> None:
    def fail(mask: pl.Expr, message: str) -> None:
        bad = frame.filter(mask)
        if bad.height:
            first = bad.row(0, named=True)
            raise LlmcostError(f"{path}, {first['_where']}: {message.format(**first)}")

    fail(pl.col("customer_id").is_null() | (pl.col("customer_id") == ""), "customer_id is empty")
    fail(pl.col("_revenue_text").is_null() | (pl.col("_revenue_text") == ""), "revenue is empty")
    fail(pl.col("revenue").is_null(), "revenue {_revenue_text!r} is not a number")
    fail(pl.col("revenue") < 0, "revenue {revenue} is negative")
    fail(~pl.col("revenue").is_finite(), "revenue {_revenue_text!r} is not a finite amount")
    if monthly:
        fail(pl.col("month").is_null(), "month {_month_text!r} is not YYYY-MM")
    keys = ["customer_id", "month"]
    fail(frame.select(~pl.struct(keys).is_first_distinct()).to_series(), "customer {customer_id} appears twice"
         + (" for month {_month_text}" if monthly else "") + " (one row per customer and month; ids are compared "
         "without surrounding spaces)")


def month_fractions(window: Window, months_in_logs: list[dt.date]) -> pl.DataFrame:
    """The months of the report and the share of each the window covers (for proration)."""
    if window.since is None and window.until is None:
        months = sorted(set(months_in_logs))
    else:
        first = (window.since.date() if window.since else min(months_in_logs, default=None))
        last = ((window.until - dt.timedelta(microseconds=1)).date() if window.until
                else max(months_in_logs, default=None))
        months = _month_range(first, last) if first and last else []
    rows = []
    for month in months:
        end = _next_month(month)
        start = max(month, window.since.date()) if window.since else month
        stop = min(end, window.until.date()) if window.until else end
        rows.append((month, max(0, (stop - start).days) / (end - month).days))
    return pl.DataFrame(rows, schema={"month": pl.Date, "fraction": pl.Float64}, orient="row")


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    month, out = first.replace(day=1), []
    while month <= last:
        out.append(month)
        month = _next_month(month)
    return out


def spread(revenue: pl.DataFrame, fractions: pl.DataFrame) -> pl.DataFrame:
    """Revenue per customer and month of the report, prorated; flat plans fill every month."""
    monthly = revenue.filter(pl.col("month").is_not_null()).join(fractions, on="month", how="inner")
    flat = revenue.filter(pl.col("month").is_null()).drop("month").join(fractions, how="cross")
    both = pl.concat([monthly.select("customer_id", "month", "revenue", "fraction"),
                      flat.select("customer_id", "month", "revenue", "fraction")])
    return both.select("customer_id", "month", (pl.col("revenue") * pl.col("fraction")).alias("revenue"))
