"""The one error type users see: the CLI prints it as `error: …` and exits 2.

Also what every `error:` line is built from, in one place so that each message says it the
same way: the first line of a library's exception, a reader's failure as one line, and a
did-you-mean hint."""

import contextlib
import difflib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from llmcost.secrets import hide


class LlmcostError(Exception):
    """Bad usage or unreadable input; the message names file, row and column where known.

    The message is kept with every URI's secrets hidden (llmcost.secrets.hide): any option that
    takes a file may be given a URI, and dozens of messages name a file, so hiding here covers
    each of them, and the API's exceptions too, where hiding at each message would miss one."""

    def __init__(self, message: str = "") -> None:
        super().__init__(hide(message, short_words=False))


class SqlShown(LlmcostError):
    """Not a failure: --show-sql stops a command where it would run its SQL, carrying the queries
    to print (the CLI prints them and exits 0)."""


# --show-sql over a whole command: the queries of each cube, kept while the engine hands back an
# empty cube in their place (None: the first cube stops the command, for library callers)
SHOWN: ContextVar[list[str] | None] = ContextVar("llmcost_shown", default=None)


@contextlib.contextmanager
def showing_sql() -> Iterator[list[str]]:
    """Keep every cube's queries of a command, so that one that sums several cubes (usage,
    efficiency, report) shows them all, not only the first."""
    kept: list[str] = []
    token = SHOWN.set(kept)
    try:
        yield kept
    finally:
        SHOWN.reset(token)


def show_kept_sql() -> None:
    """Stop with the queries kept so far, if any: the command's cubes have all been asked for."""
    kept = SHOWN.get()
    if kept:
        raise SqlShown("\n".join(kept))


def first_line(exc: BaseException, empty: str | None = None) -> str:
    """The first line of `exc`'s message: Polars and drivers append pages of context that do not
    fit an `error:` line. An empty message gives `empty`, or else the exception's type name, so
    the line never ends in a bare colon."""
    text = str(exc).strip()
    if text:
        return text.splitlines()[0]
    return type(exc).__name__ if empty is None else empty


@contextlib.contextmanager
def one_line(
    prefix: str,
    errors: type[BaseException] | tuple[type[BaseException], ...],
    reason: Callable[[BaseException], str] = first_line,
) -> Iterator[None]:
    """Any of `errors` raised inside becomes `{prefix}: {reason(exc)}`, an LlmcostError without its
    cause: a reader's failure is one `error:` line for the user, never a library's traceback."""
    try:
        yield
    except errors as exc:
        raise LlmcostError(f"{prefix}: {reason(exc)}") from None


def did_you_mean(word: object, choices: Iterable[str], otherwise: str = "") -> str:
    """ " (did you mean 'x'?)" for the closest of `choices`, else `otherwise`: the hint every
    unknown-name error ends with (a key, a preset, a model, a setting)."""
    hint = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else otherwise
