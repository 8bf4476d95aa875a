"""validate and the stderr account: every row, where it went and why."""

from __future__ import annotations

import polars as pl

from llmcost.cube import Window
from llmcost.job import Job, Priced
from llmcost.metrics.accounting import Account
from llmcost.metrics.reconcile import differences
from llmcost.render import Document, Section
from llmcost.views import Outcome, comparison


def account_messages(job: Job, run: Priced) -> tuple[list[str], str | None]:
    """stderr lines (warnings, then the reconciliation line) and the --strict problem, if any."""
    acc = run.account
    lines = [f"warning: {note}" for note in [*job.log.warnings, *run.notes, *_convention_warning(job, run)]]
    if acc.from_catalog:
        named = ", ".join(f"'{m}' as {e} ({n:,})" for m, e, _, n in acc.from_catalog[:5])
        lines.append(
            f"warning: {sum(n for *_, n in acc.from_catalog):,} rows priced from the catalog "
            f"{acc.from_catalog[0][2]}, not {job.book.searched}: {named}"
        )
    if acc.unknown_models:
        names = ", ".join(f"'{m}' ({n:,})" for m, n in acc.unknown_models[:5])
        more = f" and {len(acc.unknown_models) - 5} more" if len(acc.unknown_models) > 5 else ""
        lines.append(
            f"warning: {acc.counts['unpriced']:,} rows unpriced (no price in {job.book.searched}): "
            f"{names}{more}; run 'llmcost validate' for the full list"
        )
    lines += [f"warning: {line}" for line in near_misses(job, acc)]
    for reason, rows, file, first in acc.reasons[:5]:
        lines.append(f"warning: {rows:,} rows rejected in {file}: {reason} (first at row {first})")
    if len(acc.reasons) > 5:
        lines.append(f"warning: {len(acc.reasons) - 5} more rejection reasons; run 'llmcost validate' for all")
    store = job.log.store
    if store is not None:
        lines += [f"warning: {problem}" for problem in store.use.problems]
        lines += [line for line in [store.use.line(store.folder)] if line]
    if not job.book.from_file:  # a run with no pricing file says where its prices came from
        lines.append(acc.prices_line(job.book.bundled or ""))
    lines.append(acc.line(f"{job.book.path}@{job.book.digest}"))
    return lines, strict_problem(acc)


def strict_problem(acc: Account) -> str | None:
    """What --strict refuses (rows unpriced or rejected, the first cause named), or None.

    One text for every command, validate included: --strict means exit 2 everywhere."""
    if not acc.problems:
        return None
    problem = f"{acc.counts['unpriced']:,} rows unpriced, {acc.counts['rejected']:,} rejected"
    if acc.reasons:
        reason, _, file, first = acc.reasons[0]
        problem += f" (first: {file} row {first}: {reason})"
    elif acc.unknown_models:
        problem += f" (models: {', '.join(m for m, _ in acc.unknown_models[:5])})"
    return problem


def near_misses(job: Job, acc: Account) -> list[str]:
    """Entries of the user's pricing file whose name is one typo away from a logged model that was
    priced from the bundled list or a catalog instead: a negotiated price silently not applied."""
    import difflib

    from llmcost.pricing import USER

    elsewhere = {model: (entry, source, rows) for model, entry, source, rows in [*acc.from_bundled, *acc.from_catalog]}
    out = []
    for entry in (e for e in job.book.entries if e.source == USER):
        close = difflib.get_close_matches(entry.name.lower(), [m.lower() for m in elsewhere], n=1, cutoff=0.85)
        if close:
            model = next(m for m in elsewhere if m.lower() == close[0])
            _, source, rows = elsewhere[model]
            out.append(
                f"{job.book.path}: entry '{entry.name}' is one typo from '{model}' ({rows:,} "
                f"row{'s' * (rows != 1)}), which it does not match, so that model was priced from the "
                f"{source} — fix the entry's name, or add '{model}' under its match:"
            )
    return out


def nothing_priced(job: Job, run: Priced) -> str | None:
    """Why a run priced nothing, as one `error:` message; None when it priced something.

    A cron line that prices nothing (every row rejected, every model unknown, an empty
    export, a window after the last row) must not print an empty table and exit 0: the
    `|| mail` after it would never fire. The largest cause comes first.
    """
    acc = run.account
    if acc.priced:
        return None
    if acc.read == 0 and run.window.bounded:  # rows outside the window may never be read at all
        return (
            f"nothing priced: no rows in {_files(job)} fall in the window {window_text(run.window)}; choose dates "
            "inside the logs (run 'llmcost validate' for their first and last)"
        )
    if acc.read == 0:
        return f"no rows in {_files(job)}: nothing to price"
    inside = acc.read - acc.outside
    if inside == 0:
        return (
            f"nothing priced: all {acc.read:,} rows are outside the window {window_text(run.window)}; "
            "choose dates inside the logs (run 'llmcost validate' for their first and last)"
        )
    causes = _causes(job, acc)
    if len(causes) == 1 and causes[0][0] + acc.counts["duplicate"] == inside:
        rows, _, every, detail = causes[0]
        return f"nothing priced: every row {every} ({rows:,} rows{'; ' + detail if detail else ''})"
    text = "; ".join(f"{rows:,} rows {short}" + (f" ({detail})" if detail else "") for rows, short, _, detail in causes)
    if acc.outside:
        text += f"; {acc.outside:,} outside the window {window_text(run.window)}"
    return f"nothing priced: {text}; run 'llmcost validate' for the full account"


def _causes(job: Job, acc: Account) -> list[tuple[int, str, str, str]]:
    """(rows, what, what of every row, detail) for each reason rows in the window went unpriced, largest first."""
    causes = []
    if acc.counts["unpriced"]:
        names = ", ".join(f"'{m}'" for m, _ in acc.unknown_models[:5])
        more = f" and {len(acc.unknown_models) - 5} more" if len(acc.unknown_models) > 5 else ""
        fix = (
            "add them, or pass --catalog"
            if job.book.from_file
            else "no pricing file: pass --pricing FILE with their prices, or --catalog"
        )
        causes.append(
            (
                acc.counts["unpriced"],
                "unpriced",
                "is unpriced",
                f"no price in {job.book.searched} for {names}{more}: {fix}",
            )
        )
    if acc.counts["rejected"]:
        detail = ""
        if acc.reasons:
            reason, _, file, first = acc.reasons[0]
            detail = f"first: {file} row {first}: {reason}"
        causes.append((acc.counts["rejected"], "rejected", "was rejected", detail))
    if acc.counts["skipped"]:
        causes.append((acc.counts["skipped"], "skipped (not model calls)", "is not a model call", ""))
    return sorted(causes, key=lambda c: -c[0])


def _files(job: Job) -> str:
    files = job.log.files
    return ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")


def window_text(window: Window) -> str:
    """'2026-05-01 to 2026-06-01 (--until exclusive)', '…' for an open end: for the notes and errors that name it."""
    since, until = window.since, window.until
    return (
        f"{since.date().isoformat() if since else '…'} to {until.date().isoformat() if until else '…'} "
        "(--until exclusive)"
    )


def counted_twice(job: Job, cells: pl.DataFrame) -> pl.Expr:
    """An aggregation: the Anthropic convention on rows whose input already includes their cache
    tokens (an OpenAI-style log, its input counted twice) — of 10 or more rows with cache tokens,
    90 % or more. One rule for the run's warning and reconcile's cause of a month."""
    if job.log.convention != "anthropic" or "_cache_rows" not in cells.columns:
        return pl.lit(False)
    rows, covered = pl.col("_cache_rows").sum(), pl.col("_looks_openai").sum()
    return (rows >= 10) & (covered >= 0.9 * rows)


def _convention_warning(job: Job, run: Priced) -> list[str]:
    """The Anthropic convention on a log whose input already includes its cache tokens."""
    cells = run.cells
    if cells.select(counted_twice(job, cells)).item():
        rows, covered = int(cells["_cache_rows"].sum()), int(cells["_looks_openai"].sum())
        return [
            f"token_convention is anthropic, but in {covered:,} of {rows:,} rows with cache tokens "
            "input_tokens already covers them: an OpenAI-style log? (its input would be counted twice)"
        ]
    return []


def validate_document(job: Job) -> Outcome:
    """The full account: counts, unknown models, rejection reasons with rows, mapping, logged vs re-priced.
    Rows lost (unpriced or rejected), or none priced, make the alarms: showing them is validate's job."""
    ts = pl.col("timestamp")
    run = job.priced({}, extra={"first": ("min", ts), "last": ("max", ts)})
    priced, acc = run.frame, run.account
    summary = {
        **acc.summary(),
        "first": _iso(priced.filter(pl.col("state") != "rejected")["first"].min()),
        "last": _iso(priced.filter(pl.col("state") != "rejected")["last"].max()),
        "pricing": f"{job.book.path}@{job.book.digest}",
    }
    sections = [Section("summary", pl.DataFrame([summary]), "Rows", vertical=True)]
    sections.append(Section("sources", _sources(job), "Sources and column mapping"))
    if acc.unknown_models:
        unknown = pl.DataFrame(acc.unknown_models, schema=["model", "rows"], orient="row")
        sections.append(Section("unpriced", unknown, "Unpriced models (add them to the pricing file)"))
    if acc.counts["rejected"]:
        sections.append(Section("rejected", _rejections(job, run), "Rejected rows"))
    logged = _logged_vs_repriced(priced)
    if logged.height:
        sections.append(
            comparison(
                "logged_cost", logged, "Logged cost vs re-priced (token cost)", ("logged_cost", "repriced_cost"), []
            )
        )
    alarms = acc.problems or (1 if nothing_priced(job, run) else 0)
    return Outcome(Document(sections, job.book.currency, single=False), run, alarms=alarms)


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def _sources(job: Job) -> pl.DataFrame:
    """Each source with its columns and the preset it was read as, or the one it looks like."""
    hints = job.log.suggestions or [None] * len(job.log.files)
    read_as = job.log.presets or [""] * len(job.log.files)
    rows = [
        (
            f,
            fmt,
            ", ".join(f"{k}←{v}" if k != v else k for k, v in m.items()),
            preset or (f"looks like a {hint} log: try --preset {hint}" if hint else ""),
        )
        for f, fmt, m, hint, preset in zip(
            job.log.files, job.log.formats, job.log.mappings, hints, read_as, strict=True
        )
    ]
    return pl.DataFrame(rows, schema=["file", "format", "columns", "preset"], orient="row")


def _rejections(job: Job, run: Priced) -> pl.DataFrame:
    """Every reason with its count and first five row numbers, per file (as Job.priced found them)."""
    assert run.rejected is not None  # shown only when rows were rejected, and job.priced() kept them
    frame = run.rejected.sort(["rows", "_file", "first_row"], descending=[True, False, False])
    files = job.log.files
    return frame.select(
        pl.col("_file").replace_strict(dict(enumerate(files)), return_dtype=pl.String).alias("file"),
        pl.col("_reason").alias("reason"),
        "rows",
        pl.col("first_rows").cast(pl.List(pl.String)).list.join(", ").alias("first_rows"),
    )


def _logged_vs_repriced(priced: pl.DataFrame) -> pl.DataFrame:
    """Where the log carries its own cost: the usual reason a dashboard does not match the bill."""
    both = priced.filter((pl.col("state") == "priced") & pl.col("_has_cost") & pl.col("_in"))
    if not both.height:
        return pl.DataFrame()
    return (
        both.group_by("entry")
        .agg(
            pl.col("inferences").sum().alias("rows"),
            pl.col("logged_cost").sum(),
            pl.col("token_cost").sum().alias("repriced_cost"),
        )
        .with_columns(differences("repriced_cost", "logged_cost", base="logged_cost"))
        .rename({"entry": "model"})
        .sort("model")
    )
