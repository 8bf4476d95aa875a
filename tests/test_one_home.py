"""One home per helper (issue 15, item 4): the first line of an exception, did-you-mean, the next
month, the table-file reader and the preset names each live in one module that every caller uses."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from llmcost.customers import load_customers, load_spend
from llmcost.dates import month_range, next_month
from llmcost.errors import LlmcostError, did_you_mean, first_line
from llmcost.invoice import load_invoice
from llmcost.preset_names import PRESET_NAMES
from llmcost.presets import PRESETS, FieldPath, Preset
from llmcost.revenue import load_revenue
from llmcost.tablefile import reading


def test_first_line_keeps_only_the_first_line():
    exc = pl.exceptions.ComputeError("  could not parse 'x'\n\nThis error occurred with the following context …\n")
    assert first_line(exc) == "could not parse 'x'"


def test_first_line_of_an_empty_message_names_the_exception():
    assert first_line(ValueError("  \n")) == "ValueError"
    assert first_line(ValueError(""), empty="") == ""


def test_did_you_mean_hint_or_nothing():
    assert did_you_mean("opnai", ["openai", "anthropic"]) == " (did you mean 'openai'?)"
    assert did_you_mean(5, ["openai"]) == ""
    assert did_you_mean("zzz", ("a", "b"), otherwise=" (one of a, b)") == " (one of a, b)"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 1)),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 1)),
        (dt.datetime(2026, 12, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_next_month_is_the_first_of_the_following_month(day, expected):
    assert next_month(day) == expected
    assert type(next_month(day)) is type(day)


def test_month_range_crosses_the_year():
    assert month_range(dt.date(2025, 11, 20), dt.date(2026, 2, 3)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert month_range(dt.date(2026, 3, 2), dt.date(2026, 2, 1)) == []


def test_preset_names_are_the_presets_in_order():
    """`--preset`'s help lists PRESET_NAMES (no Polars at start-up); a preset added to PRESETS alone
    would be missing from the help."""
    assert tuple(PRESETS) == PRESET_NAMES


def test_preset_help_lists_every_preset(run):
    result = run("cpi", "--help")
    flat = " ".join(result.out.split())
    assert all(name in flat for name in PRESETS), flat


def test_field_path_is_the_preset_field_type():
    assert Preset.__dataclass_fields__["sums_in"].type == "FieldPath"
    assert FieldPath == tuple[str, ...]


def test_reading_turns_library_errors_into_one_line():
    with pytest.raises(LlmcostError, match=r"^f\.csv: cannot read: bad row$"), reading("f.csv"):
        raise pl.exceptions.ComputeError("bad row\nmore context")
    with pytest.raises(LlmcostError, match=r"^f\.csv: cannot read: Permission denied$"), reading("f.csv"):
        raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize("load", [load_customers, load_spend, load_invoice])
def test_a_polars_error_without_a_message_is_one_error_line(load, tmp_path, monkeypatch):
    """It was an IndexError (a traceback) where three readers took the first line by hand."""
    path = tmp_path / "f.csv"
    path.write_text("a,b\n1,2\n")

    def fail(*args, **kwargs):
        raise pl.exceptions.ComputeError("")

    monkeypatch.setattr(pl, "read_csv", fail)
    with pytest.raises(LlmcostError, match=r"f\.csv: cannot read: ComputeError$"):
        load(str(path))


@pytest.mark.parametrize(
    ("load", "advice"),
    [
        (load_customers, "give a CSV or Parquet file with columns customer_id, signup_date, churn_date"),
        (load_spend, "give a CSV or Parquet file with columns month, spend"),
        (load_invoice, "export the costs as CSV (month, model, cost)"),
        (
            load_revenue,
            "name it .json (a mapping of customers to amounts, or a list of rows), or give CSV, Parquet or YAML",
        ),
    ],
)
def test_json_under_a_csv_name_is_refused_with_each_files_advice(load, advice, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('[{"a": 1}]\n')
    with pytest.raises(LlmcostError) as caught:
        load(str(path))
    assert str(caught.value) == f"{path}: looks like JSON; {advice}"
