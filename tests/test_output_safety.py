"""The output side in hostile environments (issue 13, round two): closed or full standard streams,
--output naming a device, FIFO, symlink, descriptor or an input, control characters in logged
names, runs that priced nothing, and panics.

The descriptor cases run `python -m llmcost` under `sh` so that `2>&-`, `>&-` and `3>>` act on
real file descriptors, as in a cron wrapper. No test writes to a real device through --output:
devices and FIFOs are made in the test's folder, and /dev/null is checked afterwards.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import llmcost

CODE = Path(llmcost.__file__).resolve().parent.parent  # the llmcost under test, for the subprocesses
PRICES = "models:\n  m: {input: 1, output: 2}\n"  # USD per million tokens
HEADER = "timestamp,model,input_tokens,output_tokens,customer_id"
LOG = (
    f"{HEADER}\n2026-05-01T00:00:00Z,m,10,5,c1\n2026-05-02T00:00:00Z,m,10,5,c2\n"
    "2026-05-03T00:00:00Z,mystery,1,1,c1\n"
)  # two priced rows and one unpriced (a warning on stderr)
# each priced row: 10 input tokens at $1/M + 5 output tokens at $2/M
ROW_COST = Decimal(10) * Decimal(1) / Decimal(10**6) + Decimal(5) * Decimal(2) / Decimal(10**6)
CPI_ARGS = ("cpi", "l.csv", "--pricing", "p.yaml", "-f", "csv")


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "l.csv").write_text(LOG)
    return tmp_path


def llmcost_sh(
    cwd: Path, *args: str, redirect: str = "", before: str = "", stdout=subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """`python -m llmcost ARGS REDIRECT` run by sh, so a redirection such as `2>&-` is real."""
    env = {**os.environ, "PYTHONPATH": str(CODE), "NO_COLOR": "1"}
    env.pop("LLMCOST_DEBUG", None)
    script = f'{before} exec "$0" -m llmcost "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


def assert_cpi_csv(text: str) -> None:
    """Exactly the CSV of the two priced rows: a header, one period, nothing from stderr."""
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("period,inferences,cost,"), text
    frame = pl.read_csv(io.StringIO(text))
    assert frame["period"].to_list() == ["2026-05"] and frame["inferences"].to_list() == [2]
    assert frame["cost"][0] == pytest.approx(float(2 * ROW_COST))
    assert frame["cpi"][0] == pytest.approx(float(ROW_COST))


def error_lines(stderr: bytes) -> list[str]:
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert "Traceback" not in stderr.decode() and not any("internal error" in line for line in lines), lines
    return lines


# ---- closed and full standard streams


@pytest.mark.parametrize("fmt", ["csv", "json", "table", "markdown"])
def test_closed_stderr_puts_nothing_but_data_on_stdout(logs, fmt):
    """`2>&-`: the warning and the account line used to land in the CSV (print to None is stdout)."""
    result = llmcost_sh(logs, "cpi", "l.csv", "--pricing", "p.yaml", "-f", fmt, redirect="2>&-")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "warning" not in out and "read 3" not in out and "mystery" not in out, out
    if fmt == "csv":
        assert_cpi_csv(out)


def test_closed_stderr_with_output_file(logs):
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "out.csv", redirect="2>&-")
    assert result.returncode == 0 and result.stdout == b""
    assert_cpi_csv((logs / "out.csv").read_text())


def test_closed_stdout_is_one_plain_error(logs):
    """`>&-`: one `error:` saying what to do, not 'internal error (AttributeError …)'."""
    result = llmcost_sh(logs, *CPI_ARGS, redirect=">&-")
    lines = error_lines(result.stderr)
    assert result.returncode == 2
    assert len(lines) == 1 and lines[0].startswith("error: standard output is closed"), lines
    assert "--output FILE" in lines[0]


def test_closed_stdout_with_output_file_works(logs):
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "out.csv", redirect=">&-")
    assert result.returncode == 0, result.stderr
    assert_cpi_csv((logs / "out.csv").read_text())
    assert result.stderr.decode().splitlines()[-1].startswith("read 3 · priced 2 · unpriced 1")


def test_closed_stdin_is_empty_input(logs):
    result = llmcost_sh(logs, "cpi", "-", "--input-format", "csv", "--pricing", "p.yaml", redirect="<&-")
    assert result.returncode == 2 and error_lines(result.stderr) == ["error: standard input is empty"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_full_disk_on_stdout_is_a_plain_error(logs, fmt):
    """`> /dev/full` (the shell's redirect: the device itself is only written to)."""
    result = llmcost_sh(logs, "cpi", "l.csv", "--pricing", "p.yaml", "-f", fmt, "-q", redirect="> /dev/full")
    assert result.returncode == 2
    assert error_lines(result.stderr) == ["error: cannot write standard output: no space left on device"]


# ---- --output: devices, FIFOs, symlinks, descriptors are written to, never replaced


def test_output_fifo_is_written_not_replaced(logs):
    fifo = logs / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer's open does not block
    try:
        result = llmcost_sh(logs, *CPI_ARGS, "-o", "pipe", "-q")
        try:
            data = os.read(reader, 1 << 20)
        except BlockingIOError:
            data = b""
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert_cpi_csv(data.decode())


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_device_is_written_not_replaced(logs):
    """As root, -o /dev/null used to rename a temporary file over the device; a null device made here."""
    device = logs / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "null", "-q")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device was replaced by a regular file"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_symlink_is_written_through_and_keeps_the_mode(logs):
    target = logs / "reports" / "cpi.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    target.chmod(0o640)
    (logs / "link.csv").symlink_to(target)
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "link.csv", "-q")
    assert result.returncode == 0, result.stderr
    assert (logs / "link.csv").is_symlink(), "the symlink was replaced"
    assert_cpi_csv(target.read_text())
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_existing_output_keeps_its_mode(logs):
    out = logs / "out.csv"
    out.write_text("old\n")
    out.chmod(0o664)
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "out.csv", "-q")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o664
    assert_cpi_csv(out.read_text())


def test_new_output_gets_the_umask_mode(logs):
    """Not mkstemp's 0600: a report for others to read is made as any new file would be."""
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "new.csv", "-q", before="umask 027;")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((logs / "new.csv").stat().st_mode) == 0o666 & ~0o027


def test_dash_is_stdout(logs):
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "-", "-q")
    assert result.returncode == 0, result.stderr
    assert_cpi_csv(result.stdout.decode())
    assert not (logs / "-").exists()


def test_output_naming_our_stdout_appends_as_the_shell_opened_it(logs):
    """A name for fd 1 (here a symlink to /dev/stdout) with `>>`: appended, neither truncated nor replaced."""
    (logs / "so").symlink_to("/dev/stdout")
    appended = logs / "all.csv"
    appended.write_text("kept\n")
    with appended.open("ab") as handle:
        result = llmcost_sh(logs, *CPI_ARGS, "-o", "so", "-q", stdout=handle)
    assert result.returncode == 0, result.stderr
    assert (logs / "so").is_symlink()
    text = appended.read_text()
    assert text.startswith("kept\n")
    assert_cpi_csv(text.removeprefix("kept\n"))


def test_output_naming_another_descriptor_appends(logs):
    (logs / "fd3").symlink_to("/dev/fd/3")
    (logs / "log.txt").write_text("kept\n")
    result = llmcost_sh(logs, *CPI_ARGS, "-o", "fd3", "-q", redirect="3>>log.txt")
    assert result.returncode == 0, result.stderr
    assert (logs / "fd3").is_symlink()
    text = (logs / "log.txt").read_text()
    assert text.startswith("kept\n")
    assert_cpi_csv(text.removeprefix("kept\n"))


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["cpi", "l.csv", "-o", "l.csv"], "l.csv"),
        (["cpi", "l.csv", "-o", "link.csv"], "l.csv"),
        (["cpi", "l.csv", "-o", "p.yaml"], "p.yaml"),
        (["customers", "l.csv", "--revenue", "r.csv", "-o", "r.csv"], "r.csv"),
        (["report", "l.csv", "--html", "l.csv"], "l.csv"),
        (["validate", "l.csv", "-o", "l.csv"], "l.csv"),
        (["cpi", "--config", "c.yaml", "-o", "c.yaml"], "c.yaml"),
    ],
)
def test_output_never_overwrites_an_input(run, logs, command, target):
    (logs / "r.csv").write_text("customer_id,revenue\nc1,5\n")
    (logs / "c.yaml").write_text("logs: l.csv\n")
    (logs / "link.csv").symlink_to("l.csv")
    before = (logs / target).read_bytes()
    result = run(*command, "--pricing", "p.yaml", "-q")
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("error: cannot write "), result.err
    assert "this run reads it" in result.err
    assert (logs / target).read_bytes() == before
    assert not (logs / "link.csv").is_symlink() or os.readlink(logs / "link.csv") == "l.csv"


@pytest.fixture
def shared_dir():
    """A folder another user can read (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="llmcost-out-"))
    path.chmod(0o755)
    yield path
    for folder in path.rglob("*"):
        if folder.is_dir():
            folder.chmod(0o755)
    shutil.rmtree(path)


def test_read_only_output_folder_is_a_plain_error(shared_dir):
    """Root writes anywhere, so as root the run is made as nobody; the folder is read-only to it."""
    (shared_dir / "p.yaml").write_text(PRICES)
    (shared_dir / "l.csv").write_text(LOG)
    for name in ("p.yaml", "l.csv"):
        (shared_dir / name).chmod(0o644)
    (shared_dir / "ro").mkdir()
    (shared_dir / "ro").chmod(0o555)
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    if nobody and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a folder read-only to the run")
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(CODE)}
    result = subprocess.run(
        [*nobody, sys.executable, "-m", "llmcost", *CPI_ARGS, "-o", "ro/out.csv", "-q"],
        cwd=shared_dir,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: cannot write ro/out.csv: "), lines
    assert "permission denied" in lines[0] and "choose a folder you can write to" in lines[0]
    assert not list((shared_dir / "ro").iterdir())


# ---- control characters in logged names reach people escaped; machine formats stay exact

EVIL = ["c\x1b]0;pwned\x07", "a|b\nc", "\u202eevil"]  # terminal title, a forged row, a bidi override


@pytest.fixture
def evil_logs(tmp_path: Path) -> Path:
    (tmp_path / "p.yaml").write_text(PRICES)
    frame = pl.DataFrame(
        {
            "timestamp": ["2026-05-01T00:00:00Z"] * 3,
            "model": ["m"] * 3,
            "input_tokens": [10] * 3,
            "output_tokens": [5] * 3,
            "customer_id": EVIL,
        }
    )
    frame.write_csv(tmp_path / "l.csv")
    return tmp_path


def test_table_shows_control_characters(run, evil_logs):
    result = run("customers", "l.csv", "--pricing", "p.yaml")
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out and "\u202e" not in result.out
    lines = result.out.splitlines()
    for shown in ("c\\x1b]0;pwned\\x07", "a|b\\nc", "\\u202eevil"):
        # each customer on one line with its period: no row broken in two
        assert [line for line in lines if shown in line and "2026-05-01/2026-06-01" in line], (shown, result.out)


def test_markdown_rows_are_not_broken(run, evil_logs):
    result = run("customers", "l.csv", "--pricing", "p.yaml", "-f", "markdown")
    assert result.code == 0 and "\x1b" not in result.out
    table = [line for line in result.out.splitlines() if line.startswith("|")]
    cells = {len(re.split(r"(?<!\\)\|", line)) for line in table}
    assert len(table) == 2 + len(EVIL) and len(cells) == 1, table  # header, rule, one row per customer
    assert any(line.startswith("| a\\|b\\nc |") for line in table), table


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_keep_names_exact(run, evil_logs, fmt):
    result = run("customers", "l.csv", "--pricing", "p.yaml", "-f", fmt)
    ids = [r["customer_id"] for r in result.json()] if fmt == "json" else result.csv()["customer_id"].to_list()
    assert sorted(ids) == sorted(EVIL)


def test_html_report_shows_control_characters(run, evil_logs):
    result = run("report", "l.csv", "--pricing", "p.yaml", "--html", "r.html", "-q")
    page = (evil_logs / "r.html").read_text()
    assert result.code == 0
    assert "\x1b" not in page and "\x07" not in page
    assert "c\\x1b]0;pwned\\x07" in page


def test_error_line_naming_a_file_is_escaped(run, logs):
    """A file name with a newline used to forge a second `error:` line (and clear the screen)."""
    result = run("cpi", "l.csv", "--pricing", "p\x1b[2J\nerror: forged.yaml")
    assert result.code == 2
    assert result.err == "error: p\\x1b[2J\\nerror: forged.yaml: no such file\n"


def test_chart_labels_are_escaped(capsys):
    """Chart labels and series are logged names too: escaped on a (forced) terminal and in the SVG."""
    from llmcost.charts import Chart
    from llmcost.html import html_page
    from llmcost.options import Format
    from llmcost.render import Document, Section, render

    frame = pl.DataFrame({"period": ["2026-05", "2026-05"], "model": ["m\x1b]0;pwned\x07", "ok"], "cost": [1.0, 2.0]})
    chart = Chart("stacked", "Cost by model", frame, "period", "cost", series="model")
    doc = Document([Section("models", frame, "Models", money=("cost",), chart=chart)])
    render(doc, Format.table, None, color=True)
    out = capsys.readouterr().out
    assert "\x1b]0;" not in out and "\x07" not in out and "m\\x1b]0;pwned\\x07" in out
    page = html_page(doc, "t")
    assert "\x1b" not in page and "m\\x1b]0;pwned\\x07" in page


# ---- a run that priced nothing is exit 2 (validate: 1), never an empty table and exit 0


REJECTED = f"{HEADER}\nyesterday,m,10,5,c1\nnot a date,m,10,5,c2\n"


def test_flag_customers_quiet_fails_when_every_row_is_rejected(run, tmp_path):
    """The documented `flag-customers --quiet || mail` must fire when nothing could be priced."""
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "l.csv").write_text(REJECTED)
    result = run("flag-customers", "l.csv", "--pricing", "p.yaml", "--quiet")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("error: nothing priced: every row was rejected (2 rows; first: l.csv row 1: ")


def test_flag_customers_month_without_rows_fails(run, logs):
    result = run("flag-customers", "l.csv", "--pricing", "p.yaml", "--month", "2026-09", "-q")
    assert result.code == 2
    assert result.err.startswith("error: nothing priced: no rows in l.csv fall in the window 2026-09-01 to 2026-10-01")


def test_validate_keeps_exit_1(run, tmp_path):
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "l.csv").write_text(HEADER + "\n")
    result = run("validate", "l.csv", "--pricing", "p.yaml", "-f", "json")
    assert result.code == 1 and result.json()["summary"][0]["read"] == 0


def test_pricing_check_still_lists_unknown_models(run, tmp_path):
    (tmp_path / "p.yaml").write_text(PRICES)
    (tmp_path / "l.csv").write_text(f"{HEADER}\n2026-05-01T00:00:00Z,mystery,1,1,c1\n")
    result = run("pricing", "check", "l.csv", "--pricing", "p.yaml", "-f", "json")
    assert result.code == 1 and result.json() == [{"model": "mystery", "rows": 1, "entry": None, "source": "unknown"}]


# ---- panics and other escapes from below are one line naming the input


@pytest.mark.parametrize(
    ("raised", "needle"),
    [
        ("panic", "internal error (PanicException: called `Option::unwrap()` on a `None` value) while reading l.csv"),
        ("recursion", "an input is nested too deeply to read while reading l.csv"),
    ],
)
def test_panics_are_one_line_naming_the_input(run, logs, monkeypatch, raised, needle):
    """A Rust panic is a BaseException: it used to escape main() as a 59-line traceback and exit 1."""
    from polars.exceptions import PanicException

    def boom(*_args, **_kwargs):
        if raised == "panic":
            raise PanicException("called `Option::unwrap()` on a `None` value")
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("llmcost.job.cube", boom)
    monkeypatch.delenv("LLMCOST_DEBUG", raising=False)
    result = run(*CPI_ARGS)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert result.err.startswith("error: ") and needle in result.err, result.err
