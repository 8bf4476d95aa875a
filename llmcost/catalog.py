"""Offline price catalogs → the same typed `Entry` objects pricing.yaml gives.

genai-prices (pydantic/genai-prices, the `catalog` extra) is the maintained catalog
used by `--catalog`: dated prices and long-context tiers with our tier rule. Its data
is read offline — never updated over the network. LiteLLM's JSON (USD per token) and
genai-prices' JSON file are read by `pricing import` to write pricing.yaml entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from llmcost.errors import LlmcostError
from llmcost.pricing import RATE_KEYS, Entry, Rates, ServiceTier, Tier, Version

GENAI_KEYS = {
    "input": "input_mtok",
    "cached_input": "cache_read_mtok",
    "cache_write": "cache_write_mtok",
    "cache_write_1h": "cache_write_1h_mtok",
    "output": "output_mtok",
}


@dataclass
class Catalog:
    """Providers of models, each with a match rule, in the catalog's order."""

    name: str
    providers: list[dict[str, Any]]

    def entries(self) -> list[Entry]:
        """Every model's entry (for the price boundaries the rows are bucketed by)."""
        if not hasattr(self, "_entries"):
            self._entries = [
                e
                for p in self.providers
                for m in p.get("models", [])
                if (e := to_entry(f"{p['id']}/{m['id']}", m, self.name))
            ]
        return self._entries

    def resolve(self, model: str) -> Entry | None:
        """Providers whose own rule names the model first (as genai-prices does), then the rest."""
        key = model.strip().lower()
        ordered = sorted(self.providers, key=lambda p: not matches(p.get("model_match"), key))
        for provider in ordered:
            for item in provider.get("models", []):
                if matches(item.get("match"), key) or item.get("id", "").lower() == key:
                    entry = to_entry(f"{provider['id']}/{item['id']}", item, self.name)
                    if entry is not None:
                        return entry
        return None


def _plain(obj: Any) -> Any:
    """genai-prices dataclasses → the JSON shape (keys without their trailing `_`)."""
    if dataclasses.is_dataclass(obj) or (hasattr(obj, "__dict__") and type(obj).__module__.startswith("genai_prices")):
        return {k.rstrip("_"): _plain(v) for k, v in vars(obj).items() if v is not None and not k.startswith("__")}
    if isinstance(obj, list | tuple):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k).rstrip("_"): _plain(v) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def load_genai_prices() -> Catalog:
    """The catalog shipped in the installed genai-prices package (offline)."""
    try:
        import importlib.metadata

        from genai_prices import data
    except ImportError:
        raise LlmcostError("--catalog needs the genai-prices catalog: pip install 'llmcost[catalog]'") from None
    version = importlib.metadata.version("genai-prices")
    return Catalog(f"genai-prices {version}", _plain(list(data.providers)))


def load_genai_json(path: str) -> Catalog:
    data = read_json(path)
    if not isinstance(data, list):
        raise LlmcostError(f"{path}: not a genai-prices data file (expected a list of providers)")
    return Catalog(f"genai-prices file {Path(path).name}", data)


def read_json(path: str, unreadable: str = "not readable JSON", invalid: str = "not readable JSON") -> Any:
    """A catalog's JSON, any failure one `error:` naming the file: the one reader of both catalog
    files (genai-prices' here, LiteLLM's for `pricing import`), whose messages differ only in
    the words `unreadable` (cannot open or not UTF-8) and `invalid` (not JSON)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise LlmcostError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LlmcostError(f"{path}: {unreadable}: {exc}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LlmcostError(f"{path}: {invalid}: {exc}") from None


def matches(rule: Any, name: str) -> bool:
    """genai-prices match clauses: equals, starts_with, ends_with, contains, regex, or, and."""
    if not isinstance(rule, dict):
        return False
    for op, arg in rule.items():
        op = op.rstrip("_")
        if op == "or":
            return any(matches(r, name) for r in arg)
        if op == "and":
            return all(matches(r, name) for r in arg)
        text = str(arg).lower()
        if op == "equals":
            return name == text
        if op == "starts_with":
            return name.startswith(text)
        if op == "ends_with":
            return name.endswith(text)
        if op == "contains":
            return text in name
        if op == "regex":
            return re.search(str(arg), name) is not None
    return False


# genai-prices price variants (request context → prices) that are llmcost service tiers.
VARIANTS = {
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}


def to_entry(name: str, model: dict[str, Any], source: str) -> Entry | None:
    """A genai-prices model → Entry: one dated version per date on which its prices, long-context
    tiers or service-tier variants change, each complete as of that date — genai-prices resolves
    them per request date, and so must we (a tier that ends on a date must not price calls after
    it). Time-of-day prices are left out."""
    items = _conditional(model.get("prices"))
    variants = [v for v in model.get("price_variants") or [] if "start_time" not in (v.get("constraint") or {})]
    if not items:
        return None
    dates = {_start(i) for i in items} | {_start(v) for v in variants}
    versions: list[Version] = []
    for day in [None, *sorted(d for d in dates if d is not None)]:
        version = _version_on(day, items, variants)
        if version is not None and not (versions and _same(versions[-1], version)):
            versions.append(version)
    return Entry(name, (), tuple(versions), source=source) if versions else None


def _conditional(prices: Any) -> list[dict[str, Any]]:
    """The model's price list as ConditionalPrice items, without time-of-day ones."""
    items = prices if isinstance(prices, list) else [{"prices": prices or {}}]
    return [i for i in items if "start_time" not in (i.get("constraint") or {})]


def _start(item: dict[str, Any]) -> dt.date | None:
    start = (item.get("constraint") or {}).get("start_date")
    return dt.date.fromisoformat(str(start)[:10]) if start else None


def _active(item: dict[str, Any], day: dt.date | None) -> bool:
    start = _start(item)
    return start is None or (day is not None and start <= day)


def _version_on(day: dt.date | None, items: list[dict[str, Any]], variants: list[dict[str, Any]]) -> Version | None:
    """genai-prices' rule: the last active price (else the first), then each service tier's
    variants, first to last, each price key taken from the first variant that sets it."""
    base = next((i for i in reversed(items) if _active(i, day)), items[0])
    rates, tiers = _rates(base.get("prices") or {})
    if rates is None:
        return None
    specials: dict[str, ServiceTier] = {}
    for ours, context in VARIANTS.items():
        chosen: dict[str, Any] = {}
        for variant in variants:
            when = variant.get("when") or {}
            if _active(variant, day) and when and all(context.get(k) == v for k, v in when.items()):
                for key, value in (variant.get("prices") or {}).items():
                    chosen.setdefault(key, value)
        prices, own_tiers = _prices(chosen)
        if prices or own_tiers:
            specials[ours] = ServiceTier(prices=prices, tiers=own_tiers)
    given = base.get("prices") or {}
    named = frozenset(k for k, theirs in GENAI_KEYS.items() if given.get(theirs) is not None)
    return Version(day, rates, 0.0, tiers, specials, named)


def _same(a: Version, b: Version) -> bool:
    """Versions equal but for their start date (then the later one adds nothing)."""
    return dataclasses.replace(a, start=None) == dataclasses.replace(b, start=None)


def _prices(price: dict[str, Any]) -> tuple[dict[str, float], tuple[Tier, ...]]:
    """The prices a genai-prices ModelPrice names (per million tokens), and its tiers by threshold."""
    values: dict[str, float] = {}
    tiers: dict[int, dict[str, float]] = {}
    for ours, theirs in GENAI_KEYS.items():
        value = price.get(theirs)
        if isinstance(value, dict):
            for tier in value.get("tiers", []):
                tiers.setdefault(int(tier["start"]), {})[ours] = float(tier["price"])
            value = value.get("base")
        if value is not None:
            values[ours] = float(value)
    return values, tuple(Tier(t, v) for t, v in sorted(tiers.items()))


def _rates(price: dict[str, Any]) -> tuple[Rates | None, tuple[Tier, ...]]:
    values, tiers = _prices(price)
    if "input" not in values or "output" not in values:
        return None, ()
    values.setdefault("cached_input", values["input"])
    values.setdefault("cache_write", values["input"])
    values.setdefault("cache_write_1h", values["cache_write"])
    return Rates(**values), tiers


# LiteLLM's per-token keys for our five prices; long-context (`_above_200k_tokens`) and
# service-tier (`_batches`, `_flex`, `_priority`) prices are these names with a suffix.
LITELLM_KEYS = {
    "input": "input_cost_per_token",
    "output": "output_cost_per_token",
    "cached_input": "cache_read_input_token_cost",
    "cache_write": "cache_creation_input_token_cost",
    "cache_write_1h": "cache_creation_input_token_cost_above_1hr",
}
LITELLM_TIERS = {"batch": "_batches", "flex": "_flex", "priority": "_priority"}
ABOVE = re.compile(r"_above_(\d+)k_tokens$")


def litellm_entry(name: str, item: dict[str, Any]) -> dict[str, Any] | None:
    """A LiteLLM price (USD per token) as a pricing.yaml entry (USD per million tokens), with its
    long-context tiers and its batch, flex and priority prices as service tiers."""
    entry = _litellm_prices(item, "")
    if "input" not in entry or "output" not in entry:
        return None
    specials = {}
    for ours, suffix in LITELLM_TIERS.items():
        special = _litellm_prices(item, suffix)
        if special:
            specials[ours] = _scaled_tiers(entry, special)
    if specials:
        entry["service_tiers"] = specials
    return entry


def _scaled_tiers(standard: dict[str, Any], special: dict[str, Any]) -> dict[str, Any]:
    """LiteLLM prices a service-tier call above a long-context threshold, for a key with no
    `_above_Nk_tokens_flex` price of its own, at the standard long-context price scaled by the
    service tier's ratio for that key (gemini-2.5-pro flex above 200k: input 2.50 × 0.625/1.25 =
    1.25, Google's published figure). Written out as the service tier's own tiers."""
    tiers = {t["above_input_tokens"]: dict(t) for t in special.get("tiers", [])}
    for tier in standard.get("tiers", []):
        own = tiers.setdefault(tier["above_input_tokens"], {"above_input_tokens": tier["above_input_tokens"]})
        for key, price in tier.items():
            if key in special and key not in own and key != "above_input_tokens" and standard.get(key):
                own[key] = round(price * special[key] / standard[key], 9)
    merged = [t for _, t in sorted(tiers.items()) if len(t) > 1]
    return {**special, "tiers": merged} if merged else special


def _litellm_prices(item: dict[str, Any], suffix: str) -> dict[str, Any]:
    """Our prices for one LiteLLM suffix ("" = standard), plus `tiers` from `_above_Nk_tokens` keys."""

    def per_million(key: str) -> float | None:
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return round(float(value) * 1_000_000, 9)

    out: dict[str, Any] = {}
    tiers: dict[int, dict[str, float]] = {}
    writes = "cache_creation_input_token_cost" in item  # else LiteLLM never charges a write price
    for ours, theirs in LITELLM_KEYS.items():
        if ours.startswith("cache_write") and not writes:
            continue
        value = per_million(theirs + suffix)
        if value is not None:
            out[ours] = value
        for key in item:
            found = ABOVE.search(key[: len(key) - len(suffix)] if suffix and key.endswith(suffix) else key)
            if (
                found
                and key == f"{theirs}_above_{found.group(1)}k_tokens{suffix}"
                and (price := per_million(key)) is not None
            ):
                tiers.setdefault(int(found.group(1)) * 1000, {})[ours] = price
    if tiers:
        out["tiers"] = [{"above_input_tokens": t, **v} for t, v in sorted(tiers.items())]
    return out


def genai_entry(entry: Entry) -> dict[str, Any]:
    """An Entry from genai-prices as a pricing.yaml entry: dated versions kept, each with its
    own tiers and service tiers (a version before the first date starts on 2020-01-01)."""
    if len(entry.versions) == 1 and entry.versions[0].start is None:
        return version_yaml(entry.versions[0])
    first = entry.versions[0].start or dt.date(2020, 1, 1)
    return {"prices": [{"from": (v.start or first).isoformat(), **version_yaml(v)} for v in entry.versions]}


def version_yaml(version: Version) -> dict[str, Any]:
    """One version's prices as pricing.yaml keys."""
    out: dict[str, Any] = {k: getattr(version.rates, k) for k in RATE_KEYS if k in version.named}
    if version.batch_discount:
        out["batch_discount"] = version.batch_discount
    if version.tiers:
        out["tiers"] = tiers_yaml(version.tiers)
    if version.service_tiers:
        out["service_tiers"] = {name: special_yaml(s) for name, s in version.service_tiers.items()}
    return out


def special_yaml(special: ServiceTier) -> float | dict[str, Any]:
    if special.factor is not None:
        return special.factor
    return {**special.prices, **({"tiers": tiers_yaml(special.tiers)} if special.tiers else {})}


def tiers_yaml(tiers: tuple[Tier, ...]) -> list[dict[str, Any]]:
    return [{"above_input_tokens": t.above_input_tokens, **t.overrides} for t in tiers]
