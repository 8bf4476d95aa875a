"""The bench's eight models: their share of calls and their prices.

Apart from generate.py so that the baselines import no NumPy or Polars to read them: an
import the DuckDB job would pay in every run (~0.2 s) and no hand-written SQL job has.
"""

MODELS = {  # name: (weight, input $/1M, cached $/1M, output $/1M)
    "gpt-4o": (0.18, 2.50, 1.25, 10.0),
    "gpt-4o-mini": (0.30, 0.15, 0.075, 0.60),
    "gpt-4.1": (0.08, 2.00, 0.50, 8.00),
    "claude-sonnet-4-5": (0.15, 3.00, 0.30, 15.0),
    "claude-haiku-4-5": (0.10, 1.00, 0.10, 5.00),
    "gemini-2.5-flash": (0.09, 0.30, 0.03, 2.50),
    "llama-3-70b": (0.07, 0.60, 0.60, 0.80),
    "o4-mini": (0.03, 1.10, 0.275, 4.40),
}
