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
from llmcost.pricing import RATE_KEYS, Entry, Rates, Tier, Version

GENAI_KEYS = {"input": "input_mtok", "cached_input": "cache_read_mtok", "cache_write": "cache_write_mtok",
              "cache_write_1h": "cache_write_1h_mtok", "output": "output_mtok"}


@dataclass
class Catalog:
    """Providers of models, each with a match rule, in the catalog's order."""

    name: str
    providers: list[dict[str, Any]]

    def entries(self) -> list[Entry]:
        """Every model's entry (for the price boundaries the rows are bucketed by)."""
        if not hasattr(self, "_entries"):
            self._entries = [e for p in self.providers for m in p.get("models", [])
                             if (e := to_entry(f"{p['id']}/{m['id']}", m.get("prices"), self.name))]
        return self._entries

    def resolve(self, model: str) -> Entry | None:
        """Providers whose own rule names the model first (as genai-prices does), then the rest."""
        key = model.strip().lower()
        ordered = sorted(self.providers, key=lambda p: not matches(p.get("model_match"), key))
        for provider in ordered:
            for item in provider.get("models", []):
                if matches(item.get("match"), key) or item.get("id", "").lower() == key:
                    entry = to_entry(f"{provider['id']}/{item['id']}", item.get("prices"), self.name)
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
    data = _read_json(path)
    if not isinstance(data, list):
        raise LlmcostError(f"{path}: not a genai-prices data file (expected a list of providers)")
    return Catalog(f"genai-prices file {Path(path).name}", data)


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LlmcostError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise LlmcostError(f"{path}: not readable JSON: {exc}") from None


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


def to_entry(name: str, prices: Any, source: str) -> Entry | None:
    """ModelPrice (or dated ConditionalPrice list) → Entry; time-of-day prices are left out."""
    items = prices if isinstance(prices, list) else [{"prices": prices}]
    versions: list[Version] = []
    tiers: dict[int, dict[str, float]] = {}
    for item in items:
        constraint = item.get("constraint") or {}
        if "start_time" in constraint:  # off-peak prices by time of day: not modelled
            continue
        start = constraint.get("start_date")
        rates, item_tiers = _rates(item.get("prices") or {})
        if rates is None:
            continue
        versions.append(Version(dt.date.fromisoformat(start) if start else None, rates, 0.0))
        for threshold, values in item_tiers.items():
            tiers.setdefault(threshold, {}).update(values)
    if not versions:
        return None
    return Entry(name, (), tuple(sorted(versions, key=lambda v: v.start or dt.date.min)),
                 tuple(Tier(t, v) for t, v in sorted(tiers.items())), source=source)


def _rates(price: dict[str, Any]) -> tuple[Rates | None, dict[int, dict[str, float]]]:
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
    if "input" not in values or "output" not in values:
        return None, {}
    values.setdefault("cached_input", values["input"])
    values.setdefault("cache_write", values["input"])
    values.setdefault("cache_write_1h", values["cache_write"])
    return Rates(**values), tiers


def litellm_entry(name: str, item: dict[str, Any]) -> dict[str, Any] | None:
    """A LiteLLM price (USD per token) as a pricing.yaml entry (USD per million tokens)."""
    def per_million(key: str) -> float | None:
        value = item.get(key)
        return round(float(value) * 1_000_000, 6) if isinstance(value, int | float) else None

    entry = {"input": per_million("input_cost_per_token"), "output": per_million("output_cost_per_token"),
             "cached_input": per_million("cache_read_input_token_cost"),
             "cache_write": per_million("cache_creation_input_token_cost"),
             "cache_write_1h": per_million("cache_creation_input_token_cost_above_1hr")}
    if entry["input"] is None or entry["output"] is None:
        return None
    batch = per_million("input_cost_per_token_batches")
    if batch is not None and entry["input"]:
        entry["batch_discount"] = round(1 - batch / entry["input"], 6)
    tier = {k: per_million(f"{key}_above_200k_tokens") for k, key in
            (("input", "input_cost_per_token"), ("output", "output_cost_per_token"),
             ("cached_input", "cache_read_input_token_cost"))}
    if tier["input"] is not None:
        entry["tiers"] = [{"above_input_tokens": 200000, **{k: v for k, v in tier.items() if v is not None}}]
    return {k: v for k, v in entry.items() if v is not None}


def genai_entry(entry: Entry) -> dict[str, Any]:
    """An Entry from genai-prices as a pricing.yaml entry (dated versions kept)."""
    def rates(version: Version) -> dict[str, float]:
        return {k: getattr(version.rates, k) for k in RATE_KEYS}

    out: dict[str, Any]
    if len(entry.versions) == 1 and entry.versions[0].start is None:
        out = rates(entry.versions[0])
    else:
        first = entry.versions[0].start or dt.date(2020, 1, 1)
        out = {"prices": [{"from": (v.start or first).isoformat(), **rates(v)} for v in entry.versions]}
    if entry.tiers:
        out["tiers"] = [{"above_input_tokens": t.above_input_tokens, **t.overrides} for t in entry.tiers]
    return out
