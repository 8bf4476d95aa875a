"""A negotiated price under a misspelt name must not be silently replaced by the list price."""

from __future__ import annotations

import pytest

from tests.conftest import row, write_log


def test_an_entry_one_typo_from_a_logged_model_is_named(run, pricing, tmp_path):
    pricing("models:\n  gpt4o-mini: {input: 0.20, output: 0.80}\n")
    log = write_log(tmp_path / "log.csv", [row(model="gpt-4o-mini", input_tokens=1_000_000, output_tokens=0)])
    result = run("cpi", log, "-f", "json")
    assert result.code == 0
    assert result.json()[0]["token_cost"] == pytest.approx(0.15)  # the bundled list price, as the warning says
    warnings = [line for line in result.err.splitlines() if "typo" in line]
    assert warnings == [
        "warning: pricing.yaml: entry 'gpt4o-mini' is one typo from 'gpt-4o-mini' "
        "(1 row), which it does not match, so that model was priced from the bundled list "
        f"{result.err.split('bundled list ')[1][:10]} — fix the entry's name, or add 'gpt-4o-mini' "
        "under its match:"
    ]


def test_an_entry_for_a_model_not_in_the_logs_is_not_a_typo(run, pricing, tmp_path):
    pricing("models:\n  my-finetune: {input: 1, output: 1}\n  gpt-4o-mini: {input: 0.20, output: 0.80}\n")
    log = write_log(tmp_path / "log.csv", [row(model="gpt-4o-mini"), row(model="claude-haiku-4-5")])
    assert "typo" not in run("cpi", log).err
