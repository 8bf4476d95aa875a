"""The options every log command shares, defined once.

`log_command` adds them to a command's own parameters (as sqlite-utils' shared
option decorators do) and hands the command two values instead: the library's `Inputs`
(what to read) and the CLI's `Output` (how to show it).

Every option names its value in help as the user would (`FILE`, `DATE`, `N`, or its
choices `day|week|month`), and parses it with a function below whose error says what
was wrong in the same words ("'2026/09/01' is not a date (YYYY-MM-DD)"): Typer's own
messages come from Pydantic ("Input should be a valid integer") and name types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import math
import re
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from llmcost.formats import Format
from llmcost.inputs import Inputs
from llmcost.preset_names import PRESET_NAMES


@dataclasses.dataclass(frozen=True)
class Output:
    """How a command shows its result: the CLI's choices, which the library never sees."""

    fmt: Format = Format.table
    output: str | None = None
    quiet: bool = False
    strict: bool = False


# The choices of --period, --sort, --by and --input-format: each value is its name.
Period = Enum("Period", {"day": "day", "week": "week", "month": "month"}, type=str)
Sort = Enum("Sort", {"margin": "margin", "cost": "cost", "revenue": "revenue", "inferences": "inferences"}, type=str)
By = Enum("By", {"model": "model", "feature": "feature", "customer": "customer"}, type=str)
InputFormat = Enum(
    "InputFormat", {"csv": "csv", "tsv": "tsv", "jsonl": "jsonl", "json": "json", "parquet": "parquet"}, type=str
)


# What every command can write; `focus` only reconcile (`log_command(..., formats=...)`).
WRITES = ("table", "csv", "json", "markdown")


# --- parsers: a ValueError's text becomes the `error: --option: …` line (cli._click_error) ---


def parse_day(value: str | dt.date) -> dt.date:
    """YYYY-MM-DD, exactly: strptime would also take 2026-9-1, which is more likely a typo."""
    return _iso_date(value, r"\d{4}-\d{2}-\d{2}", "", "a date (YYYY-MM-DD)")


def parse_month(value: str | dt.date) -> dt.date:
    """YYYY-MM → the first day of that month."""
    return _iso_date(value, r"\d{4}-\d{2}", "-01", "a month (YYYY-MM)")


def _iso_date(value: str | dt.date, pattern: str, day: str, what: str) -> dt.date:
    """`value` written exactly as `pattern`, completed by `day` into an ISO date; a date passes as is."""
    if isinstance(value, dt.date):
        return value
    try:
        if re.fullmatch(pattern, value):
            return dt.date.fromisoformat(value + day)
    except ValueError:
        pass
    raise ValueError(f"'{value}' is not {what}")


def whole(low: int) -> Callable[[str | int], int]:
    """A parser of whole numbers ≥ `low`."""

    def parse(value: str | int) -> int:
        try:
            number = value if isinstance(value, int) else int(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a whole number") from None
        if number < low:
            raise ValueError(f"'{value}' is less than {low}")
        return number

    return parse


def number(low: float | None = None, high: float | None = None) -> Callable[[str | float], float]:
    """A parser of finite numbers in [low, high]: nan or inf would pass every comparison unseen."""

    def parse(value: str | float) -> float:
        try:
            result = float(value)
        except ValueError:
            result = math.nan
        if not math.isfinite(result):
            raise ValueError(f"'{value}' is not a number")
        if low is not None and high is not None and not low <= result <= high:
            raise ValueError(f"'{value}' is not between {low:g} and {high:g}")
        if low is not None and result < low:
            raise ValueError(f"'{value}' is less than {low:g}")
        return result

    return parse


def choice(
    full: type[Enum], names: Sequence[str], *decls: str, help: str, optional: bool = False, note: str = "", **more: Any
) -> Any:
    """An option offering `names` of the enum `full` (in help, completion and its error),
    whose value is `full`'s member, so that the code after sees one Format or Period type.

    The annotation is an enum of just `names`, which Typer shows and completes; the parser
    returns `full`'s member and says which names are valid (`note`: why, when others are not).
    """
    offered = Enum(full.__name__, {n: n for n in names}, type=str)  # type: ignore[misc]

    def parse(value: str | Enum) -> Enum:
        text = value.value if isinstance(value, Enum) else value
        if text in names:
            return full(text)
        why = "focus is for reconcile" if full is Format and text == Format.focus.value else note
        raise ValueError(f"'{text}' is not one of {', '.join(names)}" + (f" ({why})" if why else ""))

    kind = offered | None if optional else offered
    return Annotated[kind, typer.Option(*decls, metavar="|".join(names), parser=parse, help=help, **more)]


def examples(*lines: str) -> str:
    """A help epilog: the example commands one per line (`\\b` keeps click from rewrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class Command(TyperCommand):
    """Help that shows an argument as its name (PATH...), as options are, not as `PATH <list[str]>`."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arg: Any = param  # Typer's argument: click's has no display_name_raw or help
                args.append((arg.display_name_raw + ("..." if arg.nargs != 1 else ""), arg.help or ""))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def takes(metavar: str, *decls: str, help: str, show_default: bool = False, **more: Any) -> Any:
    """The `typer.Option` of an option that takes a value, named in help as the user would
    (FILE, DATE, SHARE). No default is shown unless `show_default`: most default to None,
    which says nothing; a number default (0.02) is worth showing."""
    return typer.Option(*decls, metavar=metavar, help=help, show_default=show_default, **more)


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Log files, folders, globs, - for stdin, or a database URI (postgresql://…, clickhouse://…, trino://…).",
        show_default=False,
    ),
]
PricingOpt = Annotated[
    str | None, takes("FILE", "--pricing", help="pricing.yaml (default: from llmcost.yaml, else ./pricing.yaml).")
]
ConfigOpt = Annotated[str | None, takes("FILE", "--config", help="Settings file (default: ./llmcost.yaml).")]
RevenueOpt = Annotated[str | None, takes("FILE", "--revenue", help="Revenue per customer (CSV/Parquet/YAML).")]
SinceOpt = Annotated[
    dt.date | None, takes("DATE", "--since", parser=parse_day, help="First day of the window (inclusive, UTC).")
]
UntilOpt = Annotated[
    dt.date | None, takes("DATE", "--until", parser=parse_day, help="Day after the window (exclusive, UTC).")
]
PeriodOpt = choice(Period, [p.value for p in Period], "--period", help="Calendar period (UTC).")
SplitOpt = choice(
    Period, [p.value for p in Period], "--period", help="Also split by calendar period (UTC).", optional=True
)
ByOpt = choice(By, [b.value for b in By], "--by", help="One line per model, feature or customer.", optional=True)
SortOpt = choice(Sort, [s.value for s in Sort], "--sort", help="Order (margin: worst first).")  # customers
# customers splits by calendar month only: its margins prorate monthly revenue.
MonthlyOpt = choice(
    Period,
    ["month"],
    "--period",
    optional=True,
    note="customers splits by calendar month only",
    help="One row per customer per calendar month (default: one row for the window).",
)
OutputOpt = Annotated[str | None, takes("FILE", "--output", "-o", help="Write to FILE (atomically) instead of stdout.")]
InputFormatOpt = choice(
    InputFormat,
    [f.value for f in InputFormat],
    "--input-format",
    help="Format of stdin (or of files whose name does not say).",
    optional=True,
)
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 2 if any row is unpriced or rejected.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No reconciliation line or warnings on stderr.")]
PresetOpt = Annotated[str | None, takes("NAME", "--preset", help=f"Log format: {', '.join(PRESET_NAMES)}.")]
TableOpt = Annotated[str | None, takes("TABLE", "--table", help="Table to read from a database URI.")]
QueryOpt = Annotated[str | None, takes("SQL", "--query", help="SQL query to read from a database URI.")]
EngineOpt = Annotated[
    str | None,
    takes(
        "NAME",
        "--engine",
        help="Where the cube runs: polars (default), duckdb, chdb or spark (files); local (a database read by Polars).",
    ),
]
OrderByOpt = Annotated[
    str | None, takes("COLUMN", "--order-by", help="Table column ordering repeated request ids (default: timestamp).")
]
ShowSqlOpt = Annotated[
    bool, typer.Option("--show-sql", help="Print the SQL the database would run, without connecting, and exit.")
]
ModelOpt = Annotated[
    str | None, takes("MODEL", "--model", help="Model of logs that do not name one (e.g. the Azure trace).")
]
TimestampFormatOpt = Annotated[
    str | None,
    takes(
        "FMT",
        "--timestamp-format",
        help="strftime format of text timestamps that are not ISO 8601, e.g. "
        "'%m/%d/%Y %H:%M' (default: timestamp_format in llmcost.yaml).",
    ),
]
CatalogOpt = Annotated[
    bool,
    typer.Option(
        "--catalog", help="Price models missing from pricing.yaml from the genai-prices catalog (reported as such)."
    ),
]
CustomersOpt = Annotated[
    str | None,
    takes(
        "FILE", "--customers", help="Customers file: customer_id, signup_date, churn_date (default: from llmcost.yaml)."
    ),
]
CacheOpt = Annotated[
    bool,
    typer.Option(
        "--cache/--no-cache",
        help="Keep each big log file's sums between runs, so a re-run reads only new or changed files.",
    ),
]
CacheDirOpt = Annotated[
    str | None, takes("DIR", "--cache-dir", help="Where the cache lives (default: $XDG_CACHE_HOME/llmcost).")
]
IncludeHiddenOpt = Annotated[
    bool,
    typer.Option(
        "--include-hidden", help="Also read hidden files and folders (.backup/, .x.csv) in log folders and globs."
    ),
]
SkipUnreadableOpt = Annotated[
    bool,
    typer.Option(
        "--skip-unreadable", help="Skip, with a warning, log files and folders that cannot be read (default: exit 2)."
    ),
]
SpendOpt = Annotated[
    str | None, takes("FILE", "--spend", help="Marketing spend per month: month, spend (default: from llmcost.yaml).")
]

# --- init's own options: it reads logs before any llmcost.yaml exists, so it shares none of the above ---
InitPaths = Annotated[
    list[str] | None,
    typer.Argument(metavar="PATH", help="Log files, folders or globs to start from.", show_default=False),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite llmcost.yaml and pricing.yaml.")]
InitPresetOpt = Annotated[
    str | None,
    takes("NAME", "--preset", help="Read the logs as this format (default: recognised, else columns guessed)."),
]
InitCatalogOpt = Annotated[
    bool, typer.Option("--catalog", help="Price the models the bundled list lacks from the genai-prices catalog.")
]
InitHiddenOpt = Annotated[bool, typer.Option("--include-hidden", help="Also read hidden files and folders.")]

# --- whatif's own options: what to try on the logged traffic ---
RouteOpt = Annotated[
    list[str] | None,
    takes("RULE", "--route", help="feature=NAME:MODEL or model=NAME:MODEL, optionally @80% (repeatable)."),
]
CacheHitOpt = Annotated[
    float | None, takes("SHARE", "--cache-hit", parser=number(0, 1), help="Share of input tokens read from cache.")
]
TrimInputOpt = Annotated[
    float | None, takes("SHARE", "--trim-input", parser=number(0, 1), help="Prompts this much shorter (0.3 = 30 %).")
]
TryPriceOpt = Annotated[
    list[str] | None, takes("MODEL.RATE=VALUE", "--price", help="A price to try, e.g. gpt-4o.input=2.00 (repeatable).")
]
BatchOpt = Annotated[
    list[str] | None,
    takes("RULE", "--batch", help="feature=NAME or model=NAME sent through the batch API (repeatable)."),
]

PlansFileOpt = Annotated[
    str | None,
    takes("FILE", "--plans", help="Proposed pricing plans (YAML, as 'plans:' in llmcost.yaml): revenue re-computed."),
]
MoveOpt = Annotated[
    list[str] | None,
    takes("FROM->TO", "--move", help="Customers of plan FROM priced on plan TO, e.g. 'starter->pro' (repeatable)."),
]
CapOpt = Annotated[
    int | None,
    takes("N", "--cap", parser=whole(1), help="Throttle: calls above N per customer-month are refused."),
]


# --- the other commands' own options, one alias each so that a signature reads one line per option ---
NoChartOpt = Annotated[bool, typer.Option("--no-chart", help="No chart under the table (terminals only).")]
ThresholdOpt = Annotated[
    float | None,
    takes(
        "MARGIN",
        "--threshold",
        parser=number(),
        help="Flag gross margin below this (0.2 = 20 %; default: flag_threshold in llmcost.yaml, else 0).",
    ),
]
# customers
PerMonthOpt = Annotated[bool, typer.Option("--per-month", hidden=True, help="--period month.")]
TopOpt = Annotated[int | None, takes("N", "--top", parser=whole(1), help="Only the first N customers.")]
# plans
PlanPeriodOpt = choice(
    Period,
    ["month"],
    "--period",
    optional=True,
    note="plans splits by calendar month only",
    help="One row per plan per calendar month (default: one row for the window).",
)
BandsOpt = Annotated[
    int,
    takes(
        "N",
        "--bands",
        parser=whole(2),
        show_default=True,
        help="Usage bands inside each plan (4: quartiles, 10: deciles).",
    ),
]
# trend, models
ExplainOpt = Annotated[
    bool,
    typer.Option(
        "--explain", help="Split each change into price, model mix, tokens per call and fixed-cost effects that add up."
    ),
]
RawOpt = Annotated[bool, typer.Option("--raw", help="Per model name as logged, not per pricing entry.")]
# flag-customers
MonthOpt = Annotated[
    dt.date | None,
    takes("MONTH", "--month", parser=parse_month, help="Calendar month YYYY-MM (default: the latest in the logs)."),
]
MinInferencesOpt = Annotated[
    int,
    takes(
        "N",
        "--min-inferences",
        parser=whole(0),
        show_default=True,
        help="Ignore customers with fewer inferences in the window.",
    ),
]
IncludeUnbilledOpt = Annotated[
    bool, typer.Option("--include-unbilled", help="Also flag customers with cost and no revenue.")
]
# report
HtmlOpt = Annotated[
    str | None,
    takes(
        "FILE",
        "--html",
        help="Also write the report as one self-contained HTML file (charts included, no network needed).",
    ),
]
# quality
ReviewCostOpt = Annotated[
    float | None,
    takes(
        "AMOUNT",
        "--review-cost",
        parser=number(0),
        help="Cost of a human fixing one failed output (default: outcomes.review_cost).",
    ),
]
# drift
BaselineOpt = Annotated[
    str | None,
    takes("PERIOD", "--baseline", help="Baseline period as shown (e.g. 2026-05; default: the first)."),
]
DriftThresholdOpt = Annotated[
    float,
    takes("NATS", "--threshold", parser=number(0), show_default=True, help="Alert above this KL divergence (nats)."),
]
# reconcile
InvoiceOpt = Annotated[
    str,
    takes("FILE", "--invoice", help="The provider's cost export (CSV): OpenAI's, Anthropic's, or month, model, cost."),
]
ToleranceOpt = Annotated[
    float,
    takes(
        "SHARE",
        "--tolerance",
        parser=number(0),
        show_default=True,
        help="Relative difference that counts as off (0.02 = 2 %).",
    ),
]
# pricing show, pricing import, cac
ShowModels = Annotated[
    list[str] | None,
    typer.Argument(metavar="MODEL", show_default=False, help="Model names as logged (default: every entry)."),
]
OnDateOpt = Annotated[
    dt.date | None, takes("DATE", "--date", parser=parse_day, help="Prices in effect on this day (default: today).")
]
CatalogFile = Annotated[str, typer.Argument(metavar="FILE", help="The catalog file (LiteLLM's or genai-prices' JSON).")]
FromOpt = Annotated[str, takes("litellm|genai-prices", "--from", help="Whose catalog it is.")]
ImportModelsOpt = Annotated[
    list[str], takes("GLOB", "--models", help="Model names or globs (repeat, or comma-separate).")
]
AsOfOpt = Annotated[
    dt.date | None,
    takes("DATE", "--as-of", parser=parse_day, help="Date to judge 90-day survival at (default: today)."),
]


def format_option(formats: Sequence[str] = WRITES) -> Any:
    """--format offering what the command can write."""
    return choice(Format, formats, "--format", "-f", help="Output format.")


FormatOpt = format_option()

# name: (annotation, default). `paths` is first so it stays the positional argument.
SHARED: dict[str, tuple[Any, Any]] = {
    "paths": (Paths, None),
    "pricing": (PricingOpt, None),
    "config": (ConfigOpt, None),
    "since": (SinceOpt, None),
    "until": (UntilOpt, None),
    "fmt": (FormatOpt, Format.table),
    "output": (OutputOpt, None),
    "preset": (PresetOpt, None),
    "model": (ModelOpt, None),
    "input_format": (InputFormatOpt, None),
    "timestamp_format": (TimestampFormatOpt, None),
    "table": (TableOpt, None),
    "query": (QueryOpt, None),
    "engine": (EngineOpt, None),
    "order_by": (OrderByOpt, None),
    "show_sql": (ShowSqlOpt, False),
    "cache": (CacheOpt, True),
    "cache_dir": (CacheDirOpt, None),
    "catalog": (CatalogOpt, False),
    "strict": (StrictOpt, False),
    "quiet": (QuietOpt, False),
    "include_hidden": (IncludeHiddenOpt, False),
    "skip_unreadable": (SkipUnreadableOpt, False),
}


def log_command(
    app: typer.Typer,
    name: str | None = None,
    *,
    revenue: bool = False,
    formats: Sequence[str] = WRITES,
    epilog: str | None = None,
) -> Callable:
    """Register `fn(inputs, out, **own)` as a command taking the shared options plus its own.

    `formats`: what its --format offers; `epilog`: its help's closing lines (`examples(...)`).
    """

    def decorate(fn: Callable) -> Callable:
        hints = typing.get_type_hints(fn, include_extras=True)
        own = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in list(inspect.signature(fn).parameters.values())[2:]
        ]  # after inputs, out
        shared = dict(SHARED)
        shared["fmt"] = (format_option(formats), Format.table)
        if revenue:
            shared["revenue"] = (RevenueOpt, None)
        params = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d)
            for n, (a, d) in shared.items()
        ]
        params = params[:1] + own + params[1:]  # paths, the command's own, then the rest

        @functools.wraps(fn)
        def command(**kwargs: Any) -> Any:
            values = {k: kwargs.pop(k) for k in shared}
            return fn(*make_options(values), **kwargs)

        command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # read by Typer
            [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]
        )
        command.__annotations__ = {p.name: p.annotation for p in params}
        del command.__wrapped__
        app.command(name, cls=Command, epilog=epilog)(command)
        return fn

    return decorate


def make_options(values: dict[str, Any]) -> tuple[Inputs, Output]:
    """The parsed shared options as the library's `Inputs` and the CLI's `Output`."""
    fmt = values["input_format"]
    given = {f.name: values[f.name] for f in dataclasses.fields(Inputs) if f.name in values}
    inputs = Inputs(**given | {"paths": tuple(values["paths"] or ()), "input_format": fmt.value if fmt else None})
    return inputs, Output(fmt=values["fmt"], output=values["output"], quiet=values["quiet"], strict=values["strict"])
