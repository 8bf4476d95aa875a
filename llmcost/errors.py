"""The one error type users see: the CLI prints it as `error: …` and exits 2."""


class LlmcostError(Exception):
    """Bad usage or unreadable input; the message names file, row and column where known."""
