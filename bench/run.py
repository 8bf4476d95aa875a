"""Time llmcost against DuckDB and pandas doing the same jobs, as whole processes.

    python bench/run.py --sizes 2m 10m 100m --runs 3 --pandas-runs 1

Engines: llmcost and the baselines of bench/baselines.py — duckdb and pandas (the fastest
correct versions), duckdb-window and pandas-plain (the plain ones). Each measurement: one
warm-up, then --runs runs (--pandas-runs for pandas engines, no warm-up); median, min and
max wall time and the peak RSS of the process (from wait4). The engines' runs of a job take
turns (llmcost, duckdb, …, then again): this VM drifts by 10–20 % within minutes, and a
drift then slows every engine's runs alike instead of one engine's. Prints a Markdown table
and the ratios: "vs DuckDB" against `duckdb` (the medians'; "per round" is the range of
llmcost ÷ duckdb over the runs that took turns), "pandas ÷ this" against `pandas`. Sizes
from --big (100m) on get --big-runs runs and no warm-up, and no pandas (it would need more
memory than the machine has); sizes or formats without data are skipped. First, each
engine's start-up: the same job on a one-row log (what any run pays before its rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = sys.executable
LLMCOST = [PYTHON, "-m", "llmcost"]
ENGINES = ["llmcost", "duckdb", "duckdb-window", "pandas", "pandas-plain"]


def command(engine: str, job: str, logs: Path) -> list[str]:
    revenue = str(DATA / "revenue.csv")
    if engine != "llmcost":
        return [PYTHON, str(HERE / "baselines.py"), engine, job, str(logs), revenue]
    args = {
        "cpi": ["cpi", "--period", "month"],
        "customers": ["customers", "--per-month", "--revenue", revenue],
        "report": ["report", "--revenue", revenue],
    }[job]
    return [
        *LLMCOST,
        *args,
        str(logs),
        "--pricing",
        str(DATA / "pricing.yaml"),
        "--config",
        str(DATA / "empty.yaml"),
        "-f",
        "csv",
        "-q",
        "--no-cache",  # one pass over every row: the cache is timed apart (bench/rerun.py)
    ]


def compiled() -> None:
    """llmcost's bytecode written before timing it, as `pip install` writes it. An editable
    install under PYTHONDONTWRITEBYTECODE=1 (set on this machine) compiles every llmcost module
    again in each process, ~0.15 s a run that no installed user pays; the baselines' own
    packages are compiled at install."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "llmcost"), quiet=1)


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["2m", "10m"])
    parser.add_argument("--formats", nargs="+", default=["csv", "parquet"])
    parser.add_argument("--jobs", nargs="+", default=["cpi", "customers", "report"])
    parser.add_argument(
        "--engines", nargs="+", choices=ENGINES, default=["llmcost", "duckdb", "duckdb-window", "pandas"]
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pandas-runs", type=int, default=2)
    parser.add_argument("--big", default="100m", help="first size that counts as big")
    parser.add_argument("--big-runs", type=int, default=1)
    args = parser.parse_args()
    (DATA / "empty.yaml").touch()
    compiled()
    print(
        "| rows | format | job | engine | median s | min s | max s | peak RSS MiB | vs DuckDB | per round "
        "| pandas ÷ this |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    one = startup()
    if one is not None:
        table(args, "1", "csv", "cpi", one, args.engines)
    for size in args.sizes:
        big = rows(size) >= rows(args.big)
        for fmt in args.formats:
            logs = DATA / f"logs_{size}.{fmt}"
            if not logs.exists():
                print(f"(no {logs.name}: skipped)", file=sys.stderr)
                continue
            engines = [e for e in args.engines if not (big and e.startswith("pandas"))]
            for job in args.jobs:
                table(args, size, fmt, job, logs, engines)


def startup() -> Path | None:
    """A one-row CSV log (the first row of any CSV generated): a run over it is the engine's fixed
    cost (start, imports, output). None when no CSV was generated (only Parquet, or nothing)."""
    found = sorted(p for p in DATA.glob("logs_*.csv") if p.name != "logs_1.csv")
    if not found:
        return None
    with found[0].open() as full:
        head = full.readline() + full.readline()
    one = DATA / "logs_1.csv"
    one.write_text(head)
    return one


def table(args: argparse.Namespace, size: str, fmt: str, job: str, logs: Path, engines: list[str]) -> None:
    """One job's lines: every engine's runs, taking turns."""
    big = rows(size) >= rows(args.big)
    planned = {e: args.big_runs if big else args.pandas_runs if e.startswith("pandas") else args.runs for e in engines}
    for engine in engines:
        if not engine.startswith("pandas") and not big:
            measure(command(engine, job, logs))  # warm-up: file cache, imports
    samples: dict[str, list[tuple[float, int]]] = {e: [] for e in engines}
    for turn in range(max(planned.values())):
        for engine in (e for e in engines if turn < planned[e]):
            samples[engine].append(measure(command(engine, job, logs)))
    times = {e: [t for t, _ in s] for e, s in samples.items()}
    base = statistics.median(times["duckdb"]) if "duckdb" in times else None
    slow = statistics.median(times["pandas"]) if "pandas" in times else None
    paired = [a / b for a, b in zip(times.get("llmcost", []), times.get("duckdb", []), strict=False)]
    for engine, taken in times.items():
        med = statistics.median(taken)
        ratio = f"{med / base:.2f}×" if base else ""
        rounds = f"{min(paired):.2f}–{max(paired):.2f}×" if paired and engine == "llmcost" else ""
        behind = f"{slow / med:.1f}×" if slow else ""
        rss = max(m for _, m in samples[engine])
        print(
            f"| {size} | {fmt} | {job} | {engine} | {med:.2f} | {min(taken):.2f} | {max(taken):.2f} | {rss} "
            f"| {ratio} | {rounds} | {behind} |",
            flush=True,
        )


def rows(size: str) -> int:
    return int(size.rstrip("m")) * 1_000_000 if size.endswith("m") else int(size)


if __name__ == "__main__":
    main()
