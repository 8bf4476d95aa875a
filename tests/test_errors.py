"""Bad input: one `error:` line naming file, line and key; exit 2; never a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import one_error, row, write_log

GOOD = "models:\n  m: {input: 1, output: 2}\n"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("models:\n  m: {input: -1, output: 2}\n", ["line 2", "models.m.input must be ≥ 0"]),
        (
            "models:\n  m:\n    input: 1\n    output: 2\n    outptu: 3\n",
            ["line 5", "unknown key 'outptu'", "did you mean 'output'"],
        ),
        (
            "models:\n  m:\n    prices:\n      - {from: 2026-01-01, input: 1, output: 1}\n"
            "      - {from: 2026-01-01, input: 2, output: 2}\n",
            ["line 5", "overlaps"],
        ),
        (
            "models:\n  m:\n    input: 1\n    output: 1\n    tiers:\n      - {input: 2}\n",
            ["line 6", "no 'above_input_tokens'"],
        ),
        ("models:\n  m: {input: 1, output: 2\n", ["pricing.yaml", "line"]),
        ("models:\n\tm: {input: 1, output: 2}\n", ["line 2", "'\\t'"]),
        ("models:\n  m: {input: 1, output: 2}\n  m: {input: 1, output: 3}\n", ["line 3", "duplicate key 'm'"]),
        ("models:\n  m: !!python/object/apply:os.system [echo hi]\n", ["line 2", "constructor"]),
        ("models:\n  m: {input: 1}\n", ["line 2", "no 'output' price"]),
        ("unit: per_token\nmodels:\n  m: {input: 1, output: 2}\n", ["line 1", "unit must be"]),
        ("models:\n  m: {input: 1, output: 2, batch_discount: 50}\n", ["fraction"]),
        (
            "models:\n  m: {input: 1, output: 2}\nfixed_costs:\n  - {name: gpu, monthly: 9, models: [n]}\n",
            ["line 4", "'n' is not a model"],
        ),
        (
            "models:\n  a: {input: 1, output: 2, match: ['x*']}\n  b: {input: 1, output: 2, match: ['x*']}\n",
            ["also matched"],
        ),
        ("", ["empty pricing file"]),
    ],
)
def test_bad_pricing_files(run, pricing, tmp_path, text, needles):
    log = write_log(tmp_path / "log.csv", [row(model="m")])
    one_error(run("cpi", log, "--pricing", pricing(text)), "pricing.yaml", *needles)


def test_missing_file(run, pricing):
    one_error(run("cpi", "/nonexistent.csv", "--pricing", pricing(GOOD)), "/nonexistent.csv", "no such file")


def test_empty_file(run, pricing, tmp_path):
    (tmp_path / "empty.csv").write_text("")
    one_error(run("cpi", tmp_path / "empty.csv", "--pricing", pricing(GOOD)), "empty.csv", "empty")


def test_no_recognisable_columns(run, pricing, tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    one_error(
        run("cpi", tmp_path / "x.csv", "--pricing", pricing(GOOD)),
        "x.csv",
        "missing columns timestamp",
        "output_tokens",
        "columns:",
    )


def test_glob_matching_nothing(run, pricing, tmp_path):
    one_error(run("cpi", str(tmp_path / "*.csv"), "--pricing", pricing(GOOD)), "no log files match")


def test_empty_stdin(run, pricing):
    one_error(run("cpi", "-", "--pricing", pricing(GOOD), stdin=b""), "standard input is empty")


def test_a_named_pricing_file_that_is_missing(run, tmp_path):
    """No pricing file at all is fine (the bundled list prices the run: tests/test_no_setup.py);
    one that was named but is not there is an error."""
    log = write_log(tmp_path / "log.csv", [row(model="m")])
    one_error(run("cpi", log, "--pricing", "missing.yaml"), "missing.yaml: no such file")


def test_bad_option_value(run, pricing, tmp_path):
    log = write_log(tmp_path / "log.csv", [row(model="m")])
    one_error(run("cpi", log, "--pricing", pricing(GOOD), "--period", "year"), "--period")
    one_error(run("cpi", log, "--pricing", pricing(GOOD), "--since", "May"), "--since")


def test_bad_config(run, pricing, tmp_path):
    (tmp_path / "llmcost.yaml").write_text("pricng: p.yaml\n")
    one_error(run("cpi"), "llmcost.yaml, line 1", "did you mean 'pricing'")


def test_json_that_is_not_an_array(run, pricing, tmp_path):
    (tmp_path / "log.json").write_text('{"timestamp": "2026-01-01"}')
    one_error(run("cpi", tmp_path / "log.json", "--pricing", pricing(GOOD)), "log.json", "array")
