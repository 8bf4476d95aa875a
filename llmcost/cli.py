"""Thin Typer layer: options in, one metric call, render, exit code.

Exit codes: 0 ok; 1 flag-customers flagged someone / validate found
problems / drift alerted; 2 bad usage or unreadable input (one `error:` line,
never a traceback). Heavy modules are imported inside commands so that
`--help` and `--version` stay fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
import os
import signal
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated

import typer

from llmcost import __version__
from llmcost.errors import LlmcostError
from llmcost.options import (
    ByOpt,
    CatalogOpt,
    ConfigOpt,
    CustomersOpt,
    Format,
    FormatOpt,
    OutputOpt,
    Period,
    PeriodOpt,
    PricingOpt,
    SpendOpt,
    SplitOpt,
    log_command,
)
from llmcost.visible import visible

# The files this run reads, as far as known: named in an internal error, never overwritten by --output.
_inputs: list[str] = []

app = typer.Typer(
    name="llmcost",
    help="What each model call costs, which customers make or lose money, and whether unit costs are falling.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Sort(str, Enum):
    margin = "margin"
    cost = "cost"
    revenue = "revenue"
    inferences = "inferences"


NoChartOpt = Annotated[bool, typer.Option("--no-chart", help="No chart under the table (terminals only).")]
ThresholdOpt = Annotated[float | None, typer.Option(
    "--threshold", help="Flag gross margin below this (0.2 = 20 %; default: flag_threshold in llmcost.yaml, else 0).")]


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


def _run(opts, make: Callable, period: Period | str | None = None, *, show: bool = True, charts: bool = True,
         reads: tuple[str | None, ...] = (), writes: tuple[str | None, ...] = (), empty_ok: bool = False):
    """Load, build the document, print the account on stderr, render: the shape of every command.

    A run that priced nothing is exit 2 with its reason (`empty_ok` for the commands that
    exist to show why): an empty table and exit 0 would look like success to cron.
    """
    from llmcost.job import Job
    from llmcost.render import check_destination, render
    from llmcost.views.validate import account_messages, nothing_priced

    value = period.value if isinstance(period, Enum) else period
    _reading(opts.paths, opts.pricing, opts.config, opts.revenue, *reads)
    job = Job(dataclasses.replace(opts, period=value))
    _reading(*_job_inputs(job), *reads)
    for output in ([opts.output] if show else []) + [w for w in writes if w]:
        check_destination(output, _inputs)  # before the work: a typo in a folder name costs nothing
    doc = make(job)
    lines, problem = account_messages(job)
    empty = None if empty_ok else nothing_priced(job)
    if empty:
        raise LlmcostError(empty)
    if opts.strict and problem:
        raise LlmcostError(f"--strict: {problem}")
    if not opts.quiet:
        for line in lines:
            _stderr(line)
    doc.charts = charts
    if show:
        render(doc, opts.fmt, opts.output, inputs=_inputs)
    return doc


def _reading(*names: str | list[str] | None) -> None:
    """Record the files this run reads (flattening lists, dropping unset options)."""
    flat = [n for name in names for n in (name if isinstance(name, list) else [name])]
    _inputs[:] = dict.fromkeys(str(n) for n in flat if n)


def _job_inputs(job) -> list[str | None]:
    """Every file a loaded Job read: logs as expanded, pricing, settings, revenue and people files."""
    options, config = job.options, job.config
    return [*job.log.files, job.book.path, config.path, options.revenue or config.revenue,
            config.customers, config.spend]


def _rule(job, threshold: float | None, min_inferences: int = 0, include_unbilled: bool = False):
    from llmcost.metrics.margin import FlagRule

    if threshold is not None and not math.isfinite(threshold):
        raise LlmcostError(f"--threshold must be a number such as 0 or 0.2, not {threshold}")
    return FlagRule(job.config.flag_threshold if threshold is None else threshold, min_inferences, include_unbilled)


def _stderr(line: str) -> None:
    """One line for people on stderr: control characters from logged names shown, not obeyed.

    With stderr closed (`2>&-`) the line is dropped: print(file=None) would put it on
    stdout, into the data.
    """
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):  # stderr on a full disk: nowhere left to say it; the exit code does
        print(visible(line), file=sys.stderr, flush=True)


def _by(by) -> str | None:
    return by.value if by else None


@log_command(app)
def cpi(opts, period: PeriodOpt = Period.month, by: ByOpt = None) -> None:
    """Cost per inference per period, with its components.

    CPI = total cost ÷ priced inferences; token, fixed and amortized cost shown apart.
    """
    from llmcost.views.cost import cpi_document

    _run(opts, lambda j: cpi_document(j, _by(by)), period)


@log_command(app, revenue=True)
def customers(
    opts,
    per_month: Annotated[bool, typer.Option("--per-month", help="One row per customer per calendar month.")] = False,
    sort: Annotated[Sort, typer.Option("--sort", help="Order (margin: worst first).")] = Sort.margin,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the first N customers.")] = None,
    threshold: ThresholdOpt = None, no_chart: NoChartOpt = False,
) -> None:
    """Margin per customer: revenue, cost, who loses money.

    Customers with revenue and no usage are listed; usage without revenue is unbilled.
    """
    from llmcost.views.margin import customers_document

    _run(opts, lambda j: customers_document(j, per_month, sort.value, top, _rule(j, threshold)), charts=not no_chart)


@log_command(app)
def trend(
    opts, period: PeriodOpt = Period.month, by: ByOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Split each change into price, model mix, tokens "
                                          "per call and fixed-cost effects that add up.")] = False,
    no_chart: NoChartOpt = False,
) -> None:
    """Unit-cost trend: is CPI falling, and why?

    CPI per period against the previous period and 3, 6 and 12 months earlier;
    --explain says how much of each change is price, mix, tokens or fixed cost.
    """
    from llmcost.views.cost import trend_document

    _run(opts, lambda j: trend_document(j, _by(by), explain), period, charts=not no_chart)


@log_command(app)
def models(
    opts, raw: Annotated[bool, typer.Option("--raw", help="Per model name as logged, not per pricing entry.")] = False,
    no_chart: NoChartOpt = False,
) -> None:
    """Cost by model: volume, cost, share, CPI.

    Per pricing entry, or per model name as logged with --raw.
    """
    from llmcost.views.cost import models_document

    _run(opts, lambda j: models_document(j, raw), charts=not no_chart)


@log_command(app, "flag-customers", revenue=True)
def flag_customers(
    opts,
    month: Annotated[dt.datetime | None, typer.Option(
        "--month", formats=["%Y-%m"], help="Calendar month YYYY-MM (default: the latest in the logs).")] = None,
    threshold: ThresholdOpt = None,
    min_inferences: Annotated[int, typer.Option(
        "--min-inferences", min=0, help="Ignore customers with fewer inferences in the window.")] = 0,
    include_unbilled: Annotated[bool, typer.Option(
        "--include-unbilled", help="Also flag customers with cost and no revenue.")] = False,
) -> None:
    """For cron: flag customers below a margin (exit 1).

    Exit 1 if anyone is flagged, 0 if none, 2 on bad input; --quiet prints nothing.
    """
    from llmcost.views.margin import flag_document

    if month and (opts.since or opts.until):
        raise LlmcostError("give --month or --since/--until, not both")
    if month:
        start = month.date()
        end = dt.date(start.year + 1, 1, 1) if start.month == 12 else dt.date(start.year, start.month + 1, 1)
        opts = dataclasses.replace(opts, since=start, until=end)
    latest = not (opts.since or opts.until)
    flagged = _run(opts, lambda j: flag_document(j, _rule(j, threshold, min_inferences, include_unbilled), latest),
                   show=not opts.quiet)
    if flagged.sections[0].frame.height:
        raise typer.Exit(1)


@log_command(app, revenue=True)
def report(
    opts, period: PeriodOpt = Period.month, threshold: ThresholdOpt = None,
    customers: CustomersOpt = None, spend: SpendOpt = None, no_chart: NoChartOpt = False,
    html: Annotated[str | None, typer.Option("--html", help="Also write the report as one self-contained HTML "
                                             "file (charts included, no network needed).", show_default=False)] = None,
) -> None:
    """The one-page dashboard: targets, trend, who to act on.

    Headline, dashboard with targets and actions, trend, top models, worst-margin
    customers, prompt efficiency and the row account.
    """
    from llmcost.views.report import report_document

    if html and opts.output and os.path.abspath(html) == os.path.abspath(opts.output):
        raise LlmcostError(f"--html and --output both name {html}: give two files")
    doc = _run(opts, lambda j: report_document(j, _rule(j, threshold), customers, spend), period,
               charts=not no_chart, reads=(customers, spend), writes=(html,))
    if html:
        from llmcost.render import html_page, write_text

        write_text(html_page(doc, "llmcost report"), html, inputs=[*_inputs, opts.output])


@log_command(app, revenue=True)
def whatif(
    opts,
    route: Annotated[list[str] | None, typer.Option("--route", help="feature=NAME:MODEL or model=NAME:MODEL, "
                                                    "optionally @80% (repeatable).")] = None,
    cache_hit: Annotated[float | None, typer.Option("--cache-hit", min=0, max=1, help="Share of input tokens read "
                                                    "from cache.")] = None,
    trim_input: Annotated[float | None, typer.Option("--trim-input", min=0, max=1, help="Prompts this much "
                                                     "shorter (0.3 = 30 %).")] = None,
    price: Annotated[list[str] | None, typer.Option("--price", help="MODEL.RATE=VALUE, e.g. gpt-4o.input=2.00 "
                                                    "(repeatable).")] = None,
    batch: Annotated[list[str] | None, typer.Option("--batch", help="feature=NAME or model=NAME sent through "
                                                    "the batch API (repeatable).")] = None,
    by: ByOpt = None, threshold: ThresholdOpt = None,
) -> None:
    """What if traffic moved, prompts shrank or prices changed? Before/after.

    Re-prices the same logged traffic: CPI, total cost, gross margin and who starts
    or stops being flagged; --by customer for each customer's margin.
    """
    from llmcost.views.whatif import whatif_document

    _run(opts, lambda j: whatif_document(j, route or [], cache_hit, trim_input, price or [], batch or [],
                                         _rule(j, threshold), _by(by) == "customer"))


@log_command(app)
def usage(opts, period: SplitOpt = None, by: ByOpt = None) -> None:
    """Generations, customers and cost per customer; the top 5 %.

    Generation count per period and hour of day, active customers, average and p95
    inferences and cost per customer, and what sets the costliest 5 % apart.
    """
    from llmcost.views.signals import usage_document

    _run(opts, lambda j: usage_document(j, _by(by)), period)


@log_command(app)
def efficiency(opts, period: SplitOpt = None, by: ByOpt = None) -> None:
    """Tokens per inference against targets; what caching saved.

    Average and p50/p95 input, output and total tokens per feature, cache hit rate,
    reasoning share, and the cost of tokens above the use case's target range.
    """
    from llmcost.views.signals import efficiency_document

    _run(opts, lambda j: efficiency_document(j, _by(by)), period)


@log_command(app)
def latency(opts, period: SplitOpt = None, by: ByOpt = None) -> None:
    """Latency p50/p95/p99 per model or feature, and spikes."""
    from llmcost.views.signals import latency_document

    _run(opts, lambda j: latency_document(j, _by(by)), period)


@log_command(app)
def errors(opts, period: SplitOpt = None, by: ByOpt = None) -> None:
    """Error rate, timeouts, and the cost of failed calls."""
    from llmcost.views.signals import errors_document

    _run(opts, lambda j: errors_document(j, _by(by)), period)


@log_command(app, revenue=True)
def quality(
    opts, period: SplitOpt = None, by: ByOpt = None,
    review_cost: Annotated[float | None, typer.Option(
        "--review-cost", min=0, help="Cost of a human fixing one failed output (default: outcomes.review_cost).")]
    = None,
) -> None:
    """Feedback, acceptance, retries, success; cost per correct outcome.

    Cost per successful outcome = cost ÷ successful outputs; cost per correct outcome
    adds a human review of each failed output.
    """
    from llmcost.views.signals import quality_document

    _run(opts, lambda j: quality_document(j, _by(by), review_cost), period)


@log_command(app)
def downgrade(opts) -> None:
    """Can cheaper models take the traffic? Satisfaction per model.

    For each feature served by several models: satisfaction on the cheaper model against
    the expensive one, sample sizes, a 95 % interval, and the monthly saving.
    """
    from llmcost.views.signals import downgrade_document

    _run(opts, downgrade_document, None)


@log_command(app)
def drift(
    opts, period: PeriodOpt = Period.month,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", help="Baseline period as shown (e.g. 2026-05; default: the first).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", help="Alert above this KL divergence (nats).")] = 0.15,
) -> None:
    """For cron: input drift against a baseline period (exit 1 on alert).

    KL divergence of the input-length distribution and of the feature mix.
    """
    from llmcost.views.signals import drift_document

    doc = _run(opts, lambda j: drift_document(j, baseline, threshold), period)
    frame = doc.sections[0].frame
    if frame.height and frame["alert"].any():
        raise typer.Exit(1)


@log_command(app)
def validate(opts) -> None:
    """Account for every row; exit 1 if any is lost or none is priced.

    Rows read, priced, unpriced (by model), rejected (reason, first rows), duplicates,
    date range, format and column mapping, and logged vs re-priced cost.
    """
    from llmcost.job import Job
    from llmcost.render import check_destination, render
    from llmcost.views.validate import nothing_priced, validate_document

    _reading(opts.paths, opts.pricing, opts.config)
    job = Job(dataclasses.replace(opts, period=None))
    _reading(*_job_inputs(job))
    check_destination(opts.output, _inputs)
    render(validate_document(job), opts.fmt, opts.output, inputs=_inputs)
    if job.account and (job.account.problems or nothing_priced(job)):  # exit 1, not 2: showing it is its job
        raise typer.Exit(1)


@log_command(app)
def reconcile(
    opts,
    invoice: Annotated[str, typer.Option("--invoice", help="The provider's cost export (CSV): OpenAI's, "
                                         "Anthropic's, or month, model, cost.", show_default=False)],
    tolerance: Annotated[float, typer.Option("--tolerance", min=0, help="Relative difference that counts as "
                                             "off (0.02 = 2 %).")] = 0.02,
) -> None:
    """Logs against the invoice, per month and model (exit 1 if off).

    Shows the differences and their likely causes; --format focus writes FinOps FOCUS rows.
    """
    from llmcost.views.pricing import reconcile_document

    doc = _run(opts, lambda j: reconcile_document(j, invoice, tolerance), None, reads=(invoice,))
    if (doc.sections[0].frame["status"] != "ok").any():
        raise typer.Exit(1)


pricing_app = typer.Typer(help="Prices: show them, check the logs' models, import from a catalog.",
                          no_args_is_help=True, rich_markup_mode=None)
app.add_typer(pricing_app, name="pricing")


@pricing_app.command("show")
def pricing_show(
    models: Annotated[list[str] | None, typer.Argument(help="Model names as logged (default: every entry).",
                                                       show_default=False)] = None,
    pricing: PricingOpt = None, config: ConfigOpt = None, catalog: CatalogOpt = False,
    on: Annotated[dt.datetime | None, typer.Option("--date", formats=["%Y-%m-%d"],
                                                   help="Prices in effect on this day (default: today).")] = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None,
) -> None:
    """The effective price of each model, its source and date."""
    from llmcost.render import render
    from llmcost.views.pricing import show_document

    _reading(pricing, config)
    book = _book(pricing, config, catalog)
    _reading(book.path, config)
    render(show_document(book, list(models or []), (on or dt.datetime.now(dt.UTC)).date()), fmt, output,
           inputs=_inputs)


def _book(pricing, config, catalog):
    from llmcost.config import load_config
    from llmcost.job import Options, _pricing_path
    from llmcost.pricing import load_pricing

    settings = load_config(config)
    book = load_pricing(_pricing_path(Options(pricing=pricing), settings))
    if catalog or settings.catalog:
        from llmcost.catalog import load_genai_prices

        book = dataclasses.replace(book, catalog=load_genai_prices())
    return book


@log_command(pricing_app, "check")
def pricing_check(opts) -> None:
    """Every model in the logs: its entry, the catalog's price, or unknown (exit 1)."""
    from llmcost.views.pricing import check_document

    doc = _run(opts, check_document, None, empty_ok=True)  # it exists to show unknown models (exit 1)
    if doc.sections[0].frame["source"].is_in(["unknown"]).any():
        raise typer.Exit(1)


@pricing_app.command("import")
def pricing_import(
    file: Annotated[str, typer.Argument(help="The catalog file (LiteLLM's or genai-prices' JSON).")],
    source: Annotated[str, typer.Option("--from", help="litellm or genai-prices.")],
    models: Annotated[list[str], typer.Option("--models", help="Model names or globs (repeat, or comma-separate).")],
    output: OutputOpt = None,
) -> None:
    """Write pricing.yaml entries from a catalog file, units converted."""
    from llmcost.render import write_text
    from llmcost.views.pricing import import_yaml

    globs = [g.strip() for m in models for g in m.split(",") if g.strip()]
    _reading(file)
    write_text(import_yaml(source, file, globs), output, inputs=_inputs)


@app.command()
def cac(
    config: ConfigOpt = None, customers: CustomersOpt = None, spend: SpendOpt = None,
    as_of: Annotated[dt.datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="Date to judge 90-day survival at (default: today).")] = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None,
) -> None:
    """Adjusted CAC: spend ÷ customers who stay 90 days, per cohort."""
    from llmcost.config import load_config
    from llmcost.render import render
    from llmcost.views.signals import cac_document

    day = as_of.date() if as_of else dt.datetime.now(dt.UTC).date()
    _reading(config, customers, spend)
    settings = load_config(config)
    _reading(settings.path, customers or settings.customers, spend or settings.spend)
    render(cac_document(settings, customers, spend, day), fmt, output, inputs=_inputs)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every failure is one `error:` line and exit 2, never a traceback."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends us quietly, as csvkit does
    _standard_streams()
    _inputs.clear()
    code = 0
    try:
        result = app(args=argv, standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into a silent exit 130
            _stderr("error: interrupted")
    except LlmcostError as exc:
        _stderr(f"error: {exc}")
        code = 2
    except typer.Exit as exc:
        code = exc.exit_code
    except KeyboardInterrupt:
        _stderr("error: interrupted")
        code = 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        code = 0
    except Exception as exc:  # usage errors from Typer's parser, and bugs
        code = _click_error(exc)
    except BaseException as exc:  # Polars' PanicException (a Rust panic) is not an Exception
        if isinstance(exc, SystemExit | GeneratorExit):
            raise
        code = _internal(exc)
    if argv is None:
        sys.exit(code)
    return code


def _standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (`<&-`, `>&-`, `2>&-` in cron wrappers) /dev/null.

    Otherwise the next file opened takes the free descriptor: the --output temporary file
    would become fd 2 and collect a Rust panic message, or fd 1 and collect a stray print.
    A closed stderr also gets a Python stream on /dev/null (print to None writes to stdout),
    a closed stdin an empty one (`-` then says "standard input is empty"); sys.stdout stays
    None, so that output sent there is an `error:`, not silently lost.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the process


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
    return _internal(exc)


def _internal(exc: BaseException) -> int:
    """A bug or a Rust panic: one line naming the inputs, so that a report can say which file did it."""
    if os.environ.get("LLMCOST_DEBUG"):
        raise exc
    reading = f" while reading {', '.join(_inputs[:4])}{' …' if len(_inputs) > 4 else ''}" if _inputs else ""
    if isinstance(exc, RecursionError):  # a YAML or JSON file nested thousands deep: the input, not a bug
        _stderr(f"error: an input is nested too deeply to read{reading} (RecursionError)")
    elif isinstance(exc, MemoryError):
        _stderr(f"error: out of memory{reading}: try fewer files or a narrower --since/--until")
    else:
        first = (str(exc).strip().splitlines() or [""])[0]
        _stderr(f"error: internal error ({type(exc).__name__}: {first}){reading}; rerun with LLMCOST_DEBUG=1 "
                "for details and please report it")
    return 2
