"""CLI conventions (issue 14, item 8): what help shows and what option errors say.

Help names values as people do (FILE, DATE, N, or the choices), ends with examples that
run, lists only the --format values the command can write; a bad option value is one
`error:` line in plain words; shell completion works; --timestamp-format reads dates
the sniffer cannot.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import typer

from llmcost.cli import app, main
from tests.conftest import DATA, ROOT, one_error


def _commands() -> list[tuple[list[str], object]]:
    """Every command and group as (path of names, click command), the top level first."""
    found: list[tuple[list[str], object]] = []

    def walk(path: list[str], command) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk([*path, name], sub)

    walk([], typer.main.get_command(app))
    return found


COMMANDS = _commands()
IDS = [" ".join(path) or "llmcost" for path, _ in COMMANDS]
# init's examples start from the user's own logs and write llmcost.yaml: not for the sample's folder.
EXAMPLES = [
    line.strip()
    for path, command in COMMANDS
    if path != ["init"]
    for line in (command.epilog or "").splitlines()
    if line.strip().startswith("llmcost ")
]


def _help(run, path: list[str]) -> str:
    result = run(*path, "--help")
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_names_values_in_words_not_types(run, path, command):
    text = _help(run, path)
    assert not re.search(r"<[^>\n]*>", text), text  # <str>, <list[str]>, <int range>, <%Y-%m-%d>
    assert not re.search(r"\b(TEXT|INTEGER|FLOAT|BOOLEAN|DATETIME)\b|list\[", text), text
    for param in command.params:
        takes_value = param.param_type_name == "argument" or not getattr(param, "is_flag", False)
        if takes_value and not param.hidden:
            assert param.metavar, f"{param.name} has no placeholder"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_ends_with_two_or_three_examples_one_per_line(run, path, command):
    text = _help(run, path).rstrip("\n").splitlines()
    start = next(i for i, line in enumerate(text) if line.strip() == "Examples:")
    examples = [line.strip() for line in text[start + 1 :]]
    assert 2 <= len(examples) <= 3 and all(e.startswith("llmcost ") for e in examples), text[start:]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The repository's bundled sample (settings, prices, logs) in a folder of its own, plus the
    files the examples name that a user brings: a cost export and two catalog files."""
    folder = tmp_path_factory.mktemp("sample")
    for name in ("llmcost.yaml", "pricing.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "sample_logs", folder / "sample_logs")
    (folder / "costs.csv").write_text("month,model,cost\n2026-09,gpt-4o,50.00\n2026-09,gpt-4o-mini,20.00\n")
    shutil.copy(DATA / "litellm_slice.json", folder / "litellm.json")
    shutil.copy(DATA / "genai_prices_slice.json", folder / "genai.json")
    return folder


@pytest.mark.parametrize("line", EXAMPLES)
def test_every_example_runs_on_the_bundled_sample(sample, monkeypatch, capsys, line):
    monkeypatch.chdir(sample)
    code = main(shlex.split(line)[1:])
    err = capsys.readouterr().err
    assert code in (0, 1), err  # 1: the documented "found something" exits (flag-customers, drift, reconcile)
    assert "error:" not in err, err


def test_the_command_list_at_80_columns_shows_whole_descriptions(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for path, command in COMMANDS:
        if not getattr(command, "commands", None):
            continue
        listing = _help(run, path)
        for name, sub in command.commands.items():
            first = sub.help.strip().splitlines()[0]
            assert re.search(rf"^  {re.escape(name)} +{re.escape(first)}$", listing, re.M), (name, first)


def test_only_reconcile_offers_focus(run):
    assert "table|csv|json|markdown|focus" in _help(run, ["reconcile"])
    for path, command in COMMANDS:
        if path != ["reconcile"] and any(p.name == "fmt" for p in command.params):
            text = _help(run, path)
            assert "table|csv|json|markdown" in text and "focus" not in text.split("Options:")[1], path
    one_error(run("cpi", "-f", "focus"), "error: --format: 'focus' is not one of table, csv, json, markdown")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["cpi", "--since", "2026/09/01"], "error: --since: '2026/09/01' is not a date (YYYY-MM-DD)"),
        (["cpi", "--until", "2026-02-30"], "error: --until: '2026-02-30' is not a date (YYYY-MM-DD)"),
        (["flag-customers", "--month", "2026-9-1"], "error: --month: '2026-9-1' is not a month (YYYY-MM)"),
        (["customers", "--top", "x"], "error: --top: 'x' is not a whole number"),
        (["customers", "--top", "0"], "error: --top: '0' is less than 1"),
        (["customers", "--threshold", "nan"], "error: --threshold: 'nan' is not a number"),
        (["whatif", "--cache-hit", "2"], "error: --cache-hit: '2' is not between 0 and 1"),
        (["cpi", "--period", "year"], "error: --period: 'year' is not one of day, week, month"),
        (["cpi", "--format", "xml"], "error: --format: 'xml' is not one of table, csv, json, markdown"),
        (["reconcile"], "error: llmcost reconcile needs --invoice FILE"),
        (["cpi", "--perod", "week"], "error: no such option --perod (did you mean --period?)"),
    ],
)
def test_option_errors_are_one_plain_line(run, args, line):
    result = run(*args)
    assert one_error(result) == line and result.out == ""


def test_a_mistyped_command_gets_a_suggestion(run):
    assert "did you mean 'customers'" in one_error(run("cusomers")).lower()


def test_customers_period_month_is_per_month(run, monkeypatch):
    monkeypatch.chdir(ROOT)  # the bundled sample, read only
    whole = run("customers", "-f", "csv", "-q").csv()
    monthly = run("customers", "--period", "month", "-f", "csv", "-q").csv()
    assert monthly.equals(run("customers", "--per-month", "-f", "csv", "-q").csv())
    assert monthly["period"].str.contains(r"^\d{4}-\d{2}$").all() and monthly.height > whole.height
    by_customer = monthly.group_by("customer_id").agg(pl.col("cost").sum()).sort("customer_id")
    assert by_customer["cost"].to_list() == pytest.approx(whole.sort("customer_id")["cost"].to_list())
    one_error(run("customers", "--period", "week"), "--period: 'week'", "month")


US = "timestamp,model,input_tokens,output_tokens\n09/01/2026 10:22,m,1000000,0\n09/15/2026 11:00,m,1000000,0\n"


def test_timestamp_format_option_reads_dates_the_sniffer_cannot(run, tmp_path):
    (tmp_path / "pricing.yaml").write_text("models:\n  m: {input: 1.5, output: 2}\n")
    (tmp_path / "log.csv").write_text(US)
    hinted = run("cpi", "log.csv", "-f", "json")
    assert hinted.code == 2 and "timestamp_format: '%m/%d/%Y %H:%M'" in hinted.err
    (tmp_path / "llmcost.yaml").write_text("timestamp_format: '%d/%m/%Y %H:%M'\n")  # wrong: the option wins
    result = run("cpi", "log.csv", "--timestamp-format", "%m/%d/%Y %H:%M", "-f", "json")
    assert result.code == 0, result.err
    assert [(r["period"], r["inferences"]) for r in result.json()] == [("2026-09", 2)]
    assert result.json()[0]["cost"] == pytest.approx(2 * 1.5)


def _complete(words: str) -> list[str]:
    """What bash completion offers for `words` (the last one being completed)."""
    env = {
        **os.environ,
        "_LLMCOST_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    proc = subprocess.run([sys.executable, "-m", "llmcost"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_shell_completion_offers_commands_and_each_commands_choices():
    assert "customers" in _complete("llmcost cu")
    assert _complete("llmcost cpi -f ") == ["table", "csv", "json", "markdown"]
    assert "focus" in _complete("llmcost reconcile --format ")
    script = subprocess.run(
        [sys.executable, "-m", "llmcost", "--show-completion", "bash"], capture_output=True, text=True, timeout=60
    )
    assert script.returncode == 0 and "_LLMCOST_COMPLETE=complete_bash" in script.stdout
