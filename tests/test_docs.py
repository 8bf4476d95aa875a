"""Every ```console block of README.md is run against the bundled sample, and its output must match.

Why: the README is the contract a newcomer reads first; a session in it that no longer prints what
it shows is a bug, as sqlite-utils treats its docs (with cog). `python tests/test_docs.py --update`
rewrites every block's output in place from what the commands print now, so a change of output is
one command and a reviewed diff.

The rules of a session:

* a line starting with `$ ` is a command (a line ending in `\\` continues it); the lines up to the
  next command are what it prints. Commands run with bash in the repository root, so they read
  its `llmcost.yaml`, `pricing.yaml` and `sample_logs/`; pipes (`| head -n 6`), `;` and `||` work.
* standard output and standard error share one pipe, in the order they were written: what a
  terminal shows. Standard output is not a terminal, so tables are as piped (no rule under the
  header, no chart, no colour); `NO_COLOR=1`, `TZ=UTC`, `COLUMNS=100`.
* lines are compared without trailing spaces, and each command's trailing blank lines are dropped.
* volatile values are normalised on both sides by the VOLATILE patterns below (today's date where
  a command prints it, the version). Nothing else the sample prints depends on the day: the bundled
  list's date is the day it was checked, and the sample's last signup was 90 days old on 2026-10-18.
* a command piping into a program that is not installed (`jq`) is skipped; `.ci/run` installs it.
* a block right under a `<!-- session in a new folder with FILE… -->` comment runs its commands one
  after the other in a new empty folder holding copies of those repository files (by their base
  name): a newcomer's first run (`llmcost init`) shown as it happens outside the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = "```"
OPEN = FENCE + "console"

# (pattern, replacement) applied to the README's output and to the actual output before comparing
VOLATILE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(Imported by llmcost on )\d{4}-\d{2}-\d{2}"), r"\1<today>"),  # pricing import
    (re.compile(r"(checked: ')\d{4}-\d{2}-\d{2}'"), r"\1<today>'"),  # pricing import: checked today
    (re.compile(r"\bllmcost \d+\.\d+\.\d+\S*"), "llmcost <version>"),  # llmcost --version
]
# in a new folder, init writes pricing.yaml with today's date in its header: the file's hash moves daily
NEW_FOLDER_VOLATILE = (re.compile(r"(pricing\.yaml@)[0-9a-f]{8}"), r"\1<hash>")
# programs a README command may pipe into that a bare Python install lacks
OPTIONAL_PROGRAMS = ("jq",)


@dataclass
class Command:
    text: str  # as written after "$ ", continuation lines included
    output: list[str]  # the lines the README shows under it


@dataclass
class Block:
    start: int  # index of the first line inside the fence
    end: int  # index of the closing fence
    commands: list[Command]
    files: list[str] | None = None  # run in a new folder holding these repository files


NEW_FOLDER = re.compile(r"<!--\s*session in a new folder with (.*?)\s*-->")


def parse(lines: list[str]) -> list[Block]:
    """Each ```console block of the README as its commands and their shown outputs."""
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() != OPEN:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == FENCE)
        folder = NEW_FOLDER.fullmatch(lines[i - 1].strip()) if i else None
        blocks.append(
            Block(i + 1, end, _commands(lines[i + 1 : end], i + 2), folder.group(1).split() if folder else None)
        )
        i = end + 1
    return blocks


def _commands(body: list[str], lineno: int) -> list[Command]:
    """Split a block's lines into commands and outputs; a block must open with a command."""
    commands: list[Command] = []
    k = 0
    while k < len(body):
        line = body[k]
        if line.startswith("$ "):
            text = line[2:]
            while text.endswith("\\") and k + 1 < len(body):
                k += 1
                text += "\n" + body[k]
            commands.append(Command(text, []))
        elif not commands:
            raise ValueError(f"README.md line {lineno + k}: a console block must start with '$ '")
        else:
            commands[-1].output.append(line)
        k += 1
    return commands


def environment() -> dict[str, str]:
    """The fixed environment the README's sessions are shown in, whatever the caller's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LLMCOST_") and k not in {"FORCE_COLOR", "COLUMNS", "LINES", "CI"}
    }
    env.update(
        NO_COLOR="1",
        TZ="UTC",
        COLUMNS="100",
        PYTHONIOENCODING="utf-8",
        TERM="dumb",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    return env


def run(command: str, cwd: Path = ROOT) -> list[str]:
    """What a terminal would show for the command: stdout and stderr in write order, tidied."""
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    return tidy(proc.stdout.decode("utf-8").splitlines())


def tidy(lines: list[str]) -> list[str]:
    """Trailing spaces (tables pad their last column) and trailing blank lines are not content."""
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def normalise(lines: list[str], *, new_folder: bool = False) -> list[str]:
    text = "\n".join(lines)
    for pattern, replacement in VOLATILE + ([NEW_FOLDER_VOLATILE] if new_folder else []):
        text = pattern.sub(replacement, text)
    return text.splitlines()


def missing_program(command: str) -> str | None:
    """An optional program the command pipes into that is not installed, if any."""
    for name in OPTIONAL_PROGRAMS:
        if re.search(rf"\|\s*{name}\b", command) and shutil.which(name) is None:
            return name
    return None


def update(path: Path = README) -> int:
    """Rewrite every console block's outputs with what its commands print now; returns the count."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = parse(lines)
    for block in reversed(blocks):  # from the end, so earlier indices stay valid
        body: list[str] = []
        for command, shown in zip(block.commands, outputs(block), strict=True):
            body.append("$ " + command.text)
            body.extend(shown)
        lines[block.start : block.end] = body
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(blocks)


def outputs(block: Block) -> list[list[str]]:
    """What each command of the block prints: in the repository root, or one after the other in a
    new folder holding the block's files."""
    if block.files is None:
        return [run(command.text) for command in block.commands]
    with tempfile.TemporaryDirectory() as folder:
        for name in block.files:
            shutil.copy(ROOT / name, Path(folder) / Path(name).name)
        return [run(command.text, Path(folder)) for command in block.commands]


def _cases() -> list:
    lines = README.read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(command, id=f"line{block.start + 1}-{command.text.split(chr(10))[0][:40]}")
        for block in parse(lines)
        if block.files is None
        for command in block.commands
    ]


def _folder_cases() -> list:
    lines = README.read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(block, id=f"line{block.start + 1}-new-folder") for block in parse(lines) if block.files is not None
    ]


def test_the_readme_has_sessions_to_check():
    """The parser must find them: a README without console blocks would pass every test below."""
    commands = [c for b in parse(README.read_text(encoding="utf-8").splitlines()) for c in b.commands]
    assert len(commands) >= 8, [c.text for c in commands]
    assert all(c.output for c in commands), [c.text for c in commands if not c.output]


@pytest.mark.parametrize("command", _cases())
def test_readme_session(command: Command):
    program = missing_program(command.text)
    if program:
        pytest.skip(f"{program} is not installed (.ci/run installs it)")
    actual = run(command.text)
    assert normalise(actual) == normalise(tidy(command.output)), (
        f"$ {command.text}\nprints something else than README.md shows; if the new output is right, "
        "run `python tests/test_docs.py --update` and review the diff"
    )


@pytest.mark.parametrize("block", _folder_cases())
def test_readme_session_in_a_new_folder(block: Block):
    for command, actual in zip(block.commands, outputs(block), strict=True):
        assert normalise(actual, new_folder=True) == normalise(tidy(command.output), new_folder=True), (
            f"$ {command.text}\nprints something else than README.md shows; if the new output is right, "
            "run `python tests/test_docs.py --update` and review the diff"
        )


def test_parse_reads_continuations_and_rejects_output_before_a_command():
    lines = [OPEN, "$ llmcost cpi \\", "  --by model", "out 1", "", "$ echo 2", "2", FENCE, "text"]
    (block,) = parse(lines)
    assert [(c.text, c.output) for c in block.commands] == [
        ("llmcost cpi \\\n  --by model", ["out 1", ""]),
        ("echo 2", ["2"]),
    ]
    assert (block.start, block.end) == (1, 7)
    with pytest.raises(ValueError, match="must start with"):
        parse([OPEN, "output first", FENCE])


def test_update_rewrites_outputs_and_keeps_the_rest(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n{OPEN}\n$ echo a; echo b >&2\nstale\n$ printf 'x  \\n\\n\\n'\n{FENCE}\nend\n")
    assert update(readme) == 1
    assert readme.read_text() == f"# t\n{OPEN}\n$ echo a; echo b >&2\na\nb\n$ printf 'x  \\n\\n\\n'\nx\n{FENCE}\nend\n"


def test_volatile_values_are_normalised_on_both_sides():
    shown = ["# Imported by llmcost on 2026-11-25 from x", "    checked: '2026-11-25'", "checked 2026-11-25"]
    today = ["# Imported by llmcost on 2027-01-02 from x", "    checked: '2027-01-02'", "checked 2026-11-25"]
    assert normalise(shown) == normalise(today)
    assert normalise(["checked 2026-11-25"]) != normalise(["checked 2027-01-02"])  # a list's date is content


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_docs.py --update   (rewrites README.md's console outputs)")
    print(f"README.md: {update()} console blocks regenerated")
