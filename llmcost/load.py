"""Any log source → one canonical LazyFrame (the first stage of the pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from llmcost.columns import COLUMNS, canonical
from llmcost.config import Config
from llmcost.errors import LlmcostError
from llmcost.presets import apply, detect, get_preset
from llmcost.sources import open_sources


@dataclass
class Log:
    """The canonical rows (lazy) and what was learnt about their sources."""

    frame: pl.LazyFrame
    files: list[str]
    formats: list[str]
    mappings: list[dict[str, str]]
    present: set[str] = field(default_factory=set)
    suggestions: list[str | None] = field(default_factory=list)  # a preset each source looks like
    warnings: list[str] = field(default_factory=list)
    convention: str = "openai"

    def has(self, column: str) -> bool:
        """Whether any source carries the column (so a metric on it is meaningful)."""
        return column in self.present


def load(paths: list[str], config: Config, input_format: str | None = None, *, preset: str | None = None,
         model: str | None = None, sql: dict[str, str | None] | None = None, window=None) -> Log:
    """Scan every source, map and type its columns, flag duplicates; nothing is read yet."""
    chosen = get_preset(preset or config.preset)
    convention = config.token_convention or (chosen.convention if chosen else "openai")
    default_model = model or config.model
    sources = open_sources(paths, input_format, sql or {})
    frames, mappings, suggestions, warnings = [], [], [], []
    for index, source in enumerate(sources):
        raw = apply(chosen, source.frame) if chosen else _pushdown(source.frame, config, window)
        suggestion = None if chosen else detect(source.frame.collect_schema())
        try:
            frame, found = canonical(raw, source.name, index, {} if chosen else config.columns,
                                     anthropic=convention == "anthropic", default_model=default_model)
        except LlmcostError as exc:
            if suggestion:
                raise LlmcostError(f"{exc} — this looks like a {suggestion} log: try --preset {suggestion}") from None
            raise
        frames.append(frame)
        mappings.append(found)
        suggestions.append(suggestion)
        warnings.extend(f"{source.name}: column '{n.rsplit('_duplicated_', 1)[0]}' appears more than once; "
                        "the first is used" for n in source.frame.collect_schema().names() if "_duplicated_" in n)
    present = {name for found in mappings for name in found}
    if default_model:
        present.add("model")
    frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    frame = _mark_duplicates(frame, "request_id" in present, _bytes(sources) > BIG_INPUT)
    return Log(frame, [s.name for s in sources], [s.format for s in sources], mappings, present, suggestions,
               warnings, convention)


BIG_INPUT = 256 * 2**20  # bytes of input above which the id check spills to disk


def _bytes(sources) -> int:
    """Size on disk of the sources that are files (standard input and databases count 0)."""
    total = 0
    for source in sources:
        path = Path(source.name)
        total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else \
            (path.stat().st_size if path.is_file() else 0)
    return total


def _pushdown(frame: pl.LazyFrame, config: Config, window) -> pl.LazyFrame:
    """With --since/--until, filter a typed timestamp column in the scan itself, so Parquet row
    groups and files wholly outside the window's months are never read. (Text timestamps are
    filtered after parsing; the rows read are the same, only slower to skip.)"""
    if window is None or not window.bounded:
        return frame
    schema = frame.collect_schema()
    names = {n.lower(): n for n in schema.names()}
    column = config.columns.get("timestamp") or next(
        (names[a] for a in ("timestamp", *COLUMNS["timestamp"].aliases) if a in names), None)
    dtype = schema.get(column) if column else None
    if not isinstance(dtype, pl.Datetime):
        return frame
    ts = pl.col(column) if dtype.time_zone else pl.col(column).dt.replace_time_zone("UTC")
    return frame.filter(window.months(ts.dt.convert_time_zone("UTC")))


def _mark_duplicates(frame: pl.LazyFrame, has_ids: bool, big: bool = False) -> pl.LazyFrame:
    """Rows sharing a request_id are one inference: the last in input order wins.

    Deduplicating inside the main plan holds every row in memory. Instead a side query
    over the ids alone finds the few rows whose id repeats — hashed to 8 bytes first,
    then compared as strings among those candidates only, so a hash collision never
    merges two requests — and the main plan, still streaming, joins that short list.
    """
    if not has_ids:
        return frame.with_columns(pl.lit(False).alias("_dup"))
    repeated = _repeated_rows(frame, big)
    if repeated.height == 0:
        return frame.with_columns(pl.lit(False).alias("_dup"))
    flags = repeated.lazy().with_columns(pl.lit(True).alias("_dup"))
    return frame.join(flags, on=["_file", "_row"], how="left").with_columns(pl.col("_dup").fill_null(False))


def _repeated_rows(frame: pl.LazyFrame, big: bool) -> pl.DataFrame:
    """(_file, _row) of every row that is not the last of its request_id."""
    ids = frame.filter(~pl.col("_skip") & pl.col("request_id").is_not_null()).select(
        "_file", "_row", pl.col("request_id").hash(20261122).alias("_h"))
    repeated = _repeated_hashes(ids.select("_h"), big)
    if repeated.height == 0:  # distinct hashes: distinct ids, nothing to do
        return pl.DataFrame(schema={"_file": pl.UInt32, "_row": pl.Int64})
    candidates = ids.join(repeated.lazy(), on="_h", how="semi").select("_file", "_row")
    rows = frame.join(candidates, on=["_file", "_row"], how="semi").select("_file", "_row", "request_id")
    rows = rows.collect().sort("_file", "_row")
    return rows.filter(~pl.col("request_id").is_last_distinct()).select("_file", "_row")


def _repeated_hashes(hashes: pl.LazyFrame, big: bool) -> pl.DataFrame:
    """Hashes seen more than once. A hash table over every id costs ~60 bytes a row, so big
    logs spill their 8-byte hashes to 16 temporary files by the top bits and check each
    file alone: memory stays flat however many rows there are."""
    def repeated(part: pl.LazyFrame) -> pl.DataFrame:
        return part.group_by("_h").len().filter(pl.col("len") > 1).select("_h").collect()

    if not big:
        return repeated(hashes)
    import glob
    import tempfile

    with tempfile.TemporaryDirectory(prefix="llmcost-ids-") as tmp:
        part = (pl.col("_h") // 2**60).alias("_p")
        hashes.with_columns(part).sink_parquet(pl.PartitionBy(tmp, key="_p", include_key=False), mkdir=True)
        folders = sorted({str(Path(f).parent) for f in glob.glob(f"{tmp}/**/*.parquet", recursive=True)})
        found = [repeated(pl.scan_parquet(f"{folder}/*.parquet")) for folder in folders]
    return pl.concat(found) if found else pl.DataFrame(schema={"_h": pl.UInt64})
