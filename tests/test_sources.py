"""Real-world sources: presets on real and documented files, SQL databases, price catalogs."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.conftest import DATA, claude_code_cost

M = D(1_000_000)
PRICES = """\
models:
  gpt-4o: {match: ["gpt-4o-*"], input: 2.50, cached_input: 1.25, output: 10.00, batch_discount: 0.5}
  gpt-4o-mini: {input: 0.15, cached_input: 0.075, output: 0.60}
  o4-mini: {input: 1.10, cached_input: 0.275, output: 4.40, service_tiers: {flex: 0.5}}
  claude-sonnet-4-5:
    match: ["claude-sonnet-4-5-*"]
    input: 3.00
    cached_input: 0.30
    cache_write: 3.75
    cache_write_1h: 6.00
    output: 15.00
    batch_discount: 0.5
  claude-opus-4-6: {input: 5.00, cached_input: 0.50, cache_write: 6.25, cache_write_1h: 10.00, output: 25.00}
  claude-haiku-4-5: {match: ["claude-haiku-4-5-*"], input: 1.00, cached_input: 0.10, cache_write: 1.25,
                     cache_write_1h: 2.00, output: 5.00}
"""


@pytest.fixture
def prices(pricing):
    return pricing(PRICES)


def total(result) -> float:
    assert result.code == 0, result.err
    return sum(r["cost"] for r in result.json())


def test_claude_code_log_priced_by_hand(run, prices):
    """Anthropic convention, 5-minute vs 1-hour cache writes, and streaming lines of one request."""
    lines = (DATA / "claude_code_slice.jsonl").read_text().splitlines()
    final = {json.loads(x)["requestId"] for x in lines}
    expected = claude_code_cost(
        {
            "claude-opus-4-6": (5, "0.5", "6.25", 10, 25),
            "claude-haiku-4-5-20251001": (1, "0.1", "1.25", 2, 5),
            "claude-sonnet-4-5-20250929": (3, "0.3", "3.75", 6, 15),
        }
    )
    result = run("cpi", DATA / "claude_code_slice.jsonl", "--preset", "claude-code", "--pricing", prices, "-f", "json")
    assert total(result) == pytest.approx(float(expected), rel=1e-12)
    assert f"duplicates {len(lines) - len(final)}" in result.err


def test_azure_trace_with_an_assumed_model(run, prices):
    with (DATA / "azure_code_slice.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = sum(int(r["ContextTokens"]) * D("2.5") + int(r["GeneratedTokens"]) * 10 for r in rows) / M
    preset = run(
        "cpi",
        DATA / "azure_code_slice.csv",
        "--preset",
        "azure-trace",
        "--model",
        "gpt-4o",
        "--pricing",
        prices,
        "-f",
        "json",
    )
    assert total(preset) == pytest.approx(float(expected), rel=1e-12)
    assert f"read {len(rows)} · priced {len(rows)}" in preset.err


def test_azure_trace_with_a_columns_mapping(run, prices, tmp_path):
    (tmp_path / "llmcost.yaml").write_text(
        "model: gpt-4o\ncolumns: {timestamp: TIMESTAMP, input_tokens: ContextTokens, output_tokens: GeneratedTokens}\n"
    )
    with (DATA / "azure_code_slice.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = sum(int(r["ContextTokens"]) * D("2.5") + int(r["GeneratedTokens"]) * 10 for r in rows) / M
    assert total(run("cpi", DATA / "azure_code_slice.csv", "--pricing", prices, "-f", "json")) == pytest.approx(
        float(expected), rel=1e-12
    )


def test_mooncake_trace_with_a_columns_mapping(run, prices, tmp_path):
    """The trace's timestamps are milliseconds from its start, not epoch time: as logged they are
    rejected with that reason (never dated 1970); shifted to a real start they are all read."""
    (tmp_path / "llmcost.yaml").write_text(
        "model: gpt-4o-mini\ncolumns: {input_tokens: input_length, output_tokens: output_length}\n"
    )
    rows = [json.loads(x) for x in (DATA / "mooncake_slice.jsonl").read_text().splitlines()]
    as_logged = run("validate", DATA / "mooncake_slice.jsonl", "--pricing", prices, "-f", "json")
    assert as_logged.json()["summary"][0]["rejected"] == len(rows)
    assert "timestamp: not a date-time" in as_logged.out
    start = 1_777_593_600_000  # 2026-05-01T00:00:00Z in milliseconds
    shifted = tmp_path / "mooncake.jsonl"
    shifted.write_text("".join(json.dumps({**r, "timestamp": start + r["timestamp"]}) + "\n" for r in rows))
    got = run("efficiency", shifted, "--pricing", prices, "-f", "json").json()[0]
    assert got["inferences"] == len(rows)
    assert got["avg_input_tokens"] == pytest.approx(sum(r["input_length"] for r in rows) / len(rows))


def test_openai_preset_nested_usage_and_flex_tier(run, prices):
    result = run("cpi", DATA / "openai_responses.jsonl", "--preset", "openai", "--pricing", prices, "-f", "json")
    first = (600 * D("2.5") + 400 * D("1.25") + 200 * 10) / M
    second = (500 * D("1.1") + 900 * D("4.4")) / M * D("0.5")  # flex: half price
    assert total(result) == pytest.approx(float(first + second), rel=1e-12)


def test_anthropic_preset_cache_writes_and_batch(run, prices):
    result = run("cpi", DATA / "anthropic_messages.jsonl", "--preset", "anthropic", "--pricing", prices, "-f", "json")
    first = (50 * D(3) + 10000 * D("0.3") + 1000 * D("3.75") + 2000 * D(6) + 400 * D(15)) / M
    second = (120 * D(3) + 13000 * D("0.3") + 80 * D(15)) / M * D("0.5")
    assert total(result) == pytest.approx(float(first + second), rel=1e-12)


def test_langfuse_preset_sums_usage_types(run, prices):
    result = run("cpi", DATA / "langfuse_observations.json", "--preset", "langfuse", "--pricing", prices, "-f", "json")
    expected = ((600 * D("2.5") + 400 * D("1.25") + 200 * 10) + 300 * D("0.15")) / M
    assert total(result) == pytest.approx(float(expected), rel=1e-12)
    errors = run(
        "errors", DATA / "langfuse_observations.json", "--preset", "langfuse", "--pricing", prices, "-f", "json"
    ).json()[0]
    assert errors["errors"] == 1


def test_helicone_preset(run, prices):
    result = run(
        "latency",
        DATA / "helicone_requests.jsonl",
        "--preset",
        "helicone",
        "--pricing",
        prices,
        "--by",
        "model",
        "-f",
        "json",
    )
    by_model = {r["model"]: r for r in result.json()["latency"]}
    assert by_model["gpt-4o"]["p50_ms"] == 850
    cost = run("cpi", DATA / "helicone_requests.jsonl", "--preset", "helicone", "--pricing", prices, "-f", "json")
    assert total(cost) == pytest.approx(float((800 * D("2.5") + 200 * D("1.25") + 100 * 10 + 400 * D("0.15")) / M))


def test_otel_preset_reads_otlp_json_and_skips_other_spans(run, prices):
    result = run("cpi", DATA / "otel_spans.jsonl", "--preset", "otel", "--pricing", prices, "-f", "json")
    assert total(result) == pytest.approx(float((400 * D("2.5") + 600 * D("1.25") + 250 * 10) / M), rel=1e-12)
    assert "read 2 · priced 1" in result.err and "skipped 1 (not model calls)" in result.err
    assert result.json()[0]["period"] == "2026-05"


def test_posthog_preset(run, prices):
    result = run("quality", DATA / "posthog_events.jsonl", "--preset", "posthog", "--pricing", prices, "-f", "json")
    assert result.json()[0]["failure_rate"] == pytest.approx(0.5)
    latency = run(
        "latency", DATA / "posthog_events.jsonl", "--preset", "posthog", "--pricing", prices, "-f", "json"
    ).json()["latency"][0]
    assert latency["p50_ms"] == pytest.approx((1250 + 30000) / 2)


def test_codex_preset_skips_context_lines(run, prices):
    result = run("validate", DATA / "codex_session.jsonl", "--preset", "codex", "--pricing", prices, "-f", "json")
    summary = result.json()["summary"][0]
    assert (summary["read"], summary["unpriced"]) == (3, 2)  # gpt-5.x-codex is not in these prices


def test_litellm_preset_latency_customer_and_logged_spend(run, prices):
    result = run("customers", DATA / "litellm_spendlogs.csv", "--preset", "litellm", "--pricing", prices, "-f", "json")
    by = {r["customer_id"]: r for r in result.json()}
    assert by["cust-1"]["cost"] == pytest.approx(float((1000 * D("2.5") + 100 * 10 + 1200 * D("2.5")) / M))
    assert by["cust-3"]["cost"] == pytest.approx(0.0009)  # unknown model: its logged spend, said so
    assert "1 at logged cost" in result.err
    latency = run(
        "latency", DATA / "litellm_spendlogs.csv", "--preset", "litellm", "--pricing", prices, "-f", "json"
    ).json()["latency"]
    assert max(r["p99_ms"] for r in latency) <= 30_000


def test_unknown_preset_says_did_you_mean(run, prices):
    result = run("cpi", DATA / "litellm_spendlogs.csv", "--preset", "litelm", "--pricing", prices)
    assert result.code == 2 and "did you mean 'litellm'" in result.err


def test_nested_log_with_a_columns_mapping_suggests_its_preset(run, prices, tmp_path):
    """A columns mapping turns format detection off; a nested log then fails with the preset to use."""
    (tmp_path / "llmcost.yaml").write_text("columns: {feature: sessionId}\n")
    result = run("cpi", DATA / "claude_code_slice.jsonl", "--pricing", prices)
    assert result.code == 2 and "--preset claude-code" in result.err


def test_sqlite_source(run, prices, tmp_path):
    with (DATA / "litellm_spendlogs.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    con = sqlite3.connect(tmp_path / "gateway.db")
    con.execute(f"CREATE TABLE spend ({', '.join(f'{c} TEXT' for c in rows[0])})")
    con.executemany(f"INSERT INTO spend VALUES ({', '.join('?' * len(rows[0]))})", [list(r.values()) for r in rows])
    con.commit()
    con.close()
    from_csv = run("cpi", DATA / "litellm_spendlogs.csv", "--preset", "litellm", "--pricing", prices, "-f", "json")
    from_db = run(
        "cpi", "sqlite:///gateway.db", "--preset", "litellm", "--table", "spend", "--pricing", prices, "-f", "json"
    )
    assert from_db.code == 0, from_db.err
    assert from_db.json() == from_csv.json()
    query = run(
        "cpi",
        "sqlite:///gateway.db",
        "--preset",
        "litellm",
        "--query",
        "SELECT * FROM spend WHERE model = 'gpt-4o'",
        "--pricing",
        prices,
        "-f",
        "json",
    )
    assert sum(r["inferences"] for r in query.json()) == 2


def test_database_errors_hide_the_password(run, prices):
    result = run("cpi", "postgresql://bob:s3cret@127.0.0.1:1/nope", "--table", "t", "--pricing", prices)
    assert result.code == 2 and "s3cret" not in result.err and "bob:***@" in result.err
    assert run("cpi", "sqlite:///x.db", "--pricing", prices).code == 2  # neither --table nor --query


def test_postgres_litellm_spendlogs_round_trip(run, prices, postgres):
    """The LiteLLM gateway's own table, read with --preset litellm, gives the same numbers as the CSV."""
    ddl = """DROP TABLE IF EXISTS "LiteLLM_SpendLogs";
CREATE TABLE "LiteLLM_SpendLogs" (request_id TEXT PRIMARY KEY, call_type TEXT, api_key TEXT, spend DOUBLE PRECISION,
  total_tokens INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, "startTime" TIMESTAMP(3),
  "endTime" TIMESTAMP(3), model TEXT, model_group TEXT, "user" TEXT, end_user TEXT, team_id TEXT, cache_hit TEXT,
  request_tags JSONB, metadata JSONB, status TEXT);"""
    subprocess.run(["psql", postgres, "-q", "-v", "ON_ERROR_STOP=1", "-c", ddl], check=True, capture_output=True)
    copy = '\\copy "LiteLLM_SpendLogs" FROM \'' + str(DATA / "litellm_spendlogs.csv") + "' WITH (FORMAT csv, HEADER)"
    subprocess.run(["psql", postgres, "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], check=True, capture_output=True)
    from_csv = run(
        "customers", DATA / "litellm_spendlogs.csv", "--preset", "litellm", "--pricing", prices, "-f", "json"
    )
    from_pg = run(
        "customers",
        postgres,
        "--preset",
        "litellm",
        "--table",
        '"LiteLLM_SpendLogs"',
        "--pricing",
        prices,
        "-f",
        "json",
    )
    assert from_pg.code == 0, from_pg.err
    assert from_pg.json() == from_csv.json()
    report = run(
        "report", postgres, "--preset", "litellm", "--table", '"LiteLLM_SpendLogs"', "--pricing", prices, "-f", "json"
    )
    assert report.code == 0 and report.json()["accounting"][0]["read"] == 5


def test_catalog_prices_unknown_models_visibly(run, prices):
    result = run(
        "cpi", DATA / "codex_session.jsonl", "--preset", "codex", "--pricing", prices, "--catalog", "-f", "json"
    )
    assert result.code == 0
    assert "from genai-prices" in result.err and "gpt-5.3-codex" in result.err
    assert sum(r["inferences"] for r in result.json()) == 2


def test_catalog_never_overrides_pricing_yaml(run, pricing):
    path = pricing("models:\n  gpt-4o: {input: 1, output: 1}\n")
    rows = DATA / "openai_responses.jsonl"
    got = run("cpi", rows, "--preset", "openai", "--pricing", path, "--catalog", "-f", "json")
    # gpt-4o-2024-08-06 is not named in this file → the catalog; gpt-4o exact would be ours
    assert "gpt-4o-2024-08-06" in got.err
    Path("rows.jsonl").write_text(
        '{"timestamp":"2026-05-01T00:00:00Z","model":"gpt-4o","usage":'
        '{"prompt_tokens":1000000,"completion_tokens":0}}\n'
    )
    ours = run("cpi", "rows.jsonl", "--preset", "openai", "--pricing", path, "--catalog", "-f", "json")
    assert ours.json()[0]["cost"] == pytest.approx(1.0) and "from genai-prices" not in ours.err


def test_compressed_logs_count_at_their_text_size(tmp_path):
    """Batching and the spill threshold go by bytes of text: a .gz or .zst log counts at the size
    its header or trailer records, not at its (5-500× smaller) compressed size."""
    import gzip

    import zstandard

    from llmcost.sources import PACKED_DENSITY, content_size

    text = b"timestamp,model,input_tokens,output_tokens\n" + b"2026-05-01T00:00:00Z,gpt-4o,1,1\n" * 50_000
    for name, packed in (
        ("a.csv", text),
        ("a.csv.gz", gzip.compress(text)),
        ("a.csv.zst", zstandard.ZstdCompressor().compress(text)),
    ):
        (tmp_path / name).write_bytes(packed)
        assert content_size(tmp_path / name) == len(text), name
    unsized = zstandard.ZstdCompressor(write_content_size=False).compress(text)
    (tmp_path / "b.zst").write_bytes(unsized)
    assert content_size(tmp_path / "b.zst") == len(unsized) * PACKED_DENSITY
