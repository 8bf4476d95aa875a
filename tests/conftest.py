"""Helpers: run the CLI in-process, write small logs and price files."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from llmcost.cli import main

# The cube cache of every run in the suite goes to a folder of its own, never the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="llmcost-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    def csv(self) -> pl.DataFrame:
        return pl.read_csv(io.StringIO(self.out), infer_schema_length=None)


@pytest.fixture
def run(capsys, monkeypatch, tmp_path) -> Callable[..., Result]:
    """Run `llmcost ARGS` in tmp_path (no llmcost.yaml there unless a test writes one)."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str, stdin: bytes | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


PRICING = """\
currency: USD
unit: per_1m_tokens
models:
  gpt-4o:
    match: ["gpt-4o-2024-*", "openai/*"]
    input: 2.50
    cached_input: 1.25
    output: 10.00
    batch_discount: 0.5
  gpt-4o-mini:
    match: ["gpt-4o-mini*"]
    input: 0.15
    output: 0.60
  claude-sonnet-4:
    prices:
      - {from: 2025-01-01, input: 3.00, output: 15.00, cached_input: 0.30, cache_write: 3.75, cache_write_1h: 6.00}
      - {from: 2026-06-01, input: 2.00, output: 10.00, cached_input: 0.20, cache_write: 2.50}
    tiers:
      - {above_input_tokens: 200000, input: 6.00, output: 22.50}
"""


@pytest.fixture
def frozen_clock(monkeypatch) -> None:
    """One 'now' for the whole test: the future-timestamp reason names the minute of the
    cutoff, so two runs compared cell for cell (Polars and an engine) must read one clock —
    a minute turning between them once split a reason in two."""
    import datetime as dt

    from llmcost import rules

    moment = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(rules, "clock", lambda: moment)


@pytest.fixture
def pricing(tmp_path) -> Callable[[str], Path]:
    """Write a pricing file (default: PRICING) and return its path."""

    def _write(text: str = PRICING, name: str = "pricing.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write


def write_log(path: Path, rows: list[dict], fmt: str | None = None) -> Path:
    """Write rows in the format the suffix names (csv, tsv, jsonl, json, parquet)."""
    frame = pl.DataFrame(rows)
    fmt = fmt or path.suffix.lstrip(".")
    if fmt == "csv":
        frame.write_csv(path)
    elif fmt == "tsv":
        frame.write_csv(path, separator="\t")
    elif fmt == "jsonl":
        frame.write_ndjson(path)
    elif fmt == "json":
        path.write_text(json.dumps(frame.to_dicts()))
    elif fmt == "parquet":
        frame.write_parquet(path)
    return path


def row(
    ts: str = "2026-05-10T12:00:00Z", model: str = "gpt-4o", input_tokens: int = 1000, output_tokens: int = 100, **extra
) -> dict:
    return {"timestamp": ts, "model": model, "input_tokens": input_tokens, "output_tokens": output_tokens, **extra}


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server: from LLMCOST_TEST_POSTGRES, else started here; skipped only outside CI.

    Each test session starts its own server, in its own folder on a free port: two sessions on one
    machine (a CI run beside a developer's) must not stop each other's server when they end."""
    if os.environ.get("LLMCOST_TEST_POSTGRES"):
        yield os.environ["LLMCOST_TEST_POSTGRES"]
        return
    script = ROOT / "scripts" / "pg_test_server.sh"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # in /tmp, not pytest's tmp_path: run as root the server runs as postgres, who cannot enter pytest's 0700 folders
    folder = tempfile.mkdtemp(prefix="llmcost-pg-")
    env = {**os.environ, "LLMCOST_PG_DIR": folder, "LLMCOST_PG_PORT": str(port)}
    proc = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, timeout=120, env=env)
    if proc.returncode != 0:
        reason = f"no PostgreSQL server could be started: {proc.stderr.strip() or proc.stdout.strip()}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield proc.stdout.strip()
    subprocess.run(["bash", str(script), "stop"], capture_output=True, timeout=60, env=env)
    shutil.rmtree(folder, ignore_errors=True)


def one_error(result, *needles: str) -> str:
    """Exit 2, exactly one `error:` line holding every needle, no traceback."""
    assert result.code == 2, (result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def claude_code_cost(rates: dict[str, tuple]) -> Decimal:
    """The Claude Code slice priced by hand with Decimal: the last line of each requestId,
    input EXCLUDING cache reads and writes, 5-minute and 1-hour writes apart.
    `rates`: model → (input, cache read, 5-min write, 1-h write, output) per million."""
    final = {}
    for line in (json.loads(x) for x in (DATA / "claude_code_slice.jsonl").read_text().splitlines()):
        final[line["requestId"]] = line
    total = Decimal(0)
    for line in final.values():
        usage = line["message"]["usage"]
        r_in, r_read, r_write, r_1h, r_out = (Decimal(str(x)) for x in rates[line["message"]["model"]])
        one_hour = usage.get("cache_creation", {}).get("ephemeral_1h_input_tokens", 0)
        total += (
            usage["input_tokens"] * r_in
            + usage["cache_read_input_tokens"] * r_read
            + (usage["cache_creation_input_tokens"] - one_hour) * r_write
            + one_hour * r_1h
            + usage["output_tokens"] * r_out
        ) / Decimal(1_000_000)
    return total


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """PRICING as a file, for the tests that compare engines (one per module)."""
    path = tmp_path_factory.mktemp("engines") / "pricing.yaml"
    path.write_text(PRICING)
    return path
