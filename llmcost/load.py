"""Any log source → one canonical LazyFrame (the first stage of the pipeline)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from llmcost import rules
from llmcost.cache import kept_stamp
from llmcost.columns import COLUMNS, canonical, timestamp_note
from llmcost.config import Config
from llmcost.errors import LlmcostError
from llmcost.inputs import Inputs
from llmcost.presets import Preset, apply, detect, get_preset
from llmcost.rules import DEDUPE, duplicate_candidates, duplicate_expr
from llmcost.secrets import redact
from llmcost.sources import Source, content_size, open_sources

if TYPE_CHECKING:
    from llmcost.cache import Store
    from llmcost.engines import Remote


@dataclass
class Log:
    """The canonical rows (lazy, one frame per source) and what was learnt about their sources."""

    raw: list[pl.LazyFrame]  # per source, duplicates not yet marked (see `parts`)
    sizes: list[int]  # text-equivalent bytes of each source
    files: list[str]
    formats: list[str]
    mappings: list[dict[str, str]]
    present: set[str] = field(default_factory=set)
    suggestions: list[str | None] = field(default_factory=list)  # a preset a source looks like, not read as
    warnings: list[str] = field(default_factory=list)
    convention: str = "openai"
    remote: Remote | None = None  # a log summed where it lives (llmcost.engines)
    paths: list[Path | None] = field(default_factory=list)  # each source's file, when it is one
    recipe: dict[str, Any] = field(default_factory=dict)  # how the sources were read (cache keys)
    store: Store | None = None  # the cube cache (llmcost.cache), None: --no-cache
    now: dt.datetime | None = None  # the moment the future-timestamp check compared with
    stamps: list[dict[str, Any] | None] = field(default_factory=list)  # a kept file's identity (cache)
    # the preset each source was read as ("" none; "NAME (recognised)")
    presets: list[str] = field(default_factory=list)

    @functools.cached_property
    def parts(self) -> list[pl.LazyFrame]:
        """Each source's rows with `_dup` marked across every source (DEDUPE): reading the ids of
        all of them, so asked for only by what reads rows (the cube resolves ids per file)."""
        return mark_duplicates(self.raw, self.has_ids, sum(self.sizes) > BIG_INPUT)

    @property
    def has_ids(self) -> bool:
        return DEDUPE.key in self.present

    @property
    def frame(self) -> pl.LazyFrame:
        """Every row, all sources in order."""
        if self.remote is not None:
            raise LlmcostError(
                f"{self.remote.name}: this command reads every row, which llmcost does not ask of "
                f"{self.remote.engine.name} yet: use --engine local"
            )
        return pl.concat(self.parts, how="vertical") if len(self.parts) > 1 else self.parts[0]

    def batches(self, limit: int) -> list[pl.LazyFrame]:
        """The rows as consecutive runs of whole sources of about `limit` bytes each.

        Polars' streaming group-by keeps the rows of its rarely-seen groups until the end,
        so its memory grows with the rows when there are many groups (customers × months ×
        models). Summing a batch of files at a time and merging the small results keeps
        memory flat however many files there are; one big file stays one batch.
        """
        if self.remote is not None:
            return [self.frame]
        groups: list[list[pl.LazyFrame]] = [[]]
        filled = 0
        for part, size in zip(self.parts, self.sizes, strict=True):
            if groups[-1] and filled + size > limit:
                groups.append([])
                filled = 0
            groups[-1].append(part)
            filled += size
        return [pl.concat(g, how="vertical") if len(g) > 1 else g[0] for g in groups]

    def has(self, column: str) -> bool:
        """Whether any source carries the column (so a metric on it is meaningful)."""
        return column in self.present


def load(
    paths: list[str],
    config: Config,
    inputs: Inputs = Inputs(),
    *,
    window=None,
    store: Store | None = None,
) -> Log:
    """Scan every source, map and type its columns, flag duplicates; nothing is read yet. Paths
    resolve to one set of real files (llmcost.sources); what that skipped or found twice is in
    the warnings."""
    # pandas writes offset datetimes as Parquet with a fixed-offset zone ("+05:30"), which Polars
    # refuses (with a panic) unless told not to validate zones. The values are UTC instants
    # whatever the zone says, and parse_timestamp converts them to UTC correctly.
    os.environ.setdefault("POLARS_IGNORE_TIMEZONE_PARSE_ERROR", "1")
    remote = _remote(paths, config, inputs)
    if remote is not None:
        return remote
    given = get_preset(inputs.preset or config.preset)
    default_model = inputs.model or config.model
    sql = {"table": inputs.table, "query": inputs.query}
    sources, warnings = open_sources(
        paths,
        inputs.input_format,
        sql,
        include_hidden=inputs.include_hidden,
        skip_unreadable=inputs.skip_unreadable,
        cache=store.folder if store is not None else Path(inputs.cache_dir) if inputs.cache_dir else None,
    )
    now = rules.clock()
    stamps = [_stamp(source) for source in sources]  # read once: the formats and the units use them
    recipe = _recipe(config, inputs.input_format, inputs.preset, inputs.model, default_model)
    kept = (store, recipe) if store is not None else None
    read = [
        _source(source, i, config, given, default_model, window, warnings, now, kept, stamps[i])
        for i, source in enumerate(sources)
    ]
    if any(pushed for *_, pushed in read):  # only the window's months were read: other ids, other cells
        recipe["rows"] = [str(window.since), str(window.until)]
    return _log(sources, read, warnings, bool(default_model), recipe=recipe, store=store, now=now, stamps=stamps)


def _log(sources: list[Source], read: list[tuple], warnings: list[str], modelled: bool, **more: Any) -> Log:
    """The Log of the sources read (`_source` of each); `modelled`: --model or `model:` names one."""
    frames, mappings, suggestions, conventions, presets, _ = (list(column) for column in zip(*read, strict=True))
    present = {name for found in mappings for name in found} | ({"model"} if modelled else set())
    return Log(
        frames,
        [_bytes(s) for s in sources],
        [s.name for s in sources],
        [s.format for s in sources],
        mappings,
        present,
        suggestions,
        warnings,
        "anthropic" if "anthropic" in conventions else "openai",
        paths=[s.path for s in sources],
        presets=presets,
        **more,
    )


def _stamp(source: Source) -> dict[str, Any] | None:
    """The file's identity for the cube cache, with the columns its folder names gave it
    (`customer_id=acme/`): the same file under another folder is other rows."""
    found = kept_stamp(source.path)
    if found is None or not source.partitions:
        return found
    return {**found, "partitions": [list(pair) for pair in source.partitions]}


def _recipe(config: Config, *given: str | None) -> dict[str, Any]:
    """Everything besides a file's bytes that decides its canonical rows: the settings that
    read it and the options given (the cube cache's key; the code is keyed apart)."""
    read = {
        name: getattr(config, name) for name in ("columns", "preset", "token_convention", "model", "timestamp_format")
    }
    return {"config": read, "given": given}


def _source(
    source: Source,
    index: int,
    config: Config,
    given: Preset | None,
    default_model: str | None,
    window,
    warnings: list[str],
    now: dt.datetime,
    kept: tuple[Store, dict[str, Any]] | None = None,
    stamp: dict[str, Any] | None = None,
) -> tuple[pl.LazyFrame, dict[str, str], str | None, str, str, bool]:
    """One source as canonical rows: its preset (given or recognised) or the configured columns,
    typed; with the columns found, the preset it looks like, its token convention, the preset
    it was read as and whether only the window's months are read (`_pushdown`). What the
    reading noticed is added to `warnings`."""
    plain = _storage(source.frame)
    detected = None if given or config.columns else _recognised(source.name, plain, warnings)
    chosen = given or get_preset(detected)
    convention = config.token_convention or (chosen.convention if chosen else "openai")
    pushed = False
    if chosen:
        raw, notes = apply(chosen, plain, source.name)
        warnings.extend(notes)
    else:
        raw = _pushdown(plain, config, window)
        pushed = raw is not plain
    suggestion = detected or (None if given else detect(plain.collect_schema()))
    read = functools.partial(
        canonical,
        raw,
        source.name,
        index,
        {} if chosen else config.columns,
        anthropic=convention == "anthropic",
        default_model=default_model,
        timestamp_format=config.timestamp_format,
        now=now,
    )
    try:
        frame, found = _with_kept_formats(read, kept, stamp, source.format)
    except LlmcostError as exc:
        if suggestion and not chosen:
            raise LlmcostError(f"{exc} — this looks like a {suggestion} log: try --preset {suggestion}") from None
        raise
    if not chosen:
        warnings.extend(timestamp_note(raw.collect_schema().names(), found, config.columns, source.name))
    warnings.extend(_repeated_columns(source))
    read_as = (f"{chosen.name} (recognised)" if detected else chosen.name) if chosen else ""
    return frame, found, None if chosen else suggestion, convention, read_as, pushed


def _with_kept_formats(
    read: Callable[..., tuple[pl.LazyFrame, dict[str, str]]],
    kept: tuple[Store, dict[str, Any]] | None,
    stamp: dict[str, Any] | None,
    fmt: str,
) -> tuple[pl.LazyFrame, dict[str, str]]:
    """`read(sniffed=...)` given the timestamp formats the cache kept for this file, and the
    formats it sniffed kept back: a re-run does not sample a kept text file again. Parquet's
    timestamps are typed, so there is nothing to keep. `kept`: the cache and how the run reads
    its files (a preset maps another column to `timestamp`: another format)."""
    if kept is None or fmt == "parquet":
        return read(sniffed={})
    store, recipe = kept
    name, formats = store.formats(stamp, recipe)
    known = dict(formats)
    result = read(sniffed=known)
    if name is not None and known != formats:
        store.keep_formats(name, known)
    return result


def _repeated_columns(source: Source) -> list[str]:
    """A header that names a column twice: Polars reads the second as NAME_duplicated_0."""
    return [
        f"{source.name}: column '{n.rsplit('_duplicated_', 1)[0]}' appears more than once; the first is used"
        for n in source.frame.collect_schema().names()
        if "_duplicated_" in n
    ]


def _recognised(name: str, plain: pl.LazyFrame, warnings: list[str]) -> str | None:
    """The preset a source's columns look like, said in `warnings` when there is one."""
    detected = detect(plain.collect_schema())
    if detected:
        article = "an" if detected[0] in "aeio" else "a"
        warnings.append(
            f"{name}: read as {article} {detected} log (its format was recognised; --preset NAME reads it as another)"
        )
    return detected


def _remote(paths: list[str], config: Config, inputs: Inputs) -> Log | None:
    """A log summed where it lives: a database URI (but `--engine local`), or files given to an
    engine with --engine. None: llmcost reads the rows itself."""
    if inputs.engine is None and not inputs.show_sql and not any("://" in p for p in paths):
        return None  # files read here: not worth importing SQLGlot for (a quarter of a second)
    from llmcost.engines import open_remote

    picked = _engine_of(paths, inputs.engine, inputs.show_sql)
    if picked is None:
        return None
    chosen, files = picked
    opened = open_remote(paths[0], chosen, config, inputs, files)
    present = set(opened.found) | ({"model"} if inputs.model or config.model else set())
    remote, warnings = opened.remote, list(opened.warnings)
    if files is not None and len(files[0]) < len(paths):  # as sources.open_sources says it
        warnings += [f"{p}: adds no file not read already: its rows are counted once" for p in _repeated(paths)]
    unused = _format_unused(chosen.name, config.timestamp_format, files is not None)
    if unused:  # said, and in the reason of the rows it would have read
        remote = _hinted(remote, "timestamp", unused)
        warnings.append(f"{remote.name}: {unused}")
    return _remote_log(remote, opened.found, files, present, warnings, opened.convention)


def _repeated(paths: list[str]) -> list[str]:
    """The paths given again after their first time."""
    return [p for i, p in enumerate(paths) if p in paths[:i]]


def _remote_log(
    remote: Remote,
    found: dict[str, str],
    files: tuple[list[str], str] | None,
    present: set[str],
    warnings: list[str],
    convention: str,
) -> Log:
    """The Log of a source an engine sums: no rows here. Files are each named, so that a rejected
    row is named by its own file (engines.remote_rejections); a table is one source."""
    names, fmt = ([redact(p) for p in files[0]], files[1]) if files is not None else ([remote.name], "sql")
    each = len(names)
    mappings = _mappings(found, files)
    return Log([], [0] * each, names, [fmt] * each, mappings, present, [None] * each, warnings, convention, remote)


def _mappings(found: dict[str, str], files: tuple[list[str], str] | None) -> list[dict[str, str]]:
    """Each file's columns (canonical → its own), as validate lists them: an engine reads the
    files as one, so each file's are the ones found that it has."""
    from llmcost.engines import columns_of

    columns = columns_of(*files) if files is not None else None
    if files is None or columns is None:
        return [found] * (len(files[0]) if files is not None else 1)
    return [{c: s for c, s in found.items() if s in names} for names in columns]


def _engine_of(paths: list[str], engine: str | None, show_sql: bool) -> tuple[Any, Any] | None:
    """The engine that sums `paths` and, for files, (paths, format); None when llmcost reads
    them itself. A database URI picks its engine; --engine picks one for files."""
    from llmcost.engines import ENGINES, FILE_ENGINES, engine_for

    chosen = engine_for(paths[0]) if len(paths) == 1 else None
    files = None
    if engine in FILE_ENGINES and chosen is None:
        fmt = "parquet" if all(p.endswith(".parquet") for p in paths) else "csv"
        _engine_reads(engine, paths)
        chosen, files = ENGINES[engine], (list(dict.fromkeys(paths)), fmt)  # a file given twice: read once
    elif engine not in (None, "polars", "local") and (chosen is None or chosen.name != engine):
        choices = ", ".join(["polars", *FILE_ENGINES])
        raise LlmcostError(f"--engine {engine}: not for {', '.join(paths)} (for files: {choices})")
    if chosen is None or engine == "local" or (show_sql is False and engine == "polars"):
        if show_sql:
            raise LlmcostError("--show-sql: llmcost reads these logs itself, so there is no SQL to show")
        return None
    return chosen, files


def _hinted(remote: Remote, column: str, hint: str) -> Remote:
    """`remote` whose rows rejected for `column` say `hint` in their reason."""
    hints = {**remote.relation.hints, column: hint}
    return dataclasses.replace(remote, relation=dataclasses.replace(remote.relation, hints=hints))


def _engine_reads(engine: str, paths: list[str]) -> None:
    """Engines read CSV and Parquet files; a JSON log given to one was read as CSV and reported
    as missing every column."""
    other = [p for p in paths if Path(p).is_file() and not p.lower().endswith((".parquet", ".csv", ".csv.gz"))]
    if other:
        raise LlmcostError(
            f"--engine {engine} reads CSV and Parquet files, not {redact(other[0])}: "
            "without --engine, llmcost reads it itself"
        )


def _format_unused(engine: str, fmt: str | None, files: bool) -> str | None:
    """A timestamp format is Polars' (strftime); the SQL path reads ISO 8601 and epoch text only
    (docs/reference.md §6.5): said, so that the rows it rejects are not a surprise."""
    if not fmt:
        return None
    here = "without --engine, llmcost reads the files" if files else "--engine local reads the rows here"
    return f"timestamp_format '{fmt}' is not used on {engine}, whose SQL reads ISO 8601 and epoch time ({here})"


ID_SEED = 20261122  # request ids are compared as hashes first (then as text, among the repeated)
BIG_INPUT = 2**30  # text-equivalent bytes (~11M rows) above which the id check spills to disk
PARQUET_DENSITY = 5  # a Parquet byte holds about five bytes' worth of CSV log


def _bytes(source) -> int:
    """How big a source is, as bytes of text: a proxy for its rows, known without reading
    it (standard input and databases count 0)."""
    path = Path(source.name)
    if path.is_dir():
        size = sum(content_size(f) for f in path.rglob("*") if f.is_file())
    else:
        size = content_size(path) if path.is_file() else 0
    return size * PARQUET_DENSITY if source.format == "parquet" else size


def _storage(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Extension columns as their storage: a PostgreSQL JSON/JSONB column arrives through ADBC
    as Arrow's `arrow.json` extension over text, which no string function accepts as is."""
    schema = frame.collect_schema()
    wrapped = [name for name, dtype in schema.items() if isinstance(dtype, pl.Extension)]
    return frame.with_columns(pl.col(name).ext.storage() for name in wrapped) if wrapped else frame


def _pushdown(frame: pl.LazyFrame, config: Config, window) -> pl.LazyFrame:
    """With --since/--until, filter a typed timestamp column in the scan itself, so Parquet row
    groups and files wholly outside the window's months are never read. (Text timestamps are
    filtered after parsing; the rows read are the same, only slower to skip.)"""
    if window is None or not window.bounded:
        return frame
    schema = frame.collect_schema()
    names = {n.lower(): n for n in schema.names()}
    column = config.columns.get("timestamp") or next(
        (names[a] for a in ("timestamp", *COLUMNS["timestamp"].aliases) if a in names), None
    )
    dtype = schema.get(column) if column else None
    if column is None or not isinstance(dtype, pl.Datetime):
        return frame
    ts = pl.col(column) if dtype.time_zone else pl.col(column).dt.replace_time_zone("UTC")
    return frame.filter(window.months(ts.dt.convert_time_zone("UTC")))


def mark_duplicates(frames: list[pl.LazyFrame], has_ids: bool, big: bool = False) -> list[pl.LazyFrame]:
    """Rows sharing a request_id are one inference: the last in input order wins (DEDUPE).

    Deduplicating inside the main plan holds every row in memory. Instead a side query
    over the ids alone finds the few rows whose id repeats — hashed to 8 bytes first,
    then compared as strings among those candidates only, so a hash collision never
    merges two requests — and the main plan, still streaming, joins that short list.
    """
    repeated = _repeated_rows(pl.concat(frames, how="vertical"), big) if has_ids else None
    order = list(DEDUPE.order)
    if repeated is None or repeated.height == 0:
        return [f.with_columns(pl.lit(False).alias("_dup")) for f in frames]
    flags = repeated.lazy().with_columns(pl.lit(True).alias("_dup"))
    return [f.join(flags, on=order, how="left").with_columns(pl.col("_dup").fill_null(False)) for f in frames]


def _repeated_rows(frame: pl.LazyFrame, big: bool) -> pl.DataFrame:
    """(_file, _row) of every row that loses to another row of its request_id (DEDUPE)."""
    order, key = list(DEDUPE.order), DEDUPE.key
    ids = frame.filter(duplicate_candidates()).select(*order, pl.col(key).hash(ID_SEED).alias("_h"))
    repeated = repeated_hashes(ids.select("_h"), big)
    if repeated.height == 0:  # distinct hashes: distinct ids, nothing to do
        return pl.DataFrame(schema={"_file": pl.UInt32, "_row": pl.Int64})
    candidates = ids.join(repeated.lazy(), on="_h", how="semi").select(order)
    rows = frame.join(candidates, on=order, how="semi").select(*order, key).collect().sort(order)
    return rows.filter(duplicate_expr()).select(order)


def repeated_hashes(hashes: pl.LazyFrame, big: bool) -> pl.DataFrame:
    """Hashes seen more than once: sorted, a repeat sits next to its twin. Sorting costs
    the 8 bytes of each hash (a hash table would cost ~60 bytes a row), and big logs
    spill their hashes to 16 temporary files by the top bits and check each file alone:
    memory stays flat however many rows there are."""

    def repeated(part: pl.LazyFrame) -> pl.DataFrame:
        h = pl.col("_h")
        return part.select(h.sort()).filter(h == h.shift(1)).unique().collect()

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
