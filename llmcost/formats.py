"""What the renderer can write, in a module of its own so that it imports nothing heavy.

`llmcost.render` (which needs Polars) re-exports `Format`; the option parser imports it from
here, so that `llmcost --help` never loads Polars. (A `render` package with a `formats`
submodule would not do: importing a submodule runs its package's `__init__` first.)
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """An output format: tables for people, csv/json/markdown for machines and documents."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    focus = "focus"  # FinOps FOCUS columns (reconcile)
