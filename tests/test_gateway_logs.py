"""Gateway and provider logs as they really are: JSON in text columns, several shapes in one file,
fallback columns. Expected costs are worked out by hand with Decimal from the prices below."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from decimal import Decimal as D

import polars as pl
import pytest

from tests.conftest import DATA

M = D(1_000_000)
PRICES = """\
models:
  gpt-4o: {match: ["gpt-4o-2024-*"], input: 2.50, cached_input: 1.25, output: 10.00}
  claude-sonnet-4-5: {input: 3.00, cached_input: 0.30, cache_write: 3.75, cache_write_1h: 6.00, output: 15.00}
"""
RATES = {
    "gpt-4o": (D("2.5"), D("1.25"), D("2.5"), D("2.5"), D(10)),
    "claude-sonnet-4-5": (D(3), D("0.3"), D("3.75"), D(6), D(15)),
}


def usage_object(prompt: int, completion: int, cached: int = 0, written: int = 0, written_1h: int = 0) -> dict:
    """LiteLLM's normalised usage (prompt_tokens includes cache reads and writes), as the proxy
    stores it in SpendLogs.metadata.usage_object."""
    details = {"cached_tokens": cached, "cache_creation_tokens": written}
    if written_1h:
        details["cache_creation_token_details"] = {
            "ephemeral_5m_input_tokens": written - written_1h,
            "ephemeral_1h_input_tokens": written_1h,
        }
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": details,
        "completion_tokens_details": {"reasoning_tokens": 0},
        "cache_creation_input_tokens": written,
        "cache_read_input_tokens": cached,
    }


# request_id, model, startTime, created_at (insert time), user, end_user, usage, status
CALLS = [
    (
        "r1",
        "gpt-4o",
        "2026-05-31T23:59:58",
        "2026-06-01T00:00:03",
        "team-a",
        "cust-1",
        usage_object(10_000, 500, cached=8_000),
        "success",
    ),
    (
        "r2",
        "claude-sonnet-4-5",
        "2026-05-10T10:00:00",
        "2026-05-10T10:00:09",
        "team-a",
        "",
        usage_object(50_000, 1_000, cached=30_000, written=15_000, written_1h=5_000),
        "success",
    ),
    (
        "r3",
        "claude-sonnet-4-5",
        "2026-05-11T10:00:00",
        "2026-05-11T10:00:01",
        "team-b",
        None,
        usage_object(4_000, 200, written=3_000),
        "success",
    ),
    ("r4", "gpt-4o", "2026-05-12T10:00:00", "2026-05-12T10:00:01", "team-b", "cust-2", usage_object(0, 0), "failure"),
]


def cost_of(model: str, usage: dict) -> D:
    r_in, r_read, r_write, r_1h, r_out = RATES[model]
    one_hour = (
        usage["prompt_tokens_details"].get("cache_creation_token_details", {}).get("ephemeral_1h_input_tokens", 0)
    )
    read, written = usage["cache_read_input_tokens"], usage["cache_creation_input_tokens"]
    uncached = usage["prompt_tokens"] - read - written
    return (
        uncached * r_in
        + read * r_read
        + (written - one_hour) * r_write
        + one_hour * r_1h
        + usage["completion_tokens"] * r_out
    ) / M


def expected_by_customer() -> dict[str, D]:
    out: dict[str, D] = {}
    for _, model, _, _, user, end_user, usage, _ in CALLS:
        customer = end_user or user
        out[customer] = out.get(customer, D(0)) + cost_of(model, usage)
    return out


def spendlog_rows() -> list[dict]:
    return [
        {
            "request_id": rid,
            "call_type": "acompletion",
            "spend": 0.0,
            "total_tokens": u["total_tokens"],
            "prompt_tokens": u["prompt_tokens"],
            "completion_tokens": u["completion_tokens"],
            "startTime": start,
            "endTime": start,
            "created_at": created,
            "model": model,
            "user": user,
            "end_user": end_user,
            "metadata": json.dumps({"user_api_key_alias": "prod", "usage_object": u}),
            "status": status,
        }
        for rid, model, start, created, user, end_user, u, status in CALLS
    ]


def check_customers(result) -> None:
    assert result.code == 0, result.err
    got = {r["customer_id"]: r["cost"] for r in result.json()}
    expected = expected_by_customer()
    assert set(got) == set(expected)  # end_user, else user — never an empty customer
    for customer, cost in expected.items():
        assert got[customer] == pytest.approx(float(cost), rel=1e-12), customer


def test_litellm_csv_export_reads_usage_from_the_json_metadata(run, pricing, tmp_path):
    pl.DataFrame(spendlog_rows()).write_csv(tmp_path / "spend.csv")
    check_customers(run("customers", "spend.csv", "--preset", "litellm", "--pricing", pricing(PRICES), "-f", "json"))


def test_litellm_sqlite_text_column_holding_json(run, pricing, tmp_path):
    rows = spendlog_rows()
    con = sqlite3.connect(tmp_path / "litellm.db")
    columns = ", ".join(f'"{c}"' for c in rows[0])
    con.execute(f"CREATE TABLE spend ({columns})")
    con.executemany(f"INSERT INTO spend VALUES ({', '.join('?' * len(rows[0]))})", [list(r.values()) for r in rows])
    con.commit()
    con.close()
    check_customers(
        run(
            "customers",
            "sqlite:///litellm.db",
            "--table",
            "spend",
            "--preset",
            "litellm",
            "--pricing",
            pricing(PRICES),
            "-f",
            "json",
        )
    )


def test_litellm_postgres_jsonb_metadata(run, pricing, tmp_path, postgres):
    """Through ADBC a JSONB column is an `arrow.json` extension over text: read as JSON all the same."""
    ddl = """DROP TABLE IF EXISTS "LiteLLM_SpendLogs_t";
CREATE TABLE "LiteLLM_SpendLogs_t" (request_id TEXT PRIMARY KEY, call_type TEXT, spend DOUBLE PRECISION,
  total_tokens INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, "startTime" TIMESTAMP(3),
  "endTime" TIMESTAMP(3), created_at TIMESTAMP(3), model TEXT, "user" TEXT, end_user TEXT, metadata JSONB,
  status TEXT);"""
    subprocess.run(["psql", postgres, "-q", "-v", "ON_ERROR_STOP=1", "-c", ddl], check=True, capture_output=True)
    pl.DataFrame(spendlog_rows()).write_csv(tmp_path / "spend.csv")
    copy = f"\\copy \"LiteLLM_SpendLogs_t\" FROM '{tmp_path / 'spend.csv'}' WITH (FORMAT csv, HEADER)"
    subprocess.run(["psql", postgres, "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], check=True, capture_output=True)
    result = run(
        "customers",
        postgres,
        "--table",
        '"LiteLLM_SpendLogs_t"',
        "--preset",
        "litellm",
        "--pricing",
        pricing(PRICES),
        "-f",
        "json",
    )
    check_customers(result)
    assert "warning" not in result.err


def test_litellm_without_usage_object_says_so(run, pricing, tmp_path):
    rows = spendlog_rows()
    for r in rows:
        r["metadata"] = json.dumps({"user_api_key_alias": "prod"})  # LiteLLM before usage_object
    pl.DataFrame(rows).write_csv(tmp_path / "spend.csv")
    result = run("cpi", "spend.csv", "--preset", "litellm", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0
    assert "metadata.usage_object.prompt_tokens_details.cached_tokens" in result.err
    assert "cache reads are priced as uncached input" in result.err
    assert "cache writes are priced as plain input" in result.err


def test_litellm_month_comes_from_the_start_time_not_the_insert_time(run, pricing, tmp_path):
    pl.DataFrame(spendlog_rows()).write_csv(tmp_path / "spend.csv")
    months = run("cpi", "spend.csv", "--preset", "litellm", "--pricing", pricing(PRICES), "-f", "json").json()
    assert [m["period"] for m in months] == ["2026-05"]  # r1 started on 31 May, was written on 1 June


def test_without_a_preset_the_start_time_wins_and_is_named(run, pricing, tmp_path):
    """A log of no known format (without `spend` it is not LiteLLM's) with both time columns."""
    pl.DataFrame(spendlog_rows()).drop("metadata", "spend").write_csv(tmp_path / "spend.csv")
    result = run("cpi", "spend.csv", "--pricing", pricing(PRICES), "-f", "json")
    assert [m["period"] for m in result.json()] == ["2026-05"]
    assert "timestamps from column 'startTime', not 'created_at'" in result.err


def test_openai_file_mixing_chat_completions_and_responses(run, pricing, tmp_path):
    chat = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1778580000,
        "model": "gpt-4o",
        "usage": {"prompt_tokens": 3000, "completion_tokens": 200, "prompt_tokens_details": {"cached_tokens": 1000}},
    }
    responses = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1778583600,
        "model": "gpt-4o",
        "usage": {"input_tokens": 5000, "output_tokens": 300, "input_tokens_details": {"cached_tokens": 4000}},
    }
    (tmp_path / "calls.jsonl").write_text(f"{json.dumps(chat)}\n{json.dumps(responses)}\n")
    result = run("cpi", "calls.jsonl", "--preset", "openai", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0, result.err
    assert "rejected 0" in result.err
    expected = (2000 * D("2.5") + 1000 * D("1.25") + 200 * 10 + 1000 * D("2.5") + 4000 * D("1.25") + 300 * 10) / M
    assert sum(r["token_cost"] for r in result.json()) == pytest.approx(float(expected), rel=1e-12)
    assert sum(r["inferences"] for r in result.json()) == 2


def test_langfuse_export_mixing_versions(run, pricing, tmp_path):
    """Newer observations carry `usageDetails`; older ones only `usage.input`/`promptTokens`."""
    new = {
        "id": "o1",
        "traceId": "t",
        "type": "GENERATION",
        "startTime": "2026-05-02T10:00:00Z",
        "model": "gpt-4o",
        "usageDetails": {"input": 900, "input_cached_tokens": 600, "output": 50},
    }
    old = {
        "id": "o2",
        "traceId": "t",
        "type": "GENERATION",
        "startTime": "2026-05-02T11:00:00Z",
        "model": "gpt-4o",
        "promptTokens": 400,
        "completionTokens": 20,
    }
    (tmp_path / "obs.json").write_text(json.dumps([new, old]))
    result = run("cpi", "obs.json", "--preset", "langfuse", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0, result.err
    expected = ((1500 - 600) * D("2.5") + 600 * D("1.25") + 50 * 10 + 400 * D("2.5") + 20 * 10) / M
    assert sum(r["token_cost"] for r in result.json()) == pytest.approx(float(expected), rel=1e-12)


def test_otel_file_mixing_otlp_and_flat_spans(run, pricing, tmp_path):
    """An OTLP JSON line and a flat span (ConsoleSpanExporter's shape) in one file: both priced,
    each with its own timestamp field, the underscore spelling of cache attributes read too."""
    flat = {
        "name": "chat gpt-4o",
        "context": {"trace_id": "0x1", "span_id": "0x2"},
        "kind": "SpanKind.CLIENT",
        "start_time": "2026-05-01T10:00:00.000000Z",
        "end_time": "2026-05-01T10:00:01.000000Z",
        "attributes": {
            "gen_ai.response.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 2000,
            "gen_ai.usage.output_tokens": 100,
            "gen_ai.usage.cache_read_input_tokens": 500,
        },
    }
    lines = (DATA / "otel_spans.jsonl").read_text().strip()
    (tmp_path / "traces.jsonl").write_text(f"{lines}\n{json.dumps(flat)}\n")
    result = run("cpi", "traces.jsonl", "--preset", "otel", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0, result.err
    expected = (400 * D("2.5") + 600 * D("1.25") + 250 * 10 + 1500 * D("2.5") + 500 * D("1.25") + 100 * 10) / M
    assert sum(r["token_cost"] for r in result.json()) == pytest.approx(float(expected), rel=1e-12)
    assert "priced 2" in result.err and "skipped 1" in result.err
