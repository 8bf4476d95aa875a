"""Charts for people: Rich renderables for terminals, inline SVG for the HTML report.

Rich renderables rather than plotext: Rich is already here, draws with the same colours
and widths as the tables, and needs no second dependency; the SVG needs no script and
no network to view.
"""

from __future__ import annotations

import html
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
    if chart.kind == "stacked":
        labels = chart.frame[chart.label].unique(maintain_order=True).to_list()
        for i, (name,) in enumerate(chart.frame.select(chart.series).unique(maintain_order=True).iter_rows()):
            values = dict(chart.frame.filter(pl.col(chart.series) == name).select(chart.label, chart.value)
                          .iter_rows())
            row = [values.get(lbl, 0.0) or 0.0 for lbl in labels]
            table.add_row(str(name), fmt(sum(row)), Text(_spark(row), style=RICH_COLOURS[i % len(RICH_COLOURS)]))
        return table
    top = max((abs(v) for v in chart.frame[chart.value].drop_nulls().to_list()), default=0.0)
    for label, value in chart.frame.select(chart.label, chart.value).iter_rows():
        width = round(abs(value) / top * 30) if top and value is not None else 0
        table.add_row(label_text(label), fmt(value), Text("█" * width, style="red" if (value or 0) < 0 else "blue"))
    return table


def _spark(values: list[float]) -> str:
    top = max(values, default=0.0)
    return "".join(BLOCKS[round(v / top * 8)] if top else BLOCKS[0] for v in values)


def svg(chart: Chart, fmt) -> str:
    """An inline SVG bar chart (stacked when the chart has series), with labels and values."""
    per_row = 5
    legend_rows = (len(chart.frame[chart.series].unique()) + per_row - 1) // per_row if chart.series else 0
    width, left, bottom = 640, 56, 40 + 16 * legend_rows
    height = 200 + bottom
    frame = chart.frame
    labels = frame[chart.label].unique(maintain_order=True).to_list()
    series = frame[chart.series].unique(maintain_order=True).to_list() if chart.series else [None]
    values = {(label_text(r[chart.label]), r[chart.series] if chart.series else None): r[chart.value] or 0.0
              for r in frame.iter_rows(named=True)}
    totals = [sum(max(values.get((label_text(lbl), s), 0.0), 0.0) for s in series) for lbl in labels]
    top = max(totals, default=0.0) or 1.0
    slot = (width - left - 10) / max(len(labels), 1)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(chart.title)}</title>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="4" y="14" font-size="11">{html.escape(fmt(top))}</text>']
    for i, lbl in enumerate(labels):
        x, base = left + i * slot + slot * 0.15, height - bottom
        for j, name in enumerate(series):
            value = values.get((label_text(lbl), name), 0.0)
            bar = max(value, 0.0) / top * (height - bottom - 20)
            base -= bar
            colour = PALETTE[j % len(PALETTE)] if chart.series else ("#e15759" if value < 0 else PALETTE[0])
            tip = f"{label_text(lbl)}{' · ' + str(name) if name else ''}: {fmt(value)}"
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{max(bar, 0.5):.1f}" '
                         f'fill="{colour}" data-value="{value}"><title>{html.escape(tip)}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 14}" font-size="10" '
                     f'text-anchor="middle">{html.escape(label_text(lbl))}</text>')
    if chart.series:
        for j, name in enumerate(series):
            x, y = left + (j % per_row) * 118, height - 16 * (legend_rows - j // per_row) + 2
            parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                         f'<text x="{x + 14}" y="{y + 9}" font-size="10">{html.escape(str(name))}</text>')
    parts.append("</svg>")
    return "".join(parts)
