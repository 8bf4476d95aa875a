"""Presets: the log formats of gateways, providers and tools, mapped to canonical columns.

A preset is data: for each canonical column, the (possibly nested) fields that may
hold it, first found wins; which rows are model calls; the token convention. Field
names come from each format's own documentation and code (see the README).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from polars.datatypes import DataTypeClass

from llmcost.errors import LlmcostError, did_you_mean

FieldPath = tuple[str, ...]  # a field and the fields nested in it: ('usage', 'prompt_tokens')
Found = tuple[pl.Expr, pl.DataType | DataTypeClass]  # a field's expression and type (a nested field's may be a class)


@dataclass(frozen=True)
class Preset:
    name: str
    fields: dict[str, tuple[FieldPath, ...]]
    convention: str = "openai"
    calls: tuple[str, ...] = ()  # fields present on model-call rows
    latency_from: tuple[FieldPath, FieldPath] | None = None  # (start, end) timestamps
    latency_scale: float = 1.0  # latency field unit → ms
    detect: tuple[FieldPath, ...] = ()  # all present: this format
    detect_also: tuple[FieldPath, ...] = ()  # …or all of these (another shape of it)
    prepare: Callable[[pl.LazyFrame], pl.LazyFrame] | None = None
    sums: dict[str, Callable[[list[str]], list[str]]] = field(default_factory=dict)
    sums_in: FieldPath = ()  # struct whose fields `sums` picks
    usage: tuple[str, ...] = ()  # token columns whose absence misprices: said
    call_types: tuple[FieldPath, tuple[str, ...]] | None = None  # …or a row whose type is one of these is a call


def _p(*paths: str) -> tuple[FieldPath, ...]:
    return tuple(tuple(p.split(".")) for p in paths)


LITELLM_USAGE = "metadata.usage_object"
ANTHROPIC_USAGE = {
    "input_tokens": "usage.input_tokens",
    "output_tokens": "usage.output_tokens",
    "cached_input_tokens": "usage.cache_read_input_tokens",
    "cache_write_tokens": "usage.cache_creation_input_tokens",
    "cache_write_1h_tokens": "usage.cache_creation.ephemeral_1h_input_tokens",
    "service_tier": "usage.service_tier",
}


def _otlp_spans(frame: pl.LazyFrame) -> pl.LazyFrame:
    """OTLP JSON (resourceSpans → scopeSpans → spans, attributes as key/value lists) → one row a span
    with an `attributes` struct of the GenAI attributes the preset reads. Lines of flat spans in the
    same file (ConsoleSpanExporter's shape) are kept beside them, their attributes as text alike."""
    schema = frame.collect_schema()
    if "resourceSpans" not in schema:
        return frame
    wanted = _attribute_keys()
    spans = _nested_spans(frame)
    kinds = _value_kinds(spans.collect_schema().get("attributes"))
    spans = spans.with_columns(pl.struct([_attribute(k, kinds).alias(k) for k in wanted]).alias("attributes"))
    if not [n for n in schema.names() if n not in ("resourceSpans", "_row")]:
        return spans
    flat = _flat_spans(frame.filter(pl.col("resourceSpans").is_null()).drop("resourceSpans"), schema, wanted)
    keep = _top_names()
    parts = [part.select(n for n in part.collect_schema().names() if n in keep) for part in (spans, flat)]
    return pl.concat(parts, how="diagonal_relaxed")


def _nested_spans(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The spans of OTLP's nesting, one row each, tagged with the row of the line they came from."""
    return (
        frame.filter(pl.col("resourceSpans").is_not_null())
        .select("_row", "resourceSpans")
        .explode("resourceSpans")
        .unnest("resourceSpans")
        .select("_row", "scopeSpans")
        .explode("scopeSpans")
        .unnest("scopeSpans")
        .select("_row", "spans")
        .explode("spans")
        .unnest("spans")
    )


def _attribute(key: str, kinds: list[str]) -> pl.Expr:
    """The value of attribute `key` from OTLP's key/value list, as text whichever kind it is."""
    value = (
        pl.col("attributes")
        .list.eval(pl.element().filter(pl.element().struct.field("key") == key))
        .list.first()
        .struct.field("value")
    )
    if not kinds:
        return pl.lit(None, pl.String)
    return pl.coalesce(*(value.struct.field(k).cast(pl.String) for k in kinds))


def _flat_spans(flat: pl.LazyFrame, schema: pl.Schema, wanted: list[str]) -> pl.LazyFrame:
    """Flat spans' attributes as text, as the nested ones' are, so that both stack into one frame."""
    flat_attributes = schema.get("attributes")
    fields = {f.name for f in flat_attributes.fields} if isinstance(flat_attributes, pl.Struct) else set()
    return flat.with_columns(
        pl.struct(
            [
                (
                    pl.col("attributes").struct.field(k).cast(pl.String) if k in fields else pl.lit(None, pl.String)
                ).alias(k)
                for k in wanted
            ]
        ).alias("attributes")
    )


def _attribute_keys() -> list[str]:
    """The span attributes the otel preset reads (one definition: its field paths)."""
    paths = [p for ps in PRESETS["otel"].fields.values() for p in ps if p[0] == "attributes"]
    return list(dict.fromkeys(".".join(p[1:]) for p in paths))


def _top_names() -> set[str]:
    preset = PRESETS["otel"]
    firsts = {p[0] for ps in preset.fields.values() for p in ps}
    firsts |= {p[0] for p in (preset.latency_from or ())} | {c.split(".")[0] for c in preset.calls}
    return firsts | {"_row"}


def _value_kinds(dtype: pl.DataType | None) -> list[str]:
    """Which of OTLP's stringValue/intValue/doubleValue this export's attribute values carry."""
    if not isinstance(dtype, pl.List) or not isinstance(dtype.inner, pl.Struct):
        return []
    value = {f.name: f.dtype for f in dtype.inner.fields}.get("value")
    names = {f.name for f in value.fields} if isinstance(value, pl.Struct) else set()
    return [k for k in ("stringValue", "intValue", "doubleValue") if k in names]


def _anthropic(
    name: str,
    prefix: str,
    head: dict[str, tuple[FieldPath, ...]],
    tail: dict[str, tuple[FieldPath, ...]],
    detect: tuple[FieldPath, ...],
) -> Preset:
    """A format that carries the Messages API's usage object under `prefix` (the API's own
    response, or Claude Code's `message.`): its token fields between `head` and `tail`, its
    convention (input_tokens excludes cache reads and writes), and the token columns it must have."""
    return Preset(
        name,
        {**head, **{k: _p(prefix + v) for k, v in ANTHROPIC_USAGE.items()}, **tail},
        convention="anthropic",
        calls=(prefix + "usage",),
        detect=detect,
        usage=("cached_input_tokens", "cache_write_tokens"),
    )


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "openai",
            {
                "timestamp": _p("timestamp", "created_at", "created"),
                "model": _p("model"),
                "input_tokens": _p("usage.prompt_tokens", "usage.input_tokens"),
                "output_tokens": _p("usage.completion_tokens", "usage.output_tokens"),
                "cached_input_tokens": _p(
                    "usage.prompt_tokens_details.cached_tokens", "usage.input_tokens_details.cached_tokens"
                ),
                "reasoning_tokens": _p(
                    "usage.completion_tokens_details.reasoning_tokens", "usage.output_tokens_details.reasoning_tokens"
                ),
                "request_id": _p("id"),
                "service_tier": _p("service_tier"),
                "customer_id": _p("user", "metadata.customer_id", "metadata.user_id"),
                "feature": _p("metadata.feature"),
            },
            calls=("usage",),
            detect=_p("usage.prompt_tokens"),
            detect_also=_p("usage.input_tokens_details"),
            usage=("cached_input_tokens",),
        ),
        _anthropic(
            "anthropic",
            "",
            {"timestamp": _p("timestamp", "created_at"), "model": _p("model")},
            {"request_id": _p("id"), "customer_id": _p("metadata.user_id")},
            detect=_p("usage.cache_read_input_tokens", "type"),
        ),
        _anthropic(
            "claude-code",
            "message.",
            {"timestamp": _p("timestamp"), "model": _p("message.model")},
            {"request_id": _p("requestId"), "cost": _p("costUSD"), "customer_id": _p("sessionId")},
            detect=_p("requestId", "message.usage"),
        ),
        Preset(
            "codex",
            {
                "timestamp": _p("timestamp"),
                "model": _p("payload.info.model"),
                "input_tokens": _p("payload.info.last_token_usage.input_tokens"),
                "cached_input_tokens": _p("payload.info.last_token_usage.cached_input_tokens"),
                "output_tokens": _p("payload.info.last_token_usage.output_tokens"),
                "reasoning_tokens": _p("payload.info.last_token_usage.reasoning_output_tokens"),
            },
            calls=("payload.info.last_token_usage",),
            detect=_p("payload", "type"),
        ),
        # LiteLLM normalises every provider's usage to OpenAI's convention (prompt_tokens includes
        # cache reads and writes) and keeps the details only in the JSON `metadata.usage_object`.
        Preset(
            "litellm",
            {
                "timestamp": _p("startTime"),
                "model": _p("model"),
                "request_id": _p("request_id"),
                "input_tokens": _p("prompt_tokens"),
                "output_tokens": _p("completion_tokens"),
                "cached_input_tokens": _p(
                    f"{LITELLM_USAGE}.prompt_tokens_details.cached_tokens", f"{LITELLM_USAGE}.cache_read_input_tokens"
                ),
                "cache_write_tokens": _p(
                    f"{LITELLM_USAGE}.cache_creation_input_tokens",
                    f"{LITELLM_USAGE}.prompt_tokens_details.cache_creation_tokens",
                    f"{LITELLM_USAGE}.prompt_tokens_details.cache_write_tokens",
                ),
                "cache_write_1h_tokens": _p(
                    f"{LITELLM_USAGE}.prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens"
                ),
                "reasoning_tokens": _p(f"{LITELLM_USAGE}.completion_tokens_details.reasoning_tokens"),
                "customer_id": _p("end_user", "user"),
                "cost": _p("spend"),
                "status": _p("status"),
                "feature": _p("metadata.user_api_key_alias"),
            },
            latency_from=(("startTime",), ("endTime",)),
            detect=_p("spend", "startTime", "prompt_tokens"),
            usage=("cached_input_tokens", "cache_write_tokens"),
        ),
        # Langfuse ≥ 3.2 keeps usage as `usageDetails` (any usage types: every one containing
        # "input" is input); older exports have `usage.input`/`promptTokens`, the v2 API
        # `inputUsage`/`outputUsage`. Observations that are not model calls (spans, events, tools)
        # are skipped; a generation without a model is rejected, not skipped.
        Preset(
            "langfuse",
            {
                "timestamp": _p("startTime"),
                "model": _p("model"),
                "request_id": _p("id"),
                "input_tokens": _p("usage.input", "promptTokens", "inputUsage"),
                "output_tokens": _p("usage.output", "completionTokens", "outputUsage"),
                "cost": _p("costDetails.total", "calculatedTotalCost", "totalCost"),
                "customer_id": _p("userId", "metadata.userId"),
                "status": _p("level"),
                "feature": _p("name"),
            },
            latency_from=(("startTime",), ("endTime",)),
            detect=_p("startTime", "traceId"),
            calls=("model",),
            call_types=(("type",), ("GENERATION", "EMBEDDING")),
            sums={
                "input_tokens": lambda f: [x for x in f if "input" in x],
                "output_tokens": lambda f: [x for x in f if "output" in x],
                "cached_input_tokens": lambda f: [
                    x for x in f if "input" in x and ("cache_read" in x or "cached" in x)
                ],
                "cache_write_tokens": lambda f: [
                    x for x in f if "input" in x and ("cache_creation" in x or "cache_write" in x)
                ],
                "cache_write_1h_tokens": lambda f: [
                    x for x in f if "input" in x and "1h" in x and ("cache_creation" in x or "cache_write" in x)
                ],
            },
            sums_in=("usageDetails",),
        ),
        Preset(
            "helicone",
            {
                "timestamp": _p("request_created_at"),
                "model": _p("model", "request_model"),
                "request_id": _p("request_id"),
                "input_tokens": _p("prompt_tokens"),
                "output_tokens": _p("completion_tokens"),
                "cached_input_tokens": _p("prompt_cache_read_tokens"),
                "cache_write_tokens": _p("prompt_cache_write_tokens"),
                "customer_id": _p("request_user_id", "user_id"),
                "cost": _p("costUSD", "cost"),
                "latency_ms": _p("delay_ms", "latency"),
                "status": _p("response_status", "status"),
                "accepted": _p("feedback_rating"),
            },
            detect=_p("request_created_at", "prompt_tokens"),
        ),
        Preset(
            "otel",
            {
                "timestamp": _p("startTimeUnixNano", "start_time", "startTime", "timestamp"),
                "model": _p("attributes.gen_ai.response.model", "attributes.gen_ai.request.model"),
                "input_tokens": _p("attributes.gen_ai.usage.input_tokens"),
                "output_tokens": _p("attributes.gen_ai.usage.output_tokens"),
                "cached_input_tokens": _p(
                    "attributes.gen_ai.usage.cache_read.input_tokens", "attributes.gen_ai.usage.cache_read_input_tokens"
                ),
                "cache_write_tokens": _p(
                    "attributes.gen_ai.usage.cache_creation.input_tokens",
                    "attributes.gen_ai.usage.cache_creation_input_tokens",
                ),
                "reasoning_tokens": _p("attributes.gen_ai.usage.reasoning.output_tokens"),
                "request_id": _p("attributes.gen_ai.response.id", "spanId", "span_id"),
                "customer_id": _p("attributes.user.id", "attributes.enduser.id"),
                "feature": _p("attributes.gen_ai.operation.name"),
            },
            calls=("attributes.gen_ai.usage.input_tokens",),
            prepare=_otlp_spans,
            latency_from=(("startTimeUnixNano",), ("endTimeUnixNano",)),
            detect=_p("resourceSpans"),
        ),
        Preset(
            "posthog",
            {
                "timestamp": _p("timestamp"),
                "model": _p("properties.$ai_model"),
                "input_tokens": _p("properties.$ai_input_tokens"),
                "output_tokens": _p("properties.$ai_output_tokens"),
                "cached_input_tokens": _p("properties.$ai_cache_read_input_tokens"),
                "cache_write_tokens": _p("properties.$ai_cache_creation_input_tokens"),
                "cost": _p("properties.$ai_total_cost_usd"),
                "latency_ms": _p("properties.$ai_latency"),
                "error": _p("properties.$ai_is_error"),
                "customer_id": _p("distinct_id"),
                "request_id": _p("uuid", "properties.$ai_generation_id"),
                "feature": _p("properties.$ai_span_name"),
            },
            calls=("properties.$ai_model",),
            latency_scale=1000.0,
            detect=_p("properties.$ai_model"),
        ),
        Preset(
            "azure-trace",
            {
                "timestamp": _p("TIMESTAMP"),
                "input_tokens": _p("ContextTokens"),
                "output_tokens": _p("GeneratedTokens"),
            },
            detect=_p("TIMESTAMP", "ContextTokens", "GeneratedTokens"),
        ),
    )
}


def get_preset(name: str | None) -> Preset | None:
    if name is None:
        return None
    if name not in PRESETS:
        raise LlmcostError(f"unknown preset '{name}'{did_you_mean(name, PRESETS)}; presets: {', '.join(PRESETS)}")
    return PRESETS[name]


def _dtype_at(schema: pl.Schema, path: FieldPath, *, json_text: bool = False) -> Found | None:
    """The expression and type of a nested field, or None when the source has no such field.
    Names may themselves contain dots (`gen_ai.usage.input_tokens`), at any level. With
    `json_text`, a text column on the way (PostgreSQL JSON/JSONB through ADBC, SQLite, a CSV
    export) is read as JSON: its type cannot say whether the field is there, so it is taken
    to be, and `usage_warnings` checks a sample."""
    for split in range(len(path), 0, -1):
        head = ".".join(path[:split])
        if head in schema:
            found = _inside(pl.col(head), schema[head], path[split:], json_text)
            if found:
                return found
    return None


def _inside(expr: pl.Expr, dtype: pl.DataType | DataTypeClass, rest: FieldPath, json_text: bool) -> Found | None:
    if not rest:
        return expr, dtype
    if json_text and dtype == pl.String:
        return expr.str.json_path_match("$" + "".join(f"['{key}']" for key in rest)), pl.String
    if not isinstance(dtype, pl.Struct):
        return None
    fields = {f.name: f.dtype for f in dtype.fields}
    for split in range(len(rest), 0, -1):
        name = ".".join(rest[:split])
        if name in fields:
            found = _inside(expr.struct.field(name), fields[name], rest[split:], json_text)
            if found:
                return found
    return None


def detect(schema: pl.Schema) -> str | None:
    """The one preset whose identifying fields this source has; None when none or several do
    (a source that looks like two formats is not guessed at). OpenAI has two shapes: Chat
    Completions (`usage.prompt_tokens`) and Responses (`usage.input_tokens_details`, which
    Anthropic's usage lacks)."""
    found = [
        p.name
        for p in PRESETS.values()
        if any(shape and all(_dtype_at(schema, d) for d in shape) for shape in (p.detect, p.detect_also))
    ]
    return found[0] if len(found) == 1 else None


def apply(preset: Preset, frame: pl.LazyFrame, source: str = "the log") -> tuple[pl.LazyFrame, list[str]]:
    """Canonical columns from the preset's fields, plus `_skip` for rows that are not model calls;
    and warnings for the usage fields the log does not carry (they change the price).

    A field documented at several paths (Chat Completions' `usage.prompt_tokens` and the Responses
    API's `usage.input_tokens`; LiteLLM's `end_user` then `user`) is chosen per row, first
    non-empty value wins: one file may mix shapes, and a per-file choice would reject or misread
    every row of the other shape."""
    if preset.prepare:
        frame = preset.prepare(frame)
    schema = frame.collect_schema()
    columns: dict[str, pl.Expr] = {}
    for name, paths in preset.fields.items():
        hits = [hit for hit in (_dtype_at(schema, p, json_text=True) for p in paths) if hit]
        if hits:
            columns[name] = _per_row(name, hits)
    empty = _empty_usage(preset, schema)
    for name, summed in _sums(preset, schema).items():
        columns[name] = pl.coalesce(summed.cast(pl.String), _text(columns[name])) if name in columns else summed
        if empty is not None and name in ("input_tokens", "output_tokens"):
            columns[name] = pl.coalesce(columns[name].cast(pl.String), pl.when(empty).then(pl.lit("0")))
    if "latency_ms" in columns and preset.latency_scale != 1.0:
        columns["latency_ms"] = columns["latency_ms"].cast(pl.Float64, strict=False) * preset.latency_scale
    if preset.latency_from and "latency_ms" not in columns:
        columns.update(_latency(schema, *preset.latency_from))
    out = frame.select("_row", *(e.alias(n) for n, e in columns.items()), _skip(preset, schema).alias("_skip"))
    return out, usage_warnings(preset, schema, out, source)


def _skip(preset: Preset, schema: pl.Schema) -> pl.Expr:
    """Rows that are not model calls: without every `calls` field, unless their type says they are."""
    if not preset.calls:
        return pl.lit(False)
    present = [h for h in (_dtype_at(schema, tuple(p.split("."))) for p in preset.calls) if h]
    everywhere = len(present) == len(preset.calls)
    call = pl.all_horizontal(*(h[0].is_not_null() for h in present)) if everywhere else pl.lit(False)
    typed = _dtype_at(schema, preset.call_types[0]) if preset.call_types else None
    if typed is not None and preset.call_types:
        kind = typed[0].cast(pl.String).str.to_uppercase()
        call = call | kind.is_in(preset.call_types[1]).fill_null(False)
    return ~call


def _per_row(name: str, hits: list[Found]) -> pl.Expr:
    """One column from the paths found: the first non-empty value of each row."""
    values = [(e, t) for e, t in hits if not t.is_nested()] or hits[:1]
    if len(values) == 1:
        return values[0][0]
    if name == "timestamp" and len({t for _, t in values}) > 1:
        from llmcost.columns import parse_timestamp

        return pl.coalesce(parse_timestamp(e, t) for e, t in values)
    if len({t for _, t in values}) == 1 and values[0][1] != pl.String:
        return pl.coalesce(e for e, _ in values)
    return pl.coalesce(_text(e, t) for e, t in values)


def _text(expr: pl.Expr, dtype: pl.DataType | DataTypeClass | None = None) -> pl.Expr:
    """Text of a value for coalescing; an empty string counts as absent."""
    text = expr if dtype == pl.String else expr.cast(pl.String, strict=False)
    return pl.when(text.str.len_bytes() > 0).then(text)


USAGE_WORDS = {
    "cached_input_tokens": "cache reads are priced as uncached input",
    "cache_write_tokens": "cache writes are priced as plain input",
    "reasoning_tokens": "reasoning tokens are not counted apart",
}
SAMPLE = 1000


def usage_warnings(preset: Preset, schema: pl.Schema, out: pl.LazyFrame, source: str) -> list[str]:
    """Say when a usage field that changes the price cannot be read: not in the source at all, or
    inside a JSON text column that holds it in none of the first rows (LiteLLM before
    `usage_object`, a gateway that drops it) — never a silent full-price fallback."""
    warnings = []
    for name in preset.usage:
        paths = preset.fields[name]
        found = [_dtype_at(schema, p, json_text=True) for p in paths]
        structural = any(_dtype_at(schema, p) for p in paths)
        if structural:
            continue
        shown = " or ".join(".".join(p) for p in paths)
        if not any(found):
            warnings.append(f"{source}: no {shown} in this log: {USAGE_WORDS[name]}")
            continue
        sample = out.select(pl.col(name)).head(SAMPLE).collect().to_series()
        if sample.null_count() == sample.len() and sample.len() > 0:
            warnings.append(f"{source}: {shown} is in none of the first {sample.len():,} rows: {USAGE_WORDS[name]}")
    return warnings


def _sums(preset: Preset, schema: pl.Schema) -> dict[str, pl.Expr]:
    """Usage types summed from a struct whose field names vary (Langfuse's `usageDetails`); null
    where the row has none of them, so an older row's own fields still count."""
    found = _dtype_at(schema, preset.sums_in) if preset.sums_in else None
    if not found:
        return {}
    expr, dtype = found
    if not isinstance(dtype, pl.Struct):
        return {}
    names = [f.name for f in dtype.fields]
    out: dict[str, pl.Expr] = {}
    for canonical, pick in preset.sums.items():
        chosen = [expr.struct.field(n).cast(pl.Int64, strict=False) for n in pick(names)]
        if chosen:
            out[canonical] = pl.when(pl.any_horizontal(c.is_not_null() for c in chosen)).then(pl.sum_horizontal(chosen))
    return out


def _empty_usage(preset: Preset, schema: pl.Schema) -> pl.Expr | None:
    """True where the usage struct is there but holds none of the types (`usageDetails: {}` of a
    failed generation): zero tokens, not missing ones."""
    found = _dtype_at(schema, preset.sums_in) if preset.sums_in else None
    return found[0].is_not_null() if found and isinstance(found[1], pl.Struct) else None


def _latency(schema: pl.Schema, start: FieldPath, end: FieldPath) -> dict[str, pl.Expr]:
    from llmcost.columns import parse_timestamp

    a, b = _dtype_at(schema, start), _dtype_at(schema, end)
    if not a or not b:
        return {}
    duration = parse_timestamp(b[0], b[1]) - parse_timestamp(a[0], a[1])
    return {"latency_ms": duration.dt.total_microseconds() / 1000.0}
