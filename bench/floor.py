"""How fast can this stack go at all? `cpi --period month` with nothing but the arithmetic.

    python bench/floor.py bench/data/logs_10m.csv

Reads the log, types the timestamp with its known format and the token counts, sums
tokens per month and model: no cell validation, no rejected-row accounting, no pricing
rules. Then, apart, the read of the request ids that deduplication needs. With the time
to import Polars (also printed) that is the least a Polars program can take for the job;
bench/README.md compares it with what a 5× lead over pandas would need.
"""

from __future__ import annotations

import sys
import time

start = time.perf_counter()
import polars as pl  # noqa: E402


def scan(logs: str) -> pl.LazyFrame:
    if logs.endswith(".parquet"):
        return pl.scan_parquet(f"{logs}/*.parquet")
    ts = pl.col("timestamp").str.to_datetime("%Y-%m-%dT%H:%M:%S.%6fZ", time_unit="us", time_zone="UTC")
    return pl.scan_csv(logs, schema_overrides={"timestamp": pl.String}).with_columns(ts)


def main(logs: str) -> None:
    imported = time.perf_counter()
    tokens = ("input_tokens", "cached_input_tokens", "output_tokens")
    (
        scan(logs)
        .select(pl.col("timestamp").dt.truncate("1mo").alias("month"), "model", *tokens)
        .group_by("month", "model")
        .agg(pl.len(), *(pl.col(t).sum() for t in tokens))
        .collect()
    )
    summed = time.perf_counter()
    scan(logs).select(pl.col("request_id").hash().sort()).collect()
    ids = time.perf_counter()
    print(
        f"{logs}: import polars {imported - start:.2f} s, read + type + sum {summed - imported:.2f} s, "
        f"request ids (read, hash, sort) {ids - summed:.2f} s"
    )


if __name__ == "__main__":
    main(sys.argv[1])
