"""A new user's own logs, with no flags: formats recognised, every missing column named at once
with its likely candidates, and timestamps that are not ISO 8601 given a setting."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.conftest import DATA, claude_code_cost, one_error

M = D(1_000_000)
PRICES = """\
models:
  claude-opus-4-6: {input: 5.00, cached_input: 0.50, cache_write: 6.25, cache_write_1h: 10.00, output: 25.00}
  claude-haiku-4-5: {match: ["claude-haiku-4-5-*"], input: 1.00, cached_input: 0.10, cache_write: 1.25,
                     cache_write_1h: 2.00, output: 5.00}
  claude-sonnet-4-5: {match: ["claude-sonnet-4-5-*"], input: 3.00, cached_input: 0.30, cache_write: 3.75,
                      cache_write_1h: 6.00, output: 15.00}
  gpt-4o: {match: ["gpt-4o-*"], input: 2.50, cached_input: 1.25, output: 10.00}
  m: {input: 1, output: 2}
"""


@pytest.mark.parametrize(
    ("log", "preset"),
    [
        ("claude_code_slice.jsonl", "claude-code"),
        ("openai_responses.jsonl", "openai"),
        ("anthropic_messages.jsonl", "anthropic"),
        ("codex_session.jsonl", "codex"),
    ],
)
def test_a_recognised_format_needs_no_flag(run, pricing, log, preset):
    """Priced exactly as with --preset, and the run says which format it read."""
    path = pricing(PRICES)
    flagged = run("cpi", DATA / log, "--preset", preset, "--pricing", path, "--catalog", "-f", "json")
    plain = run("cpi", DATA / log, "--pricing", path, "--catalog", "-f", "json")
    assert plain.code == 0, plain.err
    assert plain.json() == flagged.json()
    assert f"read as {'an' if preset[0] in 'aeio' else 'a'} {preset} log" in plain.err


def test_validate_names_the_preset_each_file_was_read_as(run, pricing, tmp_path):
    """A recognised log is not told to "try --preset" the preset it was just read with."""
    path = pricing(PRICES)
    log = str(DATA / "claude_code_slice.jsonl")

    def preset(*flags: str) -> str:
        result = run("validate", log, *flags, "--pricing", path, "-f", "json")
        return result.json()["sources"][0]["preset"]

    assert preset() == "claude-code (recognised)"
    assert preset("--preset", "claude-code") == "claude-code"
    (tmp_path / "llmcost.yaml").write_text("columns: {timestamp: startTime}\n")  # mapped: nothing guessed
    mapped = run("validate", DATA / "litellm_spendlogs.csv", "--pricing", path, "-f", "json")
    assert mapped.json()["sources"][0]["preset"] == "looks like a litellm log: try --preset litellm"


def test_claude_code_log_priced_by_hand_with_no_flag(run, pricing):
    expected = claude_code_cost(
        {
            "claude-opus-4-6": (5, "0.5", "6.25", 10, 25),
            "claude-haiku-4-5-20251001": (1, "0.1", "1.25", 2, 5),
            "claude-sonnet-4-5-20250929": (3, "0.3", "3.75", 6, 15),
        }
    )
    result = run("cpi", DATA / "claude_code_slice.jsonl", "--pricing", pricing(PRICES), "-f", "json")
    assert sum(r["token_cost"] for r in result.json()) == pytest.approx(float(expected), rel=1e-12)


def test_a_columns_mapping_turns_detection_off(run, pricing, tmp_path):
    """Whoever maps columns reads the file their way: no format is guessed over it."""
    (tmp_path / "llmcost.yaml").write_text("columns: {timestamp: startTime}\n")
    result = run("cpi", DATA / "litellm_spendlogs.csv", "--pricing", pricing(PRICES), "-f", "json")
    assert "read as a" not in result.err


def test_every_missing_column_is_named_once_with_candidates(run, pricing, tmp_path):
    (tmp_path / "log.csv").write_text(
        "when,llm,tok_in,tok_out,note\n"
        "2026-05-01T10:00:00Z,gpt-4o-2024-08-06,100,20,x\n"
        "2026-05-02T10:00:00Z,claude-haiku-4-5,300,40,y\n"
    )
    result = run("cpi", "log.csv", "--pricing", pricing(PRICES))
    assert result.code == 2
    (line,) = result.err.splitlines()
    for needle in (
        "missing columns timestamp (candidates: 'when')",
        "model (candidates: 'llm')",
        "input_tokens (candidates: 'tok_in'",
        "output_tokens (candidates: 'tok_out'",
        "columns: {timestamp: when, model: llm, input_tokens: tok_in, output_tokens: tok_out}",
    ):
        assert needle in line, line


@pytest.mark.parametrize(
    ("stamps", "fmt"),
    [
        (["09/01/2026 10:22", "09/15/2026 11:00"], "%m/%d/%Y %H:%M"),
        (["01/09/2026 10:22", "15/09/2026 11:00"], "%d/%m/%Y %H:%M"),
        (["01.09.2026 10:22:05", "15.09.2026 11:00:00"], "%d.%m.%Y %H:%M:%S"),
    ],
)
def test_timestamps_that_are_not_iso_get_a_hint_then_a_setting(run, pricing, tmp_path, stamps, fmt):
    rows = "".join(f"{s},m,1000000,0\n" for s in stamps)
    (tmp_path / "log.csv").write_text("timestamp,model,input_tokens,output_tokens\n" + rows)
    hinted = run("validate", "log.csv", "--pricing", pricing(PRICES), "-f", "json")
    assert f"set timestamp_format: '{fmt}' in llmcost.yaml" in hinted.out
    (tmp_path / "llmcost.yaml").write_text(f"timestamp_format: '{fmt}'\n")
    result = run("cpi", "log.csv", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0, result.err
    assert [r["period"] for r in result.json()] == ["2026-09"] and result.json()[0]["token_cost"] == 2.0


def test_a_responses_api_log_is_recognised_as_openai(run, pricing, tmp_path):
    """A Responses-only log (no `prompt_tokens` anywhere) is still OpenAI's: priced with no flag,
    cached input at its own price, not mistaken for Anthropic's `usage.input_tokens`."""
    import json

    calls = [
        {
            "id": f"resp_{i}",
            "object": "response",
            "created_at": 1777629600 + i,
            "model": "gpt-4o-2024-08-06",
            "usage": {
                "input_tokens": 1000,
                "input_tokens_details": {"cached_tokens": 400},
                "output_tokens": 200,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": 1200,
            },
        }
        for i in range(3)
    ]
    (tmp_path / "responses.jsonl").write_text("".join(json.dumps(c) + "\n" for c in calls))
    result = run("cpi", "responses.jsonl", "--pricing", pricing(PRICES), "-f", "json")
    assert result.code == 0, result.err
    assert "read as an openai log" in result.err
    one = (600 * D("2.50") + 400 * D("1.25") + 200 * D(10)) / M
    assert result.json()[0]["token_cost"] == pytest.approx(float(3 * one), rel=1e-12)


def test_the_missing_column_error_offers_init_and_one_model(run, pricing, tmp_path):
    """A log without a model column may be one model's (the Azure trace): the error says --model
    NAME too, and names the init command that writes the mapping."""
    (tmp_path / "log.csv").write_text("when,tok_in,tok_out\n2026-05-01T10:00:00Z,100,20\n")
    line = one_error(run("cpi", "log.csv", "--pricing", pricing(PRICES)), "missing column")
    assert "(or, if every call used one model, --model NAME)" in line
    assert "'llmcost init log.csv' writes the mapping" in line
