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

from llmcost import scalars
from llmcost.errors import LlmcostError
from llmcost.formats import Format
from llmcost.labels import label
from llmcost.visible import visible

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
OWN_FD = re.compile(r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd/(\d+)")  # /dev/stdout, /dev/fd/N lead here
# Who or what a row is about: on a narrow terminal these columns stay, whole, and numbers go first.
IDENTITY = frozenset(
    {
        "customer_id",
        "period",
        "model",
        "model_as_logged",
        "entry",
        "feature",
        "metric",
        "label",
        "use_case",
        "group",
        "finding",
        "status",
        "action",
        "detail",
        "why",
        "verdict",
        "cohort",
        "name",
        "file",
        "expensive_model",
        "cheaper_model",
        "baseline",
    }
)
WRAP_AT = 24  # a text column wider than this whose values have spaces may wrap onto several lines
WRAP_LEAST = 16  # and is never narrower than this (or its longest word)
NEGLIGIBLE = 1e-3  # an effect under this share of its section's largest effect reads "≈ 0"


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
    spark: str | None = None  # people's formats get a bar column drawn from this one
    vertical: bool = False  # a one-row section shown as field | value
    row_unit: str | None = None  # a column naming each row's unit (money, percent, change, tokens)
    hide: tuple[str, ...] = ()  # kept in machine output, left out of tables
    chart: Any = None  # a charts.Chart, drawn on terminals and in HTML
    identity: tuple[str, ...] = ()  # never left out on a narrow terminal, besides IDENTITY and the first column
    priority: tuple[str, ...] = ()  # the columns kept first when a terminal is narrow (then the frame's order)
    effect: tuple[str, ...] = ()  # money differences: signed, two significant digits, "≈ 0" when negligible
    listed: str = ""  # on a terminal, a list rather than a table: "numbered" (ranked) or "plain"
    _scale: dict[str, float] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Document:
    """What a command outputs: one section, or a report of several (JSON object)."""

    sections: list[Section]
    currency: str = "USD"
    single: bool = True
    focus: pl.DataFrame | None = None  # FinOps FOCUS rows, for commands that can give them
    charts: bool = True  # --no-chart turns them off


def render(
    doc: Document, fmt: Format, output: str | None, *, color: bool | None = None, inputs: Iterable[str | None] = ()
) -> None:
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
    stream = _stdout()
    plain = color is False or bool(os.environ.get("NO_COLOR"))
    console = _console(stream, color, plain)
    if not console.is_terminal:
        # piped: every row on one line, nothing squeezed, no padding to an imaginary width
        piped = io.StringIO()
        buffer = _console(piped, color, plain, width=10_000)
        for renderable in _tables(doc, terminal=False):
            buffer.print(renderable)
        _write_fd(1, _trimmed(piped.getvalue()), None)
        return
    with _writing("standard output"):
        for renderable in _tables(doc, terminal=True, width=console.width):
            console.print(renderable)
        stream.flush()


def _console(file: Any, color: bool | None, plain: bool, width: int | None = None) -> Any:
    """A Rich console honouring --color/NO_COLOR: the terminal's and the piped buffer's must agree."""
    from rich.console import Console

    return Console(
        file=file,
        width=width,
        highlight=False,
        no_color=plain or None,
        force_terminal=color or None,
        color_system=None if plain else "auto",
    )


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
    elif kind == "file" and output:  # "file" always has a name: no name is stdout
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
        raise LlmcostError(
            f"cannot write {output}: the folder {target.parent} does not exist; create it first "
            "or choose another --output"
        )
    return target.parent


def _unwritable(output: str, folder: Path, why: str) -> str:
    return (
        f"cannot write {output}: cannot create a file in the folder {folder} ({why}; the output is written "
        "to a temporary file there, then renamed); choose a folder you can write to"
    )


def _stdout():
    """sys.stdout, or an `error:` when the shell closed it (`>&-`): the output would vanish."""
    if sys.stdout is None:
        raise LlmcostError("standard output is closed (>&-): redirect it to a file (> FILE), or pass --output FILE")
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
    name = output or "-"  # only stdout has no name, and it is a descriptor (kind 1)
    if isinstance(kind, int):
        _write_fd(kind, text, output)
    elif kind == "direct":
        with _writing(name), open(name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        _replace(Path(os.path.realpath(name)), text, info, name)


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
            raise LlmcostError(
                f"cannot write {output}: this run reads it{same}, and writing would destroy it; choose another file"
            )


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
        return by_unit(value, unit, currency)
    if column in section.effect:
        return effect(value, _effect_scale(section), currency)
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


def effect(value: float | None, scale: float, currency: str = "USD") -> str:
    """A money difference as a person compares it: signed, two significant digits, and "≈ 0" when it is
    under a thousandth of the largest effect beside it (`scale`), where more digits would be float noise
    or fractions of a cent nobody acts on (−$0.00000062 next to −$0.0286)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    size = abs(value)
    if size == 0 or size < NEGLIGIBLE * scale:
        return "≈ 0"
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "−" if value < 0 else "+"
    if size >= 1:
        return f"{sign}{symbol}{size:,.2f}"
    digits = min(12, max(2, 1 - math.floor(math.log10(size))))
    return f"{sign}{symbol}{size:.{digits}f}"


def _effect_scale(section: Section) -> float:
    """The largest effect in the section, measured once: "≈ 0" is relative to what sits beside it."""
    if "scale" not in section._scale:
        sizes = [scalars.number(section.frame[c].abs(), "max") for c in section.effect if c in section.frame.columns]
        section._scale["scale"] = max((float(v) for v in sizes if v is not None), default=0.0)
    return section._scale["scale"]


def _count_change(row: dict[str, Any]) -> str:
    """A count's change as a count (+0, −3): a share of 2 flagged customers says nothing."""
    old, new = row.get("before", row.get("current")), row.get("after", row.get("target"))
    if old is None or new is None:
        return ""
    return f"{new - old:+,.0f}".replace("-", "−")


def by_unit(value: float, unit: str, currency: str) -> str:
    if unit == "money":
        return money(value, currency)
    if unit == "percent":
        return percent(value)
    if unit == "change":
        return percent(value, signed=True)
    return f"{value:,.0f}" if value is not None else ""


BARS = " ▏▎▍▌▋▊▉█"


def bar(value: float | None, top: float | None, width: int = 16) -> str:
    """A horizontal bar of eighths, so a column of them reads as a chart."""
    if value is None or not top or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + (BARS[eighths % 8] if eighths % 8 else "")


def shown_columns(section: Section) -> list[str]:
    """The columns people see: not hidden, and not empty in every row (cpi_change_12m with six
    months of data) unless the footer has a value there; CSV and JSON keep them all."""
    frame, footer = section.frame, section.footer or {}
    return [
        c
        for c in frame.columns
        if c not in section.hide
        and (section.vertical or frame.height == 0 or frame[c].null_count() < frame.height or footer.get(c) is not None)
    ]


def row_texts(section: Section, currency: str) -> list[list[str]]:
    frame = section.frame
    columns = shown_columns(section)
    top = scalars.number(frame[section.spark], "max") if section.spark and frame.height else None
    out = []
    for row in frame.iter_rows(named=True):
        unit = row.get(section.row_unit) if section.row_unit else None
        cells = [
            _count_change(row)
            if unit == "count" and c in section.change
            else cell(section, c, row[c], currency, unit if c in ("current", "target", "before", "after") else None)
            for c in columns
        ]
        if section.spark:
            cells.append(bar(row[section.spark], top))
        out.append(cells)
    return out


def _headers(section: Section) -> list[str]:
    """Labels for people ("Token cost"); the bar column is named after the column it draws."""
    spark = [f"{visible(label(section.spark))} ▸"] if section.spark else []
    return [visible(label(c)) for c in shown_columns(section)] + spark


def _pairs(section: Section, currency: str) -> list[tuple[str, str]]:
    """A one-row section as (label, value) pairs: a headline reads as a list, not a field | value table.
    An empty value shows as a dash, so a missing figure (no revenue) is seen to be missing."""
    row = section.frame.row(0, named=True)
    return [(visible(label(c)), cell(section, c, v, currency) or "—") for c, v in row.items() if c not in section.hide]


def _numeric(section: Section, columns: list[str]) -> list[bool]:
    """Which shown columns hold numbers (right-aligned), by position: headers are escaped names."""
    names = shown_columns(section) if not section.vertical else []
    return [i < len(names) and section.frame[names[i]].dtype.is_numeric() for i in range(len(columns))]


def escaped_chart(section: Section) -> Any:
    """The section's chart with its labels and series names escaped: they are logged names too."""
    chart = section.chart
    text = [c for c in (chart.label, chart.series) if c and chart.frame.schema.get(c) == pl.String]
    frame = chart.frame.with_columns(
        pl.col(c).replace({v: visible(v) for v in chart.frame[c].drop_nulls().unique() if visible(v) != v})
        for c in text
    )
    return dataclasses.replace(chart, title=visible(chart.title), frame=frame)


def _markdown(doc: Document) -> str:
    out = []
    for section in doc.sections:
        if section.title:
            out.append(f"### {visible(section.title)}\n")
        if section.vertical:  # a list of Label: value, not a field | value table
            out.extend(f"- {_pipe(name)}: {_pipe(value)}" for name, value in _pairs(section, doc.currency))
            out.extend(f"\n{visible(note)}" for note in section.notes)
            out.append("")
            continue
        cols, rows = _headers(section), row_texts(section, doc.currency)
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


@dataclass
class _Column:
    """One column of a table for people, with what choosing its width needs."""

    name: str  # the frame's column; "" for the bar column
    header: str
    cells: list[str]
    footer: str
    numeric: bool
    kept: bool  # who or what the row is: never left out, never cropped
    wraps: bool  # long text with spaces: may take several lines
    least: int  # narrowest it can be (its longest word, for a header or wrapping text)
    natural: int  # the width that shows it on one line
    tight: int  # its longest word: short text with spaces wraps there rather than being left out


def _columns(section: Section, currency: str) -> list[_Column]:
    """The section's columns with every cell as text: widths are measured here, not guessed by Rich."""
    rows, headers = row_texts(section, currency), _headers(section)
    names = shown_columns(section) + [""] * (len(headers) - len(shown_columns(section)))
    out = []
    for i, (name, header, numeric) in enumerate(zip(names, headers, _numeric(section, headers), strict=True)):
        cells = [row[i] for row in rows]
        footer = cell(section, name, (section.footer or {}).get(name), currency) if name else ""
        kept = bool(name) and (i == 0 or name in IDENTITY or name in section.identity)
        spaced = not numeric and bool(name) and any(" " in t for t in cells)
        out.append(
            _Column(name, header, cells, footer, numeric, kept, *_widths(header, footer, cells, numeric, spaced))
        )
    return out


def _widths(header: str, footer: str, cells: list[str], numeric: bool, spaced: bool) -> tuple[bool, int, int, int]:
    """A column's `wraps`, `least`, `natural` and `tight` widths (_Column): a text column's header and
    footer ("total of all 187") may wrap; numbers never do."""
    from rich.cells import cell_len

    body = max((cell_len(t) for t in (cells if not numeric else [footer, *cells])), default=0)
    words = max((cell_len(w) for t in [header, footer, *cells] for w in t.split()), default=0)
    natural = max(body, cell_len(header), cell_len(footer))
    wraps = spaced and natural > WRAP_AT
    least = max(words, min(natural, WRAP_LEAST)) if wraps else max(body, words)
    return wraps, least, natural, words if spaced and not wraps else least


def _overhead(count: int) -> int:
    """Columns' share of a SIMPLE_HEAD table's width: an edge each side, a rule and two pads between."""
    return 3 * count - 1 if count else 0


def _fit(section: Section, columns: list[_Column], width: int) -> tuple[dict[int, int], list[str]]:
    """Which columns a `width`-wide terminal shows, at what width, and the names left out.

    Identity columns always stay; the others join in priority order (Section.priority, then the
    frame's order, the bar last) while they fit at their narrowest — short text with spaces, that
    would not fit on one line, as wrapped text rather than left out. Space left over lets headers
    and long text take one line."""
    chosen = {i: c.least for i, c in enumerate(columns) if c.kept}
    rank = {name: n for n, name in enumerate(section.priority)}
    others = sorted(
        (i for i, c in enumerate(columns) if not c.kept),
        key=lambda i: (rank.get(columns[i].name, len(rank)), not columns[i].name, i),
    )
    for i in others:
        room = width - sum(chosen.values()) - _overhead(len(chosen) + 1)
        size = next((s for s in (columns[i].least, columns[i].tight) if s <= room), None)
        if size is not None:
            chosen[i] = size
    spare = width - sum(chosen.values()) - _overhead(len(chosen))
    # the cheapest first, so that most headers take one line; long text last
    for i in sorted(chosen, key=lambda i: (columns[i].wraps, columns[i].natural - chosen[i], i)):
        grow = max(0, min(spare, columns[i].natural - chosen[i]))
        if chosen[i] + grow < columns[i].least:
            continue  # short text squeezed to its longest word: wider only if its cells then take one line
        chosen[i] += grow
        spare -= grow
    left = [
        columns[i].header if columns[i].name else f"{label(section.spark or '')} bars"
        for i in others
        if i not in chosen
    ]
    return dict(sorted(chosen.items())), left


def _tables(doc: Document, terminal: bool, width: int | None = None) -> list[Any]:
    """Rich renderables for the sections; with a terminal `width`, each table is fitted to it."""
    from rich.text import Text

    out: list[Any] = []
    for section in doc.sections:
        if section.vertical:
            out.append(_pair_table(section, doc.currency))
        elif section.listed and terminal:
            out.extend(_listed(section, doc.currency, width or 80))
        else:
            out.extend(_table(section, doc.currency, terminal, width))
        if section.chart is not None and terminal and doc.charts:
            from llmcost.charts import terminal as draw

            unit = section.chart.unit
            out.append(draw(escaped_chart(section), lambda v, unit=unit: by_unit(v, unit, doc.currency)))
        out.extend(Text(visible(note)) for note in section.notes)  # plain text: a [bracket] is not markup
        out.append("")
    return out


def _table(section: Section, currency: str, terminal: bool, width: int | None) -> list[Any]:
    """One section as a table, and a note naming the columns a narrow terminal left out."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    columns = _columns(section, currency)
    # no terminal width: every column, each as wide as Rich makes it (width None)
    fitted, left = _fit(section, columns, width) if width else (dict.fromkeys(range(len(columns))), [])
    # Text, not str, everywhere: a [bracket] in a title, header or footer is not Rich markup
    table = Table(
        title=Text(visible(section.title)) if section.title else None,
        box=box.SIMPLE_HEAD if terminal else None,
        title_justify="left",
        show_footer=bool(section.footer),
        pad_edge=False,
    )
    # kept columns wider than the terminal: their text folds onto more lines rather than being cropped
    squeezed = width is not None and sum(v or 0 for v in fitted.values()) + _overhead(len(fitted)) > width
    for i, size in fitted.items():
        column = columns[i]
        table.add_column(
            Text(column.header, no_wrap=False),
            justify="right" if column.numeric else "left",
            footer=Text(column.footer, no_wrap=column.numeric),
            width=size,
            no_wrap=column.numeric or not (column.wraps or squeezed or (size is not None and size < column.natural)),
            overflow="fold",
        )
    for n in range(len(columns[0].cells) if columns else 0):
        table.add_row(*(Text(columns[i].cells[n]) for i in fitted))
    if not left:
        return [table]
    return [
        table,
        Text(f"left out to fit {width} columns: {', '.join(left)} — see them with --format csv or a wider terminal"),
    ]


def _pair_table(section: Section, currency: str) -> Any:
    """A one-row section as "Label: value" lines."""
    from rich.table import Table
    from rich.text import Text

    title = Text(visible(section.title)) if section.title else None  # Text: a [bracket] is not markup
    table = Table(title=title, box=None, show_header=False, title_justify="left", pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in _pairs(section, currency):
        table.add_row(Text(f"{name}:"), Text(value))
    return table


def _listed(section: Section, currency: str, width: int) -> list[Any]:
    """A section as a list for a terminal: each row's short values on one aligned line, each long
    text (detail, action, command) wrapped on its own lines below it, so nothing is squeezed into a
    narrow column. Money columns say what they are ("$129.64 per month"); a ranked section is numbered."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    columns = _columns(section, currency)
    short = [c for i, c in enumerate(columns) if i == 0 or c.numeric or c.natural <= WRAP_AT]
    long = [c for c in columns if c not in short]
    size = {c.name: max((len(t) for t in c.cells), default=0) for c in short}
    count = len(columns[0].cells) if columns else 0
    items: list[Any] = [Text(visible(section.title))] if section.title else []
    lines = [[_head_cell(section, c, c.cells[n], size[c.name]) for c in short] for n in range(count)]
    split = any(len("  ".join(head)) + 4 > width for head in lines)  # name on a line, values below it
    for n, head in enumerate(lines):
        number = f"{n + 1}.".rjust(len(f"{count}.")) + " " if section.listed == "numbered" else ""
        indent = max(len(number), 2)
        if split:
            items.append(Text(number + head[0].rstrip()))
            items.append(Padding(Text("  ".join(head[1:]).rstrip()), (0, 0, 0, indent)))
        else:
            items.append(Text(number + "  ".join(head).rstrip()))
        text = "\n".join(c.cells[n] for c in long if c.cells[n])
        if text:
            items.append(Padding(Text(text), (0, 0, 0, indent)))
    return [Group(*items)]


def _head_cell(section: Section, column: _Column, value: str, size: int) -> str:
    """A short value padded to its column, money with its label: "$129.64 per month"."""
    if column.name in section.money:
        return f"{value:>{size}} {column.header.lower()}" if value else " " * (size + 1 + len(column.header))
    return value.rjust(size) if column.numeric else value.ljust(size)


def _table_text(doc: Document, color: bool) -> str:
    """A table as plain text for --output: unwrapped, trailing spaces trimmed."""
    from rich.console import Console

    text = io.StringIO()
    console = Console(file=text, width=10_000, no_color=not color, force_terminal=False)
    for renderable in _tables(doc, terminal=False):
        console.print(renderable)
    return _trimmed(text.getvalue())


def _trimmed(text: str) -> str:
    """Lines without the trailing spaces Rich pads a table to: a diff or grep sees only the values."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
