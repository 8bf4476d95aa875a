"""The loader: every format and source gives the same numbers; bad cells are rejected, never lost."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from decimal import Decimal as D

import polars as pl
import pytest
import zstandard

from tests.conftest import row, write_log

ROWS = [
    row("2026-05-01T10:00:00Z", "gpt-4o", 1000, 100, customer_id="acme", request_id="r1"),
    row("2026-05-02T11:30:00+02:00", "gpt-4o-mini", 2000, 300, customer_id="acme", request_id="r2"),
    row("2026-06-03 08:00:00.1234567", "gpt-4o", 500, 50, customer_id="beta", request_id="r3"),
    row("2026-06-04", "claude-sonnet-4", 4000, 400, customer_id="beta", request_id="r4", cached_input_tokens=1000),
]
M = D(1_000_000)
EXPECTED = {
    "2026-05": (1000 * D("2.5") + 100 * D(10) + 2000 * D("0.15") + 300 * D("0.6")) / M,
    "2026-06": (500 * D("2.5") + 50 * D(10) + 3000 * D(2) + 1000 * D("0.2") + 400 * D(10)) / M,
}


def costs(result) -> dict[str, float]:
    assert result.code == 0, result.err
    return {r["period"]: r["cost"] for r in result.json()}


def check(result) -> None:
    got = costs(result)
    assert got.keys() == EXPECTED.keys()
    for period, value in EXPECTED.items():
        assert got[period] == pytest.approx(float(value), rel=1e-12)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_every_format_gives_the_hand_computed_cost(run, pricing, tmp_path, fmt):
    log = write_log(tmp_path / f"log.{fmt}", ROWS)
    check(run("cpi", log, "--pricing", pricing(), "-f", "json"))


def test_formats_give_identical_numbers(run, pricing, tmp_path):
    pricing()
    outputs = set()
    for fmt in ["csv", "tsv", "jsonl", "json", "parquet"]:
        log = write_log(tmp_path / f"log.{fmt}", ROWS)
        outputs.add(run("cpi", log, "--by", "customer", "-f", "csv").out)
    assert len(outputs) == 1


@pytest.mark.parametrize(("suffix", "pack"), [(".gz", gzip.compress), (".zst", zstandard.compress)])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_compressed(run, pricing, tmp_path, fmt, suffix, pack):
    plain = write_log(tmp_path / f"plain.{fmt}", ROWS)
    packed = tmp_path / f"log.{fmt}{suffix}"
    packed.write_bytes(pack(plain.read_bytes()))
    plain.unlink()
    check(run("cpi", packed, "--pricing", pricing(), "-f", "json"))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_stdin_with_input_format(run, pricing, tmp_path, fmt):
    log = write_log(tmp_path / f"log.{fmt}", ROWS)
    check(run("cpi", "-", "--input-format", fmt, "--pricing", pricing(), "-f", "json", stdin=log.read_bytes()))


def test_stdin_sniffs_the_format(run, pricing, tmp_path):
    log = write_log(tmp_path / "log.jsonl", ROWS)
    check(run("cpi", "-", "--pricing", pricing(), "-f", "json", stdin=log.read_bytes()))


def test_unknown_extension_is_sniffed(run, pricing, tmp_path):
    log = write_log(tmp_path / "log.jsonl", ROWS)
    odd = log.rename(tmp_path / "export.log")
    check(run("cpi", odd, "--pricing", pricing(), "-f", "json"))


def test_directory_glob_and_several_paths(run, pricing, tmp_path):
    pricing()
    (tmp_path / "logs" / "sub").mkdir(parents=True)
    write_log(tmp_path / "logs" / "a.csv", ROWS[:2])
    write_log(tmp_path / "logs" / "sub" / "b.parquet", ROWS[2:])
    (tmp_path / "logs" / "README.txt").write_text("not a log")
    check(run("cpi", tmp_path / "logs", "-f", "json"))
    check(run("cpi", str(tmp_path / "logs" / "**" / "*.*"), "-f", "json"))
    check(run("cpi", tmp_path / "logs" / "a.csv", tmp_path / "logs" / "sub" / "b.parquet", "-f", "json"))


def test_hive_partitioned_parquet(run, pricing, tmp_path):
    pricing()
    for month in ("2026-05", "2026-06"):
        part = tmp_path / "logs" / f"month={month}"
        part.mkdir(parents=True)
        write_log(part / "part-0.parquet", [r for r in ROWS if _month(r) == month])
    result = run("cpi", tmp_path / "logs", "-f", "json")
    check(result)


def _month(r: dict) -> str:
    return r["timestamp"][:7]


def test_aliases_case_insensitive_and_columns_mapping(run, pricing, tmp_path):
    pricing()
    renamed = [
        {
            "Created_At": r["timestamp"],
            "MODEL_NAME": r["model"],
            "prompt_tokens": r["input_tokens"],
            "completion_tokens": r["output_tokens"],
            "cached_tokens": r.get("cached_input_tokens", 0),
        }
        for r in ROWS
    ]
    check(run("cpi", write_log(tmp_path / "a.csv", renamed), "-f", "json"))
    custom = [
        {
            "when": r["timestamp"],
            "llm": r["model"],
            "in": r["input_tokens"],
            "out": r["output_tokens"],
            "cache_hits": r.get("cached_input_tokens", 0),
        }
        for r in ROWS
    ]
    (tmp_path / "llmcost.yaml").write_text(
        "columns: {timestamp: when, model: llm, input_tokens: in, output_tokens: out,"
        " cached_input_tokens: cache_hits}\n"
    )
    check(run("cpi", write_log(tmp_path / "b.csv", custom), "-f", "json"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T10:00:00Z", "2026-05-01T10:00:00"),
        ("2026-05-01T12:00:00+02:00", "2026-05-01T10:00:00"),
        ("2026-05-01 10:00:00", "2026-05-01T10:00:00"),
        ("2026-05-01T10:00:00.1234567", "2026-05-01T10:00:00.123456"),
        ("1777629600", "2026-05-01T10:00:00"),
        ("1777629600000", "2026-05-01T10:00:00"),
        ("1777629600.5", "2026-05-01T10:00:00.500000"),
    ],
)
def test_timestamps(run, pricing, tmp_path, text, expected):
    log = write_log(tmp_path / "log.csv", [row(text, request_id="x")])
    got = run("validate", log, "--pricing", pricing(), "-f", "json").json()
    first = got["summary"][0]["first"]
    assert first.startswith(expected) and first.endswith("+00:00")


ZONES = ("", "Z", "z", " Z", "+05:00", " +05:00", "+05", "-0530", "+0530", " UTC", "+05:00:00", "-00:00")
TIMES = ("10:00:00", "10:00", "10:00:00.5", "10:00:00.123", "10:00:00.123456", "10:00:00.123456789", "10:00:00.1234567")


def test_a_sniffed_format_reads_no_timestamp_the_general_parser_would_not():
    """A sniffed format only speeds rows up: whatever text one of them reads, the general
    parser reads to the same instant. (The lenient zone format read `z`, `+05` and ` +05:00`,
    which the general parser rejected: which rows were rejected hung on the first 500.) And
    neither reads a date that is not four, two and two digits then `T`, a space or the end:
    Polars' parser took `2026-5-110:00:00Z` for 11 May."""
    from llmcost.columns import ISO_FORMATS, _any_timestamp, fast_timestamp

    days = ("2026-05-01", "2026-5-1", "2026-5-11", "2026-05-1")
    seps = ("T", " ", "t", "\t", "", "T ", "  ")
    shapes = [f"{day}{sep}{time}{zone}" for day in days for sep in seps for time in TIMES for zone in ZONES]
    frame = pl.DataFrame({"x": [*shapes, "2026-05-01", "2026-05-01Z", "20260501", "2026-5-1"]})
    general = frame.select(_any_timestamp(pl.col("x")))["x"]
    iso = frame["x"].str.contains(r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)")
    assert general.filter(~iso & (frame["x"] != "20260501")).null_count() == (~iso).sum() - 1
    for fmt in ISO_FORMATS:
        fast = frame.select(fast_timestamp(pl.col("x"), fmt))["x"]
        read = fast.is_not_null()
        assert read.any(), fmt
        assert general.filter(read).equals(fast.filter(read)), fmt
        assert not (read & ~iso).any(), fmt


def test_a_zone_written_plus_hours_is_read_after_a_sample_without_zones(run, pricing, tmp_path):
    """600 naive rows, then rows with `+05` (ISO 8601's hours-only offset): all are priced."""
    rows = [row(f"2026-05-01 10:{i % 60:02d}:00", request_id=f"a{i}") for i in range(600)]
    rows += [row("2026-05-02T10:00:00+05", request_id=f"b{i}") for i in range(5)]
    rows += [row("2026-5-110:00:00Z", request_id="c")]  # no 11 May: rejected
    got = run("validate", write_log(tmp_path / "log.csv", rows), "--pricing", pricing(), "-f", "json").json()
    summary = got["summary"][0]
    assert (summary["priced"], summary["rejected"]) == (605, 1) and summary["last"].startswith("2026-05-02T05:00:00")


def test_duplicates_last_row_wins(run, pricing, tmp_path):
    rows = [
        row(request_id="a", output_tokens=10),
        row(request_id="b"),
        row(request_id="a", output_tokens=100),
        row(request_id=None),
        row(request_id=None),
    ]
    result = run("cpi", write_log(tmp_path / "log.csv", rows), "--pricing", pricing(), "-f", "json")
    assert result.json()[0]["inferences"] == 4
    assert result.json()[0]["cost"] == pytest.approx(float(4 * (1000 * D("2.5") + 100 * D(10)) / M))
    assert "duplicates 1" in result.err


def test_rejected_rows_are_counted_with_reason_and_row(run, pricing, tmp_path):
    rows = [
        row(),
        row(input_tokens="-5"),
        row(input_tokens="12.5"),
        row(output_tokens="lots"),
        row(ts="yesterday"),
        row(model=""),
        row(input_tokens=100, cached_input_tokens=80, cache_write_tokens=30),
        row(input_tokens="12.0"),
    ]
    log = write_log(tmp_path / "log.csv", [{k: str(v) for k, v in r.items()} for r in rows])
    result = run("cpi", log, "--pricing", pricing(), "-f", "json")
    assert result.code == 0
    assert result.json()[0]["inferences"] == 2  # the good row and "12.0"
    assert "read 8 · priced 2 · unpriced 0 · rejected 6 · duplicates 0" in result.err
    assert "input_tokens: negative (first at row 2)" in result.err
    strict = run("cpi", log, "--strict")
    assert strict.code == 2 and strict.err.strip().splitlines()[-1].startswith("error: --strict")


def test_validate_lists_reasons_rows_and_anthropic_hint_once(run, pricing, tmp_path):
    rows = [row(input_tokens=10, cached_input_tokens=500, cache_write_tokens=20) for _ in range(7)] + [row()]
    log = write_log(tmp_path / "log.csv", rows)
    result = run("validate", log, "--pricing", pricing(), "-f", "json")
    assert result.code == 1
    rejected = result.json()["rejected"]
    assert len(rejected) == 1
    assert "token_convention: anthropic" in rejected[0]["reason"]
    assert rejected[0]["rows"] == 7 and rejected[0]["first_rows"] == "1, 2, 3, 4, 5"


def test_anthropic_convention_adds_cache_tokens_to_input(run, pricing, tmp_path):
    (tmp_path / "llmcost.yaml").write_text("token_convention: anthropic\n")
    r = row("2025-03-01T00:00:00Z", "claude-sonnet-4", 10, 100, cached_input_tokens=500, cache_write_tokens=20)
    result = run("cpi", write_log(tmp_path / "log.csv", [r]), "--pricing", pricing(), "-f", "json")
    expected = (10 * D(3) + 500 * D("0.3") + 20 * D("3.75") + 100 * D(15)) / M
    assert result.json()[0]["cost"] == pytest.approx(float(expected), rel=1e-12)


def test_validate_shows_logged_vs_repriced(run, pricing, tmp_path):
    log = write_log(tmp_path / "log.csv", [row(cost=0.004), row(cost=0.004)])
    got = run("validate", log, "--pricing", pricing(), "-f", "json").json()
    diff = got["logged_cost"][0]
    assert diff["model"] == "gpt-4o"
    assert diff["difference"] == pytest.approx(2 * 0.0035 - 0.008)


def test_canonical_frame_is_lazy(tmp_path):
    from llmcost.config import Config
    from llmcost.load import load

    log = load([str(write_log(tmp_path / "log.csv", ROWS))], Config())
    assert isinstance(log.frame, pl.LazyFrame)


def test_duplicates_found_the_same_way_when_the_id_check_spills(run, pricing, tmp_path, monkeypatch):
    import llmcost.load

    monkeypatch.setattr(llmcost.load, "BIG_INPUT", 0)  # every input counts as big: hashes go to disk
    rows = [row(request_id="a", output_tokens=10), row(request_id="b"), row(request_id="a", output_tokens=100)]
    result = run("cpi", write_log(tmp_path / "log.csv", rows), "--pricing", pricing(), "-f", "json")
    assert result.json()[0]["inferences"] == 2 and "duplicates 1" in result.err
    assert result.json()[0]["cost"] == pytest.approx(float(2 * (1000 * D("2.5") + 100 * D(10)) / M))


def test_warns_when_the_anthropic_convention_meets_openai_style_data(run, pricing, tmp_path):
    (tmp_path / "llmcost.yaml").write_text("token_convention: anthropic\n")
    openai_style = [row(input_tokens=5000, cached_input_tokens=4000) for _ in range(12)]
    result = run("cpi", write_log(tmp_path / "log.csv", openai_style), "--pricing", pricing())
    assert "token_convention is anthropic, but in 12 of 12 rows" in result.err
    anthropic_style = [row(input_tokens=3, cached_input_tokens=4000) for _ in range(12)]
    quiet = run("cpi", write_log(tmp_path / "log2.csv", anthropic_style), "--pricing", pricing())
    assert "token_convention is anthropic" not in quiet.err


@pytest.mark.parametrize("zone", ["+05:30", "-03:00", "America/New_York", "Asia/Kolkata"])
def test_parquet_timestamps_with_any_zone_are_read_as_utc(run, pricing, tmp_path, zone):
    """pandas writes offset datetimes with a fixed-offset zone, which Polars used to panic on."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    instants = [dt.datetime(2026, 5, 31, 20, 0, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)]
    table = pa.table(
        {
            "timestamp": pa.array(instants, pa.timestamp("us", tz=zone)),
            "model": ["gpt-4o"] * 2,
            "input_tokens": [1000, 1000],
            "output_tokens": [0, 0],
        }
    )
    pq.write_table(table, tmp_path / "log.parquet")
    result = run("cpi", "log.parquet", "--pricing", pricing(), "-f", "json")
    assert result.code == 0, result.err
    assert [(r["period"], r["inferences"]) for r in result.json()] == [("2026-05", 1), ("2026-06", 1)]


def test_epoch_numbers_written_as_text_take_the_fast_path_and_agree(run, pricing, tmp_path):
    """JSON strings holding epoch numbers (and one ISO row past the sniffed sample) read the
    same as the numbers themselves; the sniffer picks the epoch reading for such text."""
    from llmcost.columns import EPOCH_TEXT, sniff_epoch

    assert sniff_epoch(pl.Series([" 1777629600", "1777629600000", None])) == EPOCH_TEXT
    assert sniff_epoch(pl.Series(["2026-05-01T10:00:00Z", "1777629600"])) is None
    texts = ["1777629600", "1777629600000", "1777629600.5", "20260501"] * 200 + ["2026-05-01T10:00:00Z"]
    numbers = [float(t) if "." in t else int(t) for t in texts[:-1]] + texts[-1:]
    as_text, as_numbers = tmp_path / "text.jsonl", tmp_path / "num.jsonl"
    for path, stamps in ((as_text, texts), (as_numbers, numbers)):
        path.write_text("".join(json.dumps(row(t, request_id=f"r{i}")) + "\n" for i, t in enumerate(stamps)))
    a = run("validate", as_text, "--pricing", pricing(), "-f", "json").json()["summary"][0]
    b = run("validate", as_numbers, "--pricing", pricing(), "-f", "json").json()["summary"][0]
    assert a["priced"] == b["priced"] == len(texts) and a["rejected"] == 0
    assert (a["first"], a["last"]) == (b["first"], b["last"])
    assert a["first"].startswith("2026-05-01T00:00:00") and a["last"].startswith("2026-05-01T10:00:00.5")


def test_the_row_account_adds_up_the_same_everywhere(run, pricing, tmp_path):
    """read = outside + priced + unpriced + rejected + duplicates + skipped, with `priced` counting the
    rows priced at their logged cost too (given apart), in validate, the report and the Python API."""
    import llmcost

    rows = [
        row("2026-05-01T00:00:00Z", model="m", request_id="a"),
        row("2026-05-01T00:00:00Z", request_id="a"),
        row("2026-05-02T00:00:00Z", model="mystery", cost=0.5),
        row("2026-05-03T00:00:00Z", model="mystery"),
        row("not a date"),
        row("2026-05-20T00:00:00Z", model="m"),
    ]
    log = write_log(tmp_path / "log.csv", rows)
    path = pricing()
    summary = run("validate", log, "--pricing", path, "--until", "2026-05-10", "-f", "json").json()["summary"][0]
    expected = {
        "read": 6,
        "outside_window": 1,
        "priced": 2,
        "priced_at_logged_cost": 1,
        "unpriced": 1,
        "rejected": 1,
        "duplicates": 1,
        "skipped": 0,
    }
    assert {k: summary[k] for k in expected} == expected
    parts = ("outside_window", "priced", "unpriced", "rejected", "duplicates", "skipped")
    assert sum(expected[k] for k in parts) == expected["read"]
    report = run("report", log, "--pricing", path, "--until", "2026-05-10", "-f", "json").json()["accounting"][0]
    assert {k: report[k] for k in expected} == expected
    api = llmcost.open_logs(str(log), pricing=str(path), until="2026-05-10").account
    assert {k: api[k] for k in expected} == expected
