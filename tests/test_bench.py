"""The benchmark's DuckDB and pandas jobs compute what llmcost computes (else the timing is moot)."""

from __future__ import annotations

import io
import sys

import numpy as np
import polars as pl
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import baselines
import generate

FORMATS = {"csv": "logs.csv", "parquet": "logs.parquet"}
SPLIT = 10_000  # rows of the CSV that go to the Parquet folder's first file


@pytest.fixture(scope="module")
def bench_log(tmp_path_factory):
    """20,000 rows and 50 ids twice, the copies with other token counts.

    Ids 0–24 come first as copies, then as originals (the originals must win); ids 25–49
    come first as originals, then as copies (the copies must win). As Parquet the rows
    are split in two files at SPLIT, ids 25–49's copies at the top of the second file: a
    lower row number than their originals', so ordering by row number alone is wrong.
    """
    folder = tmp_path_factory.mktemp("bench")
    frame = generate.chunk(np.random.default_rng(7), 0, 20_000)
    copies = frame.head(50).with_columns(
        pl.col("input_tokens") + 1000 * (pl.int_range(50) + 1),  # ids 25–49 gain more than 0–24
        pl.col("cached_input_tokens") // 2,
        pl.col("output_tokens") * 2 + 500,
    )
    first, second = pl.concat([copies.head(25), frame.head(SPLIT)]), pl.concat([copies.tail(25), frame.slice(SPLIT)])
    pl.concat([first, second]).with_columns(pl.col("timestamp").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")).write_csv(
        folder / FORMATS["csv"]
    )
    (folder / FORMATS["parquet"]).mkdir()
    for i, part in enumerate([first, second]):
        part.with_columns(pl.col("timestamp").dt.replace_time_zone("UTC")).write_parquet(
            folder / FORMATS["parquet"] / f"part-{i:04d}.parquet"
        )
    lines = ["models:"] + [
        f"  {m}: {{input: {i}, cached_input: {c}, output: {o}}}" for m, (_, i, c, o) in generate.MODELS.items()
    ]
    (folder / "pricing.yaml").write_text("\n".join(lines) + "\n")
    pl.DataFrame({"customer_id": [f"c{i}" for i in range(1, 10_001)], "revenue": [49.0] * 10_000}).write_csv(
        folder / "revenue.csv"
    )
    (folder / "empty.yaml").write_text("")
    return folder


_ours: dict[tuple, pl.DataFrame] = {}


def ours(run, folder, fmt, *args) -> pl.DataFrame:
    key = (str(folder), fmt, *map(str, args))
    if key not in _ours:
        result = run(
            *args,
            folder / FORMATS[fmt],
            "--pricing",
            folder / "pricing.yaml",
            "--config",
            folder / "empty.yaml",
            "-f",
            "json",
        )
        assert result.code == 0, result.err
        _ours[key] = pl.DataFrame(result.json())
    return _ours[key]


def theirs(engine, job, folder, fmt, **read) -> pl.DataFrame:
    text = baselines.ENGINES[engine](job, str(folder / FORMATS[fmt]), str(folder / "revenue.csv"))
    return pl.read_csv(io.StringIO(text), **read)


def cost(frame: pl.DataFrame) -> float:
    priced = frame.join(
        pl.DataFrame(baselines.PRICES, schema=["model", "p_in", "p_cached", "p_out"], orient="row"), on="model"
    )
    return priced.select(
        (
            (pl.col("input_tokens") - pl.col("cached_input_tokens")) * pl.col("p_in")
            + pl.col("cached_input_tokens") * pl.col("p_cached")
            + pl.col("output_tokens") * pl.col("p_out")
        ).sum()
        / 1e6
    ).item()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_last_copy_counts(run, bench_log, fmt):
    """The fixture tells first from last: keeping the first copy would change the total."""
    rows = pl.read_csv(bench_log / FORMATS["csv"])
    last, first = cost(rows.unique("request_id", keep="last")), cost(rows.unique("request_id", keep="first"))
    assert abs(last - first) > 1e-4 * last  # the agreement tests compare to 1e-9
    total = ours(run, bench_log, fmt, "cpi")["cost"].sum()
    assert total == pytest.approx(last, rel=1e-9)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("engine", baselines.ENGINES)
def test_cpi_agrees(run, bench_log, engine, fmt):
    mine, their = ours(run, bench_log, fmt, "cpi"), theirs(engine, "cpi", bench_log, fmt)
    assert mine["period"].to_list() == their["period"].to_list()
    assert mine["inferences"].to_list() == their["inferences"].to_list()
    assert mine["cost"].to_list() == pytest.approx(their["cost"].to_list(), rel=1e-9)
    assert mine["cpi"].to_list() == pytest.approx(their["cpi"].to_list(), rel=1e-9)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("engine", baselines.ENGINES)
def test_customers_agree(run, bench_log, engine, fmt):
    their = theirs(engine, "customers", bench_log, fmt, schema_overrides={"period": pl.String})
    mine = ours(run, bench_log, fmt, "customers", "--per-month", "--revenue", bench_log / "revenue.csv")
    mine = mine.filter(pl.col("inferences") > 0).sort("customer_id", "period")
    their = their.sort("customer_id", "period")
    assert mine["customer_id"].to_list() == their["customer_id"].to_list()
    assert mine["period"].to_list() == their["period"].to_list()
    assert mine["inferences"].to_list() == their["inferences"].to_list()
    assert mine["cost"].to_list() == pytest.approx(their["cost"].to_list(), rel=1e-9)
    assert mine["gross_profit"].to_list() == pytest.approx(their["gross_profit"].to_list(), rel=1e-9)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("engine", baselines.ENGINES)
def test_report_agrees(run, bench_log, engine, fmt):
    """`report` prints the CPI table, then inferences and cost per model."""
    text = baselines.ENGINES[engine]("report", str(bench_log / FORMATS[fmt]), str(bench_log / "revenue.csv"))
    head, tail = text.split("\nmodel,", 1)
    cpi, by_model = pl.read_csv(io.StringIO(head)), pl.read_csv(io.StringIO("model," + tail)).sort("model")
    mine = ours(run, bench_log, fmt, "cpi")
    assert mine["inferences"].to_list() == cpi["inferences"].to_list()
    assert mine["cost"].to_list() == pytest.approx(cpi["cost"].to_list(), rel=1e-9)
    assert by_model[:, 1].sum() == mine["inferences"].sum()
    assert by_model[:, 2].sum() == pytest.approx(mine["cost"].sum(), rel=1e-9)
