"""Secrets in connection URIs: the one place that hides them, in URIs and in drivers' words.

Hidden, as `***`, in any scheme (postgresql://, sqlite://, clickhouse://, sc:// …):
- the password of `user:password@host`, up to the last `@` before the host, since
  passwords often hold a raw `@`, `:`, `/` or `&`;
- the value of every parameter whose name says secret (`password`, `sslpassword`, `token`,
  `api_key`, `*_secret` … in any case, percent-encoded or not), after `?` and `&`, and after
  `;` outside libpq (Spark Connect's `sc://host/;token=…`). A value runs up to the next
  `&name=`, so `password=a&b` hides `a&b`, as libpq reads it.
User, host, port, database and the other parameters stay, so that a message still helps.

Drivers quote parts of the connection string in their own words (`invalid percent-encoded
token: "…"`, a host name that holds the tail of a password with a raw `@`), so `scrub`
hides every URI in a message and then each secret's literal value: raw, percent-decoded,
and (from 3 characters) its parts before, after and between the delimiters a parser may
have split it at. It hides the passwords the drivers read from the environment too
(PASSWORD_VARIABLES), which no URI holds. `hide` does the same without the environment: every
LlmcostError's message goes through it (llmcost.errors), so a URI given to any option that takes
a file (--revenue, --pricing, -o …) is shown redacted in whatever message names it.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, unquote_plus

MASK = "***"
PASSWORD_VARIABLES = ("PGPASSWORD", "CLICKHOUSE_PASSWORD", "TRINO_PASSWORD", "SNOWFLAKE_PASSWORD")

# Parameter names (lower case, `-` read as `_`) that hold a secret, and parts that make one.
SECRET_NAMES = frozenset(
    {
        "password",
        "sslpassword",
        "passwd",
        "pwd",
        "pass",
        "key",
        "auth",
        "authorization",
        "token",
        "secret",
        "apikey",
        "api_key",
        "access_token",
        "refresh_token",
        "id_token",
        "private_key",
        "client_secret",
        "credentials",
        "passphrase",
        "passcode",
        "sig",
        "signature",
    }
)
SECRET_PARTS = (
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "passphrase",
    "private_key",
    "privatekey",
    "apikey",
    "api_key",
    "credential",
)

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_URI_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"'<>`]+")
_PARAMETER = re.compile(r"([?&;])([^?&;=/#]*)=")
_PIECES = re.compile(r"[@:&;/?#,=\s]+")
_SHORTEST_PIECE = 3  # parts of a secret shorter than this would hide too much of a message


def is_secret_name(name: str) -> bool:
    """Does a URI parameter of this name hold a secret (case-insensitive, percent-encoded too)?"""
    plain = unquote(name).strip().lower().replace("-", "_")
    return plain in SECRET_NAMES or plain.endswith("_key") or any(part in plain for part in SECRET_PARTS)


def redact(uri: str) -> str:
    """`uri` with every secret in it replaced by ***; anything not a URI comes back as it was."""
    out, last = [], 0
    for start, end in _secret_spans(uri):
        out += [uri[last:start], MASK]
        last = end
    return "".join([*out, uri[last:]])


def secret_values(uri: str) -> list[str]:
    """The literal secrets in `uri` as a driver might quote them, longest first."""
    found: set[str] = set()
    for start, end in _secret_spans(uri):
        raw = uri[start:end]
        for value in {raw, unquote(raw), unquote_plus(raw)}:
            found.add(value)
            for cut in _PIECES.finditer(value):  # what a parser that split the value there would quote
                found.update(p for p in (value[: cut.start()], value[cut.end() :]) if len(p) >= _SHORTEST_PIECE)
            found.update(p for p in _PIECES.split(value) if len(p) >= _SHORTEST_PIECE)
    found.discard("")
    return sorted(found, key=lambda v: (-len(v), v))


def scrub(text: str, *uris: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` (a driver's message) without any secret of `uris`, `secrets` or the environment's
    passwords, and with every URI in it redacted."""
    environment = tuple(os.environ[v] for v in PASSWORD_VARIABLES if os.environ.get(v))
    return hide(text, *uris, secrets=(*secrets, *environment))


def hide(text: str, *uris: str, secrets: tuple[str, ...] = (), short_words: bool = True) -> str:
    """`text` with every URI in it, and each of `uris`, redacted, and their secrets and `secrets`
    hidden wherever else they stand: a path made of a URI (`/tmp/postgresql:/bob:pw@db/x`, its
    `//` folded by the system) is no longer a URI, yet still holds the password. A URI ends
    before a closing `:`, `,`, `;` or `)`: "sqlite:///x.db?token=abc: no such file" keeps its
    colon. Without `short_words`, a one- or two-character secret is hidden only where a URI puts
    one (`:no@`, `=no&`), not as the word "no" of "no such file"."""
    uris = (*uris, *(m.group(0).rstrip(":,;)") for m in _URI_IN_TEXT.finditer(text)))
    for uri in uris:
        text = text.replace(uri, redact(uri))
    values = {v for uri in uris for v in secret_values(uri)} | {s for s in secrets if s}
    for value in sorted(values, key=lambda v: (-len(v), v)):
        if len(value) >= _SHORTEST_PIECE:
            text = text.replace(value, MASK)
        elif short_words:  # a one- or two-character password: as a word of its own, not every "a"
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", MASK, text)
        else:
            text = re.sub(rf"(?<=[:=]){re.escape(value)}(?=[@&;/#:\s]|$)", MASK, text)
    return text


def _secret_spans(uri: str) -> list[tuple[int, int]]:
    """(start, end) of each secret value in `uri`, in order, not overlapping."""
    scheme = _SCHEME.match(uri)
    if not scheme:
        return []
    begin = scheme.end()
    spans = []
    userinfo = _userinfo_password(uri, begin)
    if userinfo:
        spans.append(userinfo)
        begin = userinfo[1] + 1  # past the '@'
    semicolons = not uri.lower().startswith(("postgresql:", "postgres:"))  # libpq: ';' is no separator
    spans += _parameter_spans(uri, begin, semicolons)
    return spans


def _userinfo_password(uri: str, begin: int) -> tuple[int, int] | None:
    """The span of `password` in `scheme://user:password@host…`, if there is one.

    The host follows the last `@` before the query. A `?` is taken for part of the password
    when no `=` comes between it and a later `@` (`u:pa?ss@host`; but `?password=s@cret` is a
    query), unless what follows the `:` is a port (`host:5432/db?x@y` has no password)."""
    query = uri.find("?", begin)
    at = uri.rfind("@", begin, query if query >= 0 else len(uri))
    first_query = query
    while query >= 0:
        later = uri.find("@", query)
        if later < 0 or "=" in uri[query:later]:
            break
        query = uri.find("?", later)
        at = uri.rfind("@", later, query if query >= 0 else len(uri))
    if at < 0:
        return None
    colon = uri.find(":", begin, at)
    if colon < 0 or any(ch in uri[begin:colon] for ch in "/?#@[]"):
        return None
    if 0 <= first_query < at and re.match(r"\d+[/?,]", uri[colon + 1 : at]):
        return None
    return colon + 1, at


def _parameter_spans(uri: str, begin: int, semicolons: bool) -> list[tuple[int, int]]:
    """Spans of the values of secret parameters after `begin`: each runs to the next `&name=` (or end).

    Parameters start at the first `?`, then at each `&` after it, and (outside libpq) at each `;`."""
    query = uri.find("?", begin)
    starts = [
        m
        for m in _PARAMETER.finditer(uri, begin)
        if (m.group(1) == "?" and m.start() == query)
        or (m.group(1) == "&" and 0 <= query < m.start())
        or (m.group(1) == ";" and semicolons)
    ]
    spans = []
    for i, match in enumerate(starts):
        if is_secret_name(match.group(2)):
            spans.append((match.end(), starts[i + 1].start() if i + 1 < len(starts) else len(uri)))
    return spans
