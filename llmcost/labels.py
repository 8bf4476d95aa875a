"""Column names as people read them: tables and HTML say "Token cost", CSV/JSON keep `token_cost`.

Machine formats keep docs/reference.md §3.2's snake_case names (spreadsheets and scripts key on them);
only the formats for people (table, markdown, HTML) show these labels. A name missing
from the table reads as its words in sentence case, with the acronyms spelled as such,
so a new column is never shown as `snake_case`.
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    "customer_id": "Customer",
    "cpi": "CPI",
    "cpi_change": "CPI change",
    "cpi_change_abs": "CPI change",
    "cpi_change_3m": "CPI change (3 mo)",
    "cpi_change_6m": "CPI change (6 mo)",
    "cpi_change_12m": "CPI change (12 mo)",
    "cost": "Cost",
    "token_cost": "Token cost",
    "fixed_cost": "Fixed cost",
    "amortized_cost": "Amortized cost",
    "gross_profit": "Gross profit",
    "gross_margin": "Gross margin",
    "cost_per_inference": "Cost per call",
    "revenue_per_inference": "Revenue per call",
    "inferences": "Calls",
    "priced_at_logged_cost": "Priced at logged cost",
    "flagged_customers": "Flagged customers",
    "tokens_per_inference": "Tokens per call",
    "avg_input_tokens": "Avg input tokens",
    "avg_output_tokens": "Avg output tokens",
    "avg_total_tokens": "Avg total tokens",
    "input_tokens_per_call": "Input tokens per call",
    "output_tokens_per_call": "Output tokens per call",
    "avg_cost_per_customer": "Avg cost per customer",
    "p95_cost_per_customer": "p95 cost per customer",
    "avg_inferences_per_customer": "Avg calls per customer",
    "p95_inferences_per_customer": "p95 calls per customer",
    "monthly_amount": "Per month",
    "monthly_saving": "Saving per month",
    "cost_share": "Share of cost",
    "failed_cost_share": "Failed cost share",
    "cost_above_target": "Cost above target",
    "mean_ms": "Mean (ms)",
    "p50_ms": "p50 (ms)",
    "p95_ms": "p95 (ms)",
    "p99_ms": "p99 (ms)",
    "median_period_p95_ms": "Median period p95 (ms)",
    "kl_feature_mix": "KL feature mix",
    "kl_input_length": "KL input length",
    "outside_window": "Outside window",
    "inferences_before": "Calls before",
    "inferences_after": "Calls after",
    "cheaper_cpi": "Cheaper model CPI",
    "expensive_cpi": "Expensive model CPI",
}

ACRONYMS = {"cpi": "CPI", "cac": "CAC", "kl": "KL", "ms": "(ms)", "id": "ID", "sql": "SQL", "url": "URL"}


def label(name: str) -> str:
    """The label of column `name` in people's formats."""
    if name in LABELS:
        return LABELS[name]
    words = [ACRONYMS.get(w, w) for w in re.split(r"_+", name) if w]
    if not words:
        return name
    first = words[0]
    words[0] = first if first in ACRONYMS.values() or re.fullmatch(r"p\d+", first) else first.capitalize()
    return " ".join(words)
