"""Service tiers, dated long-context tiers and catalog imports: the prices a call gets as of its date.

Expected figures come from genai-prices' own `calc_price` on the same data llmcost reads with
`--catalog`, and by hand with Decimal from the prices the test writes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import yaml
from genai_prices import Usage, calc_price

from llmcost.pricing import load_pricing
from tests.conftest import DATA, row, write_log

M = D(1_000_000)
ONE_MODEL = "bundled: false\nmodels:\n  not-in-these-logs: {input: 1, output: 1}\n"  # --catalog prices the rest


def costs(result) -> dict[str, float]:
    """token_cost per customer (each test row is its own customer)."""
    assert result.code == 0, result.err
    return {r["customer_id"]: r["token_cost"] for r in result.json()}


def reference(model: str, when: str, tokens: tuple[int, int, int], context: dict[str, str] | None = None) -> D:
    """genai-prices' own price of one call: (input incl. cache reads, cache reads, output)."""
    moment = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    usage = Usage(input_tokens=tokens[0], cache_read_tokens=tokens[1], output_tokens=tokens[2])
    return calc_price(usage, model, genai_request_timestamp=moment, price_context=context).total_price


@pytest.mark.parametrize(
    ("tier", "context", "by_hand"),
    [
        ("standard", None, (D(2), D("0.5"), D(8))),
        ("batch", {"processing": "batch"}, (D(1), D("0.5"), D(4))),
        ("priority", {"service_tier": "priority"}, (D("3.5"), D("0.875"), D(14))),
    ],
)
def test_catalog_prices_service_tiers_as_of_the_call(run, pricing, tmp_path, tier, context, by_hand):
    """genai-prices has gpt-4.1's batch and priority prices from October 2026 on: a batch call is
    half price (not 2× too dear), a priority call 75 % dearer (not 43 % too cheap)."""
    when, tokens = "2026-11-02T10:00:00Z", (10_000, 4_000, 1_000)
    log = write_log(
        tmp_path / "log.csv",
        [
            row(
                when,
                "gpt-4.1",
                tokens[0],
                tokens[2],
                cached_input_tokens=tokens[1],
                service_tier=tier,
                customer_id=tier,
            )
        ],
    )
    got = costs(run("cpi", log, "--by", "customer", "--pricing", pricing(ONE_MODEL), "--catalog", "-f", "json"))
    rate_in, rate_cached, rate_out = by_hand
    expected = ((tokens[0] - tokens[1]) * rate_in + tokens[1] * rate_cached + tokens[2] * rate_out) / M
    assert expected == reference("gpt-4.1", when, tokens, context)
    assert got[tier] == pytest.approx(float(expected), rel=1e-12)


def test_catalog_service_tier_before_its_date_is_standard(run, pricing, tmp_path):
    """Before the catalog's variant starts, genai-prices prices a flex call at standard rates:
    --catalog follows the catalog as of each call's date (the README lists this disagreement)."""
    when, tokens = "2026-09-01T00:00:00Z", (2_000_000, 0, 100_000)
    log = write_log(
        tmp_path / "log.csv", [row(when, "o3", tokens[0], tokens[2], service_tier="flex", customer_id="flex")]
    )
    got = costs(run("cpi", log, "--by", "customer", "--pricing", pricing(ONE_MODEL), "--catalog", "-f", "json"))
    assert got["flex"] == pytest.approx(float(reference("o3", when, tokens, {"service_tier": "flex"})), rel=1e-12)
    assert got["flex"] == pytest.approx(float((tokens[0] * D(2) + tokens[2] * D(8)) / M), rel=1e-12)


@pytest.mark.parametrize(("when", "tiered"), [("2026-03-12T23:59:59Z", True), ("2026-03-13T00:00:00Z", False)])
def test_catalog_long_context_tier_ends_on_its_date(run, pricing, tmp_path, when, tiered):
    """claude-opus-4-6's long-context tier ends on 2026-03-13 in genai-prices: a call after it
    is priced at the base rates however long its prompt."""
    tokens = (300_000, 0, 2_000)
    log = write_log(tmp_path / "log.csv", [row(when, "claude-opus-4-6", tokens[0], tokens[2], customer_id="c")])
    got = costs(run("cpi", log, "--by", "customer", "--pricing", pricing(ONE_MODEL), "--catalog", "-f", "json"))
    expected = reference("claude-opus-4-6", when, tokens)
    base = (tokens[0] * D(5) + tokens[2] * D(25)) / M
    assert (expected != base) is tiered
    assert got["c"] == pytest.approx(float(expected), rel=1e-12)


def test_pricing_show_says_what_applies_on_the_date(run, pricing):
    path = pricing(ONE_MODEL)
    before = run(
        "pricing", "show", "claude-opus-4-6", "--date", "2026-03-12", "--pricing", path, "--catalog", "-f", "json"
    ).json()[0]
    after = run(
        "pricing", "show", "claude-opus-4-6", "--date", "2026-03-13", "--pricing", path, "--catalog", "-f", "json"
    ).json()[0]
    assert before["tiers"].startswith("above 200,000:") and after["tiers"] == ""
    gpt = run("pricing", "show", "gpt-4.1", "--date", "2026-11-01", "--pricing", path, "--catalog", "-f", "json")
    assert "priority: input 3.5" in gpt.json()[0]["service_tiers"]


DATED = """\
models:
  m:
    tiers: [{above_input_tokens: 100000, input: 4}]
    service_tiers: {priority: {input: 3, output: 12, tiers: [{above_input_tokens: 100000, input: 6}]}}
    prices:
      - {from: 2026-01-01, input: 2, output: 8}
      - {from: 2026-06-01, input: 1, output: 4, tiers: [], service_tiers: {flex: 0.5}}
"""


@pytest.mark.parametrize(
    ("when", "tier", "tokens", "rates"),
    [
        ("2026-05-01", "standard", 100_000, (2, 8)),  # exactly at the threshold: base
        ("2026-05-01", "standard", 100_001, (4, 8)),  # just above: the tier names input only
        ("2026-05-01", "priority", 50_000, (3, 12)),
        ("2026-05-01", "priority", 150_000, (6, 12)),  # the service tier's own long-context price
        ("2026-05-01", "flex", 50_000, (2, 8)),  # no flex entry yet: standard
        ("2026-07-01", "standard", 150_000, (1, 4)),  # this version has no tiers
        ("2026-07-01", "flex", 150_000, (D("0.5"), 2)),  # … and flex at half
        ("2026-07-01", "priority", 150_000, (1, 4)),  # … and no priority entry
    ],
)
def test_versions_carry_their_own_tiers_and_service_tiers(run, pricing, tmp_path, when, tier, tokens, rates):
    log = write_log(
        tmp_path / "log.csv", [row(f"{when}T00:00:00Z", "m", tokens, 1_000, service_tier=tier, customer_id="c")]
    )
    got = costs(run("cpi", log, "--by", "customer", "--pricing", pricing(DATED), "-f", "json"))
    expected = (tokens * D(rates[0]) + 1_000 * D(rates[1])) / M
    assert got["c"] == pytest.approx(float(expected), rel=1e-12)


def test_import_from_litellm_keeps_flex_priority_batch_and_cache_write_tiers(run, tmp_path):
    litellm = DATA / "litellm_slice.json"
    out = yaml.safe_load(
        run("pricing", "import", litellm, "--from", "litellm", "--models", "gemini-2.5-pro", "--models", "gpt-4o").out
    )["models"]
    gemini = out["gemini-2.5-pro"]
    # no `_above_200k_tokens_flex` keys: LiteLLM scales the long-context prices by flex's ratio per key
    assert gemini["service_tiers"]["flex"] == {
        "input": 0.625,
        "output": 5.0,
        "cached_input": 0.125,
        "tiers": [{"above_input_tokens": 200000, "input": 1.25, "output": 7.5, "cached_input": 0.25}],
    }
    assert gemini["service_tiers"]["priority"]["tiers"] == [
        {"above_input_tokens": 200000, "input": 4.5, "output": 27.0, "cached_input": 0.45}
    ]
    assert "cache_write" not in gemini["tiers"][0]  # no base write price: LiteLLM never charges this one
    assert out["gpt-4o"]["service_tiers"]["batch"] == {"input": 1.25, "output": 5.0}
    path = tmp_path / "imported.yaml"
    path.write_text(yaml.safe_dump({"models": out}))
    load_pricing(path)


def test_import_from_litellm_cache_write_prices_above_200k(run, tmp_path):
    """LiteLLM's `cache_creation_input_token_cost_above_200k_tokens` and `…_above_1hr_above_200k_tokens`."""
    source = tmp_path / "prices.json"
    source.write_text(
        '{"m": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,'
        ' "cache_creation_input_token_cost": 3.75e-06,'
        ' "cache_creation_input_token_cost_above_1hr": 6e-06,'
        ' "input_cost_per_token_above_200k_tokens": 6e-06,'
        ' "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,'
        ' "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05}}'
    )
    out = yaml.safe_load(run("pricing", "import", source, "--from", "litellm", "--models", "m").out)["models"]["m"]
    assert out["tiers"] == [{"above_input_tokens": 200000, "input": 6.0, "cache_write": 7.5, "cache_write_1h": 12.0}]


@pytest.mark.parametrize("source", ["litellm", "genai-prices"])
def test_import_of_a_name_the_file_lacks_is_an_error_with_a_hint(run, source):
    path = DATA / ("litellm_slice.json" if source == "litellm" else "genai_prices_slice.json")
    result = run("pricing", "import", path, "--from", source, "--models", "gpt-4o-mimi")
    assert result.code == 2 and result.out == ""
    assert "no model 'gpt-4o-mimi'" in result.err and "did you mean 'gpt-4o-mini'" in result.err


@pytest.mark.parametrize(
    ("when", "tier", "tokens", "write_rate"),
    [
        ("2026-05-01", "standard", 50_000, D(2)),
        ("2026-05-01", "standard", 150_000, D(4)),  # the long-context input price
        ("2026-05-01", "flex", 50_000, D(1)),  # flex's own input price
        ("2026-05-01", "flex", 150_000, D(3)),  # flex's own long-context input price
        ("2026-05-01", "batch", 50_000, D(1)),  # a multiplier: half of standard
    ],
)
def test_prices_never_given_follow_the_calls_own_input_price(run, pricing, tmp_path, when, tier, tokens, write_rate):
    """A model with no cache-write price: its writes cost the input price of the call itself —
    long-context and service tier included — as genai-prices and LiteLLM charge them."""
    prices = """\
models:
  w:
    input: 2
    output: 8
    tiers: [{above_input_tokens: 100000, input: 4}]
    service_tiers:
      flex: {input: 1, tiers: [{above_input_tokens: 100000, input: 3}]}
      batch: 0.5
"""
    log = write_log(
        tmp_path / "log.csv",
        [row(f"{when}T00:00:00Z", "w", tokens, 0, cache_write_tokens=10_000, service_tier=tier, customer_id="c")],
    )
    got = costs(run("cpi", log, "--by", "customer", "--pricing", pricing(prices), "-f", "json"))
    assert got["c"] == pytest.approx(float(tokens * write_rate / M), rel=1e-12)  # writes and the rest alike
