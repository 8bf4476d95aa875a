"""Customers (signup, churn) and marketing spend per month (SPEC §1.4), for adjusted CAC."""

from __future__ import annotations

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.yamlfile import input_file, looks_like_json

NESTED = (pl.List, pl.Array, pl.Struct, pl.Object)


def _read(path: str, columns: str) -> pl.DataFrame:
    """CSV or Parquet, every cell as text (a folder, binary or JSON file is one `error:` line)."""
    file = input_file(path)
    try:
        if file.suffix.lower() in (".parquet", ".pq"):
            frame = pl.read_parquet(file)
        elif looks_like_json(file):
            raise LlmcostError(f"{path}: looks like JSON; give a CSV or Parquet file with columns {columns}")
        else:
            frame = pl.read_csv(file, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(f"{path}: cannot read: {str(exc).strip().splitlines()[0]}") from None
    except OSError as exc:
        raise LlmcostError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for name, dtype in frame.schema.items():
        if isinstance(dtype, NESTED):
            raise LlmcostError(f"{path}: column {name} holds {dtype} values, not one value per row")
    return frame.with_row_index("_row", offset=1)


def _need(frame: pl.DataFrame, path: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        if column not in frame.columns:
            raise LlmcostError(f"{path}: no '{column}' column (columns: {', '.join(frame.columns[1:])})")


def _dates(frame: pl.DataFrame, path: str, column: str, fmt: str, required: bool) -> pl.Expr:
    """Text dates in `fmt`; a Parquet date or date-time column is taken as it is."""
    if isinstance(frame.schema[column], pl.Date | pl.Datetime):
        parsed = pl.col(column).cast(pl.Date)
        parsed = parsed.dt.truncate("1mo") if fmt == "%Y-%m" else parsed
        text = parsed.cast(pl.String)
    else:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        parsed = text.str.to_date(fmt, strict=False)
    bad = frame.filter((text.is_not_null() & (text != "") & parsed.is_null()) | (required & parsed.is_null()))
    if bad.height:
        row = bad.row(0, named=True)
        want = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else "YYYY-MM"
        raise LlmcostError(f"{path}, row {row['_row']}, column {column}: {row[column]!r} is not a date ({want})")
    return parsed.alias(column)


def load_customers(path: str) -> pl.DataFrame:
    """customer_id, signup_date, churn_date. Ids follow the rule for ids on every input: the
    text as written, surrounding whitespace removed, case kept; each customer once."""
    frame = _read(path, "customer_id, signup_date, churn_date")
    _need(frame, path, ("customer_id", "signup_date"))
    if "churn_date" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("churn_date"))
    frame = frame.with_columns(pl.col("customer_id").cast(pl.String).str.strip_chars())
    for mask, message in ((pl.col("customer_id").fill_null("") == "", "customer_id is empty"),
                          (~pl.col("customer_id").is_first_distinct() & (pl.col("customer_id") != ""),
                           "customer {customer_id} appears twice (one row per customer; ids are compared "
                           "without surrounding spaces)")):
        bad = frame.filter(mask)
        if bad.height:
            row = bad.row(0, named=True)
            raise LlmcostError(f"{path}, row {row['_row']}, column customer_id: {message.format(**row)}")
    return frame.select("customer_id",
                        _dates(frame, path, "signup_date", "%Y-%m-%d", True),
                        _dates(frame, path, "churn_date", "%Y-%m-%d", False))


def load_spend(path: str) -> pl.DataFrame:
    """month, spend: a finite amount ≥ 0 per month (NaN or inf spend would make every CAC NaN)."""
    frame = _read(path, "month, spend")
    _need(frame, path, ("month", "spend"))
    spend = pl.col("spend").cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    bad = frame.filter(spend.is_null() | ~spend.is_finite() | (spend < 0))
    if bad.height:
        row = bad.row(0, named=True)
        raise LlmcostError(f"{path}, row {row['_row']}, column spend: {row['spend']!r} is not a finite amount ≥ 0")
    frame = frame.select(_dates(frame, path, "month", "%Y-%m", True), spend.alias("spend"))
    twice = frame.filter(pl.col("month").is_duplicated())
    if twice.height:
        raise LlmcostError(f"{path}: month {twice['month'][0]:%Y-%m} appears twice (one row per month)")
    return frame



def case_notes(files: list[tuple[str | None, pl.Series | None]], logged: pl.Series) -> list[str]:
    """A warning per id file (revenue, customers) whose ids match log ids only by case.

    Ids are compared exactly, case kept, so 'ACME' in a file and 'acme' in the logs never
    meet: that customer shows as unbilled, or is counted apart. A customers file that does
    not load is skipped here (the commands that use it report why)."""
    notes = []
    for path, ids in files:
        if ids is None and path:
            try:
                ids = load_customers(path)["customer_id"]
            except LlmcostError:
                continue
        pairs = case_only_matches(ids, logged) if ids is not None else []
        if pairs:
            shown = ", ".join(f"'{f}' (logs: '{g}')" for f, g in pairs[:5])
            more = f" and {len(pairs) - 5} more" if len(pairs) > 5 else ""
            notes.append(f"{len(pairs)} customer ids in {path} match ids in the logs only by case (ids are "
                         f"case-sensitive, so they are not joined): {shown}{more}")
    return notes


def case_only_matches(ids: pl.Series, logged: pl.Series) -> list[tuple[str, str]]:
    """(file id, log id) pairs that differ only by case, sorted."""
    file_ids = set(ids.drop_nulls().unique().to_list())
    log_ids = set(logged.drop_nulls().unique().to_list())
    by_lower: dict[str, str] = {}
    for log_id in sorted(log_ids):
        by_lower.setdefault(log_id.lower(), log_id)
    return sorted((f, by_lower[f.lower()]) for f in file_ids - log_ids if f.lower() in by_lower)
