"""Turn path arguments into lazily scanned tables, one per file.

Paths resolve to one set of real files: a file reached twice (named twice, through a folder
and a glob, a symbolic or hard link) is read once, hidden files and folders are left out
unless asked for, and a folder entry that cannot be read is said, never passed over.

Formats come from the extension (after a .gz/.zst suffix), else from the first bytes of the
content. Compression is found from the content's first bytes and undone as a stream wherever
Python reads (sniffing, diagnosing, JSON arrays); Polars' streaming engine decompresses as it
reads too, so memory stays flat in the uncompressed size. Standard input and named pipes are
copied to a temporary file a chunk at a time. JSON is read with every column the file has,
each leaf value as text: `llmcost.columns` types it, so a bad value rejects its row, not the file.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import stat
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import polars as pl
import zstandard
from polars.datatypes import DataTypeClass

from llmcost.errors import LlmcostError, one_line
from llmcost.secrets import redact

FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
COMPRESSIONS = (".gz", ".zst", ".zstd")
UNSUPPORTED = {
    ".bz2": "bzip2",
    ".xz": "xz",
    ".lzma": "LZMA",
    ".lz4": "LZ4",
    ".br": "Brotli",
    ".zip": "zip",
    ".7z": "7-Zip",
    ".z": "compress",
}
GZIP_MAGIC, ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"
HEAD = 64 * 1024  # bytes sniffed for the format and separator
CHUNK = 2**20  # bytes read at a time wherever Python streams a file
MAX_LINE = 64 * 2**20  # a longer line is no log line: Polars would hold it whole in memory (a decompression bomb)
DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, zstandard.ZstdError)


@dataclass
class Source:
    """One scanned input: `name` is what error messages call it."""

    name: str  # a database URI with its secrets hidden (llmcost.secrets.redact)
    format: str
    frame: pl.LazyFrame
    path: Path | None = None  # the file read, when it is one named file (what the cube cache keys on)
    partitions: tuple[tuple[str, str], ...] = ()  # columns its `key=value` folders gave it


@dataclass
class _Found:
    """A file to read: `explicit` when an argument named it (read whatever its name says)."""

    path: Path
    hive_root: Path | None = None
    explicit: bool = False


LOG_NAMES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".gz", ".zst")


def logs_here(folder: str = ".") -> list[str]:
    """Names in `folder` that may be logs (folders and log-like files, not hidden), sorted: what an
    error about missing log paths can offer, so a first run in a folder with one log is one step away."""
    with contextlib.suppress(OSError):
        return sorted(
            e.name
            for e in os.scandir(folder)
            if not e.name.startswith(".") and (e.is_dir() or e.name.lower().endswith(LOG_NAMES))
        )
    return []


def open_sources(
    paths: list[str],
    input_format: str | None = None,
    sql: dict[str, str | None] | None = None,
    *,
    include_hidden: bool = False,
    skip_unreadable: bool = False,
    cache: Path | None = None,
) -> tuple[list[Source], list[str]]:
    """Expand files, directories, globs, `-` and database URIs into sources, in argument order, and the
    warnings to show: arguments that added nothing, skipped entries, files with identical content.
    `cache`: the cube cache's folder, whose entries a folder or glob around it does not read."""
    if not paths:
        here = logs_here()
        seen = f" (here: {', '.join(here[:5])}{' …' if len(here) > 5 else ''})" if here else ""
        raise LlmcostError(
            f"no logs given: name them after the command{seen}, or set 'logs:' in llmcost.yaml "
            f"('llmcost init {here[0] if here else 'FILE'}' writes one)"
        )
    resolver = _Resolver(include_hidden, skip_unreadable, cache)
    sources: list[Source] = []
    files: list[Path] = []
    for arg in paths:
        if "://" in arg:
            if resolver.once(("sql", arg), redact(arg)):
                from llmcost.database import read_database

                sources.append(Source(redact(arg), "sql", read_database(arg, **(sql or {}))))
        elif arg == "-":
            if resolver.once(("stdin",), "-"):
                sources.append(_spooled(sys.stdin.buffer, "<stdin>", input_format, "standard input is empty"))
        else:
            for found in resolver.new(resolver.expand(arg), arg):
                sources.append(_scan_found(found, input_format))
                files.append(found.path)
    return sources, resolver.warnings + identical_files(files)


class _Resolver:
    """Path arguments → one set of real files, each (device, inode) once whatever path reaches it."""

    def __init__(self, include_hidden: bool, skip_unreadable: bool, cache: Path | None = None) -> None:
        self.include_hidden = include_hidden
        self.skip_unreadable = skip_unreadable
        self.cache = os.path.realpath(cache) + os.sep if cache is not None else None
        self.seen: set[tuple[Any, ...]] = set()
        self.warnings: list[str] = []
        self.hidden = 0  # hidden entries the last folder walked had

    def problem(self, message: str) -> None:
        """Input that cannot be read: exit 2, or with --skip-unreadable a warning and the rest read.
        Never silent: a folder read in part gives figures that look complete."""
        if not self.skip_unreadable:
            raise LlmcostError(f"{message} (--skip-unreadable reads the rest)")
        self.warnings.append(f"{message}: skipped (--skip-unreadable)")

    def once(self, key: tuple[Any, ...], shown: str) -> bool:
        """True the first time a source is named; later times say so."""
        if key in self.seen:
            self.warnings.append(f"{shown}: given more than once: read once")
            return False
        self.seen.add(key)
        return True

    def new(self, found: list[_Found], arg: str) -> list[_Found]:
        """The files not read yet; an argument whose files all were is said on stderr."""
        fresh = []
        for item in found:
            key = _identity(item.path)
            if key not in self.seen:
                self.seen.add(key)
                fresh.append(item)
        if found and not fresh:
            self.warnings.append(f"{arg}: adds no file not read already: its rows are counted once")
        return fresh

    def expand(self, arg: str) -> list[_Found]:
        """A name that exists is taken literally (a file may have [ or * in its name); else a glob."""
        path = Path(arg)
        if os.path.lexists(arg):
            return self._named(path, arg)
        if any(ch in arg for ch in "*?["):
            return self._glob(arg)
        raise LlmcostError(f"{arg}: no such file or directory")

    def _named(self, path: Path, arg: str) -> list[_Found]:
        if path.is_dir():
            found = self._walk(path, arg)
            if not found:
                hidden = f"; {self.hidden} hidden ones are not read without --include-hidden" if self.hidden else ""
                raise LlmcostError(f"{arg}: directory holds no log files ({', '.join(FORMATS)}){hidden}")
            return found
        if _is_pipe(path):
            return [_Found(path, explicit=True)]
        trouble = _trouble(path)
        if trouble and not path.exists():  # a dangling link named on the command line is a missing file
            raise LlmcostError(trouble)
        if trouble:
            self.problem(trouble)
            return []
        return [_Found(path, explicit=True)]

    def _glob(self, arg: str) -> list[_Found]:
        found: list[_Found] = []
        for match in sorted(glob.glob(arg, recursive=True, include_hidden=self.include_hidden)):
            path = Path(match)
            found.extend(self._walk(path, match) if path.is_dir() else self._entry(path))
        if not found:
            raise LlmcostError(f"{arg}: no log files match this pattern")
        return found

    def _walk(self, root: Path, arg: str) -> list[_Found]:
        """Every log file under `root`, following links to folders (each folder once, so a link back up
        cannot loop); hidden entries are counted and said, not read, unless --include-hidden."""
        found: list[_Found] = []
        errors: list[OSError] = []
        visited = {os.path.realpath(root)}
        hidden = 0
        for folder, dirs, names in os.walk(root, onerror=errors.append, followlinks=True):
            base = Path(folder)
            hidden += sum(self._hidden(d) for d in dirs) + sum(
                self._hidden(n) and bool(_known_format(Path(n))) for n in names
            )
            dirs[:] = [d for d in sorted(dirs) if not self._hidden(d) and _first_visit(base / d, visited)]
            for name in sorted(names):
                if not self._hidden(name):
                    found.extend(self._entry(base / name, root))
        for error in errors:
            self.problem(f"{error.filename}: cannot read this folder ({error.strerror or error})")
        self.hidden = hidden
        if hidden:
            self.warnings.append(
                f"{arg}: {hidden} hidden file{'s' if hidden != 1 else ''} or folder"
                f"{'s' if hidden != 1 else ''} not read (--include-hidden reads them)"
            )
        return sorted(found, key=lambda f: f.path)

    def _hidden(self, name: str) -> bool:
        return name.startswith(".") and not self.include_hidden

    def _entry(self, path: Path, root: Path | None = None) -> list[_Found]:
        """A folder or glob entry: read when its name says a log format and it is a readable file
        (not an entry of the cube cache, when --cache-dir is inside a folder of logs)."""
        if self.cache is not None and os.path.realpath(path).startswith(self.cache):
            said = f"{self.cache.rstrip(os.sep)}: the cube cache (--cache-dir): its entries are not read as logs"
            if said not in self.warnings:
                self.warnings.append(said)
            return []
        if _known_format(path) is None:
            packed = _unsupported(path)
            if packed:
                self.problem(
                    f"{path}: compressed with {packed}, which llmcost does not read "
                    "(decompress it, or compress it with gzip or zstd)"
                )
            return []
        trouble = _trouble(path)
        if trouble:
            self.problem(trouble)
            return []
        if path.stat().st_size == 0:
            self.warnings.append(f"{path}: file is empty: no rows")
            return []
        return [_Found(path, root)]


def _first_visit(folder: Path, visited: set[str]) -> bool:
    real = os.path.realpath(folder)
    if real in visited:
        return False
    visited.add(real)
    return True


def _identity(path: Path) -> tuple[int, int]:
    """The same file whatever path reaches it: symbolic links, hard links, `./a` and `a`."""
    info = path.stat()
    return info.st_dev, info.st_ino


def _is_pipe(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISFIFO(path.stat().st_mode)
    return False


def _trouble(path: Path) -> str | None:
    """Why a path that names a log cannot be read as a file, or None when it can."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"{path}: a symbolic link to '{os.readlink(path)}', which does not exist"
        return f"{path}: no such file or directory"
    except OSError as exc:
        return f"{path}: cannot read ({exc.strerror or exc})"
    kinds = {
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
    }
    kind = next((word for test, word in kinds.items() if test(info.st_mode)), None)
    if kind:
        return f"{path}: {kind}, not a file"
    if not os.access(path, os.R_OK):
        return f"{path}: cannot read (permission denied)"
    return None


def _known_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _unsupported(path: Path) -> str | None:
    """The compression of a log file llmcost cannot decompress (`x.csv.bz2`), so a folder of them is
    said rather than passed over as not logs."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-2] in EXTENSIONS:
        return UNSUPPORTED.get(suffixes[-1])
    return None


def identical_files(files: list[Path]) -> list[str]:
    """Warnings for files with the same content (a copy beside the original counts its rows twice),
    and for `x.csv` beside an `x.csv.gz` holding the same bytes. Only files of equal size are
    hashed, so a folder of distinct logs costs one stat each."""
    files = [p for p in files if p.is_file()]  # a named pipe is read once, by the scan
    by_size: dict[int, list[Path]] = {}
    for path in files:
        by_size.setdefault(path.stat().st_size, []).append(path)
    groups: dict[str, list[Path]] = {}
    for same in (g for g in by_size.values() if len(g) > 1):
        for path in same:
            groups.setdefault(_digest(path, raw=True), []).append(path)
    names = {str(p): p for p in files}
    for path in files:
        plain = names.get(str(path.with_suffix(""))) if path.suffix.lower() in COMPRESSIONS else None
        if plain is not None and _may_hold(path, plain.stat().st_size) and _digest(path) == _digest(plain, raw=True):
            groups.setdefault(f"{path}\0pair", []).extend([plain, path])
    return [
        f"{_and(group)} have identical content: every copy is read, so its rows count more than once (remove the copy)"
        for group in groups.values()
        if len(group) > 1
    ]


def _may_hold(packed: Path, size: int) -> bool:
    """Whether a compressed file may hold `size` bytes: a gzip trailer keeps the size (mod 2³²), so a
    `.gz` of other content is told apart without decompressing it; zstd is decompressed to compare."""
    with packed.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            return True
        handle.seek(-4, os.SEEK_END)
        return int.from_bytes(handle.read(4), "little") == size % 2**32


PACKED_DENSITY = 6  # a compressed log byte holds about six bytes of text (when the header does not say)


def content_size(path: Path) -> int:
    """The bytes of text a file holds, known without decompressing it: a gzip trailer keeps the size
    (mod 2³², so never less than the file), a zstd frame header usually does; else an estimate."""
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:
            magic = handle.read(18)
            if magic[:2] == GZIP_MAGIC and size >= 18:
                handle.seek(-4, os.SEEK_END)
                told = int.from_bytes(handle.read(4), "little")
                return told if told >= size else size * PACKED_DENSITY
    except OSError:  # only a size estimate: reading the file itself says what is wrong with it
        return size
    if magic[:4] == ZSTD_MAGIC:
        with contextlib.suppress(zstandard.ZstdError):
            told = zstandard.frame_content_size(magic)
            return told if told > 0 else size * PACKED_DENSITY
        return size * PACKED_DENSITY
    return size


def _and(paths: list[Path]) -> str:
    names = [str(p) for p in paths]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _digest(path: Path, *, raw: bool = False) -> str:
    """BLAKE2 of the file's bytes (`raw`) or of its decompressed content, read a chunk at a time."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with path.open("rb") if raw else _content(path) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except DECOMPRESS_ERRORS:
        return f"unreadable:{path}"
    return digest.hexdigest()


Stream = io.BufferedReader | gzip.GzipFile
"""What `_content` yields: a plain or zstd file is a BufferedReader, a gzip one a GzipFile (which
typeshed does not count as an `IO[bytes]`, though it reads like one)."""


@contextlib.contextmanager
def _content(path: Path) -> Iterator[Stream]:
    """The file's content as a binary stream, decompressed as it is read when its first bytes say gzip
    or zstd (whatever its name): memory holds a chunk, never the file."""
    with path.open("rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        if magic[:2] == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw) as stream:
                yield stream
        elif magic == ZSTD_MAGIC:
            with zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False) as reader:
                yield io.BufferedReader(reader, CHUNK)  # readline needs a buffer
        else:
            yield raw


def _scan_found(found: _Found, input_format: str | None) -> Source:
    path = found.path
    if found.explicit and _is_pipe(path):  # `<(zcat log.csv.gz)`: a pipe is read once, so keep a copy
        with path.open("rb") as pipe:
            return _spooled(pipe, str(path), input_format, f"{path}: file is empty")
    fmt = (input_format or _known_format(path) or _sniff(path)) if found.explicit else _known_format(path) or "csv"
    source = _scan_file(path, fmt)
    if source.format == "parquet" and found.hive_root is not None:
        source.partitions = _partitions(source.frame, path, found.hive_root)
        source.frame = source.frame.with_columns(pl.lit(value).alias(key) for key, value in source.partitions)
    return source


def _partitions(frame: pl.LazyFrame, file: Path, root: Path) -> tuple[tuple[str, str], ...]:
    """Parquet under `key=value` folders gets those keys as columns, as a hive dataset would
    (those the file does not have itself)."""
    parts = [p.split("=", 1) for p in file.relative_to(root).parent.parts if "=" in p]
    have = set(frame.collect_schema().names())
    return tuple((key, value) for key, value in parts if key not in have)


def _scan_file(path: Path, fmt: str) -> Source:
    if path.stat().st_size == 0:
        raise LlmcostError(f"{path}: file is empty")
    return Source(str(path), fmt, _scan(path, fmt, str(path)), path)


def _scan(path: Path, fmt: str, name: str) -> pl.LazyFrame:
    if fmt in ("csv", "tsv"):
        head = _head(path, name)
        separator = "\t" if fmt == "tsv" else _separator(head)
        return pl.scan_csv(path, separator=separator, infer_schema=False, row_index_name="_row", row_index_offset=1)
    if fmt == "jsonl":
        return _scan_json_lines(path, name)
    if fmt == "parquet":
        return pl.scan_parquet(path, row_index_name="_row", row_index_offset=1)
    if fmt == "json":
        return _normalised(_array_items(path, name), name)
    raise LlmcostError(f"unknown input format {fmt!r} (one of {', '.join(FORMATS)})")


def _scan_json_lines(path: Path, name: str) -> pl.LazyFrame:
    """Every column of the whole file, each leaf as text.

    Polars infers the schema from the whole file (`infer_schema_length=None`: a column that first
    appears on line 1,002 is read, not dropped), then reads every leaf value as text, so a value of
    another type than its column's (12.0, "12", "n/a" among integers) is one rejected row naming
    its row and column, typed by llmcost.columns. A file Polars cannot take (NaN or Infinity, a
    number beyond a double, a field that is an object in one line and a value in another, a
    broken line) is rewritten by Python line by line, with the same effect, or named by its line.
    """
    _head(path, name)
    try:
        schema = pl.scan_ndjson(path, infer_schema_length=None).collect_schema()
    except pl.exceptions.PolarsError:
        return _normalised(_json_lines(path, name), name)
    text = pl.Schema({key: _as_text(dtype) for key, dtype in schema.items()})
    return pl.scan_ndjson(path, schema=text, row_index_name="_row", row_index_offset=1)


def _as_text(dtype: pl.DataType | DataTypeClass) -> pl.DataType:
    """The same nesting with text at every leaf (an empty object as text too: Polars has no empty struct).
    A field's or list's inner type may be a class (`pl.String`) rather than an instance."""
    if isinstance(dtype, pl.Struct):
        fields = [pl.Field(f.name, _as_text(f.dtype)) for f in dtype.fields]
        return pl.Struct(fields) if fields else pl.String()
    if isinstance(dtype, pl.List | pl.Array):
        return pl.List(_as_text(dtype.inner))
    return pl.String()


def _normalised(items: Iterator[tuple[str, Any]], name: str) -> pl.LazyFrame:
    """JSON objects rewritten one a line to a temporary file, with the schema of all of them: a field
    that is an object in some rows and a value in others is text (the object as JSON)."""
    out = _temp_file(".jsonl")
    shape: Any = None
    with out.open("w", encoding="utf-8") as handle:
        for where, item in items:
            if not isinstance(item, dict):
                raise LlmcostError(f"{name}, {where}: not a JSON object")
            shape = _merge(shape, _shape(item))
            handle.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    if not isinstance(shape, dict):
        return pl.LazyFrame(schema={"_row": pl.UInt32})
    schema = pl.Schema({key: _dtype(value) for key, value in shape.items()})
    return pl.scan_ndjson(out, schema=schema, row_index_name="_row", row_index_offset=1)


LEAF = "leaf"


def _shape(value: Any) -> Any:
    """The nesting of one JSON value: a dict of shapes, a one-item list of the items' shape, LEAF or None."""
    if isinstance(value, dict):  # {} too: a failed call's `usageDetails: {}` beside full ones
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        inner = None
        for item in value:
            inner = _merge(inner, _shape(item))
        return [inner]
    return None if value is None else LEAF


def _merge(a: Any, b: Any) -> Any:
    """The shape that holds both (updating `a`); an object against a value is a leaf (read as text)."""
    if a is None or b is None:
        return b if a is None else a
    if isinstance(a, dict) and isinstance(b, dict):
        for key, value in b.items():
            a[key] = _merge(a.get(key), value)
        return a
    if isinstance(a, list) and isinstance(b, list):
        return [_merge(a[0], b[0])]
    return LEAF


def _dtype(shape: Any) -> pl.DataType:
    if isinstance(shape, dict) and shape:  # an object that is always empty is text: Polars has no empty struct
        return pl.Struct({key: _dtype(value) for key, value in shape.items()})
    if isinstance(shape, list):
        return pl.List(_dtype(shape[0]))
    return pl.String()


def _decoder() -> json.JSONDecoder:
    """Python's JSON, with NaN, Infinity and numbers beyond a double kept as their text: the row's
    column check rejects them ("not a finite number"), where Polars would fail the file."""

    def number(text: str) -> float | str:
        value = float(text)
        return text if math.isinf(value) else value

    return json.JSONDecoder(parse_constant=str, parse_float=number)


def _json_lines(path: Path, name: str) -> Iterator[tuple[str, Any]]:
    decoder = _decoder()
    with _read(name), _content(path) as stream:
        for number, line in _lines(stream, name):
            if line.strip():
                yield f"line {number}", _decode(decoder, line, name, f"line {number}")


def _decode(decoder: json.JSONDecoder, line: bytes, name: str, where: str) -> Any:
    """One line's JSON value; a line that is not UTF-8 or not JSON is one `error:` naming it."""
    try:
        text = line.decode("utf-8-sig" if where == "line 1" else "utf-8")
    except UnicodeDecodeError as exc:
        raise LlmcostError(f"{name}, {where}, byte {exc.start + 1}: not UTF-8 (save the file as UTF-8)") from None
    with one_line(f"{name}, {where}", (json.JSONDecodeError, RecursionError), _json_problem):
        return decoder.decode(text)


def _json_problem(exc: BaseException) -> str:
    """Why a JSON line did not parse, in the words every reader of JSON logs uses."""
    return f"not a JSON object ({exc.msg})" if isinstance(exc, json.JSONDecodeError) else "nested too deeply to read"


def _array_items(path: Path, name: str) -> Iterator[tuple[str, Any]]:
    with _read(name), _content(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig")
        try:
            yield from _JsonArray(text, name)
        except UnicodeDecodeError:
            raise LlmcostError(f"{name}: not UTF-8 (save the file as UTF-8)") from None


SPACE = re.compile(r"[ \t\r\n]*")


class _JsonArray:
    """The elements of a JSON array, read from a text stream a chunk at a time: memory holds one
    element (Polars has no streaming reader for a JSON array)."""

    def __init__(self, text: IO[str], name: str) -> None:
        self.text, self.name = text, name
        self.buffer, self.pos = "", 0
        self.decoder = _decoder()

    def _fill(self, size: int = CHUNK) -> bool:
        chunk = self.text.read(size)
        self.buffer, self.pos = self.buffer[self.pos :] + chunk, 0
        return bool(chunk)

    def _next(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.pos = SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        if self._next() != "[":
            raise LlmcostError(
                f"{self.name}: a .json log must be an array of objects (for one object per line, use .jsonl)"
            )
        self.pos += 1
        number = 0
        while self._next() not in ("]", ""):
            number += 1
            yield f"row {number}", self._element(number)
            if self._next() == ",":
                self.pos += 1
            elif self._next() != "]":
                raise LlmcostError(f"{self.name}, row {number}: not followed by ',' or ']'")
        if self._next() != "]":
            raise LlmcostError(f"{self.name}: the array never ends (a truncated file?)")
        self.pos += 1
        if self._next():
            raise LlmcostError(f"{self.name}: text after the end of the array")

    def _element(self, number: int) -> Any:
        """One element; an incomplete one reads as much again, up to MAX_LINE, before it is an error."""
        while True:
            try:
                value, self.pos = self.decoder.raw_decode(self.buffer, self.pos)
                return value
            except json.JSONDecodeError as exc:
                pending = len(self.buffer) - self.pos
                if pending > MAX_LINE or not self._fill(max(CHUNK, pending)):
                    raise LlmcostError(f"{self.name}, row {number}: not a JSON object ({exc.msg})") from None
            except RecursionError:
                raise LlmcostError(f"{self.name}, row {number}: nested too deeply to read") from None


def _read(name: str) -> contextlib.AbstractContextManager[None]:
    """A file that cannot be read or decompressed is one `error:` naming it."""
    return one_line(f"{name}: cannot decompress or read", DECOMPRESS_ERRORS)


def _lines(stream: Stream, name: str) -> Iterator[tuple[int, bytes]]:
    """Numbered lines, each at most MAX_LINE long: a longer one is an error, not a gigabyte in memory."""
    number = 0
    while line := stream.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise LlmcostError(_too_long(name, number))
        yield number, line


def _too_long(name: str, number: int) -> str:
    return f"{name}, line {number}: longer than {MAX_LINE // 2**20} MiB, which no log line is (a decompression bomb?)"


def _head(path: Path, name: str) -> bytes:
    """The first HEAD bytes of the content, decompressed as a stream; and a check that no line starting
    in them is longer than MAX_LINE. A gzip bomb is typically one endless line: Polars would hold it
    whole, so it is stopped here having read MAX_LINE of it. (A long line further in is not looked for:
    that would mean decompressing every file twice.)"""
    with _read(name), _content(path) as stream:
        head = stream.read(HEAD)
        tail = len(head) - head.rfind(b"\n") - 1
        while len(head) == HEAD and tail:
            chunk = stream.read(CHUNK)
            end = chunk.find(b"\n")
            tail += len(chunk) if end < 0 else end
            if tail > MAX_LINE:
                raise LlmcostError(_too_long(name, head.count(b"\n") + 1))
            if end >= 0 or not chunk:
                break
    return head


def _separator(head: bytes) -> str:
    """Comma, or semicolon when the header says so (spreadsheets in many locales write ;)."""
    first = head.split(b"\n", 1)[0]
    return ";" if first.count(b";") > first.count(b",") else ","


def guess_format(name: str) -> str | None:
    """The format a path's name (or first bytes) says, without failing."""
    path = Path(name)
    if not path.is_file():
        return None
    try:
        return _known_format(path) or _sniff(path)
    except LlmcostError:
        return None


def diagnose(name: str, fmt: str) -> str | None:
    """After Polars failed on a file: the first line that is not UTF-8, not JSON, or has the
    wrong number of fields — so the error can name it. Runs only on the error path, reading the
    file (decompressed) as a stream, twice at most: memory holds a line."""
    path = Path(name)
    if not path.is_file() or fmt not in ("csv", "tsv", "jsonl"):
        return None
    try:
        with _content(path) as stream:
            found = _not_utf8(stream, name)
        if found or fmt == "jsonl":
            return found or _not_json(path, name)
        with _content(path) as stream:
            head = stream.read(HEAD)
        delimiter = "\t" if fmt == "tsv" else _separator(head)
        with _content(path) as stream:
            return _ragged(stream, name, delimiter)
    except (*DECOMPRESS_ERRORS, LlmcostError) as exc:
        return str(exc).removeprefix(f"{name}, ") if isinstance(exc, LlmcostError) else None


def _not_utf8(stream: Stream, name: str) -> str | None:
    for number, line in _lines(stream, name):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"line {number}, byte {exc.start + 1}: not UTF-8 (save the file as UTF-8)"
    return None


def _not_json(path: Path, name: str) -> str | None:
    try:
        for _ in _json_lines(path, name):
            pass
    except LlmcostError as exc:
        return str(exc).removeprefix(f"{name}, ")
    return None


def _ragged(stream: Stream, name: str, delimiter: str) -> str | None:
    import csv

    limit = csv.field_size_limit(MAX_LINE)  # the default 128 KiB would raise on a long prompt kept in the log
    text = (line.decode("utf-8") for _, line in _lines(stream, name))
    rows = csv.reader(text, delimiter=delimiter)
    try:
        header = next(rows, [])
        for row in rows:
            if row and len(row) != len(header):
                return (
                    f"line {rows.line_num}: {len(row)} fields where the header has {len(header)} "
                    f"(a stray '{delimiter}' or an unquoted value?)"
                )
    except csv.Error as exc:
        return f"line {rows.line_num}: {exc}"
    finally:
        csv.field_size_limit(limit)
    return None


def _sniff(path: Path) -> str:
    if path.stat().st_size == 0:
        raise LlmcostError(f"{path}: file is empty")
    return _sniff_bytes(_head(path, str(path)), str(path))


def _sniff_bytes(head: bytes, name: str) -> str:
    """Guess the format from content when the name does not say."""
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise LlmcostError(f"{name}: file is empty")
    if text[:1] == b"[":
        return "json"
    if text[:1] == b"{":
        return "jsonl"
    first = text.split(b"\n", 1)[0]
    return "tsv" if first.count(b"\t") > first.count(b",") else "csv"


def _spooled(stream: IO[bytes], name: str, input_format: str | None, empty: str) -> Source:
    """Standard input or a named pipe copied to a temporary file a chunk at a time (it can be read only
    once, and Polars reads a file lazily, perhaps twice), then scanned like any file."""
    path = _temp_file(".log")
    with path.open("wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)
    head = _head(path, name) if path.stat().st_size else b""
    if not head.strip():
        raise LlmcostError(empty)
    fmt = input_format or _sniff_bytes(head, name)
    return Source(name, fmt, _scan(path, fmt, name))


_TEMP: list[Path] = []  # this process's folder of spooled input, made on first use


def _temp_file(suffix: str) -> Path:
    """A new file in this process's temporary folder (under TMPDIR), removed at exit: the lazy frames
    read it after open_sources returns."""
    if not _TEMP:
        _TEMP.append(Path(tempfile.mkdtemp(prefix="llmcost-input-")))
        atexit.register(shutil.rmtree, _TEMP[0], True)
    handle, name = tempfile.mkstemp(dir=_TEMP[0], suffix=suffix)
    os.close(handle)
    return Path(name)
