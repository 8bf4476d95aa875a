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
from enum import Enum
from pathlib import Path
from typing import Any

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


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
    chart: Any = None  # an extra Rich renderable for terminals


@dataclass
class Document:
    """What a command outputs: one section, or a report of several (JSON object)."""

    sections: list[Section]
    currency: str = "USD"
    single: bool = True


def render(doc: Document, fmt: Format, output: str | None, *, color: bool | None = None) -> None:
    """Write `doc` to stdout or atomically to `output`."""
    text = {Format.csv: _csv, Format.json: _json, Format.markdown: _markdown}.get(fmt)
    if text is not None:
        _write(text(doc), output)
        return
    if output:
        _write(_table_text(doc, color=False), output)
        return
    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False, no_color=color is False or None,
                      force_terminal=color or None)
    if not console.is_terminal:
        console.width = 200
    for renderable in _tables(doc, console.is_terminal):
        console.print(renderable)


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
    sign = "-" if value < 0 else ""
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


def cell(section: Section, column: str, value: Any, currency: str) -> str:
    """One value as a person reads it."""
    if value is None:
        return ""
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


def _rows(section: Section, currency: str) -> list[list[str]]:
    return [[cell(section, c, v, currency) for c, v in zip(section.frame.columns, row, strict=True)]
            for row in section.frame.iter_rows()]


def _markdown(doc: Document) -> str:
    out = []
    for section in doc.sections:
        if section.title:
            out.append(f"### {section.title}\n")
        cols = section.frame.columns
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "|".join("---:" if section.frame[c].dtype.is_numeric() else "---" for c in cols) + "|")
        for row in _rows(section, doc.currency):
            out.append("| " + " | ".join(v.replace("|", "\\|") for v in row) + " |")
        out.extend(f"\n{note}" for note in section.notes)
        out.append("")
    return "\n".join(out) + "\n"


def _tables(doc: Document, terminal: bool) -> list[Any]:
    from rich import box
    from rich.table import Table

    out: list[Any] = []
    for section in doc.sections:
        table = Table(title=section.title or None, box=box.SIMPLE_HEAD if terminal else box.ASCII2,
                      title_justify="left", show_footer=bool(section.footer))
        for column in section.frame.columns:
            numeric = section.frame[column].dtype.is_numeric()
            footer = cell(section, column, (section.footer or {}).get(column), doc.currency)
            table.add_column(column, justify="right" if numeric else "left", footer=footer,
                             min_width=len(column), no_wrap=numeric)
        for row in _rows(section, doc.currency):
            table.add_row(*row)
        out.append(table)
        if section.chart is not None and terminal:
            out.append(section.chart)
        out.extend(section.notes)
        out.append("")
    return out


def _table_text(doc: Document, color: bool) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=160, no_color=not color, force_terminal=False)
    for renderable in _tables(doc, terminal=False):
        console.print(renderable)
    return console.file.getvalue()
