"""`llmcost init`: a newcomer's own logs → llmcost.yaml and pricing.yaml → `llmcost report` with no arguments.

Expected figures are list prices worked by hand (USD per million tokens), not the program's output.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal as D
from pathlib import Path

import polars as pl
import pytest
import yaml

from llmcost.pricing import bundled_list, load_pricing
from tests.conftest import DATA, claude_code_cost, one_error

M = D(1_000_000)
# gpt-4o: $2.50 in / $10.00 out; gpt-4o-mini: $0.15 / $0.60 (OpenAI's list prices).
CALLS = [
    ("gpt-4o-2024-08-06", 1000, 200, "acme"),
    ("gpt-4o-mini", 3000, 100, "globex"),
    ("gpt-4o-2024-08-06", 2000, 500, "acme"),
    ("gpt-4o", 500, 50, "globex"),
]
MAY = (1000 * D("2.50") + 200 * 10 + 3000 * D("0.15") + 100 * D("0.60") + 2000 * D("2.50") + 500 * 10) / M
JUNE = (500 * D("2.50") + 50 * 10) / M
US_DATES = ["05/01/2026 10:00", "05/02/2026 11:30", "05/13/2026 09:15", "06/01/2026 08:00"]
ISO_DATES = ["2026-05-01T10:00:00Z", "2026-05-02T11:30:00Z", "2026-05-13T09:15:00Z", "2026-06-01T08:00:00Z"]


def custom_csv(path: Path, dates: list[str], calls=CALLS) -> Path:
    """A log of no known format: llmcost knows only the `user` column by name."""
    lines = ["created,llm,prompt_toks,completion_toks,user"]
    lines += [f"{d},{m},{i},{o},{u}" for d, (m, i, o, u) in zip(dates, calls, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    return path


def llmcost(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "llmcost", *args], cwd=folder, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("dates", [US_DATES, ISO_DATES], ids=["us-dates", "iso-dates"])
def test_newcomer_init_then_report_with_no_arguments(tmp_path, dates):
    """The scripted newcomer: a custom CSV, `llmcost init calls.csv`, then `llmcost report` in that folder."""
    custom_csv(tmp_path / "calls.csv", dates)
    init = llmcost(tmp_path, "init", "calls.csv")
    assert init.returncode == 0, init.stderr
    assert "found 4 rows in 1 file" in init.stdout
    assert "dates: 2026-05-01 10:00 to 2026-06-01 08:00 UTC" in init.stdout
    assert "timestamp ← created" in init.stdout and "output_tokens ← completion_toks" in init.stdout
    assert init.stdout.rstrip().endswith("next: llmcost report")
    assert "warning" not in init.stderr

    report = llmcost(tmp_path, "report")
    assert report.returncode == 0, report.stderr
    assert "priced 4 · unpriced 0 · rejected 0" in report.stderr

    cpi = pl.read_json(llmcost(tmp_path, "cpi", "-f", "json").stdout.encode())
    assert cpi["period"].to_list() == ["2026-05", "2026-06"]  # month-first dates read as such
    assert cpi["token_cost"].to_list() == pytest.approx([float(MAY), float(JUNE)], rel=1e-12)


def test_us_dates_get_a_timestamp_format_and_iso_dates_none(tmp_path):
    custom_csv(tmp_path / "us.csv", US_DATES)
    custom_csv(tmp_path / "iso.csv", ISO_DATES)
    (tmp_path / "us").mkdir()
    (tmp_path / "iso").mkdir()
    assert llmcost(tmp_path / "us", "init", "../us.csv").returncode == 0
    assert llmcost(tmp_path / "iso", "init", "../iso.csv").returncode == 0
    us = yaml.safe_load((tmp_path / "us" / "llmcost.yaml").read_text())
    iso = yaml.safe_load((tmp_path / "iso" / "llmcost.yaml").read_text())
    assert us["timestamp_format"] == "%m/%d/%Y %H:%M"
    assert "timestamp_format" not in iso
    assert us["logs"] == "../us.csv"  # as given, relative to the folder
    assert us["columns"] == {
        "timestamp": "created",
        "model": "llm",
        "input_tokens": "prompt_toks",
        "output_tokens": "completion_toks",
    }  # `user` is known by name: not written


def test_a_preset_log_gets_its_preset_and_list_prices(run, tmp_path):
    """The Claude Code slice: the format is recognised, and the copied list prices price it as by hand."""
    shutil.copy(DATA / "claude_code_slice.jsonl", tmp_path / "session.jsonl")
    init = run("init", "session.jsonl")
    assert init.code == 0, init.err
    settings = yaml.safe_load((tmp_path / "llmcost.yaml").read_text())
    assert settings["preset"] == "claude-code" and "columns" not in settings
    assert "format: claude-code" in init.out
    models = yaml.safe_load((tmp_path / "pricing.yaml").read_text())["models"]
    assert set(models) == {"claude-opus-4-6", "claude-haiku-4-5"}
    assert all(m["source"] and m["checked"] for m in models.values())
    # Anthropic's list prices: input, cache read, 5-minute write, 1-hour write, output.
    expected = claude_code_cost(
        {"claude-opus-4-6": (5, "0.5", "6.25", 10, 25), "claude-haiku-4-5-20251001": (1, "0.1", "1.25", 2, 5)}
    )
    cpi = run("cpi", "-f", "json")
    assert cpi.code == 0, cpi.err
    assert sum(r["token_cost"] for r in cpi.json()) == pytest.approx(float(expected), rel=1e-12)
    assert "pricing.yaml@" in cpi.err


def test_an_unknown_model_is_an_entry_that_fails_until_filled(run, tmp_path):
    dates = ISO_DATES[:3]
    custom_csv(
        tmp_path / "calls.csv",
        dates,
        [("gpt-4o", 1000, 200, "a"), ("acme-private-7b", 400, 100, "a"), ("ACME-private-7b", 600, 100, "b")],
    )
    init = run("init", "calls.csv")
    assert init.code == 0, init.err
    assert "acme-private-7b" in init.err and "llmcost report fails until" in init.err
    assert "next: fill in the TODO lines" in init.out
    text = (tmp_path / "pricing.yaml").read_text()
    lines = text.splitlines()
    line = next(i for i, x in enumerate(lines, 1) if x.strip().startswith("input: null"))
    for command in (("pricing", "check"), ("report",)):
        one_error(run(*command), f"pricing.yaml, line {line}", "ACME-private-7b", "input is empty: fill in")
    (tmp_path / "pricing.yaml").write_text(
        text.replace("input: null", "input: 1.00").replace("output: null", "output: 2.00")
    )
    cpi = run("cpi", "-f", "json")
    assert cpi.code == 0, cpi.err
    hand = (1000 * D("2.50") + 200 * 10 + (400 + 600) * 1 + (100 + 100) * 2) / M  # both spellings: one entry
    assert sum(r["token_cost"] for r in cpi.json()) == pytest.approx(float(hand), rel=1e-12)


@pytest.mark.parametrize("existing", ["llmcost.yaml", "pricing.yaml"])
def test_existing_files_are_kept_without_force(run, tmp_path, existing):
    custom_csv(tmp_path / "calls.csv", ISO_DATES)
    (tmp_path / existing).write_text("# mine\n")
    one_error(run("init", "calls.csv"), f"{existing} exists (use --force to overwrite)")
    assert (tmp_path / existing).read_text() == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["calls.csv", existing])  # nothing written
    forced = run("init", "calls.csv", "--force")
    assert forced.code == 0, forced.err
    assert "logs: calls.csv" in (tmp_path / "llmcost.yaml").read_text()
    assert "models:" in (tmp_path / "pricing.yaml").read_text()


def test_both_files_existing_are_named(run, tmp_path):
    custom_csv(tmp_path / "calls.csv", ISO_DATES)
    (tmp_path / "llmcost.yaml").write_text("# mine\n")
    (tmp_path / "pricing.yaml").write_text("# mine too\n")
    one_error(run("init", "calls.csv"), "llmcost.yaml and pricing.yaml exist")


def test_a_missing_required_column_is_a_todo_and_said(run, tmp_path):
    (tmp_path / "calls.csv").write_text(
        "ts,model,tokens_in,note\n2026-05-01T10:00:00Z,gpt-4o,100,x\n2026-05-02T10:00:00Z,gpt-4o-mini,300,y\n"
    )
    init = run("init", "calls.csv")
    assert init.code == 0, init.err  # the files are written: the TODO says what is left
    assert "no column of the logs holds output_tokens" in init.err
    assert "llmcost report fails until" in init.err
    assert "column: output_tokens ← TODO" in init.out
    text = (tmp_path / "llmcost.yaml").read_text()
    assert "# output_tokens: TODO" in text
    assert "columns" not in (yaml.safe_load(text) or {})  # nothing guessed: every found column is known by name
    assert set(yaml.safe_load((tmp_path / "pricing.yaml").read_text())["models"]) == {"gpt-4o", "gpt-4o-mini"}
    one_error(run("report"), "output_tokens")


def test_no_logs_named_is_an_error(run, tmp_path):
    custom_csv(tmp_path / "calls.csv", ISO_DATES)
    one_error(run("init"), "name the logs", "calls.csv")
    one_error(run("init", "-"), "standard input")
    assert not (tmp_path / "llmcost.yaml").exists()


def test_a_folder_of_logs_and_the_catalog(run, tmp_path, monkeypatch):
    """A folder is read whole; --catalog prices what the bundled list lacks, with the catalog as source."""
    from llmcost import catalog

    fake = catalog.Catalog(
        "test-catalog 1.0",
        [
            {
                "id": "acme",
                "models": [
                    {
                        "id": "acme-7b",
                        "match": {"starts_with": "acme-7b"},
                        "prices": {"input_mtok": 0.2, "output_mtok": 0.4},
                    }
                ],
            }
        ],
    )
    monkeypatch.setattr(catalog, "load_genai_prices", lambda: fake)
    (tmp_path / "logs").mkdir()
    custom_csv(tmp_path / "logs" / "a.csv", ISO_DATES[:2], [("acme-7b-chat", 1000, 100, "a"), ("gpt-4o", 10, 1, "a")])
    custom_csv(tmp_path / "logs" / "b.csv", ISO_DATES[2:3], [("acme-7b-code", 2000, 300, "b")])
    init = run("init", "logs", "--catalog")
    assert init.code == 0, init.err
    assert "found 3 rows in 2 files" in init.out
    entry = yaml.safe_load((tmp_path / "pricing.yaml").read_text())["models"]["acme-7b-chat"]
    assert entry["match"] == ["acme-7b-code"] and entry["source"].startswith("test-catalog 1.0")
    assert entry["checked"] == dt.datetime.now(dt.UTC).date().isoformat()
    cpi = run("cpi", "-f", "json")  # no catalog at run time: the prices are in pricing.yaml now
    assert cpi.code == 0, cpi.err
    hand = ((1000 + 2000) * D("0.2") + (100 + 300) * D("0.4") + 10 * D("2.50") + 1 * 10) / M
    assert sum(r["token_cost"] for r in cpi.json()) == pytest.approx(float(hand), rel=1e-12)


def test_every_bundled_entry_is_copied_exactly():
    """pricing.yaml written from the bundled list prices every model as the bundled list does:
    dated versions, long-context tiers and service tiers included."""
    from llmcost.starter import ModelSeen, pricing_text

    listed = bundled_list().entries
    seen = [ModelSeen(e.name, 1, e.name, e.source, e) for e in listed]
    text = pricing_text(seen, dt.date(2026, 1, 1))
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(text.replace("currency: USD", "currency: USD\nbundled: false"))
    copied = {e.name: e for e in load_pricing(handle.name).entries}
    Path(handle.name).unlink()
    assert set(copied) == {e.name for e in listed}
    for entry in listed:
        assert copied[entry.name].versions == entry.versions, entry.name
        assert copied[entry.name].patterns == entry.patterns, entry.name
        assert copied[entry.name].checked == entry.checked


def test_columns_are_guessed_by_name_and_by_values():
    from llmcost.starter import guess_columns

    sample = pl.DataFrame(
        {
            "t0": ["2026-05-01T10:00:00Z", "2026-05-02T10:00:00Z"],
            "v": ["gpt-4o", "claude-3"],
            "a": ["1", "2"],
            "b": ["3", "4"],
            "prompt_len": ["10", "12"],
        }
    )
    found, missing = guess_columns(sample)
    assert (found["timestamp"].column, found["timestamp"].how) == ("t0", "guessed by values")
    assert (found["model"].column, found["model"].how) == ("v", "guessed by values")
    assert found["input_tokens"].column == "prompt_len"  # "prompt" in its name, whole numbers in it
    assert "output_tokens" in missing and set(missing["output_tokens"]) >= {"a", "b"}  # two candidates: no guess


def test_no_customer_column_is_said(run, tmp_path):
    """The newcomer's case: an `acct` column llmcost cannot tell is the customer. init says that
    customers and margins need one, rather than leaving every call nobody's without a word."""
    (tmp_path / "calls.csv").write_text(
        "created,llm,prompt_toks,completion_toks,acct\n2026-05-01T10:00:00Z,gpt-4o,100,20,acme\n"
    )
    result = run("init", "calls.csv")
    assert result.code == 0, result.err
    assert "no customer column found: customers, margins and flags need one" in result.err
    custom_csv(tmp_path / "with_user.csv", ISO_DATES)
    assert "no customer column" not in run("init", "with_user.csv", "--force").err
