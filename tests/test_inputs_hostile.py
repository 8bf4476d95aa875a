"""Hostile configuration, price, revenue, customers, spend and invoice files (issue 13, round two):
YAML bombs refused before they expand, YAML values PyYAML cannot build named by line, ids read
as the text written (trimmed, case kept) on every input, and every wrong type an `error:` line."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmcost.config import load_config
from llmcost.errors import LlmcostError
from llmcost.yamlfile import load_yaml
from tests.conftest import one_error

PRICES = "models:\n  m: {input: 1, output: 2}\n"  # dollars per million tokens
TS = "2026-05-10T00:00:00Z"


def billion_laughs(indent: str = "") -> str:
    """The classic bomb: 'lol' ×10 at level a, then eight levels of ten aliases of the level
    before: 10⁹ 'lol's, over 3 GB of text once expanded, in under 400 bytes."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 10) + "]"]
    lines += [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    return "".join(f"{indent}{line}\n" for line in lines)


def customers_log(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    """A CSV log of (customer_id, input_tokens, output_tokens) rows of model m, written by Polars
    (it quotes what needs quoting, so any id survives the round trip)."""
    pl.DataFrame(
        {
            "timestamp": [TS] * len(rows),
            "model": ["m"] * len(rows),
            "input_tokens": [r[1] for r in rows],
            "output_tokens": [r[2] for r in rows],
            "customer_id": [r[0] for r in rows],
        }
    ).write_csv(path)
    return path


def revenue_of(result) -> dict[str, float]:
    assert result.code in (0, 1), result.err
    return {r["customer_id"]: r["revenue"] for r in result.json()}


# --- YAML bombs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "indent", "extra", "line"),
    [
        # The guard trips at level e: aliases of b, c, d add 10×11 + 10×111 + 10×1,111 = 12,330
        # values, e's ten aliases of d add 10×11,111 more, past 100,000.
        ("llmcost.yaml", "", "", [], 5),
        ("r.yaml", "", "", ["--revenue", "r.yaml"], 5),
        ("p.yaml", "models:\n  m:\n    input: 1\n    output: 2\n    checked:\n", "      ", [], 10),
    ],
    ids=["config", "revenue", "pricing checked"],
)
def test_billion_laughs_fails_fast(run, tmp_path, name, head, indent, extra, line):
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / name).write_text(head + billion_laughs(indent))
    log = customers_log(tmp_path / "l.csv", [("c", 10, 5)])
    start = time.perf_counter()
    result = run("customers", log, "--pricing", "p.yaml", *extra)
    elapsed = time.perf_counter() - start
    one_error(result, f"{name}, line {line}: aliases expand to more than 100,000 values")
    assert elapsed < 2, f"took {elapsed:.1f} s"


def test_alias_limit_is_exact(tmp_path):
    """An anchored list of 999 scalars is 1,000 values: 100 aliases of it add 100,000 (allowed),
    101 add 101,000 (refused, naming the line of the list holding the aliases)."""
    anchor = "a: &a [" + ", ".join(["x"] * 999) + "]\n"
    ok, bomb = tmp_path / "ok.yaml", tmp_path / "bomb.yaml"
    ok.write_text(anchor + "b: [" + ", ".join(["*a"] * 100) + "]\n")
    bomb.write_text(anchor + "\nb: [" + ", ".join(["*a"] * 101) + "]\n")
    data = load_yaml(ok)
    assert len(data["b"]) == 100 and all(item is data["a"] for item in data["b"])
    with pytest.raises(LlmcostError, match=r"bomb\.yaml, line 3: aliases expand to more than 100,000 values"):
        load_yaml(bomb)


@pytest.mark.parametrize(
    "text", ["a: &a [1, *a]\n", "a: &a {b: *a}\n", "a: &a\n  - b: *a\n"], ids=["list", "mapping", "list of mappings"]
)
def test_recursive_alias_is_refused(tmp_path, text):
    (tmp_path / "r.yaml").write_text(text)
    with pytest.raises(LlmcostError, match=r"r\.yaml, line \d: an alias refers to the list or mapping that holds it"):
        load_yaml(tmp_path / "r.yaml")


def test_ordinary_aliases_and_merge_keys_price_as_written(run, tmp_path):
    """Shared prices through an anchor, and a merge key whose own `output` overrides the merged
    one (YAML's merge rule; the duplicate-key check used to refuse it)."""
    (tmp_path / "p.yaml").write_text("models:\n  m: &std {input: 1, output: 2}\n  n: {<<: *std, output: 3}\n")
    log = tmp_path / "l.csv"
    log.write_text(f"timestamp,model,input_tokens,output_tokens\n{TS},m,1000,500\n{TS},n,1000,500\n")
    result = run("cpi", log, "--pricing", "p.yaml", "-f", "json")
    assert result.code == 0, result.err
    # m: 1,000 × $1/M + 500 × $2/M; n: 1,000 × $1/M + 500 × $3/M
    million = Decimal(1_000_000)
    want = (1000 * Decimal(1) + 500 * Decimal(2) + 1000 * Decimal(1) + 500 * Decimal(3)) / million
    assert result.json()[0]["cost"] == pytest.approx(float(want), rel=1e-12)


# --- values PyYAML cannot build, unreadable files -------------------------------------------


def test_impossible_date_names_the_line(run, tmp_path):
    (tmp_path / "p.yaml").write_text(
        "models:\n  m:\n    prices:\n      - {from: 2026-01-01, input: 1, output: 2}\n"
        "      - {from: 2026-02-30, input: 1, output: 3}\n"
    )
    log = customers_log(tmp_path / "l.csv", [("c", 10, 5)])
    one_error(
        run("cpi", log, "--pricing", "p.yaml"),
        "p.yaml, line 5: '2026-02-30' is not a valid date",
        "write a real date (YYYY-MM-DD)",
    )


@pytest.mark.parametrize("option", ["--pricing", "--revenue", "--config"])
def test_a_folder_given_as_a_file(run, tmp_path, option):
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "folder.yaml").mkdir()
    log = customers_log(tmp_path / "l.csv", [("c", 10, 5)])
    args = ["--pricing", "p.yaml", option, "folder.yaml"] if option != "--pricing" else [option, "folder.yaml"]
    one_error(run("customers", log, *args), "folder.yaml: is a folder, not a file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_permission_denied(run, tmp_path):
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "p.yaml").chmod(0)
    log = customers_log(tmp_path / "l.csv", [("c", 10, 5)])
    one_error(run("cpi", log, "--pricing", "p.yaml"), "p.yaml: cannot read: permission denied")


# --- ids: the text as written, surrounding whitespace removed, case kept ------------------

# Every character Python or Rust calls whitespace, and neighbours of the bounds the fast paths test
# (the space and "!", the last ASCII byte and the first two-byte character), among ordinary text.
EDGES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + " !\x7f\x80\xa0\xffa7.é€😀"


SPACES = st.text(alphabet=st.sampled_from([c for c in EDGES if c.isspace()]), max_size=2)
PADDED_NUMBERS = st.tuples(SPACES, st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{1,3})?", fullmatch=True), SPACES).map("".join)
ANY_TEXT = st.text(alphabet=st.sampled_from(EDGES) | st.characters(exclude_categories=("Cs",)), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), PADDED_NUMBERS, ANY_TEXT)))
def test_ids_and_numbers_read_only_the_cells_that_need_it_as_if_every_cell_were_stripped(cells):
    """identifier() and the float parser strip only the cells that may need it: the same as
    stripping every cell, on any text."""
    from llmcost.columns import _float, identifier

    frame = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    x = pl.col("x")
    plain = x.str.strip_chars()
    got = frame.select(identifier(x).alias("id"), _float(x, pl.String).alias("number"))
    want = frame.select(
        pl.when(plain.str.len_bytes() > 0).then(plain).alias("id"), plain.cast(pl.Float64, strict=False).alias("number")
    )
    assert got.equals(want)


YAML_1_1_KEYS = ["0123", "1.10", "true", "no", "null", "~", "0x1F", "1_000", "2026-05-01", "1e3", ".inf"]


@pytest.mark.parametrize("shape", ["flat", "rows"])
def test_revenue_yaml_ids_are_the_text_written(run, tmp_path, shape):
    """YAML 1.1 reads these keys as 83, 1.1, True, False, None, None, 31, 1000, a date, 1000.0 and
    inf; as customer ids they are the text written."""
    (tmp_path / "p.yaml").write_text(PRICES)
    log = customers_log(tmp_path / "l.csv", [(k, 10, 5) for k in YAML_1_1_KEYS])
    amounts = {k: i + 1 for i, k in enumerate(YAML_1_1_KEYS)}
    if shape == "flat":
        text = "".join(f"{k}: {v}\n" for k, v in amounts.items())
    else:
        text = "".join(f"- customer_id: {k}\n  revenue: {v}\n" for k, v in amounts.items())
    (tmp_path / "r.yaml").write_text(text)
    got = revenue_of(run("customers", log, "--pricing", "p.yaml", "--revenue", "r.yaml", "-f", "json"))
    assert got == {k: float(v) for k, v in amounts.items()}


def test_config_use_case_keys_are_the_text_written(tmp_path):
    (tmp_path / "c.yaml").write_text("use_cases: {0123: chat, 1.10: rag, ' faq ': classification}\n")
    assert load_config(str(tmp_path / "c.yaml")).use_cases == {"0123": "chat", "1.10": "rag", "faq": "classification"}


def test_padded_log_id_meets_its_revenue_and_is_flagged(run, tmp_path):
    """The issue's case: 'acme ' in the logs, 'acme' in the revenue file. Cost 2,500,000 input
    tokens × $1/M = $2.50 against $1.00 revenue: margin (1 − 2.5) / 1 = −150 %, flagged."""
    (tmp_path / "p.yaml").write_text(PRICES)
    log = customers_log(tmp_path / "l.csv", [("acme ", 2_500_000, 0)])
    (tmp_path / "r.csv").write_text("customer_id,revenue\nacme,1\n")
    result = run("flag-customers", log, "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "json")
    assert result.code == 1, result.err
    [flagged] = result.json()
    assert flagged["customer_id"] == "acme"
    assert Decimal(str(flagged["gross_margin"])) == (Decimal(1) - Decimal("2.5")) / Decimal(1)


PAD = st.text(alphabet=" \t", max_size=3)
CORE = st.text(alphabet="aAbB0123._-", min_size=1, max_size=6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.lists(st.tuples(CORE, PAD, PAD, PAD, PAD), min_size=1, max_size=5, unique_by=lambda t: t[0]),
    yaml_file=st.booleans(),
)
def test_any_padded_id_matches_the_same_id_in_the_other_file(run, tmp_path, ids, yaml_file):
    """Property: with any surrounding spaces or tabs on either side, a log id meets the revenue of
    the same id; ids differing only by case ('a', 'A') stay two customers."""
    (tmp_path / "p.yaml").write_text(PRICES)
    log = customers_log(tmp_path / "l.csv", [(a + core + b, 10, 5) for core, a, b, _, _ in ids])
    amounts = {core: i + 1 for i, (core, *_) in enumerate(ids)}
    if yaml_file:  # keys in double quotes (JSON strings are YAML), so the padding is part of the key
        name = "r.yaml"
        text = "".join(f"{json.dumps(c + core + d)}: {amounts[core]}\n" for core, _, _, c, d in ids)
    else:
        name = "r.csv"
        frame = pl.DataFrame(
            {
                "customer_id": [c + core + d for core, _, _, c, d in ids],
                "revenue": [str(amounts[core]) for core, *_ in ids],
            }
        )
        text = frame.write_csv()
    (tmp_path / name).write_text(text)
    got = revenue_of(run("customers", log, "--pricing", "p.yaml", "--revenue", name, "-f", "json"))
    assert got == {core: float(v) for core, v in amounts.items()}


def test_ids_matching_only_by_case_are_named(run, tmp_path):
    """Seven revenue ids differ from log ids only by case: the warning counts seven and names the
    first five in sorted order; the customers file from llmcost.yaml is checked the same way."""
    (tmp_path / "p.yaml").write_text(PRICES)
    logged = ["a1", "b2", "c3", "d4", "e5", "f6", "g7", "same"]
    log = customers_log(tmp_path / "l.csv", [(k, 10, 5) for k in logged])
    (tmp_path / "r.csv").write_text(
        "customer_id,revenue\n" + "".join(f"{k.upper()},1\n" for k in logged[:7]) + "same,1\n"
    )
    (tmp_path / "c.csv").write_text("customer_id,signup_date\nSame,2026-01-01\n")
    (tmp_path / "llmcost.yaml").write_text("customers: c.csv\n")
    result = run("customers", log, "--pricing", "p.yaml", "--revenue", "r.csv", "-f", "csv")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: 7 customer ids in r.csv match ids in the logs only by case (ids are case-sensitive, so they are "
        "not joined): 'A1' (logs: 'a1'), 'B2' (logs: 'b2'), 'C3' (logs: 'c3'), 'D4' (logs: 'd4'), "
        "'E5' (logs: 'e5') and 2 more; to join them, set 'customer_id_match: case-insensitive' in llmcost.yaml",
        "warning: 1 customer ids in c.csv match ids in the logs only by case (ids are "
        "case-sensitive, so they are not joined): 'Same' (logs: 'same'); to join them, set "
        "'customer_id_match: case-insensitive' in llmcost.yaml",
    ]


# --- customers, spend and invoice files -------------------------------------------------------

SPEND = "month,spend\n2026-01,100\n"
CUSTOMERS = "customer_id,signup_date\nc1,2026-01-05\n"


@pytest.mark.parametrize(
    ("customers", "spend", "needles"),
    [
        ("folder", SPEND, ["c.csv: is a folder, not a file"]),
        (
            '[{"customer_id": "c1", "signup_date": "2026-01-05"}]',
            SPEND,
            ["c.csv: looks like JSON", "customer_id, signup_date"],
        ),
        (
            "customer_id,signup_date\nc1,2026-01-05\n c1 ,2026-01-06\n",
            SPEND,
            ["c.csv, row 2, column customer_id: customer c1 appears twice"],
        ),
        (
            "customer_id,signup_date\nc1,2026-01-05\n  ,2026-01-06\n",
            SPEND,
            ["c.csv, row 2, column customer_id: customer_id is empty"],
        ),
        (CUSTOMERS, "month,spend\n2026-01,NaN\n", ["s.csv, row 1, column spend: 'NaN' is not a finite amount"]),
        (CUSTOMERS, "month,spend\n2026-01,inf\n", ["s.csv, row 1, column spend: 'inf' is not a finite amount"]),
        (CUSTOMERS, "month,spend\n2026-01,5\n2026-02,1e400\n", ["s.csv, row 2, column spend: '1e400'"]),
        (CUSTOMERS, "month,spend\n2026-01,1e308\n", ["s.csv, row 1, column spend: '1e308' is above 10^15"]),
        (CUSTOMERS, "folder", ["s.csv: is a folder, not a file"]),
        (CUSTOMERS, "[1, 2]", ["s.csv: looks like JSON"]),
        ("binary", SPEND, ["c.csv: cannot read"]),
    ],
    ids=[
        "customers folder",
        "customers JSON",
        "customer twice once trimmed",
        "empty customer id",
        "spend NaN",
        "spend inf",
        "spend 1e400",
        "spend 1e308",
        "spend folder",
        "spend JSON",
        "customers binary",
    ],
)
def test_bad_customers_and_spend_files(run, tmp_path, customers, spend, needles):
    for name, text in (("c.csv", customers), ("s.csv", spend)):
        if text == "folder":
            (tmp_path / name).mkdir()
        elif text == "binary":
            (tmp_path / name).write_bytes(bytes(range(256)) * 4)
        else:
            (tmp_path / name).write_text(text)
    one_error(run("cac", "--customers", "c.csv", "--spend", "s.csv", "--as-of", "2026-06-01"), *needles)


def test_nested_parquet_column_in_customers(run, tmp_path):
    pl.DataFrame({"customer_id": [["c1"]], "signup_date": ["2026-01-05"]}).write_parquet(tmp_path / "c.parquet")
    (tmp_path / "s.csv").write_text(SPEND)
    one_error(
        run("cac", "--customers", "c.parquet", "--spend", "s.csv"),
        "c.parquet: column customer_id holds List(String) values, not one value per row",
    )


@pytest.mark.parametrize(
    ("invoice", "needles"),
    [
        (
            "month,model,cost\n2026-05,m,1\n2026-05,m,NaN\n",
            ["i.csv, line 3, column cost: 'NaN' is not a finite amount"],
        ),
        ("month,model,cost\n2026-05,m,1e400\n", ["i.csv, line 2, column cost: '1e400' is not a finite amount"]),
        ("month,model,cost\n2026-05,m,1e308\n2026-05,m,1e308\n", ["i.csv, line 2, column cost: '1e308'"]),
        ("month,model,cost\n2026-05,m,-2e15\n", ["i.csv, line 2, column cost: '-2e15' is beyond ±10^15"]),
        ("folder", ["i.csv: is a folder, not a file"]),
        ('[{"month": "2026-05", "model": "m", "cost": 1}]', ["i.csv: looks like JSON"]),
    ],
    ids=["cost NaN", "cost 1e400", "cost 1e308 twice", "cost -2e15", "folder", "JSON"],
)
def test_bad_invoice_files(run, tmp_path, invoice, needles):
    (tmp_path / "p.yaml").write_text(PRICES)
    log = customers_log(tmp_path / "l.csv", [("c", 10, 5)])
    if invoice == "folder":
        (tmp_path / "i.csv").mkdir()
    else:
        (tmp_path / "i.csv").write_text(invoice)
    one_error(run("reconcile", log, "--pricing", "p.yaml", "--invoice", "i.csv"), *needles)
