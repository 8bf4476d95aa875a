"""The rules as data (llmcost.rules) against the Polars expressions built from them.

Every check of CHECKS is run on rows at its boundary (its limit, one past it, null, NaN and
infinity where they apply): the rows past it fail with exactly the reason the data gives,
the rows at it pass, and first-match order holds when a row fails two. The dedupe rule,
period truncation, price-segment and tier breakpoints, service tiers, status
classification and the token-cost formula are each checked against hand-worked values, so
that a second compiler of the same data (SQL) can be held to the same tables.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from llmcost.columns import DTYPES
from llmcost.rules import (
    CHECKS,
    COLUMNS,
    DEDUPE,
    PERIODS,
    ROW_STATES,
    SEGMENT,
    SERVICE_TIERS,
    TESTS,
    TIER_BUCKET,
    TOKEN_PRICES,
    Check,
    bucket_expr,
    check_expr,
    check_reason,
    reason_expr,
    row_ok_expr,
    row_state_expr,
    service_tier_expr,
    status_expr,
    token_cost_expr,
    token_terms,
)

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
GOOD = {  # a row that passes every check, typed as columns.canonical types it
    "timestamp": dt.datetime(2026, 4, 30, 12, tzinfo=dt.UTC),
    "model": "m",
    "input_tokens": 100,
    "output_tokens": 50,
    "cached_input_tokens": 10,
    "cache_write_tokens": 5,
    "cache_write_1h_tokens": 2,
    "customer_id": "c",
    "feature": "f",
    "request_id": "r",
    "cost": 0.5,
    "latency_ms": 10.0,
    "status": "ok",
    "error": None,
    "batch": False,
    "service_tier": None,
    "feedback": 4.0,
    "accepted": True,
    "success": True,
    "is_retry": False,
    "escalated": False,
    "reasoning_tokens": 3,
}
SCHEMA = {**{n: DTYPES[c.kind] for n, c in COLUMNS.items()}, **{f"_given_{n}": pl.Boolean for n in COLUMNS}}
FOUND = {name: name for name in COLUMNS}


def frame(*changes: dict) -> pl.DataFrame:
    """One row per change: GOOD with the change applied, every cell given unless it says not."""
    rows = [{**GOOD, **{f"_given_{n}": True for n in COLUMNS}, **change} for change in changes]
    return pl.DataFrame(rows, schema=SCHEMA)


def boundary(check: Check) -> tuple[list[dict], list[dict]]:
    """Rows that fail `check` and rows at its boundary that pass it, by its test alone."""
    c, limit = check.column, check.limit
    if check.test == "missing":
        return [{f"_given_{c}": False, c: None}], [{}]
    if check.test == "unparsed":
        return [{c: None}], [{}]
    if check.test == "null":
        return [{c: None}], [{}]
    if check.test == "future":
        cutoff = NOW + dt.timedelta(seconds=limit)
        return [{c: cutoff + dt.timedelta(microseconds=1)}], [{c: cutoff}]
    if check.test in ("below", "above"):
        step = -1 if check.test == "below" else 1
        # the other token counts agree with this one at its limit (input covers the cache tokens,
        # cache writes their 1-hour part), so that only this check can fail
        fit = max(limit, 0)
        alone = {
            "input_tokens": fit,
            "cached_input_tokens": 0,
            "cache_write_1h_tokens": 0,
            "cache_write_tokens": fit if c == "cache_write_1h_tokens" else 0,
        }
        return [{**alone, c: limit + step}], [{**alone, c: limit}]
    if check.test == "not_finite":
        return ([{c: float("nan")}, {c: float("inf")}, {c: float("-inf")}], [{c: 1.0}, {c: None, f"_given_{c}": False}])
    if check.test == "exceeds":
        (first, *rest) = check.parts
        whole = GOOD[c] - sum(GOOD[p] for p in rest)  # `first` so that the parts sum to the column
        return [{first: whole + 1}], [{first: whole}]
    raise AssertionError(check.test)


def test_the_data_is_well_formed():
    assert {c.test for c in CHECKS} <= set(TESTS)
    assert all(c.column in COLUMNS and set(c.parts) <= set(COLUMNS) for c in CHECKS)
    assert all(c.limit is not None for c in CHECKS if c.test in ("future", "below", "above"))
    assert all(c.parts for c in CHECKS if c.test == "exceeds")
    assert len(set(CHECKS)) == len(CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: f"{c.column}-{c.test}")
def test_each_check_fails_past_its_boundary_with_its_reason(check):
    failing, passing = boundary(check)
    rows = frame(*failing, *passing)
    out = rows.select(
        check_expr(check, NOW).fill_null(False).alias("fails"), reason_expr(FOUND, now=NOW).alias("reason")
    )
    assert out["fails"].to_list() == [True] * len(failing) + [False] * len(passing)
    expected = check_reason(check, FOUND, now=NOW)
    assert out["reason"].to_list() == [expected] * len(failing) + [None] * len(passing)


def test_reason_texts_are_the_column_and_its_reason():
    by = {(c.column, c.test): c for c in CHECKS}
    assert check_reason(by["input_tokens", "below"], FOUND) == "input_tokens: negative"
    assert (
        check_reason(by["input_tokens", "below"], {"input_tokens": "prompt_tokens"})
        == "input_tokens (column 'prompt_tokens'): negative"
    )
    assert check_reason(by["cost", "not_finite"], FOUND) == "cost: not a finite number"
    assert check_reason(by["reasoning_tokens", "above"], FOUND) == "reasoning_tokens: above 10^12, not a token count"
    assert (
        check_reason(by["timestamp", "future"], FOUND, now=NOW)
        == "timestamp: in the future (after 2026-05-02 00:00 UTC; a skewed clock?)"
    )
    assert (
        check_reason(by["timestamp", "unparsed"], FOUND, {"timestamp": "try this"})
        == "timestamp: not a date-time (ISO 8601, a compact date, or epoch time from 1973 on); try this"
    )
    assert check_reason(by["batch", "unparsed"], FOUND, {"timestamp": "try this"}) == "batch: not true/false"
    assert check_reason(by["cache_write_tokens", "exceeds"], FOUND) == "cache_write_1h_tokens exceed cache_write_tokens"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"timestamp": None, "_given_model": False, "model": None}, "timestamp: not a date-time"),
        ({"model": None, "input_tokens": None}, "input_tokens: not a whole number"),  # given but emptied: later
        ({"_given_model": False, "model": None, "input_tokens": None}, "model: missing"),
        ({"input_tokens": -1, "cost": float("nan")}, "input_tokens: negative"),
        ({"cached_input_tokens": 10**12 + 1}, "cached_input_tokens: above 10^12"),  # not the Anthropic hint
        ({"cost": -1.0, "latency_ms": float("inf")}, "cost: negative"),
        ({"cost": float("-inf")}, "cost: not a finite number"),
        ({"feedback": -3.0}, None),  # feedback may be negative (a −1/+1 scale)
        ({"accepted": None, "cache_write_1h_tokens": 9}, "accepted: not true/false"),
        ({"cache_write_1h_tokens": 6}, "cache_write_1h_tokens exceed cache_write_tokens"),
        ({"cached_input_tokens": 96}, "cached_input_tokens + cache_write_tokens exceed input_tokens"),
        (
            {"_given_status": False, "status": None, "_given_cost": False, "cost": None},
            None,
        ),  # optional: absent is fine
    ],
)
def test_first_failing_check_in_order_wins(change, reason):
    got = frame(change).select(reason_expr(FOUND, now=NOW)).item()
    assert got == reason if reason is None else got.startswith(reason)


def test_checks_apply_only_to_columns_the_source_has():
    found = {n: n for n in ("timestamp", "model", "input_tokens", "output_tokens")}
    rows = frame({"cost": float("nan")}, {"reasoning_tokens": -5}, {"cache_write_1h_tokens": 99})
    # cache_write_1h_tokens > cache_write_tokens is a whole-row check: it applies anyway
    assert rows.select(reason_expr(found, now=NOW)).to_series().to_list() == [
        None,
        None,
        "cache_write_1h_tokens exceed cache_write_tokens",
    ]


def test_dedupe_keeps_the_last_row_of_each_id_in_file_and_row_order():
    assert (DEDUPE.key, DEDUPE.keep, DEDUPE.order) == ("request_id", "last", ("_file", "_row"))
    from llmcost.load import mark_duplicates

    def part(file: int, rows: list[tuple[int, str | None, bool]]) -> pl.LazyFrame:
        return pl.LazyFrame(
            {
                "_file": [file] * len(rows),
                "_row": [r[0] for r in rows],
                "request_id": [r[1] for r in rows],
                "_skip": [r[2] for r in rows],
            },
            schema={"_file": pl.UInt32, "_row": pl.Int64, "request_id": pl.String, "_skip": pl.Boolean},
        )

    files = [
        part(0, [(3, "a", False), (1, "a", False), (2, "b", False), (4, "c", True), (5, None, False)]),
        part(1, [(1, "a", False), (2, None, False), (3, "c", False), (4, "b", False), (5, "b", False)]),
    ]
    # a: rows 0/1 and 0/3 lose to 1/1; b: 0/2 and 1/4 lose to 1/5; c: 0/4 is skipped, so 1/3 is alone;
    # no id, no duplicate
    expected = {(0, 1), (0, 3), (0, 2), (1, 4)}
    for big in (False, True):
        flagged = pl.concat([f.collect() for f in mark_duplicates(files, True, big)])
        assert set(flagged.filter("_dup").select("_file", "_row").iter_rows()) == expected
        assert flagged.height == 10


@pytest.mark.parametrize(
    ("moment", "day", "week", "month"),
    [
        (dt.datetime(2026, 5, 13, 23, 59, 59, 999999), dt.date(2026, 5, 13), dt.date(2026, 5, 11), dt.date(2026, 5, 1)),
        (dt.datetime(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2025, 12, 29), dt.date(2026, 1, 1)),
        (dt.datetime(2024, 2, 29, 12), dt.date(2024, 2, 29), dt.date(2024, 2, 26), dt.date(2024, 2, 1)),
        (dt.datetime(2026, 5, 11), dt.date(2026, 5, 11), dt.date(2026, 5, 11), dt.date(2026, 5, 1)),  # a Monday
    ],
)
def test_periods_truncate_to_the_utc_day_iso_week_and_month(moment, day, week, month):
    from llmcost.cube import period_start

    rows = pl.DataFrame({"timestamp": [moment.replace(tzinfo=dt.UTC)]}, schema={"timestamp": pl.Datetime("us", "UTC")})
    got = rows.select(*(period_start(p).alias(p) for p in PERIODS)).row(0, named=True)
    assert got == {"day": day, "week": week, "month": month}


def test_an_unknown_period_is_an_error():
    from llmcost.cube import period_start
    from llmcost.errors import LlmcostError

    with pytest.raises(LlmcostError, match="unknown period 'year'"):
        period_start("year")


def test_tier_buckets_start_one_token_above_the_threshold():
    assert TIER_BUCKET.column == "input_tokens"
    rows = pl.DataFrame({"input_tokens": [0, 200_000, 200_001, 1_000_000, 1_000_001]})
    got = rows.select(bucket_expr(TIER_BUCKET, [200_000, 1_000_000])).to_series().to_list()
    assert got == [0, 0, 1, 1, 2]
    assert rows.select(bucket_expr(TIER_BUCKET, [])).to_series().to_list() == [0]


def test_price_segments_start_on_the_price_date():
    assert SEGMENT.column == "timestamp"
    breaks = [dt.datetime(2026, 6, 1, tzinfo=dt.UTC), dt.datetime(2026, 9, 1, tzinfo=dt.UTC)]
    moments = [
        dt.datetime(2026, 5, 31, 23, 59, 59, 999999),
        dt.datetime(2026, 6, 1),
        dt.datetime(2026, 8, 31, 23),
        dt.datetime(2026, 9, 1),
        dt.datetime(2027, 1, 1),
    ]
    rows = pl.DataFrame(
        {"timestamp": [m.replace(tzinfo=dt.UTC) for m in moments]}, schema={"timestamp": pl.Datetime("us", "UTC")}
    )
    assert rows.select(bucket_expr(SEGMENT, breaks)).to_series().to_list() == [0, 1, 1, 2, 2]


def test_service_tiers_map_logged_values_to_price_variants():
    from llmcost.pricing import SERVICE_TIERS as VARIANTS

    assert {*SERVICE_TIERS.names.values(), SERVICE_TIERS.default} == set(VARIANTS)
    cases = [
        (True, None, "batch"),
        (None, " Batch ", "batch"),
        (False, "flex", "flex"),
        (None, "PRIORITY", "priority"),
        (None, "default", "standard"),
        (None, None, "standard"),
        (True, "flex", "batch"),
        (None, "scale", "standard"),
    ]
    rows = pl.DataFrame(
        {"batch": [c[0] for c in cases], "service_tier": [c[1] for c in cases]},
        schema={"batch": pl.Boolean, "service_tier": pl.String},
    )
    assert rows.select(service_tier_expr()).to_series().to_list() == [c[2] for c in cases]


def test_status_classification():
    cases = [
        (None, None, "ok"),
        ("OK", None, "ok"),
        ("200", None, "ok"),
        ("399", None, "ok"),
        ("400", None, "error"),
        ("404", None, "error"),
        ("504", None, "timeout"),
        ("408", None, "timeout"),
        ("Gateway Timeout", None, "timeout"),
        ("timed_out", None, "timeout"),
        ("failed", None, "error"),
        ("warning", None, "ok"),
        (None, "boom", "error"),
        (None, "False", "ok"),
        (None, "none", "ok"),
        ("200", "rate limited", "error"),
        ("timeout", "boom", "timeout"),
    ]
    rows = pl.DataFrame(
        {"status": [c[0] for c in cases], "error": [c[1] for c in cases]},
        schema={"status": pl.String, "error": pl.String},
    )
    assert rows.select(status_expr()).to_series().to_list() == [c[2] for c in cases]


def test_row_states_first_match():
    assert [s for s, _ in ROW_STATES] == ["skipped", "rejected", "duplicate"]
    rows = pl.DataFrame(
        {
            "_skip": [True, False, False, False, True],
            "_reason": [None, "x", "x", None, None],
            "_dup": [True, True, False, True, False],
        }
    )
    out = rows.select(row_state_expr().alias("state"), row_ok_expr().alias("ok"))
    assert out["state"].to_list() == ["skipped", "rejected", "rejected", "duplicate", "skipped"]
    assert out["ok"].to_list() == [False] * 5
    assert pl.DataFrame({"_skip": [False], "_reason": [None], "_dup": [False]}).select(row_ok_expr()).item()


RATES = {
    "rate_input": 2.0,
    "rate_cached_input": 0.5,
    "rate_cache_write": 2.5,
    "rate_cache_write_1h": 4.0,
    "rate_output": 8.0,
}
CELL = {
    "input_tokens": 1000,
    "cached_input_tokens": 200,
    "cache_write_tokens": 100,
    "cache_write_1h_tokens": 40,
    "output_tokens": 50,
    **RATES,
    "state": "priced",
}


def test_token_cost_by_hand():
    # uncached 700 × 2 + cached 200 × 0.5 + 5-minute writes 60 × 2.5 + 1-hour writes 40 × 4 = 1810; output 50 × 8 = 400
    cell = pl.DataFrame([CELL])
    got = cell.select(
        token_cost_expr(10**6).alias("all"),
        token_cost_expr(10**6, "input").alias("input"),
        token_cost_expr(10**6, "output").alias("output"),
    ).row(0)
    assert got == pytest.approx((2210e-6, 1810e-6, 400e-6), rel=1e-12)
    tokens = cell.select(**{n: t for n, (t, _) in token_terms().items()}).row(0, named=True)
    assert tokens == {"uncached": 700, "cached": 200, "write5m": 60, "write1h": 40, "output": 50}
    assert {p.side for p in TOKEN_PRICES} == {"input", "output"}


def test_the_three_token_cost_places_agree():
    """price's total and its input/output split, and explain's per-type terms: one formula."""
    from llmcost.metrics.explain import TYPES
    from llmcost.price import _split_cost

    cell = pl.DataFrame([CELL])
    total = cell.select(token_cost_expr(1000)).item()
    split = cell.select(_split_cost(1000)).row(0)
    terms = cell.select(pl.sum_horizontal(tokens * rate / 1000 for tokens, rate in TYPES.values())).item()
    assert total == pytest.approx(sum(split), rel=1e-12)
    assert total == pytest.approx(terms, rel=1e-12)
    assert total == pytest.approx(2.21, rel=1e-12)
