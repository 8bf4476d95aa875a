"""Where the cube runs, measured: pushed down to PostgreSQL or read into Polars; DuckDB or Polars on Parquet.

    python bench/generate.py 1000000 bench/data          # and 10000000: logs_1m.csv, logs_1m.parquet …
    python bench/engines.py pg --sizes 1m 10m            # a throwaway PostgreSQL server, COPY, then both paths
    python bench/engines.py files --sizes 1m 10m         # the same Parquet: --engine polars, duckdb (, chdb)
    python bench/engines.py cells --sizes 1m 10m         # the cube each command asks for: cells and bytes

Each run is a whole `llmcost` process, one at a time, after one warm-up: wall seconds and the
client's peak RSS (wait4). The process runs llmcost's own CLI with two counters wrapped around
it — every result an engine sends back (`Remote.run`) and every table read from a database into
Polars (`polars.read_database_uri`) — so "fetched" is what crossed the wire: rows, cells and the
Arrow size of those results. The server's own time is inside the client's wall time; its memory
is not in the client's RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
COLUMNS = (
    "timestamp timestamptz, request_id text, customer_id text, model text, feature text, "
    "input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, status text, latency_ms double precision"
)
WARM_UP = True  # --no-warm-up: the largest sizes, where one run is minutes
JOBS = {
    "cpi": ["cpi", "--period", "month"],
    "customers": ["customers", "--per-month", "--revenue", str(DATA / "revenue.csv")],
    "report": ["report", "--revenue", str(DATA / "revenue.csv")],
}


# ---------------------------------------------------------------------------------------------
# The child: llmcost's CLI with counters on what crosses from an engine into the process


def child(out: str, argv: list[str]) -> int:
    """Run llmcost with `argv`, writing what engines sent back to `out` (JSON) when it ends."""
    import polars as pl

    import llmcost.cube
    import llmcost.job
    from llmcost import cli, engines

    fetched: list[dict[str, int | str]] = []

    def record(kind: str, frame: pl.DataFrame) -> None:
        fetched.append(
            {"kind": kind, "rows": frame.height, "columns": frame.width, "bytes": int(frame.estimated_size())}
        )

    run = engines.Remote.run

    def counted_run(self: engines.Remote, sql: str) -> pl.DataFrame:
        frame = run(self, sql)
        # the cube has `inferences`; the count check one `rows`; the rest: the sample, rejections
        kind = "cube" if "inferences" in frame.columns else "count" if frame.columns == ["rows"] else "sample"
        record(kind, frame)
        return frame

    read = pl.read_database_uri

    def counted_read(*args: object, **kwargs: object) -> pl.DataFrame:
        frame = read(*args, **kwargs)  # type: ignore[call-overload]
        record("table", frame)
        return frame

    def counted_cube(function: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
        def wrapped(*args: object, **kwargs: object) -> pl.DataFrame:
            frame = function(*args, **kwargs)
            record("result", frame)  # the cube as the command receives it, whichever engine made it
            return frame

        return wrapped

    for module in (llmcost.cube, llmcost.job):
        module.cube = counted_cube(module.cube)  # type: ignore[attr-defined]
    engines.Remote.run = counted_run  # type: ignore[method-assign]
    pl.read_database_uri = counted_read
    try:
        code = cli.main(argv)
    finally:
        Path(out).write_text(json.dumps(fetched))
    return code


def measure(argv: list[str]) -> dict[str, Any]:
    """One whole llmcost process: wall seconds, peak RSS in MiB and what it fetched."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "child", out, *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: llmcost {' '.join(argv)}\n{err}")
    fetched = json.loads(Path(out).read_text())
    os.unlink(out)
    return {"wall": wall, "rss": usage.ru_maxrss // 1024, "fetched": fetched}


def timed(argv: list[str], runs: int) -> dict[str, Any]:
    """A warm-up (unless WARM_UP is off), then `runs` runs: median, min and max wall time, the largest RSS."""
    if WARM_UP:
        measure(argv)
    samples = [measure(argv) for _ in range(runs)]
    walls = [float(s["wall"]) for s in samples]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "rss": max(int(s["rss"]) for s in samples),
        "fetched": samples[-1]["fetched"],
    }


def common(job: str) -> list[str]:
    pricing, config = str(DATA / "pricing.yaml"), str(DATA / "empty.yaml")
    return [*JOBS[job], "--pricing", pricing, "--config", config, "-f", "csv", "-q"]


def fetched_text(fetched: list[dict[str, int]]) -> str:
    """What crossed into the process: the data (cube cells or table rows); the 1,000-row sample
    that learns the columns and the one-number count check apart."""
    data = data_of(fetched)
    if not data:
        return "— (read by llmcost itself)"
    rows = sum(f["rows"] for f in data)
    cells = sum(f["rows"] * f["columns"] for f in data)
    size = sum(f["bytes"] for f in data)
    return f"{rows:,} rows × {data[0]['columns'] if data else 0} cols = {cells:,} cells, {mib(size)}"


def data_of(fetched: list[dict[str, int]]) -> list[dict[str, int]]:
    return [f for f in fetched if f["kind"] in ("cube", "table")]


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB" if size >= 2**20 else f"{size / 1024:,.1f} KiB"


def row(size: str, source: str, engine: str, result: dict) -> str:
    return (
        f"| {size} | {source} | {engine} | {result['median']:.2f} | {result['min']:.2f} | {result['max']:.2f} "
        f"| {result['rss']} | {fetched_text(result['fetched'])} |"
    )


HEADER = (
    "| rows | source | engine | median s | min s | max s | client peak RSS MiB | fetched |\n"
    "|---|---|---|---:|---:|---:|---:|---|"
)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a throwaway server (as tests/conftest.py's `postgres` fixture starts one)


class Server:
    """scripts/pg_test_server.sh in a temporary folder on a free port; stopped on exit."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.folder = tempfile.mkdtemp(prefix="llmcost-bench-pg-")
        self.env = {**os.environ, "LLMCOST_PG_DIR": self.folder, "LLMCOST_PG_PORT": str(port)}
        script = ROOT / "scripts" / "pg_test_server.sh"
        proc = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, env=self.env, check=True)
        self.uri = proc.stdout.strip()
        self.port = port
        self.script = script

    def psql(self, sql: str, stdin: Path | None = None) -> str:
        """psql as the server's owner; COPY reads `stdin` (opened here, so any user may own the file)."""
        psql = next(Path("/usr/lib/postgresql").glob("*/bin/psql"))
        owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        cmd = [*owner, str(psql), "-h", self.folder, "-p", str(self.port), "-U", "llmcost", "-d", "llmcost"]
        with stdin.open("rb") if stdin else open(os.devnull, "rb") as source:
            proc = subprocess.run([*cmd, "-v", "ON_ERROR_STOP=1", "-Atc", sql], stdin=source, capture_output=True)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr.decode())
        return proc.stdout.decode().strip()

    def stop(self) -> None:
        subprocess.run(["bash", str(self.script), "stop"], capture_output=True, env=self.env)
        shutil.rmtree(self.folder, ignore_errors=True)


def load(server: Server, size: str) -> str:
    """logs_<size>.csv COPYed into a typed table logs_<size>; its name."""
    table = f"logs_{size}"
    start = time.perf_counter()
    server.psql(f"CREATE TABLE {table} ({COLUMNS})")
    server.psql(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)", stdin=DATA / f"logs_{size}.csv")
    server.psql(f"ANALYZE {table}")
    pages = server.psql(f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))")
    print(f"loaded {table} in {time.perf_counter() - start:.0f} s ({pages})", file=sys.stderr, flush=True)
    return table


def postgres(sizes: list[str], runs: int, jobs: list[str]) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `kill` stops the server too (finally)
    server = Server()
    try:
        print(HEADER)
        for size in sizes:
            table = load(server, size)
            for job in jobs:
                argv = [*common(job), server.uri, "--table", table]
                print(row(size, f"PostgreSQL, {job}", "pushdown", timed(argv, runs)), flush=True)
                print(row(size, f"PostgreSQL, {job}", "local", timed([*argv, "--engine", "local"], runs)), flush=True)
            server.psql(f"DROP TABLE {table}")
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# Files: the same Parquet, summed by Polars (the default) or by an engine


def files(sizes: list[str], runs: int, jobs: list[str], chosen: list[str] | None) -> None:
    """Every file engine by default; a local Spark (a JVM per run) only at 1M rows unless named."""
    from llmcost.engines import FILE_ENGINES

    print(HEADER)
    for size in sizes:
        logs = str(DATA / f"logs_{size}.parquet")
        default = [e for e in ("polars", *FILE_ENGINES) if e != "spark" or size == "1m"]
        for job in jobs:
            for engine in chosen or default:
                argv = [*common(job), logs, "--engine", engine]
                print(row(size, f"Parquet, {job}", engine, timed(argv, runs)), flush=True)


def cells(sizes: list[str], jobs: list[str]) -> None:
    """The cubes each command computes (one run each, Polars on Parquet; an engine returns the
    same cells): the figures docs/scale.md projects from."""
    print("| rows | job | cubes | cube rows | columns | cells | Arrow size |\n|---|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        for job in jobs:
            result = measure([*common(job), str(DATA / f"logs_{size}.parquet")])
            data = [f for f in result["fetched"] if f["kind"] == "result"]
            rows = sum(f["rows"] for f in data)
            width = "/".join(str(f["columns"]) for f in data)
            total = sum(f["rows"] * f["columns"] for f in data)
            size_b = sum(f["bytes"] for f in data)
            print(f"| {size} | {job} | {len(data)} | {rows:,} | {width} | {total:,} | {mib(size_b)} |", flush=True)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "child":
        sys.exit(child(sys.argv[2], sys.argv[3:]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["pg", "files", "cells"])
    parser.add_argument("--sizes", nargs="+", default=["1m"])
    parser.add_argument("--jobs", nargs="+", default=["cpi"], choices=list(JOBS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", nargs="+", help="files: the engines to run (default: all, Spark at 1m)")
    parser.add_argument("--no-warm-up", action="store_true", help="no warm-up run (the largest sizes)")
    args = parser.parse_args()
    global WARM_UP
    WARM_UP = not args.no_warm_up
    (DATA / "empty.yaml").touch()
    if args.what == "pg":
        postgres(args.sizes, args.runs, args.jobs)
    elif args.what == "files":
        files(args.sizes, args.runs, args.jobs, args.engines)
    else:
        cells(args.sizes, args.jobs)


if __name__ == "__main__":
    main()
