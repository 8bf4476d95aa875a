"""The table files a user adds to the logs — revenue, customers, spend, a provider's invoice —
read one way: the file checked, CSV cells as text, read errors as one `error:` line, and the
column rule they share (every column read or refused, never passed over)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from llmcost.errors import LlmcostError, first_line, one_line

PARQUET = (".parquet", ".pq")
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
AMOUNT_LIKE = re.compile(
    r"amount|total|price|revenue|income|fee|tax|discount|refund|credit|charge|cost|spend"
    r"|(^|_)[am]rr(_|$)",
    re.IGNORECASE,
)


def input_file(path: str) -> Path:
    """The path as a regular file, or an error saying what it is instead (a folder is not
    'no such file'), for the revenue, customers, spend and invoice readers."""
    file = Path(path)
    if file.is_dir():
        raise LlmcostError(f"{path}: is a folder, not a file; give the path of the file")
    if not file.exists():
        raise LlmcostError(f"{path}: no such file")
    return file


def looks_like_json(file: Path) -> bool:
    """A JSON array or object under a .csv name: read as CSV it gives nonsense columns."""
    with file.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"[", b"{")


def reading(path: str) -> contextlib.AbstractContextManager[None]:
    """A Polars or OS error while reading `path` becomes `{path}: cannot read: …` (one line)."""
    return one_line(f"{path}: cannot read", (pl.exceptions.PolarsError, OSError), _reason)


def _reason(exc: BaseException) -> str:
    """An OS error as its description ("Permission denied": the path is already said); any other
    by its first line."""
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return first_line(exc)


def read_table(path: str, json_advice: str, parquet: bool = True) -> pl.DataFrame:
    """CSV with every cell as text, or Parquet as typed (`parquet=False`: any name is CSV)."""
    file, is_parquet = _table_file(path, json_advice, parquet)
    with reading(path):
        return pl.read_parquet(file) if is_parquet else pl.read_csv(file, infer_schema=False)


def scan_table(path: str, json_advice: str) -> pl.LazyFrame:
    """`read_table` lazily: nothing read but the first rows, where a binary or non-UTF-8 file
    fails, before its "columns" are judged."""
    file, is_parquet = _table_file(path, json_advice, True)
    with reading(path):
        frame = pl.scan_parquet(file) if is_parquet else pl.scan_csv(file, infer_schema=False)
        frame.head(100).collect()
    return frame


def _table_file(path: str, json_advice: str, parquet: bool) -> tuple[Path, bool]:
    """The file and whether to read it as Parquet; JSON under another name is refused with
    `json_advice` (what to give instead), as CSV it would be nonsense columns."""
    file = input_file(path)
    if parquet and file.suffix.lower() in PARQUET:
        return file, True
    with reading(path):
        if looks_like_json(file):
            raise LlmcostError(f"{path}: looks like JSON; {json_advice}")
    return file, False


def refuse_nested(path: str, schema: pl.Schema, columns: Iterable[str]) -> None:
    """An `error:` for the first of `columns` holding lists or structs (Parquet, YAML): one cell
    must be one value, or a sum would be of something else."""
    for column in columns:
        if isinstance(schema[column], NESTED):
            raise LlmcostError(f"{path}: column {column} holds {schema[column]} values, not one value per row")


def refuse_unused(path: str, columns: Iterable[str], read: Sequence[str], understood: str) -> None:
    """An `error:` naming the first column that is neither in `read` nor an identity column."""
    for column in columns:
        if column in read or column.strip().lower() in IDENTITY:
            continue
        looks = " (a date)" if DATE_LIKE.search(column) else " (an amount)" if AMOUNT_LIKE.search(column) else ""
        raise LlmcostError(
            f"{path}: column '{column}'{looks} is not used by llmcost (columns read: {understood}; "
            f"allowed as labels: {', '.join(IDENTITY)}); remove it or rename it"
        )
