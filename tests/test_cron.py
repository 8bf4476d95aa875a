"""Cron-safety: no ANSI codes off a terminal, atomic output, Ctrl-C, broken pipes, fast --help."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import llmcost.render as render
from tests.conftest import ROOT, row, write_log


def llmcost(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "llmcost", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def test_no_ansi_when_piped_or_no_color():
    piped = llmcost("trend")
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout and "\x1b[" not in piped.stderr
    forced = llmcost("trend", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in forced.stdout


def test_broken_pipe_is_quiet():
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmcost", "customers", "-f", "csv"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    proc.wait(timeout=120)
    assert first.startswith(b"customer_id,")
    assert b"Traceback" not in proc.stderr.read()


def test_ctrl_c_exits_130_with_one_line_and_no_partial_file(run, pricing, tmp_path, monkeypatch):
    pricing()
    log = write_log(tmp_path / "log.csv", [row()])

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.os, "replace", interrupted)
    result = run("cpi", log, "-f", "csv", "-o", "out.csv")
    assert result.code == 130
    assert result.err.strip().splitlines()[-1] == "error: interrupted"
    assert not list(tmp_path.glob("out.csv*")) and not list(tmp_path.glob(".out.csv*"))


def test_output_file_replaces_atomically(run, pricing, tmp_path):
    pricing()
    (tmp_path / "out.csv").write_text("old contents\n")
    result = run("cpi", write_log(tmp_path / "log.csv", [row()]), "-f", "csv", "-o", "out.csv")
    assert result.code == 0 and (tmp_path / "out.csv").read_text().startswith("period,")


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_polars(args):
    code = (
        f"import sys; from llmcost.cli import main; rc = main({args!r}); sys.exit(3 if 'polars' in sys.modules else rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
