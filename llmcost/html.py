"""The HTML report: a briefing to read or print, not a dump of tables.

Findings first, then the figures; one self-contained file (inline CSS and SVG, no script,
no font, image or anything else fetched) so it can be mailed, archived and opened offline.
The page fits a 390 px phone (wide tables scroll inside their own box) and prints on A4.
Every logged text is made visible (control characters written out) before html.escape:
an ESC is invalid in HTML and would show as nothing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import polars as pl

from llmcost.charts import svg
from llmcost.labels import label
from llmcost.render import Document, Section, by_unit, cell, escaped_chart, row_texts, shown_columns
from llmcost.visible import visible

CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;padding:1.5em 1.2em;
max-width:1200px;color:#222;background:#fff}
h1{font-size:1.7em;margin:0 0 .25em}
h2{font-size:1.25em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid #e6e6e6}
header p{margin:.15em 0}
p.meta{color:#333}
time{white-space:nowrap}
p.account{color:#555;font-size:.9em;overflow-wrap:anywhere}
ol.findings{padding-left:1.6em;margin:.5em 0}
ol.findings li{margin:.7em 0;padding:.5em .8em;border-left:4px solid #e15759;background:#fdf3f2}
ol.findings p{margin:.2em 0;overflow-wrap:anywhere}
.amount{font-weight:700;white-space:nowrap}
.finding{font-weight:600}
code{font:.88em ui-monospace,Menlo,Consolas,monospace;background:#f1f1f1;padding:1px 4px;overflow-wrap:anywhere}
dl.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:.6em;margin:.6em 0}
dl.cards div{border:1px solid #ddd;border-radius:6px;padding:.5em .75em}
dt{font-size:.85em;color:#555}
dd{margin:0;font-size:1.2em;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
div.wide{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}
th,td{padding:4px 7px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left;white-space:normal}
th{background:#f3f3f3;font-weight:600}
td{overflow-wrap:break-word}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
th.n{text-align:right}
td.long{min-width:16em}
td.s{white-space:nowrap}
tr.flagged td{background:#fdecea}
tr.flagged td:first-child{border-left:4px solid #c0392b}
.off{color:#c0392b;font-weight:600}
.ok{color:#1e8449}
p.note{color:#555;margin:.3em 0;font-size:.9em;overflow-wrap:anywhere}
figure{margin:.6em 0 1em}
svg.chart{display:block;width:100%;max-width:640px;height:auto}
@media (max-width:600px){body{font-size:14px;padding:1em .7em}h1{font-size:1.4em}td.long{min-width:12em}}
@media print{
@page{size:A4;margin:15mm}
body{max-width:none;padding:0;font-size:10pt}
h2{break-after:avoid}
div.wide{overflow:visible}
table{font-size:7.5pt}
th,td{padding:2px 4px}
td,td.s{white-space:normal;overflow-wrap:anywhere}
tr,li,figure,dl.cards div{break-inside:avoid}
th,ol.findings li,tr.flagged td,code{background:none}
tr.flagged td{font-weight:600}
svg.chart{max-width:160mm}
}
"""
FLAGS = {"flagged": True, "status": "off"}  # a row needing attention: a flagged customer, a target missed


def html_page(doc: Document, title: str, now: dt.datetime | None = None) -> str:
    """The report as one page: header (period, generation time, row account), findings, the rest."""
    now = now or dt.datetime.now(dt.UTC)
    sections = sorted(doc.sections, key=lambda s: s.name != "actions")  # findings first, order kept otherwise
    named = {s.name: s for s in doc.sections}
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_text(title)}</title><style>{CSS}</style></head><body>",
        _header(title, named, now, doc.currency),
    ]
    for section in sections:
        parts.append(_section(section, doc, shown_above=("period",) if section.name == "headline" else ()))
    parts.append("</body></html>\n")
    return "".join(parts)


def _text(value: object) -> str:
    """Logged text for HTML: control characters written out, then escaped."""
    return html.escape(visible(str(value)))


def _header(title: str, named: dict[str, Section], now: dt.datetime, currency: str) -> str:
    """Title, the logs' period, when the page was made and the row account: what the figures cover."""
    meta = []
    headline = named.get("headline")
    if (
        headline is not None
        and "period" in headline.frame.columns
        and headline.frame.height
        and headline.frame["period"][0]
    ):
        meta.append(f"Period {_period(headline.frame['period'][0])}")
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    meta.append(f"generated <time datetime='{stamp}'>{stamp}</time>")
    out = [f"<header><h1>{_text(title)}</h1><p class='meta'>{' · '.join(meta)}</p>"]
    accounting = named.get("accounting")
    if accounting is not None and accounting.frame.height:
        out.append(f"<p class='account'>Rows: {_text(_account(accounting, currency))}</p>")
    out.append("</header>")
    return "".join(out)


def _period(value: object) -> str:
    """An ISO interval `2026-05-01/2026-11-01` (end excluded) as the days it covers, ends included."""
    text = str(value or "")
    try:
        start, end = (dt.date.fromisoformat(part) for part in text.split("/"))
    except ValueError:
        return _text(text)
    last = end - dt.timedelta(days=1)
    return f"<time datetime='{text}'>{start.isoformat()} to {last.isoformat()}</time>"


def _account(section: Section, currency: str) -> str:
    """The accounting row as the one line the CLI prints on stderr (zero counts of rare states left out)."""
    rare = ("outside_window", "priced_at_logged_cost")
    row = section.frame.row(0, named=True)
    return " · ".join(
        f"{label(c).lower()} {cell(section, c, v, currency)}"
        for c, v in row.items()
        if c not in section.hide and not (c in rare and not v)
    )


def _section(section: Section, doc: Document, shown_above: Iterable[str] = ()) -> str:
    """One section: findings as a list, a one-row section as cards, others as chart (when any) then table."""
    parts = [f"<section id='{html.escape(section.name)}'><h2>{_text(section.title or section.name)}</h2>"]
    if section.name == "actions" and {"finding", "detail"} <= set(section.frame.columns):
        parts.append(_findings(section, doc.currency))
    elif section.vertical:
        parts.append(_cards(section, doc.currency, shown_above))
    else:
        if section.chart is not None:
            unit = section.chart.unit
            chart = svg(escaped_chart(section), lambda v: by_unit(v, unit, doc.currency), doc.currency)
            parts.append(f"<figure>{chart}</figure>")
        parts.append(_table(section, doc.currency))
    parts.extend(f"<p class='note'>{_text(note)}</p>" for note in section.notes)
    parts.append("</section>")
    return "".join(parts)


def _findings(section: Section, currency: str) -> str:
    """What to do as a numbered list: money a month, the finding, its detail, the command to look closer."""
    if not section.frame.height:
        return "<p>No finding: nothing above the report's thresholds.</p>"
    items = []
    for row in section.frame.iter_rows(named=True):  # a handful of findings, not log rows
        amount = cell(section, "monthly_amount", row.get("monthly_amount"), currency)
        head = f"<span class='amount'>{_text(amount)} a month</span> · " if amount else ""
        item = [
            f"<li><p>{head}<span class='finding'>{_text(row['finding'] or '')}</span></p>",
            f"<p class='detail'>{_text(row['detail'] or '')}</p>",
        ]
        if row.get("command"):
            item.append(f"<p class='command'>Look closer: <code>{_text(row['command'])}</code></p>")
        items.append("".join(item) + "</li>")
    return "<ol class='findings'>" + "".join(items) + "</ol>"


def _cards(section: Section, currency: str, skip: Iterable[str]) -> str:
    """A one-row section as label: value cards (empty values shown as a dash, not left out)."""
    row = section.frame.row(0, named=True)
    cards = [
        f"<div><dt>{_text(label(c))}</dt><dd>{_text(cell(section, c, v, currency) or '—')}</dd></div>"
        for c, v in row.items()
        if c not in section.hide and c not in skip
    ]
    return "<dl class='cards'>" + "".join(cards) + "</dl>"


def _table(section: Section, currency: str) -> str:
    """A table in a box that scrolls by itself: numbers on one line, text (and long text) wrapping."""
    columns = shown_columns(section)
    kinds = _column_classes(section.frame, columns)
    head = "".join(f"<th class='{k}'>{_text(label(c))}</th>" for c, k in zip(columns, kinds, strict=True))
    body = []
    for flagged, cells in zip(_flagged(section.frame), row_texts(section, currency), strict=True):
        tds = "".join(
            f"<td class='{_cell_class(kind, value)}'>{html.escape(value)}</td>"
            for kind, value in zip(kinds, cells, strict=False)
        )
        body.append(f"<tr class='flagged'>{tds}</tr>" if flagged else f"<tr>{tds}</tr>")
    return f"<div class='wide'><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"


def _column_classes(frame: pl.DataFrame, columns: list[str]) -> list[str]:
    """n: a number (right-aligned, never wrapped); s: short text such as an id or a month (kept on one
    line: 2026-05 broken at its hyphen misreads); long: text over 40 characters (a wider column)."""
    longest = frame.select(pl.col(c).str.len_chars().max() for c in columns if frame.schema[c] == pl.String)
    widest = longest.row(0, named=True) if longest.width and frame.height else {}
    return ["n" if frame.schema[c].is_numeric() else _text_class(widest.get(c) or 0) for c in columns]


def _text_class(longest: int) -> str:
    return "long" if longest > 40 else "s" if longest <= 24 else ""


def _cell_class(kind: str, value: str) -> str:
    return f"{kind} {value}".strip() if value in ("off", "ok") else kind


def _flagged(frame: pl.DataFrame) -> list[bool]:
    """Per row: does it need attention (a flagged customer, a dashboard target missed)?"""
    tests = [pl.col(c).eq(v).fill_null(False) for c, v in FLAGS.items() if c in frame.columns]
    if not tests:
        return [False] * frame.height
    return frame.select(pl.any_horizontal(tests).alias("flag"))["flag"].to_list()
