"""llmcost's prices against two independent reference calculators, call by call.

Every model of the repository's price files (the list bundled with the package,
`llmcost/data/prices.yaml`, and the sample's `pricing.yaml` over it) is priced on a grid of
calls — plain, cache read, 5-minute and 1-hour cache writes, reasoning, exactly at and just
above each long-context threshold, batch, flex and priority (also above each threshold) — on
the day its prices were checked and on the days before and after each dated price change
(the files' and the calculators'). The grid is read from the files at run time, so a
refreshed price file is checked without editing this test. The same calls are priced by:

* llmcost, end to end: one CSV log, one `llmcost cpi --by customer` run per leg, a customer
  per grid cell;
* genai-prices' `calc_price` (pydantic/genai-prices, the `catalog` extra);
* LiteLLM's `cost_per_token`, and its batch calculator for batch calls (the `litellm`
  package, read offline: LITELLM_LOCAL_MODEL_COST_MAP=True before it is imported).

Legs: llmcost with the bundled prices (the sample's pricing.yaml, layered over the bundled
list) against both calculators; with `--catalog` against genai-prices (the catalog is its
data); with the entries `pricing import` writes from each calculator's own data against that
calculator. The last legs turn the bundled list off (`bundled: false`), so that they price
with the calculator's data alone. Each cell must agree to 1e-9 relative.

Where a calculator is itself wrong, KNOWN_DISAGREEMENTS says so, with the provider's
published price and where it is published. The tolerance is never loosened instead: in the
bundled leg a listed cell must still disagree with the calculator (else the entry is stale
and fails), and llmcost must charge exactly the published price, worked out here with
`Decimal` from the table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from genai_prices import Usage as GenaiUsage
from genai_prices import calc_price
from genai_prices import data as genai_data
from genai_prices import types as genai_types
from genai_prices.data_snapshot import get_snapshot

from tests.conftest import ROOT, Result, write_log

# LiteLLM fetches its price map over the network at import (and waits ~10 s offline) unless
# told to use the copy it ships; set before the session fixture imports it.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

# ~15 s of CPU (6 s of it importing LiteLLM), over 20 s on a shared 2-core machine
pytestmark = pytest.mark.slow

BUNDLED = ROOT / "llmcost" / "data" / "prices.yaml"
SAMPLE = ROOT / "pricing.yaml"  # the sample company's own entries, priced over the bundled list
REL_TOL = 1e-9
ABS_TOL = 1e-15  # only matters for a cost of exactly zero
MILLION = Decimal(1_000_000)
SERVICE_TIERS = ("batch", "flex", "priority")


@dataclass(frozen=True)
class Tokens:
    """One call's tokens, in llmcost's log convention."""

    input: int  # ALL input tokens: cache reads and writes included
    output: int  # reasoning included
    cached: int = 0
    write: int = 0  # all cache writes
    write_1h: int = 0  # the part of `write` that went to the 1-hour cache
    reasoning: int = 0

    def by_rate(self) -> dict[str, int]:
        """Tokens per price: what each of llmcost's five prices is multiplied by."""
        return {
            "input": self.input - self.cached - self.write,
            "cached_input": self.cached,
            "cache_write": self.write - self.write_1h,
            "cache_write_1h": self.write_1h,
            "output": self.output,
        }


# Below every long-context threshold; each kind of token on its own, then all of them at once
# (the service-tier calls), so that every price of every tier is exercised.
SCENARIOS = {
    "plain": Tokens(12_000, 1_500),
    "cache_read": Tokens(12_000, 700, cached=9_000),
    "write_5m": Tokens(12_000, 700, write=8_000),
    "write_1h": Tokens(12_000, 700, write=8_000, write_1h=5_000),
    "reasoning": Tokens(3_000, 9_000, reasoning=7_000),
}
MIXED = Tokens(12_000, 1_500, cached=5_000, write=3_000, write_1h=1_000, reasoning=500)


def long_prompt(total: int) -> Tokens:
    """A prompt of `total` input tokens, a quarter cache reads and a tenth writes: the threshold
    counts ALL input tokens, so a calculator that compares only the uncached part shows."""
    return Tokens(total, 2_000, cached=total // 4, write=total // 10, write_1h=total // 20, reasoning=500)


@dataclass(frozen=True)
class Cell:
    """One call of the grid: a model (entry of a price file) × scenario × day."""

    entry: str
    model: str  # the name logged, and given to the calculators
    scenario: str
    day: dt.date
    tier: str  # standard, batch, flex or priority
    tokens: Tokens
    above: int | None = None  # the long-context threshold the prompt is above

    @property
    def key(self) -> str:
        return f"{self.entry}|{self.scenario}|{self.day.isoformat()}"


@dataclass(frozen=True)
class Published:
    """A provider's published prices, USD per million tokens, for calls to one model in some
    service tiers, above a long-context threshold (None: below every one), between two days."""

    model: str  # the price-file entry
    tiers: tuple[str, ...]  # service tiers these prices are for
    above: int | None
    prices: dict[str, float | None]
    source: str
    since: dt.date | None = None  # first day; None: from the start
    until: dt.date | None = None  # first day no longer; None: still

    def applies(self, cell: Cell) -> bool:
        return (
            cell.entry == self.model
            and cell.tier in self.tiers
            and (self.above or 0) <= (cell.above or 0)
            and _within(cell.day, self.since, self.until)
        )


@dataclass(frozen=True)
class Disagreement:
    """Calls a calculator prices otherwise than the provider publishes (see PUBLISHED)."""

    calculator: str  # "genai-prices" or "litellm"
    models: tuple[str, ...]  # price-file entries (globs)
    scenarios: tuple[str, ...]  # grid scenarios (globs)
    since: dt.date | None  # first day; None: from the start
    until: dt.date | None  # first day no longer; None: still
    why: str  # what the calculator does instead

    def covers(self, calculator: str, cell: Cell) -> bool:
        return (
            calculator == self.calculator
            and _globbed(cell.entry, self.models)
            and _globbed(cell.scenario, self.scenarios)
            and _within(cell.day, self.since, self.until)
        )


def _globbed(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, g) for g in globs)


def _within(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day < until)


OPENAI = "https://platform.openai.com/docs/pricing"  # Standard, Batch, Flex, Priority and Fine-tuning tables
ANTHROPIC = "https://docs.anthropic.com/en/docs/about-claude/pricing"  # model table, long context, batch
GOOGLE = "https://ai.google.dev/gemini-api/docs/pricing"  # Standard, Batch, Flex and Priority per model
# o3 at launch (2025-04-16, cut 80 % on 2025-06-10): OpenAI's table then, as transcribed in stored
# pages, and its flex launch ($5/$20, "the rates already established for the Batch API")
O3_LAUNCH = (
    "https://platform.openai.com/docs/pricing as of 2025-05 ($10 / $2.50 cached / $40); flex and batch: "
    "https://thetechportal.com/2025/04/18/openai-launches-flex-processing-api-option-for-cheaper-but-"
    "slower-ai-tasks"
)
NOT_BATCH = ("standard", "flex", "priority")
GEMINI_TIERS = dt.date(2026, 4, 1)  # Gemini API flex and priority inference launched
OPUS_46_GA = dt.date(2026, 3, 13)  # Opus 4.6's 1M context went GA at standard prices
O3_CUT = dt.date(2025, 6, 10)


def openai(input: float, cached: float | None, output: float) -> dict[str, float | None]:
    """OpenAI charges no cache writes: written tokens are input tokens."""
    return {"input": input, "cached_input": cached, "cache_write": input, "cache_write_1h": input, "output": output}


def anthropic(input: float, output: float) -> dict[str, float | None]:
    """Anthropic's published multipliers of the base input price: cache reads 0.1×, 5-minute writes
    1.25×, 1-hour writes 2× — the same for batch and long-context prices, which they stack with."""
    return {
        "input": input,
        "cached_input": input / 10,
        "cache_write": input * 1.25,
        "cache_write_1h": input * 2,
        "output": output,
    }


def google(input: float, cached: float, output: float) -> dict[str, float | None]:
    """Gemini's caching charges no writes: written tokens are input tokens."""
    return openai(input, cached, output)


def _openai(
    model: str,
    batch: tuple[float, float | None, float],
    flex: tuple[float, float, float] | None,
    priority: tuple[float, float, float] | None,
    since: dt.date | None = None,
) -> list[Published]:
    """One OpenAI model's batch, flex and priority tables. Its Batch table gives no cached-input
    price before GPT-5 ("-": caching does not discount those batch calls): a batch call's cached
    tokens then keep the standard cached price, as both calculators have it (`batch[1]`)."""
    rows = [Published(model, ("batch",), None, openai(*batch), OPENAI, since)]
    rows += [
        Published(model, (tier,), None, openai(*prices), OPENAI, since)
        for tier, prices in (("flex", flex), ("priority", priority))
        if prices
    ]
    return rows


# The providers' own figures for the calls in KNOWN_DISAGREEMENTS (and only those); None where the
# provider publishes none (a call needing it is then an error of this table, not a pass).
PUBLISHED: tuple[Published, ...] = (
    *_openai("gpt-4o", (1.25, 1.25, 5.00), None, (4.25, 2.125, 17.00)),
    *_openai("gpt-4o-2024-05-13", (2.50, 2.50, 7.50), None, (8.75, 8.75, 26.25)),
    *_openai("gpt-4o-mini", (0.075, 0.075, 0.30), None, (0.25, 0.125, 1.00)),
    *_openai("gpt-4.1", (1.00, 0.50, 4.00), None, (3.50, 0.875, 14.00)),
    *_openai("gpt-4.1-mini", (0.20, 0.10, 0.80), None, (0.70, 0.175, 2.80)),
    *_openai("gpt-4.1-nano", (0.05, 0.025, 0.20), None, (0.20, 0.05, 0.80)),
    *_openai("gpt-5", (0.625, 0.0625, 5.00), (0.625, 0.0625, 5.00), (2.50, 0.25, 20.00)),
    *_openai("gpt-5.1", (0.625, 0.0625, 5.00), (0.625, 0.0625, 5.00), (2.50, 0.25, 20.00)),
    *_openai("gpt-5-mini", (0.125, 0.0125, 1.00), (0.125, 0.0125, 1.00), (0.45, 0.045, 3.60)),
    *_openai("gpt-5-nano", (0.025, 0.0025, 0.20), (0.025, 0.0025, 0.20), None),
    *_openai("o3", (1.00, 0.50, 4.00), (1.00, 0.25, 4.00), (3.50, 0.875, 14.00), since=O3_CUT),
    *_openai("o4-mini", (0.55, 0.275, 2.20), (0.55, 0.138, 2.20), (2.00, 0.50, 8.00)),
    # o3 before its cut. No stored page gives a launch flex cached-input price, nor a priority
    # price before the cut: cached tokens keep the standard cached price (as OpenAI's batch table
    # of the time had it, "-"), and priority calls the standard price — the bundled list's reading.
    Published("o3", ("standard", "priority"), None, openai(10.00, 2.50, 40.00), O3_LAUNCH, until=O3_CUT),
    Published("o3", ("batch", "flex"), None, openai(5.00, 2.50, 20.00), O3_LAUNCH, until=O3_CUT),
    # fine-tuned gpt-4o-mini-2024-07-18; no flex or priority tier for fine-tuned models: standard
    Published("ft-support-v2", NOT_BATCH, None, openai(0.30, 0.15, 1.20), OPENAI),
    Published("ft-support-v2", ("batch",), None, openai(0.15, 0.075, 0.60), OPENAI),
    Published("claude-opus-4-1", NOT_BATCH, None, anthropic(15.00, 75.00), ANTHROPIC),
    Published("claude-opus-4-1", ("batch",), None, anthropic(7.50, 37.50), ANTHROPIC),
    Published("claude-opus-4-5", ("batch",), None, anthropic(2.50, 12.50), ANTHROPIC),
    Published("claude-opus-4-6", ("batch",), None, anthropic(2.50, 12.50), ANTHROPIC),
    Published("claude-opus-4-6", NOT_BATCH, 200_000, anthropic(10.00, 37.50), ANTHROPIC, until=OPUS_46_GA),
    Published("claude-opus-4-6", ("batch",), 200_000, anthropic(5.00, 18.75), ANTHROPIC, until=OPUS_46_GA),
    Published("claude-sonnet-4", NOT_BATCH, None, anthropic(3.00, 15.00), ANTHROPIC),
    Published("claude-sonnet-4", ("batch",), None, anthropic(1.50, 7.50), ANTHROPIC),
    Published("claude-sonnet-4", NOT_BATCH, 200_000, anthropic(6.00, 22.50), ANTHROPIC),
    Published("claude-sonnet-4", ("batch",), 200_000, anthropic(3.00, 11.25), ANTHROPIC),
    Published("claude-sonnet-4-5", ("batch",), None, anthropic(1.50, 7.50), ANTHROPIC),
    Published("claude-sonnet-4-5", NOT_BATCH, 200_000, anthropic(6.00, 22.50), ANTHROPIC),
    Published("claude-sonnet-4-5", ("batch",), 200_000, anthropic(3.00, 11.25), ANTHROPIC),
    Published("claude-haiku-4-5", ("batch",), None, anthropic(0.50, 2.50), ANTHROPIC),
    Published("claude-3-5-haiku", NOT_BATCH, None, anthropic(0.80, 4.00), ANTHROPIC),
    Published("claude-3-5-haiku", ("batch",), None, anthropic(0.40, 2.00), ANTHROPIC),
    # Gemini: batch and flex halve input and output, priority is 1.8×; cached input is not
    # discounted in batch or flex (and 1.8× in priority)
    Published("gemini-2.5-pro", ("batch", "flex"), None, google(0.625, 0.125, 5.00), GOOGLE),
    Published("gemini-2.5-pro", ("batch", "flex"), 200_000, google(1.25, 0.25, 7.50), GOOGLE),
    Published("gemini-2.5-pro", ("priority",), None, google(2.25, 0.225, 18.00), GOOGLE),
    Published("gemini-2.5-pro", ("priority",), 200_000, google(4.50, 0.45, 27.00), GOOGLE),
    Published("gemini-2.5-flash", ("batch", "flex"), None, google(0.15, 0.03, 1.25), GOOGLE),
    Published("gemini-2.5-flash", ("priority",), None, google(0.54, 0.054, 4.50), GOOGLE),
    Published("gemini-2.5-flash-lite", ("batch", "flex"), None, google(0.05, 0.01, 0.20), GOOGLE),
    Published("gemini-2.5-flash-lite", ("priority",), None, google(0.18, 0.018, 0.72), GOOGLE),
)

# OpenAI's models with a flex and with a priority tier (o3: since its price cut)
OPENAI_FLEX = ("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1", "o4-mini")
OPENAI_PRIORITY = (
    "gpt-4o",
    "gpt-4o-2024-05-13",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5.1",
    "o4-mini",
)
LITELLM_ZERO = ("claude-opus-4-1", "claude-sonnet-4")

# The calls on which a reference calculator is wrong. Each is checked both ways in the bundled
# leg: the calculator still disagrees (else delete the entry), and llmcost charges PUBLISHED.
KNOWN_DISAGREEMENTS: tuple[Disagreement, ...] = (
    # genai-prices
    Disagreement(
        "genai-prices",
        ("gpt-[0-9]*", "o4-*", "claude-*", "gemini-*"),
        ("batch*",),
        None,
        dt.date(2026, 10, 14),
        "batch prices (its processing=batch variants) only from 2026-10-14: "
        "earlier batch calls cost the standard price",
    ),
    Disagreement(
        "genai-prices", ("o3",), ("batch*",), None, dt.date(2026, 10, 14), "batch prices only from 2026-10-14"
    ),
    Disagreement(
        "genai-prices",
        ("o3",),
        ("cache_read",),
        None,
        O3_CUT,
        "o3's launch cached input at 0.50 (a twentieth of input); OpenAI's was 2.50",
    ),
    Disagreement(
        "genai-prices",
        OPENAI_FLEX,
        ("flex*",),
        None,
        dt.date(2026, 10, 12),
        "flex prices (its service_tier variants) only from 2026-10-12",
    ),
    Disagreement(
        "genai-prices",
        OPENAI_PRIORITY,
        ("priority*",),
        None,
        dt.date(2026, 10, 12),
        "priority prices (its service_tier variants) only from 2026-10-12",
    ),
    Disagreement(
        "genai-prices",
        ("o3",),
        ("flex*", "priority*"),
        O3_CUT,
        dt.date(2026, 10, 12),
        "flex and priority prices only from 2026-10-12",
    ),
    Disagreement(
        "genai-prices",
        ("o3",),
        ("flex*", "priority*"),
        None,
        O3_CUT,
        "no flex price before 2026-10-12, and o3's launch cached input at 0.50 (OpenAI's was 2.50)",
    ),
    Disagreement(
        "genai-prices",
        ("gemini-*",),
        ("flex*", "priority*"),
        GEMINI_TIERS,
        None,
        "no flex or priority prices for Gemini: such calls cost the standard price",
    ),
    Disagreement(
        "genai-prices",
        ("claude-opus-4-1", "claude-sonnet-4", "claude-3-5-haiku"),
        ("batch*",),
        None,
        None,
        "no batch prices for this model: batch calls cost the standard price",
    ),
    Disagreement(
        "genai-prices",
        ("claude-sonnet-4",),
        ("above_*", "flex_above_*", "priority_above_*"),
        None,
        None,
        "no long-context (above 200k) prices for claude-sonnet-4",
    ),
    Disagreement(
        "genai-prices",
        ("ft-support-v2",),
        ("*",),
        None,
        None,
        "calc_price raises LookupError for ft:gpt-4o-mini-… names: its OpenAI provider does not "
        "claim them, though its data has ft:gpt-4o-mini",
    ),
    # LiteLLM
    Disagreement(
        "litellm",
        LITELLM_ZERO,
        ("*",),
        None,
        None,
        "returns $0.00: the model is not in its price map, yet get_model_info answers for an "
        "Anthropic name with zero prices",
    ),
    Disagreement(
        "litellm",
        ("claude-3-5-haiku",),
        ("*",),
        None,
        None,
        "raises 'This model isn't mapped yet' (it has the model only as a Bedrock entry)",
    ),
    Disagreement(
        "litellm",
        ("o3",),
        ("plain", "cache_read", "write_*", "reasoning", "batch", "flex", "priority"),
        None,
        O3_CUT,
        "no price history: calls before the 2025-06-10 cut cost today's price",
    ),
    Disagreement(
        "litellm",
        ("claude-opus-4-6",),
        ("above_*", "flex_above_*", "priority_above_*"),
        None,
        OPUS_46_GA,
        "no price history: no long-context premium before the 1M context's GA on 2026-03-13",
    ),
    Disagreement(
        "litellm",
        ("claude-sonnet-4-5",),
        ("above_*", "flex_above_*", "priority_above_*"),
        None,
        None,
        "no long-context (above 200k) prices for claude-sonnet-4-5 (only on its Bedrock and Vertex entries)",
    ),
    Disagreement(
        "litellm",
        ("claude-*",),
        ("batch", "batch_above_*"),
        None,
        None,
        "its batch calculator prices 1-hour cache writes at the 5-minute batch rate (it has no "
        "cache_creation_input_token_cost_above_1hr_batches); claude-sonnet-4-5 above 200k has no "
        "long-context price either",
    ),
)

# Entries no public calculator can price, and why: the test checks that they still cannot.
NO_PUBLIC_PRICE = {
    "llama-3-70b": "self-hosted example: its price is your own GPU bill, no provider publishes it",
}

# Entries whose name is not a model id: the name a log would carry.
LOGGED_AS = {"ft-support-v2": "ft:gpt-4o-mini-2024-07-18:acme:support-v2:abc123"}


# --- the grid ---------------------------------------------------------------------------


def _yaml_models(*paths: Path) -> dict[str, dict[str, Any]]:
    """The entries of the price files (the bundled list and the sample's by default)."""
    out: dict[str, dict[str, Any]] = {}
    for path in paths or (BUNDLED, SAMPLE):
        out.update(yaml.safe_load(path.read_text(encoding="utf-8"))["models"])
    return out


def _tier_lists(node: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
    """Every `tiers:` list of an entry: its own, its dated versions' and its service tiers'."""
    for part in [node, *(node.get("prices") or [])]:
        yield part.get("tiers") or []
        for special in (part.get("service_tiers") or {}).values():
            if isinstance(special, dict):
                yield special.get("tiers") or []


def _yaml_thresholds(node: dict[str, Any]) -> set[int]:
    return {int(t["above_input_tokens"]) for tiers in _tier_lists(node) for t in tiers}


def _yaml_dates(node: dict[str, Any]) -> tuple[set[dt.date], set[dt.date]]:
    """(first day priced, price changes): no price is due the day before a model's first one."""
    days = sorted(dt.date.fromisoformat(str(v["from"])) for v in node.get("prices") or [])
    return set(days[:1]), set(days[1:])


def _genai_model(name: str) -> genai_types.ModelInfo | None:
    """The model genai-prices' calc_price would use for a logged name (None: it has none)."""
    try:
        return get_snapshot().find_provider_model(name, None, None, None)[1]
    except LookupError:
        return None


def _genai_price_sets(model: genai_types.ModelInfo) -> Iterator[tuple[genai_types.ModelPrice, Any]]:
    """(prices, constraint) for every dated price and price variant of a genai-prices model."""
    if isinstance(model.prices, list):
        yield from ((p.prices, p.constraint) for p in model.prices)
    else:
        yield model.prices, None
    yield from ((v.prices, v.constraint) for v in model.price_variants or [])


def _genai_thresholds(model: genai_types.ModelInfo | None) -> set[int]:
    if model is None:
        return set()
    return {
        tier.start
        for prices, _ in _genai_price_sets(model)
        for value in vars(prices).values()
        if isinstance(value, genai_types.TieredPrices)
        for tier in value.tiers
    }


def _genai_dates(model: genai_types.ModelInfo | None) -> set[dt.date]:
    if model is None:
        return set()
    return {c.start_date for _, c in _genai_price_sets(model) if isinstance(c, genai_types.StartDateConstraint)}


# LiteLLM's long-context prices of text tokens: `input_cost_per_token_above_200k_tokens` …
ABOVE = re.compile(
    r"^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
    r"|cache_creation_input_token_cost)_above_(\d+)k_tokens"
)


def _litellm_info(litellm: ModuleType, name: str) -> dict[str, Any] | None:
    """LiteLLM's price map entry for a logged name, as its cost functions look it up."""
    try:
        return dict(litellm.get_model_info(model=name))
    except Exception:  # LiteLLM raises a bare Exception for a model it does not map
        return None


def _litellm_thresholds(info: dict[str, Any] | None) -> set[int]:
    return {int(m.group(2)) * 1000 for k, v in (info or {}).items() if v is not None and (m := ABOVE.match(k))}


def _scenarios(thresholds: Iterable[int]) -> dict[str, tuple[str, Tokens, int | None]]:
    """Scenario name → (service tier, tokens, the threshold the prompt is above)."""
    out = {name: ("standard", tokens, None) for name, tokens in SCENARIOS.items()}
    out.update({tier: (tier, MIXED, None) for tier in SERVICE_TIERS})
    below: int | None = None
    for t in sorted(thresholds):
        out[f"at_{t}"] = ("standard", long_prompt(t), below)
        out[f"above_{t}"] = ("standard", long_prompt(t + 1), t)
        out.update({f"{tier}_above_{t}": (tier, long_prompt(t + 1), t) for tier in SERVICE_TIERS})
        below = t
    return out


def _days(checked: dt.date, first: set[dt.date], changes: set[dt.date]) -> list[dt.date]:
    """The day the prices were checked, the first day priced, and the day before and the day of
    each price change (not before the first day priced)."""
    start = min(first, default=dt.date.min)
    before = {d - dt.timedelta(days=1) for d in changes}
    return sorted(d for d in {checked, *first, *before, *changes} if d >= start)


def build_grid(litellm: ModuleType) -> list[Cell]:
    """Every model of the price files × scenario × day, read from the files as they are now."""
    models = _yaml_models()
    checked_days = [dt.date.fromisoformat(str(n["checked"])) for n in models.values() if n.get("checked")]
    default_day = max(checked_days, default=dt.date(2026, 11, 22))
    cells = []
    for entry, node in models.items():
        logged = LOGGED_AS.get(entry, entry)
        genai, info = _genai_model(logged), _litellm_info(litellm, logged)
        thresholds = _yaml_thresholds(node) | _genai_thresholds(genai) | _litellm_thresholds(info)
        checked = dt.date.fromisoformat(str(node["checked"])) if node.get("checked") else default_day
        first, changes = _yaml_dates(node)
        for day in _days(checked, first, changes | _genai_dates(genai)):
            for scenario, (tier, tokens, above) in _scenarios(thresholds).items():
                cells.append(Cell(entry, logged, scenario, day, tier, tokens, above))
    return cells


# --- the reference calculators ----------------------------------------------------------

GENAI_CONTEXT = {
    "standard": None,
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}


def genai_cost(cell: Cell) -> float | None:
    """genai-prices' price of the call (None: it does not know the model). Its `input_tokens`
    include cache reads and writes, and the 1-hour writes are a part of `cache_write_tokens`."""
    t = cell.tokens
    usage = GenaiUsage(
        input_tokens=t.input,
        cache_read_tokens=t.cached,
        cache_write_tokens=t.write,
        cache_write_1h_tokens=t.write_1h,
        output_tokens=t.output,
    )
    when = dt.datetime.combine(cell.day, dt.time(12), dt.UTC)
    try:
        found = calc_price(usage, cell.model, genai_request_timestamp=when, price_context=GENAI_CONTEXT[cell.tier])
    except LookupError:
        return None
    return float(found.total_price)


def litellm_usage(litellm: ModuleType, cell: Cell, provider: str) -> Any:
    """The call as LiteLLM's own response parsers would record it: Anthropic usage through
    LiteLLM's Anthropic parser (cache tokens outside `input_tokens`, 1-hour writes under
    `cache_creation`); other providers report cache reads inside the prompt and no writes."""
    t = cell.tokens
    if provider == "anthropic":
        raw = {
            "input_tokens": t.input - t.cached - t.write,
            "output_tokens": t.output,
            "cache_read_input_tokens": t.cached,
            "cache_creation_input_tokens": t.write,
            "cache_creation": {
                "ephemeral_5m_input_tokens": t.write - t.write_1h,
                "ephemeral_1h_input_tokens": t.write_1h,
            },
        }
        return litellm.AnthropicConfig().calculate_usage(raw, reasoning_content=None)
    return litellm.Usage(
        prompt_tokens=t.input,
        completion_tokens=t.output,
        total_tokens=t.input + t.output,
        prompt_tokens_details={"cached_tokens": t.cached},
        completion_tokens_details={"reasoning_tokens": t.reasoning},
    )


def litellm_cost(litellm: ModuleType, cell: Cell) -> float | None:
    """LiteLLM's price of the call: `cost_per_token` with the service tier, or its batch
    calculator (`call_type="retrieve_batch"`) for batch calls. None: it does not know the model."""
    info = _litellm_info(litellm, cell.model)
    if info is None:
        return None
    usage = litellm_usage(litellm, cell, str(info.get("litellm_provider")))
    if cell.tier == "batch":
        prompt, completion = litellm.cost_per_token(model=cell.model, usage_object=usage, call_type="retrieve_batch")
    else:
        tier = None if cell.tier == "standard" else cell.tier
        prompt, completion = litellm.cost_per_token(model=cell.model, usage_object=usage, service_tier=tier)
    return prompt + completion


def published_for(cell: Cell) -> Published | None:
    """The provider's prices for the call: the highest long-context tier it is above."""
    found = [p for p in PUBLISHED if p.applies(cell)]
    return max(found, key=lambda p: p.above or 0) if found else None


def published_cost(prices: dict[str, float | None], tokens: Tokens) -> float | None:
    """The call at the provider's published prices (per million tokens), in Decimal; None when
    the call needs a price the provider does not publish."""
    total = Decimal(0)
    for rate, count in tokens.by_rate().items():
        if count:
            price = prices[rate]
            if price is None:
                return None
            total += Decimal(str(price)) * count
    return float(total / MILLION)


def close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=REL_TOL, abs_tol=ABS_TOL)


# --- llmcost, end to end ----------------------------------------------------------------


def write_grid_log(path: Path, cells: list[Cell]) -> Path:
    """One CSV row per cell, its key as the customer: the whole grid is priced in one run."""
    rows = [
        {
            "timestamp": f"{c.day.isoformat()}T12:00:00Z",
            "model": c.model,
            "input_tokens": c.tokens.input,
            "output_tokens": c.tokens.output,
            "cached_input_tokens": c.tokens.cached,
            "cache_write_tokens": c.tokens.write,
            "cache_write_1h_tokens": c.tokens.write_1h,
            "reasoning_tokens": c.tokens.reasoning,
            "service_tier": c.tier,
            "customer_id": c.key,
            "request_id": f"r{i}",
        }
        for i, c in enumerate(cells)
    ]
    return write_log(path, rows)


def llmcost_costs(run: Callable[..., Result], log: Path, pricing: Path, *extra: str) -> dict[str, float]:
    """Token cost per cell (fixed and amortized costs left out); an unpriced cell is absent."""
    result = run("cpi", log, "--by", "customer", "--pricing", pricing, *extra, "-f", "json")
    assert result.code == 0, result.err
    return {row.get("customer_id", row.get("customer")): row["token_cost"] for row in result.json()}


# --- comparing --------------------------------------------------------------------------


def _money(value: float | None) -> str:
    return "unpriced" if value is None else f"${value:.10g}"


def check_cell(cell: Cell, ours: float | None, theirs: float | None, calculator: str, leg: str) -> str | None:
    """What is wrong with one cell, or None. Listed disagreements are checked in the bundled
    leg only: elsewhere llmcost prices with the calculator's own data, wrong where it is."""
    label = f"{cell.key} [{cell.tier}] {calculator}"
    if cell.entry in NO_PUBLIC_PRICE:
        return _check_unpublished(label, ours, theirs, calculator, leg)
    known = [d for d in KNOWN_DISAGREEMENTS if d.covers(calculator, cell)]
    if known:
        return _check_known(label, cell, ours, theirs, known[0]) if leg == "bundled" else None
    if ours is None and theirs is None:
        return None
    if ours is None or theirs is None or not close(ours, theirs):
        return f"{label}: llmcost {_money(ours)}, {calculator} {_money(theirs)}"
    return None


def _check_unpublished(label: str, ours: float | None, theirs: float | None, calculator: str, leg: str) -> str | None:
    """A model no provider publishes a price for: the calculator must not claim one ($0.00
    included), and the bundled file must price it."""
    if theirs is not None:
        return f"{label}: {calculator} prices a model listed in NO_PUBLIC_PRICE at {_money(theirs)}"
    if leg == "bundled" and ours is None:
        return f"{label}: llmcost leaves it unpriced"
    return None


def _check_known(label: str, cell: Cell, ours: float | None, theirs: float | None, known: Disagreement) -> str | None:
    """A listed cell: llmcost charges the published price, and the calculator still differs."""
    if ours is None:
        return f"{label}: llmcost leaves a listed disagreement unpriced"
    published = published_for(cell)
    if published is None:
        return f"{label}: a listed disagreement without its published price in PUBLISHED"
    expected = published_cost(published.prices, cell.tokens)
    if expected is None:
        return f"{label}: the call needs a price {published.source} does not give"
    if not close(ours, expected):
        return f"{label}: llmcost {_money(ours)}, the published price gives {_money(expected)} ({published.source})"
    if theirs is not None and close(theirs, ours):
        return f"{label}: stale entry in KNOWN_DISAGREEMENTS, {known.calculator} now agrees ({_money(theirs)})"
    return None


def compare(
    cells: list[Cell], ours: dict[str, float], reference: Callable[[Cell], float | None], calculator: str, leg: str
) -> list[str]:
    return [
        problem for cell in cells if (problem := check_cell(cell, ours.get(cell.key), reference(cell), calculator, leg))
    ]


def assert_no_problems(problems: list[str]) -> None:
    if problems:
        more = f"\n… and {len(problems) - 60} more" if len(problems) > 60 else ""
        pytest.fail(f"{len(problems)} cells disagree:\n" + "\n".join(problems[:60]) + more, pytrace=False)


# --- the legs ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def litellm() -> ModuleType:
    """LiteLLM, imported once per session (~6 s), offline."""
    import litellm as module

    module.suppress_debug_info = True
    return module


@pytest.fixture(scope="session")
def grid(litellm: ModuleType) -> list[Cell]:
    return build_grid(litellm)


@pytest.fixture
def grid_log(tmp_path: Path, grid: list[Cell]) -> Path:
    return write_grid_log(tmp_path / "grid.csv", grid)


@pytest.mark.parametrize("calculator", ["genai-prices", "litellm"])
def test_bundled_prices_match_the_calculators(run, grid, grid_log, litellm, calculator):
    """The bundled prices against each calculator; on a listed call, against the published price
    (and the calculator must still be wrong there); every listed entry must cover some call."""
    ours = llmcost_costs(run, grid_log, SAMPLE)
    reference = genai_cost if calculator == "genai-prices" else lambda cell: litellm_cost(litellm, cell)
    problems = compare(grid, ours, reference, calculator, "bundled")
    unused = [
        d for d in KNOWN_DISAGREEMENTS if d.calculator == calculator and not any(d.covers(calculator, c) for c in grid)
    ]
    problems += [f"stale entry in KNOWN_DISAGREEMENTS, no call of the grid is {d}" for d in unused]
    assert_no_problems(problems)


def test_catalog_matches_genai_prices(run, grid, grid_log, tmp_path):
    """--catalog prices every grid model from the installed genai-prices data."""
    dummy = tmp_path / "dummy.yaml"
    dummy.write_text("bundled: false\nmodels:\n  not-a-grid-model: {input: 1, output: 1}\n")
    ours = llmcost_costs(run, grid_log, dummy, "--catalog")
    assert_no_problems(compare(grid, ours, genai_cost, "genai-prices", "catalog"))


def test_import_from_litellm_matches_litellm(run, grid, grid_log, litellm, tmp_path):
    """Entries imported from LiteLLM's own price map (the one its calculator reads) price every
    call as LiteLLM does."""
    keys = {
        c.model: info["key"]
        for c in grid
        if (info := _litellm_info(litellm, c.model)) and info["key"] in litellm.model_cost
    }
    source = tmp_path / "litellm_prices.json"
    source.write_text(json.dumps({key: litellm.model_cost[key] for key in set(keys.values())}))
    pricing = _imported(run, tmp_path, source, "litellm", sorted(set(keys.values())), keys)
    ours = llmcost_costs(run, grid_log, pricing)
    assert_no_problems(compare(grid, ours, lambda cell: litellm_cost(litellm, cell), "litellm", "import"))


def test_import_from_genai_prices_matches_genai_prices(run, grid, grid_log, tmp_path):
    """Entries imported from the installed genai-prices data, written out as its JSON file: the
    data calc_price reads (pricing-catalogs/genai-prices_v2_data.json is an older release)."""
    source = tmp_path / "genai_prices.json"
    source.write_text(json.dumps(genai_json(genai_data.providers)))
    names = sorted({c.model for c in grid if _genai_model(c.model) is not None})
    pricing = _imported(run, tmp_path, source, "genai-prices", names, {n: n for n in names})
    ours = llmcost_costs(run, grid_log, pricing)
    assert_no_problems(compare(grid, ours, genai_cost, "genai-prices", "import"))


def _imported(
    run: Callable[..., Result], tmp_path: Path, source: Path, kind: str, names: list[str], logged: dict[str, str]
) -> Path:
    """`llmcost pricing import` of `names`, each entry matching the logged names it prices."""
    out = tmp_path / f"imported-{kind}.yaml"
    result = run("pricing", "import", source, "--from", kind, "--models", ",".join(names), "-o", out)
    assert result.code == 0, result.err
    models = yaml.safe_load(out.read_text(encoding="utf-8"))["models"]
    for model, name in logged.items():
        if model != name:
            models[name].setdefault("match", []).append(model)
    out.write_text(yaml.safe_dump({"bundled": False, "models": models}, sort_keys=False))
    return out


def genai_json(obj: Any) -> Any:
    """genai-prices' data as its published JSON file (`or_` → `or`, Decimal → number)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name.rstrip("_"): genai_json(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if getattr(obj, f.name) is not None and not f.name.startswith("_")
        }
    if isinstance(obj, genai_types.ModelPrice):
        return {k: genai_json(v) for k, v in vars(obj).items() if v is not None and not k.startswith("_")}
    if isinstance(obj, list | tuple):
        return [genai_json(x) for x in obj]
    if isinstance(obj, dict):
        return {k: genai_json(v) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, dt.date | dt.time):
        return obj.isoformat()
    return obj


def test_every_published_price_is_used(grid):
    """PUBLISHED holds only figures some listed disagreement needs: a row no call uses is stale."""
    used = {
        id(found)
        for cell in grid
        if any(d.covers(d.calculator, cell) for d in KNOWN_DISAGREEMENTS) and (found := published_for(cell))
    }
    stale = [p for p in PUBLISHED if id(p) not in used]
    assert not stale, "PUBLISHED rows no listed call uses:\n" + "\n".join(map(str, stale))


def test_no_public_price_models_are_in_the_price_file():
    """NO_PUBLIC_PRICE and LOGGED_AS name entries of the price files (else they are stale)."""
    models = _yaml_models()
    assert set(NO_PUBLIC_PRICE) <= set(models) and set(LOGGED_AS) <= set(models)
