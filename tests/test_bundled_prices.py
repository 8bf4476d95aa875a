"""Every figure of the repository's price files is one the catalogs publish, compared in Decimal.

The files are the list prices bundled with the package (llmcost/data/prices.yaml, what
prices a run with no pricing file) and the sample company's own pricing.yaml at the root
(its fine-tuned and self-hosted models, layered over the list); "the file" below is the two
of them, which may not share an entry. Each says where an entry's figures come from
(`source:`) and when they were compared (`checked:`); this file holds it to that. Each price
the file can charge a call is worked out here from the YAML itself, not through llmcost's
loader, so that a loader bug cannot hide a data error: every dated version's standard
prices, each long-context tier, and, for the version in force on the `checked` day, every
batch, flex and priority price, tiered too. Each must equal the figure that genai-prices
(the installed package) or LiteLLM (the price map the installed package ships, read as JSON:
importing LiteLLM is slow and may go online) gives that model for the same call. LiteLLM
keeps no price history, so older versions are held to genai-prices' dated prices alone.

Where the file charges a figure that neither catalog gives, KNOWN_DISAGREEMENTS lists it with
the provider page it comes from. A row is checked both ways: the file must still charge it,
and no catalog may have come to agree or to publish another figure (else the row is stale).

All five prices are compared for every model: OpenAI and Google bill a cache write as plain
input, which is genai-prices' figure for it too (a missing price falls back to input), so the
file must charge their writes at the input price of each tier. tests/test_reference_prices.py
prices whole calls through llmcost against both calculators.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import importlib.util
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from genai_prices import data as genai_data
from genai_prices import types as genai_types

from tests.conftest import ROOT

BUNDLED = ROOT / "llmcost" / "data" / "prices.yaml"
SAMPLE = ROOT / "pricing.yaml"  # the sample company's own entries, over the bundled list
RATES = ("input", "cached_input", "cache_write", "cache_write_1h", "output")
TIERS = ("standard", "batch", "flex", "priority")
MILLION = Decimal(1_000_000)
ANTHROPIC_PAGE = "https://docs.anthropic.com/en/docs/about-claude/pricing?939688b5_page=2"


@dataclass(frozen=True)
class Ref:
    """Where the catalogs keep an entry's model."""

    provider: str  # genai-prices provider id
    genai: str  # genai-prices model id
    litellm: str  # LiteLLM price-map key


def _openai(genai: str, litellm: str | None = None) -> Ref:
    return Ref("openai", genai, litellm or genai)


def _anthropic(genai: str, litellm: str | None = None) -> Ref:
    return Ref("anthropic", genai, litellm or genai)


def _google(genai: str) -> Ref:
    return Ref("google", genai, f"gemini/{genai}")


CATALOG: dict[str, Ref] = {
    **{
        name: _openai(name)
        for name in (
            "gpt-4o",
            "gpt-4o-2024-05-13",
            "gpt-4o-mini",
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-5",
            "gpt-5-mini",
            "gpt-5-nano",
            "gpt-5.1",
            "o3",
            "o4-mini",
        )
    },
    "ft-support-v2": _openai("ft:gpt-4o-mini", "ft:gpt-4o-mini-2024-07-18"),
    # LiteLLM has the retired Claude models only as Bedrock entries, at Anthropic's prices.
    "claude-opus-4-1": _anthropic("claude-opus-4-1", "anthropic.claude-opus-4-1-20250805-v1:0"),
    "claude-opus-4-5": _anthropic("claude-opus-4-5"),
    "claude-opus-4-6": _anthropic("claude-opus-4-6"),
    "claude-sonnet-4": _anthropic("claude-sonnet-4-0", "anthropic.claude-sonnet-4-20250514-v1:0"),
    "claude-sonnet-4-5": _anthropic("claude-sonnet-4-5"),
    "claude-haiku-4-5": _anthropic("claude-haiku-4-5"),
    "claude-3-5-haiku": _anthropic("claude-3-5-haiku-latest", "anthropic.claude-3-5-haiku-20241022-v1:0"),
    **{name: _google(name) for name in ("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite")},
}

# Entries no catalog can price, and why.
OWN_PRICES = {"llama-3-70b": "self-hosted example: the sample company's own GPU cost per token"}


@dataclass(frozen=True)
class Disagreement:
    """Prices the file charges that the catalogs do not give, and the page that does."""

    entry: str
    key: str  # glob over Point.label, e.g. "batch/*"
    ours: Decimal  # the figure charged; with `of_standard`, a multiple of the standard price
    catalog: Decimal | None  # the catalogs' figure (None: neither has one)
    page: str  # where the provider publishes ours
    of_standard: bool = False


O3_LAUNCH_PAGE = (
    "https://platform.openai.com/docs/pricing as of 2025-05 ($10 / $2.50 cached / $40); flex and "
    "batch at $5/$20: https://thetechportal.com/2025/04/18/openai-launches-flex-processing-api-option-"
    "for-cheaper-but-slower-ai-tasks"
)
KNOWN_DISAGREEMENTS: tuple[Disagreement, ...] = (
    # Retired Claude models: genai-prices gives batch prices only for the models Anthropic's batch
    # table listed on 2026-10-14, and LiteLLM's Bedrock entries have none. Anthropic's page lists
    # batch input and output at half ($7.50/$37.50, $1.50/$7.50, $0.40/$2); the caching multipliers
    # stack with the batch discount (genai-prices' Anthropic notes), so every batch price is half.
    *(
        Disagreement(entry, "batch/*", Decimal("0.5"), None, ANTHROPIC_PAGE, of_standard=True)
        for entry in ("claude-opus-4-1", "claude-sonnet-4", "claude-3-5-haiku")
    ),
    # Sonnet 4 above 200k input tokens (the 1M-context beta): genai-prices has no tier and LiteLLM's
    # Bedrock entry no 1-hour write; the page's 1-hour multiplier (2x input) on the $6 long-context input.
    Disagreement(
        "claude-sonnet-4", "standard/cache_write_1h>200000", Decimal("12.00"), Decimal("6.00"), ANTHROPIC_PAGE
    ),
    # o3 at launch (before the 2025-06-10 cut): only genai-prices keeps that version, with a cached
    # input of 0.50 where OpenAI's table said 2.50. (Its launch batch and flex prices, $5/$20, are
    # held to the published figure by tests/test_reference_prices.py: this test compares service
    # tiers of the version in force only.)
    Disagreement("o3", "standard/cached_input@2025-04-16", Decimal("2.50"), Decimal("0.50"), O3_LAUNCH_PAGE),
)

# Logged names and the entry that must price them (None: none may), written by hand.
ROUTES: dict[str, str | None] = {
    "gpt-4o": "gpt-4o",
    "GPT-4o-2024-08-06": "gpt-4o",
    "gpt-4o-2024-11-20": "gpt-4o",
    "openai/gpt-4o": "gpt-4o",
    "gpt-4o-2024-05-13": "gpt-4o-2024-05-13",
    "openai/gpt-4o-2024-05-13": "gpt-4o-2024-05-13",
    "gpt-4o-mini-2024-07-18": "gpt-4o-mini",
    "gpt-4.1-2025-04-14": "gpt-4.1",
    "gpt-4.1-mini-2025-04-14": "gpt-4.1-mini",
    "gpt-4.1-nano-2025-04-14": "gpt-4.1-nano",
    "gpt-5-2025-08-07": "gpt-5",
    "gpt-5-mini-2025-08-07": "gpt-5-mini",
    "openai/gpt-5-nano": "gpt-5-nano",
    "gpt-5.1-2025-11-13": "gpt-5.1",
    "o3-2025-04-16": "o3",
    "o4-mini-2025-04-16": "o4-mini",
    "o3-mini-2025-01-31": None,
    "o3-pro": None,
    "gpt-5-pro": None,
    "ft:gpt-4o-mini-2024-07-18:acme:support-v2:abc123": "ft-support-v2",
    "ft:gpt-4o-mini-2024-07-18:acme:x:1": None,
    "claude-opus-4-1-20250805": "claude-opus-4-1",
    "claude-opus-4-5-20251101": "claude-opus-4-5",
    "anthropic/claude-opus-4-6": "claude-opus-4-6",
    "claude-sonnet-4-20250514": "claude-sonnet-4",
    "anthropic/claude-sonnet-4-20250514": "claude-sonnet-4",
    "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    "claude-sonnet-4-6": None,
    "claude-haiku-4-5-20251001": "claude-haiku-4-5",
    "claude-3-5-haiku-20241022": "claude-3-5-haiku",
    "claude-3-5-sonnet-20241022": None,
    "gemini/gemini-2.5-pro": "gemini-2.5-pro",
    "gemini-2.5-pro-preview-06-05": "gemini-2.5-pro",
    "gemini-2.5-pro-preview-tts": None,
    "gemini-2.5-flash": "gemini-2.5-flash",
    "gemini-2.5-flash-preview-09-2025": "gemini-2.5-flash",
    "gemini-2.5-flash-lite": "gemini-2.5-flash-lite",
    "gemini/gemini-2.5-flash-lite-preview-09-2025": "gemini-2.5-flash-lite",
    "gemini-2.5-flash-image": None,
    "meta-llama/Meta-Llama-3-70B-Instruct": "llama-3-70b",
}


# --- the file's own prices ----------------------------------------------------------------


@cache
def models() -> dict[str, dict[str, Any]]:
    """The entries of both files (one home for each: an entry in both would be priced by the sample's alone)."""
    listed, own = (yaml.safe_load(path.read_text(encoding="utf-8"))["models"] for path in (BUNDLED, SAMPLE))
    assert not set(listed) & set(own), f"entries in both price files: {sorted(set(listed) & set(own))}"
    return {**listed, **own}


def dec(value: Any) -> Decimal:
    """A YAML number as written: floats through their shortest repr, never binary noise."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def versions(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Each version as a whole node: dated ones take the entry's tiers and service tiers
    (and batch_discount) unless they have their own, as the format says."""
    if "prices" not in node:
        return [node]
    inherited = {k: node[k] for k in ("tiers", "service_tiers", "batch_discount") if k in node}
    return [{**inherited, **version} for version in node["prices"]]


def in_force(node: dict[str, Any], day: dt.date) -> int:
    """The index of the version in force on `day`: the last one that started by then."""
    started = [i for i, v in enumerate(versions(node)) if "from" not in v or v["from"] <= day]
    return started[-1]


def _apply_tiers(rates: dict[str, Decimal], tiers: list[dict[str, Any]] | None, above: int | None) -> None:
    """Every tier the call is above applies, lowest first; each names only what it changes."""
    for tier in sorted(tiers or [], key=lambda t: t["above_input_tokens"]):
        if above is not None and tier["above_input_tokens"] <= above:
            rates.update({k: dec(tier[k]) for k in RATES if k in tier})


def our_price(version: dict[str, Any], tier: str, above: int | None, key: str) -> Decimal:
    """The price the file charges: defaults, long-context tiers, then the service tier (a
    multiplier of every tiered price, or own prices replacing the ones they name)."""
    rates = {k: dec(version[k]) for k in RATES if k in version}
    rates.setdefault("cached_input", rates["input"])
    rates.setdefault("cache_write", rates["input"])
    rates.setdefault("cache_write_1h", rates["cache_write"])
    _apply_tiers(rates, version.get("tiers"), above)
    special = (version.get("service_tiers") or {}).get(tier)
    if special is None:
        discount = dec(version.get("batch_discount", 0)) if tier == "batch" else Decimal(0)
        return rates[key] * (1 - discount)
    if not isinstance(special, dict):
        return rates[key] * dec(special)
    rates.update({k: dec(special[k]) for k in RATES if k in special})
    _apply_tiers(rates, special.get("tiers"), above)
    return rates[key]


def our_tiers(version: dict[str, Any]) -> set[str]:
    """The service tiers the version prices itself (batch also through batch_discount)."""
    return set(version.get("service_tiers") or {}) | ({"batch"} if version.get("batch_discount") else set())


def our_thresholds(version: dict[str, Any]) -> set[int]:
    specials = [s for s in (version.get("service_tiers") or {}).values() if isinstance(s, dict)]
    return {t["above_input_tokens"] for part in (version, *specials) for t in part.get("tiers") or []}


# --- genai-prices ------------------------------------------------------------------------

GENAI_CONTEXT: dict[str, dict[str, str] | None] = {
    "standard": None,
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}
# Its fallbacks when a price is missing: a cache read or write costs input, a 1-hour write a write.
GENAI_KEYS = {
    "input": ("input_mtok",),
    "cached_input": ("cache_read_mtok", "input_mtok"),
    "cache_write": ("cache_write_mtok", "input_mtok"),
    "cache_write_1h": ("cache_write_1h_mtok", "cache_write_mtok", "input_mtok"),
    "output": ("output_mtok",),
}


def genai_model(ref: Ref) -> genai_types.ModelInfo:
    provider = next(p for p in genai_data.providers if p.id == ref.provider)
    return next(m for m in provider.models if m.id == ref.genai)


def genai_prices_tier(model: genai_types.ModelInfo, tier: str, day: dt.date | None = None) -> bool:
    """Whether genai-prices prices the service tier (on `day`: its variants start on the day
    they were verified, and earlier calls get the standard price, which is no figure for it)."""
    if tier == "standard":
        return True
    when = dt.datetime.combine(day, dt.time(12), dt.UTC) if day else None
    return any(
        v.when == GENAI_CONTEXT[tier] and (when is None or v.constraint is None or v.constraint.active(when))
        for v in model.price_variants or []
    )


def genai_figure(model: genai_types.ModelInfo, tier: str, above: int | None, key: str, day: dt.date) -> Decimal | None:
    """genai-prices' price per million tokens for a call of `day` above `above` input tokens."""
    if not genai_prices_tier(model, tier, day):
        return None
    prices = model.get_prices(dt.datetime.combine(day, dt.time(12), dt.UTC), GENAI_CONTEXT[tier])
    value = next((v for name in GENAI_KEYS[key] if (v := getattr(prices, name, None)) is not None), None)
    if isinstance(value, genai_types.TieredPrices):  # a tier applies when the input is above its start
        crossed = [t.price for t in value.tiers if above is not None and above >= t.start]
        value = crossed[-1] if crossed else value.base
    return value


def genai_thresholds(model: genai_types.ModelInfo) -> set[int]:
    sets = [p.prices for p in model.prices] if isinstance(model.prices, list) else [model.prices]
    sets += [v.prices for v in model.price_variants or []]
    return {
        t.start
        for prices in sets
        for value in vars(prices).values()
        if isinstance(value, genai_types.TieredPrices)
        for t in value.tiers
    }


def genai_dates(model: genai_types.ModelInfo) -> set[dt.date]:
    """The days its standard prices change (price variants' dates are verification dates)."""
    dated = model.prices if isinstance(model.prices, list) else []
    return {p.constraint.start_date for p in dated if isinstance(p.constraint, genai_types.StartDateConstraint)}


# --- LiteLLM -----------------------------------------------------------------------------

LITELLM_KEYS = {
    "input": "input_cost_per_token",
    "cached_input": "cache_read_input_token_cost",
    "cache_write": "cache_creation_input_token_cost",
    "cache_write_1h": "cache_creation_input_token_cost_above_1hr",
    "output": "output_cost_per_token",
}
LITELLM_SUFFIX = {"standard": "", "batch": "_batches", "flex": "_flex", "priority": "_priority"}
LITELLM_ABOVE = re.compile(r"_above_(\d+)k_tokens")


@cache
def litellm_map() -> dict[str, Any]:
    """The price map the installed LiteLLM ships, which `litellm.model_cost` holds offline."""
    spec = importlib.util.find_spec("litellm")
    if spec is None or spec.origin is None:
        pytest.skip("LiteLLM is not installed")
    path = Path(spec.origin).parent / "model_prices_and_context_window_backup.json"
    return json.loads(path.read_text(encoding="utf-8"))


def litellm_info(ref: Ref) -> dict[str, Any]:
    info = litellm_map()[ref.litellm]
    if "alias_of" in info:  # an alias carries only what differs from its target
        info = {**litellm_map()[info["alias_of"]], **info}
    return info


# LiteLLM's OpenAI and Gemini usage has no cache writes: written tokens are prompt tokens, at its input price.
WRITES_ARE_INPUT = {"openai", "google"}


def litellm_figure(ref: Ref, tier: str, above: int | None, key: str) -> Decimal | None:
    """LiteLLM's price per million tokens: only the exact key counts, no fallback."""
    if ref.provider in WRITES_ARE_INPUT and key in ("cache_write", "cache_write_1h"):
        key = "input"
    name = LITELLM_KEYS[key] + (f"_above_{above // 1000}k_tokens" if above else "") + LITELLM_SUFFIX[tier]
    info = litellm_info(ref)
    value = info.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(repr(value)) * MILLION


def litellm_prices_tier(info: dict[str, Any], tier: str) -> bool:
    """Whether LiteLLM has a price of text tokens for the service tier (`…_flex` keys)."""
    return any(
        k.startswith(prefix) and k.endswith(LITELLM_SUFFIX[tier]) and info[k] is not None
        for k in info
        for prefix in LITELLM_KEYS.values()
    )


def litellm_thresholds(info: dict[str, Any]) -> set[int]:
    """The long-context thresholds of LiteLLM's text-token prices (`…_above_200k_tokens`)."""
    return {
        int(m.group(1)) * 1000
        for k, v in info.items()
        if v is not None
        and any(k.startswith(prefix) for prefix in LITELLM_KEYS.values())
        and (m := LITELLM_ABOVE.search(k))
    }


# --- the comparison ----------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One price of one entry: a version, service tier, long-context threshold and kind of token."""

    version: int  # index into versions()
    since: dt.date | None  # the version's `from` (None: an undated entry)
    day: dt.date  # the day the catalogs are read: the version's first, or `checked` for the one in force
    current: bool  # the version in force on the `checked` day: the only one LiteLLM can speak for
    tier: str
    above: int | None  # the call's input is above this many tokens (None: below every tier)
    key: str

    @property
    def label(self) -> str:
        above = f">{self.above}" if self.above is not None else ""
        since = f"@{self.since}" if self.since else ""
        return f"{self.tier}/{self.key}{above}{since}"


def points(entry: str) -> Iterator[Point]:
    """Every price to compare: each version's standard prices, below and above every tier
    threshold that the file or a catalog knows; and for the version in force on `checked`,
    every service tier that the file or a catalog prices."""
    node, ref = models()[entry], CATALOG[entry]
    checked, model, info = node["checked"], genai_model(ref), litellm_info(ref)
    current = in_force(node, checked)
    for index, version in enumerate(versions(node)):
        is_current = index == current
        day = checked if is_current else version["from"]
        tiers = ["standard"]
        if is_current:
            tiers += [
                t
                for t in TIERS[1:]
                if t in our_tiers(version) or genai_prices_tier(model, t) or litellm_prices_tier(info, t)
            ]
        thresholds = our_thresholds(version) | genai_thresholds(model)
        if is_current:
            thresholds |= litellm_thresholds(info)
        for tier in tiers:
            for above in [None, *sorted(thresholds)]:
                for key in RATES:
                    yield Point(index, version.get("from"), day, is_current, tier, above, key)


def catalog_figures(entry: str, point: Point) -> dict[str, Decimal | None]:
    ref = CATALOG[entry]
    figures = {"genai-prices": genai_figure(genai_model(ref), point.tier, point.above, point.key, point.day)}
    if point.current:
        figures["LiteLLM"] = litellm_figure(ref, point.tier, point.above, point.key)
    return figures


def fmt(value: Decimal | None) -> str:
    return "none" if value is None else format(value.normalize(), "f")


def check_point(entry: str, point: Point) -> str | None:
    """What is wrong with one price, or None."""
    version = versions(models()[entry])[point.version]
    ours = our_price(version, point.tier, point.above, point.key)
    figures = catalog_figures(entry, point)
    shown = ", ".join(f"{name} {fmt(f)}" for name, f in figures.items())
    rows = [d for d in KNOWN_DISAGREEMENTS if d.entry == entry and fnmatch.fnmatchcase(point.label, d.key)]
    if rows:
        standard = our_price(version, "standard", point.above, point.key)
        return check_known(rows[0], ours, standard, figures, f"{entry} {point.label}: ours {fmt(ours)}, {shown}")
    if ours not in {f for f in figures.values() if f is not None}:
        return f"{entry} {point.label}: ours {fmt(ours)}, {shown}"
    return None


def check_known(
    row: Disagreement, ours: Decimal, standard: Decimal, figures: dict[str, Decimal | None], label: str
) -> str | None:
    """A listed disagreement, both ways: the file still charges the provider's figure, and no
    catalog agrees with it now or gives a figure other than the one listed."""
    expected = row.ours * standard if row.of_standard else row.ours
    theirs = {f for f in figures.values() if f is not None}
    if ours != expected:
        return f"{label}: KNOWN_DISAGREEMENTS says the file charges {fmt(expected)} ({row.page})"
    if ours in theirs:
        return f"{label}: stale row in KNOWN_DISAGREEMENTS, a catalog now agrees"
    if theirs != ({row.catalog} if row.catalog is not None else set()):
        return f"{label}: KNOWN_DISAGREEMENTS lists the catalogs' figure as {fmt(row.catalog)}; see {row.page}"
    return None


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", list(models()))
def test_every_entry_says_where_its_prices_come_from_and_when(entry):
    node = models()[entry]
    assert isinstance(node.get("source"), str) and node["source"].strip(), f"{entry} has no source:"
    assert isinstance(node.get("checked"), dt.date), f"{entry}: checked: must be a date, not {node.get('checked')!r}"
    assert node["checked"] <= dt.date.today(), f"{entry} was checked in the future ({node['checked']})"


def test_every_entry_is_compared_with_the_catalogs():
    """A new entry cannot skip the comparison, nor can a removed one leave a stale reference."""
    names = set(models())
    assert names - set(OWN_PRICES) == set(CATALOG), "add the entry to CATALOG (or OWN_PRICES, saying why)"
    assert set(OWN_PRICES) <= names
    for entry, ref in CATALOG.items():
        assert genai_model(ref).id == ref.genai
        assert ref.litellm in litellm_map(), f"{entry}: LiteLLM has no {ref.litellm}"


@pytest.mark.parametrize("entry", sorted(CATALOG))
def test_every_price_is_a_catalog_figure(entry):
    problems = [problem for point in points(entry) if (problem := check_point(entry, point))]
    assert not problems, "\n".join(problems)


def test_every_known_disagreement_is_still_a_price_of_the_file():
    for row in KNOWN_DISAGREEMENTS:
        assert row.entry in CATALOG, f"stale row: {row.entry} is in neither price file"
        assert any(fnmatch.fnmatchcase(p.label, row.key) for p in points(row.entry)), f"stale row: {row}"


@pytest.mark.parametrize("entry", sorted(CATALOG))
def test_catalog_price_changes_are_dated_versions(entry):
    """A price change genai-prices knows of is a `from:` date of ours, so no month is priced wrong."""
    ours = {v["from"] for v in versions(models()[entry]) if "from" in v}
    missing = genai_dates(genai_model(CATALOG[entry])) - ours
    assert not missing, f"{entry}: genai-prices changes its price on {sorted(missing)}"


def matching(name: str) -> set[str]:
    """Entries that claim a logged name: by their own name, or by a `match:` glob."""
    key = name.strip().lower()
    return {
        entry
        for entry, node in models().items()
        if key == entry.lower() or any(fnmatch.fnmatchcase(key, p.lower()) for p in node.get("match", []))
    }


@pytest.mark.parametrize(("name", "entry"), ROUTES.items())
def test_logged_names_reach_one_entry(name, entry):
    assert matching(name) == ({entry} if entry else set())


def test_no_two_entries_claim_a_name():
    """Each entry's name and globs (with a few fillings of `*`) are claimed by that entry alone."""
    for entry, node in models().items():
        for pattern in [entry, *node.get("match", [])]:
            for filling in ("", "x", "2025-01-01", "-preview"):
                probe = pattern.replace("*", filling)
                assert matching(probe) == {entry}, f"{probe!r} ({entry}) is claimed by {sorted(matching(probe))}"


@pytest.mark.parametrize("name", [n for n, e in ROUTES.items() if e in CATALOG and "/" not in n])
def test_globs_agree_with_genai_prices_on_the_model(name):
    """A snapshot name reaches the entry whose genai-prices model also claims it."""
    ref = CATALOG[ROUTES[name]]
    provider = next(p for p in genai_data.providers if p.id == ref.provider)
    assert next((m.id for m in provider.models if m.is_match(name)), None) == ref.genai
