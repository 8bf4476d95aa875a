"""Nothing lost (SPEC §4): every row read is priced, unpriced, rejected or a duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

STATES = ("priced", "logged", "unpriced", "rejected", "duplicate")


@dataclass
class Account:
    read: int
    counts: dict[str, int]
    outside: int
    unknown_models: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[tuple[str, int, str, int]] = field(default_factory=list)  # reason, rows, file, first row

    @property
    def priced(self) -> int:
        return self.counts["priced"] + self.counts["logged"]

    @property
    def problems(self) -> int:
        return self.counts["unpriced"] + self.counts["rejected"]

    def line(self, digest: str) -> str:
        parts = [f"read {self.read:,}"]
        if self.outside:
            parts.append(f"outside window {self.outside:,}")
        parts += [f"priced {self.priced:,}"]
        if self.counts["logged"]:
            parts[-1] += f" ({self.counts['logged']:,} at logged cost)"
        parts += [f"unpriced {self.counts['unpriced']:,}", f"rejected {self.counts['rejected']:,}",
                  f"duplicates {self.counts['duplicate']:,}", f"pricing {digest}"]
        return " · ".join(parts)


def account(priced: pl.DataFrame, files: list[str]) -> Account:
    """Count rows by state; outside-window rows are read but in no state of the window."""
    inside = pl.col("_in").fill_null(True)
    by_state = dict(priced.filter(inside).group_by("state").agg(pl.col("inferences").sum()).iter_rows())
    counts = {s: int(by_state.get(s, 0)) for s in STATES}
    outside = int(priced.filter(~inside)["inferences"].sum())
    unknown = (priced.filter(inside & (pl.col("state") == "unpriced"))
               .group_by("_model").agg(pl.col("inferences").sum()).sort("inferences", descending=True))
    reasons = (priced.filter(pl.col("state") == "rejected")
               .group_by("_reason", "_rfile").agg(pl.col("inferences").sum(), pl.col("_first_row").min())
               .sort(["inferences", "_first_row"], descending=[True, False]))
    return Account(
        read=int(priced["inferences"].sum()),
        counts=counts,
        outside=outside,
        unknown_models=[(m, int(n)) for m, n in unknown.iter_rows()],
        reasons=[(r, int(n), files[f], int(row)) for r, f, n, row in reasons.iter_rows()],
    )
