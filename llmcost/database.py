"""Logs in a SQL database (PostgreSQL, SQLite) read through Polars and ADBC.

ADBC (Apache Arrow's database connectivity) rather than connectorx: its drivers
are 5 MB against 57 MB plus pyarrow, come from the Arrow project, and hand Polars
Arrow data directly. Credentials come from the URI or libpq's PG* variables
(PGHOST, PGUSER, PGPASSWORD …) and never appear in messages: every message names the
database by its redacted URI, and a driver's words are scrubbed of the URI's secrets and of
PGPASSWORD (llmcost.secrets).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import polars as pl

from llmcost.errors import LlmcostError, first_line
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
        frame = (
            _read_sqlite(uri, sql)
            if uri.startswith("sqlite://")
            else pl.read_database_uri(sql, _driver_uri(uri), engine="adbc")
        )
    except LlmcostError:
        raise
    except ImportError:
        raise LlmcostError("reading a database needs its ADBC driver: pip install 'llmcost[sql]'") from None
    except Exception as exc:  # driver errors come in many types; all mean "cannot read"
        message = scrub(first_line(exc), uri, _driver_uri(uri))
        raise LlmcostError(f"{shown}: cannot read: {message}") from None
    if frame.height == 0:
        raise LlmcostError(f"{shown}: {table or 'the query'} has no rows")
    return frame.lazy().with_row_index("_row", offset=1)


SQLITE_TYPE_ROWS = 10**9  # rows the SQLite driver looks at to type a column: all of them


def _read_sqlite(uri: str, sql: str) -> pl.DataFrame:
    """A SQLite file opened read-only, its columns typed from every row.

    Opening `sqlite:///missing.db` would create an empty database: the file must exist, and is
    opened with `mode=ro`, so reading logs never writes. SQLite stores any value in any column,
    and the ADBC driver types a column from its first 1,024 rows, then fails the whole read on a
    later row of another type ("12.0" or "n/a" among integers); typed from all rows, such a column
    is text, and llmcost.columns rejects only the rows whose value is bad.
    """
    import adbc_driver_sqlite.dbapi

    name, _, query = uri[len("sqlite://") :].partition("?")
    name = name[1:] if name.startswith("/") else name  # sqlite:///relative.db, sqlite:////abs.db
    if name in ("", ":memory:"):
        target = ":memory:"
    elif not Path(name).is_file():
        what = "is a folder, not a database file" if Path(name).is_dir() else "no such database file"
        raise LlmcostError(f"{redact(uri)}: {what}")
    else:  # the URI's own parameters kept (SQLite ignores those it does not know), but mode
        params = [p for p in query.split("&") if p and not p.lower().startswith("mode=")]
        target = f"file:{urllib.parse.quote(str(Path(name).resolve()))}?{'&'.join(['mode=ro', *params])}"
    with adbc_driver_sqlite.dbapi.connect(target) as connection, connection.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(SQLITE_TYPE_ROWS)})
        return pl.read_database(sql, connection=cursor)


def _driver_uri(uri: str) -> str:
    """postgres:// is libpq's alias; sqlite:///relative.db and sqlite:////abs.db as usual."""
    return "postgresql://" + uri[len("postgres://") :] if uri.startswith("postgres://") else uri
