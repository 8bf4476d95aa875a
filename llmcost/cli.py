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


class Sort(str, Enum):
    margin = "margin"
    cost = "cost"
    revenue = "revenue"
    inferences = "inferences"


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
SplitOpt = Annotated[Period | None, typer.Option("--period", help="Also split by calendar period (UTC).")]
CustomersOpt = Annotated[str | None, typer.Option("--customers", help="Customers file: customer_id, signup_date, "
                                                  "churn_date (default: from llmcost.yaml).", show_default=False)]
SpendOpt = Annotated[str | None, typer.Option("--spend", help="Marketing spend per month: month, spend "
                                              "(default: from llmcost.yaml).", show_default=False)]
ThresholdOpt = Annotated[float | None, typer.Option("--threshold", help="Flag gross margin below this "
                                                    "(0.2 = 20 %; default: flag_threshold in llmcost.yaml, else 0).")]


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


def _options(paths, pricing, config, revenue=None, since=None, until=None, period: Period | None = Period.month,
             input_format=None, strict=False):
    from llmcost.job import Options

    return Options(
        paths=list(paths or []), pricing=pricing, config=config, revenue=revenue,
        since=since.date() if since else None, until=until.date() if until else None,
        period=period.value if period else None, strict=strict,
        input_format=input_format.value if input_format else None,
    )


def _finish(job, quiet: bool) -> None:
    """The reconciliation line and warnings on stderr; --strict turns problems into exit 2."""
    from llmcost.views.validate import account_messages

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
    """Cost per inference per period, with its components.

    CPI = total cost ÷ priced inferences; token, fixed and amortized cost shown apart.
    """
    from llmcost.job import Job
    from llmcost.views.cost import cpi_document

    job = Job(_options(paths, pricing, config, None, since, until, period, input_format, strict))
    _show(job, lambda j: cpi_document(j, by.value if by else None), fmt, output, quiet)


def _rule(job, threshold: float | None, min_inferences: int = 0, include_unbilled: bool = False):
    from llmcost.metrics.margin import FlagRule

    return FlagRule(job.config.flag_threshold if threshold is None else threshold, min_inferences, include_unbilled)


def _show(job, make, fmt: Format, output: str | None, quiet: bool):
    """Build the document, then the stderr account, then the output: the shape of every command."""
    from llmcost.render import render

    doc = make(job)
    _finish(job, quiet)
    render(doc, fmt, output)
    return doc


@app.command()
def customers(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None, revenue: RevenueOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    per_month: Annotated[bool, typer.Option("--per-month", help="One row per customer per calendar month.")] = False,
    sort: Annotated[Sort, typer.Option("--sort", help="Order (margin: worst first).")] = Sort.margin,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the first N customers.")] = None,
    threshold: ThresholdOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Margin per customer: revenue, cost, who loses money.

    Customers with revenue and no usage are listed; usage without revenue is unbilled.
    """
    from llmcost.job import Job
    from llmcost.views.margin import customers_document

    job = Job(_options(paths, pricing, config, revenue, since, until, input_format=input_format, strict=strict))
    rule = _rule(job, threshold)
    _show(job, lambda j: customers_document(j, per_month, sort.value, top, rule), fmt, output, quiet)


@app.command()
def trend(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, period: PeriodOpt = Period.month, by: ByOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Unit-cost trend: is CPI falling?

    CPI per period against the previous period and 3, 6 and 12 months earlier.
    """
    from llmcost.job import Job
    from llmcost.views.cost import trend_document

    job = Job(_options(paths, pricing, config, None, since, until, period, input_format, strict))
    _show(job, lambda j: trend_document(j, by.value if by else None), fmt, output, quiet)


@app.command()
def models(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    raw: Annotated[bool, typer.Option("--raw", help="Per model name as logged, not per pricing entry.")] = False,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Cost by model: volume, cost, share, CPI.

    Per pricing entry, or per model name as logged with --raw.
    """
    from llmcost.job import Job
    from llmcost.views.cost import models_document

    job = Job(_options(paths, pricing, config, None, since, until, input_format=input_format, strict=strict))
    _show(job, lambda j: models_document(j, raw), fmt, output, quiet)


@app.command("flag-customers")
def flag_customers(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None, revenue: RevenueOpt = None,
    month: Annotated[dt.datetime | None, typer.Option(
        "--month", formats=["%Y-%m"], help="Calendar month YYYY-MM (default: the latest in the logs).")] = None,
    since: SinceOpt = None, until: UntilOpt = None, threshold: ThresholdOpt = None,
    min_inferences: Annotated[int, typer.Option("--min-inferences", min=0, help="Ignore customers with fewer "
                                                "inferences in the window.")] = 0,
    include_unbilled: Annotated[bool, typer.Option("--include-unbilled", help="Also flag customers with cost "
                                                   "and no revenue.")] = False,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code says.")] = False,
) -> None:
    """For cron: flag customers below a margin (exit 1).

    Exit 1 if anyone is flagged, 0 if none, 2 on bad input.
    """
    from llmcost.job import Job
    from llmcost.views.margin import flag_document

    if month and (since or until):
        raise LlmcostError("give --month or --since/--until, not both")
    if month:
        since = month
        until = (month.replace(year=month.year + 1, month=1) if month.month == 12
                 else month.replace(month=month.month + 1))
    job = Job(_options(paths, pricing, config, revenue, since, until, input_format=input_format, strict=strict))
    rule = _rule(job, threshold, min_inferences, include_unbilled)
    latest = not (since or until)
    if quiet:
        doc = flag_document(job, rule, latest)
        _finish(job, quiet=True)
    else:
        doc = _show(job, lambda j: flag_document(j, rule, latest), fmt, output, quiet)
    if doc.sections[0].frame.height:
        raise typer.Exit(1)


@app.command()
def report(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None, revenue: RevenueOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, period: PeriodOpt = Period.month, threshold: ThresholdOpt = None,
    customers: CustomersOpt = None, spend: SpendOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """The one-page dashboard: targets, trend, who to act on.

    Headline, dashboard with targets and actions, trend, top models, worst-margin
    customers, prompt efficiency and the row account.
    """
    from llmcost.job import Job
    from llmcost.views.report import report_document

    job = Job(_options(paths, pricing, config, revenue, since, until, period, input_format, strict))
    rule = _rule(job, threshold)
    _show(job, lambda j: report_document(j, rule, customers, spend), fmt, output, quiet)


def _signal_command(name: str, help_text: str, make):
    """Register a metric command with the options every signal command shares."""

    def command(
        paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None, revenue: RevenueOpt = None,
        since: SinceOpt = None, until: UntilOpt = None, period: SplitOpt = None, by: ByOpt = None,
        fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
        strict: StrictOpt = False, quiet: QuietOpt = False,
    ) -> None:
        from llmcost.job import Job

        job = Job(_options(paths, pricing, config, revenue, since, until, period, input_format, strict))
        _show(job, lambda j: make(j, by.value if by else None), fmt, output, quiet)

    command.__doc__ = help_text
    app.command(name)(command)


def _usage(job, by):
    from llmcost.views.signals import usage_document

    return usage_document(job, by)


def _efficiency(job, by):
    from llmcost.views.signals import efficiency_document

    return efficiency_document(job, by)


def _latency(job, by):
    from llmcost.views.signals import latency_document

    return latency_document(job, by)


def _errors(job, by):
    from llmcost.views.signals import errors_document

    return errors_document(job, by)


_signal_command("usage", """Generations, customers and cost per customer; the top 5 %.

    Generation count per period and hour of day, active customers, average and p95
    inferences and cost per customer, and what sets the costliest 5 % apart.
    """, _usage)
_signal_command("efficiency", """Tokens per inference against targets; what caching saved.

    Average and p50/p95 input, output and total tokens per feature, cache hit rate,
    reasoning share, and the cost of tokens above the use case's target range.
    """, _efficiency)
_signal_command("latency", """Latency p50/p95/p99 per model or feature, and spikes.""", _latency)
_signal_command("errors", """Error rate, timeouts, and the cost of failed calls.""", _errors)


@app.command()
def quality(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None, revenue: RevenueOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, period: SplitOpt = None, by: ByOpt = None,
    review_cost: Annotated[float | None, typer.Option("--review-cost", min=0, help="Cost of a human fixing one "
                                                      "failed output (default: outcomes.review_cost).")] = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Feedback, acceptance, retries, success; cost per correct outcome.

    Cost per successful outcome = cost ÷ successful outputs; cost per correct outcome
    adds a human review of each failed output.
    """
    from llmcost.job import Job
    from llmcost.views.signals import quality_document

    job = Job(_options(paths, pricing, config, revenue, since, until, period, input_format, strict))
    _show(job, lambda j: quality_document(j, by.value if by else None, review_cost), fmt, output, quiet)


@app.command()
def downgrade(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """Can cheaper models take the traffic? Satisfaction per model.

    For each feature served by several models: satisfaction on the cheaper model against
    the expensive one, sample sizes, a 95 % interval, and the monthly saving.
    """
    from llmcost.job import Job
    from llmcost.views.signals import downgrade_document

    job = Job(_options(paths, pricing, config, None, since, until, None, input_format, strict))
    _show(job, downgrade_document, fmt, output, quiet)


@app.command()
def drift(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, period: PeriodOpt = Period.month,
    baseline: Annotated[str | None, typer.Option("--baseline", help="Baseline period as shown (e.g. 2026-05; "
                                                 "default: the first).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", help="Alert above this KL divergence (nats).")] = 0.15,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
    strict: StrictOpt = False, quiet: QuietOpt = False,
) -> None:
    """For cron: input drift against a baseline period (exit 1 on alert).

    KL divergence of the input-length distribution and of the feature mix.
    """
    from llmcost.job import Job
    from llmcost.views.signals import drift_document

    job = Job(_options(paths, pricing, config, None, since, until, period, input_format, strict))
    doc = _show(job, lambda j: drift_document(j, baseline, threshold), fmt, output, quiet)
    frame = doc.sections[0].frame
    if frame.height and frame["alert"].any():
        raise typer.Exit(1)


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
    render(cac_document(load_config(config), customers, spend, day), fmt, output)


@app.command()
def validate(
    paths: Paths = None, pricing: PricingOpt = None, config: ConfigOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    fmt: FormatOpt = Format.table, output: OutputOpt = None, input_format: InputFormatOpt = None,
) -> None:
    """Account for every row; exit 1 if any is lost.

    Rows read, priced, unpriced (by model), rejected (reason, first rows), duplicates,
    date range, format and column mapping, and logged vs re-priced cost.
    """
    from llmcost.job import Job
    from llmcost.render import render
    from llmcost.views.validate import validate_document

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
