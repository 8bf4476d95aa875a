"""The options every log command shares, defined once.

`log_command` adds them to a command's own parameters (as sqlite-utils' shared
option decorators do) and hands the command one `Options` object instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import typing
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import typer


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    focus = "focus"  # FinOps FOCUS columns (reconcile)


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


Paths = Annotated[list[str] | None, typer.Argument(
    help="Log files, directories, globs, - for stdin, or a database URI (postgresql://…, sqlite:///…).",
    show_default=False)]
PricingOpt = Annotated[str | None, typer.Option(
    "--pricing", help="pricing.yaml (default: from llmcost.yaml, else ./pricing.yaml).", show_default=False)]
ConfigOpt = Annotated[str | None, typer.Option(
    "--config", help="Settings file (default: ./llmcost.yaml).", show_default=False)]
RevenueOpt = Annotated[str | None, typer.Option(
    "--revenue", help="Revenue per customer (CSV/Parquet/YAML).", show_default=False)]
SinceOpt = Annotated[dt.datetime | None, typer.Option(
    "--since", formats=["%Y-%m-%d"], help="First day of the window (inclusive, UTC).")]
UntilOpt = Annotated[dt.datetime | None, typer.Option(
    "--until", formats=["%Y-%m-%d"], help="Day after the window (exclusive, UTC).")]
PeriodOpt = Annotated[Period, typer.Option("--period", help="Calendar period (UTC).")]
SplitOpt = Annotated[Period | None, typer.Option("--period", help="Also split by calendar period (UTC).")]
ByOpt = Annotated[By | None, typer.Option("--by", help="One line per model, feature or customer.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", "-o", help="Write to FILE (atomically) instead of stdout.", show_default=False)]
InputFormatOpt = Annotated[InputFormat | None, typer.Option(
    "--input-format", help="Format of stdin (or of files whose name does not say).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 2 if any row is unpriced or rejected.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No reconciliation line or warnings on stderr.")]
PresetOpt = Annotated[str | None, typer.Option(
    "--preset", help="Log format: openai, anthropic, claude-code, codex, litellm, langfuse, helicone, otel, "
    "posthog, azure-trace.", show_default=False)]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="Model of logs that do not name one (e.g. the Azure trace).", show_default=False)]
TableOpt = Annotated[str | None, typer.Option(
    "--table", help="Table to read from a database URI.", show_default=False)]
QueryOpt = Annotated[str | None, typer.Option(
    "--query", help="SQL query to read from a database URI.", show_default=False)]
CatalogOpt = Annotated[bool, typer.Option(
    "--catalog", help="Price models missing from pricing.yaml from the genai-prices catalog (reported as such).")]
CustomersOpt = Annotated[str | None, typer.Option(
    "--customers", help="Customers file: customer_id, signup_date, churn_date (default: from llmcost.yaml).",
    show_default=False)]
IncludeHiddenOpt = Annotated[bool, typer.Option(
    "--include-hidden", help="Also read hidden files and folders (.backup/, .x.csv) in log folders and globs.")]
SkipUnreadableOpt = Annotated[bool, typer.Option(
    "--skip-unreadable", help="Skip, with a warning, log files and folders that cannot be read (default: exit 2).")]
SpendOpt = Annotated[str | None, typer.Option(
    "--spend", help="Marketing spend per month: month, spend (default: from llmcost.yaml).", show_default=False)]

# name: (annotation, default). `paths` is first so it stays the positional argument.
SHARED: dict[str, tuple[Any, Any]] = {
    "paths": (Paths, None), "pricing": (PricingOpt, None), "config": (ConfigOpt, None),
    "since": (SinceOpt, None), "until": (UntilOpt, None),
    "fmt": (FormatOpt, Format.table), "output": (OutputOpt, None),
    "preset": (PresetOpt, None), "model": (ModelOpt, None), "input_format": (InputFormatOpt, None),
    "table": (TableOpt, None), "query": (QueryOpt, None), "catalog": (CatalogOpt, False),
    "strict": (StrictOpt, False), "quiet": (QuietOpt, False),
    "include_hidden": (IncludeHiddenOpt, False), "skip_unreadable": (SkipUnreadableOpt, False),
}


def log_command(app: typer.Typer, name: str | None = None, *, revenue: bool = False) -> Callable:
    """Register `fn(opts, **own)` as a command taking the shared options plus its own."""

    def decorate(fn: Callable) -> Callable:
        hints = typing.get_type_hints(fn, include_extras=True)
        own = [p.replace(annotation=hints.get(p.name, p.annotation))
               for p in inspect.signature(fn).parameters.values() if p.name != "opts"]
        shared = dict(SHARED)
        if revenue:
            shared["revenue"] = (RevenueOpt, None)
        params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d)
                  for n, (a, d) in shared.items()]
        params = params[:1] + own + params[1:]  # paths, the command's own, then the rest

        @functools.wraps(fn)
        def command(**kwargs: Any) -> Any:
            values = {k: kwargs.pop(k) for k in shared}
            return fn(make_options(values), **kwargs)

        command.__signature__ = inspect.Signature(
            [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params])
        command.__annotations__ = {p.name: p.annotation for p in params}
        del command.__wrapped__
        app.command(name)(command)
        return fn

    return decorate


def make_options(values: dict[str, Any]):
    """The parsed shared options as the library's `Options` (plus how to render)."""
    from llmcost.job import Options

    def day(value: dt.datetime | None) -> dt.date | None:
        return value.date() if value else None

    fmt = values["input_format"]
    return Options(
        paths=list(values["paths"] or []), pricing=values["pricing"], config=values["config"],
        revenue=values.get("revenue"), since=day(values["since"]), until=day(values["until"]),
        input_format=fmt.value if fmt else None, strict=values["strict"], preset=values["preset"],
        model=values["model"], table=values["table"], query=values["query"], catalog=values["catalog"],
        fmt=values["fmt"], output=values["output"], quiet=values["quiet"],
        include_hidden=values["include_hidden"], skip_unreadable=values["skip_unreadable"],
    )
