"""The command surface: help for every command, version, python -m, exit codes."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from llmcost.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_commands_exist():
    assert {"cpi", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run, command):
    result = run(command, "--help")
    assert result.code == 0
    assert "Usage:" in result.out
    assert ("--format" in result.out) == (command != "init")  # init writes two files, no table


def test_top_level_help_lists_every_command_with_a_purpose(run):
    result = run("--help")
    assert result.code == 0
    for command in COMMANDS:
        assert f"  {command} " in result.out


def test_version(run):
    from llmcost import __version__

    assert run("--version").out.strip() == f"llmcost {__version__}"


def test_python_dash_m_runs_on_the_bundled_sample():
    proc = subprocess.run(
        [sys.executable, "-m", "llmcost", "cpi", "-f", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("period,inferences,cost,cpi,cpi_change")
    sample = pl.read_parquet(ROOT / "sample_logs" / "inferences.parquet")
    read, unique = sample.height, sample["request_id"].n_unique()
    assert f"read {read:,} · priced {unique:,} (" in proc.stderr  # (… from the bundled list DATE)
    assert f"· unpriced 0 · rejected 0 · duplicates {read - unique:,}" in proc.stderr


def test_a_run_builds_only_the_command_it_names_and_helps_as_the_whole_app():
    """cli._invoked: every command named first gets an app of that command alone (Typer builds
    each registered command's options on a run), and its help is the whole app's, byte for byte.
    Review: commands named by their function (`cpi`, `report`) never matched, so the copy was
    never made for them."""
    import typer
    from typer.testing import CliRunner

    from llmcost import cli

    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    groups = {g.name for g in app.registered_groups}
    runner = CliRunner()
    for name in names:
        one = cli._invoked([name])
        if name in groups:
            assert one is app
            continue
        assert [cli._name(c) for c in one.registered_commands] == [name], name
        whole = runner.invoke(app, [name, "--help"], prog_name="llmcost", env={"COLUMNS": "80"})
        alone = runner.invoke(one, [name, "--help"], prog_name="llmcost", env={"COLUMNS": "80"})
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), name
    assert cli._invoked(["--help"]) is app and cli._invoked(["nope"]) is app and cli._invoked([]) is app
