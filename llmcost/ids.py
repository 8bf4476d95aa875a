"""How ids in the revenue and customers files meet the ids in the logs: exactly (as written,
trimmed, case kept), or with `customer_id_match: case-insensitive` folded; and the warning when
they would meet only by case."""

from __future__ import annotations

import polars as pl

from llmcost.customers import load_customers
from llmcost.errors import LlmcostError


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
            notes.append(
                f"{len(pairs)} customer ids in {path} match ids in the logs only by case (ids are "
                f"case-sensitive, so they are not joined): {shown}{more}; to join them, set "
                "'customer_id_match: case-insensitive' in llmcost.yaml"
            )
    return notes


def case_only_matches(ids: pl.Series, logged: pl.Series) -> list[tuple[str, str]]:
    """(file id, log id) pairs equal once trimmed and lower-cased but not as written, sorted."""
    logs = _spellings(logged.rename("log_id"))
    pairs = (
        _spellings(ids.rename("file_id"))
        .join(logs, on="_key")
        .join(logs.select(pl.col("log_id").alias("file_id")), on="file_id", how="anti")
    )  # exact: joined
    return sorted(pairs.group_by("file_id").agg(pl.col("log_id").min()).iter_rows())


def folded(column: str) -> pl.Expr:
    """An id as `customer_id_match: case-insensitive` compares it: trimmed and lower-cased."""
    return pl.col(column).str.strip_chars().str.to_lowercase()


def _spellings(ids: pl.Series) -> pl.DataFrame:
    """Each distinct id (trimmed) and its folded key."""
    return ids.drop_nulls().str.strip_chars().unique().to_frame().with_columns(folded(ids.name).alias("_key"))


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
            "keep as separate customers; make the logs spell it one way, or remove the setting"
        )
    named = pl.coalesce(pl.col("log_id").list.first(), pl.col("customer_id")).alias("customer_id")
    return joined.with_columns(named).group_by("customer_id", "month", maintain_order=True).agg(pl.col("revenue").sum())
