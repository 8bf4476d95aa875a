"""Terminal tables never hide who or what (issue 14, item 3).

Every table command runs on the bundled sample in a real pseudo-terminal at 60 to 200
columns: each identity value of the command's CSV (customer, period, model, feature, metric)
must appear whole on the screen, no line may be wider than the terminal, and columns left
out are named in a note. Piped output has no trailing spaces.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from functools import cache

import polars as pl
import pytest
from rich.cells import cell_len

from llmcost.labels import label
from llmcost.options import Format
from llmcost.render import Document, Section, render
from tests.conftest import ROOT

WIDTHS = (60, 80, 100, 120, 200)
# every table command; each is computed once by the runner and drawn at every width
COMMANDS = [
    ("customers",),
    ("customers", "--per-month", "--top", "3"),
    ("models",),
    ("trend",),
    ("report",),
    ("cpi", "--by", "model"),
    ("usage",),
    ("efficiency",),
    ("latency",),
    ("errors",),
    ("errors", "--by", "model"),
    ("whatif", "--route", "feature=codegen:gpt-4o"),
    ("trend", "--explain"),
]
IDENTITY = ("customer_id", "period", "model", "feature", "metric", "use_case", "group", "cohort")
SHOWN_AS = {"dashboard": ("label",)}  # the dashboard shows each metric's label, its id is for machines
LEFT_OUT = re.compile(r"left out to fit (\d+) columns: (.*?) — see them with --format csv or a wider terminal")

# Runs each command once, for real, and hands the Document it renders to the real render() on a
# pseudo-terminal of each width in turn (Rich measures the terminal from it), then as CSV: one
# interpreter and one computation per command, so every width costs only its drawing.
RUNNER = r"""
import fcntl, io, json, os, struct, sys, termios, threading
import llmcost.cli, llmcost.render
from llmcost.labels import label
from llmcost.options import Format

draw, devnull = llmcost.render.render, os.open(os.devnull, os.O_WRONLY)

def on_terminal(width, doc, args, kwargs):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
    chunks = []
    def read():
        while True:
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: nothing holds the terminal any more
                return
            if not data:
                return
            chunks.append(data)
    reader = threading.Thread(target=read)
    reader.start()
    os.dup2(slave, 1)
    os.close(slave)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    try:
        draw(doc, *args, **kwargs)
    finally:
        sys.stdout.flush()
        os.dup2(devnull, 1)
        reader.join()
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")

def as_csv(doc, kwargs):
    sys.stdout = io.StringIO()
    draw(doc, Format.csv, None, **kwargs)
    return sys.stdout.getvalue()

jobs, screens, out = json.load(sys.stdin), [], os.dup(1)
for argv, widths in jobs:
    def render(doc, fmt, output, **kwargs):
        screens.append({"csv": as_csv(doc, kwargs),
                        **{str(w): on_terminal(w, doc, (fmt, output), kwargs) for w in widths}})
    llmcost.render.render, before = render, len(screens)
    code = llmcost.cli.main(argv)
    assert code == 0 and len(screens) == before + 1, (argv, code)
with open(out, "w", encoding="utf-8") as handle:
    json.dump(screens, handle)
"""


@cache
def _screens() -> dict[tuple[tuple[str, ...], int | None], str]:
    """Every command's screen at its widths, and its CSV (width None); one runner process."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(TERM="xterm", NO_COLOR="1")
    commands = [(c, WIDTHS) for c in COMMANDS]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps([list(c) for c in commands]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out: dict[tuple[tuple[str, ...], int | None], str] = {}
    for (command, _), screens in zip(commands, json.loads(done.stdout), strict=True):
        out.update(
            {(command, None if key == "csv" else int(key)): text.replace("\r\n", "\n") for key, text in screens.items()}
        )
    return out


def _identities(csv: str) -> set[str]:
    """The identity values of a command's CSV, every section of it."""
    values: set[str] = set()
    parts = re.split(r"(?m)^# (\w+)\n", csv)
    named = zip(parts[1::2], parts[2::2], strict=True) if len(parts) > 1 else [("", csv)]
    for name, part in named:
        if not part.strip():
            continue
        frame = pl.read_csv(io.StringIO(part), infer_schema_length=None)
        for column in set(SHOWN_AS.get(name, IDENTITY)) & set(frame.columns):
            values |= {str(v) for v in frame[column].drop_nulls().unique() if str(v)}
    return values


def _whole(value: str, screen: str) -> bool:
    """`value` on the screen as a whole token, not cut or folded (c1 does not count inside c10)."""
    return re.search(rf"(?<![\w.-]){re.escape(value)}(?![\w.-])", screen) is not None


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_keep_who_and_what_at_every_width(command):
    screens = _screens()
    wanted = _identities(screens[(command, None)])
    assert wanted or command == ("errors",), "the CSV names customers, periods, models or features"
    for (job, width), screen in screens.items():
        if job != command or width is None:
            continue
        missing = sorted(v for v in wanted if not _whole(v, screen))
        assert not missing, f"{' '.join(command)} at {width} columns lost {missing[:5]}:\n{screen}"
        wide = [line for line in screen.splitlines() if cell_len(line) > width]
        assert not wide, f"{' '.join(command)} at {width} columns: {wide[:2]}"
        for shown_width, names in LEFT_OUT.findall(" ".join(screen.split())):
            assert int(shown_width) == width
            # "cpi bars": the ▸ column drawn from cpi
            assert {n.removesuffix(" bars") for n in names.split(", ")} <= {label(c) for c in _csv_columns(command)}, (
                names
            )


def _csv_columns(command: tuple[str, ...]) -> set[str]:
    """The column names of every section of the command's CSV (the line after each "# name")."""
    lines = _screens()[(command, None)].splitlines()
    heads = [lines[0]] + [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.startswith("# ")]
    return {name for head in heads for name in head.split(",")}


@pytest.mark.parametrize(
    "command", [("customers",), ("models",), ("customers", "--per-month", "--top", "3")], ids=" ".join
)
def test_a_narrow_terminal_says_which_columns_it_left_out(command):
    """13 and 9 columns cannot all fit 60 or 80 columns: the screen says which were left out; at 200
    the models table fits whole and nothing is said."""
    screens = _screens()
    for width in (60, 80):
        assert LEFT_OUT.search(" ".join(screens[(command, width)].split())), screens[(command, width)]
    if command == ("models",):
        assert not LEFT_OUT.search(" ".join(screens[(command, 200)].split()))


def test_the_report_worst_customers_start_with_the_customer():
    """The issue's case: at 80 columns the worst-margin rows began at `inferences`."""
    screen = _screens()[(("report",), 80)]
    part = screen[screen.index("Worst-margin customers") :]
    rows = [line.split() for line in part.splitlines() if re.match(r"\s*c\d{3}\s", line)]
    assert rows and all(re.fullmatch(r"c\d{3}", r[0]) for r in rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d", r[1]) for r in rows)


def _section(**extra) -> Section:
    """Two identity columns and eight numbers of known widths."""
    frame = pl.DataFrame(
        {
            "customer_id": ["customer-with-a-long-id", "b"],
            "period": ["2026-05", "2026-06"],
            **{
                name: [123456.0, 7.0]
                for name in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
            },
        }
    )
    return Section("t", frame, **{"title": "T", **extra})


def _screen(section: Section, width: int) -> str:
    from rich.console import Console

    from llmcost.render import _tables

    console = Console(file=io.StringIO(), width=width, force_terminal=True, no_color=True, color_system=None)
    for renderable in _tables(Document([section]), terminal=True, width=width):
        console.print(renderable)
    return console.file.getvalue()


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_numbers_go_first_and_are_named(width):
    """Every column is either on screen (its header) or named in the note; identity stays whole."""
    screen = _screen(_section(), width)
    assert "customer-with-a-long-id" in screen and "2026-06" in screen
    found = LEFT_OUT.search(" ".join(screen.split()))
    left = set(found.group(2).split(", ")) if found else set()
    header = screen.split("─")[0]
    for name in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"):
        assert (name.capitalize() in left) != (name.capitalize() in header), (name, screen)
    assert left or width >= 100
    assert all(cell_len(line) <= width for line in screen.splitlines())


def test_priority_decides_which_numbers_stay():
    screen = _screen(_section(priority=("hotel", "golf")), 60)
    header = screen.split("─")[0]
    assert "Hotel" in header and "Golf" in header and "Alpha" not in header


def test_short_text_that_does_not_fit_wraps_rather_than_being_left_out():
    """validate's sources at 80 columns left out the preset a log was read as ("claude-code
    (recognised)", 24 characters: too short to count as long text), beside a wrapping list of
    columns. A text column with spaces is left out only when it does not fit even wrapped."""
    columns = "timestamp, model, input_tokens, output_tokens, cached_input_tokens, cache_write_1h_tokens"
    frame = pl.DataFrame(
        {
            "file": ["claude-code-usage.jsonl"],
            "format": ["jsonl"],
            "columns": [columns],
            "preset": ["claude-code (recognised)"],
        }
    )
    screen = _screen(Section("sources", frame, "Sources"), 80)
    words = screen.split()
    assert "left out" not in screen and "Preset" in words and "(recognised)" in words, screen
    assert "cache_write_1h_tokens" in words and all(cell_len(line) <= 80 for line in screen.splitlines())
    narrow = " ".join(_screen(Section("sources", frame, "Sources"), 60).split())
    assert "left out to fit 60 columns: Preset" in narrow, narrow  # too narrow even wrapped: named


def test_piped_tables_have_no_trailing_spaces_or_padding(capsys):
    """Not a terminal: every row on one line, nothing padded to the width of the widest line."""
    render(Document([_section(title="A title much shorter than the table")]), Format.table, None)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "A title much shorter than the table"
    assert not [line for line in out.splitlines() if line != line.rstrip()]
    assert "customer-with-a-long-id" in out and "left out" not in out


@pytest.mark.parametrize(
    ("command", "parts"),
    [
        (("trend", "--explain"), ("CPI change", "Price effect", "Mix effect", "Tokens effect", "Fixed effect")),
        (("cpi", "--by", "model"), ("Cost", "Token cost", "Fixed cost")),
    ],
)
def test_parts_that_add_up_stay_together_at_80_columns(command, parts):
    """The effects sum to the change, and cost is token + fixed (+ amortized) cost: a narrow terminal
    drops other columns first, so what is shown still adds up."""
    screen = " ".join(_screens()[(command, 80)].split())
    left = {n for _, names in LEFT_OUT.findall(screen) for n in names.split(", ")}
    assert not left & set(parts), left
