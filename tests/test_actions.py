"""report's What to do section: every figure equals what the detailed command prints, ranked by money a month.

Each finding names a command; the tests run that very command (in-process) and work the
figure out from its JSON, or by hand with Decimal on small logs, never from the report.
"""

from __future__ import annotations

import math
import re
import shlex
from decimal import Decimal as D

import pytest
import yaml

from tests.conftest import ROOT, write_log

KINDS = {
    "customer losing money",
    "unbilled usage",
    "cheaper model",
    "tokens above target",
    "rising CPI",
    "fixed cost, few calls",
    "plan below break-even",
}


def usd(value: float | D) -> str:
    """Money as a person reads it: two decimals from $1 up, three significant digits below."""
    value = float(value)
    if abs(value) >= 1 or value == 0:
        return f"${abs(value):,.2f}"
    return f"${abs(value):.{2 - math.floor(math.log10(abs(value)))}f}"


def follow(run, finding: dict):
    """Run the finding's own command with -f json; return its rows (flag-customers exits 1: it flags)."""
    args = shlex.split(finding["command"])
    assert args[0] == "llmcost"
    result = run(*args[1:], "-f", "json")
    assert result.code in (0, 1), result.err
    return result.json()


def month_of(detail: str) -> str:
    return re.search(r" in (\d{4}-\d{2})", detail).group(1)


def check_loss(run, finding: dict) -> None:
    who = finding["detail"].split(" lost ")[0]
    rows = {r["customer_id"]: r for r in follow(run, finding)}
    assert rows[who]["revenue"] > 0 and rows[who]["period"].startswith(month_of(finding["detail"]))
    loss = -rows[who]["gross_profit"]
    assert finding["monthly_amount"] == pytest.approx(loss, rel=1e-9)
    assert (
        f"{who} lost {usd(loss)} in {month_of(finding['detail'])} on {usd(rows[who]['revenue'])} of revenue: "
        f"{rows[who]['inferences']:,} calls"
    ) in finding["detail"]


def check_unbilled(run, finding: dict) -> None:
    rows = [r for r in follow(run, finding) if r["why"].startswith("unbilled")]
    cost = sum(D(str(r["cost"])) for r in rows)
    assert finding["monthly_amount"] == pytest.approx(float(cost), rel=1e-9)
    assert finding["detail"].startswith(f"{len(rows):,} customer")
    assert f"no revenue cost {usd(cost)} in" in finding["detail"]
    top = max(rows, key=lambda r: r["cost"])
    assert f"largest: {top['customer_id']} {usd(top['cost'])}" in finding["detail"]


def check_downgrade(run, finding: dict) -> None:
    feature, rest = finding["detail"].split(": ", 1)
    cheaper = rest.split(" satisfies ")[0]
    row = next(r for r in follow(run, finding) if r["feature"] == feature and r["cheaper_model"] == cheaper)
    assert row["verdict"].startswith("tolerant")
    assert finding["monthly_amount"] == pytest.approx(row["monthly_saving"], rel=1e-9)
    assert finding["detail"].endswith(f"saves {usd(row['monthly_saving'])} a month")


def check_excess(run, finding: dict) -> None:
    feature = finding["detail"].split(" (")[0]
    row = next(r for r in follow(run, finding) if r["feature"] == feature)
    assert finding["monthly_amount"] == pytest.approx(row["cost_above_target"], rel=1e-9)
    assert f"avg {row['avg_input_tokens']:,.0f} in and {row['avg_output_tokens']:,.0f} out" in finding["detail"]
    assert f"cost {usd(row['cost_above_target'])} in" in finding["detail"]
    assert f"input {row['input_target']}, output {row['output_target']} tokens" in finding["detail"]


def check_rising(run, finding: dict) -> None:
    """CPI from `cpi`, the driver from `trend --explain`: the effects between the two months add up."""
    then, now = re.findall(r"\((\d{4}-\d{2})\)", finding["detail"])
    args = shlex.split(finding["command"])[1:]
    cpi = {
        r["period"]: r for r in run("cpi", *[a for a in args if a not in ("trend", "--explain")], "-f", "json").json()
    }
    rise = cpi[now]["cpi"] - cpi[then]["cpi"]
    assert finding["monthly_amount"] == pytest.approx(rise * cpi[now]["inferences"], rel=1e-9)
    assert f"from {usd(cpi[then]['cpi'])} ({then}) to {usd(cpi[now]['cpi'])} ({now})" in finding["detail"]
    effects = [r for r in follow(run, finding) if then < r["period"] <= now]
    sums = {k: sum(r[f"{k}_effect"] for r in effects) for k in ("price", "mix", "tokens", "fixed")}
    assert sum(sums.values()) == pytest.approx(rise, rel=1e-9)  # the split adds up to the rise
    names = {
        "price": "prices",
        "mix": "model mix",
        "tokens": "tokens per call",
        "fixed": "fixed and amortized cost per call",
    }
    top = max(sums, key=sums.get)
    assert f"main driver: {names[top]}, +{usd(sums[top])} a call" in finding["detail"]


def check_fixed(run, finding: dict, pricing_file) -> None:
    name = finding["detail"].split(" (")[0]
    fixed = next(f for f in yaml.safe_load(pricing_file.read_text())["fixed_costs"] if f["name"] == name)
    rows = follow(run, finding)
    models = fixed.get("models")
    carried = [r for r in rows if models is None or r.get("model") in models]
    calls = sum(r["inferences"] for r in carried)
    tokens = sum(D(str(r["token_cost"])) for r in carried)
    assert finding["monthly_amount"] == fixed["monthly"] and D(str(fixed["monthly"])) > tokens
    assert f"{calls:,} calls" in finding["detail"] and f"tokens cost {usd(tokens)}:" in finding["detail"]
    assert f"{usd(D(str(fixed['monthly'])) / calls)} a call" in finding["detail"]


def check_plan(run, finding: dict) -> None:
    """The plan's break-even, customer-months above it and their cost are the `plans` command's own."""
    plan = finding["detail"].split(" plan ")[0]
    row = next(r for r in follow(run, finding)["plans"] if r["plan"] == plan)
    assert finding["monthly_amount"] == row["cost_above"] > 0
    assert f"breaks even at {row['break_even_inferences']:,} calls a month" in finding["detail"]
    assert f"{row['months_above']} of {row['customer_months']} {plan} customers" in finding["detail"]


def check(run, finding: dict, pricing_file) -> None:
    {
        "customer losing money": check_loss,
        "unbilled usage": check_unbilled,
        "cheaper model": check_downgrade,
        "tokens above target": check_excess,
        "rising CPI": check_rising,
        "fixed cost, few calls": lambda r, f: check_fixed(r, f, pricing_file),
        "plan below break-even": check_plan,
    }[finding["finding"]](run, finding)


def test_every_figure_of_the_sample_equals_its_command(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("report", "-f", "json")
    assert result.code == 0, result.err
    got = result.json()
    assert next(iter(got)) == "actions"
    found = got["actions"]
    assert {f["finding"] for f in found} == KINDS  # the sample has one of each
    amounts = [f["monthly_amount"] for f in found]
    assert amounts == sorted(amounts, reverse=True)
    for finding in found:
        assert finding["command"].startswith("llmcost ")
        check(run, finding, ROOT / "pricing.yaml")
    loser = next(f for f in found if f["finding"] == "customer losing money")
    assert loser["detail"].startswith("c002 lost $110.75 in 2026-10 on $19.00 of revenue: 1,015 calls")
    assert "on claude-sonnet-4-5 in codegen" in loser["detail"]  # the power user's agent: the article's problem
    assert any("2026-10" in note for note in got["actions_notes"])


def test_sample_dashboard_names_what_to_do(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    board = {r["metric"]: r for r in run("report", "-f", "json").json()["dashboard"]}
    prompt = board["prompt_tokens"]
    assert prompt["status"] == "off"
    assert prompt["action"].startswith("Compress prompts: codegen's tokens above target cost $129.64 in 2026-10")
    assert prompt["action"].endswith("→ llmcost efficiency --since 2026-10-01 --until 2026-11-01")
    assert board["cpi_trend_3m"]["action"].startswith("Audit model upgrades: model mix added ")
    assert "→ llmcost trend --explain" in board["cpi_trend_3m"]["action"]
    assert board["cpi"]["status"] == "ok" and board["cpi"]["action"] == ""


PRICES = """\
models:
  m: {input: 50, output: 0}
  n: {input: 10, output: 0}
fixed_costs:
  - {name: gpu, monthly: 1.5, models: [n]}
"""


def calls(customer: str, n: int, model: str = "m", tokens: int = 1000, month: str = "2026-05", **extra) -> list:
    return [
        {
            "timestamp": f"{month}-{1 + i % 28:02d}T12:00:00Z",
            "customer_id": customer,
            "model": model,
            "input_tokens": tokens,
            "output_tokens": 0,
            **extra,
        }
        for i in range(n)
    ]


def test_losses_fixed_costs_and_unbilled_by_hand_in_rank_order(run, pricing, tmp_path):
    """power: 60 calls of m in agent ($0.05 each) and 40 of n in chat (2,500 tokens at $10/M, $0.025 each)
    carrying all of gpu's $1.50; revenue $2. free: 4 calls of m, no revenue. small: 10 calls, $2."""
    prices = pricing(PRICES)
    rows = (
        calls("power", 60, feature="agent")
        + calls("power", 40, "n", 2500, feature="chat")
        + calls("small", 10, feature="chat")
        + calls("free", 4, feature="chat")
    )
    log = write_log(tmp_path / "log.csv", rows)
    (tmp_path / "revenue.csv").write_text("customer_id,month,revenue\npower,2026-05,2\nsmall,2026-05,2\n")
    got = run("report", log, "--revenue", "revenue.csv", "-f", "json").json()
    found = got["actions"]
    m_cost, n_tokens = 60 * D(1000) * 50 / 10**6, 40 * D(2500) * 10 / 10**6
    power = m_cost + n_tokens + D("1.5")
    assert [f["finding"] for f in found] == ["customer losing money", "fixed cost, few calls", "unbilled usage"]
    assert [f["monthly_amount"] for f in found] == pytest.approx([float(power - 2), 1.5, float(4 * D("0.05"))])
    share = m_cost / power
    assert found[0]["detail"] == (
        f"power lost {usd(power - 2)} in 2026-05 on $2.00 of revenue: 100 calls, "
        f"{share * 100:.1f}% of the cost on m in agent (avg prompt 1,000 tokens)"
    )
    assert found[1]["detail"] == (
        "gpu ($1.50 a month) is spread over 40 calls of n in 2026-05, whose tokens cost "
        f"{usd(n_tokens)}: {usd(D('1.5') / 40)} a call, "
        f"{D('1.5') / n_tokens:.1f}× their token cost"
    )
    assert found[2]["detail"] == "1 customer with usage and no revenue cost $0.200 in 2026-05 (largest: free $0.200)"
    assert f" {log} " in found[0]["command"] and "--revenue revenue.csv" in found[0]["command"]
    assert "--revenue" not in found[1]["command"]  # cpi takes no revenue
    for finding in found:
        check(run, finding, prices)
    board = {r["metric"]: r for r in got["dashboard"]}
    assert board["gross_margin"]["status"] == "off"
    assert board["gross_margin"]["action"] == (
        f"Increase price or reduce cost: power lost {usd(power - 2)} in 2026-05 → {found[0]['command']}"
    )


def test_rising_cpi_by_hand_names_the_mix_and_the_model(run, pricing, tmp_path):
    """January: 10 calls of c ($0.001 each). February: 5 of c and 5 of e ($0.01 each): CPI $0.001 → $0.0055,
    all of it model mix (same prices, same tokens per call), toward e."""
    prices = pricing("models:\n  c: {input: 1, output: 0}\n  e: {input: 10, output: 0}\n")
    rows = (
        calls("a", 10, "c", month="2026-01") + calls("a", 5, "c", month="2026-02") + calls("a", 5, "e", month="2026-02")
    )
    log = write_log(tmp_path / "log.csv", rows)
    found = run("report", log, "-f", "json").json()["actions"]
    then, now = D(1000) / 10**6, (5 * D(1000) / 10**6 + 5 * D(10_000) / 10**6) / 10
    assert [f["finding"] for f in found] == ["rising CPI"]
    assert found[0]["monthly_amount"] == pytest.approx(float((now - then) * 10))
    assert found[0]["detail"] == (
        f"CPI rose {(now - then) / then * 100:.1f}% from $0.00100 (2026-01) to $0.00550 "
        f"(2026-02): $0.0450 more on 2026-02's 10 calls; main driver: model mix, "
        f"+$0.00450 a call (toward e)"
    )
    check(run, found[0], prices)


def test_tokens_above_target_by_hand(run, pricing, tmp_path):
    """chat's range is 500–2,000 in and 100–500 out: two calls of 3,000 / 600 tokens are 2 × 1,000 input and
    2 × 100 output tokens above it, at $10 and $20 per million: $0.024."""
    prices = pricing("models:\n  m: {input: 10, output: 20}\n")
    (tmp_path / "llmcost.yaml").write_text("use_cases: {chat: chat}\n")
    rows = [
        {
            "timestamp": f"2026-05-0{1 + i}T00:00:00Z",
            "customer_id": "a",
            "model": "m",
            "feature": "chat",
            "input_tokens": tokens_in,
            "output_tokens": tokens_out,
        }
        for i, (tokens_in, tokens_out) in enumerate([(3000, 600), (3000, 600), (1000, 100), (1000, 100)])
    ]
    log = write_log(tmp_path / "log.csv", rows)
    found = run("report", log, "-f", "json").json()["actions"]
    cost = (2 * D(1000) * 10 + 2 * D(100) * 20) / 10**6
    assert [f["finding"] for f in found] == ["tokens above target"]
    assert found[0]["monthly_amount"] == pytest.approx(float(cost))
    assert found[0]["detail"] == (
        "chat (chat: input 500–2000, output 100–500 tokens): avg 2,000 in and 350 out; "
        "the tokens above the range cost $0.0240 in 2026-05"
    )
    check(run, found[0], prices)


def test_downgrade_saving_by_hand(run, pricing, tmp_path):
    """40 accepted calls on exp ($10/M) and 40 on cheap ($1/M), 1,000 tokens each: tolerant, and moving exp's
    40 calls saves 40 × ($0.010 − $0.001) = $0.36 a month."""
    prices = pricing("models:\n  exp: {input: 10, output: 0}\n  cheap: {input: 1, output: 0}\n")
    rows = calls("a", 40, "exp", feature="f", accepted=True) + calls("a", 40, "cheap", feature="f", accepted=True)
    log = write_log(tmp_path / "log.csv", rows)
    found = run("report", log, "-f", "json").json()["actions"]
    assert [f["finding"] for f in found] == ["cheaper model"]
    assert found[0]["monthly_amount"] == pytest.approx(float(40 * (D(10) - D(1)) * 1000 / 10**6))
    assert found[0]["detail"].startswith(
        "f: cheap satisfies 100.0% against exp's 100.0% (acceptance, 40 and 40 "
        "rated calls), tolerant (confident): moving exp's 40 calls saves $0.360"
    )
    check(run, found[0], prices)


def test_nothing_to_act_on_is_an_empty_section_with_one_note(run, pricing, tmp_path):
    pricing("models:\n  m: {input: 50, output: 0}\n")
    log = write_log(tmp_path / "log.csv", calls("a", 10))
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\na,100\n")
    result = run("report", log, "--revenue", "revenue.csv", "-f", "json")
    assert result.code == 0, result.err
    got = result.json()
    assert got["actions"] == []
    assert len(got["actions_notes"]) == 1 and got["actions_notes"][0].startswith("nothing to act on in 2026-05")
    table = run("report", log, "--revenue", "revenue.csv").out
    assert table.lstrip().startswith("What to do") and "nothing to act on in 2026-05" in table


def test_markdown_table_and_html_open_with_what_to_do(run, pricing, tmp_path):
    pricing(PRICES)
    log = write_log(tmp_path / "log.csv", calls("power", 40, "n", 2500))
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\npower,1\n")
    markdown = run("report", log, "--revenue", "revenue.csv", "-f", "markdown").out
    assert markdown.startswith("### What to do\n")
    assert "| Finding | Per month | Detail | Command |" in markdown.split("### Headline")[0]
    table = run("report", log, "--revenue", "revenue.csv").out
    first = table.lstrip().splitlines()
    assert first[0].strip() == "What to do" and first[1].split()[:3] == ["Finding", "Per", "month"]
    assert table.index("power lost") < table.index("Headline")
    assert run("report", log, "--revenue", "revenue.csv", "--html", "r.html").code == 0
    page = (tmp_path / "r.html").read_text()
    assert page.index("<section id='actions'><h2>What to do</h2>") < page.index("<section id='headline'>")


def test_a_window_cut_short_uses_its_latest_whole_month(run, pricing, tmp_path):
    """--since 2026-04-15 --until 2026-06-15 covers May whole: May's loss, on May's revenue alone
    ($1 flat, not prorated over the window's three months); equal CPIs are not a rise."""
    prices = pricing(PRICES)
    rows = (
        calls("power", 20, month="2026-04") + calls("power", 30, month="2026-05") + calls("power", 20, month="2026-06")
    )
    log = write_log(tmp_path / "log.csv", rows)
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\npower,1\n")
    got = run(
        "report", log, "--revenue", "revenue.csv", "--since", "2026-04-15", "--until", "2026-06-15", "-f", "json"
    ).json()
    loss = next(f for f in got["actions"] if f["finding"] == "customer losing money")
    assert loss["monthly_amount"] == pytest.approx(float(30 * D("0.05") - 1))
    assert loss["detail"].startswith("power lost $0.500 in 2026-05 on $1.00 of revenue: 30 calls")
    assert "--since 2026-05-01 --until 2026-06-01" in loss["command"]
    check(run, loss, prices)
    assert got["actions_notes"][0].startswith("figures for 2026-05, the latest whole month in the window")
    assert [f["finding"] for f in got["actions"]] == ["customer losing money"] and len(got["actions_notes"]) == 1


def test_five_losing_customers_one_by_one_and_the_rest_together(run, pricing, tmp_path):
    """Eight customers on $0.10 plans: customer k makes k + 2 calls at $0.05, losing 0.05 (k + 2) − 0.10;
    k0 breaks even (no loss, whatever the float rounding), k7 … k3 are listed, k2 and k1 summed."""
    prices = pricing("models:\n  m: {input: 50, output: 0}\n")
    rows = [r for k in range(8) for r in calls(f"k{k}", k + 2)]
    log = write_log(tmp_path / "log.csv", rows)
    (tmp_path / "revenue.csv").write_text("customer_id,revenue\n" + "".join(f"k{k},0.10\n" for k in range(8)))
    found = run("report", log, "--revenue", "revenue.csv", "-f", "json").json()["actions"]
    losses = {k: D("0.05") * (k + 2) - D("0.10") for k in range(8)}
    assert [f["detail"].split(" lost ")[0] for f in found[:5]] == ["k7", "k6", "k5", "k4", "k3"]
    assert [f["monthly_amount"] for f in found[:5]] == pytest.approx([float(losses[k]) for k in (7, 6, 5, 4, 3)])
    rest = losses[2] + losses[1]
    assert found[5]["detail"] == f"2 more paying customers lost {usd(rest)} together in 2026-05 (largest: k2, $0.100)"
    assert found[5]["monthly_amount"] == pytest.approx(float(rest)) and len(found) == 6
    for finding in found[:5]:
        check(run, finding, prices)
