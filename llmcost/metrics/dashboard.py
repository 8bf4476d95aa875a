"""The seven-metrics article's one-page dashboard: current value, target, status, action."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# metric: (label, unit, comparison, early target, growth target, action if off) — from the article's table.
TARGETS = {
    "cpi": ("Cost per inference (CPI)", "money", "<", 0.05, 0.02, "Optimize model choice"),
    "gross_margin": ("Gross margin", "percent", ">", 0.50, 0.70, "Increase price or reduce cost"),
    "cpi_trend_3m": ("Unit cost trend (3 months)", "change", "<=", -0.20, -0.30, "Audit model upgrades"),
    "prompt_tokens": ("Prompt efficiency (tokens per inference)", "tokens", "<", 2000, 1000, "Compress prompts"),
    "adjusted_cac": ("Adjusted CAC (90-day)", "money", "<", 100, 50, "Target specific verticals"),
    # Data flywheel: the article's proxies. Improving (early) = retry rate falling over 3 months;
    # stable (growth) = not rising more than 5 %. Feedback collection has no target in the article.
    "flywheel_retry_trend": (
        "Data flywheel: retry-rate change (3 months)",
        "change",
        "<",
        0.0,
        0.05,
        "Build feedback loops",
    ),
    "feedback_rate": ("Data flywheel: feedback collected", "percent", None, None, None, ""),
    "downgrade_tolerance": ("Model downgrade tolerance", "percent", ">", 0.60, 0.70, "Test cheaper models"),
}


@dataclass(frozen=True)
class Reading:
    """A metric's current value, or why there is none (e.g. 'needs --revenue')."""

    value: float | None
    needs: str | None = None
    basis: str | None = None  # what the value was computed from, said under the dashboard
    detail: str | None = None  # the concrete action when off: who or what, the figure, the command


def dashboard(readings: dict[str, Reading], stage: str, overrides: dict[str, float]) -> pl.DataFrame:
    """One row per metric; status 'ok', 'off', or 'needs …' when an input is missing.

    An off metric's action is the article's words, then the reading's `detail` when the data
    says who or what to act on ('Compress prompts: codegen's tokens above target cost $129.64
    in 2026-10 → llmcost efficiency …'): three words alone do not say where to start."""
    rows = []
    for key in (k for k in TARGETS if k in readings):
        reading = readings[key]
        label, unit, comparison, early, growth, action = TARGETS[key]
        default = growth if stage == "growth" else early
        target = overrides.get(key, default)
        target = float(target) if target is not None else None
        if reading.value is None:
            status = reading.needs or "needs more data"
        elif target is None or comparison is None:
            status = "info"
        else:
            good = {"<": reading.value < target, ">": reading.value > target, "<=": reading.value <= target}
            status = "ok" if good[comparison] else "off"
        if status != "off":
            action = ""
        elif reading.detail:
            action = f"{action}: {reading.detail}"
        rows.append((key, label, reading.value, comparison, target, unit, status, action))
    schema = ["metric", "label", "current", "comparison", "target", "unit", "status", "action"]
    return pl.DataFrame(rows, schema=schema, orient="row")
