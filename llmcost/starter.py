"""`llmcost init`: look at a user's logs and draft the two files every other command reads.

The logs are read by the code every command uses (llmcost.sources finds and scans them,
llmcost.load maps and types them), so what `init` finds is what `llmcost report` will find:
after guessing a mapping, the logs are loaded once with the very settings about to be
written, and the rows, dates and models shown come from that load. This module only
returns facts and texts; the CLI prints the one and writes the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import yaml

from llmcost import scalars
from llmcost.catalog import genai_entry
from llmcost.columns import (
    COLUMNS,
    EPOCH_MIN,
    FALSE,
    TRUE,
    candidates,
    likeness,
    looks_like,
    map_columns,
    numeric_date_format,
    sniff_timestamp,
)
from llmcost.config import Config
from llmcost.errors import LlmcostError
from llmcost.inputs import Inputs
from llmcost.load import load
from llmcost.presets import detect, get_preset
from llmcost.pricing import Entry, bundled_list, is_bundled
from llmcost.sources import Source, open_sources

CONFIG_NAME = "llmcost.yaml"
PRICING_NAME = "pricing.yaml"
SAMPLE = 500  # rows of each file looked at to guess a column by its values
# Cache columns first: their names contain "input", which would otherwise pull them to input_tokens.
ORDER = ("timestamp", "model", "cached_input_tokens", "cache_write_tokens", "input_tokens", "output_tokens")
# Words that make a column name a likely home of a canonical column (beside difflib's likeness).
HINTS = {
    "timestamp": ("time", "date", "created", "when"),
    "model": ("model", "llm", "engine", "deployment"),
    "cached_input_tokens": ("cached", "cache_read"),
    "cache_write_tokens": ("cache_write", "cache_creation"),
    "input_tokens": ("prompt", "input", "tok_in", "in_tok"),
    "output_tokens": ("completion", "output", "tok_out", "out_tok", "generated"),
    "customer_id": ("customer", "account_id", "tenant", "client_id", "org_id", "userid", "user_id"),
    "feature": ("feature", "use_case", "usecase"),
    "request_id": ("request_id", "req_id", "call_id"),
    "cost": ("cost", "spend"),
    "latency_ms": ("latency",),
}
HINTED = 0.8  # the score of a name holding one of its column's HINTS
REQUIRED_SCORE = 0.6  # a required column is guessed from a name this alike (and values that fit)
OPTIONAL_SCORE = 0.8  # an optional one needs a closer name: a wrong customer_id misleads quietly


@dataclass
class Mapped:
    """Where a canonical column comes from: `written` when llmcost.yaml must say so (a guess),
    else llmcost matches the column by its name on its own."""

    column: str
    how: str
    written: bool = False


@dataclass
class ModelSeen:
    """A model name as logged, its rows, and the pricing.yaml entry written for it."""

    name: str
    rows: int
    entry: str | None  # None: no list knows it; its entry is a TODO
    source: str  # "bundled list 2026-11-25", a catalog's name, or "unknown"
    priced_by: Entry | None = field(default=None, repr=False)


@dataclass
class Start:
    """What `llmcost init` found in the logs, and the two files' text."""

    paths: list[str]
    files: list[str]
    rows: int | None
    rejected: int
    duplicates: int
    first: dt.datetime | None
    last: dt.datetime | None
    preset: str | None
    columns: dict[str, Mapped]
    missing: dict[str, list[str]]  # required column → the columns that might hold it
    timestamp_format: str | None
    models: list[ModelSeen]
    notes: list[str] = field(default_factory=list)
    problem: str | None = None  # why the logs could not be read with these settings
    config_text: str = ""
    pricing_text: str = ""

    @property
    def unknown(self) -> list[ModelSeen]:
        return [m for m in self.models if m.entry is None]

    @property
    def ready(self) -> bool:
        """Whether `llmcost report` can run on the files as written."""
        return not self.missing and not self.unknown and self.problem is None


def start(
    paths: list[str],
    *,
    preset: str | None = None,
    catalog: Any = None,
    include_hidden: bool = False,
    today: dt.date | None = None,
) -> Start:
    """Read the logs, guess their settings, price their models; the texts of llmcost.yaml and pricing.yaml.

    `catalog` (a llmcost.catalog.Catalog) prices the models the bundled list does not know."""
    today = today or dt.datetime.now(dt.UTC).date()
    _check_paths(paths)
    sources, notes = open_sources(paths, include_hidden=include_hidden)
    named = get_preset(preset) if preset else None
    chosen = named.name if named else _detected(sources, notes)
    columns: dict[str, Mapped] = {}
    missing: dict[str, list[str]] = {}
    fmt = None
    if chosen is None:
        columns, missing = _guess_all(sources, notes)
        fmt = _timestamp_format(sources, columns)
        if "customer_id" not in columns:  # margins need it; without a word every call is nobody's
            notes.append(
                "no customer column found: customers, margins and flags need one; if the logs have "
                "it, set 'customer_id: COLUMN' under columns: in llmcost.yaml"
            )
    elif (found_preset := get_preset(chosen)) and "model" not in found_preset.fields:
        missing["model"] = []  # the Azure trace: every call's model is one setting
    settings = Config(
        preset=chosen, timestamp_format=fmt, columns={name: m.column for name, m in columns.items() if m.written}
    )
    found = Start(
        list(paths), [s.name for s in sources], None, 0, 0, None, None, chosen, columns, missing, fmt, [], notes
    )
    counts = _facts(found, settings, sources, include_hidden)
    found.models = _price(counts, catalog)
    if found.unknown and catalog is None:
        found.notes.append(
            "the genai-prices catalog may know the unknown models: pip install 'llmcost[catalog]', "
            "then llmcost init --catalog --force"
        )
    found.config_text = config_text(found, today)
    found.pricing_text = pricing_text(found.models, today)
    return found


def _check_paths(paths: list[str]) -> None:
    """Files only: llmcost.yaml keeps paths, and a database URI may hold a password."""
    if not paths:
        raise LlmcostError("name the logs to start from: llmcost init FILE|FOLDER|GLOB …")
    for path in paths:
        if path == "-":
            raise LlmcostError("llmcost init reads files, not standard input: save the logs to a file and name it")
        if "://" in path:
            raise LlmcostError(
                "llmcost init reads files; for a database, write 'logs:' in llmcost.yaml by hand (README: Databases)"
            )


def _detected(sources: list[Source], notes: list[str]) -> str | None:
    """The preset every file is in; None when any file is in none, or files are in different ones
    (then each is recognised on its own at run time, as without a preset)."""
    found = {s.name: detect(s.frame.collect_schema()) for s in sources}
    kinds = set(found.values())
    if len(kinds) == 1:
        return kinds.pop()
    named = {k for k in kinds if k}
    if named:
        notes.append(
            f"the logs mix formats ({', '.join(sorted(named))} and others): no preset written; "
            "keep each format in its own folder and run llmcost on each"
        )
    return None


def _sample(source: Source) -> pl.DataFrame:
    names = [n for n in source.frame.collect_schema().names() if n != "_row"]
    return source.frame.select(names).head(SAMPLE).collect()


def _guess_all(sources: list[Source], notes: list[str]) -> tuple[dict[str, Mapped], dict[str, list[str]]]:
    """One mapping for all files (llmcost.yaml has one): each file's guess, the first file's winning
    where two disagree (said in a note; loading the logs then names the file it does not fit)."""
    columns: dict[str, Mapped] = {}
    missing: dict[str, list[str]] = {}
    for source in sources:
        own, lacking = guess_columns(_sample(source))
        for name, mapped in own.items():
            kept = columns.setdefault(name, mapped)
            if kept.column != mapped.column:
                notes.append(
                    f"{source.name}: {name} looks like column '{mapped.column}' here, but "
                    f"'{kept.column}' in the first file: columns.{name} says '{kept.column}'"
                )
        for name, alike in lacking.items():
            missing.setdefault(name, alike)
    return columns, {name: alike for name, alike in missing.items() if name not in columns}


def guess_columns(sample: pl.DataFrame) -> tuple[dict[str, Mapped], dict[str, list[str]]]:
    """canonical column → the sample's column, by name and by values; and the required columns
    no column fits, each with the columns that might hold it."""
    names = list(sample.columns)
    found = {name: Mapped(column, "matched by name") for name, column in map_columns(names, {}, "").items()}
    used = {m.column for m in found.values()}
    missing: dict[str, list[str]] = {}
    for name in (*ORDER, *(c for c in COLUMNS if c not in ORDER)):
        if name in found or name == "error":
            continue
        pick = _pick(sample, name, used)
        if pick is not None:
            found[name] = pick
            used.add(pick.column)
        elif COLUMNS[name].required:
            missing[name] = [n for n in candidates(sample, names, name) if n not in used][:4]
    return found, missing


def _pick(sample: pl.DataFrame, name: str, used: set[str]) -> Mapped | None:
    """The free column whose name is likest `name` among those whose values fit it; for the
    timestamp and the model, also the one column whose values alone fit."""
    required = COLUMNS[name].required
    fits = [n for n in sample.columns if n not in used and _fits(sample[n], name)]
    if fits:
        best = max(fits, key=lambda n: _score(n, name))
        if _score(best, name) >= (REQUIRED_SCORE if required else OPTIONAL_SCORE):
            return Mapped(best, "guessed by name and values", True)
    if name in ("timestamp", "model"):
        alike = [n for n in sample.columns if n not in used and _fits(sample[n], name, strict=True)]
        if len(alike) == 1:
            return Mapped(alike[0], "guessed by values", True)
    return None


def _score(column: str, name: str) -> float:
    low = column.lower()
    hinted = HINTED if any(h in low for h in HINTS.get(name, ())) else 0.0
    return max(likeness(column, name), hinted)


def _fits(values: pl.Series, name: str, *, strict: bool = False) -> bool:
    """Whether a sample of a column holds what canonical column `name` holds. Model names are any
    text, unless `strict` (then names of the usual model families)."""
    present = values.drop_nulls()
    if present.len() == 0 or present.dtype.is_nested():
        return False
    kind = COLUMNS[name].kind
    if kind == "timestamp":
        return looks_like(present, "timestamp") or _epochs(present)
    if kind == "int":
        return looks_like(present, "int")
    if name == "model" and strict:
        return looks_like(present, "string")
    text = present.cast(pl.String).str.strip_chars()
    if kind == "float":
        return text.cast(pl.Float64, strict=False).null_count() < 0.2 * present.len()
    if kind == "bool":
        return (scalars.number(text.str.to_lowercase().is_in((*TRUE, *FALSE)), "mean") or 0.0) >= 0.8
    return present.dtype == pl.String or present.dtype.is_integer()


def _epochs(values: pl.Series) -> bool:
    """Numbers in the range of epoch seconds (or finer) of this century: timestamps, not token counts."""
    numbers = values.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    low = scalars.number(numbers, "min")
    return numbers.null_count() == 0 and low is not None and low >= EPOCH_MIN


def _timestamp_format(sources: list[Source], columns: dict[str, Mapped]) -> str | None:
    """A `timestamp_format` when the timestamps are text no ISO 8601 sniffing reads but that reads
    as day- or month-first dates (05/01/2026 14:03)."""
    if "timestamp" not in columns:
        return None
    column = columns["timestamp"].column
    for source in sources:
        schema = source.frame.collect_schema()
        if schema.get(column) == pl.String:
            sample = source.frame.select(pl.col(column)).head(SAMPLE).collect().to_series()
            if sniff_timestamp(sample) is None:
                return numeric_date_format(sample)
    return None


def _facts(found: Start, settings: Config, sources: list[Source], include_hidden: bool) -> pl.DataFrame:
    """Load the logs with the settings about to be written; fill in rows, rejections, dates, notes;
    return rows per model. A load that fails is the problem to report (the files are still
    written, with the TODOs that say what to fix)."""
    from llmcost.job import guard

    try:
        log = load(found.paths, settings, Inputs(include_hidden=include_hidden))
    except LlmcostError as exc:
        if not found.missing:
            found.problem = str(exc)
        return _raw_counts(found, settings, sources)
    found.notes.extend(n for n in log.warnings if "read as a" not in n and n not in found.notes)
    calls = log.frame.filter(~pl.col("_skip"))
    good = pl.col("_reason").is_null() & ~pl.col("_dup")
    summary = calls.select(
        pl.len().alias("rows"),
        (pl.col("_reason").is_not_null() & ~pl.col("_dup")).sum(),
        pl.col("_dup").sum(),
        pl.col("timestamp").filter(good).min().alias("first"),
        pl.col("timestamp").filter(good).max().alias("last"),
    )
    reasons = (
        calls.filter(pl.col("_reason").is_not_null())
        .group_by("_reason")
        .agg(pl.len().alias("n"))
        .sort(["n", "_reason"], descending=[True, False])
        .head(1)
    )
    models = calls.filter(pl.col("model").is_not_null() & ~pl.col("_dup")).group_by("model").agg(pl.len().alias("rows"))
    summary, reasons, models = guard(
        lambda: pl.collect_all([summary, reasons, models], engine="streaming"), log.files, log.formats
    )
    found.rows, found.rejected, found.duplicates, found.first, found.last = summary.row(0)
    if reasons.height:
        reason, n = reasons.row(0)
        found.notes.append(f"{found.rejected:,} rows would be rejected; the commonest reason ({n:,}): {reason}")
    return models


def _raw_counts(found: Start, settings: Config, sources: list[Source]) -> pl.DataFrame:
    """Rows and models straight from the files, when they cannot be loaded as configured yet."""
    column = settings.columns.get("model") or (found.columns["model"].column if "model" in found.columns else None)
    frames = [s.frame for s in sources]
    found.rows = sum(f.select(pl.len()).collect().item() for f in frames)
    having = [
        f.select(pl.col(column).cast(pl.String).str.strip_chars().alias("model"))
        for f in frames
        if column and column in f.collect_schema().names()
    ]
    if not having:
        return pl.DataFrame(schema={"model": pl.String, "rows": pl.UInt32})
    every = pl.concat(having, how="vertical")
    return every.filter(pl.col("model").str.len_bytes() > 0).group_by("model").agg(pl.len().alias("rows")).collect()


def _price(counts: pl.DataFrame, catalog: Any) -> list[ModelSeen]:
    """Each distinct model (a few, not rows) looked up as a run would: the bundled list, then the catalog."""
    book = bundled_list() if catalog is None else dataclasses.replace(bundled_list(), catalog=catalog)
    seen = []
    for name, rows in counts.sort(["rows", "model"], descending=[True, False]).iter_rows():
        entry = book.resolve(name)
        seen.append(ModelSeen(name, rows, entry.name if entry else None, entry.source if entry else "unknown", entry))
    return seen


def config_text(found: Start, today: dt.date) -> str:
    """llmcost.yaml: the logs as given, the pricing file, the preset or the columns, placeholders."""
    lines = [
        f"# llmcost settings for this folder, written by `llmcost init` on {today.isoformat()}.",
        "# Command-line options override them; see README: Inputs.",
        *_logs_lines(found.paths),
        f"pricing: {PRICING_NAME}      # the models' prices; its entries override the bundled list",
    ]
    if found.preset:
        lines.append(f"preset: {found.preset}      # the logs' format, recognised from their fields")
    else:
        lines.extend(_columns_lines(found.columns, found.missing))
    if found.timestamp_format:
        lines.append(f"timestamp_format: {_scalar(found.timestamp_format)}   # how the logs write dates (not ISO 8601)")
    if "model" in found.missing and found.preset:
        lines.append("# model: TODO   # required: these logs name no model; give the one every call used")
    lines += [
        "",
        "# Revenue per customer and month, for margins (customers, flag-customers, report):",
        "# a CSV with customer_id, month (YYYY-MM) and revenue.",
        "# revenue: revenue.csv",
        "# Customers, for cohorts and adjusted CAC (cac): customer_id, signup_date, optional churn_date.",
        "# customers: customers.csv",
    ]
    return "\n".join(lines) + "\n"


def _logs_lines(paths: list[str]) -> list[str]:
    if len(paths) == 1:
        return [f"logs: {_scalar(paths[0])}"]
    return ["logs:", *(f"  - {_scalar(p)}" for p in paths)]


def _columns_lines(columns: dict[str, Mapped], missing: dict[str, list[str]]) -> list[str]:
    """`columns:` with the guessed entries; the ones matched by name and the missing ones as comments,
    so the file shows the whole mapping and loads whatever is left to fill in."""
    body = []
    for name in COLUMNS:
        if name in columns:
            mapped = columns[name]
            entry = f"{name}: {_scalar(mapped.column)}"
            body.append(
                f"  {entry:<32} # {mapped.how}"
                if mapped.written
                else f"  # {entry:<30} (matched by name: nothing to set)"
            )
        elif name in missing:
            alike = missing[name]
            seen = f" (candidates: {', '.join(_shown(a) for a in alike)})" if alike else ""
            body.append(f"  # {name}: TODO{'':<{max(0, 24 - len(name))}} required: no column looks like it{seen}")
    active = any(m.written for m in columns.values())
    return [
        "# Which column of the logs holds each of llmcost's columns (README: Logs).",
        "columns:" if active else "# columns:",
        *body,
    ]


def _scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when it reads back as the same text, else double-quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9_./][A-Za-z0-9_./@+-]*", text) is not None
    if plain and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _shown(name: str) -> str:
    """A logged name in a comment or message: quoted, escapes kept, so a newline cannot end the comment."""
    return json.dumps(name, ensure_ascii=False)[:80]


PRICING_HEADER = """\
# Prices of the models in your logs — USD per million tokens. Written by `llmcost init` on {today}.
#
# llmcost also carries a bundled list of public list prices (`llmcost pricing show`). An entry
# here overrides the bundled entry of the same name, its `match:` names included. The entries
# below are copies of it (or of a catalog) as of their `checked:` date: they stay as they are
# when llmcost's list is updated. Delete one to follow the bundled list instead; put negotiated
# prices here. When a provider changes a price, add a dated entry under `prices:` rather than
# editing the old one, so earlier months keep their real cost.
currency: USD
unit: per_1m_tokens
"""

COST_PLACEHOLDERS = """
# Costs that are not per token, spread over each calendar month's inferences:
# fixed_costs:
#   - {name: vector-db, monthly: 400}
#   - {name: gpu-reserved, monthly: 2000, models: [llama-3-70b]}   # only these models' inferences
# One-off costs spread over the inferences they pay for ($500 over 50,000 = $0.01 each):
# amortized:
#   - {name: fine-tune-v2, total: 500, over_inferences: 50000, models: [ft-support-v2]}
# outcomes:
#   review_cost: 1.20   # what a human fixing one failed output costs (llmcost quality)
"""


def pricing_text(models: list[ModelSeen], today: dt.date) -> str:
    """pricing.yaml: one entry per entry the logged models resolve to, copied with its `source:` and
    `checked:`; a TODO entry, which fails validation until filled, for each unknown model."""
    groups: dict[str, list[ModelSeen]] = {}
    for seen in models:
        key = seen.entry if seen.entry else seen.name.strip().lower()
        groups.setdefault(f"{seen.source}\0{key}", []).append(seen)
    parts = [PRICING_HEADER.format(today=today.isoformat()), "models:" if groups else "models: {}"]
    for group in groups.values():
        rows = ", ".join(f"{_shown(m.name)} ({plural(m.rows, 'call')})" for m in group)
        entry = group[0].priced_by
        if entry is None:
            parts.append(_unknown_entry(group, rows))
            continue
        name, body = _known_entry(entry, group, today)
        text = yaml.safe_dump({name: body}, sort_keys=False, default_flow_style=None, allow_unicode=True, width=100)
        parts.append(f"  # logged as {rows}\n" + "".join(f"  {line}\n" for line in text.splitlines()).rstrip("\n"))
    return "\n".join(parts) + "\n" + COST_PLACEHOLDERS


def _known_entry(entry: Entry, group: list[ModelSeen], today: dt.date) -> tuple[str, dict[str, Any]]:
    """A bundled entry under its own name with its globs; a catalog entry under the first logged name,
    the others as `match:` (the catalog's own rules are not globs)."""
    if is_bundled(entry.source):
        name, match = entry.name, list(entry.patterns)
        source = f"{entry.reference} (copied from llmcost's {entry.source})" if entry.reference else entry.source
        checked = entry.checked or today.isoformat()
    else:
        name, match = group[0].name, _others(group)
        source, checked = f"{entry.source} catalog, as {entry.name}", today.isoformat()
    body: dict[str, Any] = {"match": match} if match else {}
    return name, {**body, "source": source, "checked": checked, **genai_entry(entry)}


def _unknown_entry(group: list[ModelSeen], rows: str) -> str:
    """An entry with null prices: pricing.yaml fails to load, naming this model and line, until
    someone writes the prices in — never a silent $0."""
    name = json.dumps(group[0].name, ensure_ascii=False)
    others = _others(group)
    match = f"\n    match: [{', '.join(json.dumps(m, ensure_ascii=False) for m in others)}]" if others else ""
    return (
        f"  # logged as {rows}\n"
        "  # TODO: in no price list llmcost has. Fill in its prices (USD per 1M tokens): until\n"
        "  # then every command stops with an error naming this entry.\n"
        f"  {name}:{match}\n"
        "    source: null     # TODO: where the prices come from (the provider's pricing page)\n"
        "    checked: null    # TODO: the day you read them, YYYY-MM-DD\n"
        "    input: null      # TODO: USD per 1M input tokens\n"
        "    output: null     # TODO: USD per 1M output tokens"
    )


def _others(group: list[ModelSeen]) -> list[str]:
    """The logged names beside the entry's own, once each: names match regardless of case."""
    first = group[0].name.lower()
    return list(dict.fromkeys(m.name for m in group[1:] if m.name.lower() != first))


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
