"""One API contract (shared/API.md), two servers: demo-api (the project's Rust imitation) and the
Django API of this package (the example project under `manage.py runserver`, with real
django-audit-events events created through the model). Each check runs against both; a
difference is a failure in one of them, and shared/API.md says which is right.

Both servers are real processes spoken to over HTTP. demo-api is
`target/native-release/demo-api` (built by scripts/test's `build_demo_api`; the env var
DEMO_API_BIN names another); without it the demo-api half is skipped. The example project runs
on this run's database: a SQLite file, or with AUDIT_CONSOLE_TEST_PG_PORT a fresh PostgreSQL
database on that server (made for the run and dropped after), so the contract holds on both.
"""

import http.client
import json
import math
import os
import re
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .conftest import postgres_server
from .pgcluster import Cluster

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
REPO = PACKAGE.parent.parent
EXAMPLE = PACKAGE / "example"
DEMO_API = Path(os.environ.get("DEMO_API_BIN", REPO / "target" / "native-release" / "demo-api"))

TOKEN = "contract-token"
NO_PERM = "no-perm-token"
EVENTS = 1200
DEFAULT_PAGE_SIZE = 100

NOT_PROVIDED = "Authentication credentials were not provided."
INVALID_TOKEN = "Invalid token."
NO_PERMISSION = "You do not have permission to perform this action."
NO_MATCH = "No AuditEvent matches the given query."
EVENT_KEYS = [
    "uuid", "timestamp", "user", "remote_addr", "url", "query_params", "post_data", "headers",
    "content_type", "object_id", "content",
]


class Server:
    def __init__(self, name, origin, api, process):
        self.name = name
        self.origin = origin  # http://127.0.0.1:PORT
        self.api = api  # origin + path of the API base, e.g. .../api/v1
        self.process = process
        self.cleanup = None  # called after the process ended
        self._all = None
        parts = urlsplit(origin)
        self.host, self.port = parts.hostname, parts.port

    @property
    def list_url(self):
        return f"{self.api}/audit-events/"

    def request(self, url, auth=f"Token {TOKEN}", method="GET"):
        """(status, headers, body) without following redirects; body is JSON when it parses."""
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Authorization": auth} if auth else {}
        conn.request(method, path, headers=headers)
        r = conn.getresponse()
        raw = r.read()
        conn.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def json(self, query="", path=None, **kw):
        status, _, body = self.request(path or f"{self.list_url}{query}", **kw)
        return status, body

    def all(self):
        """Every event, newest first, page by page."""
        if self._all is None:
            out, page = [], 1
            while True:
                status, body = self.json(f"?limit=500&page={page}")
                assert status == 200, body
                out += body["results"]
                if body["next"] is None:
                    break
                page += 1
            self._all = out
        return self._all


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start listening")


def start_demo_api(tmp):
    if not DEMO_API.is_file():
        pytest.skip(f"no demo-api binary at {DEMO_API} (scripts/test builds it: build_demo_api)")
    process = subprocess.Popen(
        [
            str(DEMO_API), "--addr", "127.0.0.1:0", "--db", str(tmp / "demo.sqlite3"),
            "--events", str(EVENTS), "--token", TOKEN, "--forbidden-token", NO_PERM,
            "--page-size", str(DEFAULT_PAGE_SIZE), "--api-features", "on",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 60
    origin = None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            origin = m.group(1)
            break
    if origin is None:
        process.kill()
        raise RuntimeError("demo-api did not start")
    # Keep draining stderr so the process never blocks on a full pipe.
    import threading

    threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
    return Server("demo-api", origin, f"{origin}/api/v1", process)


def django_database(tmp):
    """The example project's database settings (env) for this run, and how to drop it after:
    a SQLite file, or a new database on the run's PostgreSQL server."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("EXAMPLE_POSTGRES_", "EXAMPLE_REPLICA_"))}
    pg = postgres_server()
    if pg is None:
        env["EXAMPLE_DB"] = str(tmp / "django.sqlite3")
        return env, None
    cluster = Cluster.attach(*pg)
    name = cluster.createdb(f"contract_{os.getpid()}_{time.monotonic_ns()}")
    env.update(cluster.env(), EXAMPLE_POSTGRES_DB=name)
    return env, lambda: cluster.dropdb(name)


def start_django(tmp):
    env, dropdb = django_database(tmp)
    env.update(
        DJANGO_SETTINGS_MODULE="example_project.settings",
        EXAMPLE_DEBUG="0",
        PYTHONPATH=os.pathsep.join([str(PACKAGE), str(EXAMPLE)]),
    )
    manage = [sys.executable, str(EXAMPLE / "manage.py")]
    quiet = dict(env=env, cwd=EXAMPLE, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        subprocess.run(manage + ["migrate", "--run-syncdb", "-v0"], **quiet)
        subprocess.run(
            manage + ["seed_audit_events", "--events", str(EVENTS), "--token", TOKEN,
                      "--forbidden-token", NO_PERM],
            **quiet,
        )
        port = free_port()
        log = open(tmp / "runserver.log", "w")
        process = subprocess.Popen(
            manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            env=env, cwd=EXAMPLE, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process)
        except BaseException:
            process.kill()
            process.wait()
            raise
    except BaseException:
        if dropdb:
            dropdb()
        raise
    origin = f"http://127.0.0.1:{port}"
    server = Server("django", origin, f"{origin}/admin/audit/api/v1", process)
    server.cleanup = dropdb
    return server


@pytest.fixture(scope="module", params=["demo-api", "django"])
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    s = start_demo_api(tmp) if request.param == "demo-api" else start_django(tmp)
    try:
        yield s
    finally:
        s.process.terminate()
        try:
            s.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            s.process.kill()
            s.process.wait()
        if s.cleanup:
            s.cleanup()


def micros(event):
    t = datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))
    return int(t.timestamp()) * 1_000_000 + t.microsecond


def user_pk(event):
    u = event["user"]
    return u["pk"] if isinstance(u, dict) else u


# --- Authentication ----------------------------------------------------------------------------


def test_authentication_follows_drf(server):
    cases = [
        (None, 401, NOT_PROVIDED),
        ("Token wrong", 401, INVALID_TOKEN),
        (f"Bearer {TOKEN}", 401, NOT_PROVIDED),
        ("Token", 401, "Invalid token header. No credentials provided."),
        ("Token a b", 401, "Invalid token header. Token string should not contain spaces."),
        (f"Token {NO_PERM}", 403, NO_PERMISSION),
    ]
    for auth, status, detail in cases:
        got, headers, body = server.request(server.list_url, auth=auth)
        assert (got, body) == (status, {"detail": detail}), auth
        if status == 401:
            assert headers["www-authenticate"] == "Token", auth
        assert headers["content-type"].startswith("application/json")
    # The detail endpoint is guarded too, before any lookup.
    for path in ("not-a-uuid/", "00000000-0000-4000-8000-000000000000/"):
        got, _, body = server.request(server.list_url + path, auth=None)
        assert (got, body) == (401, {"detail": NOT_PROVIDED})


# --- The list: order, page size, links ---------------------------------------------------------


def test_default_list_is_newest_first_with_default_page_size_and_absolute_links(server):
    status, body = server.json()
    assert status == 200
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == EVENTS
    assert len(body["results"]) == DEFAULT_PAGE_SIZE
    times = [micros(e) for e in body["results"]]
    assert times == sorted(times, reverse=True), "newest first"
    assert body["next"] == f"{server.list_url}?page=2"
    assert body["previous"] is None


def test_limit_is_capped_and_falls_back_to_the_default(server):
    for limit, expected in [("99999", 500), ("500", 500), ("0", 100), ("-1", 100), ("abc", 100), ("", 100), ("7", 7)]:
        status, body = server.json(f"?limit={limit}")
        assert status == 200
        assert len(body["results"]) == expected, f"limit={limit}"


def test_pages_add_up_to_count_without_overlap(server):
    every = server.all()
    assert len(every) == EVENTS
    assert len({e["uuid"] for e in every}) == EVENTS
    limit = 7
    pages = math.ceil(EVENTS / limit)
    status, last = server.json(f"?limit={limit}&page={pages}")
    assert status == 200
    assert len(last["results"]) == EVENTS - (pages - 1) * limit
    assert last["next"] is None
    assert last["previous"] == f"{server.list_url}?limit={limit}&page={pages - 1}"
    # Page 2's previous link drops `page`, as DRF does.
    _, second = server.json(f"?limit={limit}&page=2")
    assert second["previous"] == f"{server.list_url}?limit={limit}"
    assert [e["uuid"] for e in second["results"]] == [e["uuid"] for e in every[limit:2 * limit]]


def test_pages_past_the_end_or_not_integers_are_invalid(server):
    for page in ["4", "0", "-1", "abc", "1.0", "99999999999999999999"]:
        status, body = server.json(f"?limit=500&page={page}")
        assert (status, body) == (404, {"detail": "Invalid page."}), f"page={page}"
    status, body = server.json("?limit=500&page=last")
    assert status == 200
    assert len(body["results"]) == EVENTS - 1000
    # An empty result still has a page 1, and no page 2.
    status, body = server.json("?user=999999")
    assert (status, body["count"], body["results"], body["next"]) == (200, 0, [], None)
    assert server.json("?user=999999&page=2") == (404, {"detail": "Invalid page."})


def test_next_and_previous_keep_the_other_parameters(server):
    status, body = server.json(
        "?sort=-timestamp&limit=10&page=2&timestamp__gte=2020-09-01T00:00:00%2B02:00"
    )
    assert status == 200
    q = "timestamp__gte=2020-09-01T00%3A00%3A00%2B02%3A00"
    assert body["next"] == f"{server.list_url}?limit=10&page=3&sort=-timestamp&{q}"
    assert body["previous"] == f"{server.list_url}?limit=10&sort=-timestamp&{q}"


# --- Filters -----------------------------------------------------------------------------------


def test_integer_filters_match_exactly(server):
    every = server.all()
    sample = next(e for e in every if e["user"] is not None and e["object_id"] is not None)
    user, ct, obj = user_pk(sample), sample["content_type"], sample["object_id"]

    def expect(f):
        return sum(1 for e in every if f(e))

    cases = [
        (f"user={user}", expect(lambda e: user_pk(e) == user)),
        (f"content_type={ct}", expect(lambda e: e["content_type"] == ct)),
        (f"object_id={obj}", expect(lambda e: e["object_id"] == obj)),
        (f"content_type={ct}&object_id={obj}&user={user}",
         expect(lambda e: e["content_type"] == ct and e["object_id"] == obj and user_pk(e) == user)),
        # Empty values are ignored, as django-filter does; the last of a repeated key wins.
        ("user=&object_id=", EVENTS),
        (f"user=999999&user={user}", expect(lambda e: user_pk(e) == user)),
        (f"user=+{user}", expect(lambda e: user_pk(e) == user)),
    ]
    for q, expected in cases:
        assert expected > 0
        status, body = server.json(f"?limit=500&{q}")
        assert status == 200, q
        assert body["count"] == expected, q
        for e in body["results"]:
            if q.startswith("user=") and "&user=" not in q and q != "user=&object_id=":
                assert user_pk(e) == user
    # Every row of a filtered page satisfies the filter.
    _, body = server.json(f"?limit=500&content_type={ct}")
    assert body["results"] and all(e["content_type"] == ct for e in body["results"])
    _, body = server.json(f"?limit=500&user={user}")
    assert all(user_pk(e) == user for e in body["results"])


def test_timestamp_lookups_honour_offsets_and_fractions(server):
    every = server.all()
    pivot = every[len(every) // 2]
    t = micros(pivot)
    stamp = pivot["timestamp"]

    def count(f):
        return sum(1 for e in every if f(micros(e)))

    instant = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=t)
    plus2 = quote(instant.astimezone(timezone(timedelta(hours=2))).isoformat(timespec="microseconds"), safe=":")
    naive = instant.replace(tzinfo=None).isoformat(timespec="microseconds")  # server time zone: UTC
    day = instant.date().isoformat()
    day_start = int(datetime.fromisoformat(day + "T00:00:00+00:00").timestamp()) * 1_000_000
    cases = [
        (f"timestamp__gte={stamp}", count(lambda x: x >= t)),
        (f"timestamp__gt={stamp}", count(lambda x: x > t)),
        (f"timestamp__lt={stamp}", count(lambda x: x < t)),
        (f"timestamp__lte={stamp}", count(lambda x: x <= t)),
        (f"timestamp__gte={plus2}", count(lambda x: x >= t)),
        (f"timestamp__lte={naive}", count(lambda x: x <= t)),
        (f"timestamp={stamp}", count(lambda x: x == t)),
        (f"timestamp={plus2}", count(lambda x: x == t)),
        (f"timestamp__gt={stamp}&timestamp__lte={stamp}", 0),
        (f"timestamp__gte={day}", count(lambda x: x >= day_start)),
    ]
    for q, expected in cases:
        status, body = server.json(f"?limit=1&{q}")
        assert status == 200, (q, body)
        assert body["count"] == expected, q
    _, exact = server.json(f"?timestamp={plus2}")
    assert exact["results"][0]["uuid"] == pivot["uuid"]


def test_bad_filter_values_answer_400_per_field(server):
    status, body = server.json("?user=x&timestamp__gt=garbage&content_type=1&object_id=2.5")
    assert status == 400
    assert body == {
        "user": ["Enter a number."],
        "object_id": ["Enter a number."],
        "timestamp__gt": ["Enter a valid date/time."],
    }
    # An unencoded '+' arrives as a space: the real server rejects it.
    status, body = server.json("?timestamp__lt=2026-11-25T10:00:00+02:00")
    assert (status, body) == (400, {"timestamp__lt": ["Enter a valid date/time."]})
    for q, field in [("user=1e3", "user"), ("content_type=99999999999999999999", "content_type"),
                     ("timestamp=2026-13-01", "timestamp"), ("timestamp__lte=yesterday", "timestamp__lte")]:
        status, body = server.json(f"?{q}")
        assert status == 400, q
        assert list(body) == [field], q


# --- Sort --------------------------------------------------------------------------------------


def test_sort_takes_several_fields_and_ignores_unknown_ones(server):
    _, body = server.json("?limit=500&sort=object_id,-timestamp,nonsense")
    keys = [(e["object_id"] if e["object_id"] is not None else math.inf, -micros(e)) for e in body["results"]]
    assert keys == sorted(keys), "object_id ascending, then newest first"
    _, asc = server.json("?limit=50&sort=timestamp")
    times = [micros(e) for e in asc["results"]]
    assert times == sorted(times)
    assert times[0] == min(micros(e) for e in server.all())
    _, default = server.json("?limit=50")
    _, bogus = server.json("?limit=50&sort=bogus")
    assert default["results"] == bogus["results"], "unknown sort = default order"
    _, desc = server.json("?limit=50&sort=-timestamp")
    assert [e["uuid"] for e in desc["results"]] == [e["uuid"] for e in default["results"]]


def address_order(server):
    """Text order, except on PostgreSQL, whose `inet` column sorts as addresses (IPv4 before
    IPv6, then by value): the database's own order is the API's (README "At scale")."""
    if server.name == "django" and os.environ.get("AUDIT_CONSOLE_TEST_PG_PORT"):
        import ipaddress

        def key(e):
            if e["remote_addr"] is None:
                return (9, 0)
            ip = ipaddress.ip_address(e["remote_addr"])
            return (ip.version, int(ip))

        return key
    return lambda e: e["remote_addr"] if e["remote_addr"] is not None else "\uffff"


def test_sort_by_each_documented_field(server):
    for field, key in [
        ("content_type", lambda e: e["content_type"]),
        ("user", lambda e: user_pk(e) if e["user"] is not None else math.inf),
        ("remote_addr", address_order(server)),
    ]:
        _, body = server.json(f"?limit=500&sort={field}")
        values = [key(e) for e in body["results"]]
        assert values == sorted(values), field
        _, body = server.json(f"?limit=500&sort=-{field}")
        values = [key(e) for e in body["results"]]
        assert values == sorted(values, reverse=True), f"-{field}"


# --- Detail ------------------------------------------------------------------------------------


def test_detail_by_uuid_and_404s(server):
    _, body = server.json("?limit=1")
    first = body["results"][0]
    status, event = server.json(path=f"{server.list_url}{first['uuid']}/")
    assert status == 200
    assert event == first
    for bad in ["00000000-0000-4000-8000-000000000000", "not-a-uuid", first["uuid"][:-1]]:
        assert server.json(path=f"{server.list_url}{bad}/") == (404, {"detail": NO_MATCH}), bad
    # Upper case is the same uuid.
    status, event = server.json(path=f"{server.list_url}{first['uuid'].upper()}/")
    assert (status, event["uuid"]) == (200, first["uuid"])
    # Without the trailing slash: a redirect to it, as Django's APPEND_SLASH does.
    status, headers, _ = server.request(f"{server.list_url}{first['uuid']}")
    assert status == 301
    assert headers["location"] == urlsplit(f"{server.list_url}{first['uuid']}/").path


# --- Events ------------------------------------------------------------------------------------

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_events_have_the_documented_shape(server):
    every = server.all()
    users, ipv4, ipv6, no_addr, no_user = set(), 0, 0, 0, 0
    for e in every:
        assert sorted(e) == sorted(EVENT_KEYS), e.keys()
        assert UUID.match(e["uuid"]), e["uuid"]
        assert TIMESTAMP.match(e["timestamp"]), e["timestamp"]
        if e["user"] is None:
            no_user += 1
        else:
            assert list(e["user"]) == ["pk", "email", "first_name", "last_name"]
            assert isinstance(e["user"]["pk"], int)
            users.add(e["user"]["pk"])
        addr = e["remote_addr"]
        if addr is None:
            no_addr += 1
        elif ":" in addr:
            ipv6 += 1
        else:
            assert re.match(r"^\d+\.\d+\.\d+\.\d+$", addr)
            ipv4 += 1
        assert e["url"] is None or isinstance(e["url"], str)
        assert isinstance(e["content_type"], int)
        assert e["object_id"] is None or isinstance(e["object_id"], int)
    assert len(users) >= 8 and no_user and ipv4 and ipv6 and no_addr
    # Whole seconds print without a fraction, others with one (DRF's isoformat).
    assert any("." in e["timestamp"] for e in every)


def test_urls_are_at_most_1000_characters(server):
    """API.md: `url` is "up to 1000 characters or null" (the model's URLField max_length)."""
    too_long = [len(e["url"]) for e in server.all() if e["url"] and len(e["url"]) > 1000]
    assert too_long == []


def test_unsafe_methods_are_refused(server):
    status, _, _ = server.request(server.list_url, method="POST")
    assert status == 405


# --- At scale (README "At scale"): count modes, cursors, histogram, facets, export -------------
# demo-api serves them with `--api-features on`; both servers are held to the package's shapes
# and messages, and each figure to a plain reading of the listed events.


def newest_first_keys(server):
    """Every event's uuid in the keyset order, (timestamp, uuid) newest first."""
    every = sorted(server.all(), key=lambda e: (micros(e), e["uuid"]), reverse=True)
    return [e["uuid"] for e in every]


def test_count_modes(server):
    status, body = server.json("?count=estimate&limit=5")
    assert status == 200
    assert list(body) == ["count", "count_exact", "next", "previous", "next_cursor",
                          "previous_cursor", "results"]
    assert (body["count"], body["count_exact"]) == (EVENTS, True)  # exact below the cap
    _, by_user = server.json("?count=estimate&limit=5&sort=user")
    assert list(by_user) == ["count", "count_exact", "next", "previous", "results"]
    pages = math.ceil(EVENTS / 100)
    _, last = server.json(f"?count=estimate&limit=100&page={pages}")
    assert last["next"] is None and len(last["results"]) == EVENTS - (pages - 1) * 100
    _, before = server.json(f"?count=estimate&limit=100&page={pages - 1}")
    assert before["next"] == f"{server.list_url}?count=estimate&limit=100&page={pages}"
    assert server.json("?count=estimate&limit=100&page=999") == (404, {"detail": "Invalid page."})
    status, none = server.json("?count=none&limit=25&page=3")
    assert status == 200
    assert (none["count"], none["count_exact"]) == (None, False)
    _, listed = server.json("?limit=25&page=3")
    assert [e["uuid"] for e in none["results"]] == [e["uuid"] for e in listed["results"]]
    assert none["next"] == f"{server.list_url}?count=none&limit=25&page=4"
    assert none["previous"] == f"{server.list_url}?count=none&limit=25&page=2"
    assert server.json("?count=none&page=last") == (
        400, {"page": ["page=last needs a count: send count=exact."]})
    assert server.json("?count=roughly") == (400, {"count": ['Must be "exact", "estimate" or "none".']})
    status, exact = server.json("?count=exact&limit=5")
    assert (status, list(exact)) == (200, ["count", "next", "previous", "results"])


@pytest.mark.parametrize("sort", ["-timestamp", "timestamp"])
def test_cursor_walk_without_gap_or_repeat(server, sort):
    expected = newest_first_keys(server)
    if sort == "timestamp":
        expected.reverse()
    seen, pages, cursor = [], [], ""
    while True:
        status, r = server.json(f"?cursor={cursor}&limit=97&sort={sort}")
        assert status == 200, r
        assert list(r) == ["count", "count_exact", "next", "previous", "next_cursor",
                           "previous_cursor", "results"]
        pages.append(r)
        seen += [e["uuid"] for e in r["results"]]
        if not r["next_cursor"]:
            assert r["next"] is None
            break
        assert r["next"] == f"{server.list_url}?cursor={r['next_cursor']}&limit=97&sort={quote(sort)}"
        cursor = r["next_cursor"]
    assert seen == expected
    assert pages[0]["previous_cursor"] is None and pages[0]["previous"] is None
    assert (pages[0]["count"], pages[0]["count_exact"]) == (EVENTS, True)
    r = pages[-1]
    back = [e["uuid"] for e in r["results"]]
    while r["previous_cursor"]:
        _, r = server.json(f"?cursor={r['previous_cursor']}&limit=97&sort={sort}")
        back = [e["uuid"] for e in r["results"]] + back
    assert back == expected


@pytest.mark.parametrize("sort", ["-timestamp", "timestamp"])
@pytest.mark.parametrize("count", ["estimate", "none"])
def test_numbered_pages_name_their_neighbours_by_cursor(server, sort, count):
    """A page reached by its number (a jump deep into the list) in the scale modes turns the
    next and previous pages by cursor: the same rows as the numbers beside it, in (timestamp,
    uuid) order, and no cursor past either end."""
    expected = newest_first_keys(server)
    if sort == "timestamp":
        expected.reverse()
    size = 40
    last = math.ceil(EVENTS / size)
    for number in (1, 2, 5, last):
        _, r = server.json(f"?count={count}&limit={size}&page={number}&sort={sort}")
        keys = [e["uuid"] for e in r["results"]]
        assert keys == expected[(number - 1) * size : number * size]
        if number == last:
            assert r["next_cursor"] is None
        else:
            _, after = server.json(f"?cursor={r['next_cursor']}&limit={size}&sort={sort}")
            assert [e["uuid"] for e in after["results"]] == expected[number * size : (number + 1) * size]
        if number == 1:
            assert r["previous_cursor"] is None
        else:
            _, before = server.json(f"?cursor={r['previous_cursor']}&limit={size}&sort={sort}")
            assert [e["uuid"] for e in before["results"]] == expected[(number - 2) * size : (number - 1) * size]


def test_cursor_with_filters_count_none_and_bad_values(server):
    every = server.all()
    user = next(user_pk(e) for e in every if e["user"] is not None)
    mine = sorted((e for e in every if user_pk(e) == user), key=lambda e: (micros(e), e["uuid"]), reverse=True)
    _, r = server.json(f"?cursor=&user={user}&limit=500")
    assert [e["uuid"] for e in r["results"]] == [e["uuid"] for e in mine]
    assert r["count"] == len(mine)
    _, first = server.json("?cursor=&count=none&limit=3")
    assert (first["count"], first["count_exact"]) == (None, False)
    _, second = server.json(f"?cursor={first['next_cursor']}&count=none&limit=3")
    assert [e["uuid"] for e in first["results"] + second["results"]] == newest_first_keys(server)[:6]
    assert server.json("?cursor=garbage!") == (400, {"cursor": ["Invalid cursor."]})
    assert server.json("?cursor=&page=2") == (400, {"cursor": ["Send either cursor or page, not both."]})
    assert server.json("?cursor=&sort=url") == (400, {"sort": [
        "Cursor paging orders by timestamp only: send sort=-timestamp or sort=timestamp."]})
    assert server.json("?cursor=&user=x") == (400, {"user": ["Enter a number."]})
    status, body = server.json("?cursor=&count=many")
    assert status == 400 and list(body) == ["count"]


def histogram_edges(every, n):
    lo = min(micros(e) for e in every) - 1_000_000
    hi = max(micros(e) for e in every) + 1_000_000
    step = (hi - lo) // n
    return [lo + step * i for i in range(n)] + [hi]


def instant(t, zone=timezone.utc):
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=t)).astimezone(zone)


def drf_iso(t):
    return instant(t).isoformat().replace("+00:00", "Z")


def test_histogram_equals_counting_the_listed_events(server):
    every = server.all()
    edges = histogram_edges(every, 40)
    kolkata = timezone(timedelta(hours=5, minutes=30))
    text = ",".join(quote(instant(e, kolkata).isoformat()) for e in edges)
    user = next(user_pk(e) for e in every if e["user"] is not None)
    for query, subset in (("", every), (f"&user={user}", [e for e in every if user_pk(e) == user])):
        status, body = server.json(path=f"{server.list_url}histogram/?edges={text}{query}")
        assert status == 200, body
        expected = [sum(1 for e in subset if edges[i] <= micros(e) < edges[i + 1]) for i in range(40)]
        assert body == {"edges": [drf_iso(e) for e in edges], "counts": expected, "total": len(subset)}
    # The compact form is the same question: a day's hours from a +03:00 start.
    start = instant(edges[0] - edges[0] % 3_600_000_000, timezone(timedelta(hours=3)))
    hours = math.ceil((edges[-1] - edges[0]) / 3_600_000_000) + 1
    hours = min(hours, 1000)
    spelled = ",".join(quote((start + timedelta(hours=i)).isoformat()) for i in range(hours + 1))
    _, a = server.json(path=f"{server.list_url}histogram/?edges={spelled}")
    _, b = server.json(path=f"{server.list_url}histogram/?start={quote(start.isoformat())}&steps=3600x{hours}")
    assert a == b and len(a["counts"]) == hours


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("", "edges", "Send the bucket edges: comma-separated ISO 8601 instants, oldest first."),
        ("edges=2026-01-01T00:00:00Z", "edges", "Send from 2 to 1001 edges (1000 buckets at most)."),
        ("edges=2026-01-01T00:00:00Z,yesterday", "edges", "Edge 2 ('yesterday') is not an ISO 8601 date-time."),
        ("edges=2026-01-01T00:00:00,2026-01-02T00:00:00Z", "edges", "Edge 1 has no offset: send Z or +hh:mm."),
        ("edges=2026-01-02T00:00:00Z,2026-01-01T00:00:00Z", "edges", "Edge 2 is not after edge 1: edges must increase."),
        ("start=2026-01-01T00:00:00Z&steps=60&edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z", "edges",
         "Send either edges, or start and steps, not both."),
        ("start=2026-01-01T00:00:00Z", "steps", "Send the steps: comma-separated seconds, each optionally xN to repeat it."),
        ("steps=60", "start", "Send the first edge: an ISO 8601 instant with an offset."),
        ("start=2026-01-01T00:00:00&steps=60", "start", "Send an ISO 8601 date-time with an offset (Z or +hh:mm)."),
        ("start=2026-01-01T00:00:00Z&steps=60,-5", "steps",
         "Step 2 ('-5') is not seconds (e.g. 3600) or seconds x count (e.g. 3600x24)."),
        ("start=2026-01-01T00:00:00Z&steps=60x1001", "steps", "Send 1000 buckets at most."),
        ("start=9999-12-31T00:00:00Z&steps=86400x2", "steps", "The steps go past the year 9999."),
        ("edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z&user=x", "user", "Enter a number."),
    ],
)
def test_histogram_bad_parameters_400_naming_the_field(server, query, field, message):
    assert server.json(path=f"{server.list_url}histogram/?{query}") == (400, {field: [message]})


FACET_NAMES = ["user", "content_type", "object", "remote_addr", "path", "action", "hour_weekday", "span"]


def facet_values(server, name):
    values, offset = [], 0
    while True:
        status, body = server.json(path=f"{server.list_url}facets/?facet={name}&top=1000&offset={offset}")
        assert status == 200, body
        assert list(body) == ["facet", "total", "distinct", "offset", "values"]
        assert (body["facet"], body["total"], body["offset"]) == (name, EVENTS, offset)
        values += body["values"]
        if len(body["values"]) < 1000:
            assert body["distinct"] == len(values)
            return values
        offset += 1000


def test_every_facet_equals_counting_the_listed_events(server):
    from collections import Counter

    from audit_console.aggregates import action_of, fold_url

    every = server.all()
    oracles = {
        "user": lambda e: user_pk(e),
        "content_type": lambda e: e["content_type"],
        "object": lambda e: (e["content_type"], e["object_id"]),
        "remote_addr": lambda e: e["remote_addr"],
        "path": lambda e: fold_url(e["url"]),
        "action": lambda e: action_of(e["content"]),
    }

    def key(name, entry):
        v = entry["value"]
        if name == "object":
            return (v["content_type"], v["object_id"])
        if name in ("path", "action") and v is None:
            kind = "unparsed" if entry.get("unparsed") else "none"
            return (kind, None, None) if name == "path" else (kind, None)
        if name == "path":
            return ("value", v["origin"], v["path"])
        if name == "action":
            return ("value", v)
        return v

    for name, oracle in oracles.items():
        values = facet_values(server, name)
        expected = Counter(oracle(e) for e in every)
        assert {key(name, v): v["count"] for v in values} == dict(expected), name
        counts = [v["count"] for v in values]
        assert counts == sorted(counts, reverse=True), name
    users = {user_pk(e): e["user"] for e in every if e["user"] is not None}
    for v in facet_values(server, "user"):
        assert v.get("user") == users.get(v["value"]), v


def test_hour_weekday_and_span(server):
    from collections import Counter
    from zoneinfo import ZoneInfo

    every = server.all()
    for zone in ("America/New_York", "Asia/Kathmandu", "UTC"):
        tz = ZoneInfo(zone)
        expected = Counter((instant(micros(e), tz).isoweekday(), instant(micros(e), tz).hour) for e in every)
        status, body = server.json(path=f"{server.list_url}facets/?facet=hour_weekday&tz={zone}")
        assert status == 200, body
        assert body == {"facet": "hour_weekday", "tz": zone, "total": EVENTS, "cells": [
            {"weekday": d, "hour": h, "count": n} for (d, h), n in sorted(expected.items())]}
    times = [micros(e) for e in every]
    assert server.json(path=f"{server.list_url}facets/?facet=span") == (200, {
        "facet": "span", "total": EVENTS, "first": drf_iso(min(times)), "last": drf_iso(max(times))})
    assert server.json(path=f"{server.list_url}facets/?facet=span&user=999999") == (200, {
        "facet": "span", "total": 0, "first": None, "last": None})


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("facet=colour", "facet", "Must be one of " + ", ".join(FACET_NAMES) + "."),
        ("", "facet", "Must be one of " + ", ".join(FACET_NAMES) + "."),
        ("facet=user&top=0", "top", "Enter a whole number from 1 to 1000."),
        ("facet=user&offset=-1", "offset", "Enter a whole number from 0 to 1000000000000."),
        ("facet=hour_weekday", "tz", "Send an IANA time zone, e.g. Europe/Istanbul or UTC."),
        ("facet=hour_weekday&tz=Mars/Olympus", "tz", "'Mars/Olympus' is not an IANA time zone."),
        ("facet=user&user=2.5", "user", "Enter a number."),
    ],
)
def test_facets_bad_parameters_400_naming_the_field(server, query, field, message):
    assert server.json(path=f"{server.list_url}facets/?{query}") == (400, {field: [message]})


def test_export_streams_every_listed_event_masked(server):
    from audit_console import export

    status, headers, body = server.request(f"{server.list_url}export/?as=ndjson")
    assert status == 200
    assert headers["content-type"].startswith("application/x-ndjson")
    assert headers["content-disposition"].startswith('attachment; filename="audit-events-')
    text = body if isinstance(body, str) else json.dumps(body)
    lines = [json.loads(line) for line in text.splitlines()]
    assert [e["uuid"] for e in lines] == newest_first_keys(server)
    listed = {e["uuid"]: e for e in server.all()}
    for line in lines:
        assert line == json.loads(export.ndjson_line(listed[line["uuid"]]))
    user = next(user_pk(e) for e in server.all() if e["user"] is not None)
    status, headers, body = server.request(f"{server.list_url}export/?as=csv&user={user}&sort=timestamp")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    mine = sorted((e for e in server.all() if user_pk(e) == user), key=lambda e: (micros(e), e["uuid"]))
    assert body == ",".join(export.CSV_COLUMNS) + "\r\n" + "".join(export.csv_row(e) for e in mine)


@pytest.mark.parametrize(
    "query, field",
    [("as=xlsx", "as"), ("user=x", "user"), ("sort=url", "sort")],
)
def test_export_bad_parameters_400_naming_the_field(server, query, field):
    status, body = server.json(path=f"{server.list_url}export/?{query}")
    assert status == 400 and list(body) == [field], body


@pytest.mark.parametrize("path", ["histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z",
                                  "facets/?facet=user", "export/", "?cursor="])
def test_the_scale_endpoints_are_guarded_like_the_list(server, path):
    assert server.request(server.list_url + path, auth=None)[0] == 401
    status, _, body = server.request(server.list_url + path, auth=f"Token {NO_PERM}")
    assert (status, body) == (403, {"detail": NO_PERMISSION})


def test_config_json_advertises_the_same_api_features(server):
    """Both servers say the same of themselves: the package's config.py `api_features()`."""
    path = "/config.json" if server.name == "demo-api" else "/admin/audit/config.json"
    status, _, config = server.request(server.origin + path)
    assert status == 200, config
    assert config["api_features"] == {
        "cursor": True, "count_estimate": True, "count_none": True,
        "histogram": {"max_buckets": 1000, "steps": True},
        "facets": {"names": FACET_NAMES, "max_values": 1000},
        "export": ["ndjson", "csv"],
        "statement_timeout_seconds": 30,
    }
