"""The shape the code keeps (docs/design.md): short functions, and the library apart from the CLI.

Cheap guards, so that a change which grows a function past a screen or pulls Typer into the
library fails here rather than in review."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

LONGEST = 50  # lines of a function, from `def` to its last line


def test_no_function_is_longer_than_a_screen():
    long = []
    for path in sorted((ROOT / "llmcost").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


def test_the_library_does_not_import_the_cli():
    """No module but cli.py, options.py and __main__.py imports Typer, Click or the CLI."""
    offenders = []
    for path in sorted((ROOT / "llmcost").rglob("*.py")):
        if path.name in ("cli.py", "options.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in ("typer", "click") or n in ("llmcost.cli", "llmcost.options")
            ]
    assert not offenders, offenders


def test_help_does_not_import_polars():
    """`llmcost --help` stays fast: the CLI imports the heavy modules inside its commands."""
    code = "import sys, llmcost.cli; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
