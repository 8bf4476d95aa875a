"""table / csv / json / markdown: the only place numbers become text.

Machine formats keep full precision and snake_case names; tables are for
people and round money adaptively so $0.000123 stays readable.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from llmcost.errors import LlmcostError
from llmcost.options import Format
from llmcost.visible import visible

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
OWN_FD = re.compile(r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd/(\d+)")  # /dev/stdout, /dev/fd/N lead here


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


def render(doc: Document, fmt: Format, output: str | None, *, color: bool | None = None,
           inputs: Iterable[str | None] = ()) -> None:
    """Write `doc` to stdout or to `output` (never one of `inputs`, the files this run read)."""
    if fmt == Format.focus:
        if doc.focus is None:
            raise LlmcostError("--format focus is for reconcile (FinOps FOCUS cost rows)")
        _write(safe_text(doc.focus).write_csv(), output, inputs)
        return
    text = {Format.csv: _csv, Format.json: _json, Format.markdown: _markdown}.get(fmt)
    if text is not None:
        _write(text(doc), output, inputs)
        return
    if _destination(output, inputs)[0] != 1:
        _write(_table_text(doc, color=False), output, inputs)
        return
    from rich.console import Console

    stream = _stdout()
    plain = color is False or bool(os.environ.get("NO_COLOR"))
    console = Console(file=stream, highlight=False, no_color=plain or None, force_terminal=color or None,
                      color_system=None if plain else "auto")
    if not console.is_terminal:
        console.width = 10_000  # piped: every row on one line, nothing squeezed
    with _writing("standard output"):
        for renderable in _tables(doc, console.is_terminal):
            console.print(renderable)
        stream.flush()


def write_text(text: str, output: str | None, inputs: Iterable[str | None] = ()) -> None:
    """Plain text to stdout or to a file (never one of `inputs`)."""
    _write(text, output, inputs)


def check_destination(output: str | None, inputs: Iterable[str | None] = ()) -> None:
    """Fail before the work, not after it: a closed stdout, a missing or read-only folder, an input.

    _write checks again, and catches what only writing finds (a full disk).
    """
    kind, _ = _destination(output, inputs)
    if kind == 1:
        _stdout()
    elif kind == "file":
        folder = _folder(output, Path(os.path.realpath(output)))
        if not os.access(folder, os.W_OK):
            raise LlmcostError(_unwritable(output, folder, "permission denied"))


def _destination(output: str | None, inputs: Iterable[str | None]) -> tuple[str | int, os.stat_result | None]:
    """Where `output` goes: a descriptor of ours (1 for `-`), direct (a device, FIFO or socket) or
    file (renamed into place).

    Only a regular file is replaced by a rename: renaming over /dev/null or a FIFO would put
    a regular file in its place. A name of a descriptor we hold (/dev/stdout, /dev/fd/3, a
    symlink to either) is written to as it is: reopening it would truncate the file a `>>`
    appends to, and renaming would replace that file.
    """
    if not output or output == "-":
        return 1, None
    fd = _own_fd(output)
    if fd is not None:
        return fd, None
    try:
        info = os.stat(output)  # through symlinks: a link to /dev/null is a device
    except FileNotFoundError:
        return "file", None  # a new file, or a dangling symlink written through as a shell would
    except OSError as exc:
        raise LlmcostError(f"cannot write {output}: {_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LlmcostError(f"cannot write {output}: it is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        return "direct", info
    _refuse_inputs(output, info, inputs)
    return "file", info


def _own_fd(output: str) -> int | None:
    """The descriptor number when `output` (through its symlinks) is /proc/self/fd/N, else None."""
    path = os.path.abspath(output)
    for _ in range(40):  # symlink hops, as the kernel allows
        path = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        found = OWN_FD.fullmatch(path)
        if found and path.split("/")[2] in ("self", "thread-self", str(os.getpid())):
            return int(found.group(1))
        try:
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        except OSError:  # not a symlink (or not ours to read): an ordinary path
            return None
    return None


def _folder(output: str, target: Path) -> Path:
    if not target.parent.is_dir():
        raise LlmcostError(f"cannot write {output}: the folder {target.parent} does not exist; create it first "
                           "or choose another --output")
    return target.parent


def _unwritable(output: str, folder: Path, why: str) -> str:
    return (f"cannot write {output}: cannot create a file in the folder {folder} ({why}; the output is written "
            "to a temporary file there, then renamed); choose a folder you can write to")


def _stdout():
    """sys.stdout, or an `error:` when the shell closed it (`>&-`): the output would vanish."""
    if sys.stdout is None:
        raise LlmcostError("standard output is closed (>&-): redirect it to a file (> FILE), "
                           "or pass --output FILE")
    return sys.stdout


@contextmanager
def _writing(target: str) -> Iterator[None]:
    """Turn a failed write (disk full, read-only descriptor) into one `error:` line naming the target.

    A closed pipe is left to main(): `| head` ends the run quietly, it is not an error.
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        if target == "standard output":
            _silence_stdout()
        raise LlmcostError(f"cannot write {target}: {_reason(exc)}") from None


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so Python's flush at exit does not fail a second time."""
    with suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _reason(exc: OSError) -> str:
    words = {errno.EBADF: "not open for writing", errno.EPERM: "permission denied"}
    return words.get(exc.errno or 0, (exc.strerror or str(exc)).lower())


def _write(text: str, output: str | None, inputs: Iterable[str | None] = ()) -> None:
    """Write `text` to stdout, a stream, a device or FIFO (directly), or a regular file (atomically)."""
    kind, info = _destination(output, inputs)
    if isinstance(kind, int):
        _write_fd(kind, text, output)
    elif kind == "direct":
        with _writing(output), open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        _replace(Path(os.path.realpath(output)), text, info, output)


def _write_fd(fd: int, text: str, output: str | None) -> None:
    """Write to a descriptor we hold, in the mode the shell opened it (append stays append)."""
    if fd == 1:
        stream = _stdout()
        with _writing("standard output"):
            stream.write(text)
            stream.flush()
        return
    if fd == 2 and sys.stderr is not None:
        sys.stderr.flush()  # keep order with the lines already written there
    with _writing(output or f"descriptor {fd}"), open(os.dup(fd), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _refuse_inputs(output: str, info: os.stat_result, inputs: Iterable[str | None]) -> None:
    """An --output that is a file this run read would overwrite it: a log, prices, revenue, settings."""
    for name in inputs:
        if not name or "://" in name:
            continue
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            same = "" if os.path.abspath(name) == os.path.abspath(output) else f" ({name})"
            raise LlmcostError(f"cannot write {output}: this run reads it{same}, and writing would destroy it; "
                               "choose another file")


def _replace(target: Path, text: str, info: os.stat_result | None, output: str) -> None:
    """Write a temporary file next to `target` and rename it over, so no reader sees half a file.

    `target` has its symlinks resolved (the link is written through, not replaced); an
    existing file keeps its mode (and owner, where we may set it); a new one gets the
    mode the umask gives any new file, not mkstemp's 0600.
    """
    folder = _folder(output, target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise LlmcostError(_unwritable(output, folder, _reason(exc))) from None
    try:
        with _writing(output):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                _keep_mode(handle.fileno(), info)
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_mode(fd: int, info: os.stat_result | None) -> None:
    if info is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        with suppress(OSError):  # root replacing a user's file leaves it theirs; others may not give it away
            os.fchown(fd, info.st_uid, info.st_gid)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-id bits


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
    """One value as a person reads it (control characters in logged text shown, not obeyed)."""
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
    return visible(str(value))


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
    return [visible(c) for c in _shown(section)] + ([f"{visible(section.spark)} ▸"] if section.spark else [])


def _vertical(section: Section, currency: str) -> list[list[str]]:
    row = section.frame.row(0, named=True)
    return [[visible(c), cell(section, c, v, currency)] for c, v in row.items() if c not in section.hide]


def _numeric(section: Section, columns: list[str]) -> list[bool]:
    """Which shown columns hold numbers (right-aligned), by position: headers are escaped names."""
    names = _shown(section) if not section.vertical else []
    return [i < len(names) and section.frame[names[i]].dtype.is_numeric() for i in range(len(columns))]


def _chart(section: Section) -> Any:
    """The section's chart with its labels and series names escaped: they are logged names too."""
    chart = section.chart
    text = [c for c in (chart.label, chart.series) if c and chart.frame.schema.get(c) == pl.String]
    frame = chart.frame.with_columns(
        pl.col(c).replace({v: visible(v) for v in chart.frame[c].drop_nulls().unique() if visible(v) != v})
        for c in text)
    return dataclasses.replace(chart, title=visible(chart.title), frame=frame)


def _markdown(doc: Document) -> str:
    out = []
    for section in doc.sections:
        if section.title:
            out.append(f"### {visible(section.title)}\n")
        cols, rows = (["field", "value"], _vertical(section, doc.currency)) if section.vertical else \
            (_headers(section), _rows(section, doc.currency))
        out.append("| " + " | ".join(_pipe(c) for c in cols) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in _numeric(section, cols)) + "|")
        for row in rows:
            out.append("| " + " | ".join(_pipe(v) for v in row) + " |")
        out.extend(f"\n{visible(note)}" for note in section.notes)
        out.append("")
    return "\n".join(out) + "\n"


def _pipe(text: str) -> str:
    """A Markdown cell: a bare | would end it early (newlines are already escaped)."""
    return text.replace("|", "\\|")


def _tables(doc: Document, terminal: bool) -> list[Any]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    for section in doc.sections:
        # Text, not str, everywhere: a [bracket] in a title, header or footer is not Rich markup
        table = Table(title=Text(visible(section.title)) if section.title else None,
                      box=box.SIMPLE_HEAD if terminal else None, title_justify="left",
                      show_footer=bool(section.footer), pad_edge=False)
        if section.vertical:
            table.add_column("field")
            table.add_column("value", justify="right")
            rows = _vertical(section, doc.currency)
        else:
            rows = _rows(section, doc.currency)
            headers = _headers(section)
            names = _shown(section) + [""] * (len(headers) - len(_shown(section)))
            for i, (column, numeric) in enumerate(zip(headers, _numeric(section, headers), strict=True)):
                footer = cell(section, names[i], (section.footer or {}).get(names[i]), doc.currency)
                widest = max((len(r[i]) for r in rows), default=0)
                # never squeezed to nothing: a narrow terminal wraps the line instead
                table.add_column(Text(column), justify="right" if numeric else "left", footer=Text(footer),
                                 min_width=min(max(len(column), widest, len(footer)), 40), no_wrap=numeric)
        for row in rows:
            table.add_row(*(Text(value) for value in row))
        out.append(table)
        if section.chart is not None and terminal and doc.charts:
            from llmcost.charts import terminal as draw

            unit = section.chart.unit
            out.append(draw(_chart(section), lambda v, unit=unit: _by_unit(v, unit, doc.currency)))
        out.extend(Text(visible(note)) for note in section.notes)  # plain text: a [bracket] is not markup
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
    """One self-contained HTML file: the sections as tables, charts as inline SVG, no scripts.

    html.escape leaves control characters alone (an ESC is invalid in HTML and shows as
    nothing), so logged text is made visible first, as on a terminal.
    """
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
        heading = html.escape(visible(section.title or section.name))
        parts.append(f"<section id='{html.escape(section.name)}'><h2>{heading}</h2>")
        if section.vertical:
            headers, rows = ["field", "value"], _vertical(section, doc.currency)
        else:
            headers = [visible(c) for c in _shown(section)]
            rows = [r[: len(headers)] for r in _rows(section, doc.currency)]
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
            parts.append(svg(_chart(section), lambda v, c=section.chart: _by_unit(v, c.unit, doc.currency)))
        parts.extend(f"<p class='note'>{html.escape(visible(note))}</p>" for note in section.notes)
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)
