"""Per-file cube cells kept between runs, so that a nightly job reads only what is new.

A cube over many files is the sum of each file's cube — cost is linear in tokens — except
where one request id is logged in two files (the last copy wins). So each file is summed
alone, duplicates inside it resolved, and its cells are kept with the hashes of its request
ids; the next run reads only new or changed files, and re-reads the files that share an id
with another file. No prices are kept: a new pricing.yaml re-prices the same token sums, and
only a change of its date or tier breakpoints (which split the sums) asks for new cells.

An entry's name is a hash of everything its content depends on: the file (path, size,
modification time, a hash of its first and last 64 KiB), how it is read (settings, preset,
columns), the cube asked for (keys, window, breakpoints) and llmcost's own code. It is
written to a temporary name and renamed, so two runs at once (two cron jobs) never read half
an entry, and a reader that loses a race to eviction recomputes. The oldest-used entries go
when the folder outgrows LIMIT.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

LIMIT = 4 * 2**30  # bytes of entries kept; the least recently used go first
MIN_BYTES = 2**20  # smaller files are summed again each run: faster than reading an entry
EDGE = 2**16  # bytes hashed at each end of a file, with its size and time: a cheap identity
SUFFIX = ".parquet"
ENTRY = re.compile(r"[0-9a-f]{64}\.parquet")  # a SHA-256 (key) and SUFFIX
TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.parquet\.[0-9]+\.[0-9a-f]{32}\.tmp")  # as Store.write names them
# What reading an entry raises when it is gone or damaged (cut short by a full disk, evicted by
# another run): the entry is then computed again. Polars panics on some damaged files, and its
# PanicException is a BaseException.
DAMAGED = (OSError, pl.exceptions.PolarsError, pl.exceptions.PanicException)


def default_folder() -> Path:
    """$XDG_CACHE_HOME/llmcost, else ~/.cache/llmcost (the XDG base directory rule)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llmcost"


@functools.cache
def code_version() -> str:
    """A hash of llmcost's own source and Polars' version: new code, new entries (the rules a
    cube applies are in the code, so a fixed rule never meets cells of the old one)."""
    digest = hashlib.sha256(pl.__version__.encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp(path: Path) -> dict[str, Any] | None:
    """What identifies a file's content without reading it all; None when it cannot be read."""
    try:
        info = path.stat()
        with path.open("rb") as handle:
            head = handle.read(EDGE)
            if info.st_size > EDGE:
                handle.seek(max(EDGE, info.st_size - EDGE))
            tail = handle.read(EDGE)
    except OSError:
        return None
    edges = hashlib.sha256(head + b"\0" + tail).hexdigest()
    return {"path": str(path.resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns, "edges": edges}


def kept_stamp(path: Path | None) -> dict[str, Any] | None:
    """A file big enough to be its own unit of the cube, and kept: its identity (stamp)."""
    if path is None:
        return None
    try:
        if path.stat().st_size < MIN_BYTES:
            return None
    except OSError:
        return None
    return stamp(path)


def key(*parts: Any) -> str:
    """The entry name of `parts` (JSON-able, or shown with str): a SHA-256 in hex."""
    text = json.dumps([code_version(), *parts], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Use:
    """What a run asked of the cache: per file, whether every ask was answered from it."""

    files: dict[str, bool] = field(default_factory=dict)
    written: int = 0
    problems: list[str] = field(default_factory=list)

    def asked(self, path: str, hit: bool) -> None:
        self.files[path] = self.files.get(path, True) and hit

    def line(self, folder: Path) -> str | None:
        """ "9 of 10 files from cache", when any was."""
        hits = sum(self.files.values())
        if not hits:
            return None
        return f"{hits:,} of {len(self.files):,} file{'s' if len(self.files) != 1 else ''} from cache ({folder})"


@dataclass(frozen=True)
class Store:
    """A folder of entries: Parquet frames with a little text metadata each."""

    folder: Path
    limit: int = LIMIT
    use: Use = field(default_factory=Use, compare=False)

    def _path(self, name: str) -> Path:
        return self.folder / name[:2] / f"{name}{SUFFIX}"

    def read(self, name: str) -> tuple[pl.DataFrame, dict[str, str]] | None:
        """The entry and its metadata, marked as just used; None when absent or unreadable
        (evicted by another run in between, or cut short by a full disk: summed again)."""
        path = self._path(name)
        try:
            frame = pl.read_parquet(path)
            meta = pl.read_parquet_metadata(path)
        except DAMAGED:
            return None
        with contextlib.suppress(OSError):  # a cache we may read but not write (shared, read-only)
            os.utime(path)
        return frame, meta

    def located(self, name: str) -> Path | None:
        """Where the entry is, marked as just used, for a scan of many entries at once; None when
        absent. (A scan that then finds it gone or damaged falls back to `read`.)"""
        path = self._path(name)
        try:
            os.utime(path)
        except PermissionError:  # there, but ours to read only
            return path if path.is_file() else None
        except OSError:
            return None
        return path

    def remove(self, name: str) -> None:
        """Drop an entry that a newer one replaces (gone already: another run removed it)."""
        with contextlib.suppress(OSError):
            self._path(name).unlink()

    def write(self, name: str, frame: pl.DataFrame, meta: dict[str, str] | None = None) -> None:
        """Keep `frame` under `name`: written aside, then renamed into place (atomic on POSIX).
        A folder that cannot be written costs the cache, never the run: said once."""
        path = self._path(name)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.write_parquet(temporary, metadata=meta or {}, statistics=False)
            os.replace(temporary, path)
            self.use.written += 1
        except DAMAGED as exc:  # Polars reports an error while writing (a full disk) as its own
            with contextlib.suppress(OSError):
                temporary.unlink()
            why = getattr(exc, "strerror", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
            problem = f"cache: cannot write {self.folder} ({why}); the next run reads every file again"
            if problem not in self.use.problems:
                self.use.problems.append(problem)

    def formats(
        self, found: dict[str, Any] | None, recipe: dict[str, Any]
    ) -> tuple[str | None, dict[str, tuple[str, bool]]]:
        """A kept file's text timestamp formats by column (sniffed on an earlier run), and the
        entry's name; `found` is the file's kept_stamp (None: not kept). Sniffing a sample cost
        20 ms a file. (Not asked for Parquet files: their timestamps are typed as a rule.)"""
        if found is None:
            return None, {}
        name = key("formats", recipe, found)
        hit = self.read(name)
        meta = hit[1] if hit is not None else {}
        return name, {k[3:]: (v[:-2], v.endswith("\t1")) for k, v in meta.items() if k.startswith("ts:")}

    def keep_formats(self, name: str, formats: dict[str, tuple[str, bool]]) -> None:
        self.write(name, pl.DataFrame(), {f"ts:{k}": f"{fmt}\t{int(zone)}" for k, (fmt, zone) in formats.items()})

    def entries(self) -> list[tuple[Path, os.stat_result]]:
        """The files named as entries are (`_path`): eviction and `cache clear` remove only
        these, so a --cache-dir given a log folder by mistake loses no log."""
        found = []
        for path in self.folder.glob(f"*/*{SUFFIX}"):
            if ENTRY.fullmatch(path.name) and path.parent.name == path.name[:2]:
                with contextlib.suppress(OSError):
                    found.append((path, path.stat()))
        return found

    def evict(self) -> None:
        """Drop the least recently used entries until the folder is within its limit (and
        leftovers of writes that were killed half-way, an hour old)."""
        entries = sorted(self.entries(), key=lambda e: e[1].st_mtime)
        total = sum(s.st_size for _, s in entries)
        for path, info in entries:
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= info.st_size
        _drop_stale_temporaries(self.folder)

    def size(self) -> tuple[int, int]:
        """Entries and their bytes."""
        entries = self.entries()
        return len(entries), sum(s.st_size for _, s in entries)

    def clear(self) -> tuple[int, int]:
        """Remove every entry; the entries and bytes removed."""
        removed, freed = 0, 0
        for path, info in self.entries():
            with contextlib.suppress(OSError):
                path.unlink()
                removed, freed = removed + 1, freed + info.st_size
        _drop_stale_temporaries(self.folder, age=0)
        return removed, freed


def _drop_stale_temporaries(folder: Path, age: float = 3600) -> None:
    import time

    for path in folder.glob("*/.*.tmp"):
        if not TEMPORARY.fullmatch(path.name):
            continue
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime >= age:
                path.unlink()
