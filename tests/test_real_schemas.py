"""Logs written the way LiteLLM, Langfuse and OpenTelemetry write them, priced by llmcost and compared with each
project's own figure for the same calls at the same prices.

Hand-made rows test what their author believes a format is; these build the rows with the projects' own code
wherever it runs in Python (LiteLLM's proxy payload builder, the OpenTelemetry SDK and its OTLP encoder), and
from the projects' published types where it does not (Langfuse's server is TypeScript). The reference figure is
the project's own cost, itself checked against a Decimal calculation by hand.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import random
import re
import sqlite3
import subprocess
import sys
import types
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import DATA

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # LiteLLM's bundled price map, never the network

M = D(1_000_000)
REL = 1e-9

# Prices per 1M tokens. No catalog has these figures or names, so LiteLLM can only be using the ones registered
# here, and registering them changes no price another test reads.
PRICES: dict[str, dict[str, D]] = {
    "llmcost-gpt-4o": {"input": D("2.10"), "cached_input": D("0.95"), "output": D("8.40")},
    "llmcost-o4-mini": {"input": D("1.30"), "cached_input": D("0.31"), "output": D("5.20")},
    "llmcost-claude-sonnet": {
        "input": D("2.90"),
        "cached_input": D("0.27"),
        "cache_write": D("3.60"),
        "cache_write_1h": D("5.85"),
        "output": D("14.20"),
    },
}
PROVIDER = {"llmcost-gpt-4o": "openai", "llmcost-o4-mini": "openai", "llmcost-claude-sonnet": "anthropic"}


def pricing_yaml() -> str:
    """The llmcost pricing file holding PRICES."""
    lines = ["currency: USD", "unit: per_1m_tokens", "models:"]
    lines += [f"  {model}: {{{', '.join(f'{k}: {v}' for k, v in prices.items())}}}" for model, prices in PRICES.items()]
    return "\n".join(lines) + "\n"


def need(module: str) -> None:
    """Skip when a test dependency is missing, except in CI, where a skipped reference test hides a regression."""
    try:
        found = find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is missing
        found = False
    if not found:
        reason = f"{module} is not installed (pip install '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def assert_close(got: float, expected: float | D, what: str) -> None:
    assert got == pytest.approx(float(expected), rel=REL, abs=1e-15), what


def by_key(rows: list[dict], key: str, value: str = "cost") -> dict[str, float]:
    return {r[key]: r[value] for r in rows}


# --- LiteLLM: the schema ------------------------------------------------------------------------------------------

SCHEMA_SQL = DATA / "litellm_spendlogs_schema.sql"
PRISMA_TYPES = {
    "String": "TEXT",
    "Int": "INTEGER",
    "Float": "DOUBLE PRECISION",
    "DateTime": "TIMESTAMP(3)",
    "Json": "JSONB",
}


def prisma_columns(text: str) -> dict[str, tuple[str, bool]]:
    """Column → (PostgreSQL type, NOT NULL) of `model LiteLLM_SpendLogs` in a schema.prisma."""
    block = re.search(r"^model LiteLLM_SpendLogs \{(.*?)^\}", text, re.S | re.M)
    assert block, "schema.prisma has no model LiteLLM_SpendLogs"
    columns = {}
    for line in block.group(1).splitlines():
        found = re.match(r"\s*(\w+)\s+(\w+)(\?)?(.*)", line.split("//")[0])
        if found and not line.strip().startswith("@@"):
            name, kind, optional, rest = found.groups()
            mapped = re.search(r'@map\("([^"]+)"\)', rest)
            columns[mapped.group(1) if mapped else name] = (PRISMA_TYPES[kind], optional is None)
    return columns


def sql_columns(text: str) -> dict[str, tuple[str, bool]]:
    """Column → (type, NOT NULL) of the CREATE TABLE in litellm_spendlogs_schema.sql."""
    body = re.search(r'CREATE TABLE "LiteLLM_SpendLogs" \((.*?)\n\);', text, re.S)
    assert body, "no CREATE TABLE in the schema file"
    columns = {}
    for line in body.group(1).splitlines():
        found = re.match(r'\s*"(\w+)" ([A-Z]+(?: PRECISION|\(3\))?)(.*)', line)
        if found:
            columns[found.group(1)] = (found.group(2), "NOT NULL" in found.group(3))
    return columns


def test_spendlogs_schema_file_matches_installed_litellm():
    """The CREATE TABLE under tests/data is LiteLLM's migrations merged by hand: when an upgrade of litellm adds,
    drops or retypes a column, this fails, and the file (and the rows below) must follow."""
    need("litellm")
    spec = find_spec("litellm")
    assert spec and spec.origin
    prisma = Path(spec.origin).parent / "proxy" / "schema.prisma"
    assert sql_columns(SCHEMA_SQL.read_text()) == prisma_columns(prisma.read_text())


# --- LiteLLM: the rows, as its proxy builds them --------------------------------------------------------------------

END_USERS = ("acme", "globex", "initech", "umbrella", "hooli")


@dataclass(frozen=True)
class Call:
    """One request through the proxy: what the provider answered, and who sent it."""

    number: int
    start: datetime
    latency_ms: int
    model: str
    usage: dict[str, Any] | None  # the provider's own usage object (OpenAI or Anthropic shape); None: it failed
    user: str  # owner of the virtual key (SpendLogs.user)
    end_user: str | None  # the request's `user` field: "" when not sent, None for a NULL in the table

    @property
    def provider(self) -> str:
        return PROVIDER[self.model]

    @property
    def customer(self) -> str:
        """Who llmcost must bill: the end user, else the key's owner."""
        return self.end_user or self.user

    @property
    def month(self) -> str:
        return self.start.strftime("%Y-%m")


def plan_calls(count: int = 66, seed: int = 20260301) -> list[Call]:
    """Three months of traffic: five customers sent as `user` in the request, two key owners without one
    (empty end_user, NULL end_user), every eleventh call failing upstream."""
    rng = random.Random(seed)
    calls = []
    for n in range(count):
        start = datetime(
            2026,
            3 + n % 3,
            1 + rng.randrange(28),
            rng.randrange(24),
            rng.randrange(60),
            rng.randrange(60),
            rng.randrange(1000) * 1000,
            tzinfo=UTC,
        )
        model = rng.choice(sorted(PRICES))
        usage = None if n % 11 == 5 else make_usage(rng, model)
        user, end_user = {3: ("u-dana", ""), 6: ("u-erin", None)}.get(n % 7, ("svc-backend", rng.choice(END_USERS)))
        calls.append(Call(n, start, 300 + rng.randrange(20_000), model, usage, user, end_user))
    return calls


def make_usage(rng: random.Random, model: str) -> dict[str, Any]:
    """A usage object as the provider's API returns it."""
    if PROVIDER[model] == "openai":
        prompt, completion = rng.randint(200, 40_000), rng.randint(20, 2_000)
        cached = 128 * rng.randint(8, prompt // 128) if prompt >= 1024 and rng.random() < 0.7 else 0
        reasoning = rng.randint(0, completion) if "o4" in model else 0
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": reasoning,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }
    read = rng.randint(1_000, 60_000) if rng.random() < 0.6 else 0
    written = rng.randint(500, 20_000) if rng.random() < 0.5 else 0
    one_hour = rng.randint(0, written) if rng.random() < 0.5 else 0
    return {
        "input_tokens": rng.randint(5, 4_000),
        "output_tokens": rng.randint(20, 2_000),
        "cache_read_input_tokens": read,
        "cache_creation_input_tokens": written,
        "cache_creation": {"ephemeral_5m_input_tokens": written - one_hour, "ephemeral_1h_input_tokens": one_hour},
        "service_tier": "standard",
    }


def expected_cost(call: Call) -> D:
    """The call's cost at PRICES, by hand from the provider's usage (OpenAI: cached tokens are part of the
    prompt; Anthropic: input_tokens excludes cache reads and writes)."""
    if call.usage is None:
        return D(0)
    p, u = PRICES[call.model], call.usage
    if call.provider == "openai":
        cached = u["prompt_tokens_details"]["cached_tokens"]
        return (
            (u["prompt_tokens"] - cached) * p["input"]
            + cached * p["cached_input"]
            + u["completion_tokens"] * p["output"]
        ) / M
    one_hour = u["cache_creation"]["ephemeral_1h_input_tokens"]
    return (
        u["input_tokens"] * p["input"]
        + u["cache_read_input_tokens"] * p["cached_input"]
        + (u["cache_creation_input_tokens"] - one_hour) * p["cache_write"]
        + one_hour * p["cache_write_1h"]
        + u["output_tokens"] * p["output"]
    ) / M


def provider_reply(call: Call) -> Any:
    """The HTTP answer of OpenAI's or Anthropic's API for this call."""
    import httpx

    if call.usage is None:
        if call.provider == "openai":
            return httpx.Response(500, json={"error": {"message": "upstream error", "type": "server_error"}})
        return httpx.Response(
            529, json={"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        )
    if call.provider == "openai":
        return httpx.Response(
            200,
            json={
                "id": f"chatcmpl-{call.number:04d}",
                "object": "chat.completion",
                "created": int(call.start.timestamp()),
                "model": call.model,
                "system_fingerprint": "fp_test",
                "service_tier": "default",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
                "usage": call.usage,
            },
        )
    return httpx.Response(
        200,
        json={
            "id": f"msg_{call.number:04d}",
            "type": "message",
            "role": "assistant",
            "model": call.model,
            "content": [{"type": "text", "text": "ok"}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": call.usage,
        },
    )


def http_client(call: Call) -> Any:
    """The client LiteLLM is handed, whose transport answers as the provider would (no network)."""
    import httpx
    import openai
    from litellm.llms.custom_httpx.http_handler import HTTPHandler

    transport = httpx.MockTransport(lambda request: provider_reply(call))
    if call.provider == "openai":
        return openai.OpenAI(api_key="sk-test", max_retries=0, http_client=httpx.Client(transport=transport))
    return HTTPHandler(client=httpx.Client(transport=transport))


def run_call(litellm: Any, call: Call, logged: queue.Queue) -> tuple[dict, Any]:
    """Send the call through litellm.completion; return the logging kwargs LiteLLM hands its callbacks (the
    proxy's spend writer receives the same) and the response, or the exception for a failed call."""
    metadata = {
        "user_api_key_user_id": call.user,
        "user_api_key_end_user_id": call.end_user or None,
        "user_api_key_alias": "prod-key",
        "user_api_key_team_id": "team-1",
    }
    error = None
    try:
        litellm.completion(
            model=f"{call.provider}/{call.model}",
            messages=[{"role": "user", "content": "Hi"}],
            client=http_client(call),
            api_key="sk-test",
            num_retries=0,
            metadata=metadata,
        )
    except Exception as exc:  # the provider's 5xx, as LiteLLM raises it
        error = exc
    kind, kwargs, response = logged.get(timeout=60)
    assert kind == ("failure" if call.usage is None else "success"), (call, error)
    return kwargs, error if call.usage is None else response


def spend_log_row(build: Callable[..., dict], call: Call, kwargs: dict, response: Any) -> dict[str, Any]:
    """The SpendLogs row of one call, as DBSpendUpdateWriter.update_database makes it: get_logging_payload, then
    `spend` = the cost the proxy charged (LiteLLM's response_cost; 0 for a failure, whose metadata the proxy's
    failure hook marks with status 'failure')."""
    failed = call.usage is None
    if failed:
        kwargs["litellm_params"]["metadata"]["status"] = "failure"
    end = call.start + timedelta(milliseconds=call.latency_ms)
    kwargs["completion_start_time"] = call.start + timedelta(milliseconds=call.latency_ms // 3)
    row = dict(build(kwargs=kwargs, response_obj=response, start_time=call.start, end_time=end))
    row["spend"] = 0.0 if failed else kwargs["response_cost"]
    if call.end_user is None:
        row["end_user"] = None  # the column is nullable without default: rows other writers made hold NULL
    return row


def register_prices(litellm: Any) -> None:
    """PRICES in LiteLLM's units (USD per token), under the names it looks up for each provider."""
    keys = {
        "input": "input_cost_per_token",
        "cached_input": "cache_read_input_token_cost",
        "cache_write": "cache_creation_input_token_cost",
        "cache_write_1h": "cache_creation_input_token_cost_above_1hr",
        "output": "output_cost_per_token",
    }
    for model, prices in PRICES.items():
        entry = {keys[k]: float(v / M) for k, v in prices.items()}
        entry.update(litellm_provider=PROVIDER[model], mode="chat")
        litellm.register_model({model: entry}, persist_across_reloads=False)


@pytest.fixture(scope="module")
def litellm_rows() -> Iterator[list[tuple[Call, dict[str, Any]]]]:
    """Every planned call sent through LiteLLM, and the SpendLogs row its proxy code writes for it.

    get_logging_payload lives in litellm.proxy, which imports FastAPI, Redis, backoff and orjson (the `test`
    extra has them) and reads the proxy's settings from litellm.proxy.proxy_server; that module starts the whole
    proxy, so a stand-in with the default settings (empty general_settings) takes its place."""
    for module in ("litellm", "fastapi", "redis", "backoff", "orjson"):
        need(module)
    import litellm
    from litellm.integrations.custom_logger import CustomLogger

    logged: queue.Queue = queue.Queue()

    class Capture(CustomLogger):
        def log_success_event(self, kwargs, response_obj, start_time, end_time):
            logged.put(("success", kwargs, response_obj))

        def log_failure_event(self, kwargs, response_obj, start_time, end_time):
            logged.put(("failure", kwargs, response_obj))

    settings = types.ModuleType("litellm.proxy.proxy_server")
    settings.general_settings = {}  # type: ignore[attr-defined]
    settings.general_settings_view = lambda: {}  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as patch:
        if "litellm.proxy.proxy_server" not in sys.modules:
            patch.setitem(sys.modules, "litellm.proxy.proxy_server", settings)
        for name in (
            "callbacks",
            "success_callback",
            "failure_callback",
            "input_callback",
            "_async_success_callback",
            "_async_failure_callback",
        ):  # LiteLLM copies `callbacks` into these; restored afterwards
            patch.setattr(litellm, name, [])
        litellm.callbacks.append(Capture())
        patch.setattr(litellm, "suppress_debug_info", True)
        from litellm.proxy.spend_tracking.spend_tracking_utils import get_logging_payload

        register_prices(litellm)
        rows = []
        for call in plan_calls():
            kwargs, response = run_call(litellm, call, logged)
            rows.append((call, spend_log_row(get_logging_payload, call, kwargs, response)))
        yield rows


def test_litellm_spend_is_the_price_worked_out_by_hand(litellm_rows):
    """The reference itself: LiteLLM's `spend` for each call is the cost at PRICES by hand, failed calls are
    0 tokens at 0, and LiteLLM keeps the cache counts only inside metadata.usage_object."""
    for call, row in litellm_rows:
        assert_close(row["spend"], expected_cost(call), f"call {call.number}")
        assert row["status"] == ("failure" if call.usage is None else "success")
        usage = json.loads(row["metadata"])["usage_object"]
        if call.usage is None:
            assert row["prompt_tokens"] == row["completion_tokens"] == row["spend"] == 0
        elif call.provider == "anthropic":  # LiteLLM's prompt_tokens include cache reads and writes
            u = call.usage
            assert row["prompt_tokens"] == (
                u["input_tokens"] + u["cache_read_input_tokens"] + u["cache_creation_input_tokens"]
            )
            assert usage["prompt_tokens_details"]["cached_tokens"] == u["cache_read_input_tokens"]
            assert usage["cache_creation_input_tokens"] == u["cache_creation_input_tokens"]
            assert (
                usage["prompt_tokens_details"]["cache_creation_token_details"]["ephemeral_1h_input_tokens"]
                == u["cache_creation"]["ephemeral_1h_input_tokens"]
            )
        else:
            cached = call.usage["prompt_tokens_details"]["cached_tokens"]
            assert usage["prompt_tokens_details"]["cached_tokens"] == cached
    assert {c.month for c, _ in litellm_rows} == {"2026-03", "2026-04", "2026-05"}
    assert (
        sum(
            1
            for c, _ in litellm_rows
            if c.usage and any(c.usage.get(k) for k in ("cache_read_input_tokens", "cache_creation_input_tokens"))
        )
        >= 10
    )


# --- LiteLLM: PostgreSQL, and the same table exported -------------------------------------------------------------


def psql(uri: str, *args: str) -> str:
    return subprocess.run(
        ["psql", uri, "-q", "-v", "ON_ERROR_STOP=1", *args], check=True, capture_output=True, text=True
    ).stdout


def own_database(uri: str, name: str) -> str:
    """A database of this module's own in the test server, so that its "LiteLLM_SpendLogs" (named as LiteLLM
    names it) never meets another test's table of that name."""
    psql(uri, "-c", f"DROP DATABASE IF EXISTS {name}")
    psql(uri, "-c", f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(uri)._replace(path="/" + name))


def stored(value: Any) -> Any:
    """A payload value as the database holds it: timestamps in UTC to the millisecond (Prisma's DateTime in a
    TIMESTAMP(3) column), JSON as its text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def sql_literal(value: Any) -> str:
    value = stored(value)
    if value is None:
        return "NULL"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert_sql(rows: list[dict[str, Any]]) -> str:
    """INSERT statements for the rows, every column the proxy writes (created_at/updated_at take their default,
    the insert time, as Prisma leaves them)."""
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    return "\n".join(
        f'INSERT INTO "LiteLLM_SpendLogs" ({names}) VALUES ({", ".join(sql_literal(r[c]) for c in columns)});'
        for r in rows
    )


@pytest.fixture(scope="module")
def spendlogs(postgres, litellm_rows, tmp_path_factory) -> dict[str, str]:
    """The rows in LiteLLM's own table in PostgreSQL, and that table exported as CSV (JSONB as text, as `\\copy`
    writes it) and as a SQLite table (JSON in a TEXT column): {source kind: what to pass llmcost}."""
    folder = tmp_path_factory.mktemp("spendlogs")
    uri = own_database(postgres, "llmcost_real_schemas")
    script = folder / "load.sql"
    script.write_text(SCHEMA_SQL.read_text() + "\n" + insert_sql([row for _, row in litellm_rows]) + "\n")
    psql(uri, "-f", str(script))
    exported = folder / "spendlogs.csv"
    psql(uri, "-c", f"\\copy \"LiteLLM_SpendLogs\" TO '{exported}' WITH (FORMAT csv, HEADER)")
    database = folder / "spendlogs.db"
    write_sqlite(database, [row for _, row in litellm_rows])
    return {"postgres": uri, "csv": str(exported), "sqlite": f"sqlite:///{database}"}


def write_sqlite(path: Path, rows: list[dict[str, Any]]) -> None:
    """The rows in SQLite as a copy of the table would hold them: JSON and timestamps as text, NULLs kept."""
    columns = list(rows[0])
    con = sqlite3.connect(path)
    names = ", ".join(f'"{c}"' for c in columns)
    con.execute(f'CREATE TABLE "LiteLLM_SpendLogs" ({names})')
    values = [[stored(r[c]) for c in columns] for r in rows]
    con.executemany(f'INSERT INTO "LiteLLM_SpendLogs" VALUES ({", ".join("?" * len(columns))})', values)
    con.commit()
    con.close()


def litellm_args(source: str) -> list[str]:
    table = [] if source.endswith(".csv") else ["--table", '"LiteLLM_SpendLogs"']
    return [source, "--preset", "litellm", *table]


def spend_by(litellm_rows, key: Callable[[Call], str]) -> dict[str, D]:
    """LiteLLM's own spend, summed by customer or month (as Decimal of each float, so no rounding is added)."""
    out: dict[str, D] = defaultdict(D)
    for call, row in litellm_rows:
        out[key(call)] += D(row["spend"])
    return out


def check_against_spend(run, pricing, source: str, litellm_rows) -> list[dict]:
    """llmcost's cost per customer and per month from `source` equals LiteLLM's spend at the same prices."""
    prices = pricing(pricing_yaml())
    customers = run("customers", *litellm_args(source), "--pricing", prices, "-f", "json")
    assert customers.code == 0, customers.err
    got = by_key(customers.json(), "customer_id")
    expected = spend_by(litellm_rows, lambda c: c.customer)
    assert set(got) == set(expected) == {*END_USERS, "u-dana", "u-erin"}  # end_user, else user
    for customer, spend in expected.items():
        assert_close(got[customer], spend, f"customer {customer}")
    assert_close(sum(got.values()), sum(expected.values()), "total")
    counts = by_key(customers.json(), "customer_id", "inferences")
    assert counts == {k: sum(1 for c, _ in litellm_rows if c.customer == k) for k in expected}
    cpi = run("cpi", *litellm_args(source), "--pricing", prices, "-f", "json")
    assert cpi.code == 0, cpi.err
    months = by_key(cpi.json(), "period", "token_cost")
    by_month = spend_by(litellm_rows, lambda c: c.month)
    assert set(months) == set(by_month)  # startTime, not created_at (the insert time, today)
    for month, spend in by_month.items():
        assert_close(months[month], spend, f"month {month}")
    return customers.json()


def test_litellm_postgres_total_is_litellm_spend(run, pricing, spendlogs, litellm_rows):
    """LiteLLM_SpendLogs in PostgreSQL, created by LiteLLM's DDL and filled by its proxy code: the JSONB metadata
    reaches llmcost as Arrow JSON text, and its cached and cache-write tokens must be priced as such."""
    check_against_spend(run, pricing, spendlogs["postgres"], litellm_rows)


@pytest.mark.parametrize("kind", ["csv", "sqlite"])
def test_litellm_exports_give_the_same_as_postgres(run, pricing, spendlogs, litellm_rows, kind):
    """The same table as a CSV export and as SQLite (JSON as text): the same figures, to the last digit."""
    from_export = check_against_spend(run, pricing, spendlogs[kind], litellm_rows)
    from_postgres = run(
        "customers", *litellm_args(spendlogs["postgres"]), "--pricing", pricing(pricing_yaml()), "-f", "json"
    )
    assert from_export == from_postgres.json()


# --- OpenTelemetry GenAI spans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenAiCall:
    """One chat call as a GenAI instrumentation records it (semantic conventions: input_tokens include cache
    reads and writes)."""

    number: int
    start: datetime
    model: str
    input_tokens: int
    output_tokens: int
    cache_read: int
    cache_write: int
    user: str


def plan_genai_calls(count: int = 24, seed: int = 7) -> list[GenAiCall]:
    rng = random.Random(seed)
    calls = []
    for n in range(count):
        model = rng.choice(sorted(PRICES))
        read = rng.randint(0, 30_000) if rng.random() < 0.6 else 0
        write = rng.randint(0, 8_000) if PROVIDER[model] == "anthropic" and rng.random() < 0.5 else 0
        start = datetime(2026, 4 + n % 2, 1 + rng.randrange(28), rng.randrange(24), rng.randrange(60), tzinfo=UTC)
        calls.append(
            GenAiCall(
                n,
                start,
                model,
                read + write + rng.randint(10, 5_000),
                rng.randint(10, 3_000),
                read,
                write,
                rng.choice(END_USERS),
            )
        )
    return calls


def genai_cost(call: GenAiCall) -> D:
    p = PRICES[call.model]
    uncached = call.input_tokens - call.cache_read - call.cache_write
    return (
        uncached * p["input"]
        + call.cache_read * p["cached_input"]
        + call.cache_write * p.get("cache_write", p["input"])
        + call.output_tokens * p["output"]
    ) / M


def nanos(when: datetime) -> int:
    return int(when.timestamp()) * 1_000_000_000 + when.microsecond * 1000


def record_spans(calls: list[GenAiCall]) -> list[Any]:
    """The spans the OpenTelemetry SDK ends for each call: an agent span around a chat span (with the GenAI
    attributes) and a tool span; a failed chat span (error.type, no usage) after every sixth call."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind, Status, StatusCode

    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "support-bot"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("llmcost.tests", "1.0")
    for call in calls:
        t0 = nanos(call.start)
        with tracer.start_as_current_span("invoke_agent support", start_time=t0, end_on_exit=False) as agent:
            agent.set_attribute("gen_ai.operation.name", "invoke_agent")
            chat = tracer.start_span(
                f"chat {call.model}", kind=SpanKind.CLIENT, start_time=t0 + 1_000_000, attributes=genai_attributes(call)
            )
            chat.end(end_time=t0 + 900_000_000)
            tool = tracer.start_span(
                "execute_tool search",
                start_time=t0 + 910_000_000,
                attributes={"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search"},
            )
            tool.end(end_time=t0 + 950_000_000)
            if call.number % 6 == 5:
                failed = tracer.start_span(
                    f"chat {call.model}",
                    kind=SpanKind.CLIENT,
                    start_time=t0 + 960_000_000,
                    attributes={
                        "gen_ai.operation.name": "chat",
                        "gen_ai.request.model": call.model,
                        "error.type": "429",
                    },
                )
                failed.set_status(Status(StatusCode.ERROR, "rate limited"))
                failed.end(end_time=t0 + 990_000_000)
            agent.end(end_time=t0 + 1_000_000_000)
    provider.shutdown()
    return list(exporter.get_finished_spans())


def genai_attributes(call: GenAiCall) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": PROVIDER[call.model],
        "gen_ai.request.model": call.model,
        "gen_ai.response.model": call.model,
        "gen_ai.response.id": f"resp-{call.number:04d}",
        "gen_ai.usage.input_tokens": call.input_tokens,
        "gen_ai.usage.output_tokens": call.output_tokens,
        "user.id": call.user,
    }
    if call.cache_read:
        attributes["gen_ai.usage.cache_read.input_tokens"] = call.cache_read
    if call.cache_write:
        attributes["gen_ai.usage.cache_creation.input_tokens"] = call.cache_write
    return attributes


def write_otlp_json(spans: list[Any], path: Path, batch: int = 10) -> None:
    """OTLP JSON as the Collector's file exporter writes it: one ExportTraceServiceRequest a line, each encoded
    by the SDK's OTLP protobuf encoder and rendered by protobuf's JSON mapping (which writes trace and span ids
    in base64 where OTLP/JSON has hex; llmcost reads neither)."""
    from google.protobuf.json_format import MessageToJson
    from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans

    lines = [MessageToJson(encode_spans(spans[i : i + batch]), indent=None) for i in range(0, len(spans), batch)]
    path.write_text("\n".join(lines) + "\n")


def write_console_json(spans: list[Any], path: Path) -> None:
    """The flat JSON of ConsoleSpanExporter, one span a line (its formatter with indent=None)."""
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    out = io.StringIO()
    ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n").export(spans)
    path.write_text(out.getvalue())


@pytest.fixture(scope="module")
def genai_spans() -> tuple[list[GenAiCall], list[Any]]:
    for module in ("opentelemetry.sdk", "opentelemetry.exporter.otlp.proto.common", "google.protobuf"):
        need(module)
    calls = plan_genai_calls()
    return calls, record_spans(calls)


@pytest.mark.parametrize("writer", [write_otlp_json, write_console_json], ids=["otlp-json", "console"])
def test_otel_genai_spans_cost_worked_out_by_hand(run, pricing, tmp_path, genai_spans, writer):
    """Spans from the OpenTelemetry SDK as its exporters write them: only chat spans with usage are calls, and
    their cache reads and writes (inside input_tokens, per the semantic conventions) are priced as such."""
    calls, spans = genai_spans
    path = tmp_path / "traces.jsonl"
    writer(spans, path)
    result = run("customers", path, "--preset", "otel", "--pricing", pricing(pricing_yaml()), "-f", "json")
    assert result.code == 0, result.err
    got = by_key(result.json(), "customer_id")
    expected: dict[str, D] = defaultdict(D)
    for call in calls:
        expected[call.user] += genai_cost(call)
    assert set(got) == set(expected)
    for customer, cost in expected.items():
        assert_close(got[customer], cost, f"customer {customer}")
    assert sum(r["inferences"] for r in result.json()) == len(calls)
    assert f"rejected 0 · duplicates 0 · skipped {len(spans) - len(calls)} (not model calls)" in result.err


# --- Langfuse observations ----------------------------------------------------------------------------------------

# Langfuse prices each usage type it stores with the model's price for that type (worker IngestionService.
# calculateUsageCosts: Decimal price × units, as a number; total = the sum). Usage types as Langfuse's OTel
# ingestion normalises them (OtelIngestionProcessor): `input` without cache, `output` without reasoning.
LANGFUSE_PRICE_KEYS = {
    "input": "input",
    "input_cached_tokens": "cached_input",
    "input_cache_creation": "cache_write",
    "input_cache_creation_5m": "cache_write",
    "input_cache_creation_1h": "cache_write_1h",
    "output": "output",
    "output_reasoning_tokens": "output",
}


def langfuse_usage(call: Call) -> dict[str, int]:
    """usageDetails of a generation, from the provider's usage."""
    u = call.usage or {}
    if not u:
        return {}
    if call.provider == "openai":
        cached = u["prompt_tokens_details"]["cached_tokens"]
        reasoning = u["completion_tokens_details"]["reasoning_tokens"]
        details = {
            "input": u["prompt_tokens"] - cached,
            "input_cached_tokens": cached,
            "output": u["completion_tokens"] - reasoning,
            "output_reasoning_tokens": reasoning,
        }
    else:
        one_hour = u["cache_creation"]["ephemeral_1h_input_tokens"]
        details = {
            "input": u["input_tokens"],
            "input_cached_tokens": u["cache_read_input_tokens"],
            "input_cache_creation": 0,
            "input_cache_creation_5m": u["cache_creation_input_tokens"] - one_hour,
            "input_cache_creation_1h": one_hour,
            "output": u["output_tokens"],
        }
    return {**details, "total": sum(details.values())}


def langfuse_costs(model: str, usage: dict[str, int]) -> dict[str, float]:
    """costDetails as Langfuse computes them: each priced usage type, and their float sum as `total`."""
    prices = PRICES[model]
    entries = [
        (key, float(prices.get(LANGFUSE_PRICE_KEYS[key], prices["input"]) / M * units))
        for key, units in usage.items()
        if key in LANGFUSE_PRICE_KEYS
    ]
    total = 0.0
    for _, cost in entries:
        total += cost
    return {**dict(entries), "total": total} if entries else {}


def iso(when: datetime) -> str:
    """A timestamp as Langfuse's API writes it (JavaScript's toISOString: milliseconds, Z)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def reduce_details(details: dict[str, Any]) -> tuple[Any, Any, float]:
    """reduceUsageOrCostDetails: the sum of the types containing "input" (None if there are none), the same for
    "output", and `total` (0 when absent)."""

    def part(word: str) -> Any:
        values = [v for k, v in details.items() if word in k]
        return sum(values) if values else None

    return part("input"), part("output"), details.get("total", 0)


def observation_v1(call: Call) -> dict[str, Any]:
    """One element of `data` in GET /api/public/observations (Langfuse 4.16, APIObservation and
    transformDbToApiObservation in web/src/features/public-api/types/observations.ts): every field of the strict
    schema, userId excluded, the legacy usage fields reduced from usageDetails, costs from costDetails."""
    usage = langfuse_usage(call)
    costs = langfuse_costs(call.model, usage)
    ins, outs, total = reduce_details(usage)
    cost_in, cost_out, cost_total = reduce_details(costs)
    end = call.start + timedelta(milliseconds=call.latency_ms)
    return {
        "id": f"obs-{call.number:04d}",
        "projectId": "proj-1",
        "traceId": f"trace-{call.number:04d}",
        "parentObservationId": None,
        "name": "chat",
        "type": "GENERATION",
        "environment": "default",
        "startTime": iso(call.start),
        "endTime": iso(end),
        "version": None,
        "createdAt": iso(end),
        "updatedAt": iso(end),
        "input": None,
        "output": None,
        "metadata": {},
        "level": "ERROR" if call.usage is None else "DEFAULT",
        "statusMessage": "Overloaded" if call.usage is None else None,
        "model": call.model,
        "modelParameters": {},
        "completionStartTime": None,
        "promptId": None,
        "promptName": None,
        "promptVersion": None,
        "usageDetails": usage,
        "costDetails": costs,
        "usage": {"unit": "TOKENS", "input": ins or 0, "output": outs or 0, "total": total},
        "unit": "TOKENS",
        "promptTokens": ins or 0,
        "completionTokens": outs or 0,
        "totalTokens": total,
        "usagePricingTierName": "Standard",
        "usagePricingTierId": "tier-standard",
        "modelId": f"model-{call.model}",
        "inputPrice": float(PRICES[call.model]["input"] / M),
        "outputPrice": float(PRICES[call.model]["output"] / M),
        "totalPrice": None,
        "calculatedInputCost": cost_in,
        "calculatedOutputCost": cost_out,
        "calculatedTotalCost": cost_total,
        "latency": call.latency_ms / 1000,
        "timeToFirstToken": None,
    }


def observation_v2(call: Call) -> dict[str, Any]:
    """One element of `data` in GET /api/public/v2/observations?fields=core,basic,time,model,usage,metrics
    (Langfuse 4.16, convertEventsObservation partial, then the route's enrichment): `model` and `userId` are
    there, the legacy usage fields are not; inputUsage/totalCost are reduced from the details; prices are strings."""
    usage = langfuse_usage(call)
    costs = langfuse_costs(call.model, usage)
    ins, outs, total = reduce_details(usage)
    cost_in, cost_out, cost_total = reduce_details(costs)
    end = call.start + timedelta(milliseconds=call.latency_ms)
    return {
        "id": f"obs-{call.number:04d}",
        "traceId": f"trace-{call.number:04d}",
        "startTime": iso(call.start),
        "endTime": iso(end),
        "projectId": "proj-1",
        "parentObservationId": None,
        "type": "GENERATION",
        "name": "chat",
        "level": "ERROR" if call.usage is None else "DEFAULT",
        "statusMessage": None,
        "version": None,
        "environment": "default",
        "bookmarked": False,
        "public": False,
        "userId": call.customer,
        "sessionId": None,
        "isRootObservation": False,
        "completionStartTime": None,
        "createdAt": iso(end),
        "updatedAt": iso(end),
        "model": call.model,
        "internalModelId": f"model-{call.model}",
        "modelParameters": {},
        "usageDetails": usage,
        "inputUsage": ins or 0,
        "outputUsage": outs or 0,
        "totalUsage": total,
        "costDetails": costs,
        "inputCost": cost_in,
        "outputCost": cost_out,
        "totalCost": cost_total,
        "usagePricingTierId": "tier-standard",
        "usagePricingTierName": "Standard",
        "latency": call.latency_ms / 1000,
        "timeToFirstToken": None,
        "modelId": f"model-{call.model}",
        "inputPrice": str(PRICES[call.model]["input"] / M),
        "outputPrice": str(PRICES[call.model]["output"] / M),
        "totalPrice": None,
    }


def span_observation(call: Call, version: Callable[[Call], dict[str, Any]]) -> dict[str, Any]:
    """The SPAN around a generation, as the same API returns it: no model, empty usage and cost details."""
    span = version(replace(call, usage=None))
    span.update(
        id=f"span-{call.number:04d}",
        type="SPAN",
        name="handle-request",
        level="DEFAULT",
        statusMessage=None,
        model=None,
        modelId=None,
        inputPrice=None,
        outputPrice=None,
    )
    if "internalModelId" in span:
        span["internalModelId"] = None
    return span


LANGFUSE_VERSIONS = pytest.mark.parametrize("version", [observation_v1, observation_v2], ids=["v1-api", "v2-api"])


def write_export(path: Path, observations: list[dict[str, Any]]) -> Path:
    """The `data` of the API's pages, concatenated into one JSON array."""
    path.write_text(json.dumps(observations))
    return path


@LANGFUSE_VERSIONS
def test_langfuse_observations_total_is_langfuse_cost(run, pricing, tmp_path, version):
    """Generations in the shape of Langfuse's public API with Langfuse's own costDetails at the same prices:
    llmcost's cost per month is Langfuse's, 1-hour cache writes (input_cache_creation_1h) at the 1-hour price."""
    calls = plan_calls(36, seed=11)
    export = [version(c) for c in calls]
    path = write_export(tmp_path / "observations.json", export)
    result = run("cpi", path, "--preset", "langfuse", "--pricing", pricing(pricing_yaml()), "-f", "json")
    assert result.code == 0, result.err
    reference: dict[str, D] = defaultdict(D)
    for observation, call in zip(export, calls, strict=True):
        reference[call.month] += D(observation["costDetails"].get("total", 0.0))
    months = by_key(result.json(), "period", "token_cost")
    assert set(months) == set(reference)
    for month, cost in reference.items():
        assert_close(months[month], cost, f"month {month}")
    assert sum(r["inferences"] for r in result.json()) == len(calls)


@LANGFUSE_VERSIONS
def test_langfuse_spans_are_skipped_not_rejected(run, pricing, tmp_path, version):
    """The API returns every observation type unless asked for one: a SPAN (no model, no usage) is not a model
    call, so it is skipped, as tool spans are in an OpenTelemetry trace, not rejected."""
    calls = plan_calls(8, seed=13)
    export = [version(c) for c in calls] + [span_observation(c, version) for c in calls[:5]]
    path = write_export(tmp_path / "observations.json", export)
    result = run("cpi", path, "--preset", "langfuse", "--pricing", pricing(pricing_yaml()), "-f", "json")
    assert result.code == 0, result.err
    assert sum(r["inferences"] for r in result.json()) == len(calls)
    assert "rejected 0" in result.err and "skipped 5 (not model calls)" in result.err, result.err


def observation_before_3_2(call: Call) -> dict[str, Any]:
    """An observation from Langfuse up to 3.1 (before usageDetails and costDetails, 2024-12): `usage` with input
    and output only, the legacy token fields, and calculatedTotalCost = input × inputPrice + output × outputPrice."""
    u = call.usage or {}
    ins = u.get("prompt_tokens", u.get("input_tokens", 0))
    outs = u.get("completion_tokens", u.get("output_tokens", 0))
    p = PRICES[call.model]
    cost = float(ins * p["input"] / M + outs * p["output"] / M) if u else None
    return {
        "id": f"obs-{call.number:04d}",
        "projectId": "proj-1",
        "traceId": f"trace-{call.number:04d}",
        "parentObservationId": None,
        "name": "chat",
        "type": "GENERATION",
        "startTime": iso(call.start),
        "endTime": iso(call.start + timedelta(milliseconds=call.latency_ms)),
        "model": call.model,
        "level": "ERROR" if call.usage is None else "DEFAULT",
        "statusMessage": None,
        "usage": {"unit": "TOKENS", "input": ins, "output": outs, "total": ins + outs},
        "unit": "TOKENS",
        "promptTokens": ins,
        "completionTokens": outs,
        "totalTokens": ins + outs,
        "calculatedInputCost": None,
        "calculatedOutputCost": None,
        "calculatedTotalCost": cost,
    }


def test_langfuse_before_usage_details(run, pricing, tmp_path):
    """Langfuse ≤ 3.1 exports carry no cache counts: with prices that have no cache discount, llmcost's
    total is the calculatedTotalCost Langfuse stored."""
    calls = [c for c in plan_calls(30, seed=12) if c.provider == "openai"]
    flat = "models:\n" + "".join(f"  {m}: {{input: {p['input']}, output: {p['output']}}}\n" for m, p in PRICES.items())
    path = tmp_path / "observations.json"
    export = [observation_before_3_2(c) for c in calls]
    path.write_text(json.dumps(export))
    result = run("cpi", path, "--preset", "langfuse", "--pricing", pricing(flat), "-f", "json")
    assert result.code == 0, result.err
    total = sum(r["token_cost"] for r in result.json())
    assert_close(total, sum(D(o["calculatedTotalCost"] or 0) for o in export), "total")


def test_csv_export_round_trip_keeps_every_row(spendlogs, litellm_rows):
    """The CSV export holds every row with its JSON intact (so a difference above is llmcost's, not the export's)."""
    with open(spendlogs["csv"], newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(litellm_rows)
    assert all(json.loads(r["metadata"]) for r in rows)
