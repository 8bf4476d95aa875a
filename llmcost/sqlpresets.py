"""A preset's fields as SQL: the same paths presets.py reads in Polars, read by the engine.

A nested field in a JSON column (LiteLLM's JSONB `metadata.usage_object`) is read with the
engine's JSON functions; a field documented at several paths is the first non-empty one per
row, as in Polars. What only the Polars reader can do (OTLP spans, Langfuse's usage map of
varying names) is one error line pointing at --engine local.
"""

from __future__ import annotations

import polars as pl
from sqlglot import exp

from llmcost.engines import kind_of
from llmcost.errors import LlmcostError
from llmcost.presets import FieldPath, Preset, _dtype_at
from llmcost.sqlcube import Field, col, duration_ms, json_field, typed


def preset_fields(preset: Preset, schema: pl.Schema, name: str) -> tuple[dict[str, Field], exp.Expr | None]:
    """The canonical fields the source has, and which rows are not model calls (None: all are)."""
    if preset.prepare is not None or (preset.sums_in and _dtype_at(schema, preset.sums_in)):
        raise LlmcostError(f"{name}: the {preset.name} preset is read by llmcost itself: use --engine local")
    fields: dict[str, Field] = {}
    for canonical, paths in preset.fields.items():
        hits = [hit for hit in (_field(schema, p) for p in paths) if hit]
        if hits:
            fields[canonical] = _first(hits)
    if preset.latency_from and "latency_ms" not in fields:
        start, end = (_field(schema, p) for p in preset.latency_from)
        if start and end:
            ms = duration_ms(typed("timestamp", start), typed("timestamp", end))
            fields["latency_ms"] = Field(ms, "float")
    if "latency_ms" in fields and preset.latency_scale != 1.0:
        scaled = exp.Mul(
            this=exp.cast(fields["latency_ms"].sql, "DOUBLE"), expression=exp.Literal.number(preset.latency_scale)
        )
        fields["latency_ms"] = Field(scaled, "float")
    return fields, _skip(preset, schema)


def _field(schema: pl.Schema, path: FieldPath) -> Field | None:
    """A field at `path`: a column, or a key inside a column of JSON text."""
    for split in range(len(path), 0, -1):
        head = ".".join(path[:split])
        if head not in schema:
            continue
        rest, dtype = path[split:], schema[head]
        if not rest:
            return Field(col(head), kind_of(dtype))
        if dtype == pl.String:
            return Field(json_field(col(head), rest), "text")
    return None


def _first(hits: list[Field]) -> Field:
    """The first non-empty value of each row (presets._per_row)."""
    if len(hits) == 1:
        return hits[0]
    kinds = {h.kind for h in hits}
    if len(kinds) == 1 and "text" not in kinds:
        return Field(exp.func("COALESCE", *(h.sql for h in hits)), hits[0].kind)
    texts = [exp.Nullif(this=exp.cast(h.sql, "TEXT"), expression=exp.Literal.string("")) for h in hits]
    return Field(exp.func("COALESCE", *texts), "text")


def _skip(preset: Preset, schema: pl.Schema) -> exp.Expr | None:
    """Rows without every `calls` field (presets._skip; the call-type rule is Polars-only)."""
    if not preset.calls:
        return None
    present = [_field(schema, tuple(p.split("."))) for p in preset.calls]
    if preset.call_types and _dtype_at(schema, preset.call_types[0]):
        raise LlmcostError(f"the {preset.name} preset is read by llmcost itself: use --engine local")
    if not all(present):  # without the field, no row is a model call (as in Polars)
        return exp.true()
    there = [exp.Not(this=exp.Is(this=h.sql, expression=exp.null())) for h in present if h]
    return exp.Not(this=exp.paren(exp.and_(*there)))
