"""llmcost.yaml: paths and settings that command-line options override."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmcost.errors import LlmcostError
from llmcost.yamlfile import Node, load_yaml

DEFAULT_NAME = "llmcost.yaml"
KEYS = (
    "logs", "pricing", "revenue", "customers", "spend", "columns", "preset",
    "token_convention", "model", "stage", "targets", "flag_threshold", "use_cases", "catalog",
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


def load_config(path: str | None) -> Config:
    """Read `path`, or ./llmcost.yaml when it exists; no file means defaults."""
    if path is None:
        if not Path(DEFAULT_NAME).is_file():
            return Config()
        path = DEFAULT_NAME
    data = load_yaml(path)
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise LlmcostError(f"{path}: must be a mapping of settings")
    _check_keys(path, data)
    base = Path(path).parent

    def rel(value: Any) -> str | None:
        if value is None:
            return None
        text = str(value)
        return text if "://" in text or Path(text).is_absolute() else str(base / text)

    logs = data.get("logs") or []
    logs = [logs] if isinstance(logs, str) else list(logs)
    convention = data.get("token_convention")
    if convention is not None and convention not in ("openai", "anthropic"):
        raise LlmcostError(f"{path}, line {data.line_of('token_convention')}: "
                           f"token_convention must be openai or anthropic, not {convention!r}")
    return Config(
        path=path,
        logs=[p for p in (rel(x) for x in logs) if p],
        pricing=rel(data.get("pricing")),
        revenue=rel(data.get("revenue")),
        customers=rel(data.get("customers")),
        spend=rel(data.get("spend")),
        columns={str(k): str(v) for k, v in (data.get("columns") or {}).items()},
        preset=data.get("preset"),
        token_convention=convention,
        model=data.get("model"),
        stage=str(data.get("stage", "early")),
        targets=dict(data.get("targets") or {}),
        flag_threshold=_threshold(path, data),
        use_cases={str(k): str(v) for k, v in (data.get("use_cases") or {}).items()},
        catalog=bool(data.get("catalog", False)),
    )


def _threshold(path: str, data: Node) -> float:
    """flag_threshold as a finite number: NaN compares false with everything, so a NaN
    threshold would flag everyone (or no one) without a word."""
    value = data.get("flag_threshold", 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LlmcostError(f"{path}, line {data.line_of('flag_threshold')}: flag_threshold must be a number "
                           f"such as 0 or 0.2, not {value!r}")
    return float(value)


def _check_keys(path: str, data: Node) -> None:
    for key in data:
        if key not in KEYS:
            hint = difflib.get_close_matches(str(key), KEYS, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise LlmcostError(f"{path}, line {data.line_of(key)}: unknown setting '{key}'{extra}")
