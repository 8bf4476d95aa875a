"""`llmcost cpi my-logs/` in any folder, with no pricing file: the bundled list of list prices.

The list ships as package data (llmcost/data/prices.yaml). Expected costs are worked out here
with Decimal from the list's own figures, read as plain YAML (not through llmcost's loader),
for calls whose prices the list states directly: no call is above a long-context threshold,
and each service tier used has its own prices in the list.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import shutil
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal as D
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, ROOT, row, write_log

M = D(1_000_000)
LIST_FILE = ROOT / "llmcost" / "data" / "prices.yaml"
RATES = ("input", "cached_input", "cache_write", "cache_write_1h", "output")


@cache
def listed() -> dict[str, Any]:
    return yaml.safe_load(LIST_FILE.read_text(encoding="utf-8"))


def checked() -> str:
    """The list's date: its newest `checked:`."""
    return max(str(node["checked"]) for node in listed()["models"].values())


def figures(entry: str, tier: str = "standard", day: str | None = None) -> dict[str, D]:
    """The list's five prices for a call below every long-context threshold: the version in force
    on `day`, unnamed prices following input, then the service tier's own prices (a price it
    does not name stays at the standard one)."""
    node = listed()["models"][entry]
    version = node
    if "prices" in node:
        version = [v for v in node["prices"] if day is None or str(v["from"]) <= day][-1]
    rates = {k: D(repr(version[k])) for k in RATES if k in version}
    rates.setdefault("cached_input", rates["input"])
    rates.setdefault("cache_write", rates["input"])
    rates.setdefault("cache_write_1h", rates["cache_write"])
    if tier != "standard":
        special = (version.get("service_tiers") or node.get("service_tiers") or {})[tier]
        assert isinstance(special, dict), f"{entry} {tier}: a multiplier, not prices of its own"
        rates.update({k: D(repr(special[k])) for k in RATES if k in special})
    return rates


def cost(
    rates: dict[str, D], uncached: int, cached: int = 0, write_5m: int = 0, write_1h: int = 0, output: int = 0
) -> D:
    return (
        uncached * rates["input"]
        + cached * rates["cached_input"]
        + write_5m * rates["cache_write"]
        + write_1h * rates["cache_write_1h"]
        + output * rates["output"]
    ) / M


def openai_log(folder: Path) -> tuple[Path, D]:
    """Three OpenAI calls (a dated snapshot name, batch, flex with cache reads) and their cost."""
    log = write_log(
        folder / "calls.csv",
        [
            row(
                "2026-05-01T10:00:00Z",
                "gpt-4o-2024-08-06",
                10_000,
                1_000,
                cached_input_tokens=4_000,
                service_tier="standard",
            ),
            row("2026-05-02T10:00:00Z", "gpt-4.1-mini", 20_000, 3_000, cached_input_tokens=0, service_tier="batch"),
            row("2026-05-03T10:00:00Z", "gpt-5", 5_000, 2_000, cached_input_tokens=1_000, service_tier="flex"),
        ],
    )
    expected = (
        cost(figures("gpt-4o"), 6_000, cached=4_000, output=1_000)
        + cost(figures("gpt-4.1-mini", "batch"), 20_000, output=3_000)
        + cost(figures("gpt-5", "flex"), 4_000, cached=1_000, output=2_000)
    )
    return log, expected


def token_cost(result) -> float:
    assert result.code == 0, result.err
    return sum(r["token_cost"] for r in result.json())


def test_a_csv_log_in_an_empty_folder_is_priced_from_the_bundled_list(run, tmp_path):
    log, expected = openai_log(tmp_path)
    assert figures("gpt-4o")["input"] == D("2.50") and figures("gpt-5", "flex")["output"] == D("5.00")
    result = run("cpi", log.name, "-f", "json")
    assert token_cost(result) == pytest.approx(float(expected), rel=1e-12)
    assert all(r["fixed_cost"] == 0 and r["amortized_cost"] == 0 for r in result.json())
    label = f"bundled list {checked()}"
    assert f"prices: bundled list checked {checked()} (3 models)" in result.err
    assert "no pricing file" in result.err
    digest = hashlib.sha256(LIST_FILE.read_bytes()).hexdigest()[:8]
    assert f"priced 3 (3 from the {label}) · unpriced 0" in result.err
    assert f"pricing {label}@{digest}" in result.err


def test_a_claude_code_log_with_its_preset(run, tmp_path):
    """Anthropic convention, 5-minute and 1-hour cache writes, streaming lines of one request."""
    shutil.copy(DATA / "claude_code_slice.jsonl", tmp_path / "session.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "session.jsonl").read_text().splitlines()]
    final = {line["requestId"]: line for line in lines}  # the last line of a request is its usage
    entries = {
        "claude-opus-4-6": "claude-opus-4-6",
        "claude-haiku-4-5-20251001": "claude-haiku-4-5",
        "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    }
    expected = D(0)
    for line in final.values():
        usage, model = line["message"]["usage"], line["message"]["model"]
        one_hour = usage.get("cache_creation", {}).get("ephemeral_1h_input_tokens", 0)
        prompt = usage["input_tokens"] + usage["cache_read_input_tokens"] + usage["cache_creation_input_tokens"]
        assert prompt <= 200_000  # below every long-context tier of the list
        expected += cost(
            figures(entries[model], day=line["timestamp"][:10]),
            usage["input_tokens"],
            cached=usage["cache_read_input_tokens"],
            write_5m=usage["cache_creation_input_tokens"] - one_hour,
            write_1h=one_hour,
            output=usage["output_tokens"],
        )
    result = run("cpi", "session.jsonl", "--preset", "claude-code", "-f", "json")
    assert token_cost(result) == pytest.approx(float(expected), rel=1e-12)
    models = len({line["message"]["model"] for line in final.values()})
    assert f"prices: bundled list checked {checked()} ({models} models)" in result.err
    assert f"duplicates {len(lines) - len(final)}" in result.err


@pytest.mark.parametrize("text", ["models: {}\n", "currency: USD\nunit: per_1m_tokens\n", "models:\n"])
def test_a_pricing_file_with_no_models_is_valid(run, pricing, tmp_path, text):
    """Prices then come from the bundled list; the file still counts (no `prices:` line)."""
    log, expected = openai_log(tmp_path)
    pricing(text)
    result = run("cpi", log, "-f", "json")
    assert token_cost(result) == pytest.approx(float(expected), rel=1e-12)
    assert f"priced 3 (3 from the bundled list {checked()})" in result.err and "pricing pricing.yaml@" in result.err
    assert "prices:" not in result.err


def test_fixed_costs_come_from_the_users_file_and_may_name_a_listed_model(run, pricing, tmp_path):
    log, _ = openai_log(tmp_path)
    pricing("fixed_costs:\n  - {name: reserved, monthly: 30, models: [gpt-4o]}\n")
    got = {r["model"]: r["fixed_cost"] for r in run("cpi", log, "--by", "model", "-f", "json").json()}
    assert got == {"gpt-4o": pytest.approx(30.0), "gpt-4.1-mini": 0.0, "gpt-5": 0.0}


def test_a_users_entry_overrides_the_bundled_one(run, pricing, tmp_path):
    """Same name: the user's entry replaces the bundled one whole, its `match:` names too (the
    snapshot name is then unpriced, not list-priced beside a negotiated price). A glob of the
    user's beats a bundled entry's exact name."""
    pricing(
        "models:\n  gpt-4o: {input: 2.00, output: 8.00}\n"
        "  house-4.1: {match: ['gpt-4.1*'], input: 0.30, output: 1.20}\n"
    )
    log = write_log(
        tmp_path / "calls.csv",
        [
            row("2026-05-01T10:00:00Z", "gpt-4o", 10_000, 1_000, customer_id="ours"),
            row("2026-05-01T10:00:00Z", "gpt-4o-2024-08-06", 10_000, 1_000, customer_id="snapshot"),
            row("2026-05-01T10:00:00Z", "gpt-4.1-mini", 10_000, 1_000, customer_id="glob"),
            row("2026-05-01T10:00:00Z", "gpt-4o-mini", 10_000, 1_000, customer_id="listed"),
        ],
    )
    result = run("cpi", log, "--by", "customer", "-f", "json")
    got = {r["customer_id"]: r["token_cost"] for r in result.json()}
    assert got["ours"] == pytest.approx(float((10_000 * D(2) + 1_000 * D(8)) / M), rel=1e-12)
    assert got["glob"] == pytest.approx(float((10_000 * D("0.30") + 1_000 * D("1.20")) / M), rel=1e-12)
    assert got["listed"] == pytest.approx(float(cost(figures("gpt-4o-mini"), 10_000, output=1_000)), rel=1e-12)
    assert "snapshot" not in got or got["snapshot"] is None
    assert "'gpt-4o-2024-08-06' (1)" in result.err and "no price in pricing.yaml or the bundled list" in result.err
    check = {r["model"]: r["source"] for r in run("pricing", "check", log, "-f", "json").json()}
    assert check == {
        "gpt-4o": "pricing.yaml",
        "gpt-4.1-mini": "pricing.yaml",
        "gpt-4o-mini": f"bundled list {checked()}",
        "gpt-4o-2024-08-06": "unknown",
    }


@pytest.mark.parametrize(
    ("text", "priced"),
    [
        ("bundled: false\nmodels: {m: {input: 1, output: 1}}\n", False),  # turned off: the file alone
        ("currency: EUR\nmodels: {}\n", False),  # USD list prices in a EUR book: never
        ("bundled: true\nmodels: {}\n", True),
    ],
)
def test_the_bundled_list_can_be_turned_off(run, pricing, tmp_path, text, priced):
    log, expected = openai_log(tmp_path)
    pricing(text)
    result = run("cpi", log, "-f", "json")
    if priced:
        assert token_cost(result) == pytest.approx(float(expected), rel=1e-12)
    else:
        assert result.code == 2 and "nothing priced: every row is unpriced" in result.err


def test_a_file_priced_per_1k_tokens_gets_list_prices_in_its_unit(run, pricing, tmp_path):
    log, expected = openai_log(tmp_path)
    pricing("unit: per_1k_tokens\nmodels: {}\n")
    assert token_cost(run("cpi", log, "-f", "json")) == pytest.approx(float(expected), rel=1e-12)
    shown = run("pricing", "show", "gpt-4o", "-f", "json").json()[0]
    assert shown["input"] == pytest.approx(float(figures("gpt-4o")["input"] / 1000), rel=1e-12)


def test_bundled_false_must_be_a_boolean(run, pricing, tmp_path):
    log, _ = openai_log(tmp_path)
    pricing("bundled: 'no'\n")
    result = run("cpi", log)
    assert result.code == 2 and "pricing.yaml, line 1: bundled must be true or false, not 'no'" in result.err


def test_the_bundled_list_holds_list_prices_only():
    """No fixed or amortized costs, no company's outcomes, no self-hosted or fine-tuned model: those
    come only from a file the user chose. One home for each price: no entry in both files."""
    assert set(listed()) == {"currency", "unit", "models"}
    assert listed()["currency"] == "USD" and listed()["unit"] == "per_1m_tokens"
    sample = yaml.safe_load((ROOT / "pricing.yaml").read_text(encoding="utf-8"))
    assert not set(sample["models"]) & set(listed()["models"])
    assert {"fixed_costs", "amortized", "outcomes"} <= set(sample)
    for name, node in listed()["models"].items():
        assert "list price" in node["source"] and "not a list price" not in node["source"], name


@contextmanager
def another_list(folder: Path) -> Iterator[None]:
    """Run with `folder`/data/prices.yaml as the package's bundled list (read afresh, then forgotten)."""
    from llmcost import pricing as module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importlib.resources, "files", lambda package: folder)
        module._bundled.cache_clear()
        try:
            yield
        finally:
            module._bundled.cache_clear()


def test_the_loader_refuses_costs_in_the_bundled_list(run, tmp_path):
    """Even a list edited by mistake cannot bring fixed costs into someone's figures."""
    (tmp_path / "data").mkdir()
    text = LIST_FILE.read_text(encoding="utf-8") + "fixed_costs:\n  - {name: x, monthly: 10}\n"
    (tmp_path / "data" / "prices.yaml").write_text(text, encoding="utf-8")
    log, _ = openai_log(tmp_path)
    with another_list(tmp_path):
        result = run("cpi", log)
    assert result.code == 2 and "unknown key 'fixed_costs' in the bundled price list" in result.err


def test_a_broken_install_without_the_list_is_one_error_line(run, pricing, tmp_path):
    """No traceback; and a file that turns the list off does not need it."""
    log, _ = openai_log(tmp_path)
    alone = pricing("bundled: false\nmodels: {g: {match: ['gpt-*'], input: 1, output: 1}}\n", name="own.yaml")
    with another_list(tmp_path / "nowhere"):
        missing = run("cpi", log)
        own = run("cpi", log, "--pricing", alone)
    assert missing.code == 2 and missing.err.startswith("error: the bundled price list is missing from this install")
    assert len(missing.err.splitlines()) == 1
    assert own.code == 0, own.err


def test_the_pricing_hash_covers_the_bundled_list(run, pricing, tmp_path):
    """The same pricing.yaml over another list prices otherwise: the hash must say so."""
    log, _ = openai_log(tmp_path)
    pricing("models: {m: {input: 1, output: 1}}\n")
    before = run("cpi", log).err.rsplit("pricing pricing.yaml@", 1)[1].strip()
    (tmp_path / "data").mkdir()
    text = LIST_FILE.read_text(encoding="utf-8").replace("input: 2.50\n", "input: 2.40\n", 1)
    (tmp_path / "data" / "prices.yaml").write_text(text, encoding="utf-8")
    with another_list(tmp_path):
        after = run("cpi", log).err.rsplit("pricing pricing.yaml@", 1)[1].strip()
    assert len(before) == len(after) == 8 and before != after
    own_file = pricing("bundled: false\nmodels: {g: {match: ['gpt-*'], input: 1, output: 1}}\n", name="own.yaml")
    alone = run("cpi", log, "--pricing", own_file.name)
    own = hashlib.sha256((tmp_path / "own.yaml").read_bytes()).hexdigest()[:8]
    assert alone.err.strip().endswith(f"pricing own.yaml@{own}")  # the file alone: its own hash, as before


def test_pricing_show_lists_every_layer_with_its_source(run, pricing):
    pricing("models: {house: {input: 1, output: 2}}\n")
    rows = run("pricing", "show", "-f", "json").json()
    sources = {r["entry"]: r["source"] for r in rows}
    assert sources.pop("house") == "pricing.yaml"
    assert sources == {name: f"bundled list {checked()}" for name in listed()["models"]}
    assert rows[0]["entry"] == "house"  # in the order they are asked


def test_the_list_ships_as_package_data():
    """What an installed llmcost finds (importlib.resources), and what the wheel is told to ship."""
    resource = importlib.resources.files("llmcost") / "data" / "prices.yaml"
    assert resource.is_file() and resource.read_bytes() == LIST_FILE.read_bytes()
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "data/prices.yaml" in setup["package-data"]["llmcost"]


def test_catalog_prices_are_in_the_files_unit_too(run, pricing, tmp_path):
    """--catalog beside a file priced per 1K tokens: genai-prices' figures are per million."""
    import datetime as dt

    from genai_prices import Usage, calc_price

    when = "2026-05-01T10:00:00Z"
    log = write_log(tmp_path / "calls.csv", [row(when, "claude-opus-4-7", 10_000, 1_000)])
    pricing("unit: per_1k_tokens\nmodels: {house: {input: 0.001, output: 0.002}}\n")
    result = run("cpi", log, "--catalog", "-f", "json")
    moment = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    expected = calc_price(
        Usage(input_tokens=10_000, output_tokens=1_000), "claude-opus-4-7", genai_request_timestamp=moment
    ).total_price
    assert "from genai-prices" in result.err
    assert token_cost(result) == pytest.approx(float(expected), rel=1e-12)


def test_no_log_named_points_at_the_logs_in_the_folder(run, tmp_path):
    """`llmcost report` with nothing named, in a folder holding a log: the error names the log and
    the one command that saves the setup; hidden files and unrelated files are not offered."""
    shutil.copy(DATA / "claude_code_slice.jsonl", tmp_path / "session.jsonl")
    (tmp_path / ".hidden.csv").write_text("x\n")
    (tmp_path / "notes.txt").write_text("x\n")
    result = run("report")
    line = result.err.strip()
    assert result.code == 2 and line.startswith("error: no logs given")
    assert "(here: session.jsonl)" in line and "'llmcost init session.jsonl' writes one" in line
    assert run("report", "session.jsonl").code == 0
