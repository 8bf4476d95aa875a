"""Control characters made visible in text for people (terminals, stderr, Markdown, HTML).

A customer id or model name is data from someone else's log: an escape sequence in it
would recolour, retitle or clear the user's terminal, and a newline would forge an
extra `warning:` line or break a Markdown row. Machine formats (CSV, JSON) keep it
exact; everything a person reads shows it as `\\x1b`, `\\n`. Kept apart from
render.py so the CLI can escape its error lines without importing Polars.
"""

from __future__ import annotations

import re

# C0, DEL and C1 controls, line/paragraph separators, and the bidirectional overrides
# that can make text read in another order than it is ("Trojan Source").
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """`text` with each control character written out as a Python-style escape."""
    return CONTROL.sub(_escape, text) if CONTROL.search(text) else text


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in NAMED:
        return NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
