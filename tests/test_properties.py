"""Properties over generated logs: nothing lost, totals reconcile, formats agree, figures add up."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmcost.job import Inputs, Job
from llmcost.metrics.rollup import rollup
from llmcost.views import by_group, group_keys
from tests.conftest import PRICING, write_log

MODELS = ["gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "claude-sonnet-4", "unknown-model", "GPT-4O"]
START = dt.datetime(2026, 4, 20, tzinfo=dt.UTC)

rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "timestamp": st.integers(0, 90 * 24).map(lambda h: (START + dt.timedelta(hours=h)).isoformat()),
            "model": st.sampled_from(MODELS),
            "input_tokens": st.one_of(st.integers(0, 300_000), st.sampled_from(["-3", "x", "1.5"])).map(str),
            "output_tokens": st.integers(0, 5000).map(str),
            "cached_input_tokens": st.integers(0, 2000).map(str),
            "customer_id": st.sampled_from(["a", "b", "c", "=evil", ""]),
            "feature": st.sampled_from(["chat", "rag", ""]),
            "request_id": st.one_of(st.none(), st.integers(0, 30).map(lambda i: f"r{i}")),
            "batch": st.sampled_from(["true", "false", ""]),
        }
    ),
    min_size=1,
    max_size=60,
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def job_for(paths: list[Path], folder: Path) -> Job:
    (folder / "pricing.yaml").write_text(PRICING + "fixed_costs:\n  - {name: db, monthly: 100}\n")
    (folder / "empty.yaml").write_text("")
    return Job(
        Inputs(paths=[str(p) for p in paths], pricing=str(folder / "pricing.yaml"), config=str(folder / "empty.yaml"))
    )


def totals(job: Job, by: str | None) -> pl.DataFrame:
    priced, group = by_group(job.priced(group_keys(by, period=None)).frame, by)
    return rollup(priced, [group] if group else [])


def account_of(job: Job):
    """The row account: a Job keeps no state, each pass returns its own (the same for any keys)."""
    return job.priced({}).account


@SETTINGS
@given(rows=rows_strategy)
def test_nothing_lost_and_totals_reconcile(rows):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        job = job_for([write_log(folder / "log.csv", rows)], folder)
        overall = totals(job, None)
        acc = account_of(job)
        assert acc.read == len(rows)
        assert (
            acc.read
            == acc.outside + acc.priced + acc.counts["unpriced"] + acc.counts["rejected"] + acc.counts["duplicate"]
        )
        for by in ("customer", "model", "feature"):
            grouped = totals(job, by)
            for column in ("inferences", "input_tokens", "output_tokens"):
                assert grouped[column].sum() == overall[column].sum()
            assert grouped["cost"].sum() == pytest.approx(overall["cost"].sum() or 0.0, rel=1e-9, abs=1e-9)


@SETTINGS
@given(rows=rows_strategy)
def test_formats_round_trip_to_identical_numbers(rows):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = []
        for fmt in ("csv", "jsonl", "parquet"):
            job = job_for([write_log(folder / f"log.{fmt}", rows)], folder)
            frame = totals(job, "customer")
            results.append((frame.to_dicts(), account_of(job).counts))
        assert results[0] == results[1] == results[2]


@SETTINGS
@given(first=rows_strategy, second=rows_strategy)
def test_two_logs_together_add_up(first, second):
    """Without request ids shared across files or fixed costs, figures are additive."""

    def strip(rows, prefix):
        return [{**r, "request_id": r["request_id"] and prefix + r["request_id"]} for r in rows]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = write_log(folder / "a.csv", strip(first, "a"))
        b = write_log(folder / "b.csv", strip(second, "b"))
        (folder / "pricing.yaml").write_text(PRICING)
        (folder / "empty.yaml").write_text("")

        def run(paths):
            job = Job(
                Inputs(
                    paths=[str(p) for p in paths],
                    pricing=str(folder / "pricing.yaml"),
                    config=str(folder / "empty.yaml"),
                )
            )
            return totals(job, None).row(0, named=True), account_of(job).counts

        (one, c1), (two, c2), (both, c12) = run([a]), run([b]), run([a, b])
        for column in ("inferences", "input_tokens", "output_tokens"):
            assert (one[column] or 0) + (two[column] or 0) == (both[column] or 0)
        assert (one["cost"] or 0) + (two["cost"] or 0) == pytest.approx(both["cost"] or 0, rel=1e-9, abs=1e-12)
        assert {k: c1[k] + c2[k] for k in c1} == c12


@SETTINGS
@given(rows=rows_strategy, cuts=st.lists(st.integers(0, 60), min_size=2, max_size=2))
def test_summing_file_by_file_changes_nothing(rows, cuts):
    """Big inputs are summed a few files at a time and merged (cube.BATCH_BYTES): forced to one
    file per batch, every cell comes out the same — duplicates across files included."""
    from unittest import mock

    import llmcost.cube

    lo, hi = sorted(min(c, len(rows)) for c in cuts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [
            write_log(folder / f"{i}.csv", part) for i, part in enumerate((rows[:lo], rows[lo:hi], rows[hi:])) if part
        ]
        keys = group_keys("customer")

        def cells():
            job = job_for(paths, folder)
            run = job.priced(keys, signals=True)
            return run.frame, run.account.counts

        whole, whole_counts = cells()
        with mock.patch.object(llmcost.cube, "BATCH_BYTES", 1):
            batched, batched_counts = cells()
        assert batched.to_dicts() == whole.to_dicts()
        assert batched_counts == whole_counts


SHAPES = st.tuples(st.sampled_from("T "), st.sampled_from([0, 3, 6, 9]), st.sampled_from(["Z", "", "+00:00"]))


@settings(max_examples=60, deadline=None)
@given(
    stamps=st.lists(
        st.tuples(st.datetimes(dt.datetime(1971, 1, 1), dt.datetime(2099, 1, 1)), st.integers(0, 999)),
        min_size=1,
        max_size=40,
    ),
    shapes=st.lists(SHAPES, min_size=1, max_size=3),
)
def test_timestamps_of_every_iso_shape_parse_exactly(stamps, shapes):
    """Whatever format is sniffed from a file's first rows, every width of fraction and
    every zone still parses, to the microsecond (nanoseconds cut, as the general parser does)."""
    from llmcost.columns import canonical

    texts, expected = [], []
    for i, (moment, nanos) in enumerate(stamps):
        sep, digits, zone = shapes[i % len(shapes)]
        nine = f"{moment.microsecond * 1000 + nanos:09d}"
        texts.append(moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + (f".{nine[:digits]}" if digits else "") + zone)
        micros = int(nine[: min(digits, 6)].ljust(6, "0")) if digits else 0
        expected.append(moment.replace(microsecond=micros, tzinfo=dt.UTC))
    frame = pl.LazyFrame(
        {"timestamp": texts, "model": "m", "input_tokens": "1", "output_tokens": "1", "_row": range(len(texts))}
    )
    typed, _ = canonical(frame, "log.csv", 0, {})
    assert typed.select("timestamp").collect().to_series().to_list() == expected


def test_uniform_fractions_are_sniffed_as_fixed_width():
    """The speed of typing a CSV's timestamps rests on this choice (Polars' fast path)."""
    from llmcost.columns import sniff_timestamp

    six = pl.Series(["2026-05-01T10:00:00.123456Z", "2026-05-01T10:00:01.000001Z"])
    mixed = pl.Series(["2026-05-01 10:00:00.123", "2026-05-01 10:00:01.5"])
    assert sniff_timestamp(six) == ("%Y-%m-%dT%H:%M:%S.%6fZ", False)
    assert sniff_timestamp(mixed) == ("%Y-%m-%d %H:%M:%S%.f", False)
