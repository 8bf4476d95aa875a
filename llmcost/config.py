"""llmcost.yaml: paths and settings that command-line options override."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmcost.errors import LlmcostError, did_you_mean
from llmcost.yamlfile import Node, load_yaml

DEFAULT_NAME = "llmcost.yaml"
STAGES = ("early", "growth")
ID_MATCHES = ("exact", "case-insensitive")  # customer_id_match: how file ids meet log ids
KEYS = (
    "logs",
    "pricing",
    "revenue",
    "customers",
    "spend",
    "columns",
    "preset",
    "token_convention",
    "model",
    "stage",
    "targets",
    "flag_threshold",
    "use_cases",
    "catalog",
    "timestamp_format",
    "customer_id_match",
    "plans",
)


@dataclass
class Config:
    """Settings from llmcost.yaml; relative paths are relative to the file itself."""

    path: str | None = None
    logs: list[str] = field(default_factory=list)
    pricing: str | None = None
    revenue: str | None = None
    customers: str | None = None
    spend: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    preset: str | None = None
    token_convention: str | None = None  # None: the preset's, else openai
    model: str | None = None
    stage: str = "early"
    targets: dict[str, Any] = field(default_factory=dict)
    flag_threshold: float = 0.0
    use_cases: dict[str, str] = field(default_factory=dict)
    catalog: bool = False
    timestamp_format: str | None = None  # strftime format of the logs' text timestamps, when not ISO 8601
    customer_id_match: str = "exact"  # or case-insensitive: revenue/customers ids meet log ids whatever their case
    plans: dict[str, Any] = field(default_factory=dict)  # plan name → llmcost.plans.Plan


def load_config(path: str | None) -> Config:
    """Read `path`, or ./llmcost.yaml when it exists; no file means defaults.

    Every setting is checked for its type here, so a list where a path belongs, or a word
    where a number belongs, is an `error:` naming the line and key, not a traceback later."""
    if path is None:
        if not Path(DEFAULT_NAME).is_file():
            return Config()
        path = DEFAULT_NAME
    data = load_yaml(path)
    if data is None:
        return Config(path=path)
    if not isinstance(data, Node):
        raise LlmcostError(f"{path}: must be a mapping of settings (key: value), not {type(data).__name__}")
    _check_keys(path, data)
    get = _Getter(path, data)
    base = Path(path).parent

    logs = data.get("logs") or []
    logs = [logs] if isinstance(logs, str) else logs
    if not isinstance(logs, list) or not all(isinstance(x, str) for x in logs):
        raise get.fail("logs", "logs must be a path or a list of paths")
    convention = get.text("token_convention")
    if convention is not None and convention not in ("openai", "anthropic"):
        raise get.fail("token_convention", f"token_convention must be openai or anthropic, not {convention!r}")
    stage = get.text("stage") or "early"
    if stage not in STAGES:
        raise get.fail("stage", f"stage must be {' or '.join(STAGES)}, not {stage!r}")
    return Config(
        path=path,
        logs=[p for p in (rel_path(base, x) for x in logs) if p],
        pricing=rel_path(base, get.text("pricing")),
        revenue=rel_path(base, get.text("revenue")),
        customers=rel_path(base, get.text("customers")),
        spend=rel_path(base, get.text("spend")),
        columns=_columns(get),
        preset=get.text("preset"),
        token_convention=convention,
        model=get.text("model"),
        stage=stage,
        targets=_targets(get),
        flag_threshold=_threshold(path, data),
        use_cases=_use_cases(get),
        catalog=get.flag("catalog"),
        timestamp_format=get.text("timestamp_format"),
        customer_id_match=_id_match(get),
        plans=_plans(get, base),
    )


def _id_match(get: _Getter) -> str:
    """customer_id_match: exact (the default) or case-insensitive; a typo must not quietly keep ids
    case-sensitive (the customers it was meant to join would stay unbilled)."""
    value = get.text("customer_id_match") or "exact"
    if value not in ID_MATCHES:
        raise get.fail(
            "customer_id_match",
            f"customer_id_match must be {' or '.join(ID_MATCHES)}, not {value!r}{did_you_mean(value, ID_MATCHES)}",
        )
    return value


def _plans(get: _Getter, base: Path) -> dict[str, Any]:
    """plans: the pricing plans, written here or in a file named here (relative to this one)."""
    from llmcost.plans import load_plans, parse_plans

    value = get.node.get("plans")
    if value is None:
        return {}
    if isinstance(value, str):
        return load_plans(rel_path(base, value) or value)
    if not isinstance(value, Node):
        raise get.fail("plans", f"plans must map plan names to prices, or name a plans file, not {_kind(value)}")
    return parse_plans(get.path, value)


def rel_path(base: Path, text: str | None) -> str | None:
    """A path relative to the config file's folder (URIs and absolute paths as they are)."""
    if not text:
        return None
    return text if "://" in text or Path(text).is_absolute() else str(base / text)


class _Getter:
    """Typed reads of one settings mapping, failing with the file, line and key."""

    def __init__(self, path: str, node: Node, where: str = "") -> None:
        self.path, self.node, self.where = path, node, where

    def fail(self, key: object, message: str) -> LlmcostError:
        return LlmcostError(f"{self.path}, line {self.node.line_of(key)}: {message}")

    def text(self, key: str) -> str | None:
        value = self.node.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.fail(
            key, f"{self.where}{key} must be text (quote it if it looks like a number or date), not {_kind(value)}"
        )

    def flag(self, key: str) -> bool:
        value = self.node.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{self.where}{key} must be true or false, not {_kind(value)}")
        return value

    def mapping(self, key: str) -> _Getter:
        """The settings under `key`; none (an empty mapping) when the key is absent or empty."""
        value = self.node.get(key)
        if value is not None and not isinstance(value, Node):
            raise self.fail(key, f"{key} must be a mapping (name: value), not {_kind(value)}")
        return _Getter(self.path, Node() if value is None else value, f"{key}.")


def _kind(value: object) -> str:
    """A short description of a wrong value: never its repr (it may be huge)."""
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if len(repr(value)) <= 40 else type(value).__name__


def _columns(get: _Getter) -> dict[str, str]:
    """canonical column → the log's column name; a misspelt canonical name would be ignored silently."""
    from llmcost.columns import COLUMNS

    sub = get.mapping("columns")
    return {str(key): _column(sub, key, tuple(COLUMNS)) for key in sub.node}


def _column(sub: _Getter, key: Any, known: tuple[str, ...]) -> str:
    """One `columns:` entry, checked in file order so the first mistake is the one named."""
    _known(sub, key, known, "column")
    name = sub.text(key)
    if not name:
        raise sub.fail(key, f"columns.{key} needs the name of a column in the logs")
    return name


def _targets(get: _Getter) -> dict[str, float]:
    """Dashboard target overrides: known metrics, finite numbers."""
    from llmcost.metrics.dashboard import TARGETS

    sub = get.mapping("targets")
    return {str(key): _target(sub, key, value, tuple(TARGETS)) for key, value in sub.node.items()}


def _target(sub: _Getter, key: Any, value: object, known: tuple[str, ...]) -> float:
    """One `targets:` entry: a known metric and a finite number (NaN would never flag)."""
    _known(sub, key, known, "metric")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise sub.fail(key, f"targets.{key} must be a number, not {_kind(value)}")
    return float(value)


def _use_cases(get: _Getter) -> dict[str, str]:
    """feature → use case. Features are ids: the key as written (`0123:` is feature '0123'),
    trimmed, case kept; use cases are the ones with targets."""
    from llmcost.metrics.efficiency import TARGETS

    sub = get.mapping("use_cases")
    return {sub.node.text_of(key).strip(): _use_case(sub, key, TARGETS) for key in sub.node}


def _use_case(sub: _Getter, key: Any, known: Collection[str]) -> str:
    """One `use_cases:` entry: a use case with targets, or efficiency would have none to compare."""
    use_case = sub.text(key)
    if use_case is None or use_case not in known:
        extra = did_you_mean(use_case, known, otherwise=f" (one of {', '.join(known)})")
        raise sub.fail(key, f"use_cases.{sub.node.text_of(key)}: unknown use case {use_case!r}{extra}")
    return use_case


def _known(sub: _Getter, key: object, allowed: tuple[str, ...], what: str) -> None:
    if key not in allowed:
        raise sub.fail(key, f"unknown {what} '{key}' in {sub.where.rstrip('.')}{did_you_mean(key, allowed)}")


def _threshold(path: str, data: Node) -> float:
    """flag_threshold as a finite number: NaN compares false with everything, so a NaN
    threshold would flag everyone (or no one) without a word."""
    value = data.get("flag_threshold", 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LlmcostError(
            f"{path}, line {data.line_of('flag_threshold')}: flag_threshold must be a number "
            f"such as 0 or 0.2, not {_kind(value)}"
        )
    return float(value)


def _check_keys(path: str, data: Node) -> None:
    for key in data:
        if key not in KEYS:
            raise LlmcostError(f"{path}, line {data.line_of(key)}: unknown setting '{key}'{did_you_mean(key, KEYS)}")
