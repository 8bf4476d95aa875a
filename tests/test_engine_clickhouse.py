"""The cube on ClickHouse: chdb in-process (files, a typed table, Langfuse v3's `observations`),
clickhouse-connect for servers (a fake client: no server here), compared with the Polars cube."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import types
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from llmcost import sketch
from llmcost.cube import Window, cube, hour_of_day, period_start, rejections
from llmcost.errors import LlmcostError
from llmcost.inputs import Inputs
from llmcost.job import Job
from tests.conftest import ROOT, one_error

pytestmark = pytest.mark.usefixtures("frozen_clock")  # Polars and the engine read one clock

chdb_session = pytest.importorskip("chdb.session")

KEYS = {
    "customer_id": pl.col("customer_id"),
    "period": period_start("week"),
    "feature": pl.col("feature"),
    "hour": hour_of_day(),
    "latency_bucket": sketch.bucket(pl.col("latency_ms")),
}
INTS = ["input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens"]
BOOLS = ["batch", "accepted", "success", "is_retry", "escalated"]


def _ts(r: random.Random) -> str | None:
    """Timestamps: missing, unparsable, future, epoch, on a price break and beside it, 1970."""
    pick = r.random()
    fixed = [None, "not a date", "2099-01-01T00:00:00Z", str(1748736000 + r.randint(-99, 99)),
             "2026-06-01T00:00:00Z", "2026-05-31T23:59:59.999999Z", "2025-03-01 12:00:00+02:00",
             "1970-01-01T00:00:00Z"]  # fmt: skip
    if pick < 0.24:
        return fixed[int(pick / 0.03)]
    moment = dt.datetime(2025, 1, 1) + dt.timedelta(seconds=r.randint(0, 600 * 86400))
    return moment.isoformat() + r.choice(["Z", "", "+00:00"])


def _pick(r: random.Random, clean: list, dirty: list) -> str | None:
    """Mostly a clean value, now and then a dirty one (so that some rows pass every check)."""
    return r.choice(dirty) if r.random() < 0.03 else r.choice(clean)


def _tokens(r: random.Random) -> str | None:
    clean = [None, "0", "12.0", "1e3", "250000", str(r.randint(0, 5000))]
    return _pick(r, clean, ["-5", "12.5", "abc", "2000000000000", ""])


def _number(r: random.Random) -> str | None:
    return _pick(r, [None, "0", str(round(r.random() * 5, 6)), str(r.random())], ["NaN", "inf", "-1.5", "x"])


def dirty_rows(n: int, seed: int) -> pl.DataFrame:
    """Logs as text with every rejection reason, ids repeated with differing copies, nulls,
    tiers, batch flags and dates on price breaks; `seq` is the rows' order."""
    r = random.Random(seed)
    rows = [
        {
            "seq": str(i),
            "timestamp": _ts(r),
            "model": r.choice(["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "unknown-x", None, "  "]),
            "input_tokens": _tokens(r),
            "output_tokens": _tokens(r),
            "cached_input_tokens": _pick(r, [None, "0", "10", "300000"], ["-1", "x"]),
            "cache_write_tokens": r.choice([None, "0", "5", "20"]),
            "cache_write_1h_tokens": r.choice([None, "0", "3", "50"]),
            "customer_id": r.choice([None, "acme", "beta", " acme ", ""]),
            "feature": r.choice([None, "chat", "search"]),
            "request_id": r.choice([None, f"r{r.randint(0, n // 4)}", f"u{i}"]),
            "cost": _number(r),
            "latency_ms": _number(r),
            "status": _pick(r, [None, "ok", "200", "500", "timeout", "Error", "404"], ["weird", " "]),
            "error": r.choice([None, None, "boom", "false"]),
            "service_tier": r.choice([None, "flex", "Priority", "batch", "scale"]),
            "feedback": _number(r),
            **{b: _pick(r, [None, "true", "false", "yes", "0", "1", ""], ["maybe", "1.0"]) for b in BOOLS},
            "reasoning_tokens": _tokens(r),
        }
        for i in range(n)
    ]
    return pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})


def typed_rows(text: pl.DataFrame) -> pl.DataFrame:
    """The same logs with the source's own types (the cells that read as their type)."""
    booleans = {"true": True, "false": False, "1": True, "0": False}
    return text.with_columns(
        pl.col("seq").cast(pl.Int64),
        pl.col("timestamp").str.to_datetime(strict=False, time_zone="UTC", time_unit="us"),
        *(pl.col(c).cast(pl.Int64, strict=False) for c in [*INTS, "reasoning_tokens"]),
        *(pl.col(c).cast(pl.Float64, strict=False) for c in ["cost", "latency_ms", "feedback"]),
        *(pl.col(c).replace_strict(booleans, default=None, return_dtype=pl.Boolean) for c in BOOLS),
    )


def both(paths: tuple[str, ...], engine: str, **more) -> tuple[tuple, tuple]:
    """The Polars cube and rejections of `paths`, and the engine's."""
    out = []
    for chosen in (None, engine):
        job = Job(Inputs(paths=paths, engine=chosen, **more))
        made = cube(job.log, job.book, KEYS, job.window, extra={"first": ("min", pl.col("timestamp"))}, signals=True)
        out.append((made, rejections(job.log, job.window).sort("_file", "_reason")))
    return out[0], out[1]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["parquet", "csv", "typed"])
def test_chdb_files_equal_the_polars_cube(tmp_path, pricing, fmt):
    pricing()
    text = dirty_rows(1500, seed=3)
    path = tmp_path / f"logs.{'csv' if fmt == 'csv' else 'parquet'}"
    if fmt == "csv":
        text.write_csv(path)
    else:
        (typed_rows(text) if fmt == "typed" else text).write_parquet(path)
    (polars_cube, polars_rejected), (ch_cube, ch_rejected) = both((str(path),), "chdb")
    assert_frame_equal(polars_cube, ch_cube, check_exact=True)
    assert_frame_equal(polars_rejected, ch_rejected)
    states = set(polars_cube["_state"])
    assert {"ok", "rejected", "duplicate"} <= states and polars_cube["inferences"].sum() == 1500


@pytest.mark.slow
def test_chdb_two_files_in_the_order_given_and_a_window(tmp_path, pricing):
    """The later file's copy of an id wins (file order, as in Polars, not the names' order)."""
    pricing()
    first, second = tmp_path / "b.parquet", tmp_path / "a.parquet"
    dirty_rows(700, seed=5).write_parquet(first)
    dirty_rows(700, seed=6).write_parquet(second)
    window = {"since": dt.date(2025, 5, 15), "until": dt.date(2026, 6, 2)}
    (polars_cube, polars_rejected), (ch_cube, ch_rejected) = both((str(first), str(second)), "chdb", **window)
    assert_frame_equal(polars_cube, ch_cube, check_exact=True)
    assert_frame_equal(polars_rejected, ch_rejected)  # each row named by its own file, numbered in it
    assert set(ch_rejected["_file"]) == {0, 1}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_chdb_lines_files_up_by_column_name(tmp_path, pricing, fmt):
    """Files whose columns come in other orders, one without a column and with one more: each
    value in its own column, as Polars reads them (a UNION by place summed one file's input
    tokens as output)."""
    pricing()
    rows = dirty_rows(600, seed=11)
    parts = [
        rows.slice(0, 200),
        rows.slice(200, 200).select(reversed(rows.columns)),
        rows.slice(400, 200).drop("customer_id").with_columns(pl.lit("x").alias("region")),
    ]
    paths = []
    for i, part in enumerate(parts):
        paths.append(str(tmp_path / f"part{i}.{fmt}"))
        part.write_csv(paths[-1]) if fmt == "csv" else part.write_parquet(paths[-1])
    (polars_cube, polars_rejected), (ch_cube, ch_rejected) = both(tuple(paths), "chdb")
    assert_frame_equal(polars_cube, ch_cube, check_exact=True)
    assert_frame_equal(polars_rejected, ch_rejected)
    assert polars_cube["inferences"].sum() == 600 and polars_cube["customer_id"].null_count()


def test_chdb_fixed_point_sums_keep_every_digit(tmp_path, pricing):
    """Costs and latencies with 19 to 27 digits in 10^-15 units: ClickHouse's cast of such a
    double to Decimal lost the last ones (41 cells in 100,000 off by one unit in the last place);
    cut into two Int64 first, every cell equals the Polars cube's."""
    pricing()
    r = random.Random(7)
    n = 400
    frame = pl.DataFrame(
        {
            "timestamp": ["2026-05-10T12:00:00Z"] * n,
            "model": ["gpt-4o"] * n,
            "input_tokens": ["10"] * n,
            "output_tokens": ["1"] * n,
            "customer_id": [f"c{i}" for i in range(n)],  # a cell each
            "cost": [repr(r.uniform(1, 1e6)) for _ in range(n)],
            "latency_ms": [repr(r.uniform(1e4, 1e11)) for _ in range(n)],
        }
    )
    path = tmp_path / "big.parquet"
    frame.write_parquet(path)
    keys = {"customer_id": pl.col("customer_id")}
    made = []
    for engine in (None, "chdb"):
        job = Job(Inputs(paths=(str(path),), engine=engine))
        made.append(
            cube(job.log, job.book, keys, job.window, signals=True).select("customer_id", "logged_cost", "latency_sum")
        )
    assert_frame_equal(made[0], made[1], check_exact=True)


@pytest.mark.slow
@pytest.mark.parametrize("command", ["usage", "latency", "efficiency", "drift"])
def test_commands_of_histograms_and_bins_say_on_chdb_what_they_say_on_duckdb(run, command, monkeypatch):
    """The repository's sample: hours of the day, latency and token histograms and length bins,
    summed by chdb as by DuckDB (both against the local run: tests/test_engines.py)."""
    monkeypatch.chdir(ROOT)
    said = [run(command, "--engine", engine, "-f", "json") for engine in ("duckdb", "chdb")]
    assert said[0].code == said[1].code == 0, said[1].err
    assert said[0].out == said[1].out


@pytest.mark.slow
def test_chdb_typed_table_equals_the_polars_cube(tmp_path, pricing):
    """A native table (Nullable types, DateTime64, Bool, LowCardinality) read by --table, the
    order by --order-by seq, against the Polars cube of the same rows in a Parquet file."""
    pricing()
    rows = typed_rows(dirty_rows(1200, seed=9))
    parquet = tmp_path / "logs.parquet"
    rows.write_parquet(parquet)
    folder = tmp_path / "chdb"
    session = chdb_session.Session(str(folder))
    columns = ", ".join(f"`{n}` {_clickhouse_type(n, t)}" for n, t in rows.schema.items())
    session.query(f"CREATE TABLE logs ({columns}) ENGINE = MergeTree ORDER BY tuple()")
    session.query(f"INSERT INTO logs SELECT * FROM file('{parquet}', 'Parquet')")
    session.close()
    polars_job = Job(Inputs(paths=(str(parquet),)))
    ch_job = Job(Inputs(paths=(f"chdb://{folder}",), table="logs", order_by="seq"))
    made = [cube(j.log, j.book, KEYS, j.window, signals=True) for j in (polars_job, ch_job)]
    assert_frame_equal(made[0], made[1], check_exact=True)


def _clickhouse_type(name: str, dtype: pl.DataType) -> str:
    if name == "model":
        return "LowCardinality(Nullable(String))"
    names = {pl.Int64: "Int64", pl.Float64: "Float64", pl.Boolean: "Bool", pl.String: "String"}
    inner = "DateTime64(6, 'UTC')" if isinstance(dtype, pl.Datetime) else names[type(dtype)]
    return inner if name == "seq" else f"Nullable({inner})"


# ---------------------------------------------------------------------------------------------
# Langfuse v3 `observations` (DDL: langfuse/langfuse packages/shared/clickhouse/migrations/
# unclustered/0002_observations.up.sql, with 0008's `environment` and 0031's pricing tier)

OBSERVATIONS_DDL = """
CREATE TABLE observations (
    `id` String, `trace_id` String, `project_id` String,
    `environment` LowCardinality(String) DEFAULT 'default',
    `type` LowCardinality(String), `parent_observation_id` Nullable(String),
    `start_time` DateTime64(3), `end_time` Nullable(DateTime64(3)), `name` String,
    `metadata` Map(LowCardinality(String), String), `level` LowCardinality(String),
    `status_message` Nullable(String), `version` Nullable(String),
    `input` Nullable(String) CODEC(ZSTD(3)), `output` Nullable(String) CODEC(ZSTD(3)),
    `provided_model_name` Nullable(String), `internal_model_id` Nullable(String),
    `model_parameters` Nullable(String),
    `provided_usage_details` Map(LowCardinality(String), UInt64),
    `usage_details` Map(LowCardinality(String), UInt64),
    `provided_cost_details` Map(LowCardinality(String), Decimal64(12)),
    `cost_details` Map(LowCardinality(String), Decimal64(12)),
    `total_cost` Nullable(Decimal64(12)), `completion_start_time` Nullable(DateTime64(3)),
    `prompt_id` Nullable(String), `prompt_name` Nullable(String), `prompt_version` Nullable(UInt16),
    `created_at` DateTime64(3) DEFAULT now(), `updated_at` DateTime64(3) DEFAULT now(),
    event_ts DateTime64(3), is_deleted UInt8,
    `usage_pricing_tier_id` Nullable(String), `usage_pricing_tier_name` Nullable(String),
    INDEX idx_id id TYPE bloom_filter() GRANULARITY 1,
    INDEX idx_trace_id trace_id TYPE bloom_filter() GRANULARITY 1
) ENGINE = ReplacingMergeTree(event_ts, is_deleted) Partition by toYYYYMM(start_time)
PRIMARY KEY (project_id, `type`, toDate(start_time))
ORDER BY (project_id, `type`, toDate(start_time), id)
"""
# id, type, start, end, model, usage_details, level, total_cost, event_ts, is_deleted
OBSERVATIONS = [
    ("o1", "GENERATION", "10:00:00", "10:00:02", "gpt-4o", "{'input': 100, 'output': 50, 'total': 150}",
     "DEFAULT", None, "10:00:03", 0),
    ("o1", "GENERATION", "10:00:00", "10:00:02", "gpt-4o",
     "{'input': 100, 'input_cached_tokens': 400, 'output': 60, 'total': 560}", "DEFAULT", "0.01", "10:00:09", 0),
    ("o2", "SPAN", "10:01:00", "10:01:01", None, "{}", "DEFAULT", None, "10:01:02", 0),
    ("o3", "GENERATION", "10:02:00", None, "gpt-4o", "{'input': 9, 'output': 9}", "DEFAULT", None, "10:02:01", 0),
    ("o3", "GENERATION", "10:02:00", None, "gpt-4o", "{'input': 9, 'output': 9}", "DEFAULT", None, "10:02:05", 1),
    ("o4", "GENERATION", "10:03:00", "10:03:01.500", "claude-sonnet-4",
     "{'input': 10, 'input_cache_creation': 20, 'input_cache_creation_1h': 5, 'input_cache_read': 30, "
     "'output': 7, 'output_reasoning_tokens': 3}", "ERROR", "0.5", "10:03:02", 0),
    ("o5", "GENERATION", "10:04:00", None, None, "{'input': 1, 'output': 1}", "DEFAULT", None, "10:04:01", 0),
    ("o6", "EVENT", "10:05:00", None, None, "{}", "DEFAULT", None, "10:05:01", 0),
]  # fmt: skip


def _insert_observations(session) -> None:
    """All versions in one part, not collapsed on insert: as the table is between merges."""
    session.query(OBSERVATIONS_DDL)
    day = "2025-07-01 "

    def text(v: str | None) -> str:
        return "NULL" if v is None else f"'{v}'"

    values = [
        f"('{oid}', 't{i}', 'p', '{kind}', '{day}{start}', {text(end and day + end)}, 'chat', map(), '{level}',"
        f" {text(model)}, {usage}, {text(cost)}, '{day}{event}', {deleted})"
        for i, (oid, kind, start, end, model, usage, level, cost, event, deleted) in enumerate(OBSERVATIONS)
    ]
    session.query(
        "INSERT INTO observations (id, trace_id, project_id, type, start_time, end_time, name, metadata,"
        " level, provided_model_name, usage_details, total_cost, event_ts, is_deleted)"
        " SETTINGS optimize_on_insert = 0 VALUES " + ", ".join(values)
    )


@pytest.mark.slow
def test_langfuse_observations_in_chdb(tmp_path):
    """Latest event_ts per id wins, deleted observations and non-generations are skipped, usage
    summed from the usage_details map as Langfuse writes it; figures computed by hand."""
    from llmcost.engines import ENGINES, Remote, remote_cube, table_source
    from llmcost.sqlpresets_clickhouse import detect, langfuse_relation

    folder = tmp_path / "langfuse"
    session = chdb_session.Session(str(folder))
    _insert_observations(session)
    sampled = pl.from_arrow(session.query("SELECT * FROM observations LIMIT 1", "ArrowTable"))
    assert isinstance(sampled, pl.DataFrame)
    columns = sampled.columns
    session.close()
    assert detect(columns) == "langfuse-clickhouse"
    relation = langfuse_relation(table_source("observations", "clickhouse"))
    remote = Remote(ENGINES["chdb"], "observations", f"chdb://{folder}", relation)
    cells = remote_cube(remote, ((), ()), {"feature": pl.col("feature")}, Window(), None, False)
    by_state = cells.group_by("_state").agg(pl.col("inferences").sum(), *(pl.col(c).sum() for c in INTS))
    states = {row["_state"]: row for row in by_state.to_dicts()}
    assert {s: states[s]["inferences"] for s in states} == {"ok": 2, "duplicate": 1, "skipped": 4, "rejected": 1}
    ok = states["ok"]
    # o1's later copy: 100 + 400 cached; o4: 10 + 20 + 5 + 30 (every key with "input")
    assert (ok["input_tokens"], ok["cached_input_tokens"], ok["output_tokens"]) == (100 + 400 + 65, 400 + 30, 60 + 10)
    assert (ok["cache_write_tokens"], ok["cache_write_1h_tokens"]) == (25, 5)
    rejected = cells.filter(pl.col("_state") == "rejected")["_reason"].to_list()
    assert rejected == ["model (column 'provided_model_name'): missing"]
    logged = cells.filter(pl.col("_state") == "ok")["logged_cost"].sum()
    assert Decimal(str(logged)) == Decimal("0.51")


# ---------------------------------------------------------------------------------------------
# clickhouse-connect (no server here: a fake driver) and the SQL itself


class FakeClient:
    def __init__(self, fail: str | None) -> None:
        self.fail = fail
        self.sql: list[str] = []

    def query_arrow(self, sql: str):
        self.sql.append(sql)
        if self.fail:
            raise RuntimeError(self.fail)
        return pl.DataFrame({"x": [1]}).to_arrow()

    def close(self) -> None:
        pass


@pytest.fixture
def fake_driver(monkeypatch):
    calls: list[dict] = []
    state = {"fail": None}

    def get_client(**options):
        calls.append(options)
        return FakeClient(state["fail"])

    monkeypatch.setitem(sys.modules, "clickhouse_connect", types.SimpleNamespace(get_client=get_client))
    return calls, state


def test_clickhouse_uri_and_session_settings(fake_driver, monkeypatch):
    from llmcost.engines import engine_for

    calls, _ = fake_driver
    monkeypatch.setenv("CLICKHOUSE_PASSWORD", "from-env")
    engine = engine_for("clickhouse://ana:s3cr%40t@ch.example:8124/logs")
    assert engine is not None and engine.name == "clickhouse" and engine.dialect == "clickhouse"
    assert engine.connect is not None
    engine.connect("clickhouse://ana:s3cr%40t@ch.example:8124/logs").run("SELECT 1")
    engine.connect("clickhouse://ch.example/?secure=true")
    first, second = calls
    assert (first["host"], first["port"], first["username"], first["password"], first["database"]) == (
        "ch.example", 8124, "ana", "s3cr@t", "logs",
    )  # fmt: skip
    assert first["settings"] == {"session_timezone": "UTC", "join_use_nulls": 1, "readonly": 1}
    assert (second["port"], second["secure"], second["password"], second["database"]) == (
        8443, True, "from-env", "default",
    )  # fmt: skip


def test_clickhouse_password_never_in_a_message(fake_driver, monkeypatch):
    from llmcost.engines import engine_for

    _, state = fake_driver
    monkeypatch.setenv("CLICKHOUSE_PASSWORD", "envsecret")
    state["fail"] = "Code: 516. Authentication failed: password envsecret and hunter2 are wrong"
    for uri in ("clickhouse://ana:hunter2@ch.example/logs", "clickhouse://ch.example/logs"):
        engine = engine_for(uri)
        assert engine is not None and engine.connect is not None
        with pytest.raises(LlmcostError) as raised:
            engine.connect(uri).run("SELECT 1")
        message = str(raised.value)
        assert "envsecret" not in message and "Authentication failed" in message
        assert "hunter2" not in message or "hunter2" not in uri


def test_missing_driver_names_the_extra(monkeypatch):
    from llmcost.engines import ENGINES

    monkeypatch.setitem(sys.modules, "clickhouse_connect", None)
    monkeypatch.setitem(sys.modules, "chdb.session", None)
    for name in ("clickhouse", "chdb"):
        connect = ENGINES[name].connect
        assert connect is not None
        with pytest.raises(LlmcostError, match=r"llmcost\[clickhouse\]"):
            connect(f"{name}://")


def test_show_sql_for_clickhouse_carries_its_settings(run, pricing, tmp_path):
    import sqlglot

    pricing()
    result = run("cpi", "clickhouse://ana:pw@ch.example/db", "--table", "logs", "--preset", "helicone", "--show-sql")
    assert result.code == 0, result.err
    assert "pw@" not in result.out and "prefer_column_name_to_alias = 1" in result.out
    assert len([s for s in sqlglot.parse(result.out, read="clickhouse") if s is not None]) == 3


def test_clickhouse_spelling_of_dates_and_nan():
    """Week starts before 1970 need Date32; a NaN float is above every number, as in Polars."""
    from sqlglot import exp

    from llmcost.sqlcube import col, period_sql, render

    tree = exp.select(period_sql("week"), exp.GT(this=col("feedback"), expression=exp.Literal.number(4))).from_("t")
    text = render(tree, "clickhouse")
    assert "Date32" in text and 'isNaN("feedback")' in text
    assert "isNaN" not in render(tree, "duckdb") and "Date32" not in render(tree, "duckdb")


def test_a_latency_from_two_timestamps_keeps_its_milliseconds_in_chdb():
    """The `latency_from` presets (litellm, langfuse) take end − start of typed timestamps. Inside
    that placeholder they were cast to ClickHouse's DateTime, which is whole seconds: 1,250 ms
    read as 1,000."""
    from sqlglot import exp

    from llmcost.engines import ENGINES
    from llmcost.sqlcube import Field, col, duration_ms, render, typed

    start, end = (typed("timestamp", Field(col(c), "timestamp")) for c in ("start_time", "end_time"))
    times = (
        "SELECT toDateTime64('2026-05-01 10:00:00.100', 3) AS start_time, "
        "toDateTime64('2026-05-01 10:00:01.350', 3) AS end_time"
    )
    tree = exp.select(exp.alias_(duration_ms(start, end), "ms")).from_(
        exp.maybe_parse(f"({times})", dialect="clickhouse")
    )
    connect = ENGINES["chdb"].connect
    assert connect is not None
    session = connect("chdb://")
    try:
        assert session.run(render(tree, "clickhouse")).item() == 1250.0
    finally:
        session.close()


def test_chdb_on_a_missing_folder_is_one_line(tmp_path):
    from llmcost.engines import ENGINES

    connect = ENGINES["chdb"].connect
    assert connect is not None
    with pytest.raises(LlmcostError, match=r"no such chdb data folder"):
        connect(f"chdb://{tmp_path / 'nope'}")


def test_a_file_chdb_cannot_read_is_named_in_the_error(run, pricing, tmp_path):
    """A header-only CSV on chdb: the error named the engine ("chdb://: cannot read …"), not the
    file, because the columns are learnt from a sample read through the engine."""
    pricing()
    path = tmp_path / "calls.csv"
    path.write_text("timestamp,model,input_tokens,output_tokens\n")
    line = one_error(run("cpi", str(path), "--engine", "chdb"), f"{path}: cannot read")
    assert "chdb://" not in line


def test_chdb_session_is_utc_and_read_only(tmp_path):
    from llmcost.engines import ENGINES

    connect = ENGINES["chdb"].connect
    assert connect is not None
    session = connect("chdb://")
    try:
        zone = session.run("SELECT getSetting('session_timezone') AS z, toString(toDateTime64(0, 6)) AS t")
        assert zone.row(0) == ("UTC", "1970-01-01 00:00:00.000000")
        with pytest.raises(Exception, match=r"readonly|READONLY"):
            session.run("CREATE TABLE x (a Int8) ENGINE = Memory")
    finally:
        session.close()


def test_files_source_reads_each_file_in_order(tmp_path):
    from llmcost.engines import files_source

    first, second = tmp_path / "b.parquet", tmp_path / "a.parquet"
    for path in (first, second):
        pl.DataFrame({"model": ["m"], "input_tokens": [1]}).write_parquet(path)
    source, order = files_source([str(first), str(second)], "parquet", "clickhouse")
    text = source.sql("clickhouse")
    assert text.index("b.parquet") < text.index("a.parquet") and "UNION ALL" in text
    assert [o.name for o in order] == ["_file", "_row_number"]


@pytest.mark.slow
def test_langfuse_table_recognised_through_the_cli(run, tmp_path):
    """`llmcost validate chdb:///folder --table observations`: the table is recognised by its columns
    and every row is accounted for (2 priced or logged, 1 duplicate, 4 skipped, 1 rejected)."""
    folder = tmp_path / "langfuse"
    session = chdb_session.Session(str(folder))
    _insert_observations(session)
    session.close()
    result = run("validate", f"chdb://{folder}", "--table", "observations", "-f", "json")
    assert result.code == 1, result.err  # 1: a rejected row is a validate problem
    summary = json.loads(result.out)["summary"][0]
    assert (summary["read"], summary["duplicates"], summary["skipped"], summary["rejected"]) == (8, 1, 4, 1)
    shown = run("cpi", f"chdb://{folder}", "--table", "observations")
    assert "read as a langfuse-clickhouse table" in shown.err


# ---------------------------------------------------------------------------------------------
# Helicone's `request_response_rmt` (DDL: Helicone/helicone clickhouse/migrations/
# 20200101000041_request_response_replacing_merge_tree.sql, then the ALTERs of 0043 cache tokens,
# 0044 audio tokens, 0047 cache_reference_id and 0052 cost, each as written there)

HELICONE_DDL = [
    """CREATE TABLE request_response_rmt (
    `response_id` Nullable(UUID), `response_created_at` Nullable(DateTime64(3)),
    `latency` Nullable(Int64), `status` Int64,
    `completion_tokens` Nullable(Int64), `prompt_tokens` Nullable(Int64),
    `model` LowCardinality(String) CODEC(ZSTD(1)), `request_id` UUID,
    `request_created_at` DateTime64(3), `user_id` LowCardinality(String) CODEC(ZSTD(1)),
    `organization_id` UUID, `proxy_key_id` Nullable(UUID), `threat` Nullable(Bool),
    `time_to_first_token` Nullable(Int64), `provider` LowCardinality(String) CODEC(ZSTD(1)),
    `target_url` Nullable(String), `country_code` Nullable(String),
    `properties` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    `scores` Map(LowCardinality(String), Int64) CODEC(ZSTD(1)),
    `request_body` String DEFAULT '' TTL toDateTime(request_created_at) + toIntervalMonth(3),
    `response_body` String DEFAULT '' TTL toDateTime(request_created_at) + toIntervalMonth(3),
    `assets` Array(String) CODEC(ZSTD(1)),
    `updated_at` DateTime64(3, 'UTC') DEFAULT now(),
    INDEX idx_properties_key mapKeys(properties) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_request_body_bloom request_body TYPE ngrambf_v1(4, 1024, 1, 0) GRANULARITY 1
) ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(request_created_at)
PRIMARY KEY (organization_id, provider, model, user_id, request_created_at, request_id)
ORDER BY (organization_id, provider, model, user_id, request_created_at, request_id)""",
    "ALTER TABLE request_response_rmt ADD COLUMN IF NOT EXISTS prompt_cache_write_tokens Int64 DEFAULT 0"
    " AFTER prompt_tokens, ADD COLUMN IF NOT EXISTS prompt_cache_read_tokens Int64 DEFAULT 0"
    " AFTER prompt_cache_write_tokens",
    "ALTER TABLE request_response_rmt ADD COLUMN IF NOT EXISTS prompt_audio_tokens Int64 DEFAULT 0"
    " AFTER prompt_cache_read_tokens, ADD COLUMN IF NOT EXISTS completion_audio_tokens Int64 DEFAULT 0"
    " AFTER completion_tokens",
    "ALTER TABLE request_response_rmt ADD COLUMN IF NOT EXISTS cache_reference_id UUID"
    " AFTER completion_audio_tokens, ADD COLUMN IF NOT EXISTS cache_enabled Bool DEFAULT false AFTER country_code",
    "ALTER TABLE request_response_rmt ADD COLUMN cost UInt64 DEFAULT 0 AFTER response_body",
]
HELICONE_R1 = "11111111-1111-1111-1111-111111111111"
# request_id, model, user, prompt, completion, cache read, cache write, cost (USD × 1e9), status,
# latency, updated_at, cache_reference_id (None: the zero UUID, a call made upstream)
HELICONE_ROWS = [
    (HELICONE_R1, "gpt-4o", "u1", 100, 60, 400, 0, 2_500_000, 200, 1200, "10:01:09", None),  # wins, inserted first
    (HELICONE_R1, "gpt-4o", "u1", 100, 50, 0, 0, 0, 200, 1200, "10:01:03", None),
    ("22222222-2222-2222-2222-222222222222", "claude-sonnet-4", "u2", 10, 7, 30, 20, 500_000_000, 500, 1500,
     "10:02:02", None),
    ("33333333-3333-3333-3333-333333333333", "gpt-4o", "u1", 100, 60, 400, 0, 0, 200, 5, "10:03:01", HELICONE_R1),
    ("44444444-4444-4444-4444-444444444444", "", "u3", 3, 3, 0, 0, 0, 200, 100, "10:04:01", None),  # no model
    ("55555555-5555-5555-5555-555555555555", "gpt-4o-mini", "u2", 5, 0, 0, 0, 0, -3, 900, "10:05:01", None),
]  # fmt: skip


def _insert_helicone(session) -> None:
    """Every version in one part, not collapsed on insert: as the table is between merges. The bodies'
    3-month TTL has long expired for these dates, and a TTL merge of the part would also replace the
    older versions: no TTL merges are scheduled on this copy (a setting, not a column, changed)."""
    for statement in HELICONE_DDL:
        session.query(statement)
    session.query("ALTER TABLE request_response_rmt MODIFY SETTING max_number_of_merges_with_ttl_in_pool = 0")
    day = "2025-07-01 "
    zero = "00000000-0000-0000-0000-000000000000"
    values = []
    for rid, model, user, *numbers, updated, ref in HELICONE_ROWS:  # created: a minute per request
        counts = ", ".join(str(n) for n in numbers)
        created, version = f"{day}10:0{rid[0]}:00", day + updated
        values.append(
            f"('{rid}', '{model}', '{user}', {counts}, '{created}', '{version}', '{ref or zero}', '{zero}', 'x')"
        )
    session.query(
        "INSERT INTO request_response_rmt (request_id, model, user_id, prompt_tokens, completion_tokens,"
        " prompt_cache_read_tokens, prompt_cache_write_tokens, cost, status, latency, request_created_at,"
        " updated_at, cache_reference_id, organization_id, provider)"
        " SETTINGS optimize_on_insert = 0 VALUES " + ", ".join(values)
    )


@pytest.mark.slow
def test_helicone_request_response_rmt_in_chdb(tmp_path):
    """Latest updated_at per request wins, Helicone cache hits are skipped, input counted with the
    cache reads and writes Helicone stores apart, cost scaled from USD × 1e9; figures by hand."""
    from llmcost.engines import ENGINES, Remote, remote_cube, table_source
    from llmcost.sqlpresets_clickhouse import detect, helicone_relation

    folder = tmp_path / "helicone"
    session = chdb_session.Session(str(folder))
    _insert_helicone(session)
    sampled = pl.from_arrow(session.query("SELECT * FROM request_response_rmt LIMIT 1", "ArrowTable"))
    assert isinstance(sampled, pl.DataFrame)
    columns = sampled.columns
    session.close()
    assert detect(columns) == "helicone-clickhouse"
    relation = helicone_relation(table_source("request_response_rmt", "clickhouse"))
    remote = Remote(ENGINES["chdb"], "request_response_rmt", f"chdb://{folder}", relation)
    slowest = {"slowest": ("max", pl.col("latency_ms"))}
    cells = remote_cube(remote, ((), ()), {"customer_id": pl.col("customer_id")}, Window(), slowest, True)
    by_state = cells.group_by("_state").agg(pl.col("inferences").sum(), *(pl.col(c).sum() for c in INTS))
    states = {row["_state"]: row for row in by_state.to_dicts()}
    assert {s: states[s]["inferences"] for s in states} == {"ok": 3, "duplicate": 1, "skipped": 1, "rejected": 1}
    ok = states["ok"]
    # r1's later copy 100 + 400 read; r2 10 + 30 read + 20 written; r5 5
    assert (ok["input_tokens"], ok["cached_input_tokens"], ok["output_tokens"]) == (500 + 60 + 5, 430, 60 + 7)
    assert ok["cache_write_tokens"] == 20
    rejected = cells.filter(pl.col("_state") == "rejected")["_reason"].to_list()
    assert rejected == ["model: missing"]  # the column is named as the canonical one: said once
    done = cells.filter(pl.col("_state") == "ok")
    calls = {r["_model"]: r for r in done.to_dicts()}
    assert {m: (r["customer_id"], r["errors"], r["slowest"], r["_has_cost"]) for m, r in calls.items()} == {
        "gpt-4o": ("u1", 0, 1200, 1),
        "claude-sonnet-4": ("u2", 1, 1500, 1),  # HTTP 500
        "gpt-4o-mini": ("u2", 1, 900, 0),  # -3: Helicone's "cancelled"; cost 0: none logged
    }
    # 2,500,000 and 500,000,000 × 1e-9 USD; r5's 0 is no price, not a logged free call
    assert Decimal(str(round(done["logged_cost"].sum(), 12))) == Decimal("0.5025")


@pytest.mark.slow
def test_helicone_table_recognised_through_the_cli(run, tmp_path):
    """`llmcost validate chdb:///folder --table request_response_rmt`: recognised by its columns,
    every row accounted for (3 calls, 1 older version, 1 cache hit skipped, 1 without a model)."""
    folder = tmp_path / "helicone"
    session = chdb_session.Session(str(folder))
    _insert_helicone(session)
    session.close()
    result = run("validate", f"chdb://{folder}", "--table", "request_response_rmt", "-f", "json")
    assert result.code == 1, result.err  # 1: a rejected row is a validate problem
    summary = json.loads(result.out)["summary"][0]
    assert (summary["read"], summary["duplicates"], summary["skipped"], summary["rejected"]) == (6, 1, 1, 1)
    shown = run("cpi", f"chdb://{folder}", "--table", "request_response_rmt")
    assert "read as a helicone-clickhouse table" in shown.err


def test_the_engine_and_polars_read_one_clock(run, pricing, tmp_path, monkeypatch):
    """The future-timestamp cutoff comes from `rules.clock` on both paths: pinned once, the SQL
    and the Polars reason name the same minute (they once read two clocks, seconds apart)."""
    import datetime as dt

    from llmcost import rules

    monkeypatch.setattr(rules, "clock", lambda: dt.datetime(2030, 1, 1, 8, 30, tzinfo=dt.UTC))
    pricing()
    log = tmp_path / "logs.csv"
    pl.DataFrame(
        {"timestamp": ["2030-03-01T00:00:00Z"], "model": ["gpt-4o"], "input_tokens": [1], "output_tokens": [1]}
    ).write_csv(log)
    shown = run("cpi", str(log), "--engine", "chdb", "--show-sql")
    assert shown.code == 0, shown.err
    assert "after 2030-01-02 08:30 UTC" in shown.out
    checked = run("validate", str(log), "-f", "json")
    assert "after 2030-01-02 08:30 UTC" in checked.out, checked.out
