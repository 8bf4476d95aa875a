"""Time and peak memory of llmcost on hostile inputs (issue 13's resource cases), one at a time.

    python bench/hostile.py globs            # 10,000 glob entries × 20,000 distinct model names

Each case builds its input in a temporary folder, runs `llmcost` in a child process and prints
wall time and the child's peak RSS. Nothing here asserts a time: read the figures against the
ones in bench/README.md.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) of the child, exit code."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "llmcost", *args], cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, proc.returncode


def globs(folder: Path, entries: int = 10_000, names: int = 20_000) -> list[str]:
    """A price file of many glob entries and a log of as many distinct model names: pricing must
    grow with the distinct names, not names × entries."""
    lines = ["models:"]
    for i in range(entries):
        lines.append(f"  m{i}: {{match: ['vendor-{i}-*', '*-suffix-{i}'], input: 1, output: 2}}")
    (folder / "pricing.yaml").write_text("\n".join(lines) + "\n")
    rows = ["timestamp,model,input_tokens,output_tokens"]
    rows += [f"2026-05-01T00:00:00Z,vendor-{i % entries}-v{i},10,5" for i in range(names)]
    (folder / "log.csv").write_text("\n".join(rows) + "\n")
    return ["cpi", "log.csv", "--pricing", "pricing.yaml", "-f", "csv", "--quiet"]


CASES = {"globs": globs}


def main(names: list[str]) -> None:
    for name in names or list(CASES):
        with tempfile.TemporaryDirectory(prefix="llmcost-hostile-") as tmp:
            args = CASES[name](Path(tmp))
            wall, peak, code = _run(args, Path(tmp))
            print(f"{name}: {wall:.2f} s, peak RSS {peak:.0f} MiB, exit {code}")


if __name__ == "__main__":
    main(sys.argv[1:])
