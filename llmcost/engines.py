"""Where the cube runs: in Polars (files, the default), or in the engine that holds the logs.

A source names its engine: `postgresql://…` (pushed down; `--engine local` reads the rows into
Polars as before), `duckdb:///file.duckdb`, `clickhouse://…`, `chdb:///folder`, and the
warehouses whose SQL `--show-sql` prints. Files go to an engine with `--engine duckdb|chdb`.
The engine runs the SQL of llmcost.sqlcube and returns only the cube; every engine's session
is set to UTC and read-only where it can be. Drivers are extras: a missing one is one error line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
from sqlglot import exp

from llmcost import rules, sketch
from llmcost.cube import FIXED, Spelt
from llmcost.errors import SHOWN, LlmcostError, SqlShown, first_line
from llmcost.inputs import Inputs
from llmcost.secrets import redact, scrub
from llmcost.sqlcube import CubeQuery, Field, Relation, col

SAMPLE_ROWS = 1000  # rows read to learn a table's columns and types (and to sniff formats)


class Connection(Protocol):
    def run(self, sql: str) -> pl.DataFrame: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Engine:
    """An engine: its SQL dialect, the pip extra with its driver, and how to open a session."""

    name: str
    dialect: str
    extra: str
    connect: Callable[[str], Connection]


def _import(module: str, extra: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise LlmcostError(f"this engine needs its driver: pip install 'llmcost[{extra}]'") from None


class _DuckDB:
    def __init__(self, uri: str) -> None:
        duckdb = _import("duckdb", "duckdb")
        path = uri.removeprefix("duckdb://").removeprefix("/") or ":memory:"
        read_only = path != ":memory:"
        if read_only and not os.path.isfile(path):
            raise LlmcostError(f"{redact(uri)}: no such database file")
        self.db = duckdb.connect(path, read_only=read_only)
        self.db.execute("SET TimeZone = 'UTC'")
        # Parquet statistics leave NaN out of min/max; trusting them, DuckDB folds NaN checks to
        # constants, and a NaN cost would pass as good (tests/test_engines.py)
        self.db.execute("SET disabled_optimizers = 'statistics_propagation'")

    def run(self, sql: str) -> pl.DataFrame:
        return self.db.sql(sql).pl()

    def close(self) -> None:
        self.db.close()


class _Postgres:
    """PostgreSQL through ADBC, in a read-only transaction with the session in UTC."""

    def __init__(self, uri: str) -> None:
        dbapi = _import("adbc_driver_postgresql.dbapi", "sql")
        from llmcost.database import _driver_uri

        self.db = dbapi.connect(_driver_uri(uri))
        self.cursor = self.db.cursor()
        self.cursor.execute("SET TIME ZONE 'UTC'")
        self.cursor.execute("SET TRANSACTION READ ONLY")
        # The cube's GROUP BY is a few thousand cells, but PostgreSQL guesses hundreds of thousands
        # and sorts every row on disk under the default 4 MB; with room it hashes (1M rows: 21 s → 18 s)
        self.cursor.execute("SET LOCAL work_mem = '256MB'")

    def run(self, sql: str) -> pl.DataFrame:
        self.cursor.execute(sql)
        return pl.from_arrow(self.cursor.fetch_arrow_table())  # type: ignore[return-value]

    def close(self) -> None:
        self.cursor.close()
        self.db.rollback()
        self.db.close()


# ClickHouse sessions: UTC wall times, NULL (not a type's default) for a row a join does not
# match, and CSV columns as text, typed by the cube's own guarded casts as in Polars.
CLICKHOUSE_SETTINGS: dict[str, str | int] = {"session_timezone": "UTC", "join_use_nulls": 1}
CHDB_ONLY: dict[str, str | int] = {
    "input_format_csv_use_best_effort_in_schema_inference": 0,
    "input_format_csv_trim_whitespaces": 0,
}


class _Chdb:
    """chdb: ClickHouse in this process, on a data folder (`chdb:///folder`) or in memory
    (`chdb://`, for files given with --engine chdb). Set to read-only after the settings."""

    def __init__(self, uri: str) -> None:
        session = _import("chdb.session", "clickhouse")
        path = uri.removeprefix("chdb://")
        if path and not os.path.isdir(path):
            raise LlmcostError(f"{redact(uri)}: no such chdb data folder")
        self.session = session.Session(path) if path else session.Session()
        for name, value in {**CLICKHOUSE_SETTINGS, **CHDB_ONLY, "readonly": 2}.items():
            self.session.query(f"SET {name} = {_setting(value)}")

    def run(self, sql: str) -> pl.DataFrame:
        return _polars(self.session.query(sql, "ArrowTable"))

    def close(self) -> None:
        self.session.close()


def _setting(value: str | int) -> str:
    return str(value) if isinstance(value, int) else exp.Literal.string(value).sql("clickhouse")


def _polars(table: Any) -> pl.DataFrame:
    """An engine's Arrow result as a frame. Polars has no 256-bit decimal (BigQuery's BIGNUMERIC
    arrives as one, and panics its reader): such a column is read as a float, as the cube reads
    a decimal column (a sample's column; the cube's own sums are cast back to integers and floats
    in the SQL)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    wide = [i for i, f in enumerate(table.schema) if pa.types.is_decimal256(f.type)]
    for i in wide:
        table = table.set_column(i, table.schema.field(i).name, table.column(i).cast(pa.float64()))
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


@dataclass(frozen=True)
class Address:
    """The parts of `scheme://user:password@host:port/path?key=value`, unquoted."""

    user: str | None
    password: str | None
    host: str | None
    port: int | None
    path: tuple[str, ...]
    options: dict[str, str]

    def flag(self, key: str) -> bool:
        return self.options.get(key, "false").lower() in ("1", "true", "yes")


def address(uri: str) -> Address:
    from urllib.parse import parse_qsl, unquote, urlsplit

    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        raise LlmcostError(f"{redact(uri)}: not a port number") from None
    return Address(
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password else None,
        parts.hostname,
        port,
        tuple(unquote(p) for p in parts.path.split("/") if p),
        dict(parse_qsl(parts.query)),
    )


@contextlib.contextmanager
def refused(uri: str, what: str, name: str | None = None) -> Iterator[None]:
    """What a driver raises inside (drivers raise many types; all mean "the engine refused"), as
    one error line: `source: what: the driver's words`, without the URI's or the environment's
    secrets."""
    try:
        yield
    except LlmcostError:
        raise
    except Exception as exc:
        raise LlmcostError(f"{name or redact(uri)}: {what}: {scrub(said(exc), uri)}") from None


class _ClickHouse:
    """A ClickHouse server through clickhouse-connect (HTTP): `clickhouse://user:password@host:8123/db`,
    or the user and password in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD; `?secure=true` for HTTPS.
    The session is read-only and in UTC."""

    def __init__(self, uri: str) -> None:
        import logging

        driver = _import("clickhouse_connect", "clickhouse")
        # its warning of each failed HTTP attempt: the error line quotes the driver's own words
        logging.getLogger("clickhouse_connect").setLevel(logging.ERROR)
        self.uri, options = uri, clickhouse_options(uri)
        with refused(uri, "cannot connect"):
            self.client = driver.get_client(**options)

    def run(self, sql: str) -> pl.DataFrame:
        with refused(self.uri, "the clickhouse query failed"):
            return _polars(self.client.query_arrow(sql))

    def close(self) -> None:
        self.client.close()


def clickhouse_options(uri: str) -> dict[str, Any]:
    """get_client's arguments from `clickhouse://user:password@host:port/database?secure=true`."""
    at = address(uri)
    secure = at.flag("secure")
    return {
        "host": at.host or "localhost",
        "port": at.port or (8443 if secure else 8123),
        "username": at.user or os.environ.get("CLICKHOUSE_USER", "default"),
        "password": at.password or os.environ.get("CLICKHOUSE_PASSWORD", ""),
        "database": "/".join(at.path) or "default",
        "secure": secure,
        "settings": {**CLICKHOUSE_SETTINGS, "readonly": 1},
    }


@dataclass(frozen=True)
class Driver:
    """A DB-API driver: the module to import (and its extra), the connect() arguments a URI
    gives, how a cursor's result becomes a frame, and whether to roll back before closing (a
    session with no read-only mode, in a transaction)."""

    name: str
    module: str
    options: Callable[[str], dict[str, Any]]
    fetched: Callable[[Any], pl.DataFrame]
    rollback: bool = False


class _DbApi:
    """A server behind a DB-API driver: one connection, each query on its one cursor, a failure
    one error line naming the source."""

    def __init__(self, uri: str, driver: Driver) -> None:
        self.uri, self.driver = uri, driver
        connect = _import(driver.module, driver.name).connect
        options = driver.options(uri)
        with refused(uri, "cannot connect"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning)  # drivers' notes on their future defaults
            self.db = connect(**options)
            self.cursor = self.db.cursor()

    def run(self, sql: str) -> pl.DataFrame:
        with refused(self.uri, f"the {self.driver.name} query failed"):
            self.cursor.execute(sql)
            return self.driver.fetched(self.cursor)

    def close(self) -> None:
        if self.driver.rollback:
            self.db.rollback()
        self.db.close()


def trino_frame(description: Sequence[Sequence[Any]], rows: list[Sequence[Any]]) -> pl.DataFrame:
    """Trino's rows (Python values) typed by the column types the server names, not guessed from
    the values: a column NULL in every sampled row keeps its type (a BIGINT read as text would be
    compared with text), and a ROW, MAP, ARRAY, JSON or UUID value is text. Only a sample or a
    cube is read this way, never the log's rows."""
    schema = {str(d[0]): _trino_type(str(d[1])) for d in description}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pl.DataFrame(
        [
            pl.Series(name, [None if v is None else str(v) for v in values] if dtype == pl.String else values, dtype)
            for (name, dtype), values in zip(schema.items(), columns, strict=True)
        ],
    )


def _trino_type(code: str) -> pl.DataType:
    """A Trino type name (`bigint`, `decimal(38,0)`, `timestamp(3) with time zone` …) as Polars'."""
    base = code.split("(")[0].strip().lower()
    if base in ("bigint", "integer", "smallint", "tinyint"):
        return pl.Int64()
    if base in ("double", "real"):
        return pl.Float64()
    if base == "decimal":
        precision, scale = (int(n) for n in re.findall(r"\d+", code)[:2])
        return pl.Decimal(precision, scale)
    if base == "boolean":
        return pl.Boolean()
    if base == "date":
        return pl.Date()
    if base == "timestamp":
        return pl.Datetime("us", "UTC") if code.endswith("with time zone") else pl.Datetime("us")
    return pl.String()


def trino_options(uri: str) -> dict[str, Any]:
    """trino.dbapi.connect's arguments from `trino://user:password@host:8080/catalog/schema` (the
    catalog and schema are where --table is looked up), or the user and password in TRINO_USER /
    TRINO_PASSWORD; a password, a `?access_token=` (JWT) or `?secure=true` speaks HTTPS. The
    session is in UTC. Trino has no read-only session a client can ask for: llmcost sends only
    SELECTs; give it a user that can only read."""
    at = address(uri)
    password = at.password or os.environ.get("TRINO_PASSWORD")
    token = next((v for k, v in at.options.items() if k.lower() == "access_token"), None)
    secure = at.flag("secure") or bool(password or token)  # Trino takes credentials only over HTTPS
    options: dict[str, Any] = {
        "host": at.host or "localhost",
        "port": at.port or (443 if secure else 8080),
        "user": at.user or os.environ.get("TRINO_USER") or "llmcost",
        "catalog": at.path[0] if at.path else None,
        "schema": at.path[1] if len(at.path) > 1 else None,
        "http_scheme": "https" if secure else "http",
        "source": "llmcost",
        "timezone": "UTC",
    }
    if token or password:
        auth = _import("trino.auth", "trino")
        options["auth"] = (
            auth.JWTAuthentication(token) if token else auth.BasicAuthentication(options["user"], password)
        )
    return options


def snowflake_options(uri: str) -> dict[str, Any]:
    """snowflake.connector.connect's arguments from `snowflake://user:password@account/database/
    schema?warehouse=WH&role=ROLE`, or the user, password, warehouse and role in SNOWFLAKE_USER,
    SNOWFLAKE_PASSWORD, SNOWFLAKE_WAREHOUSE, SNOWFLAKE_ROLE; the URI's other parameters
    (`?authenticator=externalbrowser`, `?private_key_file=…`) are the connector's own. The
    session's TIMEZONE is UTC. Snowflake has no read-only session: llmcost sends only SELECTs,
    in a transaction it rolls back."""
    at = address(uri)
    if not at.host:
        raise LlmcostError(f"{redact(uri)}: name the account: snowflake://user@ACCOUNT/database/schema")
    options = {
        "account": at.host,
        "user": at.user or os.environ.get("SNOWFLAKE_USER"),
        "password": at.password or os.environ.get("SNOWFLAKE_PASSWORD"),
        "database": at.path[0] if at.path else None,
        "schema": at.path[1] if len(at.path) > 1 else None,
        "warehouse": at.options.get("warehouse") or os.environ.get("SNOWFLAKE_WAREHOUSE"),
        "role": at.options.get("role") or os.environ.get("SNOWFLAKE_ROLE"),
    }
    return {
        **{k: v for k, v in options.items() if v},
        # the connector's own parameters (authenticator, private_key_file …), but not a time zone:
        # the session is in UTC, as on every engine
        **{k: v for k, v in at.options.items() if k.lower() != "timezone"},
        "application": "llmcost",
        "autocommit": False,
        "session_parameters": {"TIMEZONE": "UTC", "QUERY_TAG": "llmcost"},
    }


TRINO = Driver("trino", "trino.dbapi", trino_options, lambda c: trino_frame(c.description, c.fetchall()))
SNOWFLAKE = Driver(
    "snowflake",
    "snowflake.connector",
    snowflake_options,
    lambda c: _polars(c.fetch_arrow_all(force_return_table=True)),
    rollback=True,
)


class _BigQuery:
    """BigQuery: `bigquery://project/dataset` (the dataset is where --table is looked up; a
    `?location=` is passed on), with Google's Application Default Credentials
    (GOOGLE_APPLICATION_CREDENTIALS, or `gcloud auth application-default login`). BigQuery's
    TIMESTAMP is UTC; llmcost sends only SELECTs."""

    def __init__(self, uri: str) -> None:
        bigquery = _import("google.cloud.bigquery", "bigquery")
        at = address(uri)
        if not at.host:
            raise LlmcostError(f"{redact(uri)}: name the project: bigquery://PROJECT/dataset")
        self.uri, dataset = uri, f"{at.host}.{at.path[0]}" if at.path else None
        self.config = bigquery.QueryJobConfig(default_dataset=dataset, labels={"tool": "llmcost"})
        with refused(uri, "cannot connect"):
            self.client = bigquery.Client(project=at.host, location=at.options.get("location"))

    def run(self, sql: str) -> pl.DataFrame:
        with refused(self.uri, "the bigquery query failed"):
            job = self.client.query(sql, job_config=self.config)
            return _polars(job.result().to_arrow(create_bqstorage_client=False))

    def close(self) -> None:
        self.client.close()


# Spark: one session per process, kept open (starting the JVM takes seconds and GiBs). A local
# session runs files given with --engine spark; `sc://host:15002` is a Spark Connect server.
SPARK_SESSIONS: dict[str, Any] = {}
SPARK_SETTINGS = {
    "spark.sql.session.timeZone": "UTC",  # TIMESTAMP is read and written as UTC wall time
    "spark.sql.ansi.enabled": "false",  # a cell that does not cast is NULL (rejected), not an error
}
SPARK_LOCAL = {  # a small local session: llmcost's data is the cube, not the rows
    "spark.driver.memory": "2g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
}


def spark_session(uri: str) -> Any:
    """The process's Spark session for `uri` ("spark://": local), created on first use."""
    if uri not in SPARK_SESSIONS:
        # "retries exceeded", also from releasing the session when the process ends: the error says why
        warnings.filterwarnings("ignore", message=r"\[RETRIES_EXCEEDED\]", category=UserWarning)
        with _quiet():
            sql = _import("pyspark.sql", "spark")
            builder = sql.SparkSession.builder
            session = _spark_connect(builder, uri) if uri.startswith("sc://") else _spark_local(builder)
            with refused(uri, "cannot connect"):  # the first call to a Spark Connect server
                for key, value in SPARK_SETTINGS.items():
                    session.conf.set(key, value)
        SPARK_SESSIONS[uri] = session
    return SPARK_SESSIONS[uri]


def _spark_connect(builder: Any, uri: str) -> Any:
    """A Spark Connect session that gives up on a server that does not answer after five tries
    (about 10 s of waits per call; a closed port: 31 s in all, with the session's release at
    exit), where Spark's own policy retries for more than ten minutes. The policy holds for
    every call, so a server that is still starting gets those seconds too."""
    session = builder.remote(uri).getOrCreate()
    with contextlib.suppress(ImportError, AttributeError):  # the policy's API is Spark 4's
        from pyspark.sql.connect.client.retries import DefaultPolicy

        session.client.set_retry_policies([DefaultPolicy(max_retries=5, max_backoff=5_000)])
    return session


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pyspark warns of pandas versions it was not tested with; llmcost hands it no pandas."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        yield


def said(exc: BaseException) -> str:
    """A driver's words for a failure: a gRPC error (Spark Connect; pyspark raises it as the
    context of its own "retries exceeded") prints a banner as its first line, and says what
    happened in details()."""
    for cause in (exc, exc.__cause__, exc.__context__):
        details = getattr(cause, "details", None)
        if callable(details):
            return str(details())
    return first_line(exc)


def _spark_local(builder: Any) -> Any:
    """A local session. The JVM's own stderr goes to a file (its start-up chatter is no output
    of llmcost's); errors reach llmcost as exceptions, and a failed start quotes the file."""
    import shutil
    import tempfile

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise LlmcostError("--engine spark needs Java 17 or later (java on PATH, or JAVA_HOME)")
    builder = builder.master("local[*]").appName("llmcost")
    for key, value in {**SPARK_LOCAL, **SPARK_SETTINGS}.items():
        builder = builder.config(key, value)
    with tempfile.TemporaryFile("w+") as log:
        saved = os.dup(2)
        os.dup2(log.fileno(), 2)  # the JVM inherits this stderr for its lifetime
        try:
            return builder.getOrCreate()
        except Exception:
            log.seek(0)
            said = [line for line in log.read().splitlines() if line.strip()]
            raise LlmcostError(f"Spark did not start: {said[-1] if said else 'no reason given'}") from None
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class _Spark:
    """Spark: local mode for files (`spark://`), or Spark Connect (`sc://host:15002`). The
    session outlives the connection: close() keeps it for the next query of the process."""

    def __init__(self, uri: str) -> None:
        self.session = spark_session(uri)

    def run(self, sql: str) -> pl.DataFrame:
        with _quiet():
            frame = self.session.sql(sql)
            if hasattr(frame, "toArrow"):  # Spark 4; 3.5 has only toPandas
                return pl.from_arrow(frame.toArrow())  # type: ignore[return-value]
            return pl.from_pandas(frame.toPandas())

    def close(self) -> None:
        pass


def spark_files(paths: list[str], fmt: str) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    """Parquet files read by Spark (`parquet.`path``): one SELECT per file, in the order given
    (`_file`, as in Polars), rows in file order by `_metadata.row_index` (kept as a column: the
    hidden `_metadata` does not pass through a UNION)."""
    if fmt != "parquet":
        raise LlmcostError(f"--engine spark reads Parquet files, not {fmt} (use --engine duckdb, or the default)")
    row = exp.Dot(this=col("_metadata"), expression=exp.to_identifier("row_index", quoted=True))
    tables = [
        exp.Table(
            this=exp.to_identifier(p if "://" in p else os.path.abspath(p), quoted=True),
            db=exp.to_identifier("parquet", quoted=True),
        )
        for p in paths
    ]
    return _numbered(tables, columns_of(paths, fmt), row, "_row_index")


def columns_of(paths: list[str], fmt: str) -> list[list[str]] | None:
    """Each file's column names, from its header or footer (Polars reads no rows for it), so that
    a UNION lines the files' columns up by name; None unless every path is a file here (an
    object-store URL, a folder or a glob the engine expands: read as `*`)."""
    if len(paths) < 2 or not all(_a_file(p) for p in paths):
        return None

    def names(path: str) -> list[str]:
        if fmt == "parquet":
            return list(pl.read_parquet_schema(path))
        return list(pl.scan_csv(path, infer_schema=False).collect_schema())

    out = []
    for path in paths:
        try:
            out.append(names(path))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise LlmcostError(f"{path}: cannot read its columns: {first_line(exc)}") from None
    return out


def _numbered(
    readers: Sequence[exp.Expr], columns: list[list[str]] | None, row: exp.Expr, row_name: str
) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    """One SELECT per file reader, in the order given, each row with its file's place (`_file`,
    as in Polars) and its row number kept as the column `row_name`: an engine's virtual columns
    do not pass through a UNION. A UNION lines columns up by place, not name: with `columns`
    (each file's), every SELECT names the columns of all the files in one order, NULL where a
    file has none (two exports with input and output swapped summed each into the other)."""
    every = list(dict.fromkeys(c for names in columns or [] for c in names))

    def picked(i: int) -> list[exp.Expr]:
        if columns is None:
            return [exp.Star()]
        return [col(c) if c in columns[i] else exp.alias_(exp.null(), c, quoted=True) for c in every]

    parts: list[exp.Query] = [
        exp.select(
            *picked(i),
            exp.alias_(exp.Literal.number(i), "_file", quoted=True),
            exp.alias_(row.copy(), row_name, quoted=True),
        ).from_(reader)
        for i, reader in enumerate(readers)
    ]
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    source = exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier("source", quoted=True)))
    return source, (col("_file"), col(row_name))


ENGINES: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("duckdb", "duckdb", "duckdb", _DuckDB),
        Engine("postgres", "postgres", "sql", _Postgres),
        Engine("chdb", "clickhouse", "clickhouse", _Chdb),
        Engine("clickhouse", "clickhouse", "clickhouse", _ClickHouse),
        Engine("spark", "spark", "spark", _Spark),
        Engine("bigquery", "bigquery", "bigquery", _BigQuery),
        Engine("snowflake", "snowflake", "snowflake", lambda uri: _DbApi(uri, SNOWFLAKE)),
        Engine("trino", "trino", "trino", lambda uri: _DbApi(uri, TRINO)),
    )
}
SCHEMES = {
    "postgresql://": "postgres",
    "postgres://": "postgres",
    "duckdb://": "duckdb",
    "chdb://": "chdb",
    "clickhouse://": "clickhouse",
    "sc://": "spark",
    "bigquery://": "bigquery",
    "snowflake://": "snowflake",
    "trino://": "trino",
}
FILE_ENGINES = ("duckdb", "chdb", "spark")  # --engine NAME on files (polars, the default, is llmcost's own pass)


def engine_for(uri: str) -> Engine | None:
    """The engine a database URI names (None: not one llmcost pushes the cube down to)."""
    name = next((e for s, e in SCHEMES.items() if uri.startswith(s)), None)
    return ENGINES[name] if name else None


# ---------------------------------------------------------------------------------------------
# What the query reads


def table_source(name: str, dialect: str) -> exp.Expr:
    """--table NAME as quoted identifiers (`catalog.schema.table`), never pasted into SQL text."""
    parts = name_parts(name, "--table")
    if len(parts) > 3:
        raise LlmcostError(f"--table {name!r}: not a table name (at most catalog.schema.table)")
    names = [identifier(part, quoted, dialect) for part, quoted in parts]
    return exp.Table(
        this=names[-1], db=names[-2] if len(names) > 1 else None, catalog=names[-3] if len(names) > 2 else None
    )


# A part of a dotted name: "in double quotes" ("" for a quote), `in backticks`, or bare.
_NAME_PART = re.compile(r'"((?:[^"]|"")+)"|`([^`]+)`|([^."`]+)')


def name_parts(name: str, option: str) -> list[tuple[str, bool]]:
    """A dotted name split at the dots outside quotes: each part and whether it was quoted."""
    parts, at = [], 0
    while True:
        match = _NAME_PART.match(name, at)
        bare = match.group(3).strip() if match and match.group(3) else None
        if match is None or bare == "":
            raise LlmcostError(f"{option} {name!r}: not a name")
        quoted = (match.group(1) or "").replace('""', '"') or match.group(2)
        parts.append((quoted or bare or "", bare is None))
        at = match.end()
        if at == len(name):
            return parts
        if name[at] != ".":
            raise LlmcostError(f"{option} {name!r}: not a name")
        at += 1


def identifier(name: str, quoted: bool, dialect: str) -> exp.Identifier:
    """A name the user typed, quoted. Snowflake keeps a name written without quotes in upper case
    (`calls` is the table CALLS), so there such a name is upper-cased; one written in double
    quotes keeps its case. Elsewhere the name is kept as typed: PostgreSQL's LiteLLM_SpendLogs
    was created quoted, and is found only as written."""
    return exp.to_identifier(name.upper() if dialect == "snowflake" and not quoted else name, quoted=True)


def query_source(sql: str, dialect: str) -> exp.Expr:
    """--query SQL as a subquery, its text kept as the user wrote it (sqlcube.RAW_QUERY): the
    engine's own parser reads it and names its faults, in the user's dialect."""
    from llmcost.sqlcube import RAW_QUERY

    return exp.Subquery(
        this=exp.Anonymous(this=RAW_QUERY), alias=exp.TableAlias(this=exp.to_identifier("source", quoted=True))
    )


def files_source(paths: list[str], fmt: str, dialect: str) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    """Files read by the engine itself, with the engine's file name and row number as the order."""
    reader = FILE_READERS.get(dialect)
    if reader is None:
        raise LlmcostError(f"--engine {dialect} does not read files yet")
    return reader(paths, fmt)


def duckdb_files(paths: list[str], fmt: str) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    """Files read by DuckDB's read_parquet/read_csv in one call, ordered by each file's place in
    `paths` (the `file_index` virtual column: the order given, as in Polars) and its rows'."""
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    files = exp.Array(expressions=[exp.Literal.string(p) for p in paths])
    options = [exp.EQ(this=exp.var("filename"), expression=exp.true())]
    # Columns lined up by name, NULL where a file has none, as Polars reads them
    options.append(exp.EQ(this=exp.var("union_by_name"), expression=exp.true()))
    if fmt == "parquet":
        options.append(exp.EQ(this=exp.var("file_row_number"), expression=exp.true()))
        return exp.func(reader, files, *options), (col("file_index"), col("file_row_number"))
    # DuckDB numbers no CSV rows: a single-threaded read numbered as it goes keeps the file order
    # (an ORDER BY of the file alone leaves the rows of a file in any order)
    options.append(exp.EQ(this=exp.var("parallel"), expression=exp.false()))
    # Every column as text, typed by the cube's guarded casts as in Polars: DuckDB's own
    # sniffing read 01/03/2026 as a month-first DATE, putting day-first calls in March.
    options.append(exp.EQ(this=exp.var("all_varchar"), expression=exp.true()))
    numbered = exp.select(
        exp.Star(),
        exp.alias_(col("file_index"), "_file_index", quoted=True),
        exp.alias_(exp.Window(this=exp.RowNumber()), "_scan", quoted=True),
    ).from_(exp.func(reader, files, *options))
    source = exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier("source", quoted=True)))
    return source, (col("_file_index"), col("_scan"))


def clickhouse_files(paths: list[str], fmt: str) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    """Files read by ClickHouse's file(): one SELECT per file, in the order given (`_file`, as
    in Polars), rows in file order by the virtual `_row_number` (kept as a column: the virtual
    columns do not pass through a UNION)."""
    reader = "Parquet" if fmt == "parquet" else "CSVWithNames"
    readers = [exp.func("file", exp.Literal.string(os.path.abspath(p)), exp.Literal.string(reader)) for p in paths]
    return _numbered(readers, columns_of(paths, fmt), col("_row_number"), "_row_number")


FILE_READERS: dict[str, Callable[[list[str], str], tuple[exp.Expr, tuple[exp.Expr, ...]]]] = {
    "duckdb": duckdb_files,
    "clickhouse": clickhouse_files,
    "spark": spark_files,
}


# ---------------------------------------------------------------------------------------------
# The remote log


@dataclass(frozen=True)
class Remote:
    """A log that stays in its engine: the relation the cube's SQL reads, the engine, and, once
    opened, its connection. `show_sql` prints the queries instead of running them."""

    engine: Engine
    name: str  # the source as messages name it (secrets redacted)
    uri: str
    relation: Relation
    show_sql: bool = False

    def query(self, keys: Mapping[str, str], window: Any, breaks: tuple[tuple, tuple], **more: Any) -> CubeQuery:
        dates = tuple(dt.datetime.combine(d, dt.time(), dt.UTC) for d in breaks[0])
        return CubeQuery(self.relation, keys, window, dates, tuple(breaks[1]), rules.clock(), **more)

    def run(self, sql: str) -> pl.DataFrame:
        connection = self.open()
        try:
            with refused(self.uri, "cannot read", self.name):
                return connection.run(sql)
        finally:
            with contextlib.suppress(Exception):  # a session that is gone: the query's own error says why
                connection.close()

    def open(self) -> Connection:
        with refused(self.uri, "cannot read", self.name):
            return self.engine.connect(self.uri)


def sample(engine: Engine, uri: str, source: exp.Expr, name: str, query: str | None = None) -> pl.DataFrame:
    """The first SAMPLE_ROWS rows: the columns, their types and values to sniff. `name`: the
    source as an error names it (files on an engine: the files, not the engine's `chdb://`)."""
    from llmcost.sqlcube import render

    tree = exp.select(exp.Star()).from_(source.copy()).limit(SAMPLE_ROWS)
    return Remote(engine, name, uri, Relation(source, {}, {}, ())).run(render(tree, engine.dialect, query=query))


def kind_of(dtype: pl.DataType) -> str:
    """A sample column's Polars type as what the SQL compiler casts from (sqlcube.KINDS)."""
    if dtype.is_integer():
        return "int"
    if dtype.is_float() or isinstance(dtype, pl.Decimal):
        return "float"
    if dtype == pl.Boolean:
        return "bool"
    if isinstance(dtype, pl.Datetime):
        return "timestamp"
    if dtype == pl.Date:
        return "date"
    return "text"


def relation_for(
    source: exp.Expr,
    schema: pl.Schema,
    found: Mapping[str, str],
    order: tuple[exp.Expr, ...],
    **more: Any,
) -> Relation:
    """The relation of a source whose canonical columns (`found`: canonical → source column) were
    mapped from a sample, typed by the sample's types."""
    fields = {name: Field(col(column), kind_of(schema[column])) for name, column in found.items()}
    return Relation(source, fields, dict(found), order, **more)


def with_order(relation: Relation, order: tuple[exp.Expr, ...]) -> Relation:
    return dataclasses.replace(relation, order=order)


# Result columns as the Polars cube types them (cube.cube), by name; keys by their column's kind.
CELL_TYPES: dict[str, pl.DataType] = {
    "_model": pl.String(),
    "_seg": pl.UInt32(),
    "_bucket": pl.UInt32(),
    "_tier": pl.String(),
    "_month": pl.Date(),
    "_in": pl.Boolean(),
    "_has_cost": pl.Boolean(),
    "_state": pl.String(),
    "_reason": pl.String(),
    "inferences": pl.UInt32(),
    **{name: pl.Float64() for name in FIXED},  # logged_cost, latency_sum, feedback_sum
    "feedback_min": pl.Float64(),
    "feedback_max": pl.Float64(),
}
KEY_TYPES = {"int": pl.Int64(), "float": pl.Float64(), "bool": pl.Boolean(), "timestamp": pl.Datetime("us", "UTC")}


# ---------------------------------------------------------------------------------------------
# The cube, run remotely


def key_spec(expr: pl.Expr | Spelt) -> str:
    """A command's cube key as the SQL compiler names it: a canonical column, a period, an hour,
    a histogram bucket, or the spec a Spelt key carries."""
    from llmcost.cube import hour_of_day, period_start
    from llmcost.rules import PERIODS

    if isinstance(expr, Spelt):
        return expr.spec
    if expr.meta.is_column():
        return expr.meta.output_name()
    if expr.meta.eq(hour_of_day()):
        return "hour"
    roots = set(expr.meta.root_names())
    if len(roots) == 1 and expr.meta.eq(sketch.bucket(pl.col(*roots))):
        return f"bucket:{next(iter(roots))}"
    for period in PERIODS:
        if expr.meta.eq(period_start(period)):
            return f"period:{period}"
    if expr.meta.eq(pl.col("timestamp").dt.date()):
        return "period:day"
    raise LlmcostError("this command groups by something the database cannot compute yet: use --engine local")


def remote_cube(
    remote: Remote,
    breaks: tuple[tuple, tuple],
    keys: Mapping[str, pl.Expr | Spelt],
    window: Any,
    extra: Mapping[str, tuple[str, pl.Expr | Spelt]] | None,
    signals: bool,
) -> pl.DataFrame:
    """The cube computed by the engine, typed as the Polars cube is; its rows checked against a
    count of the source's rows, so that nothing is lost on the way."""
    specs = {name: key_spec(e) for name, e in keys.items()}
    more = {name: (how, _value_spec(e)) for name, (how, e) in (extra or {}).items()}
    query = remote.query(specs, window, breaks, signals=signals, extra=more)
    if remote.show_sql:
        return _kept(remote, query, specs, more)
    cells = remote.run(query.sql(remote.engine.dialect))
    counted = remote.run(query.count_sql(remote.engine.dialect))
    rows, summed = int(counted["rows"][0]), int(cells["inferences"].sum() or 0)
    if rows != summed:
        raise LlmcostError(f"{remote.name}: the cube counts {summed:,} rows of {rows:,}: please report this")
    return _typed_cells(cells, remote.relation, specs, more)


def _kept(remote: Remote, query: CubeQuery, specs: Mapping[str, str], more: Mapping) -> pl.DataFrame:
    """--show-sql: the queries kept to print, and an empty cube in place of the engine's, so that
    the command goes on to ask for its other cubes (errors.showing_sql; without it, the first
    cube stops the command)."""
    kept, text = SHOWN.get(), _shown(remote, query)
    if kept is None:
        raise SqlShown(text)
    if text not in kept:
        kept.append(text)
    empty = pl.DataFrame(schema=dict.fromkeys(query.tree().named_selects, pl.Null()))
    return _typed_cells(empty, remote.relation, specs, more)


def _shown(remote: Remote, query: CubeQuery) -> str:
    dialect = remote.engine.dialect
    return "\n".join(
        [
            f"-- llmcost: the cube of {remote.name} ({dialect})",
            query.sql(dialect) + ";",
            "-- the rows counted apart (must equal the cube's inferences)",
            query.count_sql(dialect) + ";",
            "-- run only when the cube has rejected rows: the first rows of each reason",
            query.rejections_sql(dialect) + ";",
        ]
    )


def _typed_cells(cells: pl.DataFrame, relation: Relation, specs: Mapping[str, str], more: Mapping) -> pl.DataFrame:
    """The engine's result with the Polars cube's types (ClickHouse sends UInt8 and UInt64,
    PostgreSQL NUMERIC sums, DuckDB HUGEINT), narrowed and sorted as cube.cube does."""
    from llmcost.cube import TOKENS, finish
    from llmcost.rules import COLUMNS

    types = {name: _key_type(spec) for name, spec in specs.items()}
    for name, (_, spec) in more.items():
        types[name] = KEY_TYPES.get(COLUMNS[spec].kind, pl.Float64()) if spec in COLUMNS else pl.Int64()
    # PostgreSQL's NUMERIC sums arrive through ADBC as an extension type over their text
    wrapped = [c for c, t in cells.schema.items() if isinstance(t, pl.Extension)]
    cells = cells.with_columns(pl.col(c).ext.storage() for c in wrapped) if wrapped else cells
    out = cells.with_columns(
        pl.col(c).cast(types.get(c) or CELL_TYPES.get(c) or (pl.Int128() if c in TOKENS else pl.Int64()))
        for c in cells.columns
    )
    out = out.with_columns(
        pl.col(c).dt.replace_time_zone("UTC") for c, t in out.schema.items() if t == pl.Datetime("us")
    )
    return finish(out, len(specs) + 9)


def _value_spec(value: pl.Expr | Spelt) -> str:
    """An extra value as the SQL compiler names it: a Spelt's spec, or a column."""
    if isinstance(value, Spelt):
        return value.spec
    if not value.meta.is_column():
        raise LlmcostError("this command sums something the database cannot compute yet: use --engine local")
    return value.meta.output_name()


def _key_type(spec: str) -> pl.DataType:
    """A key's type as the Polars cube makes it (key_spec names the key)."""
    from llmcost.rules import COLUMNS

    if spec.startswith("period:"):
        return pl.Date()
    if spec == "hour":
        return pl.Int8()  # dt.hour()
    if spec.startswith("bucket:"):
        return pl.Int32()  # sketch.bucket
    if spec.startswith("bins:"):
        return pl.UInt8()  # drift.length_bin
    return KEY_TYPES.get(COLUMNS[spec].kind, pl.String())


def remote_rejections(remote: Remote, breaks: tuple[tuple, tuple], window: Any) -> pl.DataFrame:
    """Per reason: rejected rows, the first row number and the first five (cube.rejections)."""
    query = remote.query({}, window, breaks)
    rows = remote.run(query.rejections_sql(remote.engine.dialect))
    return (
        rows.with_columns(
            pl.col("_file").cast(pl.UInt32), pl.col("_row").cast(pl.Int64), pl.col("rows").cast(pl.UInt32)
        )
        .sort("_row")
        .group_by("_file", "_reason")
        .agg(pl.col("rows").first(), pl.col("_row").first().alias("first_row"), pl.col("_row").alias("first_rows"))
        .select("_file", "_reason", "rows", "first_row", "first_rows")
    )


# ---------------------------------------------------------------------------------------------
# Opening a remote log


@dataclass(frozen=True)
class Opened:
    """A source opened in its engine: the remote log, the canonical columns it has (canonical →
    the source's name), the preset it was read with, and what was noticed on the way."""

    remote: Remote
    found: dict[str, str]
    preset: str | None
    warnings: list[str]
    convention: str


def open_remote(
    uri: str, engine: Engine, config: Any, inputs: Inputs, files: tuple[list[str], str] | None = None
) -> Opened:
    """Learn the source's columns from a sample (or, with --show-sql on a database, from the
    preset or the configured columns alone, without connecting) and build the relation the
    cube reads."""
    from llmcost.presets import get_preset

    wanted, query, show_sql = inputs.preset or config.preset, inputs.query, inputs.show_sql
    default_model = inputs.model or config.model
    name = _source_name(uri, files, config, None if wanted else default_model or "")
    uri = f"{engine.name}://" if files is not None else uri  # files: an in-process engine, in memory
    source, file_order = _source(engine, name, inputs.table, query, files)
    tabled = _table_preset(engine, uri, source, query, wanted, bool(config.columns) or show_sql, name)
    if tabled is not None:
        return _opened_table(tabled, engine, name, uri, source, query, default_model, show_sql, wanted)
    chosen = get_preset(wanted)
    if show_sql and files is None:  # files are on this machine: their columns are read even so
        found, fields, warnings = _declared(chosen, config, name)
        skip, columns = None, None
    else:
        chosen, found, fields, skip, warnings, columns = _sampled(engine, uri, source, chosen, config, name, query)
    convention = config.token_convention or (chosen.convention if chosen else "openai")
    _require(found, default_model, name)
    order = file_order or (_order_column(inputs.order_by, fields, engine.dialect, columns),)
    relation = Relation(
        source,
        fields,
        found,
        order,
        skip=skip,
        default_model=default_model,
        anthropic=convention == "anthropic",
        query=query,
        files=tuple(files[0]) if files is not None and all(map(_a_file, files[0])) else (),
    )
    remote = Remote(engine, name, uri, relation, show_sql)
    return Opened(remote, found, chosen.name if chosen else None, warnings, convention)


def _source_name(uri: str, files: tuple[list[str], str] | None, config: Any, model: str | None) -> str:
    """How messages name the source (secrets redacted); files are first checked to name their
    columns alike and, read without a preset (`model` not None), each to have the required ones."""
    if files is None:
        return redact(uri)
    _spelt_alike(files[0], columns_of(*files), config.columns, model)
    return redact(files[0][0]) if len(files[0]) == 1 else f"{redact(files[0][0])} (and {len(files[0]) - 1} more)"


def _spelt_alike(paths: list[str], columns: list[list[str]] | None, mapping: dict[str, str], model: str | None) -> None:
    """An engine lines several files' columns up by name; Polars maps each file's own (a case or
    an alias: `INPUT_TOKENS`, `prompt_tokens`). Files that name a canonical column differently are
    refused, in words, rather than read with that column empty in some of them."""
    from llmcost.columns import map_columns
    from llmcost.rules import COLUMNS

    if columns is None:
        return
    found = [map_columns(names, mapping, path) for path, names in zip(paths, columns, strict=True)]
    for path, each in zip(paths, found, strict=True):
        if model is not None:  # as Polars refuses a file without one (it would read as rejected rows)
            _require(each, model or None, path)
    for canonical in COLUMNS:
        spelt = [(path, f[canonical]) for path, f in zip(paths, found, strict=True) if canonical in f]
        other = next(((p, n) for p, n in spelt if n != spelt[0][1]), None)
        if other is not None:
            raise LlmcostError(
                f"{other[0]}: names {canonical} '{other[1]}', and {spelt[0][0]} '{spelt[0][1]}': an engine "
                "lines files up by column name, so they must name their columns alike (without --engine, "
                "llmcost maps each file's own)"
            )


def _a_file(path: str) -> bool:
    """A file here: a folder or a glob the engine expands (an object store's too) is one source,
    whose files have no name of their own in the account."""
    return "://" not in path and os.path.isfile(path)


def _table_preset(
    engine: Engine, uri: str, source: exp.Expr, query: str | None, wanted: str | None, mapped: bool, name: str
) -> str | None:
    """A tool's own ClickHouse table (Langfuse v3 observations), named with --preset or recognised by
    its columns in a sample (None: read as a log with a preset or columns)."""
    from llmcost.sqlpresets_clickhouse import RELATIONS, detect

    if wanted in RELATIONS:
        if engine.dialect != "clickhouse":
            raise LlmcostError(f"--preset {wanted}: a ClickHouse table (clickhouse:// or chdb://)")
        return wanted
    if wanted or mapped or engine.dialect != "clickhouse":
        return None
    return detect(sample(engine, uri, source, name, query).columns)


def _opened_table(
    preset: str,
    engine: Engine,
    name: str,
    uri: str,
    source: exp.Expr,
    query: str | None,
    model: str | None,
    show_sql: bool,
    wanted: str | None,
) -> Opened:
    from llmcost.sqlpresets_clickhouse import RELATIONS

    relation = dataclasses.replace(RELATIONS[preset](source, model), query=query)
    said = [f"{name}: read as a {preset} table (its columns were recognised; --preset NAME reads it otherwise)"]
    remote = Remote(engine, name, uri, relation, show_sql)
    convention = "anthropic" if relation.anthropic else "openai"
    return Opened(remote, dict(relation.found), preset, [] if wanted else said, convention)


def _source(
    engine: Engine, name: str, table: str | None, query: str | None, files: tuple[list[str], str] | None
) -> tuple[exp.Expr, tuple[exp.Expr, ...]]:
    if files is not None:
        return files_source(files[0], files[1], engine.dialect)
    if bool(table) == bool(query):
        raise LlmcostError(f"{name}: give --table NAME or --query SQL (one of them)")
    return (table_source(table, engine.dialect) if table else query_source(query or "", engine.dialect)), ()


def _declared(chosen: Any, config: Any, name: str) -> tuple[dict[str, str], dict[str, Field], list[str]]:
    """--show-sql without connecting: the columns a preset or `columns:` names, of unknown type
    (cast from text, which reads any type)."""
    if chosen is not None:
        fields = {c: Field(_path_sql(paths[0]), "any") for c, paths in chosen.fields.items()}
        return {c: c for c in fields}, fields, []
    if config.columns:
        return dict(config.columns), {c: Field(col(s), "any") for c, s in config.columns.items()}, []
    raise LlmcostError(
        f"{name}: --show-sql does not connect, so it needs the columns: --preset NAME or columns: in llmcost.yaml"
    )


def _path_sql(path: tuple[str, ...]) -> exp.Expr:
    from llmcost.sqlcube import json_field

    return col(path[0]) if len(path) == 1 else json_field(col(path[0]), path[1:])


def _sampled(
    engine: Engine, uri: str, source: exp.Expr, chosen: Any, config: Any, name: str, query: str | None
) -> tuple:
    """Columns, preset and types from the first rows: the same mapping and checks as for a file."""
    from llmcost.columns import map_columns
    from llmcost.load import _storage
    from llmcost.presets import apply, detect, get_preset

    rows = _storage(sample(engine, uri, source, name, query).lazy()).with_row_index("_row", offset=1)
    schema = rows.collect_schema()
    warnings: list[str] = []
    if chosen is None and not config.columns:
        detected = detect(schema)
        chosen = get_preset(detected)
        if detected:
            warnings.append(
                f"{name}: read as a {detected} log (its format was recognised; --preset NAME reads it as another)"
            )
    if chosen is None:
        found = map_columns([n for n in schema.names() if n != "_row"], config.columns, name)
        fields = {c: Field(col(s), kind_of(schema[s])) for c, s in found.items()}
        return None, found, fields, None, warnings, schema.names()
    from llmcost.sqlpresets import preset_fields

    _, notes = apply(chosen, rows, name)
    fields, skip = preset_fields(chosen, schema, name)
    return chosen, {c: c for c in fields}, fields, skip, warnings + notes, schema.names()


def _require(found: Mapping[str, str], default_model: str | None, name: str) -> None:
    from llmcost.rules import COLUMNS

    missing = [
        c
        for c, column in COLUMNS.items()
        if column.required and c not in found and not (c == "model" and default_model)
    ]
    if missing:
        raise LlmcostError(f"{name}: no {', '.join(missing)} column (set columns: in llmcost.yaml, or --preset NAME)")


def _order_column(
    order_by: str | None, fields: Mapping[str, Field], dialect: str, columns: Sequence[str] | None
) -> exp.Expr:
    """ "The last row of an id wins": in a table, last by --order-by (default: the timestamp). A
    column the sample shows is named as the table spells it (`seq` for SEQ, in any case)."""
    from llmcost.sqlcube import typed

    if not order_by:
        return typed("timestamp", fields["timestamp"])
    parts = name_parts(order_by, "--order-by")
    if len(parts) != 1:
        raise LlmcostError(f"--order-by {order_by!r}: one column of the table")
    (part, quoted), spelt = parts[0], [c for c in columns or [] if c.lower() == parts[0][0].lower()]
    if not quoted and spelt:
        return exp.column(exp.to_identifier(part if part in spelt else spelt[0], quoted=True))
    return exp.column(identifier(part, quoted, dialect))
