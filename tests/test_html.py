"""The HTML report is a briefing (issue 14, item 6): findings first, the period and the time
it was made on top, charts people can read without tooltips, flagged rows marked, a phone
and A4 layout, one file with no script and no network.

The layout is checked in headless Chromium at 1280 and 390 CSS px: screenshots land in
build/test-artifacts/, and the document must not scroll sideways. Chromium's window has a
500 px minimum, so the 390 px viewport is set over the DevTools protocol (through
--remote-debugging-pipe: no driver, no extra package); the shipped page stays script-free.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import html
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import ROOT, row, write_log

ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict:
    """The sample folder's report, as HTML and JSON, and the minutes it was made in."""
    folder = tmp_path_factory.mktemp("sample")
    for name in ("pricing.yaml", "llmcost.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "sample_logs", folder / "sample_logs")
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    done = subprocess.run(
        [sys.executable, "-m", "llmcost", "report", "--html", "report.html", "-f", "json", "-o", "report.json", "-q"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    after = dt.datetime.now(dt.UTC)
    return {
        "page": (folder / "report.html").read_text(),
        "json": json.loads((folder / "report.json").read_text()),
        "path": folder / "report.html",
        "before": before,
        "after": after,
    }


def section(page: str, name: str) -> str:
    start = page.index(f"<section id='{name}'>")
    return page[start : page.index("</section>", start)]


def test_findings_come_first_as_a_list_with_amount_detail_and_command(sample):
    page, actions = sample["page"], sample["json"]["actions"]
    assert page.index("</header>") < page.index("<section id='actions'>") < page.index("<section id='headline'>")
    assert page.index("<section id='actions'>") == page.index("<section")  # nothing between header and findings
    found = section(page, "actions")
    assert "<table" not in found and found.count("<li>") == len(actions) > 0
    at = 0
    for action in actions:  # in the JSON's order: largest money at stake first
        amount = f"${action['monthly_amount']:,.2f} a month"
        for text in (amount, action["finding"], action["detail"], f"<code>{action['command']}</code>"):
            spot = found.find(
                html.escape(text)
                if not text.startswith("<code>")
                else "<code>" + html.escape(action["command"]) + "</code>",
                at,
            )
            assert spot > at, (text, found[at : at + 300])
            at = spot


def test_header_gives_the_logs_period_generation_time_and_row_account(sample):
    page = sample["page"]
    header = page[page.index("<header>") : page.index("</header>")]
    stamps = pl.read_parquet(ROOT / "sample_logs" / "inferences.parquet").select(
        pl.col("timestamp").str.to_datetime(time_zone="UTC")
    )["timestamp"]
    first = stamps.min().date().replace(day=1)  # whole months, the report's window
    last = (stamps.max().date().replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    assert f"Period <time datetime='{first}/{last + dt.timedelta(days=1)}'>{first} to {last}</time>" in header
    stamp = re.search(r"generated <time datetime='([^']+)'>\1</time>", header)
    assert stamp and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", stamp.group(1)), header
    made = dt.datetime.strptime(stamp.group(1), "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.UTC)
    assert sample["before"] <= made <= sample["after"]
    rows = pl.scan_parquet(ROOT / "sample_logs" / "inferences.parquet").select(pl.len()).collect().item()
    assert f"Rows: read {rows:,} · priced " in header


def test_headline_is_label_value_cards(sample):
    headline = section(sample["page"], "headline")
    numbers = sample["json"]["headline"][0]
    assert "<table" not in headline and "<dl class='cards'>" in headline
    assert f"<dt>Cost</dt><dd>${numbers['cost']:,.2f}</dd>" in headline
    assert f"<dt>Calls</dt><dd>{numbers['inferences']:,}</dd>" in headline
    assert "<dt>period</dt>" not in headline.lower()  # given once, in the header


CHARTS = {  # section: (title, x axis, y axis) as a person reads them on paper
    "trend": ("CPI by month", "Month", "CPI (USD per call)"),
    "top_models": ("Cost by model per month", "Month", "Cost (USD)"),
    "worst_customers": ("Paying customers by gross margin", "Gross margin (band)", "Customers (count)"),
}


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_has_a_visible_title_axis_titles_with_units_and_ticks(sample, name):
    title, x, y = CHARTS[name]
    chart = re.search(r"<svg.*?</svg>", section(sample["page"], name), re.S).group()
    texts = re.findall(r"<text([^>]*)>([^<]*)</text>", chart)
    assert chart.startswith("<svg") and f"<title>{title}</title>" in chart
    assert ("chart-title", title) in [
        (re.search(r'class="([^"]*)"', a).group(1) if "class" in a else "", t) for a, t in texts
    ]
    axes = [t for a, t in texts if 'class="axis-title"' in a]
    assert sorted(axes) == sorted([x, y])
    ticks = [t for a, t in texts if 'text-anchor="end"' in a]  # the y axis' values
    assert len(ticks) >= 3 and ticks[0] in ("$0.00", "0")
    assert re.search(r'viewBox="0 0 \d+ \d+"', chart) and " width=" not in chart.split(">")[0]


def test_every_svg_in_the_page_is_titled(sample):
    page = sample["page"]
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == len(CHARTS)
    assert all('class="chart-title"' in c and c.count('class="axis-title"') == 2 for c in charts)
    assert "svg.chart{display:block;width:100%" in page  # scales down on a phone


def test_one_file_with_no_script_and_nothing_fetched(sample):
    page = sample["page"]
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert not re.search(r"<(link|img|iframe|object|embed)\b|@import|url\(|\bsrc=|\bhref=", page, re.I)
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_flagged_customers_and_missed_targets_are_highlighted(sample):
    page, got = sample["page"], sample["json"]
    flagged = sum(r["flagged"] for r in got["worst_customers"])
    off = sum(r["status"] == "off" for r in got["dashboard"])
    assert flagged and off  # the sample has both
    assert section(page, "worst_customers").count("<tr class='flagged'>") == flagged
    assert section(page, "dashboard").count("<tr class='flagged'>") == off
    assert "tr.flagged td{background:" in page and "tr.flagged td:first-child{border-left:" in page


def test_print_stylesheet_for_a4(sample):
    page = sample["page"]
    printed = page[page.index("@media print{") :]
    assert "@page{size:A4;margin:15mm}" in printed
    assert re.search(r"tr,[^{]*figure[^{]*\{break-inside:avoid\}", printed)


def test_tables_wrap_text_keep_numbers_whole_and_scroll_in_their_own_box(sample):
    page = sample["page"]
    assert "div.wide{overflow-x:auto" in page and "td.n{text-align:right;white-space:nowrap" in page
    dashboard = section(page, "dashboard")
    assert "<th class='long'>Action</th>" in dashboard  # the long advice column wraps in a wider column
    assert page.count("<table") == page.count("<div class='wide'><table")


def test_logged_names_cannot_inject_markup(run, pricing, tmp_path):
    """A customer or model called like a tag shows as text: in the findings, the tables and the chart legend."""
    pricing("models:\n  '<img src=x onerror=alert(1)>': {input: 50000, output: 0}\n")
    evil, model = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
    rows = [row(f"2026-05-{d:02d}T12:00:00Z", model, customer_id=evil) for d in range(1, 21)]
    log = write_log(tmp_path / "log.csv", rows)
    (tmp_path / "revenue.csv").write_text(f'customer_id,revenue\n"{evil}",1\n')
    assert run("report", log, "--revenue", "revenue.csv", "--html", "r.html", "-q").code == 0
    page = (tmp_path / "r.html").read_text()
    assert "<script" not in page and "<img" not in page
    assert html.escape(evil) in section(page, "actions") and html.escape(evil) in section(page, "worst_customers")
    assert html.escape(model) in re.search(r"<svg.*?</svg>", section(page, "top_models"), re.S).group()


def test_ticks_are_round_and_cover_the_values():
    from llmcost.charts import ticks

    assert ticks(0, 0.0616) == [0, 0.02, 0.04, 0.06, 0.08]
    assert ticks(0, 110, whole=True) == [0, 50, 100, 150]
    assert ticks(0, 3, whole=True) == [0, 1, 2, 3]
    assert ticks(-0.43, 0.05) == [-0.6, -0.4, -0.2, 0, 0.2]  # 0.48 / 4 = 0.12: the next round step is 0.2


@pytest.mark.parametrize(
    ("values", "axis"), [(["2026-W11", "2026-W12"], "Week"), (["2026-03-14", "2026-03-15"], "Day")]
)
def test_period_axis_is_named_by_its_values(values, axis):
    from llmcost.charts import Chart, axis_titles

    chart = Chart("bars", "CPI by period", pl.DataFrame({"period": values, "cpi": [0.1, 0.2]}), "period", "cpi")
    assert axis_titles(chart, "EUR") == (axis, "CPI (EUR per call)")


# ---- the page in a real browser: headless Chromium at a desktop and a phone width


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


LAUNCH = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"
)


def high(fd: int) -> int:
    """`fd` moved to a number above 9, clear of the 3 and 4 the browser's end must become."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class DevTools:
    """Just enough of the DevTools protocol over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-ended JSON)."""

    def __init__(self, browser: str, profile: Path) -> None:
        read_cmd, write_cmd = os.pipe()
        read_out, write_out = os.pipe()
        read_cmd, write_out = (high(fd) for fd in (read_cmd, write_out))  # `3<&4 4>&3` would lose one
        self._write, self._read, self._buffer, self._next = write_cmd, read_out, b"", 0
        self._proc = subprocess.Popen(  # a Python shim puts our ends on 3 and 4 (sh takes no fd above 9)
            [
                sys.executable,
                "-c",
                LAUNCH,
                str(read_cmd),
                str(write_out),
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(read_cmd, write_out),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(read_cmd)
        os.close(write_out)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params, **({"sessionId": session} if session else {})}
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._next:
                assert "error" not in reply, (method, reply)
                return reply["result"]

    def wait_for(self, event: str) -> None:
        while self._message().get("method") != event:
            pass

    def _message(self, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._read, 1 << 20) if ready else b""
            assert chunk, "Chromium stopped answering"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        finally:
            self._proc.wait(timeout=30)
            os.close(self._write)
            os.close(self._read)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    found = chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium here to render the HTML (apt-get install chromium)")
    tools = DevTools(found, tmp_path_factory.mktemp("profile"))
    yield tools
    tools.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_page_fits_the_width_without_sideways_scrolling(sample, browser, width):
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call(
        "Emulation.setDeviceMetricsOverride", session, width=width, height=900, deviceScaleFactor=1, mobile=False
    )  # mobile would zoom a too-wide page out to fit, hiding the overflow
    browser.call("Page.enable", session)
    browser.call("Page.navigate", session, url=sample["path"].as_uri())
    browser.wait_for("Page.loadEventFired")
    probe = "[document.documentElement.scrollWidth, window.innerWidth, document.documentElement.scrollHeight]"
    scroll, inner, height = browser.call("Runtime.evaluate", session, expression=probe, returnByValue=True)["result"][
        "value"
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = browser.call(
        "Page.captureScreenshot",
        session,
        format="png",
        captureBeyondViewport=True,
        clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    )
    png = ARTIFACTS / f"report-{width}px.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    browser.call("Target.closeTarget", targetId=target)
    assert inner == width
    assert scroll <= inner, f"the page scrolls sideways at {width} px ({scroll} > {inner}); see {png}"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png.read_bytes()[16:20], "big") == width  # the PNG header's width


def test_page_prints_on_a4(sample, browser):
    """The print stylesheet's @page gives A4 (595 × 842 pt), not the browser's default Letter."""
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    browser.call("Page.navigate", session, url=sample["path"].as_uri())
    browser.wait_for("Page.loadEventFired")
    pdf = base64.b64decode(browser.call("Page.printToPDF", session, preferCSSPageSize=True)["data"])
    browser.call("Target.closeTarget", targetId=target)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report-a4.pdf").write_bytes(pdf)
    boxes = {tuple(float(n) for n in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    a4 = (210 / 25.4 * 72, 297 / 25.4 * 72)
    assert boxes and all(abs(box[2] - a4[0]) < 2 and abs(box[3] - a4[1]) < 2 for box in boxes), boxes


def test_no_revenue_means_no_margin_chart(run, tmp_path):
    """With no revenue file nobody pays: an all-zero 'paying customers by margin' chart would only
    look like a finding, so the report leaves it out (and keeps it when there is revenue)."""
    import shutil

    from tests.conftest import DATA

    shutil.copy(DATA / "claude_code_slice.jsonl", tmp_path / "session.jsonl")
    assert run("report", "session.jsonl", "--html", "r.html").code == 0
    assert "Paying customers by gross margin" not in (tmp_path / "r.html").read_text()
