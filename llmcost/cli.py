"""Thin Typer layer: options in, one metric call, render, exit code.

Exit codes: 0 ok; 1 flag-customers flagged someone / validate found
problems; 2 bad usage or unreadable input (one `error:` line, no traceback).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from enum import Enum
from typing import Annotated

import typer

from llmcost import __version__
from llmcost.errors import LlmcostError
from llmcost.render import Format

app = typer.Typer(
    name="llmcost",
    help="What each model call costs, which customers make or lose money, and whether unit costs are falling.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class By(str, Enum):
    model = "model"
    feature = "feature"
    customer = "customer"


class InputFormat(str, Enum):
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"


# Shared options, defined once and used by every command.
Paths = Annotated[list[str] | None, typer.Argument(help="Log files, directories, globs, or - for stdin.",
                                                   show_default=False)]
PricingOpt = Annotated[str | None, typer.Option("--pricing", help="pricing.yaml (default: from llmcost.yaml, "
                                                "else ./pricing.yaml).", show_default=False)]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Settings file (default: ./llmcost.yaml).",
                                               show_default=False)]
RevenueOpt = Annotated[str | None, typer.Option("--revenue", help="Revenue per customer (CSV/Parquet/YAML).",
                                                show_default=False)]
SinceOpt = Annotated[dt.datetime | None, typer.Option("--since", formats=["%Y-%m-%d"],
                                                      help="First day of the window (inclusive, UTC).")]
UntilOpt = Annotated[dt.datetime | None, typer.Option("--until", formats=["%Y-%m-%d"],
                                                      help="Day after the window (exclusive, UTC).")]
PeriodOpt = Annotated[Period, typer.Option("--period", help="Calendar period (UTC).")]
ByOpt = Annotated[By | None, typer.Option("--by", help="One line per model, feature or customer.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE (atomically) "
                                               "instead of stdout.", show_default=False)]
InputFormatOpt = Annotated[InputFormat | None, typer.Option("--input-format", help="Format of stdin "
                                                            "(or of files whose name does not say).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 2 if any row is unpriced or rejected.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No reconciliation line or warnings on stderr.")]


def _version(value: bool) -> None:
    if value:
        print(f"llmcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """What each model call costs, which customers make or lose money, and whether unit costs are falling."""


def _options(paths, pricing, config, revenue=None, since=None, until=None, period=Period.month,
             input_format=None, strict=False):
    from llmcost.job import Options

    return Options(
        paths=list(paths or []), pricing=pricing, config=config, revenue=revenue,
        since=since.date() if since else None, until=until.date() if until else None,
        period=period.value, input_format=input_format.value if input_format else None, strict=strict,
    )


def _finish(job, quiet: bool) -> None:
    """The reconciliation line and warnings on stderr; --strict turns problems into exit 2."""
    from llmcost.views import account_messages

    lines, problem = account_messages(job)
    if not quiet:
        for line in lines:
            _stderr(line)
    if job.options.strict and problem:
        raise LlmcostError(f"--strict: {problem}")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


@app.command()
def cpi(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, period: PeriodOpt = Period.month, by: ByOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Cost per inference per period, with token, fixed and amortized components."""
    from llmcost.job import Job
    from llmcost.render import render
    from llmcost.views import cpi_document

    job = Job(_options(paths, pricing, config, None, since, until, period, input_format, strict))
    doc = cpi_document(job, by.value if by else None)
    _finish(job, quiet)
    render(doc, fmt, output)


@app.command()
def validate(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
) -> None:
    """Account for every row: priced, unpriced, rejected (why, where), duplicates; exit 1 on problems."""
    from llmcost.job import Job
    from llmcost.render import render
    from llmcost.views import validate_document

    job = Job(_options(paths, pricing, config, None, since, until, input_format=input_format))
    doc = validate_document(job)
    render(doc, fmt, output)
    if job.account and job.account.problems:
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every failure is one `error:` line and exit 2, never a traceback."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL) if hasattr(signal, "SIGPIPE") else None
    code = 0
    try:
        result = app(args=argv, standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except LlmcostError as exc:
        _stderr(f"error: {exc}")
        code = 2
    except typer.Exit as exc:
        code = exc.exit_code
    except KeyboardInterrupt:
        _stderr("error: interrupted")
        code = 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except Exception as exc:  # click usage errors and friends
        code = _click_error(exc)
    if argv is None:
        sys.exit(code)
    return code


def _click_error(exc: Exception) -> int:
    """Usage errors from Typer's parser, by duck type (Typer vendors its own click)."""
    name = type(exc).__name__
    if name == "NoArgsIsHelpError":
        print(exc.ctx.get_help())
        return 0
    if name == "Abort":
        _stderr("error: interrupted")
        return 130
    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
        _stderr(f"error: {exc.format_message()}")
        return int(exc.exit_code)
    if os.environ.get("LLMCOST_DEBUG"):
        raise exc
    first = (str(exc).strip().splitlines() or [""])[0]
    _stderr(f"error: internal error ({type(exc).__name__}: {first}); rerun with LLMCOST_DEBUG=1 "
            "for details and please report it")
    return 2
