"""Turn path arguments into lazily scanned tables, one per file (or per hive dataset).

Formats come from the extension (after a .gz/.zst suffix), else from the first
bytes of the content. Nothing here reads a whole file into Python objects,
except a JSON array (Polars has no lazy JSON-array reader) and standard input.
"""

from __future__ import annotations

import glob
import gzip
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.secrets import redact

FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")
EXTENSIONS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json", ".parquet": "parquet", ".pq": "parquet",
}
COMPRESSIONS = (".gz", ".zst", ".zstd")


@dataclass
class Source:
    """One scanned input: `name` is what error messages call it."""

    name: str  # a database URI with its secrets hidden (llmcost.secrets.redact)
    format: str
    frame: pl.LazyFrame


def open_sources(paths: list[str], input_format: str | None = None,
                 sql: dict[str, str | None] | None = None) -> list[Source]:
    """Expand files, directories, globs, `-` and database URIs into sources, in argument order."""
    if not paths:
        raise LlmcostError("no logs given: pass log paths, or set 'logs:' in llmcost.yaml")
    sources: list[Source] = []
    for arg in paths:
        if "://" in arg:
            from llmcost.database import read_database

            sources.append(Source(redact(arg), "sql", read_database(arg, **(sql or {}))))
        elif arg == "-":
            sources.append(_scan_stdin(input_format))
        else:
            sources.extend(_scan_path(arg, input_format))
    return sources


def _scan_path(arg: str, input_format: str | None) -> list[Source]:
    path = Path(arg)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _known_format(p))
        if not files:
            raise LlmcostError(f"{arg}: directory holds no log files ({', '.join(FORMATS)})")
        return _scan_files(files, hive_root=path)
    if any(ch in arg for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(arg, recursive=True) if Path(p).is_file())
        files = [p for p in files if _known_format(p)]
        if not files:
            raise LlmcostError(f"{arg}: no log files match this pattern")
        return _scan_files(files, hive_root=None)
    if not path.exists():
        raise LlmcostError(f"{arg}: no such file or directory")
    fmt = input_format or _known_format(path) or _sniff(path)
    return [_scan_file(path, fmt)]


def _known_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _scan_files(files: list[Path], hive_root: Path | None) -> list[Source]:
    """Scan each file on its own (schemas may differ between files); Parquet under
    `key=value` folders gets those keys as columns, as a hive dataset would."""
    out = []
    for file in files:
        source = _scan_file(file, _known_format(file) or "csv")
        if source.format == "parquet" and hive_root is not None:
            source.frame = _with_partitions(source.frame, file, hive_root)
        out.append(source)
    return out


def _with_partitions(frame: pl.LazyFrame, file: Path, root: Path) -> pl.LazyFrame:
    parts = [p.split("=", 1) for p in file.relative_to(root).parent.parts if "=" in p]
    have = set(frame.collect_schema().names())
    return frame.with_columns(pl.lit(value).alias(key) for key, value in parts if key not in have)


def _scan_file(path: Path, fmt: str) -> Source:
    if path.stat().st_size == 0:
        raise LlmcostError(f"{path}: file is empty")
    return Source(str(path), fmt, _scan(path, fmt))


def _scan(data: Path | io.BytesIO, fmt: str) -> pl.LazyFrame:
    row = {"row_index_name": "_row", "row_index_offset": 1}
    if fmt in ("csv", "tsv"):
        separator = "\t" if fmt == "tsv" else _separator(data)
        return pl.scan_csv(data, separator=separator, infer_schema=False, **row)
    if fmt == "jsonl":
        return pl.scan_ndjson(data, infer_schema_length=1000, **row)
    if fmt == "parquet":
        return pl.scan_parquet(data, **row)
    if fmt == "json":
        return _read_json_array(data).lazy().with_row_index("_row", offset=1)
    raise LlmcostError(f"unknown input format {fmt!r} (one of {', '.join(FORMATS)})")


def _read_json_array(data: Path | io.BytesIO) -> pl.DataFrame:
    raw = data.getvalue() if isinstance(data, io.BytesIO) else _read_bytes(data)
    if not raw.lstrip()[:1] == b"[":
        raise LlmcostError(f"{_name(data)}: a .json log must be an array of objects "
                           "(for one object per line, use .jsonl)")
    try:
        return pl.read_json(io.BytesIO(raw), infer_schema_length=1000)
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(f"{_name(data)}: not a JSON array of objects: {_first_line(exc)}") from None


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    name = path.name.lower()
    try:
        if name.endswith(".gz"):
            return gzip.decompress(raw)
        if name.endswith((".zst", ".zstd")):
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    except (OSError, EOFError, ValueError) as exc:
        raise LlmcostError(f"{path}: cannot decompress: {exc}") from None
    return raw


def _separator(data: Path | io.BytesIO) -> str:
    """Comma, or semicolon when the header says so (spreadsheets in many locales write ;)."""
    head = data.getvalue()[:4096] if isinstance(data, io.BytesIO) else _read_head(data)
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
    wrong number of fields — so the error can name it. Runs only on the error path."""
    import csv
    import json

    path = Path(name)
    if not path.is_file() or fmt not in ("csv", "tsv", "jsonl"):
        return None
    try:
        raw = _read_bytes(path)
    except LlmcostError:
        return None
    lines = raw.splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"line {number}, byte {exc.start + 1}: not UTF-8 (save the file as UTF-8)"
    text = raw.decode("utf-8")
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    json.loads(line)
                except ValueError as exc:
                    return f"line {number}: not a JSON object ({exc.msg})"
        return None
    delimiter = "\t" if fmt == "tsv" else _separator(path)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, [])
    for row in rows:
        if row and len(row) != len(header):
            return (f"line {rows.line_num}: {len(row)} fields where the header has {len(header)} "
                    f"(a stray '{delimiter}' or an unquoted value?)")
    return None


def _sniff(path: Path) -> str:
    return _sniff_bytes(_read_head(path), str(path))


def _read_head(path: Path) -> bytes:
    if path.stat().st_size == 0:
        raise LlmcostError(f"{path}: file is empty")
    return _read_bytes(path)[:4096] if path.suffix.lower() in COMPRESSIONS else path.open("rb").read(4096)


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


def _scan_stdin(input_format: str | None) -> Source:
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise LlmcostError("standard input is empty")
    fmt = input_format or _sniff_bytes(raw[:4096], "standard input")
    return Source("<stdin>", fmt, _scan(io.BytesIO(raw), fmt))


def _name(data: Path | io.BytesIO) -> str:
    return "<stdin>" if isinstance(data, io.BytesIO) else str(data)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
