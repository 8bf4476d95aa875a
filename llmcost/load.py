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
    frames, mappings, suggestions = [], [], []
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
    present = {name for found in mappings for name in found}
    if default_model:
        present.add("model")
    frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    frame = _mark_duplicates(frame, "request_id" in present)
    return Log(frame, [s.name for s in sources], [s.format for s in sources], mappings, present, suggestions)


def _mark_duplicates(frame: pl.LazyFrame, has_ids: bool) -> pl.LazyFrame:
    """Rows sharing a request_id are one inference: the last in input order wins."""
    if not has_ids:
        return frame.with_columns(pl.lit(False).alias("_dup"))
    rid = pl.when(~pl.col("_skip")).then(pl.col("request_id"))
    return frame.with_columns((rid.is_not_null() & ~rid.is_last_distinct()).alias("_dup"))
