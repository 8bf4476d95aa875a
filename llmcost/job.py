"""What every command does before its metric: config, pricing, logs, one priced cube.

This is the library's core: `Job(inputs)` loads once, `job.priced(keys)` returns a frozen
`Priced`. Nothing here changes after construction: narrowing a window or adding notes
returns a new value. The CLI turns options into `Inputs` and results into output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from llmcost.cache import Store, default_folder
from llmcost.config import Config, load_config
from llmcost.cube import PRICE_KEYS, Spelt, Window, cube, price_keys, rejections
from llmcost.errors import LlmcostError, first_line
from llmcost.inputs import Inputs
from llmcost.load import Log, load
from llmcost.metrics.accounting import Account, account
from llmcost.price import COUNTED, price, unallocated_fixed
from llmcost.pricing import PriceBook, load_pricing
from llmcost.revenue import load_revenue, month_fractions, spread
from llmcost.secrets import redact

__all__ = ["Inputs", "Job", "Priced", "Revenue", "guard", "load_book", "load_settings"]


@dataclass(frozen=True)
class Priced:
    """One pass over the rows: the priced cube and everything learnt on the way.

    `cells` is the cube before pricing (whatif re-prices it); `rejected` the rejected rows per
    file and reason (None when none were); `notes` the warnings for stderr; `window` the one
    `account` counts `_in` for."""

    frame: pl.DataFrame
    cells: pl.DataFrame
    account: Account
    rejected: pl.DataFrame | None
    notes: tuple[str, ...]
    window: Window
    files: tuple[str, ...]

    def within(self, window: Window) -> Priced:
        """The same cube counted for `window` only (flag-customers' latest month): no second pass."""
        inside = pl.col("_in") & window.contains(pl.col("_month").cast(pl.Datetime("us", "UTC")))
        frame = self.frame.with_columns(inside.alias("_in"))
        return dataclasses.replace(
            self, frame=frame, window=window, account=account(frame, list(self.files), self.rejected)
        )

    def with_notes(self, notes: Iterable[str]) -> Priced:
        """These warnings added (once each): a view learns some, such as ids matching only by case."""
        kept = tuple(dict.fromkeys([*self.notes, *notes]))
        return self if kept == self.notes else dataclasses.replace(self, notes=kept)


class Revenue(NamedTuple):
    """Revenue per customer and month of a window (prorated; None without a revenue file), the
    share of each month the window covers, and warnings (ids matching the logs only by case)."""

    frame: pl.DataFrame | None
    fractions: pl.DataFrame
    notes: tuple[str, ...]


def load_settings(inputs: Inputs) -> Config:
    """llmcost.yaml (or --config), with --timestamp-format winning over its own, as every option does."""
    config = load_config(inputs.config)
    if inputs.timestamp_format:
        config = dataclasses.replace(config, timestamp_format=inputs.timestamp_format)
    return config


def load_book(pricing: str | None, config: Config, catalog: bool = False) -> PriceBook:
    """The prices a run uses, loaded as every command loads them (`pricing show` too).

    --pricing, else `pricing:` in llmcost.yaml, else ./pricing.yaml, else the bundled list of
    list prices alone, so any folder works with no setup (a named file that is missing is an
    error, from the loader). The genai-prices catalog is layered on with `catalog` or
    `catalog: true`."""
    path = pricing or config.pricing or ("pricing.yaml" if Path("pricing.yaml").is_file() else None)
    book = load_pricing(path)
    if catalog or config.catalog:
        from llmcost.catalog import load_genai_prices

        book = dataclasses.replace(book, catalog=load_genai_prices())
    return book


@dataclass(frozen=True, init=False, eq=False)
class Job:
    """Settings, prices and logs loaded once for a window; `priced(keys)` runs a pass over the rows.

    Frozen: `within` gives a new Job. `_memo` caches what is costly to read twice (rejected
    rows per window, the revenue file per set of months); it is shared with the Jobs `within`
    derives, and a cached value never changes, so no result depends on what ran before."""

    inputs: Inputs
    config: Config
    book: PriceBook
    log: Log
    window: Window
    _memo: dict[Any, Any]

    def __init__(self, inputs: Inputs) -> None:
        config = load_settings(inputs)
        book = load_book(inputs.pricing, config, inputs.catalog)
        window = _window(inputs.since, inputs.until)
        paths = list(inputs.paths) or config.logs
        log = guard(
            lambda: load(paths, config, inputs, window=window, store=_store(inputs)),
            [redact(p) for p in paths],
        )
        for name, value in (
            ("inputs", inputs),
            ("config", config),
            ("book", book),
            ("log", log),
            ("window", window),
            ("_memo", {}),
        ):
            object.__setattr__(self, name, value)

    def within(self, since: dt.date | None, until: dt.date | None) -> Job:
        """The same loaded logs for a narrower window (dates, `until` exclusive). The logs were read
        for this Job's window, so the new one lies inside it: a date outside is clipped to it."""
        asked = _window(since, until)
        bounds = Window(_later(asked.since, self.window.since), _earlier(asked.until, self.window.until))
        if bounds.since and bounds.until and bounds.since >= bounds.until:
            raise LlmcostError(f"{since} to {until} is outside the logs' window")
        inputs = dataclasses.replace(
            self.inputs,
            since=bounds.since.date() if bounds.since else None,
            until=bounds.until.date() if bounds.until else None,
        )
        job = object.__new__(Job)
        for name, value in {**vars(self), "window": bounds, "inputs": inputs}.items():
            object.__setattr__(job, name, value)
        return job

    def priced(
        self,
        keys: Mapping[str, pl.Expr | Spelt],
        extra: Mapping[str, tuple[str, pl.Expr | Spelt]] | None = None,
        signals: bool = False,
    ) -> Priced:
        """Priced cells per `keys` (+ internal keys), with the row account of the window."""
        cells = self.collect(lambda: cube(self.log, self.book, keys, self.window, extra, signals))
        frame = price(cells, self.book)
        rejected = None
        if frame.filter(pl.col("state") == "rejected").height:
            rejected = self._remember(
                ("rejected", self.window), lambda: self.collect(lambda: rejections(self.log, self.window))
            )
        return Priced(
            frame,
            cells,
            account(frame, self.log.files, rejected),
            rejected,
            tuple(unallocated_fixed(frame, self.book)),
            self.window,
            tuple(self.log.files),
        )

    def _remember(self, key: Any, work: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """`work`'s result, computed once per key for this Job and those `within` derives from it."""
        if key not in self._memo:
            self._memo[key] = work()
        return self._memo[key]

    def collect(self, work: Callable[[], Any] | pl.LazyFrame) -> Any:
        """Run `work` (which collects), turning read errors into one `error:` line."""
        return guard(work if callable(work) else work.collect, self.log.files, self.log.formats)

    def rows(self, priced: pl.DataFrame, frame: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """Good rows inside the window, lazily, with their pricing entry: for row-level
        statistics (percentiles) that a cube of sums cannot give. `frame` is one of
        `self.log.batches(...)` (default: every row), so a histogram can be summed a batch
        of files at a time, as the cube is.

        The entry comes from a join with the small model → entry table, not `replace_strict`:
        Polars' streaming engine holds the whole column for a replace (2.2 GB at 20M rows),
        and streams a join."""
        entries = (
            priced.filter((pl.col("_state") == "ok") & pl.col("entry").is_not_null())
            .select(pl.col("_model").alias("_entry_model"), "entry")
            .sort("_entry_model", "entry")
            .unique("_entry_model", keep="first")
            .lazy()
        )
        good = (
            pl.col("_reason").is_null() & ~pl.col("_dup") & ~pl.col("_skip") & self.window.contains(pl.col("timestamp"))
        )
        # Only the priced inferences' rows, as every count beside them: a call of a model with no
        # price (or none yet at its date) had its tokens in the percentiles and priced at the
        # feature's average in `efficiency`'s cost above target. A semi-join on the few keys of
        # the counted cells, exact by construction (the state is a function of them).
        counted = priced.filter(pl.col("state").is_in(COUNTED)).select(PRICE_KEYS).unique().lazy()
        rows = (
            (self.log.frame if frame is None else frame)
            .filter(good)
            .with_columns(**price_keys(self.book))
            .join(counted, on=list(PRICE_KEYS), how="semi", nulls_equal=True)
            .drop(PRICE_KEYS)
        )
        return (
            rows.with_columns(pl.col("model").str.to_lowercase().alias("_entry_model"))
            .join(entries, on="_entry_model", how="left")
            .drop("_entry_model")
        )

    @property
    def revenue_path(self) -> str | None:
        """--revenue, else `revenue:` in llmcost.yaml."""
        return self.inputs.revenue or self.config.revenue

    def revenue(self, priced: pl.DataFrame, window: Window | None = None) -> Revenue:
        """Revenue per customer and month of `window` (default: the Job's), prorated, and the
        month fractions; warns when ids in the revenue or customers file match log ids only by case."""
        months = priced.filter(pl.col("_month").is_not_null())["_month"].unique().to_list()
        fractions = month_fractions(window or self.window, months)
        path = self.revenue_path
        fold = self.config.customer_id_match == "case-insensitive"
        revenue = None
        if path:  # read once per set of months, however many views ask
            revenue = self._remember(
                ("revenue", frozenset(months)),
                lambda: load_revenue(path, months, currency=self.book.currency, fold_case=fold),
            )
        notes: list[str] = []
        if "customer_id" in priced.columns:  # ids are case-sensitive: say so when only case differs
            from llmcost.ids import case_notes, match_case_insensitive

            files: list[tuple[str | None, pl.Series | None]] = [(self.config.customers, None)]
            if revenue is not None and fold and path:  # the setting: file ids take the logs' spelling
                revenue = match_case_insensitive(path, revenue, priced["customer_id"])
            elif revenue is not None:
                files.insert(0, (path, revenue["customer_id"]))
            if not fold:
                notes = list(dict.fromkeys(case_notes(files, priced["customer_id"])))
        return Revenue(None if revenue is None else spread(revenue, fractions), fractions, tuple(notes))


def guard(work: Callable[[], Any], files: list[str], formats: list[str] | None = None) -> Any:
    """Run `work` (which reads `files`), turning a Polars or OS error into one `error:` line naming the
    file (and the line, when a look at the file finds it). Returns Any: callers (starter.py) unpack
    `pl.collect_all` into the names of the LazyFrames they collect."""
    try:
        return work()
    except pl.exceptions.PolarsError as exc:
        raise LlmcostError(_read_error(files, formats, first_line(exc))) from None
    except OSError as exc:
        raise LlmcostError(f"{_names(files)}: cannot read: {exc}") from None


def _store(inputs: Inputs) -> Store | None:
    """The cube cache this run reads and fills: --cache-dir, else the user's cache folder."""
    if not inputs.cache:
        return None
    return Store(Path(inputs.cache_dir) if inputs.cache_dir else default_folder())


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return max(a, b) if a and b else a or b


def _earlier(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return min(a, b) if a and b else a or b


def _window(since: dt.date | None, until: dt.date | None) -> Window:
    """--since/--until as a UTC window; the two the wrong way round is an error, not an empty run."""

    def moment(day: dt.date | None) -> dt.datetime | None:
        return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None

    if since and until and since >= until:
        raise LlmcostError(f"--since {since} is not before --until {until}")
    return Window(moment(since), moment(until))


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
