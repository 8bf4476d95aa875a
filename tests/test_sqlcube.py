"""The SQL compiler (llmcost.sqlcube) held to rules.py's data, its single rules' SQL, and golden SQL.

Like tests/test_rules.py for Polars: every CHECK appears in the reason CASE in its order, every
Signal is summed. Single rules render to the SQL asserted here in duckdb and postgres; every
dialect's query parses back with SQLGlot; the BigQuery, Snowflake and Trino queries, which no
test runs, are kept as golden files in tests/data/sql (`python tests/test_sqlcube.py --update`
rewrites them; review the diff).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from llmcost import rules, sqlcube
from llmcost.cube import Window
from llmcost.rules import CHECKS, SIGNALS, Check, check_reason
from llmcost.sqlcube import CubeQuery, Field, Relation, col

GOLDEN = Path(__file__).resolve().parent / "data" / "sql"
DIALECTS = ("duckdb", "postgres", "clickhouse", "spark", "bigquery", "snowflake", "trino")
GOLDEN_DIALECTS = ("bigquery", "snowflake", "trino")
NOW = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
KINDS = {"timestamp": "text", "model": "text", "input_tokens": "int", "output_tokens": "int", "cost": "float"}


def relation(fields: dict[str, str] | None = None) -> Relation:
    """A table with the canonical columns of `fields` (default: all, text unless KINDS says)
    under their own names."""
    kinds = fields or ({name: "text" for name in rules.COLUMNS} | KINDS)
    typed = {name: Field(col(name), kind) for name, kind in kinds.items()}
    return Relation(exp.to_table("calls"), typed, {n: n for n in typed}, (col("seq"),))


def query(**more) -> CubeQuery:
    window = Window(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    dates = (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    return CubeQuery(
        relation(),
        {"customer_id": "customer_id", "period": "period:month"},
        window,
        dates,
        (200_000,),
        NOW,
        signals=True,
        extra={"first": ("min", "timestamp")},
        **more,
    )


def sql(tree: exp.Expression, dialect: str = "duckdb") -> str:
    return tree.sql(dialect=dialect)


# ---------------------------------------------------------------------------------------------
# Single rules


@pytest.mark.parametrize(
    ("check", "duckdb"),
    [
        (Check("timestamp", "missing", "missing"), 'NOT "_given_timestamp"'),
        (Check("cost", "unparsed", "x"), '"_given_cost" AND "cost" IS NULL'),
        (Check("model", "null", "missing"), '"model" IS NULL'),
        (Check("input_tokens", "below", "negative", limit=0), '"input_tokens" < 0'),
        (Check("input_tokens", "above", "big", limit=10**12), '"input_tokens" > 1000000000000'),
        (Check("cost", "not_finite", "x"), 'NOT "cost" * 0 = 0'),
        (
            Check("input_tokens", "exceeds", "x", parts=("cached_input_tokens", "cache_write_tokens")),
            'COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > COALESCE("input_tokens", 0)',
        ),
        (
            Check("timestamp", "future", "x", limit=86400),
            "\"timestamp\" > CAST('2026-07-02 12:00:00' AS TIMESTAMP)",
        ),
    ],
    ids=lambda v: v.test if isinstance(v, Check) else "",
)
def test_check_sql_of_each_test(check, duckdb):
    assert sql(sqlcube.check_sql(check, NOW)) == duckdb
    assert {c.test for c in CHECKS} <= set(rules.TESTS)


def test_status_sql_reads_codes_texts_and_errors():
    text = sql(sqlcube.status_sql(), "postgres")
    assert "LOWER(\"status\") ~ '^[+-]?[0-9]{1,18}$'" in text  # "+200" is a code, as Polars casts it
    assert "LIKE '%timeout%'" in text and "< 400 THEN 'ok'" in text
    for word in (*rules.STATUS.ok, *rules.STATUS.timeout, *rules.STATUS.no_error):
        assert f"'{word}'" in text


def test_text_is_trimmed_as_each_engine_does_it_fastest():
    """DuckDB trims only the cells that start or end with white space (trimming a set of characters
    costs it 1.6 s per column per million rows); PostgreSQL trims every cell, because testing the
    edges costs it more (1M ids: 286 ms trimmed, 638 ms tested). Both trim the same six
    characters, and a placeholder inside the text (a JSON field) is spelt out too."""
    json = sqlcube.json_field(exp.column("metadata", quoted=True), ("user_api_key_user_id",))
    tree = exp.select(sqlcube.trimmed(json, "text"))
    postgres = sqlcube.render(tree, "postgres", pretty=False)
    assert postgres.startswith("SELECT TRIM(CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(32) FROM ")
    assert "CASE" not in postgres and "JSONB_EXTRACT_PATH_TEXT" in postgres and "LLMCOST" not in postgres
    duckdb = sqlcube.render(tree, "duckdb", pretty=False)
    assert duckdb.startswith("SELECT CASE WHEN LEFT(") and "THEN TRIM(" in duckdb and "LLMCOST" not in duckdb
    assert duckdb.count("\"metadata\" ->> '$.user_api_key_user_id'") == 4  # each edge tested, trimmed or kept


@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "clickhouse", "spark", "bigquery", "snowflake", "trino"])
def test_a_latency_from_two_text_timestamps_is_spelt_for_the_engine(dialect):
    """`latency_from` presets (litellm, langfuse) take end − start. With the times as text, the
    ISO parse inside the duration was left as a raw `LLMCOST_ISO_TIMESTAMP(…)`: SQL no engine runs."""
    start, end = (sqlcube.typed("timestamp", sqlcube.Field(sqlcube.col(c), "text")) for c in ("startTime", "endTime"))
    text = sqlcube.render(exp.select(sqlcube.duration_ms(start, end)), dialect, pretty=False)
    assert "LLMCOST" not in text and sqlcube.parses(text, dialect), text


def test_bucket_sql_counts_the_breaks_before_the_value():
    dates = (dt.datetime(2026, 6, 1, tzinfo=dt.UTC),)
    assert sql(sqlcube.bucket_sql(rules.SEGMENT, dates)) == (
        "CASE WHEN \"timestamp\" >= CAST('2026-06-01 00:00:00' AS TIMESTAMP) THEN 1 ELSE 0 END"
    )
    assert sql(sqlcube.bucket_sql(rules.TIER_BUCKET, (200_000, 1_000_000)), "postgres") == (
        'CASE WHEN "input_tokens" > 200000 THEN 1 ELSE 0 END + CASE WHEN "input_tokens" > 1000000 THEN 1 ELSE 0 END'
    )
    assert sql(sqlcube.bucket_sql(rules.TIER_BUCKET, ())) == "0"


@pytest.mark.parametrize("period", rules.PERIODS)
@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_period_sql_truncates_in_utc_to_a_date(period, dialect):
    assert sql(sqlcube.period_sql(period), dialect) == f"CAST(DATE_TRUNC('{period.upper()}', \"timestamp\") AS DATE)"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_hour_of_the_day_is_a_small_integer_in_every_dialect(dialect):
    """usage's hours (cube.hour_of_day) as a key: the hour of the UTC timestamp, an integer as
    Polars' Int8 is, not PostgreSQL's NUMERIC or a text."""
    spelt = sql(sqlcube.key_sql("hour"), dialect)
    assert spelt == {
        "clickhouse": 'CAST(EXTRACT(HOUR FROM "timestamp") AS Nullable(Int16))',
        "spark": "CAST(EXTRACT(HOUR FROM `timestamp`) AS SMALLINT)",
        "bigquery": "CAST(EXTRACT(HOUR FROM `timestamp`) AS INT64)",
        "snowflake": 'CAST(DATE_PART(HOUR, "timestamp") AS SMALLINT)',
    }.get(dialect, 'CAST(EXTRACT(HOUR FROM "timestamp") AS SMALLINT)')
    assert sqlglot.parse_one(spelt, read=dialect).sql(dialect) == spelt


@pytest.mark.parametrize("dialect", DIALECTS)
def test_value_specs_are_spelt_in_every_dialect(dialect):
    """A Spelt value's spec (cube.Spelt): a sum in parentheses (a tree built by hand prints no
    precedence: `a + b * 0` was read a + (b * 0), every total token count in bucket 0), a part
    above a feature's limit, and a count of edges at or below."""
    total = sql(sqlcube.value_sql("sum:input_tokens,output_tokens"), dialect)
    assert total.startswith("(") and total.endswith(")") and "+" in total
    assert "* 0 = 0" in sql(sqlcube.finite(sqlcube.value_sql("sum:input_tokens,output_tokens")), dialect)
    assert ") * 0 = 0" in sql(sqlcube.finite(sqlcube.value_sql("sum:input_tokens,output_tokens")), dialect)
    excess = sql(sqlcube.value_sql('excess:input_tokens:{"chat": 2000}'), dialect)
    assert "2000" in excess and "'chat'" in excess and excess.startswith("CASE")
    bins = sql(sqlcube.value_sql("bins:input_tokens:128,256"), dialect)
    assert ">= 128" in bins and ">= 256" in bins
    for text in (total, excess, bins):
        assert sqlglot.parse_one(f"SELECT {text}", read=dialect)


def test_float_extremes_leave_nan_out_unless_alone():
    assert sql(sqlcube.extreme_sql("max", "feedback")) == (
        'COALESCE(MAX(CASE WHEN "feedback" * 0 = 0 OR ABS("feedback") = CAST(\'Infinity\' AS DOUBLE) '
        'THEN "feedback" END), MAX("feedback"))'
    )
    assert sql(sqlcube.extreme_sql("min", "timestamp")) == 'MIN("timestamp")'


# ---------------------------------------------------------------------------------------------
# The compiler against rules.py's data


def reason_whens(relation_: Relation) -> list[tuple[str, str]]:
    """(condition, reason) of each WHEN of the reason CASE, in order, past the skip case."""
    case = sqlcube.reason_sql(relation_, NOW)
    ifs = case.args["ifs"]
    assert sql(ifs[0].this) == '"_skip"' and isinstance(ifs[0].args["true"], exp.Cast)
    return [(sql(i.this), i.args["true"].name) for i in ifs[1:]]


def test_every_check_is_in_the_reason_case_in_order():
    whens = reason_whens(relation())
    assert [reason for _, reason in whens] == [check_reason(c, {}, None, NOW) for c in CHECKS]
    assert [cond for cond, _ in whens] == [sql(sqlcube.check_sql(c, NOW)) for c in CHECKS]


def test_only_the_checks_of_columns_the_source_has_apply():
    whens = reason_whens(relation(KINDS))
    expected = [c for c in CHECKS if c.always or c.column in KINDS]
    assert [reason for _, reason in whens] == [check_reason(c, {}, None, NOW) for c in expected]


def test_every_signal_and_extreme_is_summed():
    tree = query().tree()
    names = [e.alias for e in tree.expressions]
    for signal in SIGNALS:
        assert signal.name in names
        summed = next(e for e in tree.expressions if e.alias == signal.name).this
        if signal.how == "value" and signal.column in rules.SUMMED_MEASURES:  # a float: in fixed point
            assert summed == sqlcube.fixed_sum(sqlcube.col(signal.column))
        else:
            assert isinstance(summed, exp.Sum) and summed.this == sqlcube.signal_sql(signal)
    assert set(rules.EXTREMES) | {"first"} <= set(names)
    assert names[-len(rules.EXTREMES) - 1 :] == [*rules.EXTREMES, "first"]


def test_the_cube_groups_on_the_command_and_pricing_keys_only():
    tree = query().tree()
    keys = ["customer_id", "period", "_model", "_seg", "_bucket", "_tier", "_month", "_in", "_has_cost"]
    assert [e.alias_or_name for e in tree.expressions[: len(keys) + 2]] == [*keys, "_state", "_reason"]
    assert len(tree.args["group"].expressions) == len(keys) + 2
    assert [c.alias for c in tree.args["with_"].expressions] == ["typed", "converted", "checked", "repeated", "deduped"]


def test_row_states_and_dedupe_follow_rules():
    state = sql(sqlcube.state_sql())
    assert [s for s, _ in rules.ROW_STATES] == ["skipped", "rejected", "duplicate"]
    assert state.index("'skipped'") < state.index("'rejected'") < state.index("'duplicate'")
    deduped = sql(sqlcube._deduped(query()))
    assert 'PARTITION BY "c"."request_id" ORDER BY "c"."_o0" DESC' in deduped  # the last row wins
    # only the repeated ids are numbered: joined, not tested with IN (PostgreSQL's NOT IN is row by row)
    assert 'INNER JOIN "repeated" AS "r" ON "c"."request_id" = "r"."request_id"' in deduped
    assert 'LEFT JOIN "repeated"' in deduped and " IN (" not in deduped
    repeated = sql(sqlcube._repeated())
    assert 'GROUP BY "request_id" HAVING COUNT(*) > 1' in repeated


# ---------------------------------------------------------------------------------------------
# Every dialect, and golden SQL


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_parses_back(dialect):
    q = query()
    for text in (q.sql(dialect), q.count_sql(dialect), q.rejections_sql(dialect)):
        assert sqlglot.parse(text, read=dialect)
        assert "LLMCOST_" not in text


@pytest.mark.parametrize("dialect", DIALECTS)
def test_rejected_rows_of_files_are_numbered_in_their_own_file(dialect):
    """Files: a row's number counts from its file's first row (numbered across the files in
    order, less the file's first number), and the first five are per file and reason."""
    files = dataclasses.replace(relation(), files=("b.csv", "a.csv"), order=(col("_file_index"), col("_scan")))
    text = dataclasses.replace(query(), relation=files).rejections_sql(dialect)
    quote = "`" if dialect in ("spark", "bigquery") else '"'
    file, row, reason = (f"{quote}{n}{quote}" for n in ("_file", "_row", "_reason"))
    assert f"{quote}_o0{quote} AS {file}" in text
    assert f"{row} - MIN({row}) OVER (PARTITION BY {file}) + 1 AS {row}" in " ".join(text.split())
    assert f"PARTITION BY {file}, {reason}" in " ".join(text.split())
    assert sqlglot.parse(text, read=dialect)
    alone = query().rejections_sql(dialect)  # a table: one "file", 0, numbered across its rows
    assert f"0 AS {file}" in alone and "MIN(" not in alone


def golden_text(dialect: str) -> str:
    q = query()
    return "\n".join(
        [
            f"-- llmcost: the cube of a `calls` table, in {dialect} (python tests/test_sqlcube.py --update)",
            q.sql(dialect) + ";",
            q.count_sql(dialect) + ";",
            q.rejections_sql(dialect) + ";",
            "",
        ]
    )


@pytest.mark.parametrize("dialect", GOLDEN_DIALECTS)
def test_golden_sql(dialect):
    path = GOLDEN / f"{dialect}.sql"
    assert path.exists(), "run `python tests/test_sqlcube.py --update`"
    assert golden_text(dialect) == path.read_text(), (
        f"{path.name} changed: run `python tests/test_sqlcube.py --update` and review the diff"
    )


def update() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for dialect in GOLDEN_DIALECTS:
        (GOLDEN / f"{dialect}.sql").write_text(golden_text(dialect))
    return len(GOLDEN_DIALECTS)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_sqlcube.py --update   (rewrites tests/data/sql/*.sql)")
    print(f"tests/data/sql: {update()} files regenerated")
