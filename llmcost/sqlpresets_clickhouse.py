"""Presets for logs kept in ClickHouse tables by the tools that write them, read in SQL.

Langfuse v3 keeps observations in a ReplacingMergeTree(event_ts, is_deleted) (schema:
langfuse/langfuse packages/shared/clickhouse/migrations/unclustered/0002_observations.up.sql and
later ALTERs): every update of an observation is a new row of the same `id`, the one with the
latest `event_ts` is the observation, and a row with `is_deleted = 1` deletes it. llmcost reads
the table as it is (no FINAL): the latest row per id wins through the cube's own dedupe, the
older versions count as duplicates, and a deleted observation's rows count as skipped, so the
rows read still add up. Usage is the `usage_details` Map, summed by key as the Polars preset
sums Langfuse's `usageDetails` (every key containing "input" is input: Langfuse writes `input`
net of `input_cached_tokens`/`input_cache_read`/`input_cache_creation[_5m|_1h]`, and `total`).
The customer (`user_id`) lives on the trace, not the observation: these presets have none; a
--query joining `traces` can bring it (see docs).
"""

from __future__ import annotations

from typing import cast

import sqlglot
from sqlglot import exp

from llmcost.presets import get_preset
from llmcost.sqlcube import Field, Relation, col, duration_ms

LANGFUSE_ORDER = "event_ts"  # ReplacingMergeTree's version column: the latest row of an id wins


def _ch(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read="clickhouse")


def _usage_sum(keys_with: str, *any_of: str, also: str = "") -> exp.Expr:
    """The sum of the usage_details values whose key contains `keys_with`, `also` and one of
    `any_of` (presets.py: the langfuse preset's `sums`); 0 for an empty map, as in Polars."""
    test = " AND ".join(f"position(k, '{word}') > 0" for word in (keys_with, also) if word)
    if any_of:
        test += " AND (" + " OR ".join(f"position(k, '{word}') > 0" for word in any_of) + ")"
    return _ch(f"arraySum(mapValues(mapFilter((k, v) -> {test}, usage_details)))")


def langfuse_fields() -> dict[str, Field]:
    """The canonical columns of an `observations` row."""
    return {
        "timestamp": Field(col("start_time"), "timestamp"),
        "model": Field(col("provided_model_name"), "text"),
        "request_id": Field(col("id"), "text"),
        "input_tokens": Field(_usage_sum("input"), "int"),
        "output_tokens": Field(_usage_sum("output"), "int"),
        "cached_input_tokens": Field(_usage_sum("input", "cache_read", "cached"), "int"),
        "cache_write_tokens": Field(_usage_sum("input", "cache_creation", "cache_write"), "int"),
        "cache_write_1h_tokens": Field(_usage_sum("input", "cache_creation", "cache_write", also="1h"), "int"),
        "cost": Field(col("total_cost"), "float"),
        "latency_ms": Field(duration_ms(col("start_time"), col("end_time")), "float"),
        "status": Field(col("level"), "text"),
        "feature": Field(col("name"), "text"),
    }


def found(fields: dict[str, Field], **named: str) -> dict[str, str]:
    """Each canonical column's source column, for rejection reasons: the first column its SQL
    reads, unless `named` says which (a latency read from two columns is named by its end)."""
    return {
        name: named.get(name) or next(c.name for c in field.sql.find_all(exp.Column)) for name, field in fields.items()
    }


LANGFUSE_FOUND = found(langfuse_fields(), latency_ms="end_time")


def langfuse_skip(source: exp.Expr) -> exp.Expr:
    """Rows that are no model call: other observation types (the langfuse preset's call types),
    and every row of an observation that was deleted (ReplacingMergeTree drops them all)."""
    preset = get_preset("langfuse")
    types = preset.call_types[1] if preset and preset.call_types else ("GENERATION",)
    deleted = (
        exp.select(col("id"))
        .from_(source.copy())
        .where(exp.EQ(this=col("is_deleted"), expression=exp.Literal.number(1)))
    )
    call = exp.In(this=col("type"), expressions=[exp.Literal.string(t) for t in types])
    return cast(exp.Expr, exp.or_(exp.Not(this=call), col("id").isin(query=deleted)))


def langfuse_relation(source: exp.Expr, default_model: str | None = None) -> Relation:
    """The relation of Langfuse v3's `observations` table (or a --query over it) in ClickHouse."""
    return Relation(
        source,
        langfuse_fields(),
        dict(LANGFUSE_FOUND),
        (col(LANGFUSE_ORDER),),
        skip=langfuse_skip(source),
        default_model=default_model,
    )


# Helicone keeps requests in `request_response_rmt`, a ReplacingMergeTree(updated_at) (schema:
# Helicone/helicone clickhouse/migrations/20200101000041_request_response_replacing_merge_tree.sql,
# then 0043 cache tokens, 0047 cache_reference_id, 0052 cost). Its writer (jawn's body processors)
# stores prompt_tokens net of cache reads and writes (OpenAI's cached_tokens are subtracted,
# Anthropic's input_tokens already are): input is counted with them, the Anthropic convention.
# `cost` is USD × 1e9 (COST_PRECISION_MULTIPLIER), 0 where Helicone had no price.
HELICONE_ORDER = "updated_at"  # ReplacingMergeTree's version column: the latest row of a request wins
HELICONE_NO_CACHE = "00000000-0000-0000-0000-000000000000"  # cache_reference_id of a call made upstream
HELICONE_COST_SCALE = 1_000_000_000


def helicone_fields() -> dict[str, Field]:
    """The canonical columns of a `request_response_rmt` row (the Polars `helicone` preset's
    fields, as the table names them)."""
    return {
        "timestamp": Field(col("request_created_at"), "timestamp"),
        "model": Field(col("model"), "text"),
        "request_id": Field(_ch("toString(request_id)"), "text"),
        "input_tokens": Field(col("prompt_tokens"), "int"),
        "output_tokens": Field(col("completion_tokens"), "int"),
        "cached_input_tokens": Field(col("prompt_cache_read_tokens"), "int"),
        "cache_write_tokens": Field(col("prompt_cache_write_tokens"), "int"),
        "customer_id": Field(col("user_id"), "text"),
        # 0 is "no price known" (the column's DEFAULT), not a free call: priced from the table instead
        "cost": Field(_ch(f"nullIf(cost, 0) / {HELICONE_COST_SCALE}"), "float"),
        "latency_ms": Field(col("latency"), "int"),
        # Helicone's own negative codes (-3: the client cancelled) are no HTTP status: an error
        "status": Field(_ch("if(status < 0, concat('helicone ', toString(status)), toString(status))"), "text"),
    }


HELICONE_FOUND = found(helicone_fields())


def helicone_skip() -> exp.Expr:
    """Rows that are no model call: Helicone cache hits (cache_reference_id names the request whose
    response was replayed; Helicone's cache page counts them so), which no provider billed."""
    return _ch(f"toString(cache_reference_id) != '{HELICONE_NO_CACHE}'")


def helicone_relation(source: exp.Expr, default_model: str | None = None) -> Relation:
    """The relation of Helicone's `request_response_rmt` table (or a --query over it) in ClickHouse."""
    return Relation(
        source,
        helicone_fields(),
        dict(HELICONE_FOUND),
        (col(HELICONE_ORDER),),
        skip=helicone_skip(),
        default_model=default_model,
        anthropic=True,
    )


# Column sets that name a table (all present: read with this preset)
DETECT = {
    "langfuse-clickhouse": ("usage_details", "provided_model_name", "event_ts", "is_deleted", "type"),
    "helicone-clickhouse": (*HELICONE_FOUND.values(), HELICONE_ORDER, "cache_reference_id"),
}
RELATIONS = {"langfuse-clickhouse": langfuse_relation, "helicone-clickhouse": helicone_relation}


def detect(columns: list[str]) -> str | None:
    """The preset whose columns a sampled table has (None: none of them)."""
    return next((name for name, need in DETECT.items() if all(c in columns for c in need)), None)
