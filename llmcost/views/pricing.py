"""pricing show / check / import: what prices each model, and entries for pricing.yaml."""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from llmcost.catalog import Catalog, genai_entry, litellm_entry, load_genai_json, read_json, to_entry
from llmcost.errors import LlmcostError, did_you_mean
from llmcost.job import Job
from llmcost.pricing import RATE_KEYS, USER, Entry, PriceBook, ServiceTier, Tier, in_unit
from llmcost.render import Document, Section
from llmcost.views import Outcome


def _price_row(model: str, entry: Entry | None, book: PriceBook, day: dt.date) -> dict:
    """What prices a call to `model` on `day`: the version in effect, its long-context tiers and
    its service tiers — exactly the figures a call on that date is priced with."""
    if entry is None:
        return _row(model, None, "unknown — add it to pricing.yaml or use --catalog", None)
    version = entry.version_at(day)
    source = book.path if entry.source == USER else entry.source
    if version is None:
        return _row(model, entry.name, source, None, tiers=f"no price before {entry.versions[0].start}")
    since = version.start.isoformat() if version.start else entry.checked
    return _row(
        model,
        entry.name,
        source,
        since,
        {k: getattr(version.rates, k) for k in RATE_KEYS},
        _tiers_text(version.tiers),
        "; ".join(f"{name}: {_special_text(s)}" for name, s in version.service_tiers.items()),
    )


def _row(
    model: str,
    entry: str | None,
    source: Any,
    date: str | None,
    rates: dict[str, Any] | None = None,
    tiers: str = "",
    service_tiers: str = "",
) -> dict:
    """One row of `pricing show`, its columns in one order whether the model is priced or not."""
    return {
        "model": model,
        "entry": entry,
        "source": source,
        "date": date,
        **(rates or dict.fromkeys(RATE_KEYS)),
        "tiers": tiers,
        "service_tiers": service_tiers,
    }


def _tiers_text(tiers: tuple[Tier, ...]) -> str:
    return "; ".join(
        f"above {t.above_input_tokens:,}: " + ", ".join(f"{k} {v:g}" for k, v in t.overrides.items()) for t in tiers
    )


def _special_text(special: ServiceTier) -> str:
    if special.factor is not None:
        return f"×{special.factor:g}"
    own = ", ".join(f"{k} {v:g}" for k, v in special.prices.items())
    return own + (f" ({_tiers_text(special.tiers)})" if special.tiers else "")


def show_document(book: PriceBook, models: list[str], day: dt.date) -> Document:
    """The effective price of each model, or of every entry of every layer — the file's, the
    bundled list's, the catalog's when on, in that order, which is the order they are asked in —
    each with its source and date, in the book's unit."""
    catalog = [in_unit(e, book.unit_tokens) for e in book.catalog.entries()] if book.catalog is not None else []
    rows = (
        [_price_row(m, book.resolve(m), book, day) for m in models]
        if models
        else [_price_row(e.name, e, book, day) for e in [*book.entries, *catalog]]
    )
    unit = "1M" if book.unit_tokens == 1_000_000 else "1K"
    section = Section("prices", pl.DataFrame(rows), f"Prices on {day.isoformat()} ({book.currency} per {unit} tokens)")
    return Document([section], book.currency)


def check_document(job: Job) -> Outcome:
    """Every model name in the logs and the layer that prices it: the pricing file, the bundled
    list, the catalog, the logged cost, or none (each such model an alarm)."""
    run = job.priced({"model_as_logged": pl.col("model")})
    frame = (
        run.frame.filter(pl.col("_state") == "ok")
        .group_by("model_as_logged", "entry", "state", "price_source")
        .agg(pl.col("inferences").sum().alias("rows"))
    )
    by_state = {"unpriced": "unknown", "logged": "logged cost"}  # no price list prices these rows: say why
    source = (
        pl.when(pl.col("state").is_in(list(by_state)))
        .then(pl.col("state").replace(by_state))
        .otherwise(pl.col("price_source").replace(USER, job.book.path))
    )
    frame = frame.select(
        pl.col("model_as_logged").alias("model"),
        pl.col("rows"),
        pl.when(pl.col("state") == "unpriced").then(None).otherwise(pl.col("entry")).alias("entry"),
        source.alias("source"),
    )
    frame = (
        frame.group_by("model", "entry", "source")
        .agg(pl.col("rows").sum())
        .sort(["rows", "model", "entry", "source"], descending=[True, False, False, False], nulls_last=True)
    )  # most rows first, ties by name: two runs list the same lines (group_by keeps no order)
    doc = Document(
        [
            Section(
                "models", frame.select("model", "rows", "entry", "source"), "Models in the logs and what prices them"
            )
        ],
        job.book.currency,
    )
    return Outcome(doc, run, alarms=int((frame["source"] == "unknown").sum()))


def import_yaml(source: str, path: str, globs: list[str]) -> str:
    """pricing.yaml entries from a LiteLLM (per token) or genai-prices (per million) file.
    Every name or glob asked for must match: a typo that silently imports nothing would leave
    the model unpriced later, far from its cause."""
    if source == "litellm":
        picked = _from_litellm(read_json(path, "cannot read", "not JSON"), globs, path)
    elif source == "genai-prices":
        picked = _from_genai(load_genai_json(path), globs, path)
    else:
        raise LlmcostError(f"--from {source}: litellm or genai-prices")
    models = {k: v for k, v in picked.items() if v}
    if not models:
        raise LlmcostError(f"{path}: no model matches {' '.join(globs)} with token prices")
    header = (
        f"# Imported by llmcost on {dt.date.today().isoformat()} from {source} file {path}\n"
        "# (USD per million tokens). Check them, then paste under `models:` in pricing.yaml.\n"
    )
    for model in models.values():
        model.setdefault("source", f"{source} file {Path(path).name}")
        model.setdefault("checked", dt.date.today().isoformat())
    return header + yaml.safe_dump({"models": models}, sort_keys=False, allow_unicode=True)


def _from_litellm(data: Any, globs: list[str], path: str) -> dict[str, dict | None]:
    if not isinstance(data, dict):
        raise LlmcostError(f"{path}: not a LiteLLM price file (expected a JSON object of models)")
    names = [name for name, item in data.items() if isinstance(item, dict)]
    out: dict[str, dict | None] = {}
    for pattern in globs:
        hits = [n for n in names if fnmatch.fnmatchcase(n.lower(), pattern.lower())]
        if not hits:
            raise _no_match(pattern, names, path)
        out.update((n, litellm_entry(n, data[n])) for n in hits)
    return out


def _no_match(pattern: str, names: list[str], path: str) -> LlmcostError:
    extra = did_you_mean(pattern.lower(), [n.lower() for n in names])
    return LlmcostError(f"{path}: no model '{pattern}'{extra}")


def _from_genai(catalog: Catalog, globs: list[str], path: str) -> dict[str, dict | None]:
    """A plain name is resolved as a logged model would be; a glob picks model ids."""
    out: dict[str, dict | None] = {}
    ids = [item["id"] for provider in catalog.providers for item in provider.get("models", [])]
    for pattern in globs:
        if not any(c in pattern for c in "*?["):
            entry = catalog.resolve(pattern)
            if entry is None:
                raise _no_match(pattern, ids, path)
            out[pattern] = genai_entry(entry)
            continue
        before = len(out)
        for provider in catalog.providers:
            for item in provider.get("models", []):
                if fnmatch.fnmatchcase(item["id"].lower(), pattern.lower()) and item["id"] not in out:
                    entry = to_entry(f"{provider['id']}/{item['id']}", item, catalog.name)
                    out[item["id"]] = genai_entry(entry) if entry is not None else None
        if len(out) == before:
            raise _no_match(pattern, ids, path)
    return out
