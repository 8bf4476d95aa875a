"""The cube on Spark (local mode, as `--engine spark` runs it on Parquet files) equals the Polars
cube cell for cell on dirty logs: every rejection reason the data can produce, request ids
repeated within and across files whose later copy differs, nulls, NaN and infinities, tiers
around the long-context break and dates on price breaks, in text cells and in typed ones.

The Polars cube is the independent reference (llmcost.cube on the same file, without an
engine). One local SparkSession serves the whole module (llmcost.engines keeps one per
process): starting it takes 10–40 s, hence `slow`. The tests that need no JVM are not slow.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest
import sqlglot
from polars.testing import assert_frame_equal

from llmcost import engines, sketch
from llmcost.cube import cube, hour_of_day, period_start, rejections
from llmcost.errors import LlmcostError
from llmcost.inputs import Inputs
from llmcost.job import Job

pytestmark = pytest.mark.usefixtures("frozen_clock")  # Polars and the engine read one clock

NO_JAVA = shutil.which("java") is None and not os.environ.get("JAVA_HOME")
needs_java = pytest.mark.skipif(NO_JAVA, reason="Spark needs Java 17+ (no java on PATH, no JAVA_HOME)")

# column: (clean cells, dirty cells). Clean ones still vary in form (epochs, zones, "12.0").
CELLS: dict[str, tuple[list, list]] = {
    "timestamp": (
        [
            "2026-05-10T12:00:00Z",
            "2026-05-31T23:59:59.999999+02:00",  # June in its zone, May in UTC
            "2026-06-01",
            "2026-07-31T23:59:59.999999Z",
            "2026-08-01T00:00:00Z",  # on a price break of the bundled prices
            "2026-08-01 00:00:00",
            "2026-03-13T00:00:00+00:00",
            "1760000000",
            "1760000000123",
            "1760000000123456",
            "1760000000123456789",
        ],
        ["", None, "not a date", "2099-01-01T00:00:00", "12"],
    ),
    "model": (["gpt-4o", "GPT-4o", "claude-sonnet-4", "gemini-2.5-pro", "gpt-4o-mini", " gpt-4o "], ["", None]),
    "input_tokens": (
        ["1000", "200000", "200001", "199999", "0", "12.0", "1e3", " 7 "],  # around the 200k tier break
        ["-1", "12.5", "x", "", None, "2000000000000"],
    ),
    "output_tokens": (["100", "0", "5", "12.0"], ["-1", "1.5", "y", "", None, "1e13"]),
    "cached_input_tokens": (["0", "5", None, "10"], ["", "-2", "abc", "300000", "2e12"]),
    "cache_write_tokens": (["0", "3", None], ["-2", "z", "300000"]),
    "cache_write_1h_tokens": ([None, "0", "1"], ["5", "-1", "q"]),
    "reasoning_tokens": (["0", "5", None], ["-3", "r", "2e12"]),
    "customer_id": (["c1", " c1 ", "c2", "c3"], ["", None]),
    "feature": (["chat", "search"], [None, ""]),
    "cost": (["0.5", "0", "1e-3", None], ["NaN", "inf", "-1", "", "x", "-inf"]),
    "latency_ms": (["120", "3.5", None], ["NaN", "-5", "slow"]),
    "feedback": (["1", "-1", "0.5", None], ["NaN", "meh", "inf"]),
    "status": (["200", "ok", None, "success"], ["500", "timeout", "404", "error", "ERR", "429", "Timed out"]),
    "error": ([None], ["boom", "none", "", "null"]),
    "batch": (["true", "false", None, "0", "1"], ["maybe", ""]),
    "accepted": (["yes", "no", None], ["perhaps"]),
    "escalated": (["n", "y", None], ["2"]),
    "service_tier": (["flex", "Priority ", None, "standard"], ["batch", "scale", "??"]),
}


def dirty_rows(n: int, seed: int, dirty: float = 0.08) -> list[dict]:
    """`n` rows of text cells, each dirty with probability `dirty`; request ids repeat (about
    three rows an id), so that a repeated id's later copy differs from the earlier one."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        row = {c: rnd.choice(bad if rnd.random() < dirty else good) for c, (good, bad) in CELLS.items()}
        row["request_id"] = None if rnd.random() < 0.1 else f"r{rnd.randrange(n // 3)}"
        rows.append(row)
    return rows


def typed_frame(n: int, seed: int) -> pl.DataFrame:
    """The same kinds of dirt in typed columns: nulls, negatives, NaN and infinities, counts
    above 10^12, timestamps with and without a zone and dates, a date on a price break."""
    rnd = random.Random(seed)
    stamps: list[dt.datetime | None] = [dt.datetime(2026, 5, 31, 22, 30), dt.datetime(2026, 8, 1)]
    stamps += [dt.datetime(2026, 7, 31, 23, 59, 59, 999999)]
    stamps += [dt.datetime(2026, 3, 13), dt.datetime(2099, 1, 1), None, dt.datetime(2025, 12, 31, 23, 59)]
    return pl.DataFrame(
        {
            "timestamp": [rnd.choice(stamps) for _ in range(n)],
            "model": [rnd.choice(["gpt-4o", "claude-sonnet-4", "gemini-2.5-pro", None, ""]) for _ in range(n)],
            "input_tokens": [rnd.choice([1000, 200_000, 200_001, 0, -1, None, 2 * 10**12]) for _ in range(n)],
            "output_tokens": [rnd.choice([10, 0, 7, None, -4]) for _ in range(n)],
            "cached_input_tokens": [rnd.choice([0, 5, None, 300_000]) for _ in range(n)],
            "reasoning_tokens": [rnd.choice([0.0, 5.0, None, 2.5, float("nan")]) for _ in range(n)],
            "request_id": [rnd.choice([None, *(f"r{i}" for i in range(n // 3))]) for _ in range(n)],
            "customer_id": [rnd.choice(["c1", "c2", None]) for _ in range(n)],
            "cost": [rnd.choice([0.5, 0.0, None, float("nan"), float("inf"), -1.0]) for _ in range(n)],
            "feedback": [rnd.choice([1.0, -1.0, None, float("-inf")]) for _ in range(n)],
            "status": [rnd.choice([200, 500, 408, None]) for _ in range(n)],
            "batch": [rnd.choice([True, False, None]) for _ in range(n)],
            "service_tier": [rnd.choice(["flex", "priority", None]) for _ in range(n)],
        }
    ).with_columns(
        aware=pl.col("timestamp").dt.replace_time_zone("UTC"),
        day=pl.col("timestamp").dt.date(),
    )


KEYSETS = {
    "customer-month": (
        {
            "customer_id": pl.col("customer_id"),
            "period": period_start("month"),
            "hour": hour_of_day(),
            "latency_bucket": sketch.bucket(pl.col("latency_ms")),
        },
        {"first": ("min", pl.col("timestamp"))},
    ),
    "feature-day": ({"feature": pl.col("feature"), "period": pl.col("timestamp").dt.date()}, None),
    "total": ({}, None),
}
FUTURE = re.compile(r"\(after [^)]*\)")  # the cutoff holds `now`, which moves between the two runs


def cubes(paths: list[Path], keys: dict, extra: dict | None, **inputs: object) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Polars cube (the reference) and Spark's, of the same files and keys."""
    names = tuple(str(p) for p in paths)
    polars_job = Job(Inputs(paths=names, **inputs))  # type: ignore[arg-type]
    spark_job = Job(Inputs(paths=names, engine="spark", **inputs))  # type: ignore[arg-type]
    assert spark_job.log.remote is not None and spark_job.log.remote.engine.name == "spark"
    out = []
    for job in (polars_job, spark_job):
        cells = cube(job.log, job.book, keys, job.window, extra=extra, signals=True)
        out.append(cells.with_columns(pl.col("_reason").str.replace(FUTURE.pattern, "(after …)")))
    return out[0], out[1]


def assert_same_cube(reference: pl.DataFrame, spark: pl.DataFrame) -> None:
    assert reference.schema == spark.schema
    assert_frame_equal(reference, spark, check_exact=True)


@pytest.fixture(scope="module")
def spark() -> object:
    """The module's one local SparkSession (the one `--engine spark` reuses in this process)."""
    return engines.spark_session("spark://")


@pytest.mark.slow
@needs_java
# One key set on Spark: the SQL of every key set is the same compiler's, held to Polars on
# DuckDB, PostgreSQL and chdb (tests/test_engines.py); each Spark run costs 15-50 s here.
@pytest.mark.parametrize("keyset", ["customer-month"])
@pytest.mark.usefixtures("spark")
def test_text_cells_cube_equals_polars(tmp_path: Path, keyset: str) -> None:
    path = tmp_path / "dirty.parquet"
    pl.DataFrame(dirty_rows(600, seed=1)).write_parquet(path)
    keys, extra = KEYSETS[keyset]
    reference, spark = cubes([path], keys, extra)
    reasons = set(reference["_reason"].drop_nulls())
    assert len(reasons) >= 30, sorted(reasons)  # the data still reaches most reasons
    assert {"duplicate", "rejected", "ok"} <= set(reference["_state"])
    assert_same_cube(reference, spark)


@pytest.mark.slow
@needs_java
@pytest.mark.usefixtures("spark")
def test_typed_cells_cube_equals_polars(tmp_path: Path) -> None:
    """Typed Parquet columns: BIGINT, DOUBLE (NaN), BOOLEAN, TIMESTAMP_NTZ (a naive datetime is
    UTC, as in Polars), TIMESTAMP (UTC) and DATE, each as the timestamp column."""
    frame = typed_frame(300, seed=2)
    keys, extra = KEYSETS["customer-month"]
    for stamp in ("timestamp", "aware", "day"):
        path = tmp_path / f"typed-{stamp}.parquet"
        frame.drop(c for c in ("timestamp", "aware", "day") if c != stamp).rename({stamp: "timestamp"}).write_parquet(
            path
        )
        reference, spark = cubes([path], keys, extra)
        assert {"duplicate", "rejected", "ok"} <= set(reference["_state"]), stamp
        assert_same_cube(reference, spark)


@pytest.mark.slow
@needs_java
@pytest.mark.usefixtures("spark")
def test_last_copy_wins_in_file_then_row_order(tmp_path: Path) -> None:
    """Files in the order given, rows in file order: the last copy of an id is counted. The
    file names sort the other way round, so an order by name would pick the wrong copy; the
    second file's columns come in another order (lined up by name, not place)."""
    first, second = tmp_path / "b.parquet", tmp_path / "a.parquet"
    row = {"timestamp": "2026-05-10T12:00:00Z", "model": "gpt-4o", "output_tokens": "1", "customer_id": "c1"}
    pl.DataFrame(
        [{**row, "request_id": "x", "input_tokens": "100"}, {**row, "request_id": "x", "input_tokens": "200"}]
    ).write_parquet(first)
    later = pl.DataFrame(
        [{**row, "request_id": "x", "input_tokens": "300"}, {**row, "request_id": "y", "input_tokens": "7"}]
    )
    later.select(reversed(later.columns)).write_parquet(second)
    keys, extra = KEYSETS["customer-month"]
    reference, spark = cubes([first, second], keys, extra)
    assert_same_cube(reference, spark)
    counted = spark.filter(pl.col("_state") == "ok")
    assert counted["input_tokens"].sum() == 300 + 7  # by hand: x's last copy and y
    assert spark.filter(pl.col("_state") == "duplicate")["inferences"].sum() == 2


@pytest.mark.slow
@needs_java
@pytest.mark.usefixtures("spark")
def test_rejections_equal_polars(tmp_path: Path) -> None:
    """validate's list: per file and reason, how many rows and the first five row numbers (in
    that file; the second file's columns in another order)."""
    rows = pl.DataFrame(dirty_rows(300, seed=3))
    first, second = tmp_path / "dirty-b.parquet", tmp_path / "dirty-a.parquet"
    rows.slice(0, 150).write_parquet(first)
    rows.slice(150).select(reversed(rows.columns)).write_parquet(second)
    out = []
    for engine in (None, "spark"):
        job = Job(Inputs(paths=(str(first), str(second)), engine=engine))
        found = rejections(job.log, job.window)
        found = found.with_columns(pl.col("_reason").str.replace(FUTURE.pattern, "(after …)"))
        out.append(found.select("_file", "_reason", "rows", "first_row", "first_rows").sort("_file", "_reason"))
    assert out[0].height >= 20 and set(out[0]["_file"]) == {0, 1}
    assert_frame_equal(out[0], out[1], check_dtypes=False)


# ---------------------------------------------------------------------------------------------
# Without a JVM


def test_files_are_read_by_spark_in_the_order_given_their_columns_by_name(tmp_path: Path) -> None:
    """In the order given, and each SELECT naming every file's columns in one order (NULL where a
    file has none): a UNION lines columns up by place."""
    first, second = tmp_path / "b.parquet", tmp_path / "a.parquet"
    pl.DataFrame({"model": ["m"], "input_tokens": [1], "output_tokens": [2]}).write_parquet(first)
    pl.DataFrame({"output_tokens": [3], "input_tokens": [4], "feature": ["f"]}).write_parquet(second)
    source, order = engines.spark_files([str(first), str(second)], "parquet")
    sql = source.sql("spark", identify=True)
    assert f"`parquet`.`{first}`" in sql and f"`parquet`.`{second}`" in sql
    assert sql.index("b.parquet") < sql.index("a.parquet") and "UNION ALL" in sql
    picks = "`model`, `input_tokens`, `output_tokens`, NULL AS `feature`"
    assert f"SELECT {picks}, 0 AS `_file`" in sql
    assert "SELECT NULL AS `model`, `input_tokens`, `output_tokens`, `feature`, 1 AS `_file`" in sql
    assert sql.count("`_metadata`.`row_index`") == 2
    assert [o.sql("spark") for o in order] == ["`_file`", "`_row_index`"]
    assert sqlglot.parse_one(f"SELECT * FROM {sql}", read="spark")


def test_spark_reads_no_csv() -> None:
    with pytest.raises(LlmcostError, match="Parquet"):
        engines.spark_files(["a.csv"], "csv")


def test_spark_connect_uri_is_spark() -> None:
    engine = engines.engine_for("sc://spark.internal:15002")
    assert engine is not None and engine.name == "spark" and engine.dialect == "spark"
    assert "spark" in engines.FILE_ENGINES


def test_missing_pyspark_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "SPARK_SESSIONS", {})
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(LlmcostError) as caught:
        engines.spark_session("spark://")
    assert "llmcost[spark]" in str(caught.value) and "\n" not in str(caught.value)


def test_missing_java_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "SPARK_SESSIONS", {})
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)

    class Builder:
        def __getattr__(self, name: str) -> object:
            raise AssertionError("Spark must not be started without Java")

    fake = type("pyspark_sql", (), {"SparkSession": type("SparkSession", (), {"builder": Builder()})})
    monkeypatch.setattr(engines, "_import", lambda module, extra: fake)
    with pytest.raises(LlmcostError, match="Java 17"):
        engines.spark_session("spark://")
