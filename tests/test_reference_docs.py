"""docs/reference.md keeps up with the code, cheaply: every log column with its aliases, every
setting, every pricing key, every command with its options, and the output columns of the main
commands are documented there — and nothing is documented that the code no longer has.

The checks read names, not prose: a new column, setting, key, option or output column fails here
until the reference says what it is.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from llmcost import config, pricing
from llmcost.cli import app
from llmcost.columns import COLUMNS
from tests.conftest import ROOT

REFERENCE = ROOT / "docs" / "reference.md"
HEADING = re.compile(r"^(#{2,5}) (\d+(?:\.\d+)*)\.? (.*)$", re.MULTILINE)
COMMAND_HEADING = re.compile(r"^`llmcost ([a-z -]+)`$")


def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def section(text: str, number: str) -> str:
    """The text under heading `number` (e.g. "1.1.2"), up to the next heading at its level or above."""
    headings = list(HEADING.finditer(text))
    for i, match in enumerate(headings):
        if match.group(2) == number:
            level = len(match.group(1))
            end = next((h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(text))
            return text[match.end() : end]
    raise AssertionError(f"docs/reference.md has no section {number}")


def table_rows(text: str) -> dict[str, str]:
    """First cell (a `name`, or several: `a`, `b`) → the whole row, for every row of the tables in `text`."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and cells[0].startswith("`"):
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name] = line
    return rows


def names(text: str) -> set[str]:
    """Every identifier inside a `code span` of `text`, fenced blocks left out: `fixed_costs[].name`
    documents `fixed_costs` and `name`."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    words = {w for span in re.findall(r"`([^`\n]+)`", prose) for w in re.findall(r"[A-Za-z_][\w.-]*", span)}
    return words | {part for w in words for part in w.split(".")}


def commands() -> dict[str, Any]:
    """Every command the CLI registers, by its full name ("pricing show"), with its click command."""
    found = {}

    def walk(group, prefix: str) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
            else:
                found[prefix + name] = command

    walk(typer.main.get_command(app), "")
    return found


def command_sections(text: str) -> dict[str, str]:
    """Command name → the text of its `#### 3.5.N `llmcost NAME`` section."""
    out = {}
    for match in HEADING.finditer(text):
        title = COMMAND_HEADING.match(match.group(3))
        if title:
            out[title.group(1)] = section(text, match.group(2))
    return out


def test_every_log_column_is_in_the_column_table_with_its_aliases():
    rows = table_rows(section(reference(), "1.1.2"))
    assert set(rows) == set(COLUMNS), "columns documented but not in COLUMNS, or the reverse"
    for name, column in COLUMNS.items():
        cells = [c.strip() for c in rows[name].lower().split("|")]
        required, aliases = cells[3], set(re.split(r"[,\s]+", cells[4]))
        missing = [a for a in column.aliases if a not in aliases]
        assert not missing, f"{name}: aliases {missing} not in its row of docs/reference.md §1.1.2"
        assert required.startswith("yes") == column.required, f"{name}: required is {column.required}"


def test_every_setting_of_llmcost_yaml_is_documented():
    rows = table_rows(section(reference(), "1.5"))
    assert set(rows) == set(config.KEYS)


@pytest.mark.parametrize(
    "keys",
    [
        "TOP_KEYS",
        "ENTRY_KEYS",
        "VERSION_KEYS",
        "TIER_KEYS",
        "SERVICE_TIERS",
        "FIXED_KEYS",
        "AMORTIZED_KEYS",
        "OUTCOME_KEYS",
    ],
)
def test_every_pricing_key_is_documented(keys):
    documented = names(section(reference(), "1.2"))
    missing = [k for k in getattr(pricing, keys) if k not in documented]
    assert not missing, f"pricing.{keys}: {missing} not in docs/reference.md §1.2"


def test_every_command_has_a_section_and_every_section_a_command():
    assert set(command_sections(reference())) == set(commands())


def flags(text: str) -> set[str]:
    """Every `--option` written in a code span of `text`."""
    return {flag for span in re.findall(r"`([^`\n]+)`", text) for flag in re.findall(r"--[a-z][\w-]*", span)}


def test_every_option_of_every_command_is_documented():
    text = reference()
    shared = flags(section(text, "3.1"))
    registered, undocumented = commands(), []
    for name, own in command_sections(text).items():
        documented = shared | flags(own)
        for param in registered[name].params:
            long = [o for o in param.opts if o.startswith("--")]
            if long and not set(long) & documented:
                undocumented.append(f"{name} {long[0]}")
    assert not undocumented, f"options not in docs/reference.md §3: {undocumented}"


def json_columns(value: object) -> set[str]:
    """Column names of a command's JSON: the keys of its rows, and of each section's rows (with
    the section names) for a command of several sections."""
    if isinstance(value, list):
        return {key for row in value for key in row}
    assert isinstance(value, dict)
    sections = {k: v for k, v in value.items() if not k.endswith("_notes")}
    return set(sections) | {c for rows in sections.values() for c in json_columns(rows)}


@pytest.mark.parametrize(
    "args",
    [
        ("cpi",),
        ("cpi", "--by", "customer"),
        ("customers",),
        ("models",),
        ("trend",),
        ("trend", "--explain"),
        ("quality", "--by", "feature"),
        ("usage",),
    ],
    ids=" ".join,
)
def test_output_columns_of_the_main_commands_are_in_their_section(run, args):
    result = run(*args, "--config", ROOT / "llmcost.yaml", "-f", "json", "-q")
    assert result.code == 0, result.err
    documented = names(command_sections(reference())[args[0]]) | names(section(reference(), "3.1"))
    missing = sorted(json_columns(result.json()) - documented)
    assert not missing, f"llmcost {' '.join(args)}: output columns {missing} not in docs/reference.md §3.5"
