"""The benchmark's DuckDB and pandas jobs compute what llmcost computes (else the timing is moot)."""

from __future__ import annotations

import sys

import numpy as np
import polars as pl
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import baselines
import generate


@pytest.fixture(scope="module")
def bench_log(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    frame = generate.chunk(np.random.default_rng(7), 0, 20_000)
    frame = pl.concat([frame, frame.head(50)])  # some request ids twice: the last row must win
    frame.with_columns(pl.col("timestamp").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")).write_csv(folder / "logs.csv")
    lines = ["models:"] + [
        f"  {m}: {{input: {i}, cached_input: {c}, output: {o}}}" for m, (_, i, c, o) in generate.MODELS.items()
    ]
    (folder / "pricing.yaml").write_text("\n".join(lines) + "\n")
    pl.DataFrame({"customer_id": [f"c{i}" for i in range(1, 10_001)], "revenue": [49.0] * 10_000}).write_csv(
        folder / "revenue.csv"
    )
    (folder / "empty.yaml").write_text("")
    return folder


def ours(run, folder, *args) -> pl.DataFrame:
    result = run(
        *args,
        folder / "logs.csv",
        "--pricing",
        folder / "pricing.yaml",
        "--config",
        folder / "empty.yaml",
        "-f",
        "json",
    )
    assert result.code == 0, result.err
    return pl.DataFrame(result.json())


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_cpi_agrees(run, bench_log, engine):
    import io

    theirs = pl.read_csv(
        io.StringIO(
            getattr(baselines, f"{engine}_job")("cpi", str(bench_log / "logs.csv"), str(bench_log / "revenue.csv"))
        )
    )
    mine = ours(run, bench_log, "cpi")
    assert mine["period"].to_list() == theirs["period"].to_list()
    assert mine["inferences"].to_list() == theirs["inferences"].to_list()
    assert mine["cost"].to_list() == pytest.approx(theirs["cost"].to_list(), rel=1e-9)


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_customers_agree(run, bench_log, engine):
    import io

    theirs = pl.read_csv(
        io.StringIO(
            getattr(baselines, f"{engine}_job")(
                "customers", str(bench_log / "logs.csv"), str(bench_log / "revenue.csv")
            )
        ),
        schema_overrides={"period": pl.String},
    )
    mine = ours(run, bench_log, "customers", "--per-month", "--revenue", bench_log / "revenue.csv")
    mine = mine.filter(pl.col("inferences") > 0).sort("customer_id", "period")
    theirs = theirs.sort("customer_id", "period")
    assert mine["customer_id"].to_list() == theirs["customer_id"].to_list()
    assert mine["cost"].to_list() == pytest.approx(theirs["cost"].to_list(), rel=1e-9)
    assert mine["gross_profit"].to_list() == pytest.approx(theirs["gross_profit"].to_list(), rel=1e-9)
