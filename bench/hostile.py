"""Time and peak memory of llmcost on hostile inputs (issue 13's resource cases), one at a time.

    python bench/hostile.py globs            # 10,000 glob entries × 20,000 distinct model names
    python bench/hostile.py gzip_bomb csv_gz csv_gz_as_csv   # 8.3 MB → 8 GiB; 20M rows as .csv.gz and as .csv
    python bench/hostile.py latency_5m latency_20m efficiency_5m efficiency_20m revenue_1gb since_year_1
    python bench/hostile.py --code /tmp/llmcost-before --max-mib 6000 since_year_1   # another checkout

Memory with rows (cases `latency_*`, `efficiency_*`, `usage_*`: one CSV of bench/generate.py rows; `revenue_*`:
ten years of monthly revenue for the 100,000-row log's customers; `since_year_1`: a flat plan for
10,000 customers and `--since 0001-01-01`). Set LLMCOST_BENCH_LOGS to a folder holding
`logs_<size>.csv` from bench/generate.py to reuse it instead of writing the log again.
`--code DIR` runs that checkout (PYTHONPATH) instead of the installed llmcost; `--max-mib N`
caps the child's address space, so a case that would take the machine's memory fails instead.

Each case builds its input in a temporary folder, runs `llmcost` in a child process and prints
wall time and the child's peak RSS. Nothing here asserts a time: read the figures against the
ones in bench/README.md.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(args: list[str], cwd: Path, code: str | None = None, max_mib: int | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) of this child (wait4, not the maximum over every child so
    far), exit code (negative: killed by that signal)."""
    env = {**os.environ, "PYTHONPATH": code} if code else None

    def cap() -> None:
        if max_mib:
            resource.setrlimit(resource.RLIMIT_AS, (max_mib * 2**20, max_mib * 2**20))

    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmcost", *args],
        cwd=cwd,
        env=env,
        preexec_fn=cap,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    last = proc.stderr.read().decode(errors="replace").strip().splitlines()[-1:] if proc.stderr else []
    if last:
        print(f"  stderr: {last[0][:200]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


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


def _logs(folder: Path, rows: int) -> list[str]:
    """bench/generate.py's log of `rows` rows as one CSV (or the one in LLMCOST_BENCH_LOGS), with
    its price file: the arguments every memory case shares."""
    sys.path.insert(0, str(HERE))
    import generate
    import numpy as np

    tag = f"{rows // 1_000_000}m" if rows >= 1_000_000 else str(rows)
    cached = Path(os.environ.get("LLMCOST_BENCH_LOGS", "/nonexistent")) / f"logs_{tag}.csv"
    if cached.is_file():
        (folder / "logs.csv").symlink_to(cached)
    else:
        rng = np.random.default_rng(20261122)
        with (folder / "logs.csv").open("wb") as handle:
            for i, offset in enumerate(range(0, rows, generate.CHUNK)):
                frame = generate.chunk(rng, offset, min(generate.CHUNK, rows - offset))
                frame.with_columns(frame["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")).write_csv(
                    handle, include_header=i == 0
                )
    lines = ["currency: USD", "unit: per_1m_tokens", "models:"]
    lines += [f"  {m}: {{input: {i}, cached_input: {c}, output: {o}}}" for m, (_, i, c, o) in generate.MODELS.items()]
    (folder / "pricing.yaml").write_text("\n".join(lines) + "\n")
    (folder / "empty.yaml").touch()
    return ["logs.csv", "--pricing", "pricing.yaml", "--config", "empty.yaml", "-f", "csv", "--quiet"]


def rows_command(folder: Path, command: str, rows: int) -> list[str]:
    """`latency`, `efficiency` (row-level percentiles) or `usage` (generations per hour of day, a pass
    over the rows) on `rows` rows: memory must not grow with them."""
    return [command, *_logs(folder, rows)]


def revenue_file(folder: Path, size: int) -> list[str]:
    """`customers --per-month` with a revenue CSV of about `size` bytes: ten years of monthly revenue
    (2016-11 to 2026-10) for as many customers as fill it; the log covers the last 12 months."""
    import polars as pl

    months = pl.date_range(pl.date(2016, 11, 1), pl.date(2026, 10, 1), "1mo", eager=True).dt.strftime("%Y-%m")
    customers = max(1, size // (len(months) * 22))  # ~22 bytes a row: "c123456,2026-05,199.0"
    plans = pl.DataFrame({"customer_id": [f"c{i}" for i in range(1, customers + 1)]}).with_columns(
        pl.Series("revenue", [19.0, 49.0, 199.0, 999.0] * (customers // 4 + 1))[:customers]
    )
    plans.join(pl.DataFrame({"month": months}), how="cross").select("customer_id", "month", "revenue").write_csv(
        folder / "revenue.csv"
    )
    return ["customers", "--per-month", "--revenue", "revenue.csv", *_logs(folder, 100_000)]


def since_year_1(folder: Path, customers: int = 10_000) -> list[str]:
    """A flat plan for `customers` customers and `--since 0001-01-01`: the report's months must be
    those the window shares with the logs, not one per month for two thousand years."""
    lines = ["customer_id,revenue", *(f"c{i},49" for i in range(1, customers + 1))]
    (folder / "revenue.csv").write_text("\n".join(lines) + "\n")
    return ["customers", "--revenue", "revenue.csv", "--since", "0001-01-01", *_logs(folder, 100_000)]


def gzip_bomb(folder: Path, gib: int = 8) -> list[str]:
    """A .csv.gz of a header and then `gib` GiB of zero bytes with no line end (8 GiB: 8.3 MB on disk). It must
    stop with one `error:` and flat memory, not decompress into memory (nor be held by Polars as one line)."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(2**20)
    with (folder / "logs.csv.gz").open("wb") as out:
        out.write(packer.compress(b"timestamp,model,input_tokens,output_tokens\n"))
        for _ in range(gib * 1024):
            out.write(packer.compress(block))
        out.write(packer.flush())
    (folder / "pricing.yaml").write_text("models:\n  m: {input: 1, output: 2}\n")
    return ["cpi", "logs.csv.gz", "--pricing", "pricing.yaml", "-f", "csv"]


def csv_gz(folder: Path, rows: int = 20_000_000, packed: bool = True) -> list[str]:
    """A log of `rows` varied rows (12 months, 10,000 customers, 8 models, unique ids; ~78 bytes a row) as
    .csv.gz, or as .csv with `packed=False`: memory must be the same for both, flat in the text's size.
    Written in pure Python a row at a time, so this process stays small: Linux counts the parent's memory
    at fork in the child's ru_maxrss."""
    import gzip
    import random

    rng = random.Random(20261122)
    models = [
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4.1",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
        "gemini-2.5-flash",
        "llama-3-70b",
        "o4-mini",
    ]
    features = ["chat", "rag", "summarization", "classification", "codegen", "faq"]
    start = 1_761_955_200  # 2025-11-01
    name = "logs.csv.gz" if packed else "logs.csv"
    opener = functools.partial(gzip.open, compresslevel=6) if packed else open
    with opener(folder / name, "wt") as out:
        out.write("timestamp,request_id,customer_id,model,feature,input_tokens,output_tokens,cached_input_tokens\n")
        for i in range(rows):
            moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start + rng.randrange(365 * 86_400)))
            tokens = int(rng.lognormvariate(7.3, 0.9)) + 20
            out.write(
                f"{moment}.{rng.randrange(10**6):06d}Z,req-{i:09d},c{min(int(rng.paretovariate(0.3)), 10_000)},"
                f"{rng.choice(models)},{rng.choice(features)},{tokens},{int(rng.lognormvariate(5.5, 0.8)) + 1},"
                f"{tokens // 3 if rng.random() < 0.4 else 0}\n"
            )
    lines = ["models:", *(f"  {m}: {{input: 1, cached_input: 0.5, output: 4}}" for m in models)]
    (folder / "pricing.yaml").write_text("\n".join(lines) + "\n")
    return ["cpi", name, "--pricing", "pricing.yaml", "-f", "csv", "--quiet"]


CASES = {
    "globs": globs,
    "gzip_bomb": gzip_bomb,
    "csv_gz": csv_gz,
    "csv_gz_as_csv": functools.partial(csv_gz, packed=False),
    **{
        f"{c}_{n}m": functools.partial(rows_command, command=c, rows=n * 1_000_000)
        for c in ("latency", "efficiency", "usage")
        for n in (5, 20, 50)
    },
    "revenue_250mb": functools.partial(revenue_file, size=250 * 10**6),
    "revenue_1gb": functools.partial(revenue_file, size=10**9),
    "since_year_1": since_year_1,
}


def main(argv: list[str]) -> None:
    code = max_mib = None
    names = []
    while argv:
        arg = argv.pop(0)
        if arg == "--code":
            code = argv.pop(0)
        elif arg == "--max-mib":
            max_mib = int(argv.pop(0))
        else:
            names.append(arg)
    for name in names or list(CASES):
        with tempfile.TemporaryDirectory(prefix="llmcost-hostile-") as tmp:
            # Built in a child of its own: Linux counts this process's memory at fork in the measured
            # child's ru_maxrss, so a case built here with Polars would inflate the figure.
            args = json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--build", name, tmp], check=True, capture_output=True, text=True
                ).stdout.splitlines()[-1]
            )
            wall, peak, exit_code = _run(args, Path(tmp), code, max_mib)
            print(f"{name}: {wall:.2f} s, peak RSS {peak:.0f} MiB, exit {exit_code}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        print(json.dumps(CASES[sys.argv[2]](Path(sys.argv[3]))))
    else:
        main(sys.argv[1:])
