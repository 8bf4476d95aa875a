"""Pricing plans (issue 17): every figure against a value worked out by hand here, in Decimal.

The article's own table (seven-metrics, metric #2): a small user paying $50 for 500 calls and
a power user paying $200 for 8,000, at $0.05 a call — margins 50 % and −100 %, −70 % together.
Then each plan shape, proration of a part month, a plan change inside the month, break-even
usage, usage bands, the three signals, and plans validated as pricing.yaml is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import polars as pl
import pytest

from llmcost.metrics.plans import break_even
from llmcost.plans import Plan, revenue_of
from tests.conftest import write_log

# $50 per 1M input tokens and 1,000 input tokens a call: $0.05 a call, as in the article.
PRICES = "models:\n  m: {input: 50, output: 0}\n"
CALL = D("0.05")


def calls(who: str, n: int, day: str = "2026-05-20", tokens: int = 1000) -> list[dict]:
    return [
        {"timestamp": f"{day}T12:00:00Z", "model": "m", "input_tokens": tokens, "output_tokens": 0, "customer_id": who}
    ] * n


def setup(tmp_path, pricing, rows: list[dict], customers: str, plans: str, revenue: str | None = None) -> None:
    pricing(PRICES)
    write_log(tmp_path / "log.csv", rows)
    settings = "logs: log.csv\n"
    if customers:  # else the test passes --customers (a file with plan_from: see the report)
        (tmp_path / "customers.csv").write_text(customers)
        settings += "customers: customers.csv\n"
    settings += f"plans:\n{plans}"
    if revenue is not None:
        (tmp_path / "revenue.csv").write_text(revenue)
        settings += "revenue: revenue.csv\n"
    (tmp_path / "llmcost.yaml").write_text(settings)


def plans_json(run, *args: str) -> dict:
    result = run("plans", "-f", "json", *args)
    assert result.code == 0, result.err
    return result.json()


def by_plan(got: dict) -> dict[str, dict]:
    return {r["plan"]: r for r in got["plans"]}


ARTICLE_CUSTOMERS = "customer_id,signup_date,plan\nsmall,2026-01-01,small\npower,2026-01-01,power\n"
ARTICLE_PLANS = "  small: {monthly: 50}\n  power: {monthly: 200}\n"


def test_the_articles_table(run, pricing, tmp_path):
    setup(tmp_path, pricing, calls("small", 500) + calls("power", 8000), ARTICLE_CUSTOMERS, ARTICLE_PLANS)
    rows = by_plan(plans_json(run))
    small, power = rows["small"], rows["power"]
    assert small["cost"] == pytest.approx(float(500 * CALL)) and small["revenue"] == 50
    assert small["gross_margin"] == pytest.approx(float((50 - 500 * CALL) / 50))  # 50 %
    assert power["gross_margin"] == pytest.approx(float((200 - 8000 * CALL) / 200))  # −100 %
    revenue, cost = D(250), (500 + 8000) * CALL
    together = (sum(r["revenue"] for r in rows.values()) - sum(r["cost"] for r in rows.values())) / 250
    assert together == pytest.approx(float((revenue - cost) / revenue))  # −70 %
    # break-even at the plan's own CPI: $50 ÷ $0.05 and $200 ÷ $0.05
    assert small["break_even_inferences"] == 1000 and power["break_even_inferences"] == 4000
    assert small["break_even_tokens"] == 1000 * 1000
    assert (small["months_above"], power["months_above"]) == (0, 1)
    assert power["cost_above"] == pytest.approx(float((8000 - 4000) * CALL))  # $200
    assert power["share_above"] == 1


def test_the_articles_signals(run, pricing, tmp_path):
    setup(tmp_path, pricing, calls("small", 500) + calls("power", 8000), ARTICLE_CUSTOMERS, ARTICLE_PLANS)
    signals = {r["signal"]: r for r in plans_json(run)["signals"]}
    assert signals["small users positive, large users negative"]["detected"] is True
    assert signals["margin varies across plans"]["detected"] is True
    assert "150 points" in signals["margin varies across plans"]["figures"]  # 50 % against −100 %
    assert signals["margin falls as usage rises"]["detected"] is None  # two customers: too few to rank


SHAPES = """\
  starter: {monthly: 19}
  pro: {monthly: 200, included_inferences: 4000, per_inference_over: 0.06}
  team: {monthly: 500, included_tokens: 50000000, per_1m_tokens_over: 4.00}
  usage: {monthly: 0, per_inference: 0.02}
"""
SHAPE_CUSTOMERS = (
    "customer_id,signup_date,plan\na,2026-01-01,starter\nb,2026-01-01,pro\nc,2026-01-01,team\nd,2026-01-01,usage\n"
)


def shape_calls() -> list[dict]:
    return calls("a", 300) + calls("b", 5000) + calls("c", 600, tokens=100_000) + calls("d", 700)


def test_each_plan_shape_charges_what_it_says(run, pricing, tmp_path):
    setup(tmp_path, pricing, shape_calls(), SHAPE_CUSTOMERS, SHAPES)
    rows = by_plan(plans_json(run))
    expected = {
        "starter": D(19),
        "pro": D(200) + (5000 - 4000) * D("0.06"),
        "team": D(500) + (D(600 * 100_000) - D(50_000_000)) / 1_000_000 * D("4.00"),
        "usage": 700 * D("0.02"),
    }
    assert {k: pytest.approx(float(v)) for k, v in expected.items()} == {k: rows[k]["revenue"] for k in expected}


def test_a_part_month_prorates_the_fee_and_the_allowance(run, pricing, tmp_path):
    setup(tmp_path, pricing, shape_calls(), SHAPE_CUSTOMERS, SHAPES)
    rows = by_plan(plans_json(run, "--since", "2026-05-11"))
    share = D(21) / D(31)  # 11–31 May
    expected = {
        "starter": 19 * share,
        "pro": 200 * share + (5000 - 4000 * share) * D("0.06"),
        "team": 500 * share + (D(60_000_000) - 50_000_000 * share) / 1_000_000 * 4,
        "usage": 700 * D("0.02"),  # no fee to prorate
    }
    assert {k: pytest.approx(float(v)) for k, v in expected.items()} == {k: rows[k]["revenue"] for k in expected}


def test_a_plan_change_inside_the_month(run, pricing, tmp_path):
    """x is on starter until 15 May and on pro from the 16th: each plan gets its days of the fee
    and allowance, and the calls made while on it."""
    people = "customer_id,signup_date,plan,plan_from\nx,2026-01-01,starter,\nx,2026-01-01,pro,2026-05-16\n"
    setup(tmp_path, pricing, calls("x", 100, "2026-05-10") + calls("x", 5000, "2026-05-20"), "", SHAPES)
    (tmp_path / "people.csv").write_text(people)
    rows = by_plan(plans_json(run, "--customers", "people.csv"))
    before, after = D(15) / D(31), D(16) / D(31)
    assert rows["starter"]["inferences"] == 100 and rows["pro"]["inferences"] == 5000
    assert rows["starter"]["revenue"] == pytest.approx(float(19 * before))
    assert rows["pro"]["revenue"] == pytest.approx(float(200 * after + (5000 - 4000 * after) * D("0.06")))
    assert rows["pro"]["customers"] == rows["starter"]["customers"] == 1


def test_the_revenue_file_wins_where_it_has_the_month(run, pricing, tmp_path):
    revenue = "customer_id,month,revenue\na,2026-05,25\n"
    setup(tmp_path, pricing, shape_calls(), SHAPE_CUSTOMERS, SHAPES, revenue)
    rows = by_plan(plans_json(run))
    assert rows["starter"]["revenue"] == 25  # the file's, not the plan's $19
    assert rows["usage"]["revenue"] == pytest.approx(float(700 * D("0.02")))  # no row: the plan's


def test_customers_without_a_plan_are_their_own_group(run, pricing, tmp_path):
    people = "customer_id,signup_date,plan\nsmall,2026-01-01,small\nlost,2026-01-01,\n"
    setup(tmp_path, pricing, calls("small", 500) + calls("lost", 10) + calls("nobody", 5), people, ARTICLE_PLANS)
    rows = by_plan(plans_json(run))
    assert rows["no plan"]["inferences"] == 15 and rows["no plan"]["customers"] == 2
    assert rows["no plan"]["revenue"] == 0


def test_per_month(run, pricing, tmp_path):
    rows = calls("small", 500, "2026-05-20") + calls("small", 300, "2026-06-20")
    setup(tmp_path, pricing, rows, ARTICLE_CUSTOMERS, ARTICLE_PLANS)
    got = plans_json(run, "--period", "month")["plans"]
    small = {r["period"]: r for r in got if r["plan"] == "small"}
    assert small["2026-05"]["inferences"] == 500 and small["2026-06"]["inferences"] == 300
    assert small["2026-06"]["gross_margin"] == pytest.approx(float((50 - 300 * CALL) / 50))


def test_usage_bands_split_each_plans_customer_months(run, pricing, tmp_path):
    people = "customer_id,signup_date,plan\n" + "".join(f"u{i},2026-01-01,small\n" for i in range(1, 9))
    rows = [c for i in range(1, 9) for c in calls(f"u{i}", 100 * i)]
    setup(tmp_path, pricing, rows, people, ARTICLE_PLANS)
    bands = plans_json(run)["bands"]
    assert [(b["band"], b["inferences_from"], b["inferences_to"]) for b in bands] == [
        (1, 100, 200),
        (2, 300, 400),
        (3, 500, 600),
        (4, 700, 800),
    ]
    top = bands[-1]
    assert top["gross_margin"] == pytest.approx(float((100 - 1500 * CALL) / 100))
    deciles = plans_json(run, "--bands", "10")["bands"]
    assert len(deciles) == 8  # eight customer-months: no decile holds two


def test_margin_falling_with_usage_is_a_rank_correlation(run, pricing, tmp_path):
    people = "customer_id,signup_date,plan\n" + "".join(f"u{i},2026-01-01,small\n" for i in range(1, 5))
    rows = [c for i in range(1, 5) for c in calls(f"u{i}", 200 * i)]
    setup(tmp_path, pricing, rows, people, ARTICLE_PLANS)
    signal = {r["signal"]: r for r in plans_json(run)["signals"]}["margin falls as usage rises"]
    assert signal["detected"] is True and "-1.00" in signal["figures"]  # more calls, lower margin, every time


@pytest.mark.parametrize(
    ("plan", "cpi", "per_call", "expected"),
    [
        (Plan("flat", monthly=50), 0.05, 0, 1000),
        (Plan("pro", monthly=200, included_inferences=4000, per_inference_over=0.06), 0.05, 0, 4000),
        # $200 covers the 2,000 included calls; above them each call loses $0.02: 2,000 + $100 ÷ $0.02
        (Plan("pro", monthly=200, included_inferences=2000, per_inference_over=0.03), 0.05, 0, 7000),
        (Plan("pro", monthly=200, included_inferences=2000, per_inference_over=0.06), 0.05, 0, None),
        # 100k tokens a call: the allowance is 500 calls; $500 ÷ $0.6 a call is 833⅓ calls, past it,
        # where each call brings 0.1M × $4 = $0.40: 500 + ($500 − 500 × $0.6) ÷ ($0.6 − $0.4)
        (Plan("team", monthly=500, included_tokens=50_000_000, per_1m_tokens_over=4), 0.6, 100_000, 1500),
        (Plan("usage", per_inference=0.02), 0.05, 0, 0),
        (Plan("usage", per_inference=0.06), 0.05, 0, None),
    ],
)
def test_break_even(plan, cpi, per_call, expected):
    got = break_even(plan, cpi, per_call)
    assert got == (None if expected is None else pytest.approx(expected))
    if got:  # revenue equals cost there
        assert revenue_of(plan, got, got * per_call) == pytest.approx(cpi * got)


@pytest.mark.parametrize(
    ("plans", "message"),
    [
        ("  pro: {montly: 19}\n", "line 4: unknown key 'montly' in plans.pro (did you mean 'monthly'?)"),
        ("  pro: {monthly: -5}\n", "line 4: plans.pro.monthly must be ≥ 0, not -5"),
        ("  pro: {monthly: lots}\n", "line 4: plans.pro.monthly must be a finite number, not 'lots'"),
        ("  pro: {monthly: .nan}\n", "plans.pro.monthly must be a finite number"),
        ("  pro: {monthly: 1.0e+308}\n", "line 4: plans.pro.monthly must be at most 10^15, not 1e+308"),
        ("  pro: {included_inferences: 10}\n", "plans.pro.included_inferences needs per_inference_over"),
        ("  pro: 19\n", "line 4: plans.pro must be a mapping of prices"),
        ("  - pro\n", "line 3: plans must map plan names to prices"),
    ],
)
def test_plans_are_validated_like_pricing(run, pricing, tmp_path, plans, message):
    setup(tmp_path, pricing, calls("small", 5), ARTICLE_CUSTOMERS, plans)
    result = run("plans")
    assert result.code == 2 and message in result.err, result.err
    assert result.err.startswith("error: llmcost.yaml") and "Traceback" not in result.err


def test_a_bad_plan_from_date_names_the_row(run, pricing, tmp_path):
    people = "customer_id,signup_date,plan,plan_from\nx,2026-01-01,pro,2026-13-01\n"
    setup(tmp_path, pricing, calls("x", 5), "", ARTICLE_PLANS)
    (tmp_path / "people.csv").write_text(people)
    result = run("plans", "--customers", "people.csv")
    assert result.code == 2 and "people.csv, row 1, column plan_from: '2026-13-01' is not a date" in result.err


def test_a_churn_date_on_any_plan_row_ends_every_plan(run, pricing, tmp_path):
    """x churns on 26 May, said on its starter row only (§1.4): its pro plan, from the 16th, runs
    10 days of May (16–25), not to the end of the month — the date adjusted CAC reads too."""
    people = (
        "customer_id,signup_date,churn_date,plan,plan_from\n"
        "x,2026-01-01,2026-05-26,starter,\nx,2026-01-01,,pro,2026-05-16\n"
    )
    setup(tmp_path, pricing, calls("x", 100, "2026-05-10") + calls("x", 10, "2026-05-20"), "", SHAPES)
    (tmp_path / "people.csv").write_text(people)
    rows = by_plan(plans_json(run, "--customers", "people.csv"))
    assert rows["starter"]["revenue"] == pytest.approx(float(19 * D(15) / D(31)))  # 1–15 May
    assert rows["pro"]["revenue"] == pytest.approx(float(200 * D(10) / D(31)))  # 10 calls: none over 4000 × 10/31


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "x,2026-01-01,2026-05-26,starter,\nx,2026-01-01,2026-05-20,pro,2026-05-16\n",
            "people.csv, row 1, column churn_date: customer x has churn_date 2026-05-26 here and 2026-05-20",
        ),
        (
            "x,2026-01-01,,starter,\nx,2026-01-02,,pro,2026-05-16\n",
            "people.csv, row 2, column signup_date: customer x has signup_date 2026-01-02 here and 2026-01-01",
        ),
    ],
)
def test_two_dates_for_one_customer_name_the_row(run, pricing, tmp_path, rows, message):
    setup(tmp_path, pricing, calls("x", 5), "", SHAPES)
    (tmp_path / "people.csv").write_text("customer_id,signup_date,churn_date,plan,plan_from\n" + rows)
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,1000\n")
    for command in (
        ["plans", "--customers", "people.csv"],
        ["cac", "--customers", "people.csv", "--spend", "spend.csv"],
    ):
        result = run(*command)
        assert result.code == 2 and message in result.err, (command, result.err)


def test_revenue_under_a_plan_is_the_same_formula_in_polars_and_python():
    from llmcost.plans import plan_table, revenue_expr

    plan = Plan("p", monthly=200, included_inferences=4000, per_inference_over=0.06, per_1m_tokens_over=4)
    frame = pl.DataFrame({"plan": ["p"], "inferences": [5000], "tokens": [3_000_000], "fraction": [0.5]})
    got = frame.join(plan_table({"p": plan}), on="plan").select(revenue_expr()).item()
    assert got == pytest.approx(float(200 * D("0.5") + (5000 - 2000) * D("0.06") + 3 * 4))
    assert revenue_of(plan, 5000, 3_000_000, 0.5) == pytest.approx(got)


# The issue's example: two pro customers at $200, 2,000 and 8,000 calls at $0.05: −25 %; an
# overage of $0.06 a call above 4,000 makes it (400 + 4,000 × 0.06 − 500) ÷ 640 = +21.9 %.
PRO_CUSTOMERS = "customer_id,signup_date,plan\nlight,2026-01-01,pro\nheavy,2026-01-01,pro\n"
PRO_NOW = "  pro: {monthly: 200}\n"
PRO_OVERAGE = "plans:\n  pro: {monthly: 200, included_inferences: 4000, per_inference_over: 0.06}\n"


def whatif_json(run, *args: str) -> dict:
    result = run("whatif", "-f", "json", *args)
    assert result.code == 0, result.err
    return result.json()


def metric(got: dict, name: str) -> dict:
    return next(r for r in got["whatif"] if r["metric"] == name)


def pro_setup(tmp_path, pricing) -> None:
    setup(tmp_path, pricing, calls("light", 2000) + calls("heavy", 8000), PRO_CUSTOMERS, PRO_NOW)
    (tmp_path / "proposed.yaml").write_text(PRO_OVERAGE)


def test_whatif_plans_recomputes_revenue_under_the_proposed_plans(run, pricing, tmp_path):
    pro_setup(tmp_path, pricing)
    got = whatif_json(run, "--plans", "proposed.yaml")
    cost = 10_000 * CALL
    after = 2 * D(200) + (8000 - 4000) * D("0.06")
    assert metric(got, "revenue")["before"] == 400 and metric(got, "revenue")["after"] == pytest.approx(float(after))
    margin = metric(got, "gross margin")
    assert margin["before"] == pytest.approx(float((400 - cost) / 400))  # −25 %
    assert margin["after"] == pytest.approx(float((after - cost) / after))  # +21.9 %
    assert metric(got, "total cost")["after"] == pytest.approx(float(cost))
    assert metric(got, "flagged customers")["before"] == 1 and metric(got, "flagged customers")["after"] == 0
    assert got["flag_changes"] == [
        {
            "customer_id": "heavy",
            "change": "stops being flagged",
            "gross_margin_before": pytest.approx(float((200 - 8000 * CALL) / 200)),
            "gross_margin_after": pytest.approx(float((440 - 8000 * CALL) / 440)),
        }
    ]
    assert got["plans"][0]["revenue_after"] == pytest.approx(float(after))


def test_whatif_plans_by_customer_puts_the_biggest_bill_change_first(run, pricing, tmp_path):
    pro_setup(tmp_path, pricing)
    bills = whatif_json(run, "--plans", "proposed.yaml", "--by", "customer")["customers"]
    assert [b["customer_id"] for b in bills] == ["heavy", "light"]
    assert bills[0]["bill_change"] == pytest.approx(float(4000 * D("0.06"))) and bills[1]["bill_change"] == 0


def test_whatif_move_prices_a_plans_customers_on_another(run, pricing, tmp_path):
    setup(tmp_path, pricing, calls("small", 500) + calls("power", 8000), ARTICLE_CUSTOMERS, ARTICLE_PLANS)
    got = whatif_json(run, "--move", "small->power")
    assert metric(got, "revenue")["after"] == 400  # both on $200
    assert [p["plan"] for p in got["plans"]] == ["power", "small → power"]


def test_whatif_cap_refuses_calls_above_it_and_their_overage(run, pricing, tmp_path):
    pro_setup(tmp_path, pricing)
    got = whatif_json(run, "--plans", "proposed.yaml", "--cap", "5000")
    assert metric(got, "refused calls")["after"] == 3000
    assert metric(got, "total cost")["after"] == pytest.approx(float(7000 * CALL))  # 2,000 + 5,000 calls kept
    assert metric(got, "revenue")["after"] == pytest.approx(float(400 + (5000 - 4000) * D("0.06")))


def test_whatif_plans_combine_with_cost_changes(run, pricing, tmp_path):
    pro_setup(tmp_path, pricing)
    got = whatif_json(run, "--plans", "proposed.yaml", "--price", "m.input=25")
    assert metric(got, "total cost")["after"] == pytest.approx(float(10_000 * CALL / 2))
    after = 2 * D(200) + 4000 * D("0.06")
    assert metric(got, "gross margin")["after"] == pytest.approx(float((after - 10_000 * CALL / 2) / after))


@pytest.mark.parametrize(
    ("move", "message"),
    [
        ("pro->gold", "--move 'pro->gold': plan 'gold' has no prices"),
        ("gold->pro", "--move 'gold->pro': no customer is on plan 'gold'"),
        ("pro", "--move 'pro': write FROM->TO"),
    ],
)
def test_whatif_move_errors(run, pricing, tmp_path, move, message):
    pro_setup(tmp_path, pricing)
    result = run("whatif", "--move", move)
    assert result.code == 2 and message in result.err, result.err


def test_whatif_moves_a_revenue_file_bill_by_what_the_plan_change_changes(run, pricing, tmp_path):
    """heavy's month is $210 in the revenue file (not the plan's $200): the proposal adds its
    overage to what was billed, so the bill changes by the pricing change alone."""
    revenue = "customer_id,month,revenue\nheavy,2026-05,210\n"
    setup(tmp_path, pricing, calls("light", 2000) + calls("heavy", 8000), PRO_CUSTOMERS, PRO_NOW, revenue)
    (tmp_path / "proposed.yaml").write_text(PRO_OVERAGE)
    bills = {b["customer_id"]: b for b in whatif_json(run, "--plans", "proposed.yaml", "--by", "customer")["customers"]}
    assert bills["heavy"]["revenue_before"] == 210
    assert bills["heavy"]["revenue_after"] == pytest.approx(float(210 + (8000 - 4000) * D("0.06")))
    # light has no row: the plan's, then and now
    assert bills["light"]["revenue_before"] == bills["light"]["revenue_after"] == 200


def test_the_report_has_a_plans_section_when_customers_have_plans(run, pricing, tmp_path):
    pro_setup(tmp_path, pricing)
    result = run("report", "-f", "json")
    assert result.code == 0, result.err
    pro = {r["plan"]: r for r in result.json()["plans"]}["pro"]
    assert pro["break_even_inferences"] == 4000 and pro["months_above"] == 1
    assert pro["gross_margin"] == pytest.approx(float((400 - 10_000 * CALL) / 400))


def test_the_report_has_no_plans_section_without_plans(run, pricing, tmp_path):
    pricing(PRICES)
    write_log(tmp_path / "log.csv", calls("a", 3))
    result = run("report", "log.csv", "-f", "json")
    assert result.code == 0 and "plans" not in result.json()


def test_the_issues_plan_finding():
    """The issue's sentence, from the ledger of its month: $200, 4,000 calls, two customers."""
    from llmcost.metrics.plans import plan_findings

    month = pl.DataFrame(
        {
            "customer_id": ["light", "heavy"],
            "plan": ["pro", "pro"],
            "priced_as": ["pro", "pro"],
            "month": [dt.date(2026, 5, 1)] * 2,
            "fraction": [1.0, 1.0],
            "inferences": [2000, 8000],
            "tokens": [2_000_000, 8_000_000],
            "cost": [float(2000 * CALL), float(8000 * CALL)],
            "revenue": [200.0, 200.0],
            "source": ["plan", "plan"],
        }
    )
    (found,) = plan_findings(month, {"pro": Plan("pro", monthly=200)}, "llmcost plans")
    assert found["monthly_amount"] == pytest.approx(float((8000 - 4000) * CALL))
    assert found["detail"] == (
        "pro plan breaks even at 4,000 calls a month; 1 of 2 pro customers is above it, costing $200.00/month — "
        "an overage of $0.0600 per call above 4,000 turns the plan's margin from −25.0% to 21.9%"
    )  # (400 + 4,000 × $0.06 − 500) ÷ 640 = 21.875 %


def test_plans_may_live_in_their_own_file(run, pricing, tmp_path):
    setup(tmp_path, pricing, calls("small", 500), ARTICLE_CUSTOMERS, "")
    (tmp_path / "llmcost.yaml").write_text("logs: log.csv\ncustomers: customers.csv\nplans: sub/plans.yaml\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "plans.yaml").write_text("plans:\n  small: {monthly: 40}\n")
    assert by_plan(plans_json(run))["small"]["revenue"] == 40


def test_plans_needs_customers_with_plans(run, pricing, tmp_path):
    setup(tmp_path, pricing, calls("small", 5), "customer_id,signup_date\nsmall,2026-01-01\n", ARTICLE_PLANS)
    result = run("plans")
    assert result.code == 2 and "customers.csv: no plan for any customer" in result.err
    (tmp_path / "llmcost.yaml").write_text("logs: log.csv\n")
    assert "plans needs a customers file with a 'plan' column" in run("plans").err
