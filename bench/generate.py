"""Seeded benchmark logs: N rows, 12 months, Zipf customers, 8 models, cached tokens, errors.

    python bench/generate.py 10000000 bench/data      → logs_10m.csv, logs_10m.parquet, revenue.csv, pricing.yaml
    python bench/generate.py 100000000 bench/data --parquet-only

Written in chunks of 1M rows so 100M rows need little memory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
from models import MODELS

FEATURES = ["chat", "rag", "summarization", "classification", "codegen", "faq"]
CUSTOMERS = 10_000
START = np.datetime64("2025-11-01T00:00:00", "us")
SPAN_US = np.int64(365 * 24 * 3600 * 1_000_000)
CHUNK = 1_000_000


def chunk(rng: np.random.Generator, offset: int, n: int) -> pl.DataFrame:
    names = list(MODELS)
    weights = np.array([MODELS[m][0] for m in names])
    customer = np.minimum(rng.zipf(1.3, n), CUSTOMERS)
    inputs = rng.lognormal(7.3, 0.9, n).astype(np.int64) + 20
    cached = np.where(rng.random(n) < 0.4, (inputs * rng.random(n) * 0.7).astype(np.int64), 0)
    status = np.where(rng.random(n) < 0.02, "error", "ok")
    output = np.where(status == "ok", rng.lognormal(5.5, 0.8, n).astype(np.int64) + 1, 0)
    ts = START + rng.integers(0, SPAN_US, n).astype("timedelta64[us]")
    return pl.DataFrame(
        {
            "timestamp": ts,
            "request_id": [f"req-{offset + i:09d}" for i in range(n)],
            "customer_id": np.char.add("c", customer.astype(str)),
            "model": np.array(names)[rng.choice(len(names), n, p=weights / weights.sum())],
            "feature": np.array(FEATURES)[rng.integers(0, len(FEATURES), n)],
            "input_tokens": inputs,
            "output_tokens": output,
            "cached_input_tokens": cached,
            "status": status,
            "latency_ms": np.round(rng.lognormal(7.0, 0.6, n), 1),
        }
    )


def main() -> None:
    rows = int(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "bench/data")
    parquet_only = "--parquet-only" in sys.argv
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{rows // 1_000_000}m" if rows >= 1_000_000 else str(rows)
    rng = np.random.default_rng(20261122)
    csv_path, parquet_dir = out / f"logs_{tag}.csv", out / f"logs_{tag}.parquet"
    parquet_dir.mkdir(exist_ok=True)
    with open("/dev/null", "wb") if parquet_only else csv_path.open("wb") as handle:
        for i, offset in enumerate(range(0, rows, CHUNK)):
            frame = chunk(rng, offset, min(CHUNK, rows - offset))
            if not parquet_only:
                frame.with_columns(pl.col("timestamp").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")).write_csv(
                    handle, include_header=i == 0
                )
            frame.with_columns(pl.col("timestamp").dt.replace_time_zone("UTC")).write_parquet(
                parquet_dir / f"part-{i:04d}.parquet"
            )
    revenue = pl.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(1, CUSTOMERS + 1)],
            "revenue": np.round(np.random.default_rng(1).choice([19.0, 49.0, 199.0, 999.0], CUSTOMERS), 2),
        }
    )
    revenue.write_csv(out / "revenue.csv")
    lines = ["currency: USD", "unit: per_1m_tokens", "models:"]
    lines += [f"  {m}: {{input: {i}, cached_input: {c}, output: {o}}}" for m, (_, i, c, o) in MODELS.items()]
    (out / "pricing.yaml").write_text("\n".join(lines) + "\n")
    print(f"wrote {rows:,} rows to {csv_path} and {parquet_dir}/")


if __name__ == "__main__":
    main()
