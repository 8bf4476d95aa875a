"""Customers (signup, churn) and marketing spend per month (SPEC §1.4), for adjusted CAC."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.yamlfile import input_file, looks_like_json

NESTED = (pl.List, pl.Array, pl.Struct, pl.Object)

# The column rule of the revenue, customers and spend files (README, "Revenue, customers and
# spend files"): each column is read, or only names who the customer is (IDENTITY); any other is
# an error naming it. Passing a column over is how an `invoice_date` left each row a flat monthly
# plan, and one $500 invoice became $3,000 of revenue: a date, an amount, a status or a free-text
# note ("refunded") can change what a row means, so none is ever ignored. DATE_LIKE finds the
# date column a revenue file may give instead of `month`; both patterns also name what a refused
# column looks like.
IDENTITY = ("name", "customer_name", "company", "email")
DATE_LIKE = re.compile(r"date|time|day|month|period|(^|_)(at|on)$", re.IGNORECASE)
AMOUNT_LIKE = re.compile(r"amount|total|price|revenue|income|fee|tax|discount|refund|credit|charge|cost|spend"
                         r"|(^|_)[am]rr(_|$)", re.IGNORECASE)
CUSTOMER_COLUMNS = ("customer_id", "signup_date", "churn_date", "plan", "channel")
SPEND_COLUMNS = ("month", "spend")


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


def refuse_unused(path: str, columns: Iterable[str], read: Sequence[str], understood: str) -> None:
    """An `error:` naming the first column that is neither in `read` nor an identity column."""
    for column in columns:
        if column in read or column.strip().lower() in IDENTITY:
            continue
        looks = (" (a date)" if DATE_LIKE.search(column) else " (an amount)" if AMOUNT_LIKE.search(column) else "")
        raise LlmcostError(f"{path}: column '{column}'{looks} is not used by llmcost (columns read: {understood}; "
                           f"allowed as labels: {', '.join(IDENTITY)}); remove it or rename it")


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
    refuse_unused(path, frame.columns[1:], CUSTOMER_COLUMNS, ", ".join(CUSTOMER_COLUMNS))
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
    refuse_unused(path, frame.columns[1:], SPEND_COLUMNS, ", ".join(SPEND_COLUMNS))
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
    meet: that customer shows as unbilled, or is counted apart. The warning names them and the
    setting that joins them. A customers file that does not load is skipped here (the commands
    that use it report why)."""
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
                         f"case-sensitive, so they are not joined): {shown}{more}; to join them, set "
                         "'customer_id_match: case-insensitive' in llmcost.yaml")
    return notes


def case_only_matches(ids: pl.Series, logged: pl.Series) -> list[tuple[str, str]]:
    """(file id, log id) pairs equal once trimmed and lower-cased but not as written, sorted."""
    logs = _spellings(logged.rename("log_id"))
    pairs = (_spellings(ids.rename("file_id")).join(logs, on="_key")
             .join(logs.select(pl.col("log_id").alias("file_id")), on="file_id", how="anti"))  # exact: joined
    return sorted(pairs.group_by("file_id").agg(pl.col("log_id").min()).iter_rows())


def folded(column: str) -> pl.Expr:
    """An id as `customer_id_match: case-insensitive` compares it: trimmed and lower-cased."""
    return pl.col(column).str.strip_chars().str.to_lowercase()


def _spellings(ids: pl.Series) -> pl.DataFrame:
    """Each distinct id (trimmed) and its folded key."""
    return (ids.drop_nulls().str.strip_chars().unique().to_frame()
            .with_columns(folded(ids.name).alias("_key")))


def match_case_insensitive(path: str, revenue: pl.DataFrame, logged: pl.Series) -> pl.DataFrame:
    """Revenue rows under the logs' spelling of each id (customer_id_match: case-insensitive), so
    'ACME' billed in the file is the 'acme' of the logs and the output names it as the logs do.

    Rows that meet on one spelling ('Acme' and 'acme' invoices of one month) are summed. An id that
    matches two spellings the logs keep apart ('Acme', 'ACME') is an error: its revenue cannot be
    given to one of two customers without a guess."""
    logs = _spellings(logged.rename("log_id")).group_by("_key").agg(pl.col("log_id").sort())
    joined = revenue.with_columns(folded("customer_id").alias("_key")).join(logs, on="_key", how="left")
    several = joined.filter(pl.col("log_id").list.len() > 1).sort("customer_id")
    if several.height:
        row = several.row(0, named=True)
        raise LlmcostError(
            f"{path}: customer '{row['customer_id']}' matches {len(row['log_id'])} ids in the logs with "
            f"customer_id_match: case-insensitive ({', '.join(repr(x) for x in row['log_id'])}), which the logs "
            "keep as separate customers; make the logs spell it one way, or remove the setting")
    named = pl.coalesce(pl.col("log_id").list.first(), pl.col("customer_id")).alias("customer_id")
    return (joined.with_columns(named).group_by("customer_id", "month", maintain_order=True)
            .agg(pl.col("revenue").sum()))
