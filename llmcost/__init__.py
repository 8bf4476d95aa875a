"""llmcost: cost per inference, customer margins and unit-cost trends from LLM logs."""

__version__ = "0.1.0"
