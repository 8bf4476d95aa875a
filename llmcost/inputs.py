"""What a run reads: the library's inputs, apart from how its results are shown.

Polars-free, so that the CLI can name it in command signatures without slowing `--help`.
Output choices (format, file, quiet, strict) are the CLI's (`llmcost.options.Output`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Inputs:
    """Logs and the files that price and explain them (docs/reference.md §3.1), and the window to look at."""

    paths: tuple[str, ...] = ()
    pricing: str | None = None
    config: str | None = None
    revenue: str | None = None
    customers: str | None = None  # report's --customers (default: llmcost.yaml's)
    spend: str | None = None  # report's --spend (default: llmcost.yaml's)
    since: dt.date | None = None
    until: dt.date | None = None
    input_format: str | None = None
    preset: str | None = None
    model: str | None = None
    table: str | None = None
    query: str | None = None
    catalog: bool = False
    include_hidden: bool = False  # read hidden files and folders under a log folder or glob
    skip_unreadable: bool = False  # skip (and say) log files and folders that cannot be read, rather than exit 2
    timestamp_format: str | None = None  # strftime format of text timestamps; overrides llmcost.yaml's
    engine: str | None = None  # where the cube runs: polars (files), local (a database read into Polars), duckdb…
    order_by: str | None = None  # a table's column ordering repeated request ids ("the last wins")
    show_sql: bool = False  # print the cube's SQL in the source's dialect instead of running it
    cache: bool = True  # keep each big file's cube cells between runs (llmcost.cache)
    cache_dir: str | None = None  # where (default: $XDG_CACHE_HOME/llmcost)

    def __post_init__(self) -> None:
        # A list given by a caller becomes a tuple: a frozen value holds nothing that can change.
        object.__setattr__(self, "paths", tuple(self.paths))
