"""The same jobs written by hand in DuckDB SQL and in pandas, for the benchmark.

    python bench/baselines.py duckdb|pandas cpi|customers|report LOGS REVENUE

Same semantics as llmcost's: last row per request_id wins, cost = (uncached input ×
input + cached × cached_input + output × output) ÷ 1M at the bench's prices, CPI per
calendar month, margin per customer per month against a flat monthly revenue.
Prints CSV on stdout, so the test can check the numbers agree with llmcost's.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import MODELS

PRICES = [(m, i, c, o) for m, (_, i, c, o) in MODELS.items()]


def duckdb_job(job: str, logs: str, revenue: str) -> str:
    import duckdb

    con = duckdb.connect()
    con.execute("SET timezone = 'UTC'")
    con.execute("CREATE TABLE prices (model VARCHAR, p_in DOUBLE, p_cached DOUBLE, p_out DOUBLE)")
    con.executemany("INSERT INTO prices VALUES (?, ?, ?, ?)", PRICES)
    source = f"read_parquet('{logs}/*.parquet')" if logs.endswith(".parquet") else f"read_csv('{logs}', header=true)"
    con.execute(f"""
        CREATE VIEW calls AS
        WITH raw AS (SELECT *, row_number() OVER () AS rn FROM {source}),
             last AS (SELECT * FROM raw QUALIFY row_number() OVER (PARTITION BY request_id ORDER BY rn DESC) = 1)
        SELECT strftime(date_trunc('month', CAST(timestamp AS TIMESTAMPTZ)), '%Y-%m') AS period, customer_id,
               l.model, input_tokens, output_tokens,
               ((input_tokens - cached_input_tokens) * p_in + cached_input_tokens * p_cached
                + output_tokens * p_out) / 1e6 AS cost
        FROM last l JOIN prices p ON p.model = l.model""")
    queries = {
        "cpi": "SELECT period, count(*) AS inferences, sum(cost) AS cost, sum(cost) / count(*) AS cpi "
        "FROM calls GROUP BY period ORDER BY period",
        "customers": f"""SELECT c.customer_id, period, count(*) AS inferences, sum(cost) AS cost,
                   any_value(r.revenue) AS revenue, any_value(r.revenue) - sum(cost) AS gross_profit
                   FROM calls c LEFT JOIN read_csv('{revenue}') r USING (customer_id)
                   GROUP BY c.customer_id, period ORDER BY c.customer_id, period""",
    }

    def csv_of(sql: str) -> str:
        rows = con.execute(sql).fetchall()
        header = ",".join(d[0] for d in con.description)
        return (
            "\n".join(
                [
                    header,
                    *(
                        ",".join("" if v is None else repr(v) if isinstance(v, float) else str(v) for v in row)
                        for row in rows
                    ),
                ]
            )
            + "\n"
        )

    if job == "report":
        con.execute(queries["customers"]).fetchall()
        by_model = "SELECT model, count(*) AS n, sum(cost) AS cost FROM calls GROUP BY model"
        return csv_of(queries["cpi"]) + csv_of(by_model)
    return csv_of(queries[job])


def pandas_job(job: str, logs: str, revenue: str) -> str:
    import pandas as pd

    frame = pd.read_parquet(logs) if logs.endswith(".parquet") else pd.read_csv(logs)
    frame = frame.drop_duplicates("request_id", keep="last")
    prices = pd.DataFrame(PRICES, columns=["model", "p_in", "p_cached", "p_out"])
    frame = frame.merge(prices, on="model")
    frame["cost"] = (
        (frame.input_tokens - frame.cached_input_tokens) * frame.p_in
        + frame.cached_input_tokens * frame.p_cached
        + frame.output_tokens * frame.p_out
    ) / 1e6
    frame["period"] = pd.to_datetime(frame.timestamp, utc=True).dt.strftime("%Y-%m")
    if job in ("cpi", "report"):
        out = frame.groupby("period").agg(inferences=("cost", "size"), cost=("cost", "sum")).reset_index()
        out["cpi"] = out.cost / out.inferences
        text = out.to_csv(index=False)
        if job == "report":
            text += frame.groupby("model").cost.agg(["size", "sum"]).to_csv()
            frame.groupby(["customer_id", "period"]).cost.sum()
        return text
    out = frame.groupby(["customer_id", "period"]).agg(inferences=("cost", "size"), cost=("cost", "sum")).reset_index()
    out = out.merge(pd.read_csv(revenue), on="customer_id", how="left")
    out["gross_profit"] = out.revenue - out.cost
    return out.to_csv(index=False)


if __name__ == "__main__":
    engine, job, logs, revenue = sys.argv[1:5]
    sys.stdout.write((duckdb_job if engine == "duckdb" else pandas_job)(job, logs, revenue))
