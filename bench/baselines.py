"""The same jobs written by hand in DuckDB SQL and in pandas, for the benchmark.

    python bench/baselines.py duckdb|duckdb-window|pandas|pandas-plain cpi|customers|report LOGS REVENUE

Same semantics as llmcost's: last row per request_id wins (in file order; a Parquet
folder's files in name order), cost = (uncached input × input + cached × cached_input +
output × output) ÷ 1M at the bench's prices, CPI per calendar month (UTC), margin per
customer per month against a flat monthly revenue. Prints CSV on stdout, so the test can
check the numbers agree with llmcost's.

`duckdb` is the fastest correct DuckDB SQL we found; its tricks, one a line:
- typed CSV read: each column's type and the timestamp's format given, `auto_detect=false`.
- month on epoch microseconds: `date_trunc('month', make_timestamp(epoch_us(ts)))`, no time zone.
- dedupe only where ids repeat: `hash(request_id)` grouped once, `HAVING count(*) > 1`.
- only repeated rows ranked, by `filename`, `file_row_number` (Parquet) or line (CSV).
- CSV parsed once (a MATERIALIZED CTE, lines numbered); Parquet re-read, only columns used.
- `cpi`: tokens summed per month and model first, the 8 prices joined to the 96 sums.
- `customers`, `report`: rows priced by an 8-row join (fewer, cheaper groups than a cube).
- `report`: its three tables from one pass, `GROUP BY GROUPING SETS`.
`pandas` is the fastest correct pandas we found; its tricks:
- `read_csv(engine="pyarrow")`, only the 7 columns used, text columns typed, Arrow dtypes.
- dedupe only if `request_id.is_unique` is false (then `drop_duplicates(keep="last")`).
- month as integer months since 1970 (`datetime64[M]`), formatted only for the output.
- each row priced by its model's code (`factorize`, NumPy indexing), not by a merge.
- `groupby` on integer months, `sort=False` where the order does not matter.
`duckdb-window` and `pandas-plain` are the plain versions kept as a second line: every row
numbered and ranked in a window per id, a TIMESTAMPTZ month, a sniffed CSV, every row
priced (DuckDB); a default `read_csv`, `drop_duplicates`, `to_datetime(...).dt.strftime`
and a merge on every row (pandas).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from models import MODELS

PRICES = [(m, i, c, o) for m, (_, i, c, o) in MODELS.items()]
# The bench's log schema, in file order (generate.py), and its one timestamp format.
SCHEMA = {
    "timestamp": "TIMESTAMP",
    "request_id": "VARCHAR",
    "customer_id": "VARCHAR",
    "model": "VARCHAR",
    "feature": "VARCHAR",
    "input_tokens": "BIGINT",
    "output_tokens": "BIGINT",
    "cached_input_tokens": "BIGINT",
    "status": "VARCHAR",
    "latency_ms": "DOUBLE",
}
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TOKENS = ["input_tokens", "cached_input_tokens", "output_tokens"]


def _is_parquet(logs: str) -> bool:
    return logs.rstrip("/").endswith(".parquet")


def _csv_of(con, sql: str) -> str:
    rows = con.execute(sql).fetchall()
    header = ",".join(d[0] for d in con.description)
    lines = (",".join("" if v is None else repr(v) if isinstance(v, float) else str(v) for v in row) for row in rows)
    return "\n".join([header, *lines]) + "\n"


def _duckdb_prices():
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE prices (model VARCHAR, p_in DOUBLE, p_cached DOUBLE, p_out DOUBLE)")
    con.executemany("INSERT INTO prices VALUES (?, ?, ?, ?)", PRICES)
    return con


def duckdb_job(job: str, logs: str, revenue: str) -> str:
    """The fastest correct DuckDB SQL we found for each job (see the module's docstring)."""
    con = _duckdb_prices()
    wanted = ("" if job == "cpi" else "customer_id, ") + "{month} AS month, model, " + ", ".join(TOKENS)
    # Only rows whose id repeats are ranked, per id; the rest pass untouched. Ids are grouped
    # by their 64-bit hash (faster than by text; a collision only adds rows to rank). The
    # bench's ids are all single: DuckDB then skips the semi join's probe side.
    if _is_parquet(logs):  # columnar: reading the few columns again is cheaper than holding them
        source = f"read_parquet('{logs}/*.parquet', filename=true, file_row_number=true)"
        wanted = wanted.format(month="date_trunc('month', make_timestamp(epoch_us(timestamp)))")
        kept = f"""
            repeated AS (SELECT hash(request_id) AS h FROM {source} GROUP BY h HAVING count(*) > 1),
            kept AS (
                SELECT {wanted} FROM {source} ANTI JOIN repeated ON hash(request_id) = h
                UNION ALL
                SELECT {wanted} FROM {source} SEMI JOIN repeated ON hash(request_id) = h
                QUALIFY row_number() OVER (PARTITION BY request_id ORDER BY filename DESC, file_row_number DESC) = 1)"""
    else:  # text: parse it once, numbering lines as read (DuckDB keeps insertion order)
        columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in SCHEMA.items()) + "}"
        source = (
            f"read_csv('{logs}', header=true, auto_detect=false, columns={columns}, "
            f"timestampformat='{TIMESTAMP_FORMAT}')"
        )
        wanted = wanted.format(month="date_trunc('month', timestamp)")
        kept = f"""
            lines AS MATERIALIZED (
                SELECT row_number() OVER () AS line, hash(request_id) AS h, request_id, {wanted} FROM {source}),
            repeated AS (SELECT h FROM lines GROUP BY h HAVING count(*) > 1),
            kept AS (
                SELECT * EXCLUDE (line, h, request_id) FROM lines ANTI JOIN repeated USING (h)
                UNION ALL
                SELECT * EXCLUDE (line, h, request_id) FROM lines SEMI JOIN repeated USING (h)
                QUALIFY line = max(line) OVER (PARTITION BY request_id))"""
    if job == "cpi":  # 96 month × model sums of tokens, priced after
        return _csv_of(
            con,
            f"""WITH {kept},
                sums AS (SELECT month, model, count(*) AS n, sum(input_tokens) AS i,
                                sum(cached_input_tokens) AS c, sum(output_tokens) AS o FROM kept GROUP BY ALL),
                priced AS (SELECT month, n, ((i - c) * p_in + c * p_cached + o * p_out) / 1e6 AS cost
                           FROM sums JOIN prices USING (model))
            SELECT strftime(month, '%Y-%m') AS period, sum(n) AS inferences, sum(cost) AS cost,
                   sum(cost) / sum(n) AS cpi FROM priced GROUP BY month ORDER BY month""",
        )
    # Per customer, rows priced one by one: with ~160k customer × month × model keys, a
    # cube of token sums is slower than the 8-row join. `report`: its three tables in one pass.
    keys, sets = "customer_id, month", "(customer_id, month)"
    if job == "report":
        keys, sets = f"{keys}, model", f"{sets}, (month), (model)"
    con.execute(f"""
        CREATE TEMP TABLE sums AS
        WITH {kept}
        SELECT grouping(customer_id, month) AS g, {keys}, count(*) AS n,
               sum(((input_tokens - cached_input_tokens) * p_in + cached_input_tokens * p_cached
                    + output_tokens * p_out) / 1e6) AS cost
        FROM kept JOIN prices USING (model) GROUP BY GROUPING SETS ({sets})""")
    customers = f"""
        SELECT customer_id, strftime(month, '%Y-%m') AS period, n AS inferences, cost, r.revenue,
               r.revenue - cost AS gross_profit
        FROM sums LEFT JOIN read_csv('{revenue}', header=true, auto_detect=false,
                                     columns={{'customer_id': 'VARCHAR', 'revenue': 'DOUBLE'}}) r USING (customer_id)
        WHERE g = 0 ORDER BY customer_id, month"""  # g: 2 if not by customer, + 1 if not by month
    if job == "customers":
        return _csv_of(con, customers)
    con.execute(customers).fetchall()
    cpi = """SELECT strftime(month, '%Y-%m') AS period, n AS inferences, cost, cost / n AS cpi
             FROM sums WHERE g = 2 ORDER BY month"""
    return _csv_of(con, cpi) + _csv_of(con, "SELECT model, n, cost FROM sums WHERE g = 3")


def duckdb_window_job(job: str, logs: str, revenue: str) -> str:
    """The plain DuckDB version: number every row, keep each id's last in a window."""
    con = _duckdb_prices()
    con.execute("SET timezone = 'UTC'")
    source = f"read_parquet('{logs}/*.parquet')" if _is_parquet(logs) else f"read_csv('{logs}', header=true)"
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
    if job == "report":
        con.execute(queries["customers"]).fetchall()
        by_model = "SELECT model, count(*) AS n, sum(cost) AS cost FROM calls GROUP BY model"
        return _csv_of(con, queries["cpi"]) + _csv_of(con, by_model)
    return _csv_of(con, queries[job])


def pandas_job(job: str, logs: str, revenue: str) -> str:
    """The fastest correct pandas we found for each job (see the module's docstring)."""
    import numpy as np
    import pandas as pd

    columns = ["timestamp", "request_id", "customer_id", "model", *TOKENS]
    if _is_parquet(logs):
        frame = pd.read_parquet(logs, columns=columns, dtype_backend="pyarrow")
    else:
        # Text columns typed up front; pyarrow parses the numbers and ISO timestamps itself
        # (a pandas dtype for them is a cast after the read), into Arrow-backed columns.
        types = dict.fromkeys(["request_id", "customer_id", "model"], "string[pyarrow]")
        frame = pd.read_csv(logs, engine="pyarrow", usecols=columns, dtype=types, dtype_backend="pyarrow")
    if not frame.request_id.is_unique:
        frame = frame.drop_duplicates("request_id", keep="last")
    # Each row's prices by the model's code (-1, no model, picks the NaN appended last).
    codes, models = pd.factorize(frame.model)
    table = pd.DataFrame(PRICES, columns=["model", "p_in", "p_cached", "p_out"]).set_index("model").reindex(models)
    p_in, p_cached, p_out = (np.append(table[p].to_numpy(), np.nan)[codes] for p in ("p_in", "p_cached", "p_out"))
    i, c, o = (frame[t].to_numpy() for t in TOKENS)
    rows = pd.DataFrame(
        {
            # Months since 1970 in UTC, from the instant (tz-aware values convert to UTC).
            "month": frame.timestamp.to_numpy(dtype="datetime64[us]").astype("datetime64[M]").astype(np.int64),
            "model": codes,
            "cost": ((i - c) * p_in + c * p_cached + o * p_out) / 1e6,
        }
    )
    if job != "cpi":
        rows["customer_id"] = frame.customer_id.array
    if rows.cost.isna().any():  # models without a price are left out, as an inner join would
        rows = rows[rows.cost.notna()]

    def period(months):
        return [f"{1970 + m // 12}-{m % 12 + 1:02d}" for m in months]

    text = ""
    if job in ("cpi", "report"):
        out = rows.groupby("month").agg(inferences=("cost", "size"), cost=("cost", "sum")).reset_index()
        out.insert(0, "period", period(out.pop("month")))
        out["cpi"] = out.cost / out.inferences
        text = out.to_csv(index=False)
        if job == "cpi":
            return text
    out = rows.groupby(["customer_id", "month"], sort=False).agg(inferences=("cost", "size"), cost=("cost", "sum"))
    out = out.reset_index().merge(pd.read_csv(revenue, engine="pyarrow"), on="customer_id", how="left")
    out["period"] = period(out.pop("month"))
    out["gross_profit"] = out.revenue - out.cost
    out = out[["customer_id", "period", "inferences", "cost", "revenue", "gross_profit"]]
    if job == "customers":
        return out.to_csv(index=False)
    by_model = rows.groupby("model").agg(size=("cost", "size"), sum=("cost", "sum"))
    return text + by_model.set_axis(models[by_model.index]).rename_axis("model").to_csv()


def pandas_plain_job(job: str, logs: str, revenue: str) -> str:
    """The plain pandas version: read everything, drop duplicates, price and format every row."""
    import pandas as pd

    frame = pd.read_parquet(logs) if _is_parquet(logs) else pd.read_csv(logs)
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


ENGINES = {
    "duckdb": duckdb_job,
    "duckdb-window": duckdb_window_job,
    "pandas": pandas_job,
    "pandas-plain": pandas_plain_job,
}


if __name__ == "__main__":
    engine, job, logs, revenue = sys.argv[1:5]
    sys.stdout.write(ENGINES[engine](job, logs, revenue))
