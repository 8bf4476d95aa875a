"""The cube cache (llmcost.cache, llmcost.incremental): output with it is byte for byte the
output without it, through appends, edits, deletions and price changes; it says what it
read from the cache; two runs at once and a damaged entry cost time, never a wrong figure."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from llmcost import cache, incremental
from tests.conftest import PRICING, ROOT

COMMANDS = [  # money per customer and month, the row account and rejections, quality sums
    ("customers", "--per-month", "-f", "csv"),
    ("validate", "-f", "json"),
    ("errors", "--by", "model", "-f", "csv"),
]
NEW_DATE = "      - {from: 2026-05-15, input: 2.50, output: 12.00}"
# Price changes: a price alone (same breakpoints: the cells hold), a new dated price and a
# new long-context tier (new breakpoints: new cells).
PRICES = {
    "base": PRICING,
    "dearer": PRICING.replace("output: 10.00\n    batch_discount", "output: 12.00\n    batch_discount"),
    "dated": PRICING.replace("      - {from: 2026-06-01,", f"{NEW_DATE}\n      - {{from: 2026-06-01,"),
    "tiered": PRICING.replace("above_input_tokens: 200000", "above_input_tokens: 4000"),
}


@pytest.fixture
def every_file_kept(monkeypatch):
    """Test logs are small: keep them all (the real threshold keeps files of 1 MiB and more),
    and merge units into the running total every few cells (as 100 big files do)."""
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    monkeypatch.setattr(incremental, "MERGE_CELLS", 4)


def _rows(draw: st.DrawFn, n: int) -> list[dict]:
    """Calls around a price break, some rejected (negative tokens), some ids repeated within
    and across files (a pool of 30), some without an id, logged costs and latencies as floats."""
    rows = []
    for _ in range(n):
        day = draw(st.integers(0, 120))
        rows.append(
            {
                "timestamp": f"2026-{4 + day // 31:02d}-{1 + day % 28:02d}T{draw(st.integers(0, 23)):02d}:00:00Z",
                "model": draw(st.sampled_from(["gpt-4o", "claude-sonnet-4", "gpt-4o-mini", "mystery-model"])),
                "input_tokens": draw(st.sampled_from([-5, 0, 120, 3000, 5000, 250_000])),
                "output_tokens": draw(st.integers(0, 2000)),
                "customer_id": draw(st.sampled_from(["acme", "beta", "gamma"])),
                "request_id": draw(st.one_of(st.none(), st.integers(0, 29).map(lambda i: f"r{i}"))),
                "cost": draw(st.floats(0, 1, allow_nan=False)),
                "latency_ms": draw(st.floats(1, 5000, allow_nan=False)),
                "status": draw(st.sampled_from(["ok", "ok", "error"])),
            }
        )
    return rows


@st.composite
def histories(draw: st.DrawFn) -> list[tuple]:
    """A first folder of 1–3 files, then 1–4 steps: append, edit, delete a file, or change prices."""
    steps: list[tuple] = [("append", _rows(draw, draw(st.integers(1, 12)))) for _ in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["append", "edit", "delete", "price"]))
        if kind == "price":
            steps.append(("price", draw(st.sampled_from(sorted(PRICES)))))
        elif kind == "append":
            steps.append(("append", _rows(draw, draw(st.integers(1, 12)))))
        else:
            steps.append((kind, draw(st.integers(0, 9)), _rows(draw, draw(st.integers(1, 12)))))
    return steps


def _apply(step: tuple, folder: Path, pricing: Path) -> None:
    files = sorted(folder.glob("*.csv"))
    if step[0] == "append":
        pl.DataFrame(step[1], infer_schema_length=None).write_csv(folder / f"day{len(files) + 100:04d}.csv")
    elif step[0] == "price":
        pricing.write_text(PRICES[step[1]])
    elif step[0] == "edit" and files:
        pl.DataFrame(step[2], infer_schema_length=None).write_csv(files[step[1] % len(files)])
    elif step[0] == "delete" and len(files) > 1:
        files[step[1] % len(files)].unlink()


def _one_file(folder: Path, work: Path) -> str:
    """The folder's files one after the other (their order as read): a single file's duplicates
    are resolved in one pass over all its ids, the way llmcost always did."""
    frames = [pl.read_csv(f, infer_schema=False) for f in sorted(folder.glob("*.csv"))]
    pl.concat(frames, how="diagonal").write_csv(work / "one.csv")
    return str(work / "one.csv")


def _without_cache_line(err: str) -> list[str]:
    return [line for line in err.splitlines() if "from cache (" not in line]


@pytest.mark.usefixtures("every_file_kept")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_output_with_the_cache_is_the_output_without_it(run, tmp_path_factory, history):
    work = tmp_path_factory.mktemp("history")
    folder, kept, pricing = work / "logs", work / "cache", work / "pricing.yaml"
    folder.mkdir()
    pricing.write_text(PRICING)
    for step in history:
        _apply(step, folder, pricing)
        for command in COMMANDS:
            common = (*command, str(folder), "--pricing", str(pricing))
            plain = run(*common, "--no-cache")
            first = run(*common, "--cache-dir", str(kept))
            again = run(*common, "--cache-dir", str(kept))
            for cached in (first, again):
                said = "".join(difflib.unified_diff(plain.out.splitlines(True), cached.out.splitlines(True), n=1))
                assert (cached.code, cached.out) == (plain.code, plain.out), (step[0], command, said)
                assert _without_cache_line(cached.err) == plain.err.splitlines(), (step, command)
            if command[0] == "customers" and plain.code == 0:  # files apart = their rows in one file
                one = run(*command, _one_file(folder, work), "--pricing", str(pricing))
                # every sum in a cell is of integers (logged costs in fixed point): equal to the last bit
                assert_frame_equal(plain.csv(), one.csv(), check_exact=True)
    assert not any(kept.glob("*/.*.tmp"))  # no write left half-done


@pytest.fixture
def days(tmp_path) -> Path:
    """Three daily files; day 2 repeats an id of day 1 (its copy wins)."""
    folder = tmp_path / "logs"
    folder.mkdir()
    for day in (1, 2, 3):
        rows = [
            {
                "timestamp": f"2026-05-0{day}T10:00:00Z",
                "model": "gpt-4o",
                "input_tokens": 1000 * day + i,
                "output_tokens": 10,
                "customer_id": "acme",
                "request_id": f"d{day}-{i}" if not (day == 2 and i == 0) else "d1-0",
            }
            for i in range(40)
        ]
        pl.DataFrame(rows).write_csv(folder / f"day{day}.csv")
    (tmp_path / "pricing.yaml").write_text(PRICING)
    return folder


def _cpi(run, folder: Path, *more: str):
    return run("cpi", str(folder), "--pricing", str(folder.parent / "pricing.yaml"), "-f", "csv", *more)


@pytest.mark.usefixtures("every_file_kept")
def test_a_rerun_says_what_came_from_the_cache(run, days):
    kept = str(days.parent / "kept")
    first = _cpi(run, days, "--cache-dir", kept)
    assert "from cache" not in first.err
    # Day 1 and day 2 share an id: they are re-read each run (the later copy wins); day 3 is not.
    second = _cpi(run, days, "--cache-dir", kept)
    assert "1 of 1 file from cache" in second.err and second.out == first.out
    (days / "day3.csv").write_text((days / "day3.csv").read_text().replace("2026-05-03", "2026-05-04"))
    third = _cpi(run, days, "--cache-dir", kept)
    assert "from cache" not in third.err, third.err  # an edited file is read again
    assert third.out == _cpi(run, days, "--no-cache").out
    assert "duplicates 1" in third.err


@pytest.mark.usefixtures("every_file_kept")
def test_nine_of_ten_files_from_cache_after_one_new_day(run, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    (tmp_path / "pricing.yaml").write_text(PRICING)

    def day(n: int) -> None:
        rows = [{"timestamp": f"2026-05-{n:02d}T10:00:00Z", "model": "gpt-4o", "input_tokens": n, "output_tokens": 1,
                 "request_id": f"{n}-{i}"} for i in range(5)]  # fmt: skip
        pl.DataFrame(rows).write_csv(folder / f"day{n:02d}.csv")

    for n in range(1, 10):
        day(n)
    kept = str(tmp_path / "kept")
    _cpi(run, folder, "--cache-dir", kept)
    day(10)
    assert "9 of 10 files from cache" in _cpi(run, folder, "--cache-dir", kept).err


@pytest.mark.usefixtures("every_file_kept")
def test_a_nightly_run_reads_the_kept_total_and_the_new_file_only(run, tmp_path, monkeypatch):
    """The total of the files summed last night is kept: with one more file, one unit is read
    (not ten), and the shorter total gives way to the longer one."""
    folder = tmp_path / "logs"
    folder.mkdir()
    (tmp_path / "pricing.yaml").write_text(PRICING)
    for n in range(1, 11):
        rows = [{"timestamp": f"2026-05-{n:02d}T10:00:00Z", "model": "gpt-4o", "input_tokens": n * 100 + i,
                 "output_tokens": 1, "cost": 0.1 * i, "request_id": f"{n}-{i}"} for i in range(5)]  # fmt: skip
        pl.DataFrame(rows).write_csv(folder / f"day{n:02d}.csv")
    (folder / "day10.csv").rename(tmp_path / "day10.csv")
    kept = tmp_path / "kept"
    for command in (("cpi", "-f", "csv"), ("validate", "-f", "json")):  # a total per plan
        run(*command, str(folder), "--pricing", str(tmp_path / "pricing.yaml"), "--cache-dir", str(kept))
    before = set(kept.glob("*/*.parquet"))
    (tmp_path / "day10.csv").rename(folder / "day10.csv")
    summed_units, ids_read = [], []
    unit, ids = incremental._unit, incremental._ids
    monkeypatch.setattr(
        incremental, "_unit", lambda log, found, u, *a: summed_units.append(u) or unit(log, found, u, *a)
    )
    monkeypatch.setattr(incremental, "_ids", lambda log, i, *a: ids_read.append(i) or ids(log, i, *a))
    for command in (("cpi", "-f", "csv"), ("validate", "-f", "json")):
        common = (*command, str(folder), "--pricing", str(tmp_path / "pricing.yaml"))
        summed_units.clear()
        nightly = run(*common, "--cache-dir", str(kept))
        assert summed_units == [(9,)], summed_units  # the tenth file's unit only
        assert "9 of 10 files from cache" in nightly.err or command[0] == "validate"  # its account is its output
        assert nightly.out == run(*common, "--no-cache").out
        ids_read.clear()
        lists = [e for e in kept.glob("*/*.parquet") if pl.read_parquet_schema(e) == {"_h": pl.UInt64}]
        for entry in lists:
            os.utime(entry, (0, 0))  # as if unused for decades: the first to be evicted
        again = run(*common, "--cache-dir", str(kept))
        assert ids_read == []  # which files share ids is kept too: no file's ids are read
        assert len(lists) == 10 and all(e.stat().st_mtime > 0 for e in lists)  # yet they stay in use
        assert again.out == nightly.out and ("10 of 10 files from cache" in again.err or command[0] == "validate")
    after = set(kept.glob("*/*.parquet"))
    # per file: cells (cpi's, validate's), ids and timestamp formats; the two totals of nine files
    # replaced by two of ten, and the files sharing ids among nine by those among ten
    assert len(after - before) == 1 * 4 + 2 + 1 and len(before - after) == 2 + 1


@pytest.mark.usefixtures("every_file_kept")
def test_a_kept_file_is_not_sniffed_again_and_a_stale_format_costs_no_row(run, days, monkeypatch):
    """A kept file's timestamp format is kept with it (sniffing a sample cost 20 ms a file of a
    run that reads no row). A wrong one only slows its rows: they go through the general parser."""
    from llmcost import columns
    from llmcost.config import load_config
    from llmcost.load import _recipe

    kept = days.parent / "kept"
    first = _cpi(run, days, "--cache-dir", str(kept))
    sniffs = []
    sniff = columns.sniff_timestamp
    monkeypatch.setattr(columns, "sniff_timestamp", lambda sample: sniffs.append(1) or sniff(sample))
    again = _cpi(run, days, "--cache-dir", str(kept))
    assert again.out == first.out and sniffs == []
    store, recipe = cache.Store(kept), _recipe(load_config(None), None, None, None, None)  # no settings, no options
    for path in sorted(days.glob("*.csv")):
        name, formats = store.formats(cache.kept_stamp(path), recipe)
        assert name is not None and formats == {"timestamp": ("%Y-%m-%dT%H:%M:%SZ", False)}
        store.keep_formats(name, {"timestamp": ("%d.%m.%Y", False)})  # fits no row
    stale = _cpi(run, days, "--cache-dir", str(kept), "--since", "2026-05-01")  # a window: cells summed again
    assert sniffs == []
    assert stale.out == _cpi(run, days, "--no-cache", "--since", "2026-05-01").out
    assert sniffs == [1, 1, 1]  # without the cache, each file is sniffed


@pytest.mark.usefixtures("every_file_kept")
def test_no_cache_writes_nothing_and_clear_empties_it(run, days):
    kept = days.parent / "kept"
    _cpi(run, days, "--cache-dir", str(kept), "--no-cache")
    assert not kept.exists()
    _cpi(run, days, "--cache-dir", str(kept))
    info = run("cache", "info", "--cache-dir", str(kept))
    entries = len(list(kept.glob("*/*.parquet")))
    assert info.code == 0 and entries and f"{entries:,} entries" in info.out
    cleared = run("cache", "clear", "--cache-dir", str(kept))
    assert f"removed {entries:,} entries" in cleared.out and not list(kept.glob("*/*.parquet"))


@pytest.mark.usefixtures("every_file_kept")
def test_a_damaged_or_vanished_entry_is_summed_again(run, days):
    kept = days.parent / "kept"
    first = _cpi(run, days, "--cache-dir", str(kept))
    for entry in kept.glob("*/*.parquet"):
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    again = _cpi(run, days, "--cache-dir", str(kept))
    assert again.out == first.out and "from cache" not in again.err


@pytest.mark.usefixtures("every_file_kept")
@pytest.mark.parametrize("damaged", [False, True])
def test_a_new_file_repeating_an_old_files_id_is_found_in_its_kept_hashes(run, days, damaged):
    """The night's file repeats an id of day 3, which the last run kept: day 3 is found by
    scanning the kept id hashes, and read again with it (its copy loses). With those hash
    lists damaged, each old file's ids are read again instead: the same figures."""
    kept = days.parent / "kept"
    _cpi(run, days, "--cache-dir", str(kept))
    if damaged:
        for entry in kept.glob("*/*.parquet"):
            if pl.read_parquet_schema(entry) == {"_h": pl.UInt64}:  # a file's id hashes
                entry.write_bytes(entry.read_bytes()[:40])
    rows = [{"timestamp": "2026-05-04T10:00:00Z", "model": "gpt-4o", "input_tokens": 7, "output_tokens": 1,
             "customer_id": "acme", "request_id": "d3-5"}]  # fmt: skip
    pl.DataFrame(rows).write_csv(days / "day4.csv")
    nightly = _cpi(run, days, "--cache-dir", str(kept))
    assert nightly.out == _cpi(run, days, "--no-cache").out
    assert "duplicates 2" in nightly.err and "from cache" not in nightly.err  # days 1-2 and 3-4 pairs


@pytest.mark.usefixtures("every_file_kept")
def test_ids_read_for_a_window_are_not_the_whole_files_ids(run, tmp_path):
    """With --since, typed Parquet timestamps are filtered in the scan: that run sees only the
    window's months, so its id hashes (and which files share ids) are not those of the whole
    files. A later run without a window must not take them: April's call logged in both files
    counts once. (Found by review: it counted twice, on the kept ids of the May-only run.)"""
    folder = tmp_path / "logs"
    folder.mkdir()
    (tmp_path / "pricing.yaml").write_text(PRICING)
    for name in ("a", "b"):
        rows = {
            "timestamp": [dt.datetime(2026, 4, 10), dt.datetime(2026, 5, 10)],
            "model": ["gpt-4o"] * 2,
            "input_tokens": [1000, 2000],
            "output_tokens": [10, 20],
            "request_id": ["x", f"{name}-may"],
        }
        pl.DataFrame(rows).with_columns(pl.col("timestamp").dt.replace_time_zone("UTC")).write_parquet(
            folder / f"{name}.parquet"
        )
    kept = str(tmp_path / "kept")
    _cpi(run, folder, "--cache-dir", kept, "--since", "2026-05-01")
    whole = _cpi(run, folder, "--cache-dir", kept)
    assert whole.out == _cpi(run, folder, "--no-cache").out
    assert "duplicates 1" in whole.err


def test_a_cache_that_cannot_be_written_is_said_once_and_the_run_goes_on(run, days, monkeypatch):
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    blocker = days.parent / "a-file"
    blocker.write_text("not a folder")
    result = _cpi(run, days, "--cache-dir", str(blocker / "cache"))
    assert result.code == 0 and result.out == _cpi(run, days, "--no-cache").out
    said = [line for line in result.err.splitlines() if "cache: cannot write" in line]
    assert len(said) == 1 and said[0].startswith("warning: ")


@pytest.mark.usefixtures("every_file_kept")
def test_rows_in_the_future_are_never_kept(run, days):
    """Their reason names this run's moment: a file holding one is summed again each run."""
    text = (days / "day3.csv").read_text().replace("2026-05-03T10:00:00Z", "2099-01-01T00:00:00Z", 1)
    (days / "day3.csv").write_text(text)
    kept = str(days.parent / "kept")
    _cpi(run, days, "--cache-dir", kept)
    assert "from cache" not in _cpi(run, days, "--cache-dir", kept).err


def test_small_files_are_not_kept(run, days):
    """Below cache.MIN_BYTES reading an entry costs more than summing the file."""
    kept = days.parent / "kept"
    _cpi(run, days, "--cache-dir", str(kept))
    assert not list(kept.glob("*/*.parquet"))


def test_two_runs_at_once_leave_a_cache_that_gives_the_same_output(days):
    """Two cron jobs on one cache: entries are written aside and renamed, so neither reads half
    of one; a third run reads what they left and prints the same."""
    kept = days.parent / "kept"
    script = (
        "import sys; from llmcost import cache; cache.MIN_BYTES = 0; from llmcost.cli import main; sys.exit(main())"
    )
    args = [sys.executable, "-c", script, "customers", "--per-month", str(days), "--pricing",
            str(days.parent / "pricing.yaml"), "-f", "csv", "--cache-dir", str(kept)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    both = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [p.communicate()[0] for p in both]
    assert [p.returncode for p in both] == [0, 0] and outputs[0] == outputs[1]
    third = subprocess.run(args, capture_output=True, env=env, check=True)
    assert third.stdout == outputs[0] and b"1 of 1 file from cache" in third.stderr


# --- found by review: what a file's identity is, and what the cache may touch -----------------


@pytest.mark.usefixtures("every_file_kept")
def test_a_file_under_another_key_value_folder_is_other_rows(run, tmp_path):
    """Parquet under `customer_id=acme/` has that customer: renamed to `customer_id=globex/`
    (the same file, through a link), its kept cells must not say acme."""
    real = tmp_path / "real"
    real.mkdir()
    rows = {"timestamp": [dt.datetime(2026, 5, 1, tzinfo=dt.UTC)] * 2, "model": ["gpt-4o"] * 2,
            "input_tokens": [100, 200], "output_tokens": [1, 2], "request_id": ["a", "b"]}  # fmt: skip
    pl.DataFrame(rows).write_parquet(real / "a.parquet")
    (tmp_path / "pricing.yaml").write_text(PRICING)
    logs = tmp_path / "logs"
    logs.mkdir()
    link = logs / "customer_id=acme"
    link.symlink_to(real)
    common = ("customers", str(logs), "--pricing", str(tmp_path / "pricing.yaml"), "-f", "csv")
    kept = ("--cache-dir", str(tmp_path / "kept"))
    assert "acme" in run(*common, *kept).out
    link.rename(logs / "customer_id=globex")
    again = run(*common, *kept)
    assert again.out == run(*common, "--no-cache").out and "globex" in again.out and "acme" not in again.out


@pytest.mark.usefixtures("every_file_kept")
def test_a_kept_timestamp_format_is_the_one_of_the_column_read(run, tmp_path):
    """Two presets read `timestamp` from two columns of one file: the format kept for the
    first must not be used for the second. Here it reads none of its rows, and the rejection
    reason must still say which format the month-first dates look like."""
    lines = ["startTime,request_created_at,request_id,model,prompt_tokens,completion_tokens,end_user"]
    lines += [f"05/0{d}/2026 10:00,2026-05-0{d}T10:00:00+00:00,r{d},gpt-4o,100,10,c1" for d in range(1, 8)]
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "f.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "pricing.yaml").write_text(PRICING)
    kept = ("--cache-dir", str(tmp_path / "kept"))
    for preset in ("helicone", "litellm"):
        common = ("cpi", str(tmp_path / "logs"), "--preset", preset, "--pricing", str(tmp_path / "pricing.yaml"))
        cached, plain = run(*common, *kept), run(*common, "--no-cache")
        assert (cached.code, cached.out) == (plain.code, plain.out), preset
        assert _without_cache_line(cached.err) == plain.err.splitlines(), preset  # the rejection reasons


def test_a_write_that_fails_half_way_costs_the_cache_not_the_run(run, days, monkeypatch):
    """A disk that fills while an entry is written: Polars says so with its own error, not an
    OSError. One warning, the run's output, and no half-written file left."""
    monkeypatch.setattr(cache, "MIN_BYTES", 0)

    def full(self, file, **_):
        Path(file).write_bytes(b"PAR1")
        raise pl.exceptions.ComputeError("underlying IO error: File too large (os error 27)")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full)
    kept = days.parent / "kept"
    result = _cpi(run, days, "--cache-dir", str(kept))
    monkeypatch.undo()
    assert result.code == 0 and result.out == _cpi(run, days, "--no-cache").out
    said = [line for line in result.err.splitlines() if "cache: cannot write" in line]
    assert said == [f"warning: cache: cannot write {kept} (underlying IO error: File too large (os error 27)); "
                    "the next run reads every file again"]  # fmt: skip
    assert not list(kept.glob("*/.*.tmp")) and not list(kept.glob("*/*.parquet"))


def test_clear_and_eviction_remove_only_entries(run, days, tmp_path):
    """`--cache-dir` given a log folder by mistake: `cache clear` and eviction leave its files."""
    logs = tmp_path / "mine"
    (logs / "2024").mkdir(parents=True)
    pl.DataFrame({"a": [1]}).write_parquet(logs / "2024" / "march.parquet")
    (logs / "2024" / ".notes.tmp").write_text("mine")
    cleared = run("cache", "clear", "--cache-dir", str(logs))
    assert cleared.code == 0 and "removed 0 entries" in cleared.out
    cache.Store(logs, limit=0).evict()
    assert (logs / "2024" / "march.parquet").exists() and (logs / "2024" / ".notes.tmp").exists()


@pytest.mark.usefixtures("every_file_kept")
def test_a_cache_we_may_only_read_is_read(run, days, monkeypatch):
    """A cache another user filled (read-only to us): its entries are used, not summed again
    because marking them as just used is refused."""
    kept = str(days.parent / "kept")
    first = _cpi(run, days, "--cache-dir", kept)

    def refused(*_, **__):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "utime", refused)
    again = _cpi(run, days, "--cache-dir", kept)
    assert again.out == first.out and "1 of 1 file from cache" in again.err


@pytest.mark.usefixtures("every_file_kept")
def test_a_cache_inside_the_log_folder_is_not_read_as_logs(run, days):
    """`--cache-dir logs/cache`: the next run over `logs` skips the entries (and says so), where
    it read them as logs and stopped on their missing columns."""
    kept = str(days / "cache")
    first = _cpi(run, days, "--cache-dir", kept)
    again = _cpi(run, days, "--cache-dir", kept)
    assert again.code == 0 and again.out == first.out == _cpi(run, days, "--no-cache", "--cache-dir", kept).out
    assert f"warning: {days / 'cache'}: the cube cache (--cache-dir): its entries are not read as logs" in again.err
