"""Nothing lost (docs/reference.md §4): every row read is priced, unpriced, rejected or a duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from llmcost.pricing import BUNDLED, USER, is_bundled

STATES = ("priced", "logged", "unpriced", "rejected", "duplicate", "skipped")


@dataclass
class Account:
    read: int
    counts: dict[str, int]
    outside: int
    unknown_models: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[tuple[str, int, str, int]] = field(default_factory=list)  # reason, rows, file, first row
    from_catalog: list[tuple[str, str, str, int]] = field(default_factory=list)  # model, entry, catalog, rows
    from_bundled: list[tuple[str, str, str, int]] = field(default_factory=list)  # model, entry, list, rows

    @property
    def priced(self) -> int:
        return self.counts["priced"] + self.counts["logged"]

    def summary(self) -> dict[str, int]:
        """The account as one row, as validate, the report and the Python API show it.

        `priced` includes the rows priced at their logged cost (also given apart), so that
        read = outside_window + priced + unpriced + rejected + duplicates + skipped
        (docs/reference.md §4)."""
        return {
            "read": self.read,
            "outside_window": self.outside,
            "priced": self.priced,
            "priced_at_logged_cost": self.counts["logged"],
            "unpriced": self.counts["unpriced"],
            "rejected": self.counts["rejected"],
            "duplicates": self.counts["duplicate"],
            "skipped": self.counts["skipped"],
        }

    @property
    def problems(self) -> int:
        return self.counts["unpriced"] + self.counts["rejected"]

    def line(self, digest: str) -> str:
        parts = [f"read {self.read:,}"]
        if self.outside:
            parts.append(f"outside window {self.outside:,}")
        parts += [f"priced {self.priced:,}"]
        notes = []
        if self.counts["logged"]:
            notes.append(f"{self.counts['logged']:,} at logged cost")
        if self.from_bundled:
            notes.append(f"{sum(n for *_, n in self.from_bundled):,} from the {self.from_bundled[0][2]}")
        if self.from_catalog:
            notes.append(f"{sum(n for *_, n in self.from_catalog):,} from {self.from_catalog[0][2]}")
        if notes:
            parts[-1] += f" ({', '.join(notes)})"
        parts += [
            f"unpriced {self.counts['unpriced']:,}",
            f"rejected {self.counts['rejected']:,}",
            f"duplicates {self.counts['duplicate']:,}",
        ]
        if self.counts["skipped"]:
            parts.append(f"skipped {self.counts['skipped']:,} (not model calls)")
        parts.append(f"pricing {digest}")
        return " · ".join(parts)

    def prices_line(self, bundled: str) -> str:
        """Where the prices came from, for a run with no pricing file: a new user's first run must
        say that these are list prices (`bundled` is the list's label, with its date), and that no
        fixed or amortized cost is in the figures."""
        models = len({entry for _, entry, *_ in self.from_bundled})
        checked = bundled.removeprefix(BUNDLED).strip()
        parts = [f"{BUNDLED}{' checked ' + checked if checked else ''} ({models:,} model{'s' * (models != 1)})"]
        catalog = len({entry for _, entry, *_ in self.from_catalog})
        if catalog:
            parts.append(f"{catalog:,} model{'s' * (catalog != 1)} from {self.from_catalog[0][2]}")
        return (
            f"prices: {'; '.join(parts)} — no pricing file: list prices, no fixed or amortized costs "
            "(--pricing FILE for your own)"
        )


def account(priced: pl.DataFrame, files: list[str], rejected: pl.DataFrame | None = None) -> Account:
    """Count rows by state; outside-window rows are read but in no state of the window."""
    inside = pl.col("_in").fill_null(True)
    by_state = dict(priced.filter(inside).group_by("state").agg(pl.col("inferences").sum()).iter_rows())
    counts = {s: int(by_state.get(s, 0)) for s in STATES}
    outside = int(priced.filter(~inside)["inferences"].sum())
    unknown = (
        priced.filter(inside & (pl.col("state") == "unpriced"))
        .group_by("_model")
        .agg(pl.col("inferences").sum())
        .sort("inferences", descending=True)
    )
    empty = pl.DataFrame(schema={"_file": pl.UInt32, "_reason": pl.String, "rows": pl.UInt32, "first_row": pl.Int64})
    reasons = rejected if rejected is not None and rejected.height else empty
    reasons = reasons.select("_file", "_reason", "rows", "first_row").sort(
        ["rows", "_file", "first_row"], descending=[True, False, False]
    )
    others = (
        priced.filter(inside & (pl.col("state") == "priced") & (pl.col("price_source") != USER))
        .group_by("_model", "entry", "price_source")
        .agg(pl.col("inferences").sum())
        .sort("_model")
    )
    rows = [(m, e, c, int(n)) for m, e, c, n in others.iter_rows()]
    return Account(
        from_catalog=[r for r in rows if not is_bundled(r[2])],
        from_bundled=[r for r in rows if is_bundled(r[2])],
        read=int(priced["inferences"].sum()),
        counts=counts,
        outside=outside,
        unknown_models=[(m, int(n)) for m, n in unknown.iter_rows()],
        reasons=[(r, int(n), files[f], int(row)) for f, r, n, row in reasons.iter_rows()],
    )
