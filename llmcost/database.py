"""Logs in a SQL database (PostgreSQL, SQLite) read through Polars and ADBC.

ADBC (Apache Arrow's database connectivity) rather than connectorx: its drivers
are 5 MB against 57 MB plus pyarrow, come from the Arrow project, and hand Polars
Arrow data directly. Credentials come from the URI or libpq's PG* variables
(PGHOST, PGUSER, PGPASSWORD …) and never appear in messages: every message names the
database by its redacted URI, and a driver's words are scrubbed of the URI's secrets and of
PGPASSWORD (llmcost.secrets).
"""

from __future__ import annotations

import os
import re

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.secrets import redact, scrub

SCHEMES = ("postgresql://", "postgres://", "sqlite://")
IDENTIFIER = re.compile(r'^[A-Za-z0-9_."]+$')


def read_database(uri: str, table: str | None = None, query: str | None = None) -> pl.LazyFrame:
    """The rows of `table` (or of `query`) as a LazyFrame with a `_row` number."""
    shown = redact(uri)
    if not uri.startswith(SCHEMES):
        raise LlmcostError(f"{shown}: unsupported database (postgresql://… or sqlite:///…)")
    if bool(table) == bool(query):
        raise LlmcostError(f"{shown}: give --table NAME or --query SQL (one of them)")
    if table and not IDENTIFIER.match(table):
        raise LlmcostError(f"--table {table!r}: not a table name (letters, digits, _ . and double quotes)")
    sql = query or f"SELECT * FROM {table}"
    try:
        frame = pl.read_database_uri(sql, _driver_uri(uri), engine="adbc")
    except ImportError:
        raise LlmcostError("reading a database needs its ADBC driver: pip install 'llmcost[sql]'") from None
    except Exception as exc:  # driver errors come in many types; all mean "cannot read"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = scrub(message, uri, _driver_uri(uri), secrets=(os.environ.get("PGPASSWORD", ""),))
        raise LlmcostError(f"{shown}: cannot read: {message}") from None
    if frame.height == 0:
        raise LlmcostError(f"{shown}: {table or 'the query'} has no rows")
    return frame.lazy().with_row_index("_row", offset=1)


def _driver_uri(uri: str) -> str:
    """postgres:// is libpq's alias; sqlite:///relative.db and sqlite:////abs.db as usual."""
    return "postgresql://" + uri[len("postgres://"):] if uri.startswith("postgres://") else uri
