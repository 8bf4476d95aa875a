"""pricing show / check / import, service tiers, and reconcile against an invoice."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import yaml

from llmcost.pricing import load_pricing
from tests.conftest import DATA, row, write_log

M = D(1_000_000)


def test_import_from_litellm_converts_per_token_prices(run, tmp_path):
    result = run(
        "pricing",
        "import",
        DATA / "litellm_slice.json",
        "--from",
        "litellm",
        "--models",
        "gpt-4o*",
        "-o",
        "imported.yaml",
    )
    assert result.code == 0, result.err
    models = yaml.safe_load((tmp_path / "imported.yaml").read_text())["models"]
    assert models["gpt-4o"]["input"] == 2.5 and models["gpt-4o"]["output"] == 10
    assert models["gpt-4o"]["service_tiers"]["batch"] == {"input": 1.25, "output": 5.0}
    load_pricing(tmp_path / "imported.yaml")  # what import writes is a valid pricing file


def test_the_two_catalogs_disagree_on_gpt_4o_2024_05_13(run):
    """genai-prices: $2.50/$10; LiteLLM: $5/$15 — import shows each catalog's own figure."""
    litellm = yaml.safe_load(
        run("pricing", "import", DATA / "litellm_slice.json", "--from", "litellm", "--models", "gpt-4o-2024-05-13").out
    )["models"]["gpt-4o-2024-05-13"]
    genai = yaml.safe_load(
        run(
            "pricing",
            "import",
            DATA / "genai_prices_slice.json",
            "--from",
            "genai-prices",
            "--models",
            "gpt-4o-2024-05-13",
        ).out
    )["models"]["gpt-4o-2024-05-13"]
    assert (litellm["input"], litellm["output"]) == (5.0, 15.0)
    assert (genai["input"], genai["output"]) == (2.5, 10.0)


def test_import_keeps_long_context_tiers(run):
    out = yaml.safe_load(
        run(
            "pricing",
            "import",
            DATA / "genai_prices_slice.json",
            "--from",
            "genai-prices",
            "--models",
            "claude-sonnet-4-5",
        ).out
    )["models"]["claude-sonnet-4-5"]
    assert out["tiers"][0]["above_input_tokens"] == 200000 and out["tiers"][0]["output"] == 22.5
    gemini = yaml.safe_load(
        run("pricing", "import", DATA / "litellm_slice.json", "--from", "litellm", "--models", "gemini-2.5-pro").out
    )["models"]["gemini-2.5-pro"]
    assert gemini["tiers"][0] == {"above_input_tokens": 200000, "input": 2.5, "output": 15.0, "cached_input": 0.25}


def test_import_with_no_match_is_an_error(run):
    result = run("pricing", "import", DATA / "litellm_slice.json", "--from", "litellm", "--models", "nothing*")
    assert result.code == 2 and "no model 'nothing*'" in result.err


def test_show_and_check(run, pricing, tmp_path):
    pricing()
    shown = {
        r["model"]: r
        for r in run(
            "pricing", "show", "gpt-4o-2024-08-06", "claude-sonnet-4", "nope", "--date", "2026-07-01", "-f", "json"
        ).json()
    }
    assert shown["gpt-4o-2024-08-06"]["entry"] == "gpt-4o" and shown["gpt-4o-2024-08-06"]["input"] == 2.5
    assert shown["claude-sonnet-4"]["input"] == 2.0 and shown["claude-sonnet-4"]["date"] == "2026-06-01"
    assert shown["nope"]["source"].startswith("unknown")
    log = write_log(tmp_path / "log.csv", [row(), row(model="mystery"), row(model="mystery")])
    check = run("pricing", "check", log, "-f", "json")
    assert check.code == 1
    assert {r["model"]: (r["rows"], r["source"]) for r in check.json()} == {
        "gpt-4o": (1, "pricing.yaml"),
        "mystery": (2, "unknown"),
    }


def test_service_tiers(run, pricing, tmp_path):
    pricing(
        "models:\n  m:\n    input: 2\n    output: 8\n    batch_discount: 0.5\n"
        "    service_tiers: {flex: 0.5, priority: {input: 3.5, output: 14}}\n"
    )
    rows = [row(model="m", service_tier=t) for t in ("standard", "flex", "priority", "batch", "default")]
    got = run("cpi", write_log(tmp_path / "log.csv", rows), "-f", "json").json()[0]
    one = 1000 * D(2) + 100 * D(8)
    expected = one + one * D("0.5") + (1000 * D("3.5") + 100 * D(14)) + one * D("0.5") + one
    assert got["cost"] == pytest.approx(float(expected / M), rel=1e-12)


def test_bad_service_tier_in_pricing(run, pricing, tmp_path):
    pricing("models:\n  m: {input: 2, output: 8, service_tiers: {turbo: 2}}\n")
    result = run("cpi", write_log(tmp_path / "log.csv", [row(model="m")]))
    assert result.code == 2 and "unknown key 'turbo'" in result.err


def test_reconcile_matches_flags_and_explains(run, pricing, tmp_path):
    pricing()
    rows = [row(f"2026-05-{d:02d}T10:00:00Z") for d in range(1, 32)]  # gpt-4o every day of May
    rows += [row("2026-06-01T10:00:00Z", model="gpt-4o-mini")]  # one day of June only
    log = write_log(tmp_path / "log.csv", rows)
    may = 31 * (1000 * D("2.5") + 100 * D(10)) / M
    june = (1000 * D("0.15") + 100 * D("0.6")) / M
    (tmp_path / "invoice.csv").write_text(
        "start_time,line_item,amount_value\n"
        f'2026-05-01T00:00:00Z,"gpt-4o-2024-08-06, input",{31 * 1000 * D("2.5") / M}\n'
        f'2026-05-01T00:00:00Z,"gpt-4o-2024-08-06, output",{31 * 100 * 10 / M}\n'
        f"2026-06-01T00:00:00Z,gpt-4o-mini,{june * 30}\n"
        "2026-06-01T00:00:00Z,dall-e-3,4.00\n"
    )
    result = run("reconcile", log, "--invoice", "invoice.csv", "-f", "json")
    assert result.code == 1
    got = {(r["month"], r["model"]): r for r in result.json()}
    assert got[("2026-05", "gpt-4o")]["status"] == "ok"
    assert got[("2026-05", "gpt-4o")]["log_cost"] == pytest.approx(float(may))
    mini = got[("2026-06", "gpt-4o-mini")]
    assert mini["status"] == "off" and mini["likely_cause"] == "the logs cover 1 of 30 days"
    assert got[("2026-06", "dall-e-3")]["status"] == "not in logs"
    ok = run(
        "reconcile",
        write_log(tmp_path / "may.csv", rows[:31]),
        "--invoice",
        "invoice.csv",
        "--since",
        "2026-05-01",
        "--until",
        "2026-06-01",
    )
    assert "2026-05" in ok.out


def test_reconcile_side_missing_by_rows_not_by_a_zero_cost(run, pricing, tmp_path):
    """A free model billed $0 is in both and matches; a model whose rows are all unpriced is in the
    logs (cost 0), and its cause is the unpriced rows, not calls missing from the logs (§2.11)."""
    pricing("bundled: false\nmodels:\n  gpt-4o: {input: 2.50, output: 10.00}\n  free: {input: 0, output: 0}\n")
    (tmp_path / "log.csv").write_text(
        "timestamp,model,input_tokens,output_tokens\n2026-01-08,free,1000,1000\n2026-01-09,unknown,1000,1000\n"
    )
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-01,free,0.0\n2026-01,unknown,3.0\n")
    result = run("reconcile", "log.csv", "--invoice", "inv.csv", "-f", "json")
    got = {r["model"]: r for r in result.json()}
    assert (got["free"]["status"], got["free"]["likely_cause"], got["free"]["difference"]) == ("ok", "", 0)
    unknown = got["unknown"]
    assert (unknown["status"], unknown["log_cost"], unknown["difference"]) == ("off", 0, 3)
    assert unknown["likely_cause"] == "unpriced rows in the logs this month: 1 (run validate)"
    assert result.code == 1  # the unpriced line alone is off
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-01,free,0.0\n")
    alone = run("reconcile", "log.csv", "--invoice", "inv.csv", "-f", "json")
    assert [(r["model"], r["status"]) for r in alone.json()] == [("free", "ok"), ("unknown", "not on invoice")]


def test_reconcile_convention_evidence_is_each_months_own(run, pricing, tmp_path):
    """A row rejected for the token convention in February is February's cause only: January,
    with no such row, is short of days (1 of 31), as its logs show (§2.11)."""
    pricing("bundled: false\nmodels:\n  gpt-4o: {input: 2.50, output: 10.00}\n")
    (tmp_path / "log.csv").write_text(
        "timestamp,model,input_tokens,output_tokens,cached_input_tokens\n"
        "2026-01-05,gpt-4o,1000000,0,0\n"  # 1M × 2.50 = 2.50
        "2026-02-20,gpt-4o,1000000,0,0\n"  # 2.50
        "2026-02-21,gpt-4o,100,0,200\n"  # cache 200 > input 100: rejected (OpenAI convention)
    )
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-01,gpt-4o,10.00\n2026-02,gpt-4o,3.00\n")
    result = run("reconcile", "log.csv", "--invoice", "inv.csv", "-f", "json")
    got = {r["month"]: r for r in result.json()}
    assert (got["2026-01"]["status"], got["2026-01"]["difference"]) == ("off", 7.5)
    assert got["2026-01"]["likely_cause"] == "the logs cover 1 of 31 days"
    assert (got["2026-02"]["status"], got["2026-02"]["difference"]) == ("off", 0.5)
    assert got["2026-02"]["likely_cause"] == (
        "rows rejected for the token convention this month: 1 (an Anthropic-style log?)"
    )


def test_reconcile_names_the_anthropic_convention_on_an_openai_log(run, pricing, tmp_path):
    """token_convention: anthropic on a log whose input already covers its cache reads: each row
    is priced as 190,000 input (100,000 uncached × 3 + 90,000 × 0.3 = 0.327) where the bill has
    10,000 × 3 + 90,000 × 0.3 = 0.057. The cause is the convention, not a discount."""
    pricing("bundled: false\nmodels:\n  m: {input: 3.00, output: 15.00, cached_input: 0.3}\n")
    (tmp_path / "llmcost.yaml").write_text("token_convention: anthropic\n")
    rows = "".join(f"2026-01-{d:02d},m,100000,0,90000\n" for d in range(1, 11))
    (tmp_path / "log.csv").write_text("timestamp,model,input_tokens,output_tokens,cached_input_tokens\n" + rows)
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-01,m,0.57\n")
    result = run("reconcile", "log.csv", "--invoice", "inv.csv", "-f", "json")
    (line,) = result.json()
    assert line["log_cost"] == pytest.approx(3.27) and line["difference"] == pytest.approx(-2.7)
    assert line["likely_cause"] == (
        "cache tokens counted twice? token_convention is anthropic, but input_tokens already covers them"
    )


def test_focus_export(run, pricing, tmp_path):
    pricing()
    log = write_log(tmp_path / "log.csv", [row(customer_id="acme", feature="chat")])
    (tmp_path / "invoice.csv").write_text("month,model,cost\n2026-05,gpt-4o,0.0035\n")
    focus = run("reconcile", log, "--invoice", "invoice.csv", "--format", "focus")
    assert focus.code == 0, focus.err
    header, line = focus.out.strip().splitlines()
    assert header.startswith("BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargePeriodStart")
    assert line.startswith("0.0035,0.0035,0.0035,USD,2026-05-10T00:00:00Z,2026-05-11T00:00:00Z,Usage")
    assert run("cpi", log, "--format", "focus").code == 2
