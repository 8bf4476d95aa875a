"""A status line on stderr for long interactive runs: only on a terminal, only after 2 s."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

DELAY = 2.0


@contextmanager
def progress(label: str, enabled: bool) -> Iterator[None]:
    """Show `label` and the elapsed time while the block runs, if it runs long enough."""
    if not enabled or not _terminal(sys.stdout) or not _terminal(sys.stderr):
        yield
        return
    done = threading.Event()

    def show() -> None:
        if done.wait(DELAY):
            return
        from rich.console import Console

        start = time.monotonic() - DELAY
        with Console(stderr=True).status(label) as status:
            while not done.wait(0.25):
                status.update(f"{label} · {time.monotonic() - start:.0f} s")

    thread = threading.Thread(target=show, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _terminal(stream) -> bool:
    """A closed stream (`>&-` leaves sys.stdout None) or a broken one is no terminal."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False
