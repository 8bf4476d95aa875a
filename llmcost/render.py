"""table / csv / json / markdown: the only place numbers become text.

Machine formats keep full precision and snake_case names; tables are for
people and round money adaptively so $0.000123 stays readable.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from llmcost.options import Format

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass
class Section:
    """A titled table of results plus how its columns read to a person."""

    name: str
    frame: pl.DataFrame
    title: str = ""
    money: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()
    change: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    footer: dict[str, Any] | None = None
    spark: str | None = None       # people's formats get a bar column drawn from this one
    vertical: bool = False         # a one-row section shown as field | value
    row_unit: str | None = None    # a column naming each row's unit (money, percent, change, tokens)
    hide: tuple[str, ...] = ()     # kept in machine output, left out of tables
    chart: Any = None              # a charts.Chart, drawn on terminals and in HTML


@dataclass
class Document:
    """What a command outputs: one section, or a report of several (JSON object)."""

    sections: list[Section]
    currency: str = "USD"
    single: bool = True
    focus: pl.DataFrame | None = None  # FinOps FOCUS rows, for commands that can give them
    charts: bool = True                # --no-chart turns them off


def render(doc: Document, fmt: Format, output: str | None, *, color: bool | None = None) -> None:
    """Write `doc` to stdout or atomically to `output`."""
    if fmt == Format.focus:
        if doc.focus is None:
            from llmcost.errors import LlmcostError

            raise LlmcostError("--format focus is for reconcile (FinOps FOCUS cost rows)")
        _write(safe_text(doc.focus).write_csv(), output)
        return
    text = {Format.csv: _csv, Format.json: _json, Format.markdown: _markdown}.get(fmt)
    if text is not None:
        _write(text(doc), output)
        return
    if output:
        _write(_table_text(doc, color=False), output)
        return
    from rich.console import Console

    plain = color is False or bool(os.environ.get("NO_COLOR"))
    console = Console(file=sys.stdout, highlight=False, no_color=plain or None, force_terminal=color or None,
                      color_system=None if plain else "auto")
    if not console.is_terminal:
        console.width = 10_000  # piped: every row on one line, nothing squeezed
    for renderable in _tables(doc, console.is_terminal):
        console.print(renderable)


def write_text(text: str, output: str | None) -> None:
    """Plain text to stdout or, atomically, to a file."""
    _write(text, output)


def _write(text: str, output: str | None) -> None:
    if not output:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Neutralise spreadsheet formulas: text starting with = + - @ tab CR gets a leading '."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def _machine(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d"))


def _csv(doc: Document) -> str:
    out = io.StringIO()
    for i, section in enumerate(doc.sections):
        if not doc.single:
            out.write(("\n" if i else "") + f"# {section.name}\n")
        out.write(safe_text(_machine(section.frame)).write_csv())
    return out.getvalue()


def _json(doc: Document) -> str:
    rows = {s.name: json.loads(_machine(s.frame).write_json()) for s in doc.sections}
    if doc.single:
        return json.dumps(next(iter(rows.values())), indent=1) + "\n"
    for section in doc.sections:
        if section.notes:
            rows[f"{section.name}_notes"] = section.notes
    return json.dumps(rows, indent=1) + "\n"


def money(value: float | None, currency: str = "USD") -> str:
    """Two decimals from one unit up; three significant digits below ($0.000123)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "−" if value < 0 else ""
    size = abs(value)
    if size == 0 or size >= 1:
        return f"{sign}{symbol}{size:,.2f}"
    digits = min(8, max(2, 2 - math.floor(math.log10(size))))
    return f"{sign}{symbol}{size:.{digits}f}"


def percent(value: float | None, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value * 100:+.1f}%" if signed else f"{value * 100:.1f}%"
    return text.replace("-", "−")


def cell(section: Section, column: str, value: Any, currency: str, unit: str | None = None) -> str:
    """One value as a person reads it."""
    if value is None:
        return ""
    if unit and isinstance(value, int | float) and not isinstance(value, bool):
        return _by_unit(value, unit, currency)
    if column in section.money:
        return money(value, currency)
    if column in section.percent:
        return percent(value)
    if column in section.change:
        return percent(value, signed=True)
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.3g}"
    return str(value)


def _by_unit(value: float, unit: str, currency: str) -> str:
    if unit == "money":
        return money(value, currency)
    if unit == "percent":
        return percent(value)
    if unit == "change":
        return percent(value, signed=True)
    return f"{value:,.0f}" if value is not None else ""


BARS = " ▏▎▍▌▋▊▉█"


def bar(value: float | None, top: float, width: int = 16) -> str:
    """A horizontal bar of eighths, so a column of them reads as a chart."""
    if value is None or not top or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + (BARS[eighths % 8] if eighths % 8 else "")


def _shown(section: Section) -> list[str]:
    return [c for c in section.frame.columns if c not in section.hide]


def _rows(section: Section, currency: str) -> list[list[str]]:
    frame = section.frame
    columns = _shown(section)
    top = frame[section.spark].max() if section.spark and frame.height else None
    out = []
    for row in frame.iter_rows(named=True):
        unit = row.get(section.row_unit) if section.row_unit else None
        cells = [cell(section, c, row[c], currency, unit if c in ("current", "target", "before", "after") else None)
                 for c in columns]
        if section.spark:
            cells.append(bar(row[section.spark], top))
        out.append(cells)
    return out


def _headers(section: Section) -> list[str]:
    return _shown(section) + ([f"{section.spark} ▸"] if section.spark else [])


def _vertical(section: Section, currency: str) -> list[list[str]]:
    row = section.frame.row(0, named=True)
    return [[c, cell(section, c, v, currency)] for c, v in row.items() if c not in section.hide]


def _markdown(doc: Document) -> str:
    out = []
    for section in doc.sections:
        if section.title:
            out.append(f"### {section.title}\n")
        cols, rows = (["field", "value"], _vertical(section, doc.currency)) if section.vertical else \
            (_headers(section), _rows(section, doc.currency))
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "|".join("---:" if c in section.frame.columns and section.frame[c].dtype.is_numeric()
                                  else "---" for c in cols) + "|")
        for row in rows:
            out.append("| " + " | ".join(v.replace("|", "\\|") for v in row) + " |")
        out.extend(f"\n{note}" for note in section.notes)
        out.append("")
    return "\n".join(out) + "\n"


def _tables(doc: Document, terminal: bool) -> list[Any]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    for section in doc.sections:
        table = Table(title=section.title or None, box=box.SIMPLE_HEAD if terminal else None,
                      title_justify="left", show_footer=bool(section.footer), pad_edge=False)
        if section.vertical:
            table.add_column("field")
            table.add_column("value", justify="right")
            rows = _vertical(section, doc.currency)
        else:
            rows = _rows(section, doc.currency)
            for i, column in enumerate(_headers(section)):
                numeric = column in section.frame.columns and section.frame[column].dtype.is_numeric()
                footer = cell(section, column, (section.footer or {}).get(column), doc.currency)
                widest = max((len(r[i]) for r in rows), default=0)
                # never squeezed to nothing: a narrow terminal wraps the line instead
                table.add_column(column, justify="right" if numeric else "left", footer=footer,
                                 min_width=min(max(len(column), widest, len(footer)), 40), no_wrap=numeric)
        for row in rows:
            table.add_row(*(Text(value) for value in row))
        out.append(table)
        if section.chart is not None and terminal and doc.charts:
            from llmcost.charts import terminal as draw

            unit = section.chart.unit
            out.append(draw(section.chart, lambda v, unit=unit: _by_unit(v, unit, doc.currency)))
        out.extend(Text(note) for note in section.notes)  # plain text: a [bracket] is not markup
        out.append("")
    return out


def _table_text(doc: Document, color: bool) -> str:
    """A table as plain text for --output: unwrapped, trailing spaces trimmed."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=10_000, no_color=not color, force_terminal=False)
    for renderable in _tables(doc, terminal=False):
        console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def html_page(doc: Document, title: str) -> str:
    """One self-contained HTML file: the sections as tables, charts as inline SVG, no scripts."""
    import html

    from llmcost.charts import svg

    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             "<style>body{font:14px system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
             "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:3px 10px;border-bottom:1px solid #ddd;"
             "white-space:nowrap}div.wide{overflow-x:auto}"
             "th{text-align:left;background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}"
             ".off{color:#c0392b;font-weight:600}.ok{color:#27ae60}p.note{color:#555;margin:.2em 0}</style>"
             f"</head><body><h1>{html.escape(title)}</h1>"]
    for section in doc.sections:
        parts.append(f"<section id='{html.escape(section.name)}'><h2>{html.escape(section.title or section.name)}</h2>")
        if section.vertical:
            headers, rows = ["field", "value"], _vertical(section, doc.currency)
        else:
            headers, rows = _shown(section), [r[: len(_shown(section))] for r in _rows(section, doc.currency)]
        parts.append("<div class='wide'><table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers)
                     + "</tr>")
        for row in rows:
            cells = []
            for value in row:
                kind = "n" if value[:1].isdigit() or value[:1] in "$−+-" else ""
                kind += " off" if value == "off" else " ok" if value == "ok" else ""
                cells.append(f"<td class='{kind.strip()}'>{html.escape(value)}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table></div>")
        if section.chart is not None:
            parts.append(svg(section.chart, lambda v, c=section.chart: _by_unit(v, c.unit, doc.currency)))
        parts.extend(f"<p class='note'>{html.escape(note)}</p>" for note in section.notes)
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)
