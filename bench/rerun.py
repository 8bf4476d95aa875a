"""A nightly re-run with the cube cache: one more daily file, and only it is read.

    python bench/rerun.py bench/data/logs_2m.csv            # 10 daily CSV files, then an 11th
    python bench/rerun.py bench/data/logs_100m.parquet      # its 100 Parquet files, then a 101st

Splits the log into daily files (CSV: 11 equal slices; Parquet: the folder's own files, one held
back), then times `customers --per-month --revenue` as whole processes: the first run with an
empty cache, the same run again (every file from the cache), and the run after the held-back
file is added. Prints a Markdown table with wall seconds, peak RSS and each run's time as a
share of the first; checks that the re-run's output equals a `--no-cache` run's.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from run import DATA, LLMCOST, compiled, measure


def daily_files(logs: Path, folder: Path) -> Path:
    """The log as daily files in `folder`; returns the held-back last one (outside `folder`)."""
    if logs.is_dir():  # a Parquet folder: its files are the days
        files = sorted(logs.glob("*.parquet"))
        for f in files[:-1]:
            (folder / f.name).symlink_to(f.resolve())
        return files[-1]
    frame = pl.read_csv(logs, infer_schema=False)
    size = frame.height // 11
    for day in range(11):
        part = frame.slice(day * size, size if day < 10 else frame.height)
        part.write_csv(folder / f"day{day:02d}.csv" if day < 10 else folder.parent / "day10.csv")
    return folder.parent / "day10.csv"


def main(logs: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="llmcost-rerun-"))
    folder, kept = work / "days", work / "cache"
    folder.mkdir()
    # Split in a child: a process's peak RSS counts its parent's memory at the fork, so a parent
    # that had read the CSV would add its 600 MiB to every llmcost run measured after.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        held = pool.apply(daily_files, (logs, folder))
    revenue, pricing, empty = str(DATA / "revenue.csv"), str(DATA / "pricing.yaml"), DATA / "empty.yaml"
    empty.touch()
    compiled()
    base = [*LLMCOST, "customers", "--per-month", "--revenue", revenue, str(folder), "--pricing", pricing,
            "--config", str(empty), "-f", "csv", "-q", "--cache-dir", str(kept)]  # fmt: skip
    first = measure([*base, "-o", str(work / "first.csv")])
    again = measure([*base, "-o", str(work / "again.csv")])
    target = folder / held.name
    if logs.is_dir():
        target.symlink_to(held.resolve())
    else:
        shutil.move(held, target)
    added = measure([*base, "-o", str(work / "added.csv")])
    plain = measure([*base, "--no-cache", "-o", str(work / "plain.csv")])
    same = (work / "added.csv").read_bytes() == (work / "plain.csv").read_bytes()
    files = len(list(folder.iterdir()))
    print(f"{logs.name}: {files - 1} files, then {files}; the re-run's output equals --no-cache's: {same}")
    print("| run | wall s | peak RSS MiB | share of the first run |")
    print("|---|---:|---:|---:|")
    for name, (seconds, rss) in [("first (empty cache)", first), ("again (all from cache)", again),
                                 ("one file added", added), ("--no-cache, all files", plain)]:  # fmt: skip
        print(f"| {name} | {seconds:.2f} | {rss} | {seconds / first[0]:.0%} |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
