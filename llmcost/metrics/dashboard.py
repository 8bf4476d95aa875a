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
}


@dataclass(frozen=True)
class Reading:
    """A metric's current value, or why there is none (e.g. 'needs --revenue')."""

    value: float | None
    needs: str | None = None


def dashboard(readings: dict[str, Reading], stage: str, overrides: dict[str, float]) -> pl.DataFrame:
    """One row per metric; status 'ok', 'off', or 'needs …' when an input is missing."""
    rows = []
    for key, reading in readings.items():
        label, unit, comparison, early, growth, action = TARGETS[key]
        target = float(overrides.get(key, growth if stage == "growth" else early))
        if reading.value is None:
            status = reading.needs or "needs more data"
        else:
            good = {"<": reading.value < target, ">": reading.value > target, "<=": reading.value <= target}
            status = "ok" if good[comparison] else "off"
        rows.append((key, label, reading.value, comparison, target, unit, status,
                     action if status == "off" else ""))
    schema = ["metric", "label", "current", "comparison", "target", "unit", "status", "action"]
    return pl.DataFrame(rows, schema=schema, orient="row")
