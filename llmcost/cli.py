"""Thin Typer layer: options in, one metric call, render, exit code.

Exit codes: 0 ok; 1 flag-customers flagged someone / validate found
problems / drift alerted; 2 bad usage or unreadable input (one `error:` line,
never a traceback). Heavy modules are imported inside commands so that
`--help` and `--version` stay fast.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import os
import signal
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from llmcost import __version__
from llmcost.dates import next_month
from llmcost.errors import LlmcostError, SqlShown, first_line, show_kept_sql, showing_sql
from llmcost.inputs import Inputs
from llmcost.options import (
    WRITES,
    AsOfOpt,
    BandsOpt,
    BaselineOpt,
    BatchOpt,
    ByOpt,
    CacheDirOpt,
    CacheHitOpt,
    CapOpt,
    CatalogFile,
    CatalogOpt,
    Command,
    ConfigOpt,
    CustomersOpt,
    DriftThresholdOpt,
    ExplainOpt,
    ForceOpt,
    Format,
    FormatOpt,
    FromOpt,
    HtmlOpt,
    ImportModelsOpt,
    IncludeUnbilledOpt,
    InitCatalogOpt,
    InitHiddenOpt,
    InitPaths,
    InitPresetOpt,
    InvoiceOpt,
    MinInferencesOpt,
    MonthlyOpt,
    MonthOpt,
    MoveOpt,
    NoChartOpt,
    OnDateOpt,
    Output,
    OutputOpt,
    Period,
    PeriodOpt,
    PerMonthOpt,
    PlanPeriodOpt,
    PlansFileOpt,
    PricingOpt,
    RawOpt,
    ReviewCostOpt,
    RouteOpt,
    ShowModels,
    Sort,
    SortOpt,
    SpendOpt,
    SplitOpt,
    ThresholdOpt,
    ToleranceOpt,
    TopOpt,
    TrimInputOpt,
    TryPriceOpt,
    examples,
    log_command,
)
from llmcost.visible import visible

if TYPE_CHECKING:  # heavy (Polars): imported inside the commands, so that --help stays fast
    from llmcost.cache import Store
    from llmcost.catalog import Catalog
    from llmcost.job import Job
    from llmcost.metrics.margin import FlagRule
    from llmcost.starter import Start
    from llmcost.views import Outcome

# The files this run reads, as far as known: named in an internal error, never overwritten by --output.
_inputs: list[str] = []

app = typer.Typer(
    name="llmcost",
    help="What each model call costs, which customers make or lose money, and whether unit costs are falling.",
    epilog=examples("llmcost report", "llmcost customers --top 5", "llmcost cpi --help"),
    add_completion=True,  # --install-completion/--show-completion; Typer imports its completion code anyway
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"llmcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """What each model call costs, which customers make or lose money, and whether unit costs are falling."""


def _run(
    inputs: Inputs,
    out: Output,
    make: Callable[[Job], Outcome],
    *,
    show: bool = True,
    charts: bool = True,
    reads: tuple[str | None, ...] = (),
    writes: tuple[str | None, ...] = (),
    empty_ok: bool = False,
) -> Outcome:
    """Load, build the document, print the account on stderr, render: the shape of every command.

    A run that priced nothing is exit 2 with its reason (`empty_ok` for the commands that
    exist to show why): an empty table and exit 0 would look like success to cron.
    """
    from llmcost.job import Job
    from llmcost.progress import progress
    from llmcost.render import check_destination, render
    from llmcost.views.validate import account_messages, nothing_priced

    _reading(list(inputs.paths), inputs.pricing, inputs.config, inputs.revenue, *reads)
    job = Job(inputs)
    _reading(*_job_inputs(job), *reads)
    for output in ([out.output] if show else []) + [w for w in writes if w]:
        check_destination(output, _inputs)  # before the work: a typo in a folder name costs nothing
    files = len(job.log.files)
    with progress(f"reading {files} file{'s' if files != 1 else ''}", not out.quiet):
        outcome = make(job)
    show_kept_sql()
    lines, problem = account_messages(job, outcome.priced)
    empty = None if empty_ok else nothing_priced(job, outcome.priced)
    if empty:
        raise LlmcostError(empty)
    if out.strict and problem:
        raise LlmcostError(f"--strict: {problem}")
    if not out.quiet:
        for line in lines:
            _stderr(line)
    outcome = dataclasses.replace(outcome, doc=dataclasses.replace(outcome.doc, charts=charts))
    if show:
        render(outcome.doc, out.fmt, out.output, inputs=_inputs)
    return outcome


def _reading(*names: str | list[str] | None) -> None:
    """Record the files this run reads (flattening lists, dropping unset options)."""
    flat = [n for name in names for n in (name if isinstance(name, list) else [name])]
    _inputs[:] = dict.fromkeys(str(n) for n in flat if n)


def _job_inputs(job: Job) -> list[str | None]:
    """Every file a loaded Job read: logs as expanded, pricing, settings, revenue and people files."""
    inputs, config = job.inputs, job.config
    return [
        *job.log.files,
        job.book.path,
        config.path,
        job.revenue_path,
        inputs.customers or config.customers,
        inputs.spend or config.spend,
    ]


def _rule(job: Job, threshold: float | None, min_inferences: int = 0, include_unbilled: bool = False) -> FlagRule:
    from llmcost.metrics.margin import FlagRule

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


def _by(by: Enum | None) -> str | None:
    """A --by or --period choice as the library names it (None when not given)."""
    return by.value if by else None


@log_command(
    app,
    epilog=examples(
        "llmcost cpi",
        "llmcost cpi --by model --period week --since 2026-09-01",
        "llmcost cpi sample_logs/inferences.parquet -f csv -o cpi.csv",
    ),
)
def cpi(inputs: Inputs, out: Output, period: PeriodOpt = Period.month, by: ByOpt = None) -> None:
    """Cost per inference per period, with its components.

    CPI = total cost ÷ priced inferences; token, fixed and amortized cost shown apart.
    """
    from llmcost.views.cost import cpi_document

    _run(inputs, out, lambda j: cpi_document(j, _by(by), period.value))


@log_command(
    app,
    revenue=True,
    epilog=examples(
        "llmcost customers --top 5",
        "llmcost customers --period month --sort cost -f csv",
        "llmcost customers --revenue sample_logs/revenue.csv --threshold 0.2",
    ),
)
def customers(
    inputs: Inputs,
    out: Output,
    period: MonthlyOpt = None,
    per_month: PerMonthOpt = False,
    sort: SortOpt = Sort.margin,
    top: TopOpt = None,
    threshold: ThresholdOpt = None,
    no_chart: NoChartOpt = False,
) -> None:
    """Margin per customer: revenue, cost, who loses money.

    Customers with revenue and no usage are listed; usage without revenue is unbilled.
    """
    from llmcost.views.margin import customers_document

    monthly = per_month or period == Period.month  # --per-month: the older spelling, kept working
    _run(
        inputs, out, lambda j: customers_document(j, monthly, sort.value, top, _rule(j, threshold)), charts=not no_chart
    )


@log_command(app, epilog=examples("llmcost trend", "llmcost trend --explain", "llmcost trend --by model --period week"))
def trend(
    inputs: Inputs,
    out: Output,
    period: PeriodOpt = Period.month,
    by: ByOpt = None,
    explain: ExplainOpt = False,
    no_chart: NoChartOpt = False,
) -> None:
    """Unit-cost trend: is CPI falling, and why?

    CPI per period against the previous period and 3, 6 and 12 months earlier;
    --explain says how much of each change is price, mix, tokens or fixed cost.
    """
    from llmcost.views.cost import trend_document

    _run(inputs, out, lambda j: trend_document(j, _by(by), explain, period.value), charts=not no_chart)


@log_command(app, epilog=examples("llmcost models", "llmcost models --raw -f markdown"))
def models(
    inputs: Inputs,
    out: Output,
    raw: RawOpt = False,
    no_chart: NoChartOpt = False,
) -> None:
    """Cost by model: volume, cost, share, CPI.

    Per pricing entry, or per model name as logged with --raw.
    """
    from llmcost.views.cost import models_document

    _run(inputs, out, lambda j: models_document(j, raw), charts=not no_chart)


@log_command(
    app,
    "flag-customers",
    revenue=True,
    epilog=examples(
        "llmcost flag-customers --threshold 0.2", "llmcost flag-customers --month 2026-09 --min-inferences 100 -q"
    ),
)
def flag_customers(
    inputs: Inputs,
    out: Output,
    month: MonthOpt = None,
    threshold: ThresholdOpt = None,
    min_inferences: MinInferencesOpt = 0,
    include_unbilled: IncludeUnbilledOpt = False,
) -> None:
    """For cron: flag customers below a margin (exit 1).

    Exit 1 if anyone is flagged, 0 if none, 2 on bad input; --quiet prints nothing.
    """
    from llmcost.views.margin import flag_document

    if month and (inputs.since or inputs.until):
        raise LlmcostError("give --month or --since/--until, not both")
    if month:
        inputs = dataclasses.replace(inputs, since=month, until=next_month(month))
    latest = not (inputs.since or inputs.until)
    flagged = _run(
        inputs,
        out,
        lambda j: flag_document(j, _rule(j, threshold, min_inferences, include_unbilled), latest),
        show=not out.quiet,
    )
    if flagged.alarms:
        raise typer.Exit(1)


@log_command(
    app,
    revenue=True,
    epilog=examples(
        "llmcost report", "llmcost report --html report.html", "llmcost report --period week -f json -o report.json"
    ),
)
def report(
    inputs: Inputs,
    out: Output,
    period: PeriodOpt = Period.month,
    threshold: ThresholdOpt = None,
    customers: CustomersOpt = None,
    spend: SpendOpt = None,
    no_chart: NoChartOpt = False,
    html: HtmlOpt = None,
) -> None:
    """The one-page dashboard: targets, trend, who to act on.

    Headline, dashboard with targets and actions, trend, top models, worst-margin
    customers, prompt efficiency and the row account.
    """
    from llmcost.views.report import report_document

    if html and out.output and os.path.abspath(html) == os.path.abspath(out.output):
        raise LlmcostError(f"--html and --output both name {html}: give two files")
    inputs = dataclasses.replace(inputs, customers=customers, spend=spend)
    done = _run(
        inputs,
        out,
        lambda j: report_document(j, _rule(j, threshold), period.value),
        charts=not no_chart,
        reads=(customers, spend),
        writes=(html,),
    )
    if html:
        from llmcost.html import html_page
        from llmcost.render import write_text

        write_text(html_page(done.doc, "llmcost report"), html, inputs=[*_inputs, out.output])


@log_command(
    app,
    revenue=True,
    epilog=examples(
        "llmcost whatif --route feature=chat:gpt-4o-mini",
        "llmcost whatif --cache-hit 0.5 --trim-input 0.3",
        "llmcost whatif --price gpt-4o.input=2.00 --by customer",
    ),
)
def whatif(
    inputs: Inputs,
    out: Output,
    route: RouteOpt = None,
    cache_hit: CacheHitOpt = None,
    trim_input: TrimInputOpt = None,
    price: TryPriceOpt = None,
    batch: BatchOpt = None,
    by: ByOpt = None,
    threshold: ThresholdOpt = None,
    plans: PlansFileOpt = None,
    move: MoveOpt = None,
    cap: CapOpt = None,
) -> None:
    """What if traffic moved or prices changed? Before/after.

    Traffic routed to other models, more cache hits, shorter prompts, other prices or the
    batch API: re-prices the same logged traffic, showing CPI, total cost, gross margin
    and who starts or stops being flagged; --by customer for each customer's margin.
    """
    from llmcost.metrics.whatif import PlanChange
    from llmcost.views.whatif import whatif_document

    change = PlanChange(plans, tuple(move or ()), cap) if plans or move or cap else None  # --plans, --move, --cap
    _run(
        inputs,
        out,
        lambda j: whatif_document(
            j, route or [], cache_hit, trim_input, price or [], batch or [], _rule(j, threshold), _by(by), change
        ),
        reads=(plans,),
    )


@log_command(
    app,
    revenue=True,
    epilog=examples(
        "llmcost plans",
        "llmcost plans --period month --bands 10",
        "llmcost plans --customers sample_logs/customers.csv -f json",
    ),
)
def plans(
    inputs: Inputs,
    out: Output,
    period: PlanPeriodOpt = None,
    bands: BandsOpt = 4,
    customers: CustomersOpt = None,
) -> None:
    """Margin per pricing plan, and its break-even usage.

    Per plan: customers, calls, revenue, cost, gross margin, CPI, break-even calls and tokens
    per customer-month, who is above it and what that costs; margin by usage band; and the
    article's pricing signals. Plans come from the customers file's plan column.
    """
    from llmcost.views.plans import plans_document

    inputs = dataclasses.replace(inputs, customers=customers)
    _run(inputs, out, lambda j: plans_document(j, period == Period.month, bands), reads=(customers,))


def _signal(name: str, doc: str, *shown: str) -> None:
    """Register `llmcost NAME`, a signal whose only options are --by and --period: usage,
    efficiency, latency and errors differ only in their view (`views.signals.BY_AND_PERIOD`)."""

    def command(inputs: Inputs, out: Output, period: SplitOpt = None, by: ByOpt = None) -> None:
        from llmcost.views.signals import BY_AND_PERIOD

        view = BY_AND_PERIOD[name]
        _run(inputs, out, lambda j: view(j, _by(by), _by(period)))

    command.__name__, command.__doc__ = name, doc
    log_command(app, name, epilog=examples(*shown))(command)


_signal(
    "usage",
    """Generations, customers and cost per customer; the top 5 %.

    Generation count per period and hour of day, active customers, average and p95
    inferences and cost per customer, and what sets the costliest 5 % apart.
    """,
    "llmcost usage",
    "llmcost usage --by feature --period week",
)
_signal(
    "efficiency",
    """Tokens per inference against targets; what caching saved.

    Average and p50/p95 input, output and total tokens per feature, cache hit rate,
    reasoning share, and the cost of tokens above the use case's target range.
    """,
    "llmcost efficiency",
    "llmcost efficiency --by model",
)
_signal(
    "latency",
    "Latency p50/p95/p99 per model or feature, and spikes.",
    "llmcost latency",
    "llmcost latency --by feature --period week",
)
_signal(
    "errors",
    "Error rate, timeouts, and the cost of failed calls.",
    "llmcost errors",
    "llmcost errors --by model --period month",
)


@log_command(app, revenue=True, epilog=examples("llmcost quality", "llmcost quality --by feature --review-cost 2.50"))
def quality(
    inputs: Inputs,
    out: Output,
    period: SplitOpt = None,
    by: ByOpt = None,
    review_cost: ReviewCostOpt = None,
) -> None:
    """Feedback, retries, success; cost per correct outcome.

    Feedback, acceptance, retry, task-success and escalation rates. Cost per successful
    outcome = cost ÷ successful outputs; cost per correct outcome adds a human review
    of each failed output.
    """
    from llmcost.views.signals import quality_document

    _run(inputs, out, lambda j: quality_document(j, _by(by), review_cost, _by(period)))


@log_command(app, epilog=examples("llmcost downgrade", "llmcost downgrade --since 2026-09-01"))
def downgrade(inputs: Inputs, out: Output) -> None:
    """Can a cheaper model serve a feature as well?

    For each feature served by several models: satisfaction on the cheaper model against
    the expensive one, sample sizes, a 95 % interval, and the monthly saving.
    """
    from llmcost.views.signals import downgrade_document

    _run(inputs, out, downgrade_document)


@log_command(app, epilog=examples("llmcost drift", "llmcost drift --baseline 2026-05 --threshold 0.1"))
def drift(
    inputs: Inputs,
    out: Output,
    period: PeriodOpt = Period.month,
    baseline: BaselineOpt = None,
    threshold: DriftThresholdOpt = 0.15,
) -> None:
    """For cron: input drift against a baseline; exit 1 on alert.

    KL divergence of the input-length distribution and of the feature mix.
    """
    from llmcost.views.signals import drift_document

    if _run(inputs, out, lambda j: drift_document(j, baseline, threshold, period.value)).alarms:
        raise typer.Exit(1)


@log_command(app, epilog=examples("llmcost validate", "llmcost validate sample_logs/inferences.parquet -f json"))
def validate(inputs: Inputs, out: Output) -> None:
    """Account for every row; exit 1 if any is lost.

    Rows read, priced, unpriced (by model), rejected (reason, first rows), duplicates,
    date range, format and column mapping, and logged vs re-priced cost. Exit 1 also
    when no row is priced.
    """
    from llmcost.job import Job
    from llmcost.render import check_destination, render
    from llmcost.views.validate import strict_problem, validate_document

    _reading(list(inputs.paths), inputs.pricing, inputs.config)
    job = Job(inputs)
    _reading(*_job_inputs(job))
    check_destination(out.output, _inputs)
    outcome = validate_document(job)
    show_kept_sql()
    problem = strict_problem(outcome.priced.account)
    if out.strict and problem:  # exit 2 before writing, as every command does with --strict
        raise LlmcostError(f"--strict: {problem}")
    render(outcome.doc, out.fmt, out.output, inputs=_inputs)
    if outcome.alarms:  # exit 1, not 2: showing lost rows is its job
        raise typer.Exit(1)


@log_command(
    app,
    formats=(*WRITES, "focus"),
    epilog=examples(
        "llmcost reconcile --invoice costs.csv", "llmcost reconcile --invoice costs.csv -f focus -o focus.csv"
    ),
)
def reconcile(
    inputs: Inputs,
    out: Output,
    invoice: InvoiceOpt,
    tolerance: ToleranceOpt = 0.02,
) -> None:
    """Re-priced logs against the invoice (exit 1 if off).

    Per month and model; shows the differences and their likely causes; --format focus writes FinOps FOCUS rows.
    """
    from llmcost.views.reconcile import reconcile_document

    if _run(inputs, out, lambda j: reconcile_document(j, invoice, tolerance), reads=(invoice,)).alarms:
        raise typer.Exit(1)


def _group(name: str, help: str, *shown: str) -> typer.Typer:
    """A command with subcommands (`llmcost pricing show`): its help lists them, with examples."""
    group = typer.Typer(help=help, epilog=examples(*shown), no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(group, name=name)
    return group


pricing_app = _group(
    "pricing",
    "Prices: show, check the logs' models, import a catalog.",
    "llmcost pricing show",
    "llmcost pricing check",
)


@pricing_app.command(
    "show",
    cls=Command,
    epilog=examples("llmcost pricing show", "llmcost pricing show gpt-4o claude-sonnet-4-5 --date 2026-01-01"),
)
def pricing_show(
    models: ShowModels = None,
    pricing: PricingOpt = None,
    config: ConfigOpt = None,
    catalog: CatalogOpt = False,
    on: OnDateOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """The effective price of each model, its source and date."""
    from llmcost.config import load_config
    from llmcost.job import load_book
    from llmcost.render import render
    from llmcost.views.pricing import show_document

    _reading(pricing, config)
    book = load_book(pricing, load_config(config), catalog)
    _reading(book.path, config)
    render(show_document(book, list(models or []), on or dt.datetime.now(dt.UTC).date()), fmt, output, inputs=_inputs)


@log_command(
    pricing_app,
    "check",
    epilog=examples("llmcost pricing check", "llmcost pricing check sample_logs/inferences.parquet -f csv"),
)
def pricing_check(inputs: Inputs, out: Output) -> None:
    """Each logged model and what prices it (exit 1 if unknown).

    Every model in the logs: its pricing.yaml entry, the catalog's price, or unknown.
    """
    from llmcost.views.pricing import check_document

    if _run(inputs, out, check_document, empty_ok=True).alarms:  # it exists to show unknown models (exit 1)
        raise typer.Exit(1)


@pricing_app.command(
    "import",
    cls=Command,
    epilog=examples(
        "llmcost pricing import litellm.json --from litellm --models 'gpt-4o*'",
        "llmcost pricing import genai.json --from genai-prices --models claude-sonnet-4-5 -o new.yaml",
    ),
)
def pricing_import(
    file: CatalogFile,
    source: FromOpt,
    models: ImportModelsOpt,
    output: OutputOpt = None,
) -> None:
    """Write pricing.yaml entries from a catalog file, units converted."""
    from llmcost.render import write_text
    from llmcost.views.pricing import import_yaml

    globs = [g.strip() for m in models for g in m.split(",") if g.strip()]
    _reading(file)
    write_text(import_yaml(source, file, globs), output, inputs=_inputs)


cache_app = _group("cache", "Each big log file's sums, kept between runs.", "llmcost cache info", "llmcost cache clear")


@cache_app.command("info", cls=Command, epilog=examples("llmcost cache info", "llmcost cache info --cache-dir /tmp/c"))
def cache_info(cache_dir: CacheDirOpt = None) -> None:
    """Where the cache is, its entries and their size."""
    from llmcost.cache import LIMIT, MIN_BYTES

    store = _cache_store(cache_dir)
    entries, size = store.size()
    typer.echo(f"{store.folder}: {entries:,} entries, {_mib(size)} (the oldest-used go beyond {_mib(LIMIT)})")
    typer.echo(f"log files of {_mib(MIN_BYTES)} or more are kept; --no-cache reads every file afresh")


@cache_app.command(
    "clear", cls=Command, epilog=examples("llmcost cache clear", "llmcost cache clear --cache-dir /tmp/c")
)
def cache_clear(cache_dir: CacheDirOpt = None) -> None:
    """Remove every entry (the next run reads every file again)."""
    store = _cache_store(cache_dir)
    removed, freed = store.clear()
    typer.echo(f"{store.folder}: removed {removed:,} entries, {_mib(freed)}")


def _cache_store(cache_dir: str | None) -> Store:
    from llmcost.cache import Store, default_folder

    return Store(Path(cache_dir) if cache_dir else default_folder())


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB" if size < 2**30 else f"{size / 2**30:,.1f} GiB"


@app.command(cls=Command, epilog=examples("llmcost cac", "llmcost cac --as-of 2026-10-01 -f csv"))
def cac(
    config: ConfigOpt = None,
    customers: CustomersOpt = None,
    spend: SpendOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Adjusted CAC per cohort: spend ÷ customers kept 90 days.

    Adjusted CAC = marketing spend ÷ customers still active 90 days after signup, per signup cohort.
    """
    from llmcost.config import load_config
    from llmcost.render import render
    from llmcost.views.signals import cac_document

    day = as_of or dt.datetime.now(dt.UTC).date()
    _reading(config, customers, spend)
    settings = load_config(config)
    _reading(settings.path, customers or settings.customers, spend or settings.spend)
    render(cac_document(settings, customers, spend, day), fmt, output, inputs=_inputs)


@app.command(
    cls=Command,
    epilog=examples(
        "llmcost init calls.csv", "llmcost init logs/ --force", "llmcost init session.jsonl --preset claude-code"
    ),
)
def init(
    logs: InitPaths = None,
    force: ForceOpt = False,
    preset: InitPresetOpt = None,
    catalog: InitCatalogOpt = False,
    include_hidden: InitHiddenOpt = False,
) -> None:
    """Start here: llmcost.yaml and pricing.yaml from your logs.

    Recognises the logs' format or guesses their columns (by name and by values), prices
    the models they name from the bundled list, and says what it found. A setting or price
    it cannot find is written as a TODO line, and said; exit 0 all the same, since the
    files are written. Existing files are kept unless --force (exit 2).
    """
    from llmcost.render import write_text
    from llmcost.starter import CONFIG_NAME, PRICING_NAME, start

    _init_may_write(force)
    if not logs:
        _no_logs_named()
    found_catalog = _init_catalog() if catalog else None
    _reading(logs)
    found = start(list(logs), preset=preset, catalog=found_catalog, include_hidden=include_hidden)
    _reading(found.files)
    write_text(found.pricing_text, PRICING_NAME, inputs=_inputs)
    write_text(found.config_text, CONFIG_NAME, inputs=_inputs)
    for line in _init_summary(found):
        print(visible(line))
    for warning in _init_warnings(found):
        _stderr(f"warning: {warning}")


def _init_may_write(force: bool) -> None:
    """Refuse, before reading any log, to overwrite the files a user may have edited since."""
    from llmcost.starter import CONFIG_NAME, PRICING_NAME

    present = [name for name in (CONFIG_NAME, PRICING_NAME) if os.path.lexists(name)]
    if present and not force:
        raise LlmcostError(
            f"{' and '.join(present)} {'exist' if len(present) > 1 else 'exists'} (use --force to overwrite)"
        )


def _no_logs_named() -> NoReturn:
    """`llmcost init` without a path: say how to name the logs, with the likely ones here."""
    from llmcost.sources import logs_here

    here = logs_here()
    seen = f" (here: {', '.join(here[:5])}{' …' if len(here) > 5 else ''})" if here else ""
    raise LlmcostError(f"name the logs to start from: llmcost init FILE|FOLDER|GLOB{seen}")


def _init_catalog() -> Catalog:
    """The genai-prices catalog, for models the bundled list lacks (init --catalog)."""
    from llmcost.catalog import load_genai_prices

    return load_genai_prices()


def _init_warnings(found: Start) -> list[str]:
    """What `llmcost init` could not settle, each saying which file's TODO to fill in."""
    from llmcost.starter import CONFIG_NAME, PRICING_NAME

    lines = list(found.notes)
    for name, alike in found.missing.items():
        where = f"columns.{name}" if not found.preset else name
        seen = f" (candidates: {', '.join(alike)})" if alike else ""
        lines.append(f"no column of the logs holds {name}{seen}: fill in {where} in {CONFIG_NAME}")
    if found.unknown:
        names = ", ".join(m.name for m in found.unknown[:5]) + (" …" if len(found.unknown) > 5 else "")
        lines.append(
            f"{len(found.unknown)} model{'s' if len(found.unknown) != 1 else ''} in no price list "
            f"({names}): fill in their prices in {PRICING_NAME}"
        )
    if found.problem:
        lines.append(f"the logs do not load with these settings yet: {found.problem}")
    if not found.ready:
        lines.append(f"llmcost report fails until the TODO lines of {CONFIG_NAME} and {PRICING_NAME} are filled in")
    return lines


def _init_summary(found) -> list[str]:
    """What `llmcost init` found, for a person: rows, dates, format or columns, models, what next."""
    from llmcost.columns import COLUMNS
    from llmcost.starter import plural

    rows = plural(found.rows, "row") if found.rows is not None else "rows not counted"
    extra = [f"{found.duplicates:,} repeat a request_id, counted once"] if found.duplicates else []
    extra += [f"{found.rejected:,} would be rejected"] if found.rejected else []
    lines = [f"found {rows} in {plural(len(found.files), 'file')}" + (f" ({'; '.join(extra)})" if extra else "")]
    if found.first is not None:
        lines.append(f"dates: {found.first:%Y-%m-%d %H:%M} to {found.last:%Y-%m-%d %H:%M} UTC")
    if found.preset:
        lines.append(f"format: {found.preset} (preset: {found.preset})")
    for name in COLUMNS:
        if name in found.columns:
            lines.append(f"column: {name} ← {found.columns[name].column} ({found.columns[name].how})")
        elif name in found.missing:
            lines.append(f"column: {name} ← TODO (no column found)")
    for model in found.models:
        price = f"priced as {model.entry} ({model.source})" if model.entry else "unknown: TODO in pricing.yaml"
        lines.append(f"model: {model.name} ({plural(model.rows, 'call')}): {price}")
    lines.append("wrote llmcost.yaml and pricing.yaml")
    lines.append("next: llmcost report" if found.ready else "next: fill in the TODO lines, then llmcost report")
    return lines


def _invoked(argv: list[str] | None) -> typer.Typer:
    """The app with only the command asked for, when a command is named first: Typer builds
    every command's options on each run (~60 ms of a run's ~0.5 s start for 24 commands), and
    one command parses, helps and fails as it does in the whole app. Anything else (no command,
    an option first, a group, a name that is no command) gets the whole app."""
    words = sys.argv[1:] if argv is None else argv
    name = words[0] if words else None
    chosen = [c for c in app.registered_commands if name is not None and _name(c) == name]
    if not chosen:
        return app
    one = copy.copy(app)
    one.registered_commands, one.registered_groups = chosen, []
    return one


def _name(command: typer.models.CommandInfo) -> str | None:
    """A command's name as Typer gives it: its own, else its function's (`cpi`, `flag_customers` →
    `flag-customers`)."""
    if command.name:
        return command.name
    return typer.main.get_command_name(command.callback.__name__) if command.callback else None


def _app_showing_sql(argv: list[str] | None) -> object:
    """Run the command; with --show-sql, every cube's queries are kept and shown at the end.
    Empty cubes stand in for the engine's, so a later step may stop on them (or on an option
    checked only then): the queries kept until then are shown, and the reason it stopped."""
    with showing_sql() as kept:
        try:
            return _invoked(argv)(args=argv, prog_name="llmcost", standalone_mode=False)
        except LlmcostError as exc:
            if kept and not isinstance(exc, SqlShown):
                said = " ".join(str(exc).split())
                stop = f"-- llmcost stopped after these queries, on the empty results --show-sql gives: {said}"
                raise SqlShown("\n".join([*kept, stop])) from None
            raise


def main(argv: list[str] | None = None) -> int:
    """Entry point: every failure is one `error:` line and exit 2, never a traceback."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends us quietly, as csvkit does
    _standard_streams()
    _inputs.clear()
    code = 0
    try:
        result = _app_showing_sql(argv)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into a silent exit 130
            _stderr("error: interrupted")
    except SqlShown as shown:  # --show-sql: the queries, printed instead of run
        print(shown)
        code = 0
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
        print(_clicks(exc).ctx.get_help())
        return 0
    if name == "Abort":
        _stderr("error: interrupted")
        return 130
    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
        _stderr(f"error: {_usage_message(exc)}")
        return int(_clicks(exc).exit_code)
    return _internal(exc)


def _clicks(exc: Exception) -> Any:
    """`exc` as the click exception its type name says it is: its class is not importable as such,
    since Typer vendors click, so its attributes are read by duck type."""
    return exc


def _usage_message(exc: Exception) -> str:
    """A usage error in the user's words, naming the option as typed: `--since: '2026/09/01' is not
    a date (YYYY-MM-DD)`, not Click's "Invalid value for '--since': Value error, …" (the prefix is
    Pydantic's, through which Typer runs the option parsers)."""
    kind, param, ctx = type(exc).__name__, getattr(exc, "param", None), getattr(exc, "ctx", None)
    error = _clicks(exc)
    if kind == "NoSuchOption":
        near = sorted(error.possibilities or [])
        hint = f"did you mean {' or '.join(near)}?" if near else f"see {ctx.command_path} --help" if ctx else ""
        return f"no such option {error.option_name}" + (f" ({hint})" if hint else "")
    if kind == "MissingParameter" and param is not None and ctx is not None:
        return f"{ctx.command_path} needs {_param_name(param)}{f' {param.metavar}' if param.metavar else ''}"
    if kind == "BadParameter" and param is not None:
        return f"{_param_name(param)}: {error.message.removeprefix('Value error, ')}"
    text = error.format_message()
    return text[:1].lower() + text[1:]


def _param_name(param) -> str:
    """--format for `-f, --format`; an argument's metavar (PATH)."""
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return param.metavar or param.name.upper()


def _internal(exc: BaseException) -> int:
    """A bug or a Rust panic: one line naming the inputs, so that a report can say which file did it."""
    if os.environ.get("LLMCOST_DEBUG"):
        raise exc
    from llmcost.secrets import redact, scrub

    shown = [redact(i) for i in _inputs[:4]]  # a database URI's password stays out of any message
    reading = f" while reading {', '.join(shown)}{' …' if len(_inputs) > 4 else ''}" if _inputs else ""
    if isinstance(exc, RecursionError):  # a YAML or JSON file nested thousands deep: the input, not a bug
        _stderr(f"error: an input is nested too deeply to read{reading} (RecursionError)")
    elif isinstance(exc, MemoryError):
        _stderr(f"error: out of memory{reading}: try fewer files or a narrower --since/--until")
    else:
        first = scrub(first_line(exc, empty=""), *_inputs)
        _stderr(
            f"error: internal error ({type(exc).__name__}: {first}){reading}; rerun with LLMCOST_DEBUG=1 "
            "for details and please report it"
        )
    return 2
