"""pricing.yaml, over the bundled price list → a validated, typed PriceBook.

Every key is checked: a typo in a price file silently changes every figure, so
unknown keys, negative prices, overlapping dates and tiers without thresholds
are errors naming the file, line and key.

Prices come in layers, and the first that names a model wins: the user's file (if
any), then the list of public list prices shipped in the package
(`llmcost/data/prices.yaml`), then the genai-prices catalog when it is turned on. The
bundled list is what lets `llmcost cpi logs/` work in any folder; it holds no fixed
or amortized costs, so those come only from a file the user chose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import functools
import hashlib
import importlib.resources
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmcost.errors import LlmcostError, did_you_mean
from llmcost.rules import MAX_AMOUNT
from llmcost.yamlfile import Node, load_yaml

RATE_KEYS = ("input", "cached_input", "cache_write", "cache_write_1h", "output")
UNITS = {"per_1m_tokens": 1_000_000, "per_1k_tokens": 1_000}
TOP_KEYS = ("currency", "unit", "bundled", "models", "fixed_costs", "amortized", "outcomes")
LIST_KEYS = ("currency", "unit", "models")  # all the bundled list may hold: list prices, nothing of a company's
USER = "pricing"  # Entry.source of the user's own file
BUNDLED = "bundled list"  # Entry.source of the bundled list: "bundled list 2026-11-25" (its newest `checked:`)
MILLION = 1_000_000  # the bundled list's and the catalog's unit
LIST_CURRENCY = "USD"  # the bundled list's currency: never mixed into a book in another
ENTRY_KEYS = (*RATE_KEYS, "match", "batch_discount", "prices", "tiers", "service_tiers", "checked", "source", "note")
SERVICE_TIERS = ("standard", "batch", "flex", "priority")
VERSION_KEYS = (*RATE_KEYS, "from", "batch_discount", "tiers", "service_tiers", "note")
TIER_KEYS = (*RATE_KEYS, "above_input_tokens")
SPECIAL_KEYS = (*RATE_KEYS, "tiers")
FIXED_KEYS = ("name", "monthly", "models", "note")
AMORTIZED_KEYS = ("name", "total", "over_inferences", "models", "note")
OUTCOME_KEYS = ("review_cost",)


@dataclass(frozen=True)
class Rates:
    """Prices per `unit` tokens for each kind of token."""

    input: float
    cached_input: float
    cache_write: float
    cache_write_1h: float
    output: float


@dataclass(frozen=True)
class Tier:
    """Long-context prices: the whole call, when input tokens exceed the threshold. A tier
    names only the prices it changes; every tier a call is above applies, lowest first, so
    each price is that of the highest tier naming it (genai-prices' rule, key by key)."""

    above_input_tokens: int
    overrides: dict[str, float]


@dataclass(frozen=True)
class ServiceTier:
    """A service tier's prices: a multiplier of every (tiered) price, or prices of its own.
    Own prices replace the standard price of the keys they name at every prompt size, unless
    the service tier has long-context tiers of its own; the keys they do not name keep the
    standard (tiered) price. That is how providers publish batch/flex/priority tables, and how
    genai-prices' price variants and LiteLLM's `*_flex` keys are applied."""

    factor: float | None = None
    prices: dict[str, float] = field(default_factory=dict)
    tiers: tuple[Tier, ...] = ()


@dataclass(frozen=True)
class Version:
    """Prices in effect from `start` (UTC midnight) on; None = since always. Tiers and service
    tiers belong to a version: providers change them on their own dates too."""

    start: dt.date | None
    rates: Rates
    batch_discount: float
    tiers: tuple[Tier, ...] = ()
    service_tiers: dict[str, ServiceTier] = field(default_factory=dict)
    named: frozenset[str] = frozenset(RATE_KEYS)  # the prices given; the others follow `input`

    def special(self, service_tier: str) -> ServiceTier:
        """The service tier's prices; batch without its own entry takes `batch_discount`."""
        found = self.service_tiers.get(service_tier)
        if found is not None:
            return found
        return ServiceTier(factor=1 - self.batch_discount if service_tier == "batch" else 1.0)

    def thresholds(self) -> set[int]:
        """Every long-context threshold of this version, its service tiers' included."""
        own = {t.above_input_tokens for t in self.tiers}
        return own | {t.above_input_tokens for s in self.service_tiers.values() for t in s.tiers}


def _apply_tiers(values: dict[str, float], tiers: tuple[Tier, ...], threshold: int | None) -> set[str]:
    """Apply the tiers the call is above; return the prices they named."""
    named: set[str] = set()
    for tier in tiers:
        if threshold is not None and tier.above_input_tokens <= threshold:
            values.update(tier.overrides)
            named |= tier.overrides.keys()
    return named


def _derive(values: dict[str, float], named: set[str]) -> None:
    """Prices never given follow the call's own input price — its long-context and service-tier
    input included — as genai-prices and LiteLLM price them: a flex call's cache writes on a
    model with no write price cost flex input, not standard input."""
    for key in ("cached_input", "cache_write"):
        if key not in named:
            values[key] = values["input"]
    if "cache_write_1h" not in named:
        values["cache_write_1h"] = values["cache_write"]


@dataclass(frozen=True)
class Entry:
    name: str
    patterns: tuple[str, ...]
    versions: tuple[Version, ...]
    checked: str | None = None
    source: str = USER  # where it was read: USER (the file), "bundled list DATE" or a catalog's name
    reference: str | None = None  # the file's `source:` text: where its figures come from

    def version_at(self, day: dt.date | None) -> Version | None:
        """The version in effect on `day` (None = before every dated boundary)."""
        best = None
        for version in self.versions:
            if version.start is None or (day is not None and version.start <= day):
                best = version
        return best

    def rates(self, day: dt.date | None, threshold: int | None, service_tier: str) -> tuple[Rates, Version] | None:
        """Prices of a call: dated version, its long-context tiers, then the service tier.

        `threshold` is the highest tier boundary the call's input is above (None: none)."""
        version = self.version_at(day)
        if version is None:
            return None
        values = dict(vars(version.rates))
        named = set(version.named) | _apply_tiers(values, version.tiers, threshold)
        special = version.special(service_tier)
        if special.factor is None:
            values.update(special.prices)
            named |= special.prices.keys() | _apply_tiers(values, special.tiers, threshold)
        _derive(values, named)
        if special.factor is not None:
            values = {k: v * special.factor for k, v in values.items()}
        return Rates(**values), version


def is_bundled(source: str | None) -> bool:
    """Whether an entry (or a priced row's `price_source`) comes from the bundled list."""
    return source is not None and source.startswith(BUNDLED)


def _rank(entry: Entry) -> int:
    """The entry's layer: 0 the user's file, 1 the bundled list (the catalog is asked only after both)."""
    return 0 if entry.source == USER else 1


@dataclass(frozen=True)
class FixedCost:
    name: str
    monthly: float
    models: tuple[str, ...] | None


@dataclass(frozen=True)
class Amortized:
    name: str
    total: float
    over_inferences: int
    models: tuple[str, ...] | None

    @property
    def per_inference(self) -> float:
        return self.total / self.over_inferences


@dataclass(frozen=True)
class PriceBook:
    path: str
    digest: str
    currency: str
    unit_tokens: int
    entries: tuple[Entry, ...]
    fixed_costs: tuple[FixedCost, ...] = ()
    amortized: tuple[Amortized, ...] = ()
    review_cost: float | None = None
    _by_name: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    catalog: Any = None  # a catalog.Catalog, consulted only for models no entry prices
    _from_catalog: dict[str, Entry | None] = field(default_factory=dict, compare=False, repr=False)
    from_file: bool = True  # False: no pricing file was given or found (list prices alone)
    bundled: str | None = None  # the bundled list's label when its entries are in `entries`
    # Lazily built, and never carried over by dataclasses.replace (init=False): a copy with
    # other entries (whatif --price) must not match against the old ones.
    _globs: dict[str, list[tuple[int, int, int, re.Pattern[str], Entry]]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _matched: dict[str, Entry | None] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def searched(self) -> str:
        """Where a model's price was looked for, for messages about unpriced models."""
        if not self.from_file:
            return f"the {self.path}"
        return f"{self.path} or the {self.bundled}" if self.bundled else self.path

    def resolve(self, model: str | None) -> Entry | None:
        """The file's entry, then the bundled list's (exact name, then longest glob, in each);
        else the catalog's, if one is on, in this book's unit."""
        entry = self.own(model)
        if entry is None and model is not None and self.catalog is not None:
            key = model.strip().lower()
            if key not in self._from_catalog:
                found = self.catalog.resolve(key)
                self._from_catalog[key] = in_unit(found, self.unit_tokens) if found else None
            entry = self._from_catalog[key]
        return entry

    def own(self, model: str | None) -> Entry | None:
        """Layer by layer (the user's entries, then the bundled list's): exact name first, then the
        longest matching glob (case-insensitive); the first entry listed wins between globs of one
        length. So a glob of the user's beats a bundled entry's own name. Each distinct name is
        matched once."""
        if model is None:
            return None
        key = model.strip().lower()
        exact = self._by_name.get(key)
        if exact is not None and _rank(exact) == 0:
            return exact
        if key not in self._matched:
            glob = self._longest_glob(key)
            won = exact is not None and (glob is None or _rank(exact) <= _rank(glob))
            self._matched[key] = exact if won else glob
        return self._matched[key]

    def _longest_glob(self, key: str) -> Entry | None:
        """Only the globs whose literal head (up to the first wildcard) starts `key`, or whose
        literal tail ends it, are tried: 10,000 globs × 20,000 names costs names × their length,
        not names × globs. Globs with wildcards at both ends are tried on every name."""
        if not self._globs:
            self._index_globs()
        candidates = [c for end in range(len(key) + 1) for c in self._globs.get("^" + key[:end], ())]
        candidates += [c for start in range(len(key) + 1) for c in self._globs.get("$" + key[start:], ())]
        best: tuple[int, int, int, Entry] | None = None
        for rank, length, order, compiled, entry in [*candidates, *self._globs.get("*", ())]:
            if compiled.match(key) and (best is None or (rank, length, order) < best[:3]):
                best = (rank, length, order, entry)
        return best[3] if best else None

    def _index_globs(self) -> None:
        for order, entry in enumerate(self.entries):
            for pattern in entry.patterns:
                low = pattern.lower()
                parts = re.split(r"[*?\[\]]", low)
                key = f"^{parts[0]}" if parts[0] else f"${parts[-1]}" if parts[-1] else "*"
                compiled = re.compile(fnmatch.translate(low))
                self._globs.setdefault(key, []).append((_rank(entry), -len(pattern), order, compiled, entry))

    def all_entries(self) -> list[Entry]:
        """Every entry of every layer: the file's, the bundled list's, the catalog's."""
        extra = self.catalog.entries() if self.catalog is not None else []
        return [*self.entries, *extra]

    def date_breaks(self) -> list[dt.date]:
        """Every dated price boundary in the book (and catalog), sorted: rows are bucketed by these."""
        return sorted({v.start for e in self.all_entries() for v in e.versions if v.start})

    def tier_breaks(self) -> list[int]:
        """Every tier threshold in the book (and catalog), sorted: rows are bucketed by these."""
        return sorted({t for e in self.all_entries() for v in e.versions for t in v.thresholds()})


class _Checker:
    """Validation helpers that know the file name, for one-line errors."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Node | None, key: str | None, message: str) -> LlmcostError:
        line = node.line_of(key) if isinstance(node, Node) and key else getattr(node, "line", 0)
        where = f", line {line}" if line else ""
        return LlmcostError(f"{self.path}{where}: {message}")

    def mapping(self, value: Any, where: str, allowed: tuple[str, ...], parent: Any = None) -> Node:
        """`value` as a mapping with only `allowed` keys (load_yaml builds every mapping as a Node)."""
        if not isinstance(value, Node):
            raise self.fail(parent, None, f"{where} must be a mapping")
        for key in value:
            if key not in allowed:
                raise self.fail(value, key, f"unknown key '{key}' in {where}{did_you_mean(key, allowed)}")
        return value

    def number(self, node: Node, key: str, where: str, *, positive: bool = False) -> float:
        value = node[key]
        if value is None:  # `input: null  # TODO` as `llmcost init` writes for a model no list knows
            raise self.fail(node, key, f"{where}.{key} is empty: fill in the price (a number, e.g. 2.50)")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(node, key, f"{where}.{key} must be a finite number, not {value!r}")
        if value < 0 or (positive and value == 0):
            sign = "positive" if positive else "≥ 0"
            raise self.fail(node, key, f"{where}.{key} must be {sign}, not {value}")
        if value > MAX_AMOUNT:  # a price or fixed cost of 1e308 made every total inf
            raise self.fail(node, key, f"{where}.{key} must be at most 10^15, not {value:g}")
        return float(value)

    def names(self, node: Node, key: str, where: str) -> tuple[str, ...] | None:
        if key not in node:
            return None
        value = node[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(node, key, f"{where}.{key} must be a list of names")
        return tuple(value)


def load_pricing(path: str | Path | None) -> PriceBook:
    """The prices a run uses: the user's pricing file (None: none was given or found) over the
    bundled list, unless the file says `bundled: false` or is in another currency. The digest
    covers every file that prices the run, so a figure can be reproduced later."""
    if path is None:
        return dataclasses.replace(bundled_list(), from_file=False)
    raw = Path(path).read_bytes() if Path(path).is_file() else b""
    data = load_yaml(path)
    check = _Checker(str(path))
    if data is None:
        raise LlmcostError(f"{path}: empty pricing file")
    top = check.mapping(data, "the pricing file", TOP_KEYS)
    layered = _flag(check, top, "bundled") and str(top.get("currency", "USD")).strip().upper() == LIST_CURRENCY
    listed = bundled_list() if layered else None
    book = _read(check, top, {e.name.lower() for e in listed.entries} if listed else set())
    if listed is None:
        return dataclasses.replace(book, digest=hashlib.sha256(raw).hexdigest()[:8])
    return _layer(book, listed, raw)


def _read(check: _Checker, top: Node, listed: set[str]) -> PriceBook:
    """One validated file; fixed and amortized costs may name its models and the `listed` ones."""
    unit = top.get("unit", "per_1m_tokens")
    if not isinstance(unit, str) or unit not in UNITS:  # a list or mapping is unhashable: check the type first
        shown = repr(unit) if isinstance(unit, str | int | float) else type(unit).__name__
        raise check.fail(top, "unit", f"unit must be one of {', '.join(UNITS)}, not {shown}")
    models = top.get("models")
    if models is None:  # no models of one's own: every price from the bundled list (or catalog)
        models = Node()
    if not isinstance(models, Node):  # load_yaml builds every mapping as a Node
        raise check.fail(top, "models", "'models' must map names to prices")
    entries = tuple(_entry(check, models, str(name)) for name in models)
    _check_patterns(check, models, entries)
    names = {e.name.lower() for e in entries} | listed
    fixed = tuple(_fixed(check, item, i, names) for i, item in enumerate(_items(check, top, "fixed_costs")))
    amort = tuple(_amortized(check, item, i, names) for i, item in enumerate(_items(check, top, "amortized")))
    review = None
    if "outcomes" in top:
        outcomes = check.mapping(top["outcomes"], "outcomes", OUTCOME_KEYS, top)
        review = check.number(outcomes, "review_cost", "outcomes") if "review_cost" in outcomes else None
    by_name = {e.name.lower(): e for e in entries}
    return PriceBook(
        check.path, "", str(top.get("currency", "USD")), UNITS[unit], entries, fixed, amort, review, by_name
    )


def _flag(check: _Checker, top: Node, key: str) -> bool:
    value = top.get(key, True)
    if not isinstance(value, bool):
        raise check.fail(top, key, f"{key} must be true or false, not {value!r}")
    return value


def _layer(book: PriceBook, listed: PriceBook, raw: bytes) -> PriceBook:
    """The user's entries, then the bundled list's — but for those the user's file names: an
    entry of the same name replaces the bundled one whole, `match:` names included, so no model
    has two homes. The digest hashes both files."""
    names = {e.name.lower() for e in book.entries}
    extra = tuple(in_unit(e, book.unit_tokens) for e in listed.entries if e.name.lower() not in names)
    entries = (*book.entries, *extra)
    digest = hashlib.sha256(hashlib.sha256(raw).digest() + _bundled()[1]).hexdigest()[:8]
    return dataclasses.replace(
        book, digest=digest, entries=entries, _by_name={e.name.lower(): e for e in entries}, bundled=listed.bundled
    )


def bundled_list() -> PriceBook:
    """The list prices shipped as package data, read and validated once per process. Each entry's
    source is the list's label, "bundled list" and its newest `checked:` date."""
    return _bundled()[0]


@functools.cache
def _bundled() -> tuple[PriceBook, bytes]:
    """The bundled list and the SHA-256 of its bytes (for the digest of a book layered on it)."""
    resource = importlib.resources.files("llmcost") / "data" / "prices.yaml"
    with importlib.resources.as_file(resource) as path:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise LlmcostError(
                f"the bundled price list is missing from this install ({exc}): reinstall llmcost, "
                "or give a pricing file with 'bundled: false'"
            ) from None
        check = _Checker(str(path))
        top = check.mapping(load_yaml(path), "the bundled price list", LIST_KEYS)
        book = _read(check, top, set())
        if book.currency != LIST_CURRENCY or book.unit_tokens != MILLION:  # what layering and in_unit assume
            raise check.fail(top, "unit", f"the bundled price list must be in {LIST_CURRENCY} per_1m_tokens")
    checked = max((e.checked for e in book.entries if e.checked), default="")
    label = f"{BUNDLED} {checked}".strip()
    entries = tuple(dataclasses.replace(e, source=label) for e in book.entries)
    listed = dataclasses.replace(
        book,
        path=label,
        digest=hashlib.sha256(raw).hexdigest()[:8],
        entries=entries,
        _by_name={e.name.lower(): e for e in entries},
        bundled=label,
    )
    return listed, hashlib.sha256(raw).digest()


def in_unit(entry: Entry, unit_tokens: int) -> Entry:
    """A list or catalog entry (USD per million tokens) in a book priced per `unit_tokens`:
    a file priced per 1K tokens must not charge list prices a thousand times over."""
    if unit_tokens == MILLION:
        return entry
    scale = unit_tokens / MILLION

    def tiers(items: tuple[Tier, ...]) -> tuple[Tier, ...]:
        return tuple(Tier(t.above_input_tokens, {k: v * scale for k, v in t.overrides.items()}) for t in items)

    def special(s: ServiceTier) -> ServiceTier:
        return ServiceTier(s.factor, {k: v * scale for k, v in s.prices.items()}, tiers(s.tiers))

    versions = tuple(
        dataclasses.replace(
            v,
            rates=Rates(**{k: x * scale for k, x in vars(v.rates).items()}),
            tiers=tiers(v.tiers),
            service_tiers={name: special(s) for name, s in v.service_tiers.items()},
        )
        for v in entry.versions
    )
    return dataclasses.replace(entry, versions=versions)


def _items(check: _Checker, top: Node, key: str) -> list[Any]:
    value = top.get(key) or []
    if not isinstance(value, list):
        raise check.fail(top, key, f"'{key}' must be a list")
    return value


def _rates(check: _Checker, node: Node, where: str, base: Rates | None) -> Rates:
    """Fill defaults: cached_input and cache_write default to input, 1h writes to cache_write."""
    given = {k: check.number(node, k, where) for k in RATE_KEYS if k in node}
    if base is None and ("input" not in given or "output" not in given):
        missing = "input" if "input" not in given else "output"
        raise check.fail(node, None, f"{where} has no '{missing}' price")
    values = dict(vars(base)) if base else {}
    values.update(given)
    values.setdefault("cached_input", values["input"])
    values.setdefault("cache_write", values["input"])
    values.setdefault("cache_write_1h", values["cache_write"])
    return Rates(**values)


def _discount(check: _Checker, node: Node, where: str, default: float) -> float:
    if "batch_discount" not in node:
        return default
    value = check.number(node, "batch_discount", where)
    if value > 1:
        raise check.fail(node, "batch_discount", f"{where}.batch_discount is a fraction (0–1), not {value}")
    return value


def _entry(check: _Checker, models: Node, name: str) -> Entry:
    where = f"models.{name}"
    node = check.mapping(models[name], where, ENTRY_KEYS, models)
    discount = _discount(check, node, where, 0.0)
    tiers = _tiers(check, node, where)
    specials = _service_tiers(check, node, where)
    if "prices" in node:
        flat = [k for k in RATE_KEYS if k in node]
        if flat:
            raise check.fail(node, flat[0], f"{where}: give prices either flat or under 'prices:', not both")
        versions = _versions(check, node, where, discount, tiers, specials)
    else:
        versions = (Version(None, _rates(check, node, where, None), discount, tiers, specials, _named(node)),)
    patterns = check.names(node, "match", where) or ()
    checked, reference = node.get("checked"), node.get("source")
    return Entry(
        name, patterns, versions, str(checked) if checked else None, reference=str(reference) if reference else None
    )


def _service_tiers(check: _Checker, node: Node, where: str) -> dict[str, ServiceTier]:
    """service_tiers: {flex: 0.5, priority: {input: 4.25, output: 17, tiers: [...]}} — a multiplier or prices."""
    if "service_tiers" not in node:
        return {}
    tiers = check.mapping(node["service_tiers"], f"{where}.service_tiers", SERVICE_TIERS, node)
    out: dict[str, ServiceTier] = {}
    for name in tiers:
        twhere = f"{where}.service_tiers.{name}"
        if isinstance(tiers[name], dict):
            prices = check.mapping(tiers[name], twhere, SPECIAL_KEYS, tiers)
            own = {k: check.number(prices, k, twhere) for k in RATE_KEYS if k in prices}
            out[name] = ServiceTier(prices=own, tiers=_tiers(check, prices, twhere))
            if not own and not out[name].tiers:
                raise check.fail(prices, None, f"{twhere} sets no price")
        else:
            out[name] = ServiceTier(factor=check.number(tiers, name, f"{where}.service_tiers", positive=True))
    return out


def _versions(
    check: _Checker, node: Node, where: str, discount: float, tiers: tuple[Tier, ...], specials: dict[str, ServiceTier]
) -> tuple[Version, ...]:
    """Dated versions; each is complete, and takes the entry's tiers and service tiers unless it has its own."""
    items = node["prices"]
    if not isinstance(items, list) or not items:
        raise check.fail(node, "prices", f"{where}.prices must be a non-empty list")
    versions: list[Version] = []
    for i, item in enumerate(items):
        vwhere = f"{where}.prices[{i}]"
        vnode = check.mapping(item, vwhere, VERSION_KEYS, node)
        start = _date(check, vnode, vwhere)
        rates = _rates(check, vnode, vwhere, None)  # each dated entry is complete by itself
        if versions and versions[-1].start is not None and start <= versions[-1].start:
            raise check.fail(
                vnode,
                "from",
                f"{vwhere}.from {start} overlaps the entry before it "
                f"({versions[-1].start}); list prices in date order, one per date",
            )
        own_tiers = _tiers(check, vnode, vwhere) if "tiers" in vnode else tiers
        own_specials = _service_tiers(check, vnode, vwhere) if "service_tiers" in vnode else specials
        versions.append(
            Version(start, rates, _discount(check, vnode, vwhere, discount), own_tiers, own_specials, _named(vnode))
        )
    return tuple(versions)


def _named(node: Node) -> frozenset[str]:
    return frozenset(k for k in RATE_KEYS if k in node)


def _date(check: _Checker, vnode: Node, vwhere: str) -> dt.date:
    start = vnode.get("from")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise check.fail(vnode, "from", f"{vwhere}.from must be a date (YYYY-MM-DD)") from None
    if not isinstance(start, dt.date):
        raise check.fail(vnode, "from" if "from" in vnode else None, f"{vwhere} needs a 'from' date")
    return start.date() if isinstance(start, dt.datetime) else start


def _tiers(check: _Checker, node: Node, where: str) -> tuple[Tier, ...]:
    items = node.get("tiers") or []
    if not isinstance(items, list):
        raise check.fail(node, "tiers", f"{where}.tiers must be a list")
    tiers = []
    for i, item in enumerate(items):
        twhere = f"{where}.tiers[{i}]"
        tnode = check.mapping(item, twhere, TIER_KEYS, node)
        if "above_input_tokens" not in tnode:
            raise check.fail(tnode, None, f"{twhere} has no 'above_input_tokens' threshold")
        threshold = tnode["above_input_tokens"]
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
            raise check.fail(tnode, "above_input_tokens", f"{twhere}.above_input_tokens must be a whole number ≥ 0")
        overrides = {k: check.number(tnode, k, twhere) for k in RATE_KEYS if k in tnode}
        if not overrides:
            raise check.fail(tnode, None, f"{twhere} sets no price")
        tiers.append(Tier(threshold, overrides))
    thresholds = [t.above_input_tokens for t in tiers]
    if len(set(thresholds)) != len(thresholds):
        raise check.fail(node, "tiers", f"{where}.tiers has two tiers with the same threshold")
    return tuple(sorted(tiers, key=lambda t: t.above_input_tokens))


def _check_patterns(check: _Checker, models: Node, entries: tuple[Entry, ...]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        for key in (entry.name, *entry.patterns):
            other = seen.setdefault(key.lower(), entry.name)
            if other != entry.name:
                raise check.fail(models, entry.name, f"models.{entry.name}: '{key}' is also matched by models.{other}")


def _known(check: _Checker, node: Node, names: tuple[str, ...] | None, where: str, known: set[str]) -> None:
    for name in names or ():
        if name.lower() not in known:
            extra = did_you_mean(name.lower(), sorted(known))
            raise check.fail(node, "models", f"{where}.models: '{name}' is not a model in this file{extra}")


def _fixed(check: _Checker, item: Any, i: int, known: set[str]) -> FixedCost:
    where = f"fixed_costs[{i}]"
    node = check.mapping(item, where, FIXED_KEYS)
    if "monthly" not in node:
        raise check.fail(node, None, f"{where} has no 'monthly' amount")
    models = check.names(node, "models", where)
    _known(check, node, models, where, known)
    return FixedCost(str(node.get("name", f"fixed-{i + 1}")), check.number(node, "monthly", where), models)


def _amortized(check: _Checker, item: Any, i: int, known: set[str]) -> Amortized:
    where = f"amortized[{i}]"
    node = check.mapping(item, where, AMORTIZED_KEYS)
    for key in ("total", "over_inferences"):
        if key not in node:
            raise check.fail(node, None, f"{where} has no '{key}'")
    over = node["over_inferences"]
    if isinstance(over, bool) or not isinstance(over, int) or over <= 0:
        raise check.fail(node, "over_inferences", f"{where}.over_inferences must be a whole number > 0")
    models = check.names(node, "models", where)
    _known(check, node, models, where, known)
    return Amortized(str(node.get("name", f"amortized-{i + 1}")), check.number(node, "total", where), over, models)
