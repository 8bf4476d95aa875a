"""Charts for people: Rich renderables for terminals, inline SVG for the HTML report.

Rich renderables rather than plotext: Rich is already here, draws with the same colours
and widths as the tables, and needs no second dependency; the SVG needs no script and
no network to view.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

import polars as pl

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
RICH_COLOURS = ("blue", "dark_orange", "green", "red", "cyan", "yellow", "magenta", "pink1", "tan")
BLOCKS = " ▁▂▃▄▅▆▇█"


@dataclass
class Chart:
    """What to draw: bars (one value per label) or stacked (label × series → value)."""

    kind: str
    title: str
    frame: pl.DataFrame
    label: str
    value: str
    series: str | None = None
    unit: str = "money"  # money, percent, change or count: how values read


def label_text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def terminal(chart: Chart, fmt) -> Any:
    """A Rich renderable: horizontal bars, or one sparkline per series."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=chart.title, box=None, show_header=False, title_justify="left", pad_edge=False)
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_column()
    if chart.kind == "stacked" and chart.series:  # stacked means by series, as the SVG reads it
        labels = chart.frame[chart.label].unique(maintain_order=True).to_list()
        rows = []
        for (name,) in chart.frame.select(chart.series).unique(maintain_order=True).iter_rows():
            pairs = chart.frame.filter(pl.col(chart.series) == name).select(chart.label, chart.value).iter_rows()
            values: dict[Any, float | None] = dict(pairs)
            rows.append((name, [values.get(lbl, 0.0) or 0.0 for lbl in labels]))
        if len(labels) > 1:  # a line per series over time, each scaled to its own peak
            for i, (name, row) in enumerate(rows):
                table.add_row(str(name), fmt(sum(row)), Text(_spark(row), style=RICH_COLOURS[i % len(RICH_COLOURS)]))
            return table
        # One period: a sparkline of one value is a full block for every series ($49 and $0.80
        # looked alike); bars compare the series instead.
        chart = Chart(
            "bars",
            chart.title,
            pl.DataFrame({"s": [str(n) for n, _ in rows], "v": [sum(r) for _, r in rows]}),
            "s",
            "v",
        )
    top = max((abs(v) for v in chart.frame[chart.value].drop_nulls().to_list()), default=0.0)
    for label, value in chart.frame.select(chart.label, chart.value).iter_rows():
        width = round(abs(value) / top * 30) if top and value is not None else 0
        table.add_row(label_text(label), fmt(value), Text("█" * width, style="red" if (value or 0) < 0 else "blue"))
    return table


def _spark(values: list[float]) -> str:
    top = max(values, default=0.0)
    return "".join(BLOCKS[round(v / top * 8)] if top else BLOCKS[0] for v in values)


# The SVG's own coordinate space: it scales to the page width (viewBox + width:100%), so on a
# 390 px phone a 480-wide drawing shows at ~0.75 of these sizes; fonts are sized for that.
WIDTH, PLOT_HEIGHT, TOP, BOTTOM, LEGEND_ROW = 480, 200, 40, 52, 18
LEGEND_COLUMNS = 3
PER_CALL = ("cpi", "cost_per_inference", "revenue_per_inference")  # money per call, not in total
X_TITLES = {"margin": "Gross margin (band)"}
PERIODS = (("Month", r"\d{4}-\d{2}"), ("Week", r"\d{4}-W\d{2}"), ("Day", r"\d{4}-\d{2}-\d{2}"))


def axis_titles(chart: Chart, currency: str = "USD") -> tuple[str, str]:
    """What the x and y axes measure, with units: a chart read on paper has no tooltips."""
    from llmcost.labels import label

    x = X_TITLES.get(chart.label, label(chart.label))
    if chart.label == "period":
        shown = [label_text(v) for v in chart.frame[chart.label].drop_nulls().to_list()]
        x = next((name for name, shape in PERIODS if shown and all(re.fullmatch(shape, v) for v in shown)), x)
    units = {
        "money": f"{currency} per call" if chart.value in PER_CALL else currency,
        "percent": "%",
        "change": "% change",
        "count": "count",
    }
    unit = units.get(chart.unit, chart.unit)
    return x, f"{label(chart.value)} ({unit})" if unit else label(chart.value)


def ticks(low: float, high: float, count: int = 4, whole: bool = False) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 × 10^k apart) covering low..high: gridlines people can read."""
    span = (high - low) or abs(high) or 1.0
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if whole:
        step = max(1.0, math.ceil(step))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 12) for i in range(first, max(last, first + 1) + 1)]


def svg(chart: Chart, fmt, currency: str = "USD") -> str:
    """An inline SVG bar chart (stacked when the chart has series) with a visible title, axis
    titles with units, tick labels and gridlines; one <title> per bar keeps the exact value."""
    frame = chart.frame
    labels = [label_text(v) for v in frame[chart.label].unique(maintain_order=True).to_list()]
    series = frame[chart.series].unique(maintain_order=True).to_list() if chart.series else [None]
    values = {
        (label_text(r[chart.label]), r[chart.series] if chart.series else None): r[chart.value] or 0.0
        for r in frame.select([c for c in (chart.label, chart.series, chart.value) if c]).iter_rows(named=True)
    }
    stacks = [sum(max(values.get((lbl, s), 0.0), 0.0) for s in series) for lbl in labels]
    lows = [min(values.get((lbl, None), 0.0), 0.0) for lbl in labels] if not chart.series else []
    grid = ticks(min(lows, default=0.0), max(stacks, default=0.0), whole=chart.unit == "count")
    tick_text = [fmt(t) for t in grid]
    left = 36 + 7 * max(len(t) for t in tick_text)
    slot = (WIDTH - left - 10) / max(len(labels), 1)
    x_ticks, drop = _x_ticks(labels, left, slot)
    legend = -(-len(series) // LEGEND_COLUMNS) if chart.series else 0
    height = TOP + PLOT_HEIGHT + BOTTOM + drop + LEGEND_ROW * legend
    x_title, y_title = axis_titles(chart, currency)
    y = _scale(grid[0], grid[-1], TOP + PLOT_HEIGHT)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{html.escape(chart.title)}</title>",
        f'<text class="chart-title" x="{WIDTH / 2}" y="20" font-size="16" font-weight="600" '
        f'text-anchor="middle">{html.escape(chart.title)}</text>',
        *_y_axis(grid, tick_text, left, y),
        f'<text class="axis-title" transform="rotate(-90)" x="{-(TOP + PLOT_HEIGHT / 2):.0f}" y="14" '
        f'font-size="13" text-anchor="middle">{html.escape(y_title)}</text>',
        f'<text class="axis-title" x="{(left + WIDTH - 10) / 2:.0f}" y="{TOP + PLOT_HEIGHT + 42 + drop}" '
        f'font-size="13" text-anchor="middle">{html.escape(x_title)}</text>',
        *x_ticks,
    ]
    for i, lbl in enumerate(labels):
        parts += _bars(chart, lbl, series, values, left + i * slot, slot, y, fmt)
    if chart.series:
        parts += _legend(series, TOP + PLOT_HEIGHT + BOTTOM + drop)
    parts.append("</svg>")
    return "".join(parts)


def _x_ticks(labels: list[str], left: float, slot: float) -> tuple[list[str], int]:
    """Tick labels under the bars, and how far they push the axis title down: labels too wide for
    their slot alternate between two lines (a histogram's bands all stay named); still too wide
    (a long daily trend), only every n-th is written."""
    need = 6.5 * max((len(t) for t in labels), default=1) + 6
    two_lines = slot < need <= 2 * slot
    every = 1 if need <= 2 * slot else math.ceil(need / slot)
    out = []
    for i, lbl in enumerate(labels[::every]):
        line = 14 if two_lines and i % 2 else 0
        out.append(
            f'<text x="{left + (i * every + 0.5) * slot:.1f}" y="{TOP + PLOT_HEIGHT + 18 + line}" '
            f'font-size="11" text-anchor="middle">{html.escape(lbl)}</text>'
        )
    return out, 14 if two_lines else 0


def _scale(low: float, high: float, base: float):
    """Value → y coordinate: `low` at the plot's bottom edge (`base`), `high` at its top."""
    return lambda v: base - (v - low) / ((high - low) or 1.0) * PLOT_HEIGHT


def _y_axis(grid: list[float], text: list[str], left: float, y) -> list[str]:
    out = []
    for value, label in zip(grid, text, strict=True):
        stroke = "#999" if value == 0 else "#e3e3e3"
        out.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{WIDTH - 10}" y2="{y(value):.1f}" stroke="{stroke}"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="12" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
    return out


def _bars(chart: Chart, lbl: str, series: list, values: dict, x: float, slot: float, y, fmt) -> list[str]:
    """One label's bar, or its stack of one bar per series (negative values drawn below zero)."""
    out, base = [], 0.0
    for j, name in enumerate(series):
        value = values.get((lbl, name), 0.0)
        bottom, top = (base, base + max(value, 0.0)) if chart.series else sorted((0.0, value))
        base = top if chart.series else base
        colour = PALETTE[j % len(PALETTE)] if chart.series else ("#e15759" if value < 0 else PALETTE[0])
        tip = f"{lbl}{' · ' + str(name) if name is not None else ''}: {fmt(value)}"
        out.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y(top):.1f}" width="{slot * 0.7:.1f}" '
            f'height="{max(y(bottom) - y(top), 0.5):.1f}" fill="{colour}" data-value="{value}">'
            f"<title>{html.escape(tip)}</title></rect>"
        )
    return out


def _legend(series: list, top: float) -> list[str]:
    """Three names a row; a long (logged) name is cut short, its full text in a tooltip."""
    out = []
    for j, name in enumerate(series):
        x, y = 12 + (j % LEGEND_COLUMNS) * 156, top + LEGEND_ROW * (j // LEGEND_COLUMNS)
        text = str(name)
        short = text if len(text) <= 20 else text[:19] + "…"
        out.append(
            f'<g><title>{html.escape(text)}</title><rect x="{x}" y="{y}" width="10" height="10" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/><text x="{x + 14}" y="{y + 9}" font-size="11">'
            f"{html.escape(short)}</text></g>"
        )
    return out
