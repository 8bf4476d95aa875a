"""What every command does before its metric: config, pricing, logs, one priced cube.

This is the library entry point; the CLI only turns options into `Options`
and results into output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from llmcost.config import Config, load_config
from llmcost.cube import Window, cube, rejections
from llmcost.errors import LlmcostError, first_line
from llmcost.load import Log, load
from llmcost.metrics.accounting import Account, account
from llmcost.price import price, unallocated_fixed
from llmcost.pricing import PriceBook, load_pricing
from llmcost.progress import progress
from llmcost.revenue import load_revenue, month_fractions, spread
from llmcost.secrets import redact


@dataclass
class Options:
    """The options every command shares (SPEC §3)."""

    paths: list[str] = field(default_factory=list)
    pricing: str | None = None
    config: str | None = None
    revenue: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    period: str | None = "month"
    input_format: str | None = None
    strict: bool = False
    preset: str | None = None
    model: str | None = None
    table: str | None = None
    query: str | None = None
    catalog: bool = False
    fmt: object = None          # render.Format; the CLI's concern, carried here for convenience
    output: str | None = None
    quiet: bool = False
    include_hidden: bool = False   # read hidden files and folders under a log folder or glob
    skip_unreadable: bool = False  # skip (and say) log files and folders that cannot be read, rather than exit 2
    timestamp_format: str | None = None  # strftime format of text timestamps; overrides llmcost.yaml's


class Job:
    """Loads once; `priced(keys)` runs the single pass over the rows."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.config: Config = load_config(options.config)
        if options.timestamp_format:  # --timestamp-format wins over llmcost.yaml's, as every option does
            self.config = dataclasses.replace(self.config, timestamp_format=options.timestamp_format)
        self.book: PriceBook = load_pricing(_pricing_path(options, self.config))
        if options.catalog or self.config.catalog:
            from llmcost.catalog import load_genai_prices

            self.book = dataclasses.replace(self.book, catalog=load_genai_prices())
        sql = {"table": options.table, "query": options.query}
        self.window = _window(options)
        self.log: Log = self._guard(lambda: load(options.paths or self.config.logs, self.config,
                                                 options.input_format, preset=options.preset, model=options.model,
                                                 sql=sql, window=self.window, include_hidden=options.include_hidden,
                                                 skip_unreadable=options.skip_unreadable),
                                    [redact(p) for p in options.paths or self.config.logs])
        self.account: Account | None = None
        self.notes: list[str] = []
        self.cells: pl.DataFrame | None = None     # the unpriced cube, for re-pricing (whatif)
        self.rejected: pl.DataFrame | None = None  # per file and reason, when rows were rejected
        self._revenue_file: pl.DataFrame | None = None
        self._rejections: dict[Window, pl.DataFrame] = {}

    def priced(self, keys: dict[str, pl.Expr], extra: dict[str, tuple[str, pl.Expr]] | None = None,
               signals: bool = False) -> pl.DataFrame:
        """Priced cells per `keys` (+ internal keys); records the row account."""
        files = len(self.log.files)
        label = f"reading {files} file{'s' if files != 1 else ''}"
        with progress(label, not self.options.quiet):
            cells = self.collect(lambda: cube(self.log, self.book, keys, self.window, extra, signals))
        self.cells = cells
        priced = price(cells, self.book)
        self.rejected = None
        if priced.filter(pl.col("state") == "rejected").height:
            if self.window not in self._rejections:  # a second cube (report) does not ask again
                self._rejections[self.window] = self.collect(lambda: rejections(self.log, self.window))
            self.rejected = self._rejections[self.window]
        self.account = account(priced, self.log.files, self.rejected)
        self.notes = unallocated_fixed(priced, self.book)
        return priced

    def collect(self, work):
        """Run `work` (which collects), turning read errors into one `error:` line."""
        return self._guard(work if callable(work) else work.collect, self.log.files, self.log.formats)

    @staticmethod
    def _guard(work, files: list[str], formats: list[str] | None = None):
        try:
            return work()
        except pl.exceptions.PolarsError as exc:
            raise LlmcostError(_read_error(files, formats, first_line(exc))) from None
        except OSError as exc:
            raise LlmcostError(f"{_names(files)}: cannot read: {exc}") from None

    def rows(self, priced: pl.DataFrame, frame: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """Good rows inside the window, lazily, with their pricing entry: for row-level
        statistics (percentiles) that a cube of sums cannot give. `frame` is one of
        `self.log.batches(...)` (default: every row), so a histogram can be summed a batch
        of files at a time, as the cube is.

        The entry comes from a join with the small model → entry table, not `replace_strict`:
        Polars' streaming engine holds the whole column for a replace (2.2 GB at 20M rows),
        and streams a join."""
        entries = (priced.filter((pl.col("_state") == "ok") & pl.col("entry").is_not_null())
                   .select(pl.col("_model").alias("_entry_model"), "entry").sort("_entry_model", "entry")
                   .unique("_entry_model", keep="first").lazy())
        good = (pl.col("_reason").is_null() & ~pl.col("_dup") & ~pl.col("_skip")
                & self.window.contains(pl.col("timestamp")))
        rows = (self.log.frame if frame is None else frame).filter(good)
        return (rows.with_columns(pl.col("model").str.to_lowercase().alias("_entry_model"))
                .join(entries, on="_entry_model", how="left").drop("_entry_model"))

    def narrow(self, priced: pl.DataFrame, window: Window) -> pl.DataFrame:
        """Move the window inside an already priced cube (flag-customers' latest month)."""
        self.window = window
        inside = pl.col("_in") & window.contains(pl.col("_month").cast(pl.Datetime("us", "UTC")))
        priced = priced.with_columns(inside.alias("_in"))
        self.account = account(priced, self.log.files, self.rejected)
        return priced

    def revenue(self, priced: pl.DataFrame) -> tuple[pl.DataFrame | None, pl.DataFrame]:
        """Revenue per customer and month of the window (prorated), and the month fractions; warns
        when ids in the revenue or customers file match log ids only by case."""
        months = priced.filter(pl.col("_month").is_not_null())["_month"].unique().to_list()
        fractions = month_fractions(self.window, months)
        path = self.options.revenue or self.config.revenue
        fold = self.config.customer_id_match == "case-insensitive"
        if path and self._revenue_file is None:  # read once, however many views ask
            self._revenue_file = load_revenue(path, months, currency=self.book.currency, fold_case=fold)
        revenue = self._revenue_file
        if "customer_id" in priced.columns:  # ids are case-sensitive: say so when only case differs
            from llmcost.ids import case_notes, match_case_insensitive

            files = [(self.config.customers, None)]
            if revenue is not None and fold:  # the setting: file ids take the logs' spelling
                revenue = match_case_insensitive(path, revenue, priced["customer_id"])
            elif revenue is not None:
                files.insert(0, (path, revenue["customer_id"]))
            if not fold:
                self.notes.extend(n for n in case_notes(files, priced["customer_id"]) if n not in self.notes)
        if revenue is None:
            return None, fractions
        return spread(revenue, fractions), fractions


def _pricing_path(options: Options, config: Config) -> str | None:
    """--pricing, else `pricing:` in llmcost.yaml, else ./pricing.yaml. None when there is none:
    then the bundled list of list prices prices the run alone, so any folder works with no setup
    (a file that was named but is missing is still an error, from the loader)."""
    return options.pricing or config.pricing or ("pricing.yaml" if Path("pricing.yaml").is_file() else None)


def _window(options: Options) -> Window:
    def moment(day: dt.date | None) -> dt.datetime | None:
        return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None

    if options.since and options.until and options.since >= options.until:
        raise LlmcostError(f"--since {options.since} is not before --until {options.until}")
    return Window(moment(options.since), moment(options.until))


def _read_error(files: list[str], formats: list[str] | None, message: str) -> str:
    """Name the file and line when a look at the files finds the fault, else Polars' words."""
    from llmcost.sources import diagnose, guess_format

    for i, name in enumerate(files):
        fmt = formats[i] if formats and i < len(formats) else guess_format(name)
        found = diagnose(name, fmt) if fmt else None
        if found:
            return f"{name}, {found}"
    return f"{_names(files)}: cannot read: {message}"


def _names(files: list[str]) -> str:
    if not files:
        return "the logs"
    return files[0] if len(files) == 1 else f"{files[0]} (and {len(files) - 1} more)"
