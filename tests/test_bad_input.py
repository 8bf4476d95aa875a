"""The bad-input matrix: every malformed export gives the exact exit code, one `error:` (or the
`warning:` lines) naming file, row and column where known, no traceback, and every other row
still accounted for (read = priced + unpriced + rejected + duplicates)."""

from __future__ import annotations

import bz2
import gzip
import io
import re
import zlib

import polars as pl
import pytest

PRICES = "models:\n  m: {input: 1, output: 2}\n  gpt-4o: {input: 2.5, output: 10}\n"
H = "timestamp,model,input_tokens,output_tokens"
R = "2026-05-01T00:00:00Z,m,10,5"


def csv(*rows: str, header: str = H) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


GOOD_PARQUET = pl.DataFrame(
    {
        "timestamp": ["2026-05-01T00:00:00Z"] * 2,
        "model": ["m", "m"],
        "input_tokens": ["10", "abc"],
        "output_tokens": [5.0, 2.5],
    }
)

JL = b'{"timestamp":"2026-05-01T00:00:00Z","model":"m","input_tokens":10,"output_tokens":5}\n'  # one JSON line


def gz_bomb(prefix: bytes, mib: int) -> bytes:
    """`prefix`, then `mib` MiB of zero bytes with no line end, gzip-compressed (about 1,000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(prefix) + b"".join(packer.compress(bytes(2**20)) for _ in range(mib)) + packer.flush()


# id, files, extra args, exit code, text the stderr must hold, rows accounted (read N) or None
CASES = [
    # Hostile YAML and ids (issue 13, round two). BOMB is the classic "billion laughs": nine levels
    # of ten aliases, 10⁹ "lol"s (> 3 GB) once expanded; the alias guard trips at level e (line 5).
    (
        "config: billion laughs",
        {
            "l.csv": csv(R),
            "llmcost.yaml": (
                BOMB := (
                    "\n".join(
                        ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
                        + [
                            f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]"
                            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
                        ]
                    )
                    + "\n"
                ).encode()
            ),
        },
        [],
        2,
        "llmcost.yaml, line 5: aliases expand to more than 100,000 values",
        None,
    ),
    (
        "revenue: billion laughs",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.yaml": BOMB},
        ["--revenue", "r.yaml", "@customers"],
        2,
        "r.yaml, line 5: aliases expand to more than 100,000",
        None,
    ),
    (
        "pricing: billion laughs under checked:",
        {
            "l.csv": csv(R),
            "p.yaml": b"models:\n  m:\n    input: 1\n"
            b"    output: 2\n    checked:\n" + b"".join(b"      " + line + b"\n" for line in BOMB.splitlines()),
        },
        [],
        2,
        "p.yaml, line 10: aliases expand to more than 100,000 values",
        None,
    ),
    (
        "config: recursive alias",
        {"l.csv": csv(R), "llmcost.yaml": b"use_cases: &u {faq: *u}\n"},
        [],
        2,
        "llmcost.yaml, line 1: an alias refers to the list or mapping that holds it",
        None,
    ),
    (
        "pricing: small aliases still work",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: &std {input: 1, output: 2}\n  n: {<<: *std, output: 3}\n"},
        [],
        0,
        "priced 1",
        1,
    ),
    (
        "pricing: from 2026-02-30",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m:\n    prices:\n      - {from: 2026-02-30, input: 1, output: 2}\n"},
        [],
        2,
        "p.yaml, line 4: '2026-02-30' is not a valid date (day is out of range for month)",
        None,
    ),
    (
        "pricing: !!int on a word",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: !!int lots, output: 2}\n"},
        [],
        2,
        "p.yaml, line 2: 'lots' is not a valid whole number",
        None,
    ),
    (
        "pricing: unit is a list",
        {"l.csv": csv(R), "p.yaml": b"unit: [per_1m_tokens]\n" + PRICES.encode()},
        [],
        2,
        "p.yaml, line 1: unit must be one of per_1m_tokens, per_1k_tokens, not list",
        None,
    ),
    (
        "pricing: a list as a key",
        {"l.csv": csv(R), "p.yaml": b"models:\n  ? [m, n]\n  : {input: 1, output: 2}\n"},
        [],
        2,
        "p.yaml, line 2: a key must be a single value, not a list or mapping",
        None,
    ),
    (
        "pricing: nested 5,000 deep",
        {"l.csv": csv(R), "p.yaml": b"models: " + b"[" * 5000 + b"]" * 5000 + b"\n"},
        [],
        2,
        "p.yaml: nested too deeply to read",
        None,
    ),
    (
        "pricing: not UTF-8",
        {"l.csv": csv(R), "p.yaml": b"models:\n  caf\xe9: {input: 1, output: 2}\n"},
        [],
        2,
        "p.yaml, line 2: not UTF-8 text (byte 0xe9)",
        None,
    ),
    (
        "config: logs is a mapping",
        {"l.csv": csv(R), "llmcost.yaml": b"logs: {a: 1}\n"},
        [],
        2,
        "llmcost.yaml, line 1: logs must be a path or a list of paths",
        None,
    ),
    (
        "config: revenue is a list",
        {"l.csv": csv(R), "llmcost.yaml": b"\nrevenue: [a, b]\n"},
        [],
        2,
        "llmcost.yaml, line 2: revenue must be text",
        None,
    ),
    (
        "config: targets not a number",
        {"l.csv": csv(R), "llmcost.yaml": b"targets: {cpi: cheap}\n"},
        [],
        2,
        "llmcost.yaml, line 1: targets.cpi must be a number, not 'cheap'",
        None,
    ),
    (
        "config: targets is a word",
        {"l.csv": csv(R), "llmcost.yaml": b"targets: low\n"},
        [],
        2,
        "llmcost.yaml, line 1: targets must be a mapping",
        None,
    ),
    (
        "config: unknown target",
        {"l.csv": csv(R), "llmcost.yaml": b"targets: {cpu: 0.1}\n"},
        [],
        2,
        "unknown metric 'cpu' in targets (did you mean 'cpi'?)",
        None,
    ),
    (
        "config: catalog as text",
        {"l.csv": csv(R), "llmcost.yaml": b"catalog: 'no'\n"},
        [],
        2,
        "llmcost.yaml, line 1: catalog must be true or false, not 'no'",
        None,
    ),
    (
        "config: stage misspelt",
        {"l.csv": csv(R), "llmcost.yaml": b"stage: grwoth\n"},
        [],
        2,
        "llmcost.yaml, line 1: stage must be early or growth, not 'grwoth'",
        None,
    ),
    (
        "config: columns is a list",
        {"l.csv": csv(R), "llmcost.yaml": b"columns: [model]\n"},
        [],
        2,
        "llmcost.yaml, line 1: columns must be a mapping",
        None,
    ),
    (
        "config: unknown column",
        {"l.csv": csv(R), "llmcost.yaml": b"columns: {custmer_id: who}\n"},
        [],
        2,
        "unknown column 'custmer_id' in columns (did you mean 'customer_id'?)",
        None,
    ),
    (
        "config: unknown use case",
        {"l.csv": csv(R), "llmcost.yaml": b"use_cases: {faq: chatt}\n"},
        [],
        2,
        "llmcost.yaml, line 1: use_cases.faq: unknown use case 'chatt' (did you mean 'chat'?)",
        None,
    ),
    (
        "config: a list of settings",
        {"l.csv": csv(R), "llmcost.yaml": b"- logs\n"},
        [],
        2,
        "llmcost.yaml: must be a mapping of settings",
        None,
    ),
    (
        "revenue: a folder",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv/x": b""},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv: is a folder, not a file",
        None,
    ),
    (
        "revenue: binary",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": bytes(range(256)) * 4},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv: cannot read",
        None,
    ),
    (
        "revenue: JSON list of numbers",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.json": b"[1, 2]"},
        ["--revenue", "r.json", "@customers"],
        2,
        "r.json, row 1: each row must be a mapping",
        None,
    ),
    (
        "revenue: JSON in a .csv",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b'[{"customer_id": "c", "revenue": 5}]'},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv: looks like JSON",
        None,
    ),
    (
        "revenue: YAML amount is a list",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.yaml": b"- customer_id: c\n  revenue: [5]\n"},
        ["--revenue", "r.yaml", "@customers"],
        2,
        "r.yaml, line 2: revenue: must be one value",
        None,
    ),
    (
        "revenue: YAML ~ and null are two customers",
        {"l.csv": csv(R + ",~", header=H + ",customer_id"), "r.yaml": b"~: 5\nnull: 6\n"},
        ["--revenue", "r.yaml", "@customers"],
        0,
        "priced 1",
        1,
    ),
    (
        "revenue: same id but for spaces",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b'customer_id,revenue\nc,5\n" c ",6\n'},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 2: customer c appears twice",
        None,
    ),
    (
        "revenue: ids differ only by case",
        {"l.csv": csv(R + ",acme", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nACME,5\n"},
        ["--revenue", "r.csv", "@customers"],
        0,
        "warning: 1 customer ids in r.csv match ids in the logs only by case (ids are case-sensitive, so they are not "
        "joined): 'ACME' (logs: 'acme')",
        1,
    ),
    ("empty file", {"l.csv": b""}, [], 2, "l.csv: file is empty", None),
    ("header only", {"l.csv": csv()}, [], 2, "error: no rows in l.csv: nothing to price", None),
    ("utf-8 BOM", {"l.csv": b"\xef\xbb\xbf" + csv(R)}, [], 0, "priced 1", 1),
    ("CRLF line ends", {"l.csv": csv(R, R).replace(b"\n", b"\r\n")}, [], 0, "priced 2", 2),
    ("no final newline", {"l.csv": csv(R, R)[:-1]}, [], 0, "priced 2", 2),
    ("semicolon delimiter", {"l.csv": csv(R.replace(",", ";"), header=H.replace(",", ";"))}, [], 0, "priced 1", 1),
    ("tab delimiter in .tsv", {"l.tsv": csv(R.replace(",", "\t"), header=H.replace(",", "\t"))}, [], 0, "priced 1", 1),
    ("ragged row", {"l.csv": csv(R, R + ",x", R)}, [], 2, "l.csv, line 3: 5 fields where the header has 4", None),
    ("short row", {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,10")}, [], 0, "output_tokens: missing (first at row 2)", 2),
    (
        "quoted newline in a value",
        {
            "l.csv": csv(R, '2026-05-01T00:00:00Z,"m",10,5', header=H + ",note").replace(
                b"m,10,5\n", b'm,10,5,"two\nlines"\n'
            )
        },
        [],
        0,
        "read 2",
        2,
    ),
    (
        "non-UTF-8 bytes",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,caf\xe9,1,1").replace(b"\xc3\xa9", b"\xe9")},
        [],
        2,
        "l.csv, line 3, byte",
        None,
    ),
    (
        "a required column missing",
        {"l.csv": csv("2026-05-01T00:00:00Z,m,10", header="timestamp,model,input_tokens")},
        [],
        2,
        "missing column output_tokens (candidates: 'input_tokens')",
        None,
    ),
    (
        "duplicate column names",
        {"l.csv": csv(R + ",x", header=H + ",model")},
        [],
        0,
        "column 'model' appears more than once",
        1,
    ),
    (
        "negative tokens",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,-3,5")},
        [],
        0,
        "1 rows rejected in l.csv: input_tokens: negative (first at row 2)",
        2,
    ),
    (
        "fractional tokens",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,2.5,5")},
        [],
        0,
        "input_tokens: not a whole number (first at row 2)",
        2,
    ),
    ("whole number written as float", {"l.csv": csv("2026-05-01T00:00:00Z,m,10.0,5.0")}, [], 0, "priced 1", 1),
    (
        "huge token count",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,99999999999999999999,5")},
        [],
        0,
        "input_tokens: not a whole number",
        2,
    ),
    (
        "non-numeric tokens",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,lots,5")},
        [],
        0,
        "input_tokens: not a whole number",
        2,
    ),
    (
        "cached above input",
        {"l.csv": csv(R + ",20", header=H + ",cached_input_tokens")},
        [],
        2,
        "set token_convention: anthropic",
        None,
    ),
    ("unparsable timestamp", {"l.csv": csv(R, "yesterday,m,1,1")}, [], 0, "timestamp: not a date-time", 2),
    ("far-future timestamp", {"l.csv": csv(R, "2999-01-01T00:00:00Z,m,1,1")}, [], 0, "timestamp: in the future", 2),
    ("clock-skewed row in 2030", {"l.csv": csv(R, "2030-01-01T00:00:00Z,m,1,1")}, [], 0, "in the future", 2),
    ("compact date 20260501", {"l.csv": csv("20260501,m,1,1")}, ["--since", "2026-05-01"], 0, "priced 1", 1),
    ("a bare year is no timestamp", {"l.csv": csv(R, "2026,m,1,1")}, [], 0, "timestamp: not a date-time", 2),
    ("an impossible compact date", {"l.csv": csv(R, "20261399,m,1,1")}, [], 0, "timestamp: not a date-time", 2),
    (
        "tokens above 10^12",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,m,5000000000000000000,5")},
        [],
        0,
        "input_tokens: above 10^12",
        2,
    ),
    (
        "mixed-zone timestamps",
        {"l.csv": csv(R, "2026-05-01T02:00:00+02:00,m,1,1", "2026-05-01 00:00:00,m,1,1")},
        [],
        0,
        "priced 3",
        3,
    ),
    ("epoch seconds and milliseconds", {"l.csv": csv("1777593600,m,1,1", "1777593600000,m,1,1")}, [], 0, "priced 2", 2),
    ("empty model", {"l.csv": csv(R, "2026-05-01T00:00:00Z,,1,1")}, [], 0, "model: missing (first at row 2)", 2),
    ("model with spaces and case", {"l.csv": csv(R, "2026-05-01T00:00:00Z, GPT-4o ,1,1")}, [], 0, "priced 2", 2),
    ("unknown model is unpriced", {"l.csv": csv(R, "2026-05-01T00:00:00Z,mystery,1,1")}, [], 0, "1 rows unpriced", 2),
    (
        "--strict with a rejected row",
        {"l.csv": csv(R, "yesterday,m,1,1")},
        ["--strict"],
        2,
        "--strict: 0 rows unpriced, 1 rejected",
        None,
    ),
    (
        "every row rejected",
        {"l.csv": csv("x,m,1,1", "y,m,1,1")},
        [],
        2,
        "nothing priced: every row was rejected (2 rows; first: l.csv row 1: timestamp",
        None,
    ),
    (
        "JSONL with a broken line",
        {
            "l.jsonl": b'{"timestamp":"2026-05-01T00:00:00Z","model":"m","input_tokens":1,'
            b'"output_tokens":1}\n{"timestamp": oops\n'
        },
        [],
        2,
        "l.jsonl, line 2: not a JSON object",
        None,
    ),
    ("JSON that is not an array", {"l.json": b'{"timestamp": "2026-05-01"}'}, [], 2, "must be an array", None),
    (
        "JSON array of objects",
        {"l.json": b'[{"timestamp":"2026-05-01T00:00:00Z","model":"m","input_tokens":1,"output_tokens":1}]'},
        [],
        0,
        "priced 1",
        1,
    ),
    ("truncated gzip", {"l.csv.gz": gzip.compress(csv(R) * 50)[:30]}, [], 2, "l.csv.gz", None),
    ("Parquet with wrong types", {"l.parquet": parquet(GOOD_PARQUET)}, [], 0, "input_tokens: not a whole number", 2),
    (
        "directory with mixed formats",
        {
            "d/a.csv": csv(R),
            "d/b.jsonl": b'{"timestamp":"2026-05-02T00:00:00Z","model":"m","input_tokens":1,"output_tokens":1}\n',
            "d/c.parquet": parquet(
                pl.DataFrame({"timestamp": ["2026-05-03"], "model": ["m"], "input_tokens": [1], "output_tokens": [1]})
            ),
            "d/notes.txt": b"not a log",
        },
        ["d"],
        0,
        "priced 3",
        3,
    ),
    ("glob matching nothing", {}, ["nothing/*.csv"], 2, "no log files match", None),
    ("missing file", {}, ["missing.csv"], 2, "missing.csv: no such file", None),
    ("stdin empty", {}, ["-", "--input-format", "csv"], 2, "standard input is empty", None),
    (
        "duplicate request ids",
        {"l.csv": csv(R + ",a", R + ",a", R + ",b", header=H + ",request_id")},
        [],
        0,
        "duplicates 1",
        3,
    ),
    (
        "revenue: duplicate customer-month",
        {
            "l.csv": csv(R + ",c", header=H + ",customer_id"),
            "r.csv": b"customer_id,month,revenue\nc,2026-05,1\nc,2026-05,2\n",
        },
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 2: customer c appears twice for month 2026-05",
        None,
    ),
    (
        "revenue: negative",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nc,-5\n"},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 1: revenue -5.0 is negative",
        None,
    ),
    (
        "revenue: bad month",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,month,revenue\nc,May 2026,5\n"},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 1: month 'May 2026' is not YYYY-MM",
        None,
    ),
    (
        "revenue: unknown customer is listed",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nc,5\nghost,9\n"},
        ["--revenue", "r.csv", "@customers"],
        0,
        "priced 1",
        1,
    ),
    (
        "pricing: a tab",
        {"l.csv": csv(R), "p.yaml": b"models:\n\tm: {input: 1, output: 2}\n"},
        [],
        2,
        "p.yaml, line 2",
        None,
    ),
    (
        "pricing: duplicate keys",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: 1, output: 2}\n  m: {input: 1, output: 3}\n"},
        [],
        2,
        "duplicate key 'm'",
        None,
    ),
    (
        "pricing: unknown key",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: 1, output: 2, outptu: 1}\n"},
        [],
        2,
        "did you mean 'output'",
        None,
    ),
    (
        "pricing: negative price",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: -1, output: 2}\n"},
        [],
        2,
        "models.m.input must be",
        None,
    ),
    (
        "pricing: overlapping dates",
        {
            "l.csv": csv(R),
            "p.yaml": b"models:\n  m:\n    prices:\n"
            b"      - {from: 2026-01-01, input: 1, output: 1}\n"
            b"      - {from: 2025-01-01, input: 1, output: 1}\n",
        },
        [],
        2,
        "overlaps",
        None,
    ),
    (
        "logged cost NaN",
        {"l.csv": csv(R + ",0.1", "2026-05-01T00:00:00Z,m,1,1,NaN", header=H + ",cost")},
        [],
        0,
        "cost: not a finite number (first at row 2)",
        2,
    ),
    (
        "logged cost negative",
        {"l.csv": csv(R + ",0.1", "2026-05-01T00:00:00Z,m,1,1,-4", header=H + ",cost")},
        [],
        0,
        "cost: negative (first at row 2)",
        2,
    ),
    (
        "latency infinite",
        {"l.csv": csv(R + ",120", "2026-05-01T00:00:00Z,m,1,1,inf", header=H + ",latency_ms")},
        [],
        0,
        "latency_ms: not a finite number (first at row 2)",
        2,
    ),
    (
        "revenue: NaN",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nc,NaN\n"},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 1: revenue 'NaN' is not a finite amount",
        None,
    ),
    (
        "revenue: 1e400",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nc,1e400\n"},
        ["--revenue", "r.csv", "@customers"],
        2,
        "revenue '1e400' is not a finite amount",
        None,
    ),
    (
        "revenue: an empty month",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b'customer_id,month,revenue\nc,"",5\n'},
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 1: month is empty",
        None,
    ),
    (
        "revenue: two of 1e308 (their sum is infinite)",
        {
            "l.csv": csv(R + ",c", header=H + ",customer_id"),
            "r.csv": b"customer_id,invoice_date,revenue\nc,2026-04-01,1e308\nc,2026-04-02,1e308\n",
        },
        ["--revenue", "r.csv", "@customers"],
        2,
        "r.csv, row 1: revenue '1e308' is above 10^15, not one bill",
        None,
    ),
    (
        "--threshold nan",
        {"l.csv": csv(R + ",c", header=H + ",customer_id")},
        ["--threshold", "nan", "@customers"],
        2,
        "--threshold: 'nan' is not a number",
        None,
    ),
    (
        "config: flag_threshold .nan",
        {"l.csv": csv(R), "llmcost.yaml": b"flag_threshold: .nan\n"},
        [],
        2,
        "llmcost.yaml, line 1: flag_threshold must be a number",
        None,
    ),
    (
        "config: flag_threshold abc",
        {"l.csv": csv(R), "llmcost.yaml": b"flag_threshold: abc\n"},
        [],
        2,
        "flag_threshold must be a number such as 0 or 0.2, not 'abc'",
        None,
    ),
    (
        "pricing: .nan price",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: .nan, output: 2}\n"},
        [],
        2,
        "p.yaml, line 2: models.m.input must be a finite number",
        None,
    ),
    (
        "pricing: .inf price",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: 1, output: .inf}\n"},
        [],
        2,
        "models.m.output must be a finite number",
        None,
    ),
    (
        "pricing: 1.0e+400 price",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: 1.0e+400, output: 1}\n"},
        [],
        2,
        "models.m.input must be a finite number",
        None,
    ),
    (
        "pricing: a fixed cost of 1.0e+308 (two months sum to inf)",
        {"l.csv": csv(R), "p.yaml": b"models:\n  m: {input: 1, output: 1}\nfixed_costs:\n  - {monthly: 1.0e+308}\n"},
        [],
        2,
        "p.yaml, line 4: fixed_costs[0].monthly must be at most 10^15, not 1e+308",
        None,
    ),
    (
        "pricing: a Python object tag",
        {"l.csv": csv(R), "p.yaml": b"models: !!python/object/apply:os.system [ls]\n"},
        [],
        2,
        "p.yaml, line 1",
        None,
    ),
    # a run that priced nothing is exit 2 with its main reason, never an empty table and exit 0
    (
        "every model unpriced",
        {"l.csv": csv("2026-05-01T00:00:00Z,mystery,1,1", "2026-05-01T00:00:00Z,mystery,2,2")},
        [],
        2,
        "nothing priced: every row is unpriced (2 rows; no price in p.yaml",
        None,
    ),
    (
        "every row outside the window",
        {"l.csv": csv(R, R)},
        ["--since", "2026-06-01"],
        2,
        "nothing priced: no rows in l.csv fall in the window 2026-06-01 to",
        None,
    ),
    (
        "unpriced and rejected, nothing priced",
        {"l.csv": csv("x,m,1,1", "2026-05-01T00:00:00Z,mystery,1,1", "2026-05-01T00:00:00Z,mystery,1,1")},
        [],
        2,
        "for 'mystery': add them, or pass --catalog); 1 rows rejected (first: l.csv row 1: timestamp",
        None,
    ),
    # logged names reach stderr escaped: no terminal control, no forged line
    (
        "escape sequence in a model name",
        {"l.csv": csv(R, "2026-05-01T00:00:00Z,evil\x1b]0;pwned\x07\x1b[2j,1,1")},
        [],
        0,
        "'evil\\x1b]0;pwned\\x07\\x1b[2j' (1)",
        2,
    ),
    (
        "newline in a model name",
        {"l.csv": csv(R, '2026-05-01T00:00:00Z,"x\nread 9 \u00b7 priced 9",1,1')},
        [],
        0,
        "'x\\nread 9 \u00b7 priced 9' (1)",
        2,
    ),
    ("escape sequence in a file name", {}, ["missing\x1bc\x07.csv"], 2, "missing\\x1bc\\x07.csv: no such file", None),
    # --output never replaces what this run reads, nor a folder
    ("--output is the log", {"l.csv": csv(R)}, ["-o", "l.csv"], 2, "cannot write l.csv: this run reads it", None),
    (
        "--output is the pricing file",
        {"l.csv": csv(R)},
        ["-o", "p.yaml"],
        2,
        "cannot write p.yaml: this run reads it",
        None,
    ),
    (
        "--output is the revenue file",
        {"l.csv": csv(R + ",c", header=H + ",customer_id"), "r.csv": b"customer_id,revenue\nc,5\n"},
        ["--revenue", "r.csv", "-o", "r.csv", "@customers"],
        2,
        "cannot write r.csv: this run reads it",
        None,
    ),
    (
        "--output in a missing folder",
        {"l.csv": csv(R)},
        ["-o", "no/such/out.csv"],
        2,
        "cannot write no/such/out.csv: the folder",
        None,
    ),
    ("--output is a folder", {"l.csv": csv(R)}, ["-o", "."], 2, "cannot write .: it is a folder", None),
    # Log files and folders (issue 13, round two): every JSON column whatever line it starts on, the same rows
    # counted once, decompression as a stream, nothing unreadable passed over in silence
    (
        "JSONL: a column first seen on line 1,002",
        {"l.jsonl": JL * 1001 + JL.replace(b"}", b',"cached_input_tokens":"lots"}')},
        [],
        0,
        "cached_input_tokens: not a whole number (first at row 1002)",
        1002,
    ),
    (
        "JSONL: text among integers after line 1,000",
        {"l.jsonl": JL * 1001 + JL.replace(b":10,", b':"ten",')},
        [],
        0,
        "input_tokens: not a whole number (first at row 1002)",
        1002,
    ),
    (
        "JSONL: NaN cost",
        {"l.jsonl": JL + JL.replace(b"}", b',"cost":NaN}')},
        [],
        0,
        "cost: not a finite number (first at row 2)",
        2,
    ),
    (
        "JSON array cut short",
        {"l.json": b"[" + JL.strip() + b"," + JL[:30]},
        [],
        2,
        "l.json, row 2: not a JSON object",
        None,
    ),
    ("same file named twice", {"l.csv": csv(R)}, ["l.csv"], 0, "warning: l.csv: adds no file not read already", 1),
    (
        "a folder and a file in it",
        {"d/a.csv": csv(R)},
        ["d", "d/a.csv"],
        0,
        "warning: d/a.csv: adds no file not read already",
        1,
    ),
    (
        "hidden backup copy in a folder",
        {"d/a.csv": csv(R), "d/.backup/a.csv": csv(R)},
        ["d"],
        0,
        "warning: d: 1 hidden file or folder not read (--include-hidden reads them)",
        1,
    ),
    (
        "--include-hidden",
        {"d/a.csv": csv(R), "d/.old/b.csv": csv("2026-05-02T00:00:00Z,m,1,1")},
        ["d", "--include-hidden"],
        0,
        "priced 2",
        2,
    ),
    (
        "two files with identical content",
        {"d/a.csv": csv(R), "d/b.csv": csv(R)},
        ["d"],
        0,
        "warning: d/a.csv and d/b.csv have identical content",
        2,
    ),
    ("an empty file in a folder", {"d/a.csv": csv(R), "d/b.csv": b""}, ["d"], 0, "warning: d/b.csv: file is empty", 1),
    (
        "a .csv.bz2 in a folder",
        {"d/a.csv": csv(R), "d/b.csv.bz2": bz2.compress(csv(R))},
        ["d"],
        2,
        "d/b.csv.bz2: compressed with bzip2, which llmcost does not read",
        None,
    ),
    (
        "--skip-unreadable",
        {"d/a.csv": csv(R), "d/b.csv.bz2": bz2.compress(csv(R))},
        ["d", "--skip-unreadable"],
        0,
        "warning: d/b.csv.bz2: compressed with bzip2",
        1,
    ),
    ("a glob matching folders", {"d/2026-05/a.csv": csv(R)}, ["d/2026-*"], 0, "priced 1", 1),
    (
        "gzip bomb: one endless line",
        {"l.csv.gz": gz_bomb(b"", 80)},
        [],
        2,
        "l.csv.gz, line 1: longer than 64 MiB",
        None,
    ),
    (
        "gzip bomb after the header",
        {"l.csv.gz": gz_bomb(H.encode() + b"\n", 80)},
        [],
        2,
        "l.csv.gz, line 2: longer than 64 MiB",
        None,
    ),
    (
        "gzip content in a .csv",
        {"l.csv": gzip.compress(csv(R.replace(",", ";"), header=H.replace(",", ";")))},
        [],
        0,
        "priced 1",
        1,
    ),
    (
        "ragged row after a 200 KB field",
        {"l.csv": csv(R, '2026-05-01T00:00:00Z,"' + "x" * 200_000 + '",1,1', R + ",x")},
        [],
        2,
        "l.csv, line 4: 5 fields where the header has 4",
        None,
    ),
    (
        "sqlite:///missing.db",
        {},
        ["sqlite:///missing.db", "--table", "calls"],
        2,
        "sqlite:///missing.db: no such database file",
        None,
    ),
]


@pytest.mark.parametrize(("files", "args", "code", "needle", "read"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(run, tmp_path, files, args, code, needle, read):
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    if "p.yaml" not in files:
        (tmp_path / "p.yaml").write_text(PRICES)
    command = "customers" if "@customers" in args else "cpi"
    extra = [a for a in args if a != "@customers"]
    paths = [n for n in files if n.startswith(("l.", "d/"))][:1]
    if paths and paths[0].startswith("d/"):
        paths = []
    stdin = b"" if "-" in extra else None
    result = run(command, *paths, *extra, "--pricing", "p.yaml", "-f", "csv", stdin=stdin)
    assert result.code == code, result.err
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert needle in result.err, result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    else:
        assert all(line.startswith(("warning: ", "read ")) for line in lines), result.err
        counts = dict(re.findall(r"(read|priced|unpriced|rejected|duplicates) ([\d,]+)", lines[-1]))
        counts = {k: int(v.replace(",", "")) for k, v in counts.items()}
        assert counts["read"] == read
        assert counts["read"] == counts["priced"] + counts["unpriced"] + counts["rejected"] + counts["duplicates"]


def test_matrix_is_at_least_forty_cases():
    assert len(CASES) >= 40


def test_one_clock_skewed_row_does_not_hide_the_latest_month(run, tmp_path):
    """A row dated 2030 is rejected, so flag-customers still judges the real latest month."""
    import datetime as dt

    month = dt.date.today().replace(day=1)
    rows = [f"{month}T00:00:00Z,m,1000000,0,c", "2030-01-01T00:00:00Z,m,1,1,c"]
    (tmp_path / "l.csv").write_bytes(csv(*rows, header=H + ",customer_id"))
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "r.csv").write_text("customer_id,revenue\nc,0.5\n")
    result = run("flag-customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "csv")
    assert result.code == 1, result.err
    assert f"c,{month}" in result.out


def test_token_sums_past_64_bits_are_an_error_not_a_wrap():
    from llmcost.cube import TOKENS, _narrow_tokens
    from llmcost.errors import LlmcostError

    cells = pl.DataFrame({t: [2**63] for t in TOKENS}, schema={t: pl.Int128 for t in TOKENS})
    with pytest.raises(LlmcostError, match="sums to more than"):
        _narrow_tokens(cells)
    fine = _narrow_tokens(cells.with_columns(pl.all() - 1))
    assert fine.schema["input_tokens"] == pl.Int64 and fine["input_tokens"][0] == 2**63 - 1


def test_ids_with_surrounding_spaces_in_the_log_match_the_revenue_file(run, tmp_path):
    """'acme ' in the log is the 'acme' of the revenue file: the −150 % customer is flagged."""
    (tmp_path / "l.csv").write_bytes(
        csv("2026-05-01T00:00:00Z,m,1000000,0,acme ", "2026-05-01T00:00:00Z,m,1,1, acme", header=H + ",customer_id")
    )
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "r.csv").write_text("customer_id,revenue\nacme,0.4\n")
    result = run("customers", "l.csv", "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 0, result.err
    (acme,) = result.json()
    assert acme["customer_id"] == "acme" and acme["inferences"] == 2 and acme["flagged"] is True
