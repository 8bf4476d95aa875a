"""A newcomer's first ten minutes, scripted: what the README promises holds outside this venv.

Why: every other test runs against the editable install in the developer's environment, where a
missing package-data file, an undeclared dependency or a path that only resolves inside the
repository goes unnoticed. Here the repository's files (as a clone would have them) are installed
with pip into a fresh virtual environment, and each step runs that venv's `llmcost` as a user would,
in an empty folder. Expected figures come from the log files and the providers' list prices, not
from llmcost. The venv is built once for the module (about 35 s: `venv` 12 s, `pip install` 22 s).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, claude_code_cost

pytestmark = pytest.mark.slow

# Anthropic's and OpenAI's list prices per million tokens: (input, cache read, 5-min write, 1-h write, output)
CLAUDE_LIST = {"claude-opus-4-6": (5, "0.5", "6.25", 10, 25), "claude-haiku-4-5-20251001": (1, "0.1", "1.25", 2, 5)}
CUSTOM_LIST = {"gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")), "claude-haiku-4-5": (Decimal(1), Decimal(5))}
# a log no preset knows, with no column under a name llmcost recognises on its own
CUSTOM_CSV = """\
created,llm,prompt_toks,completion_toks,user
2026-10-01T09:00:00Z,gpt-4o-mini,1200,300,acme
2026-10-01T09:05:00Z,gpt-4o-mini,800,150,acme
2026-10-02T14:30:00Z,claude-haiku-4-5,5000,700,globex
2026-10-03T08:00:00Z,claude-haiku-4-5,2500,400,acme
2026-10-04T17:45:00Z,gpt-4o-mini,60000,1200,initech
"""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv where the README's first Quickstart command ran in a copy of the repository."""
    base = tmp_path_factory.mktemp("newcomer")
    clone = copy_repository(base / "llmcost")
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=300)
    first = quickstart()[0]
    ran = shell(first, clone, base / "venv")
    assert ran.code == 0, ran.err[-3000:]
    assert "What to do" in ran.out and "Traceback" not in ran.err
    return base / "venv"


def copy_repository(dest: Path) -> Path:
    """The files a clone holds (tracked, and new ones not ignored): no build/, no .venv, no egg-info."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file another change deleted is not in a clone either
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def quickstart() -> list[str]:
    """The commands of the README's Quickstart block, comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def environment(venv: Path) -> dict[str, str]:
    """A user's shell with the venv activated: none of this process's llmcost or settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LLMCOST_", "PYTHON", "VIRTUAL_ENV")) and k not in {"FORCE_COLOR", "COLUMNS"}
    }
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1")
    return env


def shell(command: str, cwd: Path, venv: Path) -> Ran:
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(venv),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


def llmcost(venv: Path, cwd: Path, *args: str) -> Ran:
    proc = subprocess.run(
        [str(venv / "bin" / "llmcost"), *args],
        cwd=cwd,
        env=environment(venv),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


def test_the_quickstart_is_two_commands():
    """The brief's promise: one installs and runs the report on the sample, one runs the suite."""
    first, second = quickstart()
    assert first == "pip install . && llmcost report"
    assert second == "pip install '.[test]' && python -m pytest"


def test_the_installed_llmcost_is_the_fresh_venvs(venv):
    """Not the developer's editable install: the package was copied into the venv."""
    code = "import llmcost, pathlib; print(pathlib.Path(llmcost.__file__).resolve())"
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        env=environment(venv),
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv.resolve())), where


def test_one_real_log_in_an_empty_folder_is_reported_with_no_flags(venv, tmp_path):
    """A Claude Code session file, as Claude Code writes it: recognised, priced from the bundled list."""
    shutil.copy(DATA / "claude_code_slice.jsonl", tmp_path / "session.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "session.jsonl").read_text().splitlines()]
    requests = len({line["requestId"] for line in lines})  # streaming: several lines per request
    expected = claude_code_cost(CLAUDE_LIST)

    ran = llmcost(venv, tmp_path, "report", "session.jsonl")
    assert ran.code == 0, ran.err
    assert "Traceback" not in ran.err and "error:" not in ran.err
    assert f"read {len(lines)} · priced {requests} " in ran.err
    assert f"unpriced 0 · rejected 0 · duplicates {len(lines) - requests}" in ran.err
    assert f"${expected:.3g}" in ran.out  # money under a dollar: three significant digits
    (headline,) = json.loads(llmcost(venv, tmp_path, "report", "session.jsonl", "-f", "json").out)["headline"]
    assert headline["inferences"] == requests
    assert headline["cost"] == pytest.approx(float(expected), rel=1e-9)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.jsonl"]  # reading writes nothing


def test_init_on_a_custom_csv_then_report_with_no_arguments(venv, tmp_path):
    """`llmcost init` maps the columns and writes the prices; then `llmcost report` alone works."""
    (tmp_path / "custom.csv").write_text(CUSTOM_CSV)
    rows = [line.split(",") for line in CUSTOM_CSV.splitlines()[1:]]
    expected = sum((int(p) * CUSTOM_LIST[m][0] + int(c) * CUSTOM_LIST[m][1]) / 1_000_000 for _, m, p, c, _ in rows)

    init = llmcost(venv, tmp_path, "init", "custom.csv")
    assert init.code == 0, init.out + init.err
    assert (tmp_path / "llmcost.yaml").is_file() and (tmp_path / "pricing.yaml").is_file()
    ran = llmcost(venv, tmp_path, "report")
    assert ran.code == 0, ran.err
    assert "Traceback" not in ran.err
    assert f"read {len(rows)} · priced {len(rows)} " in ran.err
    (headline,) = json.loads(llmcost(venv, tmp_path, "report", "-f", "json").out)["headline"]
    assert headline["inferences"] == len(rows)
    assert headline["cost"] == pytest.approx(float(expected), rel=1e-9)


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"]], ids=["llmcost", "report"])
def test_help_in_an_80_column_terminal(venv, tmp_path, args):
    """Help is the first thing typed; on a real terminal it must render, and fit the width."""
    code, text = in_terminal([str(venv / "bin" / "llmcost"), *args], tmp_path, environment(venv), columns=80)
    assert code == 0, text
    assert "Traceback" not in text and "error:" not in text, text
    assert "Usage" in text
    too_wide = [line for line in ANSI.sub("", text).splitlines() if len(line) > 80]
    assert not too_wide, too_wide


def in_terminal(argv: list[str], cwd: Path, env: dict[str, str], columns: int) -> tuple[int, str]:
    """Run with stdin/stdout/stderr on a pseudo-terminal of the given width; return exit code and screen text."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {**env, "TERM": "xterm-256color"}
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    code = proc.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
