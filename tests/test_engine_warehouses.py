"""Trino, Snowflake and BigQuery: their drivers, played by DuckDB.

No server of these three runs in CI (none is installable here), so each test replaces the
driver's entry point (`trino.dbapi.connect`, `snowflake.connector.connect`,
`google.cloud.bigquery.Client`) with a stand-in that takes the same arguments — checked against
the installed driver's own signature — and runs each query on DuckDB after SQLGlot has
transpiled it from the warehouse's dialect. What this holds: the arguments llmcost connects
with, the session settings it asks for, and that the SQL it writes for each warehouse means the
same as the Polars pass, cell for cell, on the dirty logs of tests/test_engines.py. Results come
back as DuckDB makes them (Trino's as Python values with the types its client names), so what
it cannot hold: a warehouse's own reading of a function whose meaning SQLGlot's transpiler maps
for us, and the values a real driver returns (Trino's ROW and MAP objects are tested apart;
Snowflake's upper-case column names are not). docs/reference.md, §6.5, says so.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings

from llmcost import engines
from llmcost.inputs import Inputs
from llmcost.secrets import redact
from tests.conftest import one_error
from tests.test_engines import COMMANDS, FIXED, _normal, cube_of, dirty_logs, same_cells

pytestmark = pytest.mark.usefixtures("frozen_clock")

trino_dbapi = pytest.importorskip("trino.dbapi")
trino_auth = pytest.importorskip("trino.auth")
snowflake_connector = pytest.importorskip("snowflake.connector")
bigquery = pytest.importorskip("google.cloud.bigquery")
REAL_CLIENT = bigquery.Client  # the fixture replaces it

URIS = {
    "trino": "trino://analyst@trino.example:8080/hive/llm",
    "snowflake": "snowflake://analyst:s3cret-pw@acme-xy123/LOGS/PUBLIC?warehouse=SMALL",
    "bigquery": "bigquery://acme-prod/llm_logs",
}


class Played:
    """One warehouse's session, played by DuckDB: every query transpiled from `dialect`."""

    def __init__(self, db: duckdb.DuckDBPyConnection, dialect: str, seen: dict) -> None:
        self.db, self.dialect, self.seen = db, dialect, seen
        self.result: duckdb.DuckDBPyRelation | None = None

    def execute(self, sql: str) -> None:
        self.seen.setdefault("queries", []).append(sql)
        (translated,) = sqlglot.transpile(sql, read=self.dialect, write="duckdb")
        self.result = self.db.sql(translated)

    def arrow(self) -> pa.Table:
        assert self.result is not None
        return self.result.to_arrow_table()


def _bound(function: Any, *args: Any, **kwargs: Any) -> None:
    """The call binds to the installed driver's own signature (a renamed argument fails here)."""
    inspect.signature(function).bind(*args, **kwargs)


class TrinoConnection:
    def __init__(self, db, seen, **options) -> None:
        _bound(trino_dbapi.Connection.__init__, None, **options)
        seen["connect"] = options
        self.played = Played(db, "trino", seen)
        self.description: list[tuple] = []

    def cursor(self) -> TrinoConnection:
        return self

    def execute(self, sql: str) -> None:
        self.played.execute(sql)
        assert self.played.result is not None
        result = self.played.result
        self.description = [(n, _trino_name(str(t))) for n, t in zip(result.columns, result.types, strict=True)]

    def fetchall(self) -> list[tuple]:
        assert self.played.result is not None
        return self.played.result.fetchall()  # Python values, as Trino's client returns them

    def close(self) -> None:
        pass


TRINO_NAMES = {"BIGINT": "bigint", "INTEGER": "integer", "VARCHAR": "varchar", "DOUBLE": "double", "FLOAT": "real",
               "BOOLEAN": "boolean", "DATE": "date", "HUGEINT": "decimal(38,0)", "TIMESTAMP": "timestamp(6)",
               "TIMESTAMP WITH TIME ZONE": "timestamp(6) with time zone"}  # fmt: skip


def _trino_name(duckdb_type: str) -> str:
    """The type Trino's client would name in `description` for a DuckDB result column."""
    if duckdb_type.startswith("DECIMAL"):
        return duckdb_type.lower().replace(" ", "")
    return TRINO_NAMES.get(duckdb_type, "varchar")


class SnowflakeConnection:
    def __init__(self, db, seen, **options) -> None:
        from snowflake.connector.connection import ConnectionConfig

        known = {field.name for field in dataclasses.fields(ConnectionConfig)}  # the connector's parameters
        assert set(options) <= known, set(options) - known
        seen["connect"] = options
        self.played = Played(db, "snowflake", seen)

    def cursor(self) -> SnowflakeConnection:
        return self

    def execute(self, sql: str) -> None:
        self.played.execute(sql)

    def fetch_arrow_all(self, **options: Any) -> pa.Table:
        _bound(snowflake_connector.cursor.SnowflakeCursor.fetch_arrow_all, None, **options)
        return self.played.arrow()

    def rollback(self) -> None:
        self.played.seen["rolled back"] = True

    def close(self) -> None:
        pass


class BigQueryClient:
    def __init__(self, db, seen, *args, **options) -> None:
        _bound(REAL_CLIENT.__init__, None, *args, **options)
        seen["connect"] = options
        self.played = Played(db, "bigquery", seen)

    def query(self, sql: str, **options: Any) -> BigQueryClient:
        _bound(REAL_CLIENT.query, None, sql, **options)
        self.played.seen["job_config"] = options["job_config"]
        self.played.execute(sql)
        return self

    def result(self) -> BigQueryClient:
        return self

    def to_arrow(self, **options: Any) -> pa.Table:
        _bound(bigquery.table.RowIterator.to_arrow, None, **options)
        return self.played.arrow()

    def close(self) -> None:
        pass


@pytest.fixture
def warehouse(monkeypatch) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """A DuckDB database standing in for all three warehouses, and what each was asked."""
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    seen: dict = {}
    monkeypatch.setattr(trino_dbapi, "connect", lambda **o: TrinoConnection(db, seen, **o))
    monkeypatch.setattr(snowflake_connector, "connect", lambda **o: SnowflakeConnection(db, seen, **o))
    monkeypatch.setattr(bigquery, "Client", lambda *a, **o: BigQueryClient(db, seen, *a, **o))
    return db, seen


def _table(db: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """The rows as a table, with `seq` (the row's place) to order repeated ids by."""
    rows = frame.with_row_index("seq").to_arrow()  # noqa: F841 (read by DuckDB by name)
    db.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM rows')


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(logs=dirty_logs())
def test_each_warehouse_sql_gives_the_polars_cube(logs, warehouse, book, tmp_path):
    db, _ = warehouse
    for variant, frame in zip(("typed", "text"), logs, strict=True):
        path = tmp_path / f"{variant}.parquet"
        frame.write_parquet(path)
        expected = cube_of(Inputs(paths=(str(path),), pricing=str(book)))
        _table(db, f"calls_{variant}", frame)
        for name, uri in URIS.items():
            got = cube_of(Inputs(paths=(uri,), table=f"calls_{variant}", order_by="seq", pricing=str(book)))
            same_cells(expected, got, f"{name} {variant}")


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_says_the_same_on_each_warehouse(run, warehouse, book, tmp_path, command):
    db, _ = warehouse
    frame = pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String))
    path = tmp_path / "calls.parquet"
    frame.write_parquet(path)
    _table(db, "calls_fixed", frame)
    local = run(*command, path, "--pricing", book, "-f", "json")
    assert local.code in (0, 1) and local.out, local.err
    expected = (local.code, _normal(local.out, [str(path)], "json"))
    for name, uri in URIS.items():
        source = [uri, "--table", "calls_fixed", "--order-by", "seq"]
        result = run(*command, *source, "--pricing", book, "-f", "json")
        named = [redact(uri), *source[1:]]  # as the output names it
        assert (result.code, _normal(result.out, named, "json")) == expected, (name, result.err)


def test_each_warehouse_is_asked_for_utc_and_named_as_the_uri_says(run, warehouse, book, monkeypatch):
    db, seen = warehouse
    _table(db, "calls_fixed", pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String)))
    asked = {}
    for name, uri in URIS.items():
        seen.clear()
        result = run("cpi", uri, "--table", "calls_fixed", "--pricing", book, "-f", "json")
        assert result.code == 0, result.err
        asked[name] = dict(seen)
    trino = asked["trino"]["connect"]
    assert (trino["host"], trino["port"], trino["user"]) == ("trino.example", 8080, "analyst")
    assert (trino["catalog"], trino["schema"], trino["timezone"], trino["http_scheme"]) == (
        "hive",
        "llm",
        "UTC",
        "http",
    )
    snowflake = asked["snowflake"]["connect"]
    assert (snowflake["account"], snowflake["database"], snowflake["schema"]) == ("acme-xy123", "LOGS", "PUBLIC")
    assert snowflake["warehouse"] == "SMALL" and snowflake["password"] == "s3cret-pw"
    assert snowflake["session_parameters"]["TIMEZONE"] == "UTC" and asked["snowflake"]["rolled back"]
    assert asked["bigquery"]["connect"] == {"project": "acme-prod", "location": None}
    assert asked["bigquery"]["job_config"].default_dataset.dataset_id == "llm_logs"
    for name in URIS:  # the sample, the cube and its count: never a row-level read
        assert all(q.lstrip().upper().startswith(("SELECT", "WITH")) for q in asked[name]["queries"]), name


def test_credentials_come_from_the_environment_and_never_show(run, monkeypatch, book):
    monkeypatch.setenv("TRINO_USER", "robot")
    monkeypatch.setenv("TRINO_PASSWORD", "tr1no-secret")
    options = engines.trino_options("trino://trino.example/hive/llm")
    assert (options["user"], options["http_scheme"], options["port"]) == ("robot", "https", 443)
    assert isinstance(options["auth"], trino_auth.BasicAuthentication)
    options = engines.trino_options("trino://trino.example:8443/hive?access_token=eyJ-token")
    assert isinstance(options["auth"], trino_auth.JWTAuthentication) and options["http_scheme"] == "https"
    monkeypatch.setenv("SNOWFLAKE_USER", "robot")
    monkeypatch.setenv("SNOWFLAKE_PASSWORD", "sn0w-secret")
    options = engines.snowflake_options("snowflake://acme-xy123/LOGS?authenticator=externalbrowser")
    assert (options["user"], options["password"], options["database"]) == ("robot", "sn0w-secret", "LOGS")
    assert "schema" not in options and options["authenticator"] == "externalbrowser"

    def refuse(**options):
        raise RuntimeError(f"login failed for {options.get('user')} with {options.get('password')}")

    monkeypatch.setattr(snowflake_connector, "connect", refuse)
    result = run("cpi", "snowflake://acme-xy123/LOGS/PUBLIC", "--table", "calls", "--pricing", book)
    message = one_error(result)
    assert "sn0w-secret" not in result.err and "login failed for robot with ***" in message


@pytest.mark.parametrize("uri", ["snowflake:///LOGS/PUBLIC", "bigquery:///llm_logs"])
def test_a_warehouse_uri_without_its_account_or_project_is_one_error(run, warehouse, book, uri):
    message = one_error(run("cpi", uri, "--table", "calls", "--pricing", book))
    assert "name the" in message


def test_a_missing_warehouse_driver_names_its_extra(run, monkeypatch, book):
    import builtins

    real = builtins.__import__

    def without_trino(name, *args, **kwargs):
        if name.startswith("trino"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_trino)
    message = one_error(run("cpi", URIS["trino"], "--table", "calls", "--pricing", book))
    assert "pip install 'llmcost[trino]'" in message


@pytest.mark.parametrize(
    ("table", "dialect", "sql"),
    [
        ("calls", "snowflake", '"CALLS"'),  # Snowflake keeps names written without quotes in upper case
        ("logs.public.calls", "snowflake", '"LOGS"."PUBLIC"."CALLS"'),
        ('"my.db"."a""b"', "snowflake", '"my.db"."a""b"'),  # dots and "" inside quotes
        ('"calls"', "snowflake", '"calls"'),  # written in quotes: as written
        ('public."LiteLLM_SpendLogs"', "snowflake", '"PUBLIC"."LiteLLM_SpendLogs"'),
        ("LiteLLM_SpendLogs", "postgres", '"LiteLLM_SpendLogs"'),  # as typed elsewhere
        ("hive.llm.calls", "trino", '"hive"."llm"."calls"'),
        ("llm_logs.calls", "bigquery", "`llm_logs`.`calls`"),
    ],
)
def test_a_table_name_is_quoted_as_its_engine_reads_names(table, dialect, sql):
    assert engines.table_source(table, dialect).sql(dialect) == sql


@pytest.mark.parametrize("table", ["a.b.c.d", '"calls', "logs..calls", "calls.", " "])
def test_a_table_name_that_is_not_one_is_one_error(table):
    with pytest.raises(engines.LlmcostError, match="--table"):
        engines.table_source(table, "snowflake")


@pytest.mark.parametrize(("typed", "columns", "sql"), [
    ("seq", ["seq", "model"], '"seq"'),  # the sample's spelling wins over Snowflake's upper case
    ("SEQ", ["seq"], '"seq"'),
    ("seq", ["SEQ"], '"SEQ"'),
    ("seq", None, '"SEQ"'),  # --show-sql, no sample: Snowflake's rule
    ('"Seq"', ["SEQ", "Seq"], '"Seq"'),  # in quotes: as written
])  # fmt: skip
def test_order_by_names_the_column_as_the_table_spells_it(typed, columns, sql):
    assert engines._order_column(typed, {}, "snowflake", columns).sql("snowflake") == sql


def test_trino_rows_are_typed_by_the_column_types_the_server_names():
    """A column NULL in every sampled row keeps its type; ROW, MAP and JSON values are text."""
    import datetime as dt
    import decimal

    from trino.types import NamedRowTuple

    description = [("tokens", "bigint"), ("cost", "decimal(38,0)"), ("at", "timestamp(3) with time zone"),
                   ("meta", "row(x integer)"), ("tags", "map(integer, varchar)"), ("when", "date")]  # fmt: skip
    row = (None, decimal.Decimal(10**37), dt.datetime(2026, 1, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=2))),
           NamedRowTuple([1], ["x"], ["integer"]), {1: "v"}, dt.date(2026, 1, 2))  # fmt: skip
    frame = engines.trino_frame(description, [row, (None,) * 6])
    assert frame.schema == pl.Schema(
        {
            "tokens": pl.Int64,
            "cost": pl.Decimal(38, 0),
            "at": pl.Datetime("us", "UTC"),
            "meta": pl.String,
            "tags": pl.String,
            "when": pl.Date,
        }
    )
    assert frame["at"][0] == dt.datetime(2026, 1, 1, tzinfo=dt.UTC) and frame["tags"][0] == "{1: 'v'}"
    assert engines.trino_frame(description, []).schema == frame.schema  # an empty result too


def test_a_driver_that_breaks_on_the_way_out_shows_no_password(run, warehouse, book, monkeypatch):
    """A panic (not an Exception) reaches the internal-error line, which names the inputs: the
    URI's password is hidden there too; a session that cannot roll back is let go quietly."""
    db, _ = warehouse
    _table(db, "calls_fixed", pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String)))

    def panic(self, **options):
        raise pl.exceptions.PanicException("arrow reader gave up on s3cret-pw")

    def gone(self):
        raise RuntimeError("390111: Session no longer exists for analyst:s3cret-pw")

    monkeypatch.setattr(SnowflakeConnection, "fetch_arrow_all", panic)
    monkeypatch.setattr(SnowflakeConnection, "rollback", gone)
    result = run("cpi", URIS["snowflake"], "--table", "calls_fixed", "--pricing", book)
    assert result.code == 2 and "internal error" in result.err and "snowflake://analyst:***@" in result.err
    assert "s3cret-pw" not in result.err + result.out


def test_a_256_bit_decimal_is_read_as_a_float():
    """BigQuery's BIGNUMERIC arrives as Arrow decimal256, which Polars' reader cannot take."""
    import decimal

    table = pa.table({"cost": pa.array([decimal.Decimal("12345678901234567890.5"), None], pa.decimal256(76, 38))})
    assert engines._polars(table)["cost"].to_list() == [12345678901234567890.5, None]
