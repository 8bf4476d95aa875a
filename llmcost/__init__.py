"""llmcost: cost per inference, customer margins and unit-cost trends from LLM logs.

The Python API (see `llmcost.api`): `open_logs(...)` returns `Logs`, whose `cpi()`,
`customers()` and `trend()` are the commands' tables as Polars DataFrames; bad input raises
`LlmcostError`. Importing the package loads neither Polars nor the CLI's Typer and Rich:
`Logs` and `open_logs` are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llmcost.errors import LlmcostError

if TYPE_CHECKING:
    from llmcost.api import Logs, open_logs

__version__ = "0.1.0"
__all__ = ["LlmcostError", "Logs", "__version__", "open_logs"]


def __getattr__(name: str) -> object:
    """`Logs` and `open_logs` on first use: they need Polars, which `llmcost --help` never loads."""
    if name in ("Logs", "open_logs"):
        from llmcost import api

        return getattr(api, name)
    raise AttributeError(f"module 'llmcost' has no attribute {name!r}")
