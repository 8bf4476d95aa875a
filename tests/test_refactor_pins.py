"""Issue 15 (behaviour-preserving refactor): the messages and values of code that was folded into
one home — the JSON reader of both catalog files, the JSON-lines decoder, the invoice's first bad
line, `pricing check`'s source column, the FOCUS description — pinned to what the code said before.

Expected texts are written from the messages' specification (file, place, what is wrong) and the
standard library's own exception text, not copied from the program's output."""

from __future__ import annotations

import json

from conftest import DATA, one_error, row, write_log


def _json_error(text: str) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return str(exc)
    raise AssertionError("valid JSON")


def _utf8_error(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return str(exc)
    raise AssertionError("valid UTF-8")


def test_litellm_import_says_not_json_and_cannot_read(run, tmp_path):
    (tmp_path / "bad.json").write_text("{oops")
    line = one_error(run("pricing", "import", "bad.json", "--from", "litellm", "--models", "x"))
    assert line == f"error: bad.json: not JSON: {_json_error('{oops')}"
    latin = b'{"caf\xe9": 1}'
    (tmp_path / "latin.json").write_bytes(latin)
    line = one_error(run("pricing", "import", "latin.json", "--from", "litellm", "--models", "x"))
    assert line == f"error: latin.json: cannot read: {_utf8_error(latin)}"
    line = one_error(run("pricing", "import", "gone.json", "--from", "litellm", "--models", "x"))
    assert line == "error: gone.json: no such file"


def test_genai_import_says_not_readable_json(run, tmp_path):
    (tmp_path / "bad.json").write_text("[1,")
    line = one_error(run("pricing", "import", "bad.json", "--from", "genai-prices", "--models", "x"))
    assert line == f"error: bad.json: not readable JSON: {_json_error('[1,')}"
    latin = b"[\xff]"
    (tmp_path / "latin.json").write_bytes(latin)
    line = one_error(run("pricing", "import", "latin.json", "--from", "genai-prices", "--models", "x"))
    assert line == f"error: latin.json: not readable JSON: {_utf8_error(latin)}"
    line = one_error(run("pricing", "import", "gone.json", "--from", "genai-prices", "--models", "x"))
    assert line == "error: gone.json: no such file"


def test_litellm_import_still_reads_a_catalog(run):
    result = run("pricing", "import", DATA / "litellm_slice.json", "--from", "litellm", "--models", "gpt-4o-2024-05-13")
    assert result.code == 0 and "gpt-4o-2024-05-13" in result.out


def test_json_lines_name_the_line_and_byte_that_is_not_utf8(run, pricing, tmp_path):
    pricing()
    good = json.dumps(row()).encode()
    (tmp_path / "l.jsonl").write_bytes(good + b"\n" + good[:10] + b"\xff" + good[10:] + b"\n")
    one_error(run("cpi", "l.jsonl"), "l.jsonl", "line 2, byte 11: not UTF-8 (save the file as UTF-8)")


def test_json_lines_name_the_line_that_is_not_json(run, pricing, tmp_path):
    pricing()
    (tmp_path / "l.jsonl").write_text(json.dumps(row()) + "\n{nope\n")
    try:
        json.loads("{nope")
    except json.JSONDecodeError as exc:
        why = exc.msg
    one_error(run("cpi", "l.jsonl"), f"l.jsonl, line 2: not a JSON object ({why})")


def test_invoice_names_the_first_unreadable_line(run, pricing, tmp_path):
    pricing()
    log = write_log(tmp_path / "log.csv", [row()])
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-05,gpt-4o,1\nsoon,gpt-4o,n/a\nlater,gpt-4o,2\n")
    line = one_error(run("reconcile", log, "--invoice", "inv.csv"))
    assert line == "error: inv.csv, line 3: cannot read date 'soon', model or cost 'n/a'"
    (tmp_path / "inv.csv").write_text("month,model,cost\n2026-05,gpt-4o,1\n2026-05,gpt-4o,inf\n")
    line = one_error(run("reconcile", log, "--invoice", "inv.csv"))
    assert line == "error: inv.csv, line 3, column cost: 'inf' is not a finite amount"


def test_pricing_check_sources(run, pricing, tmp_path):
    path = pricing()
    rows = [row(model="gpt-4o"), row(model="nobody-knows"), row(model="own-cost", cost=0.5)]
    log = write_log(tmp_path / "log.csv", rows)
    result = run("pricing", "check", log, "-f", "csv")
    assert result.code == 1, result.err
    got = dict(zip(result.csv()["model"], result.csv()["source"], strict=True))
    assert got == {"gpt-4o": str(path.name), "nobody-knows": "unknown", "own-cost": "logged cost"}


def test_focus_describes_each_charge_by_model(run, pricing, tmp_path):
    pricing()
    log = write_log(tmp_path / "log.csv", [row(customer_id="acme", feature="chat")])
    (tmp_path / "invoice.csv").write_text("month,model,cost\n2026-05,gpt-4o,0.0035\n")
    focus = run("reconcile", log, "--invoice", "invoice.csv", "--format", "focus")
    assert focus.code == 0, focus.err
    frame = focus.csv()
    assert frame["ChargeDescription"].to_list() == ["LLM inference: gpt-4o"]
    assert frame["ServiceName"].to_list() == ["LLM inference"]
