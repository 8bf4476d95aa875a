"""The cube computed by the engines (llmcost.engines, llmcost.sqlcube) equals the Polars cube.

Generated dirty logs — repeated ids whose later copy differs, a row for every rejection reason,
nulls, cache and reasoning tokens, input around a tier threshold, dates on price breaks — are
written to Parquet, with text columns and with typed ones. The Polars cube of the file is the
reference; DuckDB reading the file, and PostgreSQL holding the same rows as a table (ordered
by `seq`, the row's place in the file), must return it cell for cell. Then every command's
output on one fixed dirty log is the same from each engine, and PostgreSQL is shown to run the
GROUP BY itself, read-only, with --table quoted and no password in any message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from llmcost import engines, sketch
from llmcost.cube import cube, hour_of_day, period_start
from llmcost.inputs import Inputs
from llmcost.job import Job
from tests.conftest import ROOT, one_error

pytestmark = pytest.mark.usefixtures("frozen_clock")  # Polars and the engine read one clock

adbc = pytest.importorskip("adbc_driver_postgresql.dbapi")

UTC = dt.UTC
# conftest.PRICING: claude-sonnet-4 has a price from 2026-06-01 and a tier above 200 000 input tokens
BREAK = dt.datetime(2026, 6, 1, tzinfo=UTC)
TIER = 200_000
MOMENTS = [
    BREAK,
    BREAK - dt.timedelta(microseconds=1),
    BREAK + dt.timedelta(microseconds=1),
    dt.datetime(2026, 5, 1, tzinfo=UTC),
    dt.datetime(2026, 5, 15, 9, 30, 5, 250000, tzinfo=UTC),
    dt.datetime(2025, 1, 1, tzinfo=UTC),
    dt.datetime(2099, 1, 1, tzinfo=UTC),  # in the future: rejected
]
MODELS = ["claude-sonnet-4", "gpt-4o", "GPT-4o-mini", "unknown-model", None]
TOKENS = [0, 1, 7, 1000, TIER - 1, TIER, TIER + 1, -1, 10**12, 10**12 + 1, None]
SMALL = [0, 3, 50, 5000, -2, 10**12 + 1, None]
FLOATS = [0.0, 0.25, 1.5, 4.0, 5.0, -1.0, float("nan"), float("inf"), None]
BOOLS = [True, False, None]
STATUSES = ["ok", "200", "500", "timeout", "504", "+200", "Error", None]
TIERS = ["flex", " Priority ", "batch", "standard", None]
IDS = ["a", "b", "c", " a ", None]  # " a " is "a" once trimmed: a repeat that looks different
CUSTOMERS = ["acme", "globex", " acme\t", "", None]
# Text written where a typed value would be: each must be read as Polars reads it.
GARBAGE = {
    "timestamp": [
        "2026-05-31T23:59:59.9999999Z",
        "2026-06-01 02:00:00+02:00",
        "2026-06-01T00:00:00+0000",
        "20260601",
        "20260230",
        "2026-02-30T00:00:00",
        "1780272000",
        "1780272000000",
        "09/01/2026",
        "1999",
        " 2026-05-20 ",
        "",
    ],
    "int": ["12.0", "1e3", " 42 ", "12.5", "x", "+7", "NaN", ""],
    "float": ["NaN", "-inf", "Infinity", "1e-3", " 2.5 ", ".5", "abc", ""],
    "bool": ["yes", "N", "1", "true ", "maybe", ""],
}
COLUMN_KIND = {
    "timestamp": "timestamp",
    "input_tokens": "int",
    "output_tokens": "int",
    "cached_input_tokens": "int",
    "cache_write_tokens": "int",
    "reasoning_tokens": "int",
    "cost": "float",
    "feedback": "float",
    "batch": "bool",
    "accepted": "bool",
}


def _value_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return repr(value) if isinstance(value, float) else str(value)


@st.composite
def calls(draw: st.DrawFn) -> dict:
    """One call with typed values (None: no value)."""
    return {
        "timestamp": draw(st.sampled_from(MOMENTS)),
        "model": draw(st.sampled_from(MODELS)),
        "input_tokens": draw(st.sampled_from(TOKENS)),
        "output_tokens": draw(st.sampled_from(TOKENS)),
        "cached_input_tokens": draw(st.sampled_from(SMALL)),
        "cache_write_tokens": draw(st.sampled_from(SMALL)),
        "reasoning_tokens": draw(st.sampled_from(SMALL)),
        "cost": draw(st.sampled_from(FLOATS)),
        "feedback": draw(st.sampled_from(FLOATS)),
        "batch": draw(st.sampled_from(BOOLS)),
        "accepted": draw(st.sampled_from(BOOLS)),
        "status": draw(st.sampled_from(STATUSES)),
        "service_tier": draw(st.sampled_from(TIERS)),
        "request_id": draw(st.sampled_from(IDS)),
        "customer_id": draw(st.sampled_from(CUSTOMERS)),
    }


@st.composite
def dirty_logs(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The same calls as a typed frame and as a frame of text, where some cells hold text that
    reads otherwise (or not at all); ids repeat, the later copy changed."""
    rows = draw(st.lists(calls(), min_size=1, max_size=25))
    rows += [
        {**r, "output_tokens": 9, "customer_id": "later"} for r in draw(st.lists(st.sampled_from(rows), max_size=4))
    ]
    texts = [{k: _value_text(v) for k, v in r.items()} for r in rows]
    for text in texts:
        for column in draw(st.sets(st.sampled_from(sorted(COLUMN_KIND)), max_size=3)):
            text[column] = draw(st.sampled_from(GARBAGE[COLUMN_KIND[column]]))
    typed = pl.DataFrame(rows, schema_overrides={"timestamp": pl.Datetime("us", "UTC")}, infer_schema_length=None)
    return typed, pl.DataFrame(texts, schema=dict.fromkeys(texts[0], pl.String))


KEYS = {
    "customer_id": pl.col("customer_id"),
    "period": period_start("month"),
    "hour": hour_of_day(),
    "latency_bucket": sketch.bucket(pl.col("latency_ms")),  # latency's histogram on an engine
}
EXTRA = {"first": ("min", pl.col("timestamp")), "last": ("max", pl.col("feedback"))}


def cube_of(inputs: Inputs) -> pl.DataFrame:
    job = Job(inputs)
    return cube(job.log, job.book, KEYS, job.window, extra=EXTRA, signals=True)


def load_table(uri: str, name: str, frame: pl.DataFrame) -> None:
    """The rows as a PostgreSQL table, with `seq` (the row's place in the file) to order by."""
    with adbc.connect(uri) as db, db.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        cursor.adbc_ingest(name, frame.with_row_index("seq").to_arrow(), mode="create")
        db.commit()


def same_cells(expected: pl.DataFrame, got: pl.DataFrame, engine: str) -> None:
    """Integers exact, float sums to 1e-12 relative; NaN where Polars has NaN."""
    assert got.columns == expected.columns, engine
    try:
        assert_frame_equal(expected, got, check_exact=True)
    except AssertionError:
        shown = ["_state", "_reason", "customer_id", "period", "_seg", "_bucket", "inferences", "input_tokens"]
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=200, tbl_width_chars=400):
            print(f"{engine}\n{expected.select(shown)}\n{got.select(shown)}")
        raise


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(logs=dirty_logs())
def test_engines_cube_equals_the_polars_cube(logs, postgres, book, tmp_path):
    for variant, frame in zip(("typed", "text"), logs, strict=True):
        path = tmp_path / f"{variant}.parquet"
        frame.write_parquet(path)
        expected = cube_of(Inputs(paths=(str(path),), pricing=str(book)))
        same_cells(expected, cube_of(Inputs(paths=(str(path),), pricing=str(book), engine="duckdb")), "duckdb")
        table = f"calls_{variant}"
        load_table(postgres, table, frame)
        got = cube_of(Inputs(paths=(postgres,), table=table, order_by="seq", pricing=str(book)))
        same_cells(expected, got, f"postgres {variant}")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_duckdb_lines_files_up_by_column_name(book, tmp_path, fmt):
    """Files whose columns come in other orders, one without a column and with one more (DuckDB's
    union_by_name): each value in its own column, as Polars reads them."""
    rows = pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String))
    parts = [
        rows.slice(0, 4),
        rows.slice(4, 3).select(reversed(rows.columns)),
        rows.slice(7).drop("customer_id").with_columns(pl.lit("x").alias("region")),
    ]
    paths = []
    for i, part in enumerate(parts):
        paths.append(str(tmp_path / f"part{i}.{fmt}"))
        part.write_csv(paths[-1]) if fmt == "csv" else part.write_parquet(paths[-1])
    expected = cube_of(Inputs(paths=tuple(paths), pricing=str(book)))
    same_cells(expected, cube_of(Inputs(paths=tuple(paths), pricing=str(book), engine="duckdb")), "duckdb")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_duckdb_reads_files_in_the_order_given_and_names_rejections_by_file(run, book, tmp_path, fmt):
    """The later file's copy of a repeated id wins in the order given (the names sort the other
    way), and each rejected row is named by its own file and numbered in it, as Polars does."""
    rows = pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String))
    first, second = tmp_path / f"b.{fmt}", tmp_path / f"a.{fmt}"
    # r1's globex copy and the rejected rows in the first file; r1's acme copy last, in the second
    parts = {
        first: pl.concat([rows.slice(1, 1), rows.slice(5)]),
        second: pl.concat([rows.slice(0, 1), rows.slice(2, 3)]),
    }
    for path, part in parts.items():
        part.write_csv(path) if fmt == "csv" else part.write_parquet(path)
    outputs = {}
    for engine in ("polars", "duckdb"):
        said = [run(c, str(first), str(second), "--pricing", str(book), "--engine", engine, "-f", "csv") for c in
                ("validate", "customers")]  # fmt: skip
        outputs[engine] = [(r.code, r.out) for r in said]
    assert outputs["duckdb"] == outputs["polars"]
    validated = outputs["polars"][0][1]
    assert f"{first},model: missing,1,3" in validated  # the first file's own row 3
    assert "acme,2026-05-01/2026-07-01,2,201001," in outputs["polars"][1][1]  # r1's later copy: acme's


def test_a_folder_a_file_given_twice_and_a_file_without_a_column_on_duckdb(run, book, tmp_path):
    """A folder is one source (DuckDB expands it: its rejected rows are named under it, where the
    named files crashed on the second file's place); a file given twice is read once, as
    without --engine; a file without a required column is refused, as without --engine."""
    folder = tmp_path / "logs"
    folder.mkdir()
    good = "timestamp,model,input_tokens,output_tokens\n2026-05-01T00:00:00Z,gpt-4o,10,1\n"
    (folder / "a.csv").write_text(good)
    (folder / "b.csv").write_text(good + "not a date,gpt-4o,5,1\n")
    on_folder = run("validate", str(folder), "--pricing", str(book), "--engine", "duckdb", "-f", "csv")
    assert on_folder.code == 1 and f'{folder},"timestamp: not a date-time' in on_folder.out, on_folder.err
    twice = [
        run("models", str(folder / "b.csv"), str(folder / "b.csv"), "--pricing", str(book), *engine, "-f", "csv")
        for engine in ([], ["--engine", "duckdb"])
    ]
    assert twice[0].out == twice[1].out and ",1," in twice[1].out.splitlines()[-1]  # one call priced, not two
    (tmp_path / "bare.csv").write_text("model,input_tokens,output_tokens\ngpt-4o,1,1\n")
    refused = run("models", str(folder / "a.csv"), str(tmp_path / "bare.csv"), "--engine", "duckdb")
    one_error(refused, f"{tmp_path / 'bare.csv'}: no timestamp column")


@pytest.mark.parametrize("engine", ["duckdb", "chdb"])
def test_files_that_name_a_column_differently_are_refused_on_an_engine(run, book, tmp_path, engine):
    """Polars maps each file's own names (INPUT_TOKENS, prompt_tokens); an engine lines files up
    by name, where such a file's column would read as empty: one error line naming both."""
    if engine == "chdb":
        pytest.importorskip("chdb")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("timestamp,model,input_tokens,output_tokens\n2026-05-01T00:00:00Z,gpt-4o,10,1\n")
    second.write_text("timestamp,model,prompt_tokens,output_tokens\n2026-05-02T00:00:00Z,gpt-4o,20,2\n")
    assert run("models", str(first), str(second), "--pricing", str(book)).code == 0  # Polars maps each
    result = run("models", str(first), str(second), "--pricing", str(book), "--engine", engine)
    one_error(result, f"{second}: names input_tokens 'prompt_tokens', and {first} 'input_tokens'")


def test_duckdb_sees_nan_that_parquet_statistics_leave_out(book, tmp_path):
    """Parquet min/max statistics leave NaN out; DuckDB folded `feedback * 0 = 0`, isnan() and
    `feedback > 3.99` with them to constants, and counted a NaN row as good (found by the
    property test above). The session turns that optimizer off (llmcost.engines._DuckDB)."""
    path = tmp_path / "nan.parquet"
    frame = pl.DataFrame(
        {
            "timestamp": [dt.datetime(2026, 5, 2, tzinfo=UTC)] * 2,
            "model": ["gpt-4o"] * 2,
            "input_tokens": [10, 10],
            "output_tokens": [1, 1],
            "request_id": ["a", "a"],
            "feedback": [0.25, float("nan")],
        }
    )
    frame.write_parquet(path)
    expected = cube_of(Inputs(paths=(str(path),), pricing=str(book)))
    assert expected["_reason"].to_list() == [None, "feedback: not a finite number"]  # the NaN row is the last
    same_cells(expected, cube_of(Inputs(paths=(str(path),), pricing=str(book), engine="duckdb")), "duckdb")


def test_duckdb_reads_csv_cells_as_text_not_its_own_date_guess(run, book, tmp_path):
    """DuckDB's CSV sniffing typed 01/03/2026 as a month-first DATE: day-first calls were summed in
    March, none rejected, where llmcost's own pass rejects them (not ISO 8601). Every CSV column
    is now read as text and typed by the cube's rules, as in Polars."""
    days = ["01/03/2026 10:00:00", "02/03/2026 10:00:00", "05/04/2026 10:00:00"]
    rows = [{"timestamp": d, "model": "gpt-4o", "input_tokens": 10, "output_tokens": 1} for d in days]
    rows.append({"timestamp": "2026-05-02T10:00:00Z", "model": "gpt-4o", "input_tokens": 10, "output_tokens": 1})
    pl.DataFrame(rows).write_csv(tmp_path / "calls.csv")
    args = ("validate", str(tmp_path / "calls.csv"), "--pricing", str(book), "-f", "json")
    here, there = run(*args), run(*args, "--engine", "duckdb")
    assert here.out == there.out, (here.out, there.out)  # a file's format is its own on an engine too
    assert "2026-03" not in there.out and there.json()["summary"][0]["rejected"] == 3, there.out


def test_a_json_log_given_to_an_engine_is_refused_in_words(run, book, tmp_path):
    """An engine reads CSV and Parquet; a JSON log was read as CSV and said to lack every column."""
    (tmp_path / "calls.jsonl").write_text('{"timestamp": "2026-05-02T10:00:00Z", "model": "gpt-4o"}\n')
    result = run("cpi", str(tmp_path / "calls.jsonl"), "--pricing", str(book), "--engine", "duckdb")
    assert result.code == 2
    assert result.err.startswith("error: --engine duckdb reads CSV and Parquet files, not "), result.err
    assert "without --engine, llmcost reads it itself" in result.err


def test_a_timestamp_format_the_sql_does_not_use_is_said(run, book, tmp_path):
    """--timestamp-format is a strftime format for Polars; the SQL path reads ISO 8601 and epoch
    text only (reference §6.5). Day-first dates are then rejected there: the run says why, in a
    warning and in the rows' rejection reason (the error when nothing else was priced)."""
    rows = [{"timestamp": "02/05/2026 10:00", "model": "gpt-4o", "input_tokens": 10, "output_tokens": 1}]
    pl.DataFrame(rows).write_csv(tmp_path / "calls.csv")
    args = ("cpi", str(tmp_path / "calls.csv"), "--pricing", str(book), "--timestamp-format", "%d/%m/%Y %H:%M")
    here = run(*args)
    assert here.code == 0 and "is not used" not in here.err, here.err
    said = "timestamp_format '%d/%m/%Y %H:%M' is not used on duckdb, whose SQL reads ISO 8601 and epoch time"
    there = run(*args, "--engine", "duckdb")
    assert there.code == 2 and said in there.err and "without --engine, llmcost reads the files" in there.err
    rows.append({"timestamp": "2026-05-02T10:00:00Z", "model": "gpt-4o", "input_tokens": 10, "output_tokens": 1})
    pl.DataFrame(rows).write_csv(tmp_path / "calls.csv")
    some = run(*args, "--engine", "duckdb")
    assert some.code == 0 and f"calls.csv: {said}" in some.err, some.err


# ---------------------------------------------------------------------------------------------
# Every command, on every engine

FIXED = [
    # a call whose id repeats: the later copy (other customer, other tokens) wins
    {"timestamp": "2026-05-10T12:00:00Z", "model": "gpt-4o", "input_tokens": "1000", "output_tokens": "100",
     "request_id": "r1", "customer_id": "acme", "cost": "0.5", "status": "200", "feedback": "4", "batch": "true"},
    {"timestamp": "2026-05-10T12:00:00Z", "model": "gpt-4o", "input_tokens": "3000", "output_tokens": "300",
     "request_id": "r1", "customer_id": "globex", "cost": "0.7", "status": "200", "feedback": "5", "batch": "false"},
    {"timestamp": "2026-05-31T23:59:59.9999999Z", "model": "claude-sonnet-4", "input_tokens": "200001",
     "output_tokens": "12.0", "request_id": "r2", "customer_id": " acme ", "cost": None, "status": "timeout",
     "feedback": None, "batch": None},
    {"timestamp": "2026-06-01T00:00:00Z", "model": "claude-sonnet-4", "input_tokens": "200000", "output_tokens": "5",
     "request_id": "r3", "customer_id": "globex", "cost": "1e-3", "status": "500", "feedback": "1", "batch": "no"},
    {"timestamp": "20260602", "model": "GPT-4o-mini", "input_tokens": "50", "output_tokens": "5",
     "request_id": None, "customer_id": "initech", "cost": None, "status": "+200", "feedback": None, "batch": None},
    {"timestamp": "09/01/2026", "model": "gpt-4o", "input_tokens": "1", "output_tokens": "1",
     "request_id": "r4", "customer_id": "acme", "cost": None, "status": None, "feedback": None, "batch": None},
    {"timestamp": "2026-06-03T08:00:00+02:00", "model": "", "input_tokens": "1", "output_tokens": "1",
     "request_id": "r5", "customer_id": "acme", "cost": "NaN", "status": None, "feedback": None, "batch": None},
    {"timestamp": "2026-06-04T08:00:00Z", "model": "gpt-4o", "input_tokens": "-1", "output_tokens": "x",
     "request_id": "r6", "customer_id": "acme", "cost": "inf", "status": None, "feedback": None, "batch": "maybe"},
    {"timestamp": "2026-06-05T08:00:00Z", "model": "gpt-4o", "input_tokens": "10", "output_tokens": "1",
     "request_id": "r7", "customer_id": "initech", "cost": "Infinity", "status": None, "feedback": None, "batch": None},
    {"timestamp": "2099-01-01T00:00:00Z", "model": "gpt-4o", "input_tokens": "1", "output_tokens": "1",
     "request_id": "r8", "customer_id": "acme", "cost": None, "status": None, "feedback": None, "batch": None},
]  # fmt: skip
COMMANDS = [
    ["cpi"],
    ["customers"],
    ["flag-customers"],
    ["models"],  # the cost per model ("cost" in the issue)
    ["errors"],
    ["trend"],
    ["usage"],  # its hours of the day: a cube key, summed where the log lives
    ["efficiency"],  # its token histograms: cubes keyed by bucket (a bucket of one value is exact)
    ["drift"],  # input lengths in bins: a cube key (a sum of comparisons with the edges)
    ["validate"],
    ["whatif", "--route", "model=gpt-4o:gpt-4o-mini"],
    ["report"],
]


@pytest.fixture(scope="module")
def fixed_log(postgres, tmp_path_factory) -> dict[str, list[str]]:
    """The fixed dirty log as a Parquet file and as a PostgreSQL table: the sources to compare."""
    frame = pl.DataFrame(FIXED, schema=dict.fromkeys(FIXED[0], pl.String))
    path = tmp_path_factory.mktemp("fixed") / "calls.parquet"
    frame.write_parquet(path)
    load_table(postgres, "calls_fixed", frame)
    return {
        "polars": [str(path)],
        "duckdb": [str(path), "--engine", "duckdb"],
        "postgres": [postgres, "--table", "calls_fixed", "--order-by", "seq"],
    }


def _normal(out: str, source: list[str], fmt: str) -> object:
    """The output with the source as one word (also where a report's next commands repeat it
    with its --table, --engine and --order-by), and the source's format (parquet or sql, in
    validate's list of sources) as FORMAT."""
    out = out.replace(f"'{source[0]}'", source[0]).replace(source[0], "SOURCE")
    for option in ("--table", "--engine", "--order-by"):
        if option in source:
            out = out.replace(f" {option} {source[source.index(option) + 1]}", "")
    out = out.replace("SOURCE,parquet,", "SOURCE,FORMAT,").replace("SOURCE,sql,", "SOURCE,FORMAT,")
    return out if fmt == "csv" else json.loads(out.replace('"format": "parquet"', '"format": "sql"'))


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_every_command_says_the_same_on_every_engine(run, fixed_log, book, command, fmt):
    outputs = {}
    for engine, source in fixed_log.items():
        result = run(*command, *source, "--pricing", str(book), "-f", fmt)
        assert result.code in (0, 1) and result.out, (engine, result.err)  # 1: validate lost rows
        outputs[engine] = (result.code, _normal(result.out, source, fmt))
    assert outputs["duckdb"] == outputs["polars"]
    assert outputs["postgres"] == outputs["polars"]


def _histograms_on_every_engine(run, command: str, frame: pl.DataFrame, folder: Path, postgres: str, book) -> dict:
    """`command -f json` on the frame as a Parquet file (locally and on DuckDB) and as a PostgreSQL
    table, the note's reason for an estimate ("over N rows", "summed by the engine") as WHY."""
    path = folder / f"{command}.parquet"
    frame.write_parquet(path)
    load_table(postgres, f"calls_{command}", frame)
    sources = {
        "polars": [str(path)],
        "duckdb": [str(path), "--engine", "duckdb"],
        "postgres": [postgres, "--table", f"calls_{command}", "--order-by", "seq"],
    }
    outputs = {}
    for engine, source in sources.items():
        result = run(command, *source, "--pricing", str(book), "-f", "json")
        assert result.code == 0, (engine, result.err)
        text = result.out.replace(f"over {sketch.EXACT_LIMIT:,} rows", "WHY").replace("summed by the engine", "WHY")
        outputs[engine] = json.loads(text)
    return outputs


@pytest.mark.slow
def test_latency_on_an_engine_is_the_histogram_a_local_run_estimates_from(run, postgres, book, tmp_path, monkeypatch):
    """`latency` on an engine sums a cube keyed by each latency's histogram bucket (sketch), so
    its figures are a big local run's, which estimates from the same histogram (forced here with
    EXACT_LIMIT = 0): every count and percentile to the last digit, the note saying why; the
    mean is a sum of cells' sums there (one rounding more), the same on every engine."""
    n = 500
    frame = pl.DataFrame(
        {
            "timestamp": [dt.datetime(2026, 5, 1, tzinfo=UTC) + dt.timedelta(hours=7 * i) for i in range(n)],
            "model": ["gpt-4o-mini" if i % 3 else "gpt-4o" for i in range(n)],
            "input_tokens": [100] * n,
            "output_tokens": [10] * n,
            "latency_ms": [
                None if i % 17 == 0 else 0.0 if i % 23 == 0 else 50 + (i * 7919 % 1000) * 12.345 for i in range(n)
            ],
        }
    )
    monkeypatch.setattr(sketch, "EXACT_LIMIT", 0)
    outputs = _histograms_on_every_engine(run, "latency", frame, tmp_path, postgres, book)
    assert outputs["polars"]["latency_notes"] == [sketch.note("p50, p95 and p99").replace("over 0 rows", "WHY")]
    assert outputs["postgres"] == outputs["duckdb"]
    for section in ("latency", "periods"):
        local, engine = outputs["polars"][section], outputs["duckdb"][section]
        assert [{**r, "mean_ms": None} for r in engine] == [{**r, "mean_ms": None} for r in local]
        assert [r["mean_ms"] for r in engine] == pytest.approx([r["mean_ms"] for r in local], rel=1e-15)


@pytest.mark.slow
def test_efficiency_on_an_engine_is_the_histogram_a_local_run_estimates_from(
    run, postgres, book, tmp_path, monkeypatch
):
    """`efficiency` on an engine sums a cube per token count keyed by its histogram bucket, with
    the tokens above each feature's target summed exactly per row (a CASE on the feature), so
    its table is a big local run's (forced with EXACT_LIMIT = 0) to the last digit."""
    n = 600
    frame = pl.DataFrame(
        {
            "timestamp": [dt.datetime(2026, 5, 1, tzinfo=UTC) + dt.timedelta(hours=5 * i) for i in range(n)],
            "model": ["gpt-4o-mini" if i % 3 else "gpt-4o" for i in range(n)],
            "feature": ["chat" if i % 2 else ("rag" if i % 5 else None) for i in range(n)],
            "input_tokens": [(i * 7919) % 6000 for i in range(n)],
            "output_tokens": [(i * 104729) % 900 for i in range(n)],
        }
    )
    (tmp_path / "llmcost.yaml").write_text("use_cases:\n  chat: chat\n  rag: rag\n")
    monkeypatch.setattr(sketch, "EXACT_LIMIT", 0)
    outputs = _histograms_on_every_engine(run, "efficiency", frame, tmp_path, postgres, book)
    table = outputs["polars"]  # one section: its rows
    assert {r["feature"] for r in table} == {"chat", "rag", None}
    assert any(r["cost_above_target"] for r in table)
    assert outputs["duckdb"] == outputs["polars"]
    assert outputs["postgres"] == outputs["polars"]


# ---------------------------------------------------------------------------------------------
# PostgreSQL: the GROUP BY runs in the server, read-only, --table quoted, no password shown

MANY = 3 * engines.SAMPLE_ROWS  # more rows than the sample: the cube must not fetch them


def _psql(uri: str, *statements: str) -> None:
    with adbc.connect(uri) as db, db.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        db.commit()


def _count(uri: str, table: str) -> int:
    with adbc.connect(uri) as db, db.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return int(cursor.fetchone()[0])


@pytest.fixture(scope="module")
def many_calls(postgres) -> str:
    """A table of MANY calls of 3 customers; the last two rows share an id, and the later (c2) wins."""
    frame = pl.DataFrame(
        {
            "timestamp": [dt.datetime(2026, 5, 1 + i % 28, tzinfo=UTC) for i in range(MANY)],
            "model": ["gpt-4o"] * MANY,
            "input_tokens": list(range(MANY)),
            "output_tokens": [10] * MANY,
            "customer_id": [f"c{i % 3}" for i in range(MANY)],
            "request_id": [f"r{min(i, MANY - 2)}" for i in range(MANY)],
        }
    )
    load_table(postgres, "calls_many", frame)
    return "calls_many"


def _server_log(uri: str) -> Path | None:
    """The log of the server the conftest fixture started (None: a server given from outside)."""
    host = parse_qs(urlsplit(uri).query).get("host", [""])[0]
    log = Path(host) / "server.log"
    return log if host and log.exists() else None


def test_postgres_runs_the_group_by_and_sends_only_cells(run, postgres, many_calls, book, monkeypatch):
    role = f"llmcost_logged_{uuid.uuid4().hex[:8]}"  # its statements, and only its, are logged
    _psql(
        postgres,
        f'CREATE ROLE "{role}" LOGIN',
        f'GRANT SELECT ON "{many_calls}" TO "{role}"',
        f"ALTER ROLE \"{role}\" SET log_statement = 'all'",
    )
    uri = postgres.replace("postgresql://llmcost@", f"postgresql://{role}@")
    fetched: list[tuple[str, int]] = []
    real = engines._Postgres.run

    def counted(self, sql: str) -> pl.DataFrame:
        frame = real(self, sql)
        fetched.append((sql, frame.height))
        return frame

    monkeypatch.setattr(engines._Postgres, "run", counted)
    result = run("customers", uri, "--table", many_calls, "--pricing", str(book), "-f", "json")
    assert result.code == 0, result.err
    assert {c["customer_id"]: c["inferences"] for c in result.json()} == {
        "c0": MANY // 3,
        "c1": MANY // 3 - 1,
        "c2": MANY // 3,
    }
    cube = [(sql, rows) for sql, rows in fetched if "GROUP BY" in sql]
    assert cube, fetched
    assert all(rows < 20 for _, rows in cube)  # cells, not MANY rows
    assert sum(rows for _, rows in fetched) <= engines.SAMPLE_ROWS + 40  # the sample, then cells
    log = _server_log(postgres)
    if log is None:
        pytest.skip("a server given by LLMCOST_TEST_POSTGRES: its statement log is not here")
    statements = re.split(r"LOG:  (?:statement|execute [^:]*): ", log.read_text(errors="replace"))[1:]
    logged = [" ".join(s.split()) for s in statements if many_calls in s]
    assert any("GROUP BY" in s and "HAVING COUNT(*) > 1" in s for s in logged), logged[:3]
    aggregates = ("GROUP BY", 'SELECT COUNT(*) AS "rows" FROM "typed")', f"LIMIT {engines.SAMPLE_ROWS})")
    assert all(any(a in s for a in aggregates) for s in logged), logged  # cube, count, sample


def test_a_write_through_query_is_refused(run, postgres, many_calls, book):
    """A SELECT that writes (through a function) runs in a read-only transaction: refused."""
    _psql(
        postgres,
        "CREATE TABLE IF NOT EXISTS llmcost_written (n int)",
        "CREATE OR REPLACE FUNCTION llmcost_write() RETURNS int LANGUAGE sql AS "
        "'INSERT INTO llmcost_written VALUES (1) RETURNING n'",
    )
    sql = f'SELECT *, llmcost_write() AS w FROM "{many_calls}"'
    result = run("cpi", postgres, "--query", sql, "--pricing", str(book))
    one_error(result, "read-only transaction")
    assert _count(postgres, "llmcost_written") == 0


@pytest.mark.parametrize(
    "name", [f'{"calls_many"}"; DROP TABLE "calls_many"; --', "calls_many; DROP TABLE calls_many", "x') OR 1=1 --"]
)
def test_a_hostile_table_name_is_one_quoted_identifier(run, postgres, many_calls, book, name):
    """Read as one quoted name the server does not have, or, with an unbalanced quote, refused as
    no name at all before connecting: never run."""
    message = one_error(run("cpi", postgres, "--table", name, "--pricing", str(book)))
    assert "does not exist" in message or "not a name" in message
    assert _count(postgres, many_calls) == MANY


def test_no_password_in_any_message(run, postgres, many_calls, book):
    secret = "pg-Secret-7f3a"  # scripts/pg_test_server.sh: the one role that needs a password
    host = postgres.split("@", 1)[1]
    wrong = run("cpi", f"postgresql://llmcost_secret:Wr0ng-{secret}@{host}", "--table", many_calls)
    one_error(wrong)
    missing = run("cpi", f"postgresql://llmcost_secret:{secret}@{host}", "--table", "no_such_table")
    one_error(missing, "no_such_table")
    for result in (wrong, missing):
        assert secret not in result.err + result.out


@pytest.mark.parametrize(("command", "cubes"), [("cpi", 1), ("usage", 2), ("efficiency", 4), ("validate", 1)])
def test_show_sql_prints_every_cube_a_command_asks_for(run, book, tmp_path, command, cubes):
    """usage sums its hours of the day, efficiency each token count's histogram, in cubes of
    their own: --show-sql prints them all (each with its count and rejections queries), writes
    no output file, and every statement parses back."""
    import sqlglot

    log = ROOT / "sample_logs" / "inferences.parquet"
    out = tmp_path / "out.csv"
    result = run(command, log, "--engine", "duckdb", "--pricing", book, "--show-sql", "-o", out)
    assert result.code == 0 and not out.exists(), result.err
    assert result.out.count("-- llmcost: the cube of") == cubes
    assert len([s for s in sqlglot.parse(result.out, read="duckdb") if s is not None]) == 3 * cubes


def test_show_sql_says_why_a_command_stopped_after_its_first_queries(run, book):
    """An option checked only once the cube is in (whatif's --price) stops the command on the
    empty cube: the queries so far are shown, then the reason, as a comment."""
    log = ROOT / "sample_logs" / "inferences.parquet"
    result = run("whatif", log, "--engine", "duckdb", "--pricing", book, "--price", "gpt-4o.input=abc", "--show-sql")
    assert result.code == 0 and result.out.count("-- llmcost: the cube of") == 1
    assert result.out.rstrip().splitlines()[-1].startswith("-- llmcost stopped after these queries")
    assert "write MODEL.RATE=VALUE" in result.out
