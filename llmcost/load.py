"""Any log source → one canonical LazyFrame (the first stage of the pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from llmcost.columns import canonical
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

    def has(self, column: str) -> bool:
        """Whether any source carries the column (so a metric on it is meaningful)."""
        return column in self.present


def load(paths: list[str], config: Config, input_format: str | None = None, *, preset: str | None = None,
         model: str | None = None, sql: dict[str, str | None] | None = None) -> Log:
    """Scan every source, map and type its columns, flag duplicates; nothing is read yet."""
    chosen = get_preset(preset or config.preset)
    convention = config.token_convention or (chosen.convention if chosen else "openai")
    default_model = model or config.model
    sources = open_sources(paths, input_format, sql or {})
    frames, mappings, suggestions, warnings = [], [], [], []
    for index, source in enumerate(sources):
        raw = apply(chosen, source.frame) if chosen else source.frame
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
    frame = _mark_duplicates(frame, "request_id" in present)
    return Log(frame, [s.name for s in sources], [s.format for s in sources], mappings, present, suggestions,
               warnings)


def _mark_duplicates(frame: pl.LazyFrame, has_ids: bool) -> pl.LazyFrame:
    """Rows sharing a request_id are one inference: the last in input order wins.

    Deduplicating inside the main plan holds every row in memory. Instead a side query
    over the ids alone finds the few rows whose id repeats — hashed to 8 bytes first,
    then compared as strings among those candidates only, so a hash collision never
    merges two requests — and the main plan, still streaming, joins that short list.
    """
    if not has_ids:
        return frame.with_columns(pl.lit(False).alias("_dup"))
    repeated = _repeated_rows(frame)
    if repeated.height == 0:
        return frame.with_columns(pl.lit(False).alias("_dup"))
    flags = repeated.lazy().with_columns(pl.lit(True).alias("_dup"))
    return frame.join(flags, on=["_file", "_row"], how="left").with_columns(pl.col("_dup").fill_null(False))


def _repeated_rows(frame: pl.LazyFrame) -> pl.DataFrame:
    """(_file, _row) of every row that is not the last of its request_id."""
    ids = frame.filter(~pl.col("_skip") & pl.col("request_id").is_not_null()).select(
        "_file", "_row", pl.col("request_id").hash(20261122).alias("_h"))
    counts = ids.select(pl.len().alias("rows"), pl.col("_h").n_unique().alias("hashes")).collect()
    if counts["rows"][0] == counts["hashes"][0]:  # distinct hashes: distinct ids, nothing to do
        return pl.DataFrame(schema={"_file": pl.UInt32, "_row": pl.Int64})
    repeated = ids.group_by("_h").agg(pl.len()).filter(pl.col("len") > 1).select("_h")
    candidates = ids.join(repeated, on="_h", how="semi").select("_file", "_row")
    rows = frame.join(candidates, on=["_file", "_row"], how="semi").select("_file", "_row", "request_id")
    rows = rows.collect().sort("_file", "_row")
    return rows.filter(~pl.col("request_id").is_last_distinct()).select("_file", "_row")
