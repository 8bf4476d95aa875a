"""Hostile log files (issue 13, round two): JSON columns the first 1,000 lines do not show, the same rows
reached by many paths, compressed input read as a stream, and folder entries that cannot be read.

Expected costs are worked out here with Decimal from the rows written, never taken from llmcost.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
import zlib
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

M = D(1_000_000)
PRICES = "models:\n  m: {input: 1, output: 2}\n  gpt-4o: {input: 2.5, cached_input: 1.25, output: 10}\n"
HEADER = "timestamp,model,input_tokens,output_tokens\n"


def rows_csv(rows: list[tuple[int, int]]) -> str:
    return HEADER + "".join(f"2026-05-01T00:00:00Z,m,{i},{o}\n" for i, o in rows)


def m_cost(rows: list[tuple[int, int]]) -> D:
    return sum((D(i) * 1 + D(o) * 2 for i, o in rows), D(0)) / M


def cost_and_read(result) -> tuple[float, int]:
    assert result.code == 0, result.err
    total = sum(r["cost"] for r in result.json())
    read = int(result.err.rsplit("read ", 1)[1].split(" ")[0].replace(",", ""))
    return total, read


def call(cached: int | None = None, tokens: object = 1000, **extra) -> dict:
    row = {"timestamp": "2026-05-01T00:00:00Z", "model": "gpt-4o", "input_tokens": tokens, "output_tokens": 100}
    if cached is not None:
        row["cached_input_tokens"] = cached
    return {**row, **extra}


# 1,001 calls of 1,000 input / 100 output tokens, then one of 1,000,000 input with 900,000 cached: the cached
# column first appears on line 1,002, after the 1,000 lines Polars looked at to type the file.
LATE = [call() for _ in range(1001)] + [{**call(900_000), "input_tokens": 1_000_000}]
LATE_COST = (1001 * (1000 * D("2.5") + 100 * 10) + 100_000 * D("2.5") + 900_000 * D("1.25") + 100 * 10) / M


@pytest.fixture
def prices(tmp_path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(PRICES)
    return path


# --- 1. every JSON column, whatever line it first appears on -------------------------------------------------


@pytest.mark.parametrize("name", ["late.jsonl", "late.json", "late.jsonl.gz", "late.json.gz"])
def test_a_column_first_seen_on_line_1002_is_priced(run, prices, tmp_path, name):
    """Old: the cached column was dropped from JSON Lines (priced as full input: $6.0045, not $4.8795) and a
    JSON array failed ("extra field in struct data")."""
    body = ("\n".join(json.dumps(r) for r in LATE) + "\n" if ".jsonl" in name else json.dumps(LATE)).encode()
    (tmp_path / name).write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    total, read = cost_and_read(run("cpi", name, "--pricing", prices, "-f", "json"))
    assert read == 1002
    assert total == pytest.approx(float(LATE_COST), rel=1e-12)


def test_openai_usage_details_first_seen_on_line_1002(run, prices, tmp_path):
    """The issue's customer: Chat Completions objects whose prompt_tokens_details appear late ($50, not $500)."""
    plain = {
        "id": "r",
        "model": "gpt-4o",
        "created": 1777593600,
        "usage": {"prompt_tokens": 1000, "completion_tokens": 100},
    }
    rows = [{**plain, "id": f"r{i}"} for i in range(1001)]
    rows.append(
        {
            **plain,
            "id": "last",
            "usage": {
                "prompt_tokens": 1_000_000,
                "completion_tokens": 100,
                "prompt_tokens_details": {"cached_tokens": 900_000},
            },
        }
    )
    (tmp_path / "o.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    total, read = cost_and_read(run("cpi", "o.jsonl", "--preset", "openai", "--pricing", prices, "-f", "json"))
    assert (read, total) == (1002, pytest.approx(float(LATE_COST), rel=1e-12))


def test_a_column_null_for_1000_lines_then_set(run, prices, tmp_path):
    rows = [call(customer_id=None) for _ in range(1000)] + [call(customer_id="acme")]
    (tmp_path / "l.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("customers", "l.jsonl", "--pricing", prices, "-f", "json")
    assert result.code == 0, result.err
    acme = [r for r in result.json() if r["customer_id"] == "acme"]
    assert acme[0]["inferences"] == 1
    assert acme[0]["cost"] == pytest.approx(float((1000 * D("2.5") + 100 * 10) / M), rel=1e-12)


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_values_of_another_type_reject_their_row_not_the_file(run, prices, tmp_path, fmt):
    """int, then 12.0, "12", "abc", NaN, Infinity and 1e400 after line 1,000: one reason per bad row, with its
    row and column; the good ones priced."""
    good = [call() for _ in range(1000)] + [call(tokens=12.0), call(tokens="12"), call(tokens=" 12 ")]
    bad = ['"abc"', "NaN", "Infinity", "1e400"]
    zero = json.dumps(call(tokens=0))
    lines = [json.dumps(r) for r in good] + [zero.replace('"input_tokens": 0', f'"input_tokens": {b}') for b in bad]
    lines.append(json.dumps(call()).replace("}", ', "cost": NaN}'))
    body = "\n".join(lines) + "\n" if fmt == "jsonl" else "[" + ",\n".join(lines) + "]"
    (tmp_path / f"l.{fmt}").write_text(body)
    result = run("cpi", f"l.{fmt}", "--pricing", prices, "-f", "json")
    total, read = cost_and_read(result)
    assert read == len(lines)
    assert f"4 rows rejected in l.{fmt}: input_tokens: not a whole number (first at row 1004)" in result.err
    assert f"1 rows rejected in l.{fmt}: cost: not a finite number (first at row 1008)" in result.err
    expected = (1000 * (1000 * D("2.5") + 1000) + 3 * (12 * D("2.5") + 1000)) / M
    assert total == pytest.approx(float(expected), rel=1e-12)


def test_a_field_that_is_an_object_in_one_line_and_text_in_another(run, prices, tmp_path):
    """Polars cannot type this file (an object on 1,000 lines, then text, then a list): the Python rewrite
    reads it, the field as JSON text. (Old: read, the text and list as null; this guards the rewrite.)"""
    rows = [call(metadata={"team": "a"}) for _ in range(1000)] + [call(metadata="plain"), call(metadata=[1, 2])]
    (tmp_path / "l.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    total, read = cost_and_read(run("cpi", "l.jsonl", "--pricing", prices, "-f", "json"))
    assert (read, total) == (1002, pytest.approx(float(1002 * (1000 * D("2.5") + 1000) / M), rel=1e-12))


def test_sqlite_column_whose_type_changes_after_1024_rows(run, prices, tmp_path):
    """SQLite keeps any value in any column; the ADBC driver typed a column from its first 1,024 rows and failed
    the whole read on row 2,001 ("Type mismatch in column 2")."""
    db = sqlite3.connect(tmp_path / "g.db")
    db.execute("CREATE TABLE calls (timestamp TEXT, model TEXT, input_tokens, output_tokens)")
    rows = [("2026-05-01T00:00:00Z", "m", 10, 5)] * 2000 + [
        ("2026-05-01T00:00:00Z", "m", "12.0", 5),
        ("2026-05-01T00:00:00Z", "m", "abc", 5),
    ]
    db.executemany("INSERT INTO calls VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    result = run("cpi", "sqlite:///g.db", "--table", "calls", "--pricing", prices, "-f", "json")
    total, read = cost_and_read(result)
    assert read == 2002 and "input_tokens: not a whole number (first at row 2002)" in result.err
    assert total == pytest.approx(float((2000 * D(20) + 22) / M), rel=1e-12)


def test_sqlite_missing_file_is_not_created(run, prices, tmp_path):
    result = run("cpi", "sqlite:///missing.db", "--table", "calls", "--pricing", prices)
    assert result.code == 2 and "sqlite:///missing.db: no such database file" in result.err, result.err
    assert not (tmp_path / "missing.db").exists()


# --- 2. the same rows, counted once ------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 10**6)), min_size=1, max_size=20),
    picks=st.lists(
        st.sampled_from(["file", "dot", "link", "hardlink", "folder", "glob", "deep glob", "parent"]),
        min_size=1,
        max_size=6,
    ),
)
def test_the_same_rows_under_any_paths_give_the_same_figures(run, tmp_path, rows, picks):
    """One log reached as itself, ./itself, a symbolic and a hard link, its folder, globs and a parent folder
    (which also holds a hidden backup copy and an editor swap file), any number of times: read once."""
    case = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    logs = case / "logs"
    (logs / ".backup").mkdir(parents=True)
    (logs / "2026.csv").write_text(rows_csv(rows))
    (logs / ".backup" / "2026.csv").write_text(rows_csv(rows))
    (logs / ".2026.csv.swp").write_bytes(b"\0swap")
    (case / "link.csv").symlink_to(logs / "2026.csv")
    os.link(logs / "2026.csv", case / "hard.csv")
    (case / "p.yaml").write_text(PRICES)
    names = {
        "file": "logs/2026.csv",
        "dot": "./logs/../logs/2026.csv",
        "link": "link.csv",
        "hardlink": "hard.csv",
        "folder": "logs",
        "glob": "logs/*.csv",
        "deep glob": "logs/**/*.csv",
        "parent": ".",
    }
    os.chdir(case)
    total, read = cost_and_read(run("cpi", *(names[p] for p in picks), "--pricing", "p.yaml", "-f", "json"))
    assert read == len(rows)
    assert total == pytest.approx(float(m_cost(rows)), rel=1e-12)


def test_an_argument_that_adds_nothing_is_said(run, prices, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.csv").write_text(rows_csv([(10, 5)]))
    result = run("cpi", "d", "d/a.csv", "d/*.csv", "--pricing", prices, "-f", "json")
    assert cost_and_read(result)[1] == 1
    assert "warning: d/a.csv: adds no file not read already" in result.err
    assert "warning: d/*.csv: adds no file not read already" in result.err


def test_hidden_files_are_read_only_when_asked(run, prices, tmp_path):
    (tmp_path / "d" / ".old").mkdir(parents=True)
    (tmp_path / "d" / "a.csv").write_text(rows_csv([(10, 5)]))
    (tmp_path / "d" / ".old" / "b.csv").write_text(rows_csv([(7, 3)]))
    (tmp_path / "d" / ".c.csv").write_text(rows_csv([(1, 1)]))
    plain = run("cpi", "d", "--pricing", prices, "-f", "json")
    assert cost_and_read(plain) == (pytest.approx(float(m_cost([(10, 5)]))), 1)
    assert "warning: d: 2 hidden files or folders not read (--include-hidden reads them)" in plain.err
    every = run("cpi", "d", "--include-hidden", "--pricing", prices, "-f", "json")
    assert cost_and_read(every) == (pytest.approx(float(m_cost([(10, 5), (7, 3), (1, 1)]))), 3)
    globbed = run("cpi", "d/**/*.csv", "--include-hidden", "--pricing", prices, "-f", "json")
    assert cost_and_read(globbed)[1] == 3


def test_identical_copies_are_said(run, prices, tmp_path):
    (tmp_path / "d").mkdir()
    text = rows_csv([(10, 5)])
    (tmp_path / "d" / "a.csv").write_text(text)
    (tmp_path / "d" / "a copy.csv").write_text(text)
    (tmp_path / "d" / "a.csv.gz").write_bytes(gzip.compress(text.encode()))
    result = run("cpi", "d", "--pricing", prices, "-f", "json")
    assert cost_and_read(result)[1] == 3
    assert "warning: d/a copy.csv and d/a.csv have identical content" in result.err
    assert "warning: d/a.csv and d/a.csv.gz have identical content" in result.err


# --- 3. compressed input as a stream ---------------------------------------------------------------------------


def _gz_log(path: Path, rows: int) -> int:
    """A .csv.gz of `rows` rows, written a block at a time; its uncompressed size."""
    block = "".join(f"2026-05-01T00:00:{i % 60:02d}Z,m,{100 + i % 7},{5 + i % 3}\n" for i in range(10_000))
    with gzip.open(path, "wt", compresslevel=1) as out:
        out.write(HEADER)
        for _ in range(rows // 10_000):
            out.write(block)
    return len(HEADER) + len(block.encode()) * (rows // 10_000)


def test_opening_a_csv_gz_holds_no_decompressed_copy_in_python(tmp_path):
    """Old: the separator sniffing gunzipped the whole file in Python to read 4 KB (here 50 MB)."""
    from llmcost.sources import open_sources

    size = _gz_log(tmp_path / "big.csv.gz", 1_500_000)
    assert size > 40 * 2**20
    tracemalloc.start()
    try:
        opened = open_sources([str(tmp_path / "big.csv.gz")])
        peak = tracemalloc.get_traced_memory()[1]
        sources = opened[0] if isinstance(opened, tuple) else opened  # (sources, warnings); a list before
    finally:
        tracemalloc.stop()
    assert sources[0].format == "csv"
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MiB held in Python"


def test_diagnosing_a_broken_csv_gz_streams_it(tmp_path):
    """The error path names the line without holding the file (old: the whole file, decompressed, and its lines)."""
    from llmcost.sources import diagnose

    path = tmp_path / "big.csv.gz"
    _gz_log(path, 200_000)
    with gzip.open(path, "at") as out:
        out.write("2026-05-01T00:00:00Z,m,1,1,extra\n")
    tracemalloc.start()
    try:
        found = diagnose(str(path), "csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == "line 200002: 5 fields where the header has 4 (a stray ',' or an unquoted value?)"
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MiB held in Python"


MEASURED = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from Linux's /proc")


def _peak(args: list[str], cwd: Path) -> tuple[int, float, str]:
    """Exit code, peak RSS (MiB) of a fresh process running llmcost, its stderr."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (a big pytest) across fork and exec
    code = (
        "import re, sys\nfrom llmcost.cli import main\ncode = main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024, file=sys.stderr)\nsys.exit(code)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )
    *lines, peak = proc.stderr.strip().splitlines()
    return proc.returncode, float(peak), "\n".join(lines)


def bomb(prefix: bytes, size: int) -> bytes:
    """`prefix` then `size` zero bytes, gzip-compressed (about 1,000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(2**20)
    return packer.compress(prefix) + b"".join(packer.compress(block) for _ in range(size // 2**20)) + packer.flush()


@MEASURED
def test_a_gzip_bomb_is_stopped_with_memory_flat(tmp_path):
    """256 KB that expand to 256 MiB with no line end: old, Python held the 256 MiB and Polars the line
    (about 1.5 GiB); now one `error:` having read 64 MiB of it as a stream."""
    (tmp_path / "l.csv.gz").write_bytes(bomb(HEADER.encode(), 256 * 2**20))
    (tmp_path / "p.yaml").write_text(PRICES)
    code, peak, err = _peak(["cpi", "l.csv.gz", "--pricing", "p.yaml"], tmp_path)
    assert code == 2 and err.startswith("error: l.csv.gz, line 2: longer than 64 MiB"), err
    assert peak < 400, f"peak RSS {peak:.0f} MiB"


def _wide_gz(path: Path, blocks: int) -> int:
    """A .csv.gz of 10,000-row blocks with a 1,000-character note on each row: much text for Polars to skip,
    little to compute, so memory shows how the text is read. Its uncompressed size."""
    note = "x" * 1000
    block = "".join(f"2026-05-01T00:00:{i % 60:02d}Z,m,{100 + i % 7},{5 + i % 3},{note}\n" for i in range(10_000))
    with gzip.open(path, "wt", compresslevel=6) as out:
        out.write("timestamp,model,input_tokens,output_tokens,note\n")
        for _ in range(blocks):
            out.write(block)
    return len(block) * blocks


@MEASURED
def test_memory_stays_flat_in_the_uncompressed_size(tmp_path):
    """200 MB of text in a 1.3 MB .csv.gz against 10 MB of the same: old, the peak grew by 1.5× the text (the
    gunzipped copy in Python, 456 MiB against 157); now by a fraction of it."""
    (tmp_path / "p.yaml").write_text(PRICES)
    size = _wide_gz(tmp_path / "big.csv.gz", 20) - _wide_gz(tmp_path / "small.csv.gz", 1)
    args = ["--pricing", "p.yaml", "-f", "csv", "--quiet"]
    _, small, _ = _peak(["cpi", "small.csv.gz", *args], tmp_path)
    code, big, err = _peak(["cpi", "big.csv.gz", *args], tmp_path)
    assert code == 0, err
    assert big - small < size / 2**20 / 4, f"{small:.0f} MiB, then {big:.0f} MiB for {size / 2**20:.0f} MiB more text"


def test_standard_input_is_spooled_not_held(run, prices, tmp_path):
    rows = [(i, i % 7) for i in range(1, 2000)]
    total, read = cost_and_read(
        run("cpi", "-", "--pricing", prices, "-f", "json", stdin=gzip.compress(rows_csv(rows).encode()))
    )
    assert (read, total) == (len(rows), pytest.approx(float(m_cost(rows)), rel=1e-12))


# --- 4. what cannot be read is said --------------------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.csv").write_text(rows_csv([(10, 5)]))
    return tmp_path / "d"


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda d: (d / "b.csv").symlink_to(d / "gone.csv"), "d/b.csv: a symbolic link to"),
        (lambda d: os.mkfifo(d / "b.csv"), "d/b.csv: a named pipe, not a file"),
        (
            lambda d: (d / "b.csv.bz2").write_bytes(bz2.compress(rows_csv([(1, 1)]).encode())),
            "d/b.csv.bz2: compressed with bzip2, which llmcost does not read",
        ),
    ],
    ids=["dangling link", "fifo", "bzip2"],
)
def test_an_unreadable_entry_in_a_folder_is_exit_2_or_skipped_and_said(run, prices, tmp_path, make, said):
    make(_folder(tmp_path))
    stopped = run("cpi", "d", "--pricing", prices, "-f", "json")
    assert stopped.code == 2 and said in stopped.err and "--skip-unreadable" in stopped.err, stopped.err
    skipped = run("cpi", "d", "--skip-unreadable", "--pricing", prices, "-f", "json")
    assert cost_and_read(skipped)[1] == 1
    assert f"warning: {said}" in skipped.err


def test_an_unreadable_sub_folder_is_said(run, prices, tmp_path, monkeypatch):
    """As root chmod 000 does not stop a read, so the listing fails the way it would for another user."""
    (_folder(tmp_path) / "locked").mkdir()
    (tmp_path / "d" / "locked" / "b.csv").write_text(rows_csv([(1, 1)]))
    real = os.scandir

    def scandir(path=".", *args):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    stopped = run("cpi", "d", "--pricing", prices, "-f", "json")
    assert stopped.code == 2 and "d/locked: cannot read this folder (Permission denied)" in stopped.err, stopped.err
    skipped = run("cpi", "d", "--skip-unreadable", "--pricing", prices, "-f", "json")
    assert cost_and_read(skipped)[1] == 1 and "warning: d/locked: cannot read this folder" in skipped.err


def test_an_unreadable_file_is_said(run, prices, tmp_path, monkeypatch):
    _folder(tmp_path)
    (tmp_path / "d" / "b.csv").write_text(rows_csv([(1, 1)]))
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not str(path).endswith("b.csv") and real(path, mode))
    stopped = run("cpi", "d", "--pricing", prices, "-f", "json")
    assert stopped.code == 2 and "d/b.csv: cannot read (permission denied)" in stopped.err, stopped.err


def test_a_named_pipe_given_directly_is_read(run, prices, tmp_path):
    """`llmcost cpi <(zcat log.csv.gz)` passes a pipe: old, 'file is empty'."""
    os.mkfifo(tmp_path / "pipe")
    rows = [(10, 5), (20, 1)]

    def write() -> None:
        with (tmp_path / "pipe").open("w") as pipe:
            pipe.write(rows_csv(rows))

    writer = threading.Thread(target=write, daemon=True)  # daemon: a reader that never opens leaves it blocked
    writer.start()
    try:
        total, read = cost_and_read(run("cpi", "pipe", "--pricing", prices, "-f", "json"))
    finally:
        writer.join(timeout=10)
    assert (read, total) == (2, pytest.approx(float(m_cost(rows)), rel=1e-12))
