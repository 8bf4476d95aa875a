"""No secret in a database URI reaches stdout, stderr or an --output file.

Every URI shape (password in the userinfo, `?password=`, `&sslpassword=`, percent-encoded,
with a raw `@`/`:`/`&`, empty, several parameters) meets every error path (wrong password,
unknown host, missing table, bad query) and a successful `validate` in each format. Each
check also wants the helpful parts (user, host, table) to stay in the message.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

# The role scripts/pg_test_server.sh makes log in with a password (scram-sha-256).
SECRET_ROLE = os.environ.get("LLMCOST_PG_SECRET_ROLE", "llmcost_secret")
SECRET_PASSWORD = os.environ.get("LLMCOST_PG_SECRET_PASSWORD", "pg-Secret-7f3a")
TABLE = "secret_calls"
NO_SOCKET = "/nonexistent-llmcost-socket-dir"  # unknown host: a Unix-socket folder that does not exist
FORMATS = ("table", "csv", "json", "markdown")
# Each part of a secret is unusual, so that finding one in the output means it leaked.
SPECIAL = "Zq7Pc@Wm4Tx:Xr9Kd&Yb2Lf/Vn5Hs?Jc3Gp"


@dataclass(frozen=True)
class Shape:
    """Where a URI keeps its secret: the userinfo password (raw text after `user:`), query params."""

    name: str
    password: str | None = None
    params: tuple[str, ...] = ()
    first: bool = False  # the params before host= and port=
    secrets: tuple[str, ...] = ()  # must never be printed, raw or percent-decoded, nor any part of them
    shown: tuple[str, ...] = ()  # must be printed: how the URI shows where the secret was


SHAPES = [  # URIs libpq reads as meant
    Shape("userinfo", password="Ui4Secret-Kq8v", secrets=("Ui4Secret-Kq8v",), shown=(":***@",)),
    Shape("query", params=("password=Qp4Secret-Zt8w",), secrets=("Qp4Secret-Zt8w",), shown=("password=***",)),
    Shape(
        "query-first",
        params=("password=Qf4Secret-Mw2x",),
        first=True,
        secrets=("Qf4Secret-Mw2x",),
        shown=("?password=***&",),
    ),
    Shape(
        "sslpassword",
        params=("sslmode=disable", "sslpassword=Ss4Secret-Hb5y"),
        secrets=("Ss4Secret-Hb5y",),
        shown=("sslmode=disable&sslpassword=***",),
    ),
    Shape("encoded-userinfo", password=quote(SPECIAL, safe=""), secrets=(quote(SPECIAL, safe=""),), shown=(":***@",)),
    Shape(
        "encoded-query",
        params=("password=" + quote(SPECIAL, safe=""),),
        secrets=(quote(SPECIAL, safe=""),),
        shown=("password=***",),
    ),
    Shape(
        "encoded-name", params=("pass%77ord=Pn4Secret-Jd3z",), secrets=("Pn4Secret-Jd3z",), shown=("pass%77ord=***",)
    ),
    Shape(
        "several",
        params=(
            "sslmode=disable",
            "password=Sv4Secret-Pa6q",
            "application_name=llmcost-test",
            "sslpassword=Sv4Secret-Rc9t",
        ),
        secrets=("Sv4Secret-Pa6q", "Sv4Secret-Rc9t"),
        shown=("sslmode=disable&password=***&application_name=llmcost-test&sslpassword=***",),
    ),
    Shape(
        "userinfo-and-query",
        password="Ub4Secret-Ab1c",
        params=("password=Qb4Secret-Cd2e",),
        secrets=("Ub4Secret-Ab1c", "Qb4Secret-Cd2e"),
        shown=(":***@", "password=***"),
    ),
    Shape("empty-userinfo", password="", shown=(":***@",)),
    Shape("empty-query", params=("password=",), shown=("password=***",)),
]
RAW_SHAPES = [  # URIs libpq reads otherwise than meant (and quotes back in its error)
    Shape(
        "raw-userinfo",
        password=SPECIAL.replace("/", "").replace("?", ""),
        secrets=(SPECIAL.replace("/", "").replace("?", ""),),
        shown=(":***@",),
    ),
    Shape(
        "raw-ampersand",
        params=("password=Am4Secret-Ff5g&Tl4Secret-Gg6h",),
        secrets=("Am4Secret-Ff5g&Tl4Secret-Gg6h",),
        shown=("password=***",),
    ),
    Shape("upper-name", params=("PASSWORD=Up4Secret-Yy7k",), secrets=("Up4Secret-Yy7k",), shown=("PASSWORD=***",)),
    Shape("bad-percent", password="Bp4Secret%ZZ-Kk8m", secrets=("Bp4Secret%ZZ-Kk8m",), shown=(":***@",)),
    Shape("space", params=("password=Sp4Secret Ll9n",), secrets=("Sp4Secret Ll9n",), shown=("password=***",)),
]


@dataclass(frozen=True)
class Server:
    user: str
    db: str
    netloc: str  # host[:port] in the authority, or ""
    params: tuple[str, ...]  # host= and port= as the test server's URI gives them
    where: str  # what a message names the server by: its socket folder or host name

    def uri(self, shape: Shape, user: str | None = None, unknown_host: bool = False) -> str:
        user = user or self.user
        userinfo = user if shape.password is None else f"{user}:{shape.password}"
        netloc, base = ("", (f"host={NO_SOCKET}", "port=5432")) if unknown_host else (self.netloc, self.params)
        query = [*shape.params, *base] if shape.first else [*base, *shape.params]
        return f"postgresql://{userinfo}@{netloc}/{self.db}" + ("?" + "&".join(query) if query else "")


def leaks(text: str, secrets: tuple[str, ...]) -> list[str]:
    """Each secret, or part of one (4+ characters between delimiters), raw or decoded, found in `text`."""
    found = []
    for secret in secrets:
        for form in {secret, unquote(secret)}:
            found += [p for p in {form, *re.split(r"[@:&/?=%\s]+", form)} if len(p) >= 4 and p in text]
    return found


def assert_hidden(result, shape: Shape, *also: str) -> None:
    text = result.out + result.err + "".join(also)
    assert not leaks(text, shape.secrets), (shape.name, result.out, result.err)


@pytest.fixture(scope="module")
def server(postgres) -> Server:
    """The test server, with a table of two priced calls."""
    ddl = f"""DROP TABLE IF EXISTS {TABLE};
CREATE TABLE {TABLE} (timestamp TEXT, model TEXT, input_tokens INTEGER, output_tokens INTEGER);
INSERT INTO {TABLE} VALUES ('2026-05-10T12:00:00Z', 'gpt-4o', 1000, 100),
                            ('2026-05-11T12:00:00Z', 'gpt-4o', 2000, 50);"""
    subprocess.run(["psql", postgres, "-q", "-v", "ON_ERROR_STOP=1", "-c", ddl], check=True, capture_output=True)
    parts = urlsplit(postgres)
    query = dict(parse_qsl(parts.query))
    return Server(
        parts.username or "",
        parts.path.lstrip("/"),
        parts.netloc.rsplit("@", 1)[-1],
        tuple(p for p in parts.query.split("&") if p),
        query.get("host") or parts.hostname or "",
    )


@pytest.fixture
def secret_role(server, monkeypatch) -> str:
    """The role that needs a password; only the server this suite starts is known to have it."""
    if os.environ.get("LLMCOST_TEST_POSTGRES") and "LLMCOST_PG_SECRET_PASSWORD" not in os.environ:
        pytest.skip(
            "LLMCOST_TEST_POSTGRES is set: give LLMCOST_PG_SECRET_ROLE and _PASSWORD of a role "
            "that logs in with a password"
        )
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return SECRET_ROLE


def ids(shapes: list[Shape]) -> list[str]:
    return [s.name for s in shapes]


# --- every shape × every error path -------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
def test_wrong_password(run, pricing, server, secret_role, shape):
    uri = server.uri(shape, user=secret_role)
    result = run("cpi", uri, "--table", TABLE, "--pricing", pricing())
    assert result.code == 2
    assert_hidden(result, shape)
    assert "password authentication failed" in result.err or "no password supplied" in result.err
    assert f"postgresql://{secret_role}" in result.err and server.where in result.err
    assert all(part in result.err for part in shape.shown)


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
def test_unknown_host(run, pricing, server, shape):
    result = run("cpi", server.uri(shape, unknown_host=True), "--table", TABLE, "--pricing", pricing())
    assert result.code == 2
    assert_hidden(result, shape)
    assert NO_SOCKET in result.err and "failed to connect" in result.err.lower()
    assert all(part in result.err for part in shape.shown)


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
def test_missing_table(run, pricing, server, shape):
    result = run("cpi", server.uri(shape), "--table", "no_such_calls", "--pricing", pricing())
    assert result.code == 2
    assert_hidden(result, shape)
    assert 'relation "no_such_calls" does not exist' in result.err and server.where in result.err
    assert all(part in result.err for part in shape.shown)


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
def test_bad_query(run, pricing, server, shape):
    result = run("cpi", server.uri(shape), "--query", f"SELEC * FROM {TABLE}", "--pricing", pricing())
    assert result.code == 2
    assert_hidden(result, shape)
    # the server's own words (the query runs inside the cube's SQL, so it points past SELEC)
    assert "syntax error at or near" in result.err and server.where in result.err
    assert all(part in result.err for part in shape.shown)


@pytest.mark.parametrize("shape", RAW_SHAPES, ids=ids(RAW_SHAPES))
@pytest.mark.parametrize("path", ["table", "missing-table", "query", "unknown-host"])
def test_uris_libpq_misreads(run, pricing, server, shape, path):
    """A raw `@`, `&`, space or bad %-escape: libpq reads the URI otherwise than meant (and may
    still connect, as host= wins over a mangled authority) or fails on it, quoting pieces of it."""
    args = {
        "table": ("--table", TABLE),
        "missing-table": ("--table", "no_such_calls"),
        "query": ("--query", f"SELECT * FROM {TABLE}"),
        "unknown-host": ("--table", TABLE),
    }[path]
    uri = server.uri(shape, unknown_host=path == "unknown-host")
    result = run("validate", uri, *args, "--pricing", pricing(), "-f", "json")
    assert result.code in (0, 2)
    assert_hidden(result, shape)
    said = result.out if result.code == 0 else result.err
    assert f"postgresql://{server.user}" in said and all(part in said for part in shape.shown)
    if result.code == 2:
        assert "cannot read" in result.err


# --- a good read: validate in every format, the account line, --strict --------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_validate_shows_the_source_without_its_secret(run, pricing, server, shape, fmt, tmp_path):
    uri = server.uri(shape)
    result = run("validate", uri, "--table", TABLE, "--pricing", pricing(), "-f", fmt)
    assert result.code == 0, result.err
    assert_hidden(result, shape)
    assert server.where in result.out and all(part in result.out for part in shape.shown)
    if fmt == "json":
        source = result.json()["sources"][0]["file"]
        assert source.startswith(f"postgresql://{server.user}") and all(part in source for part in shape.shown)
    written = tmp_path / f"validate.{fmt}"
    to_file = run("validate", uri, "--table", TABLE, "--pricing", pricing(), "-f", fmt, "-o", written)
    assert to_file.code == 0, to_file.err
    text = written.read_text()
    assert_hidden(to_file, shape, text)
    assert server.where in text and all(part in text for part in shape.shown)


def test_validate_with_the_right_password(run, pricing, server, secret_role):
    """The role that needs its password, given in the userinfo and in the query: read, and never shown."""
    encoded = quote(SECRET_PASSWORD, safe="")
    for shape in (
        Shape("userinfo", password=encoded, secrets=(SECRET_PASSWORD,), shown=(":***@",)),
        Shape("query", params=(f"password={encoded}",), secrets=(SECRET_PASSWORD,), shown=("password=***",)),
    ):
        for fmt in FORMATS:
            result = run(
                "validate", server.uri(shape, user=secret_role), "--table", TABLE, "--pricing", pricing(), "-f", fmt
            )
            assert result.code == 0, result.err
            assert_hidden(result, shape)
            assert secret_role in result.out and all(part in result.out for part in shape.shown)


BAD_ROW = f"SELECT * FROM {TABLE} UNION ALL SELECT 'not a time', 'gpt-4o', 10, 10"


@pytest.mark.parametrize("shape", SHAPES, ids=ids(SHAPES))
def test_account_line_and_strict_name_the_source_without_its_secret(run, pricing, server, shape):
    uri = server.uri(shape)
    result = run("cpi", uri, "--query", BAD_ROW, "--pricing", pricing(), "-f", "json")
    assert result.code == 0, result.err
    assert_hidden(result, shape)
    warning = next(line for line in result.err.splitlines() if "rejected in" in line)
    assert server.where in warning and all(part in warning for part in shape.shown)
    strict = run("cpi", uri, "--query", BAD_ROW, "--pricing", pricing(), "--strict")
    assert strict.code == 2
    assert_hidden(strict, shape)
    assert "error: --strict" in strict.err and server.where in strict.err


def test_a_file_failing_beside_a_database(run, pricing, server, tmp_path):
    shape = SHAPES[0]
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not parquet at all PAR1")
    result = run("cpi", server.uri(shape), "broken.parquet", "--table", TABLE, "--pricing", pricing())
    assert result.code == 2
    assert_hidden(result, shape)


# --- other schemes ------------------------------------------------------------------------------


def test_sqlite_uri_with_a_password(run, pricing, tmp_path):
    shape = Shape("sqlite", params=("password=Sq4Secret-Nn1p",), secrets=("Sq4Secret-Nn1p",))
    missing_dir = run(
        "cpi", "sqlite:///no-such-dir/calls.db?password=Sq4Secret-Nn1p", "--table", "calls", "--pricing", pricing()
    )
    assert missing_dir.code == 2
    assert_hidden(missing_dir, shape)
    assert "no-such-dir/calls.db?password=***" in missing_dir.err
    import sqlite3

    with sqlite3.connect(tmp_path / "calls.db") as con:  # the file exists (sqlite:// opens read-only)
        con.execute("CREATE TABLE other (x INTEGER)")
    missing_table = run(
        "cpi", "sqlite:///calls.db?password=Sq4Secret-Nn1p", "--table", "no_such_calls", "--pricing", pricing()
    )
    assert missing_table.code == 2
    assert_hidden(missing_table, shape)
    assert "no_such_calls" in missing_table.err


@pytest.mark.parametrize(
    ("uri", "secrets", "shown"),
    [
        (
            "clickhouse://default:Ch4Secret-Qq2r@localhost:8123/logs",
            ("Ch4Secret-Qq2r",),
            "clickhouse://default:***@localhost:8123/logs",
        ),
        (
            "sc://localhost:15002/;token=Sc4Secret-Rr3s;user_id=me",
            ("Sc4Secret-Rr3s",),
            "sc://localhost:15002/;token=***;user_id=me",
        ),
        (
            "snowflake://me:Sf4Secret-Ss4t@acct/db/public?warehouse=wh&private_key_file_pwd=Sf4Secret-Tt5u&login_timeout=3",
            ("Sf4Secret-Ss4t", "Sf4Secret-Tt5u"),
            "snowflake://me:***@acct/db/public?warehouse=wh&private_key_file_pwd=***&login_timeout=3",
        ),
        (
            "bigquery://project/dataset?credentials_base64=Bq4Secret-Uu6v==",
            ("Bq4Secret-Uu6v==",),
            "bigquery://project/dataset?credentials_base64=***",
        ),
        (
            "trino://me@localhost:8080/hive?Access_Token=Tr4Secret-Vv7w&source=llmcost",
            ("Tr4Secret-Vv7w",),
            "trino://me@localhost:8080/hive?Access_Token=***&source=llmcost",
        ),
    ],
)
def test_servers_out_of_reach_are_named_without_their_secrets(run, pricing, uri, secrets, shown):
    """Servers llmcost cannot reach here (none runs; the network is closed) fail in one line naming
    the source with its secrets hidden, through each real driver's own refusal."""
    result = run("cpi", uri, "--table", "calls", "--pricing", pricing())
    refused = ("cannot read", "cannot connect", "query failed")
    assert result.code == 2 and any(words in result.err for words in refused)
    assert_hidden(result, Shape("other", secrets=secrets))
    assert shown in result.err


# --- a URI given to an option that takes a file ---------------------------------------------------

FILE_URI = "postgresql://bob:Fo4Secret-Wy8z@db/x"  # no such file: every option's first message names it
NAMED = f"error: {FILE_URI.replace('Fo4Secret-Wy8z', '***')}: no such file"
WRITE = f"error: cannot write {FILE_URI.replace('Fo4Secret-Wy8z', '***')}/out: the folder "


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("customers", "{log}", "--pricing", "{pricing}", "--revenue", FILE_URI), NAMED),
        (("customers", "{log}", "--pricing", FILE_URI), NAMED),
        (("customers", "{log}", "--pricing", "{pricing}", "--config", FILE_URI), NAMED),
        (("cac", "--customers", FILE_URI, "--spend", "spend.csv"), NAMED),
        (("cac", "--customers", "customers.csv", "--spend", FILE_URI), NAMED),
        (("reconcile", "{log}", "--pricing", "{pricing}", "--invoice", FILE_URI), NAMED),
        (("customers", "{log}", "--pricing", "{pricing}", "-o", f"{FILE_URI}/out"), WRITE),
        (("report", "{log}", "--pricing", "{pricing}", "--html", f"{FILE_URI}/out"), WRITE),
    ],
    ids=["revenue", "pricing", "config", "customers", "spend", "invoice", "output", "html"],
)
def test_a_uri_given_for_a_file_is_named_without_its_password(run, pricing, tmp_path, args, said):
    """Any option that takes a file may be given a URI by mistake; its message names it redacted
    (the folder of an --output too, a path in which the system folds `//` to `/`)."""
    from tests.conftest import write_log

    row = {"timestamp": "2026-05-10T12:00:00Z", "model": "gpt-4o", "input_tokens": 1000, "output_tokens": 100}
    log = write_log(tmp_path / "log.csv", [row])
    (tmp_path / "customers.csv").write_text("customer_id,signup_date\nacme,2026-01-05\n")
    (tmp_path / "spend.csv").write_text("month,spend\n2026-01,100\n")
    result = run(*(a.format(log=log, pricing=pricing()) for a in args))
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert result.code == 2 and len(errors) == 1 and errors[0].startswith(said), result.err
    assert_hidden(result, Shape("file", secrets=("Fo4Secret-Wy8z",)))
    if said == WRITE:
        assert "/postgresql:/bob:***@db/x does not exist" in errors[0]


def test_the_api_names_a_uri_given_for_a_file_without_its_password(pricing, tmp_path):
    """The API raises the command's `error:` line: redacted as well."""
    import llmcost
    from tests.conftest import write_log

    row = {"timestamp": "2026-05-10T12:00:00Z", "model": "gpt-4o", "input_tokens": 1000, "output_tokens": 100}
    log = write_log(tmp_path / "log.csv", [row])
    with pytest.raises(llmcost.LlmcostError) as raised:
        llmcost.open_logs(log, pricing=str(pricing()), revenue=FILE_URI).customers()
    assert str(raised.value) == NAMED.removeprefix("error: ")


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        # the colon after a URI is the message's, not the secret's (review)
        ("sqlite:///nope.db?token=abc: no such database file", "sqlite:///nope.db?token=***: no such database file"),
        ("postgresql://db/x?password=s3cretpw: no such file", "postgresql://db/x?password=***: no such file"),
        # a two-letter password is hidden where a URI puts it, not as the word "no"
        ("postgresql://bob:no@db/x: no such file", "postgresql://bob:***@db/x: no such file"),
        (
            "cannot write postgresql://bob:no@db/x/o.csv: the folder /tmp/postgresql:/bob:no@db/x does not exist",
            "cannot write postgresql://bob:***@db/x/o.csv: the folder /tmp/postgresql:/bob:***@db/x does not exist",
        ),
    ],
)
def test_an_error_message_hides_secrets_and_keeps_its_words(message, shown):
    import llmcost

    assert str(llmcost.LlmcostError(message)) == shown


# --- the redaction itself (llmcost.secrets) -----------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("postgresql://bob:s3cret@db.internal:5432/logs", "postgresql://bob:***@db.internal:5432/logs"),
        ("postgres://bob@db/logs?password=s3cret", "postgres://bob@db/logs?password=***"),
        (
            "postgresql://bob@db/logs?sslmode=require&SSLPassword=s3cret&connect_timeout=5",
            "postgresql://bob@db/logs?sslmode=require&SSLPassword=***&connect_timeout=5",
        ),
        ("postgresql://bob@db/logs?pass%77ord=s3cret", "postgresql://bob@db/logs?pass%77ord=***"),
        ("postgresql://bob:p@ss:w&rd@db/logs", "postgresql://bob:***@db/logs"),
        ("postgresql://bob:p%40ss@db/logs?password=s@cret&port=5", "postgresql://bob:***@db/logs?password=***&port=5"),
        ("postgresql://bob:pa?ss@db/logs", "postgresql://bob:***@db/logs"),
        (
            "postgresql://bob@db/logs?password=ab&cd&sslmode=require",
            "postgresql://bob@db/logs?password=***&sslmode=require",
        ),
        ("postgresql://bob@db/logs?password=a;b=c", "postgresql://bob@db/logs?password=***"),
        ("postgresql://bob:@db/logs", "postgresql://bob:***@db/logs"),
        ("postgresql://bob:pw@[::1]:5432/logs", "postgresql://bob:***@[::1]:5432/logs"),
        ("postgresql://db:5432/logs?application_name=a@b", "postgresql://db:5432/logs?application_name=a@b"),
        (
            "postgresql://bob@db:5432/logs?application_name=me@corp",
            "postgresql://bob@db:5432/logs?application_name=me@corp",
        ),
        (
            "postgresql://llmcost@/llmcost?host=/tmp/pg&port=5432",
            "postgresql://llmcost@/llmcost?host=/tmp/pg&port=5432",
        ),
        ("sqlite:///gateway.db", "sqlite:///gateway.db"),
        ("sqlite:///C:/logs@home/x.db", "sqlite:///C:/logs@home/x.db"),
        (
            "https://api.example/v1?API-KEY=k1&apiKey=k2&key=k3&auth=k4&secret=k5&private_key=k6&q=1",
            "https://api.example/v1?API-KEY=***&apiKey=***&key=***&auth=***&secret=***&private_key=***&q=1",
        ),
        ("not a uri: password=x", "not a uri: password=x"),
    ],
)
def test_redact(uri, shown):
    from llmcost.secrets import redact

    assert redact(uri) == shown


def test_scrub_hides_what_drivers_quote():
    from llmcost.secrets import scrub

    raw_at = "postgresql://bob:p@ssWORD9@db/logs"
    assert (
        scrub('could not translate host name "ssWORD9@db" to address', raw_at)
        == 'could not translate host name "***@db" to address'
    )
    ampersand = "postgresql://bob@db/logs?password=ab&cdSECRET"
    assert (
        scrub('missing key/value separator "=" in URI query parameter: "cdSECRET"', ampersand)
        == 'missing key/value separator "=" in URI query parameter: "***"'
    )
    bad = "postgresql://bob:pw%ZZSECRET@db/logs"
    assert "SECRET" not in scrub('invalid percent-encoded token: "pw%ZZSECRET"', bad)
    echoed = 'in URI: "postgresql://bob:Hidden99@[::1:1/logs"'
    assert scrub(echoed, "postgresql://bob:Hidden99@[::1:1/logs") == 'in URI: "postgresql://bob:***@[::1:1/logs"'
    assert (
        scrub("failed to open 'x.db?password=Ab12'", "sqlite:///x.db?password=Ab12")
        == "failed to open 'x.db?password=***'"
    )
    assert scrub("auth failed for Env-Secret", secrets=("Env-Secret",)) == "auth failed for ***"
    assert (
        scrub('relation "calls" does not exist', "postgresql://bob:s3cret@db/logs") == 'relation "calls" does not exist'
    )


def test_secret_names():
    from llmcost.secrets import is_secret_name

    for name in (
        "password",
        "PASSWORD",
        "sslpassword",
        "pass%77ord",
        "token",
        "access_token",
        "api_key",
        "apikey",
        "API-KEY",
        "key",
        "auth",
        "secret",
        "client_secret",
        "private_key",
        "private_key_file_pwd",
        "credentials_base64",
        "aws_secret_access_key",
        "sig",
    ):
        assert is_secret_name(name), name
    for name in ("host", "port", "user", "dbname", "sslmode", "sslkey", "application_name", "warehouse", "source"):
        assert not is_secret_name(name), name


def test_a_short_password_from_the_environment_is_hidden_as_a_word_only(monkeypatch):
    """PGPASSWORD=a must not turn every letter a of a driver's message into ***."""
    from llmcost.secrets import scrub

    monkeypatch.setenv("PGPASSWORD", "a")
    monkeypatch.setenv("TRINO_PASSWORD", "Tr1no-long")
    said = scrub("Table hive.llm.calls does not exist (user a, password Tr1no-long)")
    assert said == "Table hive.llm.calls does not exist (user ***, password ***)"
